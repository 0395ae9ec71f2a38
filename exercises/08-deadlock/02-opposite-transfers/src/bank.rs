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

    /// Moves `amount` from `from` to `to` (balances may go negative: an overdraft).
    pub fn transfer(&self, from: usize, to: usize, amount: i64) {
        // TODO: this locks the source account, then the target. A transfer from 0 to 1
        // and one from 1 to 0 can each take their first lock and then wait for each
        // other forever. Take the two locks in one order that does not depend on the
        // direction of the transfer. (And mind a transfer from an account to itself.)
        let mut source = self.accounts[from].lock().unwrap();
        let mut target = self.accounts[to].lock().unwrap();
        *source -= amount;
        *target += amount;
    }

    /// The balance of one account.
    pub fn balance(&self, account: usize) -> i64 {
        *self.accounts[account].lock().unwrap()
    }

    /// The sum of all balances, as one snapshot: every account locked at once, in the
    /// same global order that transfers use.
    pub fn total(&self) -> i64 {
        let guards: Vec<_> = self.accounts.iter().map(|a| a.lock().unwrap()).collect();
        guards.iter().map(|balance| **balance).sum()
    }
}
