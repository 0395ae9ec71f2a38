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
        // Lock in one global order: by where the locks live in memory, whichever way
        // the money goes. Two opposite transfers then reach for the same lock first;
        // one gets it, and the other waits *without holding anything*: no cycle.
        let (source, target) = (&self.accounts[from], &self.accounts[to]);
        let source_first = std::ptr::from_ref(source) < std::ptr::from_ref(target);
        let (first, second) = if source_first {
            (source, target)
        } else {
            (target, source)
        };
        let mut first = first.lock().unwrap();
        let mut second = second.lock().unwrap();
        let (source, target) = if source_first {
            (&mut *first, &mut *second)
        } else {
            (&mut *second, &mut *first)
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
