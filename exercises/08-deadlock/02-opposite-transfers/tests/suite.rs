// The grading suite of the opposite-transfers exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `transfer` moves `amount` from `from` to `to`, in either direction; `balance` reads
//   one account.
//   Tested by: a_transfer_moves_money_either_way
// - Balances may go negative: a transfer larger than the balance still goes through (an
//   overdraft).
//   Tested by: a_transfer_may_overdraw_an_account
// - Two transfers between the same accounts in opposite directions at once both finish
//   (no deadlock), and both land exactly once.
//   Tested by: opposite_transfers_both_finish
// - A transfer from an account to itself finishes and leaves the balance as it was.
//   Tested by: a_transfer_to_the_same_account_changes_nothing
// - `total` is one snapshot of every account: an audit beside a transfer never sees the
//   money in flight, and never deadlocks with it.
//   Tested by: an_auditor_never_sees_money_in_flight

// Model checks: `src/bank.rs` compiled again, against loom.
use harness::loom_shim::{sync, thread};
harness::model_subject!(mod model = "src/bank.rs");
const SUBJECT: &str = harness::subject_path!("src/bank.rs");

use sync::Arc;

#[test]
fn a_transfer_moves_money_either_way() {
    harness::watchdog(|| {
        let bank = subject::Bank::new(&[100, 100]);
        bank.transfer(0, 1, 30);
        bank.transfer(1, 0, 10);
        assert_eq!((bank.balance(0), bank.balance(1)), (80, 120));
    });
}

#[test]
fn a_transfer_may_overdraw_an_account() {
    harness::watchdog(|| {
        let bank = subject::Bank::new(&[10, 0]);
        bank.transfer(0, 1, 30);
        let balances = (bank.balance(0), bank.balance(1));
        assert_eq!(
            balances,
            (-20, 30),
            "a transfer of 30 out of an account holding 10 left the accounts at \
             {balances:?}: this bank allows overdrafts (balances may go negative), so \
             `transfer` must move the whole amount whatever the balance"
        );
        assert_eq!(bank.total(), 10, "money was created or destroyed");
    });
}

// ANCHOR: model
#[test]
fn opposite_transfers_both_finish() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let bank = Arc::new(model::Bank::new(&[100, 100]));
        let other = {
            let bank = Arc::clone(&bank);
            thread::spawn(move || bank.transfer(1, 0, 20))
        };
        bank.transfer(0, 1, 30);
        // A deadlock shows up here: a join that never returns.
        other.join().unwrap();
        assert_eq!(
            (bank.balance(0), bank.balance(1)),
            (90, 110),
            "both transfers must land exactly once"
        );
    });
}
// ANCHOR_END: model

#[test]
fn a_transfer_to_the_same_account_changes_nothing() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let bank = model::Bank::new(&[100, 100]);
        // One thread is enough to deadlock: a thread that locks a `Mutex` it already
        // holds waits for itself.
        bank.transfer(1, 1, 50);
        assert_eq!(
            bank.balance(1),
            100,
            "moving money from an account to itself must leave it as it was"
        );
    });
}

#[test]
fn an_auditor_never_sees_money_in_flight() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let bank = Arc::new(model::Bank::new(&[100, 100]));
        let teller = {
            let bank = Arc::clone(&bank);
            thread::spawn(move || bank.transfer(0, 1, 30))
        };
        let seen = bank.total();
        assert_eq!(
            seen, 200,
            "the auditor saw a total of {seen}, not 200: either a transfer released one \
             account before it had updated the other, or the audit read the accounts one \
             lock at a time, counting one before a transfer and the other after it (see \
             the card). Hold both locks for the whole transfer, and every lock for the \
             whole audit."
        );
        teller.join().unwrap();
    });
}
