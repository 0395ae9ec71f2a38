//! The program's side of the shim: std.
//!
//! An exercise's `lib.rs` brings these into its crate root
//! (`use harness::std_shim::{sync, thread};`), so the learner's file says
//! `use crate::sync::Mutex;` and gets std's mutex in the library and in plain tests. The
//! suite compiles the same file against [`crate::loom_shim`] for the model check. Both
//! sides export the same names: code that compiles here compiles there.
//!
//! Without the `track` feature these are std's own types, re-exported: a benchmark
//! measures std and nothing else. With `track` (which each exercise's and solution's
//! `[dev-dependencies]` turn on, so it is on in their tests and only there) the locks,
//! condvars, channels, atomics and spawns are thin wrappers over std's that tell
//! [`crate::detect::track`] who holds what, who waits for what and from which line: the
//! watchdog then names a deadlock in a second, with its wait-for graph, and a spinning
//! thread with its last operation, instead of timing out.

/// Whether the shim reports to the deadlock detector (the `track` feature).
pub const TRACKED: bool = cfg!(feature = "track");

#[cfg(not(feature = "track"))]
/// Mirrors the parts of `std::sync` the model checker can also provide.
pub mod sync {
    pub use std::sync::{
        Arc, Condvar, LockResult, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard,
        RwLockWriteGuard, TryLockError, TryLockResult, WaitTimeoutResult, Weak, mpsc,
    };

    /// `std::sync::atomic`.
    pub mod atomic {
        pub use std::sync::atomic::{
            AtomicBool, AtomicI32, AtomicI64, AtomicIsize, AtomicPtr, AtomicU8, AtomicU32,
            AtomicU64, AtomicUsize, Ordering, fence,
        };
    }
}

#[cfg(not(feature = "track"))]
/// `std::thread`'s spawning, joining, yielding and parking.
pub mod thread {
    pub use std::thread::{
        Builder, JoinHandle, Result, Scope, ScopedJoinHandle, Thread, ThreadId, current, panicking,
        park, park_timeout, scope, sleep, spawn, yield_now,
    };
}

#[cfg(feature = "track")]
pub use tracked::{sync, thread};

/// The tracked types, whatever the feature says (the harness's own tests use them).
pub mod tracked;

/// `std::hint::spin_loop` and `std::hint::black_box` (std's own: no cost here; under
/// the model, [`crate::loom_shim::hint::black_box`] is also a step the checker
/// interleaves with other threads').
pub mod hint {
    pub use std::hint::{black_box, spin_loop};
}

/// An `UnsafeCell` with the closure API the model checker needs (see
/// [`crate::loom_shim::cell`]). Here it costs nothing: `with` just hands out the pointer.
pub mod cell {
    /// `std::cell::UnsafeCell` behind loom's `with`/`with_mut` API.
    #[derive(Debug)]
    pub struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

    impl<T> UnsafeCell<T> {
        /// Wraps a value.
        pub const fn new(value: T) -> UnsafeCell<T> {
            UnsafeCell(std::cell::UnsafeCell::new(value))
        }

        /// Calls `f` with a `*const T` to the value.
        pub fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
            f(self.0.get())
        }

        /// Calls `f` with a `*mut T` to the value.
        pub fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
            f(self.0.get())
        }

        /// Consumes the cell and returns the value.
        pub fn into_inner(self) -> T {
            self.0.into_inner()
        }
    }
}
