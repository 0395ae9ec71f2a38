//! Where a stuck thread spins: the watchdog interrupts it with a signal whose handler
//! copies the raw instruction pointers of its stack into a preallocated buffer, then
//! resolves them to `file:line` on the watchdog's own thread.
//!
//! The handler does no allocation, takes no lock of ours and formats nothing: it walks
//! the stack (`backtrace::trace_unsynchronized`) and stores integers into atomics. All
//! the work that allocates or locks (symbolizing, reading debug info) happens on the
//! watchdog's thread, after the handler has finished. If the interrupted thread does not
//! answer within a bound, the report falls back to the last operation the recorder saw.

use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, Once, PoisonError};
use std::time::{Duration, Instant};

/// How many frames the handler keeps.
const DEPTH: usize = 64;
/// How long the watchdog waits for the handler to answer.
const ANSWER_BOUND: Duration = Duration::from_millis(500);

static IPS: [AtomicUsize; DEPTH] = [const { AtomicUsize::new(0) }; DEPTH];
static COUNT: AtomicUsize = AtomicUsize::new(0);
static DONE: AtomicBool = AtomicBool::new(false);
/// One sample at a time: the buffer is shared.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
static INSTALL: Once = Once::new();

/// The signal used: a real-time signal nothing else in a test binary uses.
fn signal() -> libc::c_int {
    libc::SIGRTMIN() + 7
}

extern "C" fn on_signal(_: libc::c_int) {
    let mut taken = 0;
    // SAFETY: `trace_unsynchronized` must not run concurrently with another unwinder
    // call that relies on backtrace's own lock; the only caller in the harness is this
    // handler, and `ONE_AT_A_TIME` lets only one sample (so one handler) run at a time.
    // The closure only stores integers into preallocated atomics: it neither allocates
    // nor locks, so interrupting a thread anywhere (even inside `malloc`) cannot
    // deadlock on our side. The unwinder itself reads the stack of the thread it runs
    // on (this one), which is live for the whole walk.
    unsafe {
        backtrace::trace_unsynchronized(|frame| {
            // Relaxed: published by the Release store of DONE below.
            IPS[taken].store(frame.ip() as usize, Ordering::Relaxed);
            taken += 1;
            taken < DEPTH
        });
    }
    // Relaxed: published by the Release store of DONE.
    COUNT.store(taken, Ordering::Relaxed);
    // Release: pairs with the Acquire load in `sample`.
    DONE.store(true, Ordering::Release);
}

