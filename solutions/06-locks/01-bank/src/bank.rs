// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::Mutex;

/// A bank: a fixed set of accounts, and transfers between them. Money moves; it is
/// never created or destroyed, so the total of all balances never changes.
#[derive(Debug)]
pub struct Bank {
    // ANCHOR: state
    // One lock over every balance: the invariant ("the total never changes") spans all
    // accounts, so the lock that protects it must too.
    accounts: Mutex<Vec<i64>>,
    // ANCHOR_END: state
}

impl Bank {
    /// A bank whose accounts start with these balances.
    pub fn new(balances: &[i64]) -> Bank {
        Bank {
            accounts: Mutex::new(balances.to_vec()),
        }
    }

    // ANCHOR: transfer
    /// Moves `amount` from account `from` to account `to`. Returns `false`, and moves
    /// nothing, if `from` holds less than `amount`.
    pub fn transfer(&self, from: usize, to: usize, amount: i64) -> bool {
        // One guard for the check, the withdrawal and the deposit. Nobody can spend the
        // money between the check and the withdrawal, and nobody can see it "in flight"
        // between the withdrawal and the deposit.
        let mut accounts = self.accounts.lock().unwrap();
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        accounts[to] += amount;
        true
    } // the guard drops here: the next transfer or audit may start
    // ANCHOR_END: transfer

    /// The balance of one account.
    pub fn balance(&self, account: usize) -> i64 {
        self.accounts.lock().unwrap()[account]
    }

    // ANCHOR: total
    /// The sum of all balances: what an auditor checks.
    pub fn total(&self) -> i64 {
        // Summed under one guard: a snapshot no transfer can be halfway through.
        let accounts = self.accounts.lock().unwrap();
        accounts.iter().sum()
    }
    // ANCHOR_END: total
}
