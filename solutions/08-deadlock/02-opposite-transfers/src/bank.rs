// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::Mutex;

/// A bank with a lock per account, so that transfers between different accounts run in
/// parallel. A transfer needs two locks: there lies the danger.
#[derive(Debug)]
pub struct Bank {
    accounts: Vec<Mutex<i64>>,
}

impl Bank {
    /// A bank whose accounts start with these balances.
    pub fn new(balances: &[i64]) -> Bank {
        Bank {
            accounts: balances.iter().map(|&b| Mutex::new(b)).collect(),
        }
    }

    // ANCHOR: transfer
    /// Moves `amount` from `from` to `to` (balances may go negative: an overdraft).
    pub fn transfer(&self, from: usize, to: usize, amount: i64) {
        if from == to {
            // One account, one lock: locking it twice would wait for ourselves.
            return;
        }
        // Lock in one global order, by account number, whichever way the money goes.
        // Two opposite transfers then both reach for the lower account first; one of
        // them gets it and the other waits *without holding anything*: no cycle.
        let (low, high) = (from.min(to), from.max(to));
        let mut low = self.accounts[low].lock().unwrap();
        let mut high = self.accounts[high].lock().unwrap();
        let (source, target) = if from < to {
            (&mut *low, &mut *high)
        } else {
            (&mut *high, &mut *low)
        };
        *source -= amount;
        *target += amount;
    }
    // ANCHOR_END: transfer

    /// The balance of one account.
    pub fn balance(&self, account: usize) -> i64 {
        *self.accounts[account].lock().unwrap()
    }

    // ANCHOR: total
    /// The sum of all balances, as one snapshot: every account locked at once, in the
    /// same global order that transfers use.
    pub fn total(&self) -> i64 {
        let guards: Vec<_> = self.accounts.iter().map(|a| a.lock().unwrap()).collect();
        guards.iter().map(|balance| **balance).sum()
    }
    // ANCHOR_END: total
}
