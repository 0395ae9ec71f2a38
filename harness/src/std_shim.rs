//! The program's side of the shim: plain std.
//!
//! An exercise's `lib.rs` brings these into its crate root
//! (`use harness::std_shim::{sync, thread};`), so the learner's file says
//! `use crate::sync::Mutex;` and gets `std::sync::Mutex` in the library and in plain
//! tests. The suite compiles the same file against [`crate::loom_shim`] for the model
//! check. Both sides export the same names: code that compiles here compiles there.

/// Mirrors the parts of `std::sync` the model checker can also provide.
pub mod sync {
    pub use std::sync::{
        Arc, Condvar, LockResult, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard,
        RwLockWriteGuard, TryLockError, TryLockResult, Weak,
    };

    /// `std::sync::atomic`.
    pub mod atomic {
        pub use std::sync::atomic::{
            AtomicBool, AtomicI32, AtomicI64, AtomicIsize, AtomicPtr, AtomicU8, AtomicU32,
            AtomicU64, AtomicUsize, Ordering, fence,
        };
    }
}

/// `std::thread`'s spawning, joining, yielding and parking.
pub mod thread {
    pub use std::thread::{JoinHandle, Thread, current, panicking, park, spawn, yield_now};
}

/// `std::hint::spin_loop`.
pub mod hint {
    pub use std::hint::spin_loop;
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
