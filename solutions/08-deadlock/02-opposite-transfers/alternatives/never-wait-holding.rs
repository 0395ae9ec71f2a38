// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::{Mutex, TryLockError};

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
        // Never wait for a lock while holding one: wait for one account with empty
        // hands, then only *try* the other. If it is busy, let go and next time wait
        // for the busy one first. Whoever waits holds nothing, so no cycle can form.
        let (mut first, mut second) = (from, to);
        loop {
            let mut held = self.accounts[first].lock().unwrap();
            match self.accounts[second].try_lock() {
                Ok(mut other) => {
                    let (source, target) = if first == from {
                        (&mut *held, &mut *other)
                    } else {
                        (&mut *other, &mut *held)
                    };
                    *source -= amount;
                    *target += amount;
                    return;
                }
                Err(TryLockError::WouldBlock) => {
                    drop(held);
                    std::mem::swap(&mut first, &mut second);
                }
                Err(TryLockError::Poisoned(poisoned)) => panic!("an account is broken: {poisoned}"),
            }
        }
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
