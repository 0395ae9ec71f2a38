// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::Mutex;

/// A bank: a fixed set of accounts, and transfers between them. Money moves; it is
/// never created or destroyed, so the total of all balances never changes.
#[derive(Debug)]
pub struct Bank {
    accounts: Mutex<Vec<i64>>,
}

impl Bank {
    /// A bank whose accounts start with these balances.
    pub fn new(balances: &[i64]) -> Bank {
        Bank {
            accounts: Mutex::new(balances.to_vec()),
        }
    }

    /// Moves `amount` from account `from` to account `to`. Returns `false`, and moves
    /// nothing, if `from` holds less than `amount`.
    pub fn transfer(&self, from: usize, to: usize, amount: i64) -> bool {
        // TODO: every line below takes the lock and lets it go again, so this is three
        // critical sections. Another transfer can spend the money between the check
        // and the withdrawal, and an auditor can count the bank between the withdrawal
        // and the deposit, while the money is in nobody's account. Make the check, the
        // withdrawal and the deposit one critical section.
        if self.accounts.lock().unwrap()[from] < amount {
            return false;
        }
        self.accounts.lock().unwrap()[from] -= amount;
        self.accounts.lock().unwrap()[to] += amount;
        true
    }

    /// The balance of one account.
    pub fn balance(&self, account: usize) -> i64 {
        self.accounts.lock().unwrap()[account]
    }

    /// The sum of all balances: what an auditor checks.
    pub fn total(&self) -> i64 {
        let accounts = self.accounts.lock().unwrap();
        accounts.iter().sum()
    }
}