/// The instruction pointers on thread `tid`'s stack right now, innermost first; `None`
/// if the thread did not answer.
fn sample(tid: i32) -> Option<Vec<usize>> {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
    INSTALL.call_once(|| {
        // SAFETY: a zeroed `sigaction` is a valid value (no flags, empty mask, no
        // handler) that is then filled in; `on_signal` has the signature a handler
        // without SA_SIGINFO must have, and only does what its SAFETY comment allows.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as *const () as libc::sighandler_t;
            action.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal(), &action, std::ptr::null_mut());
        }
    });
    // Relaxed: no handler runs now (one sample at a time, and the last one answered or
    // was given up on; a late answer is at worst a stale site, never memory unsafety).
    DONE.store(false, Ordering::Relaxed);
    COUNT.store(0, Ordering::Relaxed);
    let pid = std::process::id() as libc::pid_t;
    // SAFETY: tgkill only sends a signal; the handler for it is installed above, so the
    // thread runs `on_signal` and carries on. `tid` is a thread of this process.
    let sent = unsafe { libc::syscall(libc::SYS_tgkill, pid, tid, signal()) };
    if sent != 0 {
        return None;
    }
    let started = Instant::now();
    // Acquire: pairs with the Release store in `on_signal`.
    while !DONE.load(Ordering::Acquire) {
        if started.elapsed() > ANSWER_BOUND {
            return None;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    // Relaxed: ordered by the Acquire load above.
    let count = COUNT.load(Ordering::Relaxed).min(DEPTH);
    Some(
        IPS[..count]
            .iter()
            .map(|ip| ip.load(Ordering::Relaxed))
            .collect(),
    )
}

/// Moves a thread that a spin verdict has given up on to the idle scheduling class. It
/// keeps spinning (nothing can stop a thread from outside), but only on a core nothing
/// else wants: the tests still running in this process, and the rest of the machine, no
/// longer share their cores with it. Call it after sampling the thread: an idle thread
/// answers a sample late.
pub(crate) fn step_aside(tid: i32) {
    let param = libc::sched_param { sched_priority: 0 };
    // SAFETY: `sched_setscheduler` only reads `param`, a valid `sched_param` that lives
    // across the call; `tid` names a thread of this process (one that has ended makes the
    // call fail, which is harmless: there is nothing left to step aside).
    let _ = unsafe { libc::sched_setscheduler(tid, libc::SCHED_IDLE, &param) };
}

/// The first frame on thread `tid`'s stack whose file `wanted` accepts: (file, line).
pub(crate) fn spinning_at(tid: i32, wanted: impl Fn(&str) -> bool) -> Option<(String, u32)> {
    // A sample can land where no wanted frame is on the stack (in a closure from the
    // test, in std): a few more looks usually find one.
    (0..SAMPLES).find_map(|_| look(tid, &wanted))
}

/// How many samples [`spinning_at`] takes at most.
const SAMPLES: usize = 5;

fn look(tid: i32, wanted: &impl Fn(&str) -> bool) -> Option<(String, u32)> {
    let ips = sample(tid)?;
    // The stack starts in the handler (and the unwinder it calls): the thread's own
    // frames are those after `on_signal`'s.
    let mut in_handler = true;
    for ip in ips {
        let mut found = None;
        let mut handler_frame = false;
        backtrace::resolve(ip as *mut c_void, |symbol| {
            let name = symbol.name().map(|n| n.to_string()).unwrap_or_default();
            if name.contains("spin_site::on_signal") {
                handler_frame = true;
            }
            if found.is_some() {
                return;
            }
            if let (Some(file), Some(line)) = (symbol.filename(), symbol.lineno()) {
                let file = file.to_string_lossy();
                if wanted(&file) {
                    found = Some((file.into_owned(), line));
                }
            }
        });
        if handler_frame {
            in_handler = false;
            continue;
        }
        if !in_handler && found.is_some() {
            return found;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::AtomicI32;

    #[test]
    fn a_spinning_thread_is_found_on_its_line() {
        let tid = Arc::new(AtomicI32::new(0));
        let spinning = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let spinner = {
            let (tid, spinning, stop) =
                (Arc::clone(&tid), Arc::clone(&spinning), Arc::clone(&stop));
            std::thread::spawn(move || {
                // SeqCst: read by the test before it signals this thread.
                tid.store(
                    rustix::thread::gettid().as_raw_nonzero().get(),
                    Ordering::SeqCst,
                );
                let line = line!() + 2;
                // SeqCst: pairs with the test's store of `stop`.
                while !stop.load(Ordering::SeqCst) {
                    // SeqCst: tells the test the loop is running.
                    spinning.store(true, Ordering::SeqCst);
                }
                line
            })
        };
        // SeqCst: pairs with the spinner's store: once it is seen, every instruction the
        // spinner runs until `stop` is one of the loop's.
        while !spinning.load(Ordering::SeqCst) {
            std::thread::yield_now();
        }
        // SeqCst: written before `spinning`.
        let target = tid.load(Ordering::SeqCst);
        let site = spinning_at(target, |file| file.ends_with("spin_site.rs"));
        // SeqCst: pairs with the spinner's load.
        stop.store(true, Ordering::SeqCst);
        let line = spinner.join().unwrap();
        let (file, at) = site.expect("the spinner answers with its stack");
        assert!(file.ends_with("spin_site.rs"), "{file}");
        assert!(
            (line..=line + 3).contains(&at),
            "the loop is at {line}, found {at}"
        );
    }
}
