// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::Mutex;

/// A bank: a fixed set of accounts, and transfers between them. Money moves; it is
/// never created or destroyed, so the total of all balances never changes.
#[derive(Debug)]
pub struct Bank {
    // One lock per account, so transfers between different accounts run side by side.
    accounts: Vec<Mutex<i64>>,
}

impl Bank {
    /// A bank whose accounts start with these balances.
    pub fn new(balances: &[i64]) -> Bank {
        Bank {
            accounts: balances
                .iter()
                .map(|&balance| Mutex::new(balance))
                .collect(),
        }
    }

    /// Moves `amount` from account `from` to account `to`. Returns `false`, and moves
    /// nothing, if `from` holds less than `amount`.
    pub fn transfer(&self, from: usize, to: usize, amount: i64) -> bool {
        if from == to {
            // One account: one lock (taking it twice would wait on ourselves). Moving
            // money to itself changes nothing, but the check still applies.
            return *self.accounts[from].lock().unwrap() >= amount;
        }
        // Both accounts' locks, always the lower index first: every thread takes them
        // in the same order, so two transfers cannot each hold one and wait for the
        // other. Both are held across the check, the withdrawal and the deposit.
        let (low, high) = (from.min(to), from.max(to));
        let mut low = self.accounts[low].lock().unwrap();
        let mut high = self.accounts[high].lock().unwrap();
        let (source, target) = if from < to {
            (&mut *low, &mut *high)
        } else {
            (&mut *high, &mut *low)
        };
        if *source < amount {
            return false;
        }
        *source -= amount;
        *target += amount;
        true
    }

    /// The balance of one account.
    pub fn balance(&self, account: usize) -> i64 {
        *self.accounts[account].lock().unwrap()
    }

    /// The sum of all balances: what an auditor checks.
    pub fn total(&self) -> i64 {
        // Every account's lock at once, taken in index order like `transfer`'s, so no
        // transfer is half done while we add up.
        let guards: Vec<_> = self.accounts.iter().map(|a| a.lock().unwrap()).collect();
        guards.iter().map(|balance| **balance).sum()
    }
}
