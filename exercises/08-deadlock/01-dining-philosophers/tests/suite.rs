// The grading suite of the dining-philosophers exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `dine(seat)` eats one meal with the philosopher's two forks, fork `seat` and the
//   next one round the table (the last seat's right fork is fork 0); `fork_uses` counts
//   the meals a fork has served.
//   Tested by: one_philosopher_eats_with_both_forks, three_philosophers_all_eat
// - A meal holds both forks at the same time, from before it is counted on either fork
//   until after it is counted on both.
//   Tested by: a_meal_holds_both_forks_at_once
// - Three philosophers dining at once all eat, however they interleave: the table never
//   deadlocks, and no philosopher leaves without eating.
//   Tested by: three_philosophers_all_eat

// Model checks: `src/table.rs` compiled again, against loom.
use harness::loom_shim::{sync, thread};
harness::model_subject!(mod model = "src/table.rs");
const SUBJECT: &str = harness::subject_path!("src/table.rs");

use sync::Arc;

#[test]
fn one_philosopher_eats_with_both_forks() {
    harness::watchdog(|| {
        let table = subject::Table::new(3);
        table.dine(2);
        let uses: Vec<u32> = (0..3).map(|f| table.fork_uses(f)).collect();
        assert_eq!(
            uses,
            [1, 0, 1],
            "philosopher 2 sits between fork 2 and fork 0 (the table is round) and eats \
             with both"
        );
    });
}

// ANCHOR: model
#[test]
fn three_philosophers_all_eat() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let table = Arc::new(model::Table::new(3));
        let philosopher = |seat: usize| {
            let table = Arc::clone(&table);
            thread::spawn(move || table.dine(seat))
        };
        let (one, two) = (philosopher(1), philosopher(2));
        table.dine(0);
        // A deadlock shows up here: a join that never returns.
        one.join().unwrap();
        two.join().unwrap();
        for fork in 0..3 {
            let uses = table.fork_uses(fork);
            assert_eq!(
                uses, 2,
                "fork {fork} was used {uses} times, but both philosophers beside it ate \
                 once: each meal takes both of the eater's forks, held at the same time"
            );
        }
    });
}
// ANCHOR_END: model

#[test]
fn a_meal_holds_both_forks_at_once() {
    harness::Model::new().subject(SUBJECT).check(|| {
        // Philosopher 0 eats with forks 0 and 1 while a waiter counts meals on both,
        // once in each order. A fork's count goes up during a meal, and a meal holds
        // both forks from the first count to the second: whichever fork the waiter
        // reads first, once it shows the meal the other fork shows it too.
        let table = Arc::new(model::Table::new(2));
        let diner = {
            let table = Arc::clone(&table);
            thread::spawn(move || table.dine(0))
        };
        for (first, second) in [(0, 1), (1, 0)] {
            let seen_first = table.fork_uses(first);
            let seen_second = table.fork_uses(second);
            assert!(
                seen_first <= seen_second,
                "fork {first} already counted the meal while fork {second} had not yet \
                 (see the card): the philosopher put one fork down before picking the \
                 other up. Eating with one fork at a time needs no ordering, and is not a \
                 meal: hold both forks, then eat, then put both down."
            );
        }
        diner.join().unwrap();
    });
}
