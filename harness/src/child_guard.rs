//! A child process that is always cleaned up: the process exercises' given helper
//! (`pub use harness::ChildGuard;` in their `lib.rs`), shown in chapter 3.
use std::io;
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus};

// ANCHOR: guard
/// Owns a running child process. Dropping the guard without calling [`wait`]
/// (an early `return`, a `?`, a panic) kills the child and waits for it, so that no
/// child outlives the code that started it and none is left a zombie.
///
/// [`wait`]: ChildGuard::wait
#[derive(Debug)]
pub struct ChildGuard {
    child: Option<Child>,
}

impl ChildGuard {
    /// Starts `command` and guards the child.
    pub fn spawn(command: &mut Command) -> io::Result<Self> {
        Ok(ChildGuard {
            child: Some(command.spawn()?),
        })
    }

    /// The child's process id.
    pub fn id(&self) -> u32 {
        self.child().id()
    }

    /// The write end of the child's stdin, if it was `Stdio::piped()` and not yet taken.
    pub fn take_stdin(&mut self) -> Option<ChildStdin> {
        self.child.as_mut().and_then(|c| c.stdin.take())
    }

    /// The read end of the child's stdout, if it was `Stdio::piped()` and not yet taken.
    pub fn take_stdout(&mut self) -> Option<ChildStdout> {
        self.child.as_mut().and_then(|c| c.stdout.take())
    }

    /// Waits for the child to end and returns how it ended: the normal way out.
    pub fn wait(mut self) -> io::Result<ExitStatus> {
        let mut child = self
            .child
            .take()
            .expect("a guard holds its child until waited");
        child.wait()
    }

    /// Whether the child has ended, without waiting: `Some(status)` if it has (it is then
    /// reaped), `None` if it is still running.
    pub fn try_wait(&mut self) -> io::Result<Option<ExitStatus>> {
        self.child
            .as_mut()
            .expect("a guard holds its child until waited")
            .try_wait()
    }

    fn child(&self) -> &Child {
        self.child
            .as_ref()
            .expect("a guard holds its child until waited")
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            // `kill` fails only if the child has already been reaped; `wait` then
            // returns at once. Either way, nothing is left behind.
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
// ANCHOR_END: guard
