// The grading suite of the bank exercise, shared by the exercise and its reference
// solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `transfer` moves `amount` from `from` to `to` and returns `true`, or moves nothing
//   and returns `false` when `from` holds less than `amount`; `balance` reads one
//   account.
//   Tested by: a_transfer_moves_money_and_a_refused_one_moves_nothing,
//   a_transfer_of_the_whole_balance_goes_through
// - A balance equal to the amount covers the transfer: an account may reach 0.
//   Tested by: a_transfer_of_the_whole_balance_goes_through
// - Money is never created or destroyed: `total` (what an auditor checks) never
//   changes, not even while a transfer runs on another thread.
//   Tested by: an_auditor_never_sees_money_in_flight,
//   a_transfer_moves_money_and_a_refused_one_moves_nothing
// - No balance goes below zero, however transfers interleave: of two transfers that
//   together overdraw an account, exactly one goes through.
//   Tested by: two_transfers_never_overdraw_an_account
// - Each operation (transfer, balance, total) acts as if it ran alone at one instant.
//   Tested by: two_transfers_and_an_audit_return_what_some_order_of_them_would

// Model checks: `src/bank.rs` compiled again, against loom.
use harness::loom_shim::{sync, thread};
harness::model_subject!(mod model = "src/bank.rs");
const SUBJECT: &str = harness::subject_path!("src/bank.rs");

use harness::linear::{History, Sequential};
use sync::Arc;

/// What the bank means, one operation at a time: a balance per account.
#[derive(Clone)]
struct Accounts(Vec<i64>);

/// An operation of the bank, as a history records it.
#[derive(Clone, Debug)]
enum Op {
    Transfer { from: usize, to: usize, amount: i64 },
    Balance(usize),
    Total,
}

/// What an operation returned.
#[derive(Clone, Debug, PartialEq)]
enum Ret {
    Moved(bool),
    Money(i64),
}

impl Sequential for Accounts {
    type Op = Op;
    type Ret = Ret;
    fn apply(&mut self, op: &Op) -> Ret {
        match *op {
            Op::Transfer { from, to, amount } => {
                let covered = self.0[from] >= amount;
                if covered {
                    self.0[from] -= amount;
                    self.0[to] += amount;
                }
                Ret::Moved(covered)
            }
            Op::Balance(account) => Ret::Money(self.0[account]),
            Op::Total => Ret::Money(self.0.iter().sum()),
        }
    }
}

/// Runs `op` on `bank`, recorded in `history`.
fn run(history: &History<Accounts>, bank: &model::Bank, op: Op) -> Ret {
    history.call(op.clone(), || match op {
        Op::Transfer { from, to, amount } => Ret::Moved(bank.transfer(from, to, amount)),
        Op::Balance(account) => Ret::Money(bank.balance(account)),
        Op::Total => Ret::Money(bank.total()),
    })
}

#[test]
fn a_transfer_moves_money_and_a_refused_one_moves_nothing() {
    harness::watchdog(|| {
        let bank = subject::Bank::new(&[100, 0]);
        assert!(
            bank.transfer(0, 1, 30),
            "100 in account 0 covers a transfer of 30"
        );
        assert_eq!((bank.balance(0), bank.balance(1)), (70, 30));
        assert!(
            !bank.transfer(0, 1, 80),
            "account 0 holds 70: a transfer of 80 must be refused (return false)"
        );
        assert_eq!(
            (bank.balance(0), bank.balance(1)),
            (70, 30),
            "a refused transfer must not move any money"
        );
        assert_eq!(bank.total(), 100);
    });
}

// ANCHOR: audit
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
            "the auditor saw a total of {seen}, not 200: it counted the bank while a \
             transfer had taken the money out of one account and not yet put it into the \
             other (see the card). The withdrawal and the deposit must be one critical \
             section, and so must the audit: a total summed account by account, each \
             under its own lock, can count one account before a transfer and the other \
             after it."
        );
        assert!(teller.join().unwrap(), "100 covers a transfer of 30");
        assert_eq!(bank.total(), 200, "money was created or destroyed");
    });
}
// ANCHOR_END: audit

#[test]
fn two_transfers_never_overdraw_an_account() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let bank = Arc::new(model::Bank::new(&[100, 0, 0]));
        let other = {
            let bank = Arc::clone(&bank);
            thread::spawn(move || bank.transfer(0, 2, 60))
        };
        let mine = bank.transfer(0, 1, 60);
        let theirs = other.join().unwrap();
        let left = bank.balance(0);
        assert!(
            left >= 0,
            "account 0 went negative ({left}): both transfers of 60 saw 100 in the \
             account, then both withdrew. Between the check and the withdrawal the lock \
             was free (see the card): check and act must be one critical section."
        );
        assert!(
            mine != theirs,
            "100 covers exactly one of two transfers of 60, but {} went through",
            if mine { "both" } else { "neither" }
        );
        assert_eq!(bank.total(), 100, "money was created or destroyed");
    });
}

#[test]
fn a_transfer_of_the_whole_balance_goes_through() {
    // One thread, under the model checker: a boundary, checked with a failure class.
    harness::Model::new().subject(SUBJECT).check(|| {
        let bank = model::Bank::new(&[50, 0]);
        assert!(
            bank.transfer(0, 1, 50),
            "account 0 holds exactly 50: a transfer of 50 is covered (the balance may \
             reach 0, not go below it). Refuse only when the balance is *less* than the \
             amount."
        );
        assert!(
            !bank.transfer(0, 1, 1),
            "account 0 is empty now: a transfer of 1 must be refused"
        );
        assert_eq!(
            (bank.balance(0), bank.balance(1)),
            (0, 50),
            "after moving the whole balance and refusing one more transfer, the accounts \
             must hold (0, 50): a refused transfer moves no money, in either account"
        );
    });
}

#[test]
fn two_transfers_and_an_audit_return_what_some_order_of_them_would() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let bank = Arc::new(model::Bank::new(&[100, 0]));
        let history = History::new();
        let teller = {
            let (bank, history) = (Arc::clone(&bank), history.clone());
            thread::spawn(move || {
                let transfer = Op::Transfer { from: 0, to: 1, amount: 70 };
                run(&history, &bank, transfer);
                run(&history, &bank, Op::Balance(1));
            })
        };
        run(&history, &bank, Op::Transfer { from: 0, to: 1, amount: 70 });
        run(&history, &bank, Op::Total);
        teller.join().unwrap();
        // 100 covers one transfer of 70, not two; and the bank always holds 100. Each
        // operation must look as if it ran alone at one instant: a check of the balance
        // and the move it allows, or the reads of an audit, split across critical
        // sections give answers no order of them could.
        history.check(Accounts(vec![100, 0]));
    });
}
