//! `Model::spurious_wakeups`: a waiter that checks its condition once (`if`) fails, one
//! that checks it after every wake-up (`while`, `wait_while`) passes, with the same
//! number of interleavings every run.

use harness::loom_shim::{sync, thread};
use harness::{FailureClass, Model};
use sync::{Arc, Condvar, Mutex};

/// A flag one thread sets and announces, and another waits for.
struct Flag {
    set: Mutex<bool>,
    changed: Condvar,
}

/// Main waits for the flag (with `wait_for`), a second thread sets it and notifies.
fn flag_model(wait_for: fn(&Flag)) -> impl Fn() + Send + Sync + 'static {
    move || {
        let flag = Arc::new(Flag {
            set: Mutex::new(false),
            changed: Condvar::new(),
        });
        let setter = {
            let flag = Arc::clone(&flag);
            thread::spawn(move || {
                *flag.set.lock().unwrap() = true;
                flag.changed.notify_one();
            })
        };
        wait_for(&flag);
        setter.join().unwrap();
    }
}

fn wait_with_while(flag: &Flag) {
    let mut set = flag.set.lock().unwrap();
    while !*set {
        set = flag.changed.wait(set).unwrap();
    }
    assert!(*set, "went on before the flag was set");
}

fn wait_with_if(flag: &Flag) {
    let mut set = flag.set.lock().unwrap();
    if !*set {
        set = flag.changed.wait(set).unwrap();
    }
    assert!(*set, "went on before the flag was set");
}

fn wait_with_wait_while(flag: &Flag) {
    let set = flag
        .changed
        .wait_while(flag.set.lock().unwrap(), |set| !*set);
    assert!(*set.unwrap(), "went on before the flag was set");
}

#[test]
fn a_while_waiter_passes_with_a_pinned_count_of_interleavings() {
    let spurious = Model::new().spurious_wakeups();
    let explored = spurious.run(flag_model(wait_with_while)).unwrap();
    // Pinned: the same exploration every run. Without stray wake-ups, fewer.
    assert_eq!(explored.interleavings, 98, "{explored:?}");
    let plain = Model::new().run(flag_model(wait_with_while)).unwrap();
    assert_eq!(plain.interleavings, 8, "{plain:?}");
}

#[test]
fn a_wait_while_waiter_passes_too() {
    let explored = Model::new()
        .spurious_wakeups()
        .run(flag_model(wait_with_wait_while))
        .unwrap();
    assert_eq!(explored.interleavings, 98, "{explored:?}");
}

#[test]
fn an_if_waiter_passes_without_the_option_because_loom_never_wakes_spuriously() {
    // Why the option exists: the only notify comes after the flag is set.
    assert!(Model::new().run(flag_model(wait_with_if)).is_ok());
}

#[test]
fn an_if_waiter_fails_with_advice_to_wait_in_a_while_loop() {
    let failure = Model::new()
        .spurious_wakeups()
        .run(flag_model(wait_with_if))
        .expect_err("an `if` waiter must fail when wake-ups may be spurious");
    assert_eq!(failure.class, FailureClass::Assertion);
    let words = failure
        .report
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "main woke from changed at step",
        "a waiter woke without a notify — std allows spurious wake-ups — and went on \
         without checking its condition again: wait in a `while` loop, or use `wait_while`",
        "stray notifier",
        "wakes from changed spuriously",
        // The setter keeps its number: the stray notifier is not counted.
        "thread 1",
    ] {
        assert!(
            words.contains(expected),
            "no {expected:?} in:\n{}",
            failure.report
        );
    }
    if std::env::var_os("SHOW").is_some() {
        println!("{}", failure.report);
    }
}

/// Main parks until a second thread sets the flag and unparks it (`park_until` decides
/// how it checks the flag).
fn park_model(park_until: fn(&sync::atomic::AtomicBool)) -> impl Fn() + Send + Sync + 'static {
    move || {
        let flag = Arc::new(sync::atomic::AtomicBool::new(false));
        let main = thread::current();
        let setter = {
            let flag = Arc::clone(&flag);
            thread::spawn(move || {
                // Release: pairs with the Acquire loads in `park_until`.
                flag.store(true, sync::atomic::Ordering::Release);
                main.unpark();
            })
        };
        park_until(&flag);
        // Acquire: pairs with the Release store above.
        assert!(
            flag.load(sync::atomic::Ordering::Acquire),
            "went on before the flag was set"
        );
        setter.join().unwrap();
    }
}

#[test]
fn a_parked_thread_that_checks_its_flag_in_a_loop_passes() {
    let explored = Model::new()
        .spurious_wakeups()
        .run(park_model(|flag| {
            // Acquire: pairs with the setter's Release store.
            while !flag.load(sync::atomic::Ordering::Acquire) {
                thread::park();
            }
        }))
        .unwrap();
    assert_eq!(explored.interleavings, 40, "{explored:?}");
}

#[test]
fn a_parked_thread_that_checks_its_flag_once_fails_with_advice_to_park_in_a_loop() {
    let if_once = |flag: &sync::atomic::AtomicBool| {
        // Acquire: pairs with the setter's Release store.
        if !flag.load(sync::atomic::Ordering::Acquire) {
            thread::park();
        }
    };
    assert!(
        Model::new().run(park_model(if_once)).is_ok(),
        "loom's park never returns without an unpark"
    );
    let failure = Model::new()
        .spurious_wakeups()
        .run(park_model(if_once))
        .expect_err("an `if` around `park` must fail when wake-ups may be spurious");
    assert_eq!(failure.class, FailureClass::Assertion);
    let words = failure
        .report
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "main woke from park at step",
        "a parked thread woke without an unpark — std allows spurious wake-ups from `park` \
         — and went on without checking its flag again: park in a `while` loop",
        "stray unpark main",
        "wakes from park spuriously",
    ] {
        assert!(
            words.contains(expected),
            "no {expected:?} in:\n{}",
            failure.report
        );
    }
}
