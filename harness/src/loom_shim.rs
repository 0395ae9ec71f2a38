//! The model checker's side of the shim: loom's types, wrapped so every operation is
//! recorded for the schedule card.
//!
//! A test suite brings these into its crate root (`use harness::loom_shim::{sync, thread};`)
//! and then compiles the learner's file a second time with
//! [`model_subject!`](crate::model_subject); inside that copy, `crate::sync::Mutex` is
//! [`sync::Mutex`] from here. The API mirrors std's, so the learner's code compiles
//! unchanged against either side.
//!
//! These types only work inside [`Model::check`](crate::Model::check).

/// Mirrors `std::sync`: loom's primitives, recorded.
pub mod sync {
    use crate::events::{LockMode, Op};
    use crate::record;
    use std::fmt;
    use std::mem::ManuallyDrop;
    use std::ops::{Deref, DerefMut};
    use std::panic::Location;

    pub use std::sync::{Arc, LockResult, PoisonError, TryLockError, TryLockResult, Weak};

    /// Mirrors `std::sync::Mutex`, on loom's mutex.
    pub struct Mutex<T: ?Sized> {
        name: String,
        inner: loom::sync::Mutex<T>,
    }

    /// Mirrors `std::sync::MutexGuard`.
    pub struct MutexGuard<'a, T: ?Sized> {
        mutex: &'a Mutex<T>,
        inner: Option<loom::sync::MutexGuard<'a, T>>,
    }

    impl<T> Mutex<T> {
        /// Creates a mutex, named on the card after the field or variable its line
        /// creates (`jobs: Mutex::new(…)` is `jobs`), or `Mutex#N` in order of creation.
        #[track_caller]
        pub fn new(value: T) -> Mutex<T> {
            Mutex {
                name: record::name_object("Mutex", Some(Location::caller())),
                inner: loom::sync::Mutex::new(value),
            }
        }

        /// Consumes the mutex and returns the value.
        pub fn into_inner(self) -> LockResult<T> {
            self.inner.into_inner()
        }
    }

    impl<T: Default> Default for Mutex<T> {
        // The caller of `default` (a `#[derive(Default)]` field) names the object.
        #[track_caller]
        fn default() -> Self {
            Mutex::new(T::default())
        }
    }

    impl<T: ?Sized> Mutex<T> {
        /// Locks, blocking (letting other threads run) while another thread holds it.
        #[track_caller]
        pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
            let location = Location::caller();
            let me = record::current_thread();
            match record::holder_of(&self.name) {
                Some(holder) => record::blocks(
                    Op::WaitsForLock {
                        lock: self.name.clone(),
                        holder: Some(holder),
                    },
                    location,
                ),
                // Free now, but loom may switch threads before this thread gets it.
                None => record::requests(me, &self.name, location),
            }
            let guard = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
            record::granted(me);
            Ok(self.acquired(guard, LockMode::Lock, location))
        }

        /// Locks if nobody holds the mutex; never blocks.
        #[track_caller]
        pub fn try_lock(&self) -> TryLockResult<MutexGuard<'_, T>> {
            let location = Location::caller();
            match self.inner.try_lock() {
                Ok(guard) => Ok(self.acquired(guard, LockMode::TryLock, location)),
                Err(TryLockError::WouldBlock) => {
                    record::step(
                        Op::TryLockBusy {
                            lock: self.name.clone(),
                        },
                        location,
                    );
                    Err(TryLockError::WouldBlock)
                }
                Err(TryLockError::Poisoned(p)) => {
                    Ok(self.acquired(p.into_inner(), LockMode::TryLock, location))
                }
            }
        }

        fn acquired<'a>(
            &'a self,
            guard: loom::sync::MutexGuard<'a, T>,
            mode: LockMode,
            location: &'static Location<'static>,
        ) -> MutexGuard<'a, T> {
            record::set_holder(&self.name, Some(record::current_thread()));
            record::step(
                Op::Lock {
                    lock: self.name.clone(),
                    mode,
                },
                location,
            );
            MutexGuard {
                mutex: self,
                inner: Some(guard),
            }
        }

        /// Mutable access without locking (the caller owns the mutex).
        pub fn get_mut(&mut self) -> LockResult<&mut T> {
            self.inner.get_mut()
        }
    }

    impl<T: ?Sized + fmt::Debug> fmt::Debug for Mutex<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("Mutex").field("name", &self.name).finish()
        }
    }

    impl<T: ?Sized> Deref for MutexGuard<'_, T> {
        type Target = T;
        fn deref(&self) -> &T {
            self.inner.as_ref().expect("guard is live")
        }
    }

    impl<T: ?Sized> DerefMut for MutexGuard<'_, T> {
        fn deref_mut(&mut self) -> &mut T {
            self.inner.as_mut().expect("guard is live")
        }
    }

    impl<T: ?Sized> Drop for MutexGuard<'_, T> {
        fn drop(&mut self) {
            if self.inner.take().is_some() {
                record::set_holder(&self.mutex.name, None);
                record::step_here(Op::Unlock {
                    lock: self.mutex.name.clone(),
                    mode: LockMode::Lock,
                });
            }
        }
    }

    impl<T: ?Sized + fmt::Debug> fmt::Debug for MutexGuard<'_, T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            fmt::Debug::fmt(&**self, f)
        }
    }

    /// Mirrors `std::sync::Condvar`, on loom's condvar.
    pub struct Condvar {
        name: String,
        // Shared with the stray notifier of a model that explores spurious wake-ups.
        inner: Arc<loom::sync::Condvar>,
    }

    impl Default for Condvar {
        // The caller of `default` (a `#[derive(Default)]` field) names the object.
        #[track_caller]
        fn default() -> Self {
            Condvar::new()
        }
    }

    impl fmt::Debug for Condvar {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("Condvar").field("name", &self.name).finish()
        }
    }

    impl Condvar {
        /// Creates a condition variable (named like a [`Mutex`]).
        #[track_caller]
        pub fn new() -> Condvar {
            let name = record::name_object("Condvar", Some(Location::caller()));
            let inner = Arc::new(loom::sync::Condvar::new());
            record::condvar_made(&name, &inner);
            Condvar { name, inner }
        }

        /// Releases the guard's mutex and sleeps until notified; re-locks before returning.
        ///
        /// In a model that explores [spurious wake-ups](crate::Model::spurious_wakeups)
        /// it may also return when no thread notified: std allows that.
        #[track_caller]
        pub fn wait<'a, T>(&self, mut guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
            let location = Location::caller();
            let mutex = guard.mutex;
            let inner = guard.inner.take().expect("guard is live");
            let me = record::current_thread();
            record::set_holder(&mutex.name, None);
            record::blocks(
                Op::Wait {
                    condvar: self.name.clone(),
                    mutex: mutex.name.clone(),
                },
                location,
            );
            record::waits_on(me, &self.name);
            let inner = self
                .inner
                .wait(inner)
                .unwrap_or_else(PoisonError::into_inner);
            let spurious = record::woke(me);
            record::set_holder(&mutex.name, Some(me));
            record::step(
                Op::Woke {
                    condvar: self.name.clone(),
                    mutex: mutex.name.clone(),
                    spurious,
                },
                location,
            );
            guard.inner = Some(inner);
            Ok(guard)
        }

        /// Waits while `condition` holds (std's `wait_while`, which loom lacks).
        #[track_caller]
        pub fn wait_while<'a, T, F>(
            &self,
            mut guard: MutexGuard<'a, T>,
            mut condition: F,
        ) -> LockResult<MutexGuard<'a, T>>
        where
            F: FnMut(&mut T) -> bool,
        {
            while condition(&mut *guard) {
                guard = self.wait(guard)?;
            }
            Ok(guard)
        }

        /// std's `wait_timeout`, which loom lacks. The model has no clock: the wait is
        /// explored as a [`wait`](Self::wait) that ends on a notification (or a spurious
        /// wake-up, where the model explores them), never because the time ran out,
        /// which a late-running timer can always make so. A waiter whose only way out is
        /// its time limit is therefore reported as asleep for good, and `timed_out` is
        /// always false.
        #[track_caller]
        pub fn wait_timeout<'a, T>(
            &self,
            guard: MutexGuard<'a, T>,
            _limit: std::time::Duration,
        ) -> LockResult<(MutexGuard<'a, T>, WaitTimeoutResult)> {
            // The model never poisons (see `wait`): no error to carry over.
            let guard = self.wait(guard).unwrap_or_else(PoisonError::into_inner);
            Ok((guard, WaitTimeoutResult { timed_out: false }))
        }

        /// std's `wait_timeout_while`: [`wait_while`](Self::wait_while), as for
        /// [`wait_timeout`](Self::wait_timeout) never ended by its time limit.
        #[track_caller]
        pub fn wait_timeout_while<'a, T, F>(
            &self,
            guard: MutexGuard<'a, T>,
            _limit: std::time::Duration,
            condition: F,
        ) -> LockResult<(MutexGuard<'a, T>, WaitTimeoutResult)>
        where
            F: FnMut(&mut T) -> bool,
        {
            let guard = self
                .wait_while(guard, condition)
                .unwrap_or_else(PoisonError::into_inner);
            Ok((guard, WaitTimeoutResult { timed_out: false }))
        }

        /// Wakes one waiting thread, if any.
        #[track_caller]
        pub fn notify_one(&self) {
            record::step(
                Op::Notify {
                    condvar: self.name.clone(),
                    all: false,
                },
                Location::caller(),
            );
            self.inner.notify_one();
            record::notified(&self.name);
        }

        /// Wakes every waiting thread.
        #[track_caller]
        pub fn notify_all(&self) {
            record::step(
                Op::Notify {
                    condvar: self.name.clone(),
                    all: true,
                },
                Location::caller(),
            );
            self.inner.notify_all();
            record::notified(&self.name);
        }
    }

    /// Mirrors `std::sync::WaitTimeoutResult`: whether a timed wait ended because its
    /// time ran out, which under the model it never does (see [`Condvar::wait_timeout`]).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct WaitTimeoutResult {
        timed_out: bool,
    }

    impl WaitTimeoutResult {
        /// Whether the wait ended because its time ran out: never, under the model.
        pub fn timed_out(&self) -> bool {
            self.timed_out
        }
    }

    /// Mirrors `std::sync::RwLock`, on loom's.
    pub struct RwLock<T: ?Sized> {
        name: String,
        inner: loom::sync::RwLock<T>,
    }

    /// Mirrors `std::sync::RwLockReadGuard`.
    ///
    /// loom's guard is kept in a `ManuallyDrop`: when a deadlock panic unwinds through a
    /// thread that holds it, dropping it would ask loom's (already failed) scheduler to
    /// release the lock, panic a second time and abort the whole test binary. While
    /// unwinding it is left undropped; the execution is over anyway.
    pub struct RwLockReadGuard<'a, T: ?Sized> {
        name: &'a str,
        inner: ManuallyDrop<loom::sync::RwLockReadGuard<'a, T>>,
    }

    /// Mirrors `std::sync::RwLockWriteGuard` (its loom guard kept like
    /// [`RwLockReadGuard`]'s).
    pub struct RwLockWriteGuard<'a, T: ?Sized> {
        name: &'a str,
        inner: ManuallyDrop<loom::sync::RwLockWriteGuard<'a, T>>,
    }

    impl<T> RwLock<T> {
        /// Creates a reader–writer lock (named like a [`Mutex`]).
        #[track_caller]
        pub fn new(value: T) -> RwLock<T> {
            RwLock {
                name: record::name_object("RwLock", Some(Location::caller())),
                inner: loom::sync::RwLock::new(value),
            }
        }
    }

    impl<T: Default> Default for RwLock<T> {
        // The caller of `default` (a `#[derive(Default)]` field) names the object.
        #[track_caller]
        fn default() -> Self {
            RwLock::new(T::default())
        }
    }

    impl<T: ?Sized + fmt::Debug> fmt::Debug for RwLock<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("RwLock").field("name", &self.name).finish()
        }
    }

    impl<T: ?Sized> RwLock<T> {
        /// Locks for shared reading.
        #[track_caller]
        pub fn read(&self) -> LockResult<RwLockReadGuard<'_, T>> {
            let location = Location::caller();
            let me = record::current_thread();
            record::requests(me, &self.name, location);
            let inner = self.inner.read().unwrap_or_else(PoisonError::into_inner);
            record::granted(me);
            record::step(
                Op::Lock {
                    lock: self.name.clone(),
                    mode: LockMode::Read,
                },
                location,
            );
            Ok(RwLockReadGuard {
                name: &self.name,
                inner: ManuallyDrop::new(inner),
            })
        }

        /// Locks for exclusive writing.
        #[track_caller]
        pub fn write(&self) -> LockResult<RwLockWriteGuard<'_, T>> {
            let location = Location::caller();
            let me = record::current_thread();
            record::requests(me, &self.name, location);
            let inner = self.inner.write().unwrap_or_else(PoisonError::into_inner);
            record::granted(me);
            record::step(
                Op::Lock {
                    lock: self.name.clone(),
                    mode: LockMode::Write,
                },
                location,
            );
            Ok(RwLockWriteGuard {
                name: &self.name,
                inner: ManuallyDrop::new(inner),
            })
        }
    }

    impl<T: ?Sized> Deref for RwLockReadGuard<'_, T> {
        type Target = T;
        fn deref(&self) -> &T {
            &self.inner
        }
    }

    impl<T: ?Sized> Drop for RwLockReadGuard<'_, T> {
        fn drop(&mut self) {
            if std::thread::panicking() {
                return; // see the type's doc: leave loom's guard alone while unwinding
            }
            // SAFETY: `inner` is dropped exactly once, here, and never used after.
            unsafe { ManuallyDrop::drop(&mut self.inner) };
            record::step_here(Op::Unlock {
                lock: self.name.to_string(),
                mode: LockMode::Read,
            });
        }
    }

    impl<T: ?Sized> Deref for RwLockWriteGuard<'_, T> {
        type Target = T;
        fn deref(&self) -> &T {
            &self.inner
        }
    }

    impl<T: ?Sized> DerefMut for RwLockWriteGuard<'_, T> {
        fn deref_mut(&mut self) -> &mut T {
            &mut self.inner
        }
    }

    impl<T: ?Sized> Drop for RwLockWriteGuard<'_, T> {
        fn drop(&mut self) {
            if std::thread::panicking() {
                return; // as for the read guard: leave loom's guard alone while unwinding
            }
            // SAFETY: `inner` is dropped exactly once, here, and never used after.
            unsafe { ManuallyDrop::drop(&mut self.inner) };
            record::step_here(Op::Unlock {
                lock: self.name.to_string(),
                mode: LockMode::Write,
            });
        }
    }

    /// Mirrors `std::sync::mpsc`'s unbounded channel, on loom's mutex and condvar.
    ///
    /// loom's own `mpsc` does not model a closed channel (its `recv` waits for a message
    /// even when every sender is gone), and the worker pools stop on exactly that. So the
    /// channel is built here: a queue, a count of live senders and a live receiver,
    /// behind one loom mutex, and a condvar the receiver sleeps on. A `recv` returns a
    /// message, or `Err(RecvError)` once the queue is empty and the last sender dropped;
    /// a `send` fails once the receiver is gone. Under the model every send, receive and
    /// last drop is a point where another thread may run.
    ///
    /// On the card a channel is named after the pair its line binds (`let (job_tx,
    /// job_rx) = mpsc::channel()` is `job_tx→job_rx`): `send job_tx→job_rx`, `recv
    /// job_tx→job_rx`, and a thread asleep in `recv` "waits for a message on
    /// job_tx→job_rx".
    pub mod mpsc {
        use crate::events::{Op, Received};
        use crate::record;
        use std::collections::VecDeque;
        use std::fmt;
        use std::panic::Location;
        use std::sync::{Arc, PoisonError};

        pub use std::sync::mpsc::{RecvError, SendError, TryRecvError};

        struct State<T> {
            queue: VecDeque<T>,
            senders: usize,
            receiver: bool,
        }

        struct Shared<T> {
            name: String,
            state: loom::sync::Mutex<State<T>>,
            /// Notified by every send and by the last sender's drop.
            ready: loom::sync::Condvar,
        }

        impl<T> Shared<T> {
            fn state(&self) -> loom::sync::MutexGuard<'_, State<T>> {
                // The shim never panics holding it; a panic elsewhere ends the execution.
                self.state.lock().unwrap_or_else(PoisonError::into_inner)
            }
        }

        /// Mirrors `std::sync::mpsc::Sender`.
        pub struct Sender<T> {
            shared: Arc<Shared<T>>,
        }

        /// Mirrors `std::sync::mpsc::Receiver`.
        pub struct Receiver<T> {
            shared: Arc<Shared<T>>,
        }

        /// An unbounded channel, named on the card after its sender and receiver.
        #[track_caller]
        pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
            let shared = Arc::new(Shared {
                name: record::name_channel(Location::caller()),
                state: loom::sync::Mutex::new(State {
                    queue: VecDeque::new(),
                    senders: 1,
                    receiver: true,
                }),
                ready: loom::sync::Condvar::new(),
            });
            (
                Sender {
                    shared: Arc::clone(&shared),
                },
                Receiver { shared },
            )
        }

        impl<T> Sender<T> {
            /// Queues `value` and wakes the receiver; `Err` (with the value) if the
            /// receiver is gone. Never blocks.
            #[track_caller]
            pub fn send(&self, value: T) -> Result<(), SendError<T>> {
                let location = Location::caller();
                let mut state = self.shared.state();
                if !state.receiver {
                    drop(state);
                    record::step(
                        Op::Send {
                            channel: self.shared.name.clone(),
                            receiver_gone: true,
                        },
                        location,
                    );
                    return Err(SendError(value));
                }
                state.queue.push_back(value);
                drop(state);
                record::step(
                    Op::Send {
                        channel: self.shared.name.clone(),
                        receiver_gone: false,
                    },
                    location,
                );
                self.shared.ready.notify_one();
                Ok(())
            }
        }

        impl<T> Clone for Sender<T> {
            fn clone(&self) -> Self {
                self.shared.state().senders += 1;
                Sender {
                    shared: Arc::clone(&self.shared),
                }
            }
        }

        impl<T> Drop for Sender<T> {
            fn drop(&mut self) {
                if std::thread::panicking() {
                    // The execution is failing: leave loom's (stopped) scheduler alone,
                    // as the RwLock guards do.
                    return;
                }
                let mut state = self.shared.state();
                state.senders -= 1;
                let last = state.senders == 0;
                drop(state);
                if last {
                    record::step_here(Op::Close {
                        channel: self.shared.name.clone(),
                    });
                    self.shared.ready.notify_all();
                }
            }
        }

        impl<T> fmt::Debug for Sender<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct("Sender")
                    .field("channel", &self.shared.name)
                    .finish()
            }
        }

        /// A receive on `channel` that returned with `outcome`.
        fn received(channel: &str, outcome: Received) -> Op {
            Op::Recv {
                channel: channel.to_string(),
                outcome,
            }
        }

        impl<T> Receiver<T> {
            /// Takes the oldest message, sleeping while the queue is empty and a sender
            /// lives; `Err(RecvError)` once it is empty and every sender is gone.
            #[track_caller]
            pub fn recv(&self) -> Result<T, RecvError> {
                let location = Location::caller();
                let name = &self.shared.name;
                let mut state = self.shared.state();
                loop {
                    if let Some(value) = state.queue.pop_front() {
                        drop(state);
                        record::step(received(name, Received::Message), location);
                        return Ok(value);
                    }
                    if state.senders == 0 {
                        drop(state);
                        record::step(received(name, Received::Closed), location);
                        return Err(RecvError);
                    }
                    record::blocks(
                        Op::RecvWaits {
                            channel: name.clone(),
                        },
                        location,
                    );
                    state = self
                        .shared
                        .ready
                        .wait(state)
                        .unwrap_or_else(PoisonError::into_inner);
                }
            }

            /// Takes the oldest message if there is one; never blocks.
            #[track_caller]
            pub fn try_recv(&self) -> Result<T, TryRecvError> {
                let location = Location::caller();
                let name = &self.shared.name;
                let mut state = self.shared.state();
                let result = match state.queue.pop_front() {
                    Some(value) => Ok(value),
                    None if state.senders == 0 => Err(TryRecvError::Disconnected),
                    None => Err(TryRecvError::Empty),
                };
                drop(state);
                let outcome = match &result {
                    Ok(_) => Received::Message,
                    Err(TryRecvError::Empty) => Received::Empty,
                    Err(TryRecvError::Disconnected) => Received::Closed,
                };
                record::step(received(name, outcome), location);
                result
            }

            /// Every message until the channel is closed and empty.
            pub fn iter(&self) -> Iter<'_, T> {
                Iter { receiver: self }
            }

            /// The messages waiting now.
            pub fn try_iter(&self) -> TryIter<'_, T> {
                TryIter { receiver: self }
            }
        }

        impl<T> Drop for Receiver<T> {
            fn drop(&mut self) {
                if std::thread::panicking() {
                    return; // as for `Sender`
                }
                let mut state = self.shared.state();
                state.receiver = false;
                // The queued messages are dropped after the lock is released.
                let queued = std::mem::take(&mut state.queue);
                drop(state);
                drop(queued);
            }
        }

        impl<T> fmt::Debug for Receiver<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct("Receiver")
                    .field("channel", &self.shared.name)
                    .finish()
            }
        }

        /// Mirrors `std::sync::mpsc::Iter`.
        #[derive(Debug)]
        pub struct Iter<'a, T> {
            receiver: &'a Receiver<T>,
        }

        impl<T> Iterator for Iter<'_, T> {
            type Item = T;
            #[track_caller]
            fn next(&mut self) -> Option<T> {
                self.receiver.recv().ok()
            }
        }

        /// Mirrors `std::sync::mpsc::TryIter`.
        #[derive(Debug)]
        pub struct TryIter<'a, T> {
            receiver: &'a Receiver<T>,
        }

        impl<T> Iterator for TryIter<'_, T> {
            type Item = T;
            #[track_caller]
            fn next(&mut self) -> Option<T> {
                self.receiver.try_recv().ok()
            }
        }

        /// Mirrors `std::sync::mpsc::IntoIter`.
        #[derive(Debug)]
        pub struct IntoIter<T> {
            receiver: Receiver<T>,
        }

        impl<T> Iterator for IntoIter<T> {
            type Item = T;
            #[track_caller]
            fn next(&mut self) -> Option<T> {
                self.receiver.recv().ok()
            }
        }

        impl<'a, T> IntoIterator for &'a Receiver<T> {
            type Item = T;
            type IntoIter = Iter<'a, T>;
            fn into_iter(self) -> Iter<'a, T> {
                self.iter()
            }
        }

        impl<T> IntoIterator for Receiver<T> {
            type Item = T;
            type IntoIter = IntoIter<T>;
            fn into_iter(self) -> IntoIter<T> {
                IntoIter { receiver: self }
            }
        }
    }

    /// Mirrors `std::sync::atomic`: loom's atomics, each operation recorded with its
    /// ordering and the value it read or wrote.
    pub mod atomic {
        use crate::events::{Atomic, AtomicOp, Op, Value};
        use crate::record;
        use std::fmt;
        use std::panic::Location;

        pub use std::sync::atomic::Ordering;

        /// Records an atomic operation with what it read and wrote, at the caller's line.
        #[track_caller]
        fn note(
            object: &str,
            kind: AtomicOp,
            order: Ordering,
            read: Option<Value>,
            wrote: Option<Value>,
        ) {
            let atomic = Atomic {
                object: object.to_string(),
                kind,
                order,
                read,
                wrote,
            };
            record::step(Op::Atomic(atomic), Location::caller());
        }

        /// A fence, recorded.
        #[track_caller]
        pub fn fence(order: Ordering) {
            record::step(Op::Fence { order }, Location::caller());
            loom::sync::atomic::fence(order);
        }

        /// Makes loads of one atomic by different threads conflict for loom's search,
        /// so that no store racing with an earlier load is left unexplored.
        ///
        /// loom 0.7.3 remembers one last access per atomic, and a load replaces it
        /// (tokio-rs/loom#392). When thread B loads `x` after thread A did, then stores
        /// to `x`, the store's last access is B's own load, so loom never tries B's
        /// store before A's load: A can never see it, and a model that needs it would
        /// pass a wrong solution. Every load first runs a read-modify-write here, on a
        /// location of its own: read-modify-writes of one location always conflict, so
        /// A's load and B's load are ordered both ways, and B's store with them.
        /// `Relaxed`, it orders nothing else and reads nothing the program sees.
        struct Loads(loom::sync::atomic::AtomicUsize);

        impl Loads {
            fn new() -> Loads {
                Loads(loom::sync::atomic::AtomicUsize::new(0))
            }

            /// Called just before each load of the atomic it belongs to.
            fn conflict(&self) {
                // Relaxed: no partner; only loom's search reads this location.
                self.0.fetch_add(1, loom::sync::atomic::Ordering::Relaxed);
            }
        }

        macro_rules! atomic_int {
            ($($name:ident($int:ty)),* $(,)?) => {$(
                #[doc = concat!("Mirrors `std::sync::atomic::", stringify!($name), "`, recorded.")]
                pub struct $name {
                    name: String,
                    inner: loom::sync::atomic::$name,
                    loads: Loads,
                    /// The value of the last write to it that this execution ran (as
                    /// bits): `swap`'s first guess (see there). Plain std, so not a step
                    /// the model checker sees; loom runs one thread at a time.
                    last_written: std::sync::atomic::AtomicU64,
                }

                impl fmt::Debug for $name {
                    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.debug_struct(stringify!($name)).field("name", &self.name).finish()
                    }
                }

                impl Default for $name {
                    // The caller of `default` (a `#[derive(Default)]` field) names the object.
                    #[track_caller]
                    fn default() -> Self {
                        Self::new(0)
                    }
                }

                impl $name {
                    /// Creates the atomic (named like a [`Mutex`](super::Mutex)).
                    #[track_caller]
                    pub fn new(value: $int) -> Self {
                        Self {
                            name: record::name_object(stringify!($name), Some(Location::caller())),
                            inner: loom::sync::atomic::$name::new(value),
                            loads: Loads::new(),
                            last_written: std::sync::atomic::AtomicU64::new(value as u64),
                        }
                    }

                    /// Loads the value.
                    #[track_caller]
                    pub fn load(&self, order: Ordering) -> $int {
                        self.loads.conflict();
                        let v = self.inner.load(order);
                        note(&self.name, AtomicOp::Load, order, Some(Value::Int(v as i128)), None);
                        v
                    }

                    /// Stores a value.
                    #[track_caller]
                    pub fn store(&self, value: $int, order: Ordering) {
                        self.inner.store(value, order);
                        self.wrote(value);
                        note(&self.name, AtomicOp::Store, order, None, Some(Value::Int(value as i128)));
                    }

                    /// Swaps in a value, returning the old one.
                    ///
                    /// As for [`AtomicBool::swap`]: a swap that finds `value` already
                    /// there writes nothing new (loom 0.7.3 writes a fresh store, and a
                    /// spinner's `swap(1)` may then read its own last 1 until the step
                    /// limit, with a correct lock). It is a compare-and-swap from the
                    /// value last written (almost always what the read-modify-write
                    /// reads: then one step, like the swap), and a failure that finds
                    /// `value` is the read that changes nothing. A failure that finds a
                    /// third value (loom offered an older store) tries again from it.
                    #[track_caller]
                    pub fn swap(&self, value: $int, order: Ordering) -> $int {
                        // The read part of `order`: what a failed compare-and-swap may use.
                        let read = match order {
                            Ordering::Release => Ordering::Relaxed,
                            Ordering::AcqRel => Ordering::Acquire,
                            other => other,
                        };
                        // Any guess but `value` itself: a compare-and-swap from `value`
                        // would succeed and write the very store left out here.
                        let mut guess = self.last_written.load(std::sync::atomic::Ordering::Relaxed) as $int;
                        if guess == value {
                            guess = value ^ 1;
                        }
                        let old = loop {
                            match self.inner.compare_exchange(guess, value, order, read) {
                                Ok(old) => {
                                    self.wrote(value);
                                    break old;
                                }
                                Err(found) if found == value => break found,
                                Err(found) => guess = found,
                            }
                        };
                        note(&self.name, AtomicOp::Swap, order, Some(Value::Int(old as i128)), Some(Value::Int(value as i128)));
                        old
                    }

                    /// Stores `new` if the value is `current`.
                    #[track_caller]
                    pub fn compare_exchange(&self, current: $int, new: $int, success: Ordering, failure: Ordering) -> Result<$int, $int> {
                        let r = self.inner.compare_exchange(current, new, success, failure);
                        if r.is_ok() {
                            self.wrote(new);
                        }
                        self.record_cas(false, current, new, success, r);
                        r
                    }

                    /// Like `compare_exchange`; std allows it to fail spuriously (loom never does).
                    #[track_caller]
                    pub fn compare_exchange_weak(&self, current: $int, new: $int, success: Ordering, failure: Ordering) -> Result<$int, $int> {
                        let r = self.inner.compare_exchange_weak(current, new, success, failure);
                        if r.is_ok() {
                            self.wrote(new);
                        }
                        self.record_cas(true, current, new, success, r);
                        r
                    }

                    #[track_caller]
                    fn record_cas(&self, weak: bool, current: $int, new: $int, order: Ordering, r: Result<$int, $int>) {
                        let (read, wrote) = match r {
                            Ok(_) => (current, Some(Value::Int(new as i128))),
                            Err(found) => (found, None),
                        };
                        let kind = AtomicOp::CompareExchange { weak, expected: Value::Int(current as i128), new: Value::Int(new as i128) };
                        note(&self.name, kind, order, Some(Value::Int(read as i128)), wrote);
                    }

                    /// Adds, returning the previous value.
                    #[track_caller]
                    pub fn fetch_add(&self, value: $int, order: Ordering) -> $int {
                        let old = self.inner.fetch_add(value, order);
                        let new = old.wrapping_add(value);
                        self.wrote(new);
                        note(&self.name, AtomicOp::FetchAdd, order, Some(Value::Int(old as i128)), Some(Value::Int(new as i128)));
                        old
                    }

                    /// Subtracts, returning the previous value.
                    #[track_caller]
                    pub fn fetch_sub(&self, value: $int, order: Ordering) -> $int {
                        let old = self.inner.fetch_sub(value, order);
                        let new = old.wrapping_sub(value);
                        self.wrote(new);
                        note(&self.name, AtomicOp::FetchSub, order, Some(Value::Int(old as i128)), Some(Value::Int(new as i128)));
                        old
                    }

                    /// Stores the maximum, returning the previous value.
                    #[track_caller]
                    pub fn fetch_max(&self, value: $int, order: Ordering) -> $int {
                        let old = self.inner.fetch_max(value, order);
                        let new = old.max(value);
                        self.wrote(new);
                        note(&self.name, AtomicOp::FetchMax, order, Some(Value::Int(old as i128)), Some(Value::Int(new as i128)));
                        old
                    }

                    /// Applies `f` in a compare-exchange loop, returning the previous value.
                    #[track_caller]
                    pub fn fetch_update<F>(&self, set: Ordering, fetch: Ordering, mut f: F) -> Result<$int, $int>
                    where
                        F: FnMut($int) -> Option<$int>,
                    {
                        let mut prev = self.load(fetch);
                        while let Some(next) = f(prev) {
                            match self.compare_exchange_weak(prev, next, set, fetch) {
                                Ok(v) => return Ok(v),
                                Err(actual) => prev = actual,
                            }
                        }
                        Err(prev)
                    }

                    /// Consumes the atomic and returns the value.
                    pub fn into_inner(self) -> $int {
                        self.inner.into_inner()
                    }

                    /// Remembers the value of a write, for `swap`'s first guess.
                    fn wrote(&self, value: $int) {
                        self.last_written.store(value as u64, std::sync::atomic::Ordering::Relaxed);
                    }
                }
            )*};
        }

        atomic_int!(
            AtomicUsize(usize),
            AtomicIsize(isize),
            AtomicU64(u64),
            AtomicI64(i64),
            AtomicU32(u32),
            AtomicI32(i32),
            AtomicU8(u8),
        );

        /// Mirrors `std::sync::atomic::AtomicBool`, recorded.
        pub struct AtomicBool {
            name: String,
            inner: loom::sync::atomic::AtomicBool,
            loads: Loads,
        }

        impl fmt::Debug for AtomicBool {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct("AtomicBool")
                    .field("name", &self.name)
                    .finish()
            }
        }

        impl Default for AtomicBool {
            // The caller of `default` (a `#[derive(Default)]` field) names the object.
            #[track_caller]
            fn default() -> Self {
                AtomicBool::new(false)
            }
        }

        impl AtomicBool {
            /// Creates the flag (named like a [`Mutex`](super::Mutex)).
            #[track_caller]
            pub fn new(value: bool) -> AtomicBool {
                AtomicBool {
                    name: record::name_object("AtomicBool", Some(Location::caller())),
                    inner: loom::sync::atomic::AtomicBool::new(value),
                    loads: Loads::new(),
                }
            }

            /// Loads the flag.
            #[track_caller]
            pub fn load(&self, order: Ordering) -> bool {
                self.loads.conflict();
                let v = self.inner.load(order);
                note(
                    &self.name,
                    AtomicOp::Load,
                    order,
                    Some(Value::Bool(v)),
                    None,
                );
                v
            }

            /// Stores the flag.
            #[track_caller]
            pub fn store(&self, value: bool, order: Ordering) {
                self.inner.store(value, order);
                note(
                    &self.name,
                    AtomicOp::Store,
                    order,
                    None,
                    Some(Value::Bool(value)),
                );
            }

            /// Swaps in a value, returning the old one.
            ///
            /// A swap that finds `value` already there is explored as what it is on
            /// hardware: a read-modify-write that reads the latest value and leaves it
            /// as it was. loom 0.7.3 writes a fresh store for it, and that store breaks
            /// its choice for later read-modify-writes: `match_rmw_to_stores`
            /// (`rt/atomic.rs`, line 780) offers every store that is maximal in loom's
            /// *partial* modification order, and a store is ordered only after what its
            /// own thread has seen (`State::store`, line 455). So a test-and-set
            /// spinner's `swap(true)` may read its own last `true` again and again
            /// after the holder's `store(false)`, and a holder that has seen both may
            /// read that `true` too and order its own `store(false)` before it
            /// (`apply_load_coherence`, line 546), although a read-modify-write reads
            /// the store just before its own. Those schedules spin until the step limit
            /// with a correct lock.
            ///
            /// Writing nothing loses no execution. The store left out would hold the
            /// value it read, right after it in modification order, and loom gives an
            /// RMW's store the synchronization of the store it read (`State::rmw`,
            /// line 534): whoever would have read it reads the same value from the
            /// store before it and acquires the same, except what this swap's own
            /// store would release (a Release part, or a Release fence before it,
            /// `Synchronize::sync_store`). Without that edge a thread sees fewer
            /// happens-before edges, never more, so the model can only find more
            /// races, never miss one: a program that relies on the release of a swap
            /// that changed nothing could be flagged, no bug can hide. The read is one
            /// RMW, as before, with the swap's ordering for its read part.
            #[track_caller]
            pub fn swap(&self, value: bool, order: Ordering) -> bool {
                // The read part of `order`: what a failed compare-and-swap may use.
                let read = match order {
                    Ordering::Release => Ordering::Relaxed,
                    Ordering::AcqRel => Ordering::Acquire,
                    other => other,
                };
                let old = match self.inner.compare_exchange(!value, value, order, read) {
                    Ok(old) | Err(old) => old,
                };
                note(
                    &self.name,
                    AtomicOp::Swap,
                    order,
                    Some(Value::Bool(old)),
                    Some(Value::Bool(value)),
                );
                old
            }

            /// Stores `new` if the flag is `current`.
            #[track_caller]
            pub fn compare_exchange(
                &self,
                current: bool,
                new: bool,
                success: Ordering,
                failure: Ordering,
            ) -> Result<bool, bool> {
                let r = self.inner.compare_exchange(current, new, success, failure);
                self.record_cas(false, current, new, success, r);
                r
            }

            /// Like `compare_exchange`; std allows it to fail spuriously (loom never does).
            #[track_caller]
            pub fn compare_exchange_weak(
                &self,
                current: bool,
                new: bool,
                success: Ordering,
                failure: Ordering,
            ) -> Result<bool, bool> {
                let r = self
                    .inner
                    .compare_exchange_weak(current, new, success, failure);
                self.record_cas(true, current, new, success, r);
                r
            }

            #[track_caller]
            fn record_cas(
                &self,
                weak: bool,
                current: bool,
                new: bool,
                order: Ordering,
                r: Result<bool, bool>,
            ) {
                let (read, wrote) = match r {
                    Ok(_) => (current, Some(Value::Bool(new))),
                    Err(found) => (found, None),
                };
                let kind = AtomicOp::CompareExchange {
                    weak,
                    expected: Value::Bool(current),
                    new: Value::Bool(new),
                };
                note(&self.name, kind, order, Some(Value::Bool(read)), wrote);
            }

            /// Consumes the flag and returns the value.
            pub fn into_inner(self) -> bool {
                self.inner.into_inner()
            }
        }

        /// Mirrors `std::sync::atomic::AtomicPtr`, recorded (pointers shown as null/non-null).
        pub struct AtomicPtr<T> {
            name: String,
            inner: loom::sync::atomic::AtomicPtr<T>,
            loads: Loads,
        }

        impl<T> fmt::Debug for AtomicPtr<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct("AtomicPtr")
                    .field("name", &self.name)
                    .finish()
            }
        }

        /// A pointer as a recorded value: its address.
        fn ptr<T>(p: *mut T) -> Value {
            Value::Ptr(p as usize)
        }

        impl<T> AtomicPtr<T> {
            /// Creates the atomic pointer (named like a [`Mutex`](super::Mutex)).
            #[track_caller]
            pub fn new(value: *mut T) -> AtomicPtr<T> {
                AtomicPtr {
                    name: record::name_object("AtomicPtr", Some(Location::caller())),
                    inner: loom::sync::atomic::AtomicPtr::new(value),
                    loads: Loads::new(),
                }
            }

            /// Loads the pointer.
            #[track_caller]
            pub fn load(&self, order: Ordering) -> *mut T {
                self.loads.conflict();
                let v = self.inner.load(order);
                note(&self.name, AtomicOp::Load, order, Some(ptr(v)), None);
                v
            }

            /// Stores a pointer.
            #[track_caller]
            pub fn store(&self, value: *mut T, order: Ordering) {
                self.inner.store(value, order);
                note(&self.name, AtomicOp::Store, order, None, Some(ptr(value)));
            }

            /// Swaps in a pointer, returning the old one.
            #[track_caller]
            pub fn swap(&self, value: *mut T, order: Ordering) -> *mut T {
                let old = self.inner.swap(value, order);
                note(
                    &self.name,
                    AtomicOp::Swap,
                    order,
                    Some(ptr(old)),
                    Some(ptr(value)),
                );
                old
            }

            /// Stores `new` if the pointer is `current`.
            #[track_caller]
            pub fn compare_exchange(
                &self,
                current: *mut T,
                new: *mut T,
                success: Ordering,
                failure: Ordering,
            ) -> Result<*mut T, *mut T> {
                let r = self.inner.compare_exchange(current, new, success, failure);
                let (read, wrote) = match r {
                    Ok(_) => (current, Some(ptr(new))),
                    Err(found) => (found, None),
                };
                let kind = AtomicOp::CompareExchange {
                    weak: false,
                    expected: ptr(current),
                    new: ptr(new),
                };
                note(&self.name, kind, success, Some(ptr(read)), wrote);
                r
            }
        }
    }
}

/// Mirrors `std::thread`: loom's threads, recorded.
pub mod thread {
    use crate::events::Op;
    use crate::record;
    use std::panic::Location;

    /// Mirrors `std::thread::JoinHandle`.
    #[derive(Debug)]
    pub struct JoinHandle<T> {
        number: usize,
        thread: Thread,
        inner: loom::thread::JoinHandle<T>,
    }

    /// Mirrors `std::thread::Result`.
    pub type Result<T> = std::thread::Result<T>;

    /// Spawns a model thread (shown as `thread N` on the card).
    #[track_caller]
    pub fn spawn<F, T>(f: F) -> JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        spawn_with(loom::thread::Builder::new(), None, f, Location::caller())
    }

    fn spawn_with<F, T>(
        builder: loom::thread::Builder,
        name: Option<String>,
        f: F,
        location: &'static Location<'static>,
    ) -> JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let body = Unrun(Some(f));
        let inner = builder
            .spawn(move || {
                let mut body = body;
                record::thread_starts();
                let f = body.0.take().expect("a thread runs once");
                let value = f();
                record::step_here(Op::Finishes);
                value
            })
            .expect("loom always spawns");
        let number = record::card_number(inner.thread().id());
        record::step(
            Op::Spawn {
                thread: number,
                name,
            },
            location,
        );
        let thread = Thread {
            number,
            inner: inner.thread().clone(),
        };
        JoinHandle {
            number,
            thread,
            inner,
        }
    }

    /// A thread's closure until it runs. A failing execution can end before loom starts
    /// a spawned thread; loom then drops the closure while the failure unwinds, and
    /// whatever it owns (a `Sender` whose `drop` locks a mutex) would call into loom's
    /// stopped scheduler, panic again, and abort the whole test binary with no report.
    /// A closure that never ran is leaked instead: the execution is over, and a test
    /// process lives only as long as its tests.
    struct Unrun<F>(Option<F>);

    impl<F> Drop for Unrun<F> {
        fn drop(&mut self) {
            if let Some(f) = self.0.take() {
                std::mem::forget(f);
            }
        }
    }

    /// Mirrors `std::thread::Builder`: a thread's name is kept, and the card's row that
    /// spawns it shows it (`spawns thread 1 (worker-0)`).
    #[derive(Debug, Default)]
    pub struct Builder {
        name: Option<String>,
        stack_size: Option<usize>,
    }

    impl Builder {
        /// A builder with no name.
        pub fn new() -> Builder {
            Builder::default()
        }

        /// Names the thread (`thread::current().name()` in it, and the card's spawn row).
        pub fn name(self, name: String) -> Builder {
            Builder {
                name: Some(name),
                ..self
            }
        }

        /// Sets the stack size of the model thread.
        pub fn stack_size(self, size: usize) -> Builder {
            Builder {
                stack_size: Some(size),
                ..self
            }
        }

        /// Spawns the model thread; under the model this never fails.
        #[track_caller]
        pub fn spawn<F, T>(self, f: F) -> std::io::Result<JoinHandle<T>>
        where
            F: FnOnce() -> T + Send + 'static,
            T: Send + 'static,
        {
            let mut builder = loom::thread::Builder::new();
            if let Some(name) = &self.name {
                builder = builder.name(name.clone());
            }
            if let Some(size) = self.stack_size {
                builder = builder.stack_size(size);
            }
            Ok(spawn_with(builder, self.name, f, Location::caller()))
        }
    }

    impl<T> JoinHandle<T> {
        /// The thread (to `unpark` it, or read its name).
        pub fn thread(&self) -> &Thread {
            &self.thread
        }

        /// Waits for the thread to finish and returns its value (or its panic).
        #[track_caller]
        pub fn join(self) -> std::thread::Result<T> {
            let location = Location::caller();
            record::blocks(
                Op::Join {
                    thread: self.number,
                },
                location,
            );
            let result = self.inner.join();
            record::step(
                Op::Joined {
                    thread: self.number,
                },
                location,
            );
            result
        }
    }

    /// Lets another thread run.
    #[track_caller]
    pub fn yield_now() {
        record::step(Op::YieldNow, Location::caller());
        loom::thread::yield_now();
    }

    /// Mirrors `std::thread::Thread`: a handle that can unpark a model thread.
    #[derive(Debug, Clone)]
    pub struct Thread {
        number: usize,
        inner: loom::thread::Thread,
    }

    impl Thread {
        /// The thread's name, if a [`Builder`] gave it one.
        pub fn name(&self) -> Option<&str> {
            self.inner.name()
        }

        /// Makes the thread's park token available: its current or next `park` returns.
        #[track_caller]
        pub fn unpark(&self) {
            record::step(
                Op::Unpark {
                    thread: self.number,
                },
                Location::caller(),
            );
            self.inner.unpark();
        }
    }

    /// The handle of the model thread running now.
    pub fn current() -> Thread {
        let inner = loom::thread::current();
        Thread {
            number: record::card_number(inner.id()),
            inner,
        }
    }

    /// Whether this thread is unwinding from a panic (std's, unrecorded: it is no
    /// synchronization).
    pub fn panicking() -> bool {
        std::thread::panicking()
    }

    /// Sleeps until this thread's park token is available, then consumes it.
    #[track_caller]
    ///
    /// In a model that explores [spurious wake-ups](crate::Model::spurious_wakeups) it
    /// may also return when no thread unparked this one: std allows that.
    pub fn park() {
        let location = Location::caller();
        let me = record::current_thread();
        record::blocks(Op::Park, location);
        record::parks(me, loom::thread::current());
        loom::thread::park();
        let spurious = record::woke(me);
        record::step(Op::WokeFromPark { spurious }, location);
    }
}

/// Mirrors `std::hint`: under the model, a spin-loop hint is a yield, so a spin loop
/// lets the thread it waits for run, and `black_box` is a step the checker interleaves.
pub mod hint {
    /// Tells the model checker this thread is spinning.
    #[track_caller]
    pub fn spin_loop() {
        crate::record::step(crate::events::Op::SpinLoop, std::panic::Location::caller());
        loom::hint::spin_loop();
    }

    loom::lazy_static! {
        /// Counts `black_box` calls in this execution, so that each is an operation the
        /// model checker sees.
        static ref COMPUTE_STEPS: loom::sync::atomic::AtomicUsize =
            loom::sync::atomic::AtomicUsize::new(0);
    }

    /// `std::hint::black_box`, and under the model a step the checker can put another
    /// thread's computation next to. Pure computation reaches no lock or atomic, so a
    /// lock held around it is invisible to the model: another thread can only ever find
    /// it free, before or after. Every call here is a read-modify-write of one shared
    /// counter, so the checker interleaves the `black_box` calls of different threads
    /// every way: a thread that computes and then probes the lock runs between any two
    /// steps of another thread's computation, and sees the lock held if it is.
    #[track_caller]
    pub fn black_box<T>(value: T) -> T {
        crate::record::step(crate::events::Op::Computes, std::panic::Location::caller());
        // Relaxed: a count no one reads; it is here to be an operation, not to order any.
        COMPUTE_STEPS.fetch_add(1, loom::sync::atomic::Ordering::Relaxed);
        std::hint::black_box(value)
    }
}

/// An `UnsafeCell` whose accesses loom checks for data races.
///
/// The API is loom's (`with`/`with_mut` taking a closure over a raw pointer) because it
/// must mark where an access begins and ends; [`crate::std_shim::cell::UnsafeCell`] has
/// the same API over std's cell.
pub mod cell {
    use crate::events::Op;
    use crate::record;
    use std::panic::Location;

    /// Mirrors `UnsafeCell`, with loom's access-tracking API.
    #[derive(Debug)]
    pub struct UnsafeCell<T> {
        name: String,
        inner: loom::cell::UnsafeCell<T>,
    }

    impl<T> UnsafeCell<T> {
        /// Wraps a value (named like a [`Mutex`](super::sync::Mutex)).
        #[track_caller]
        pub fn new(value: T) -> UnsafeCell<T> {
            UnsafeCell {
                name: record::name_object("UnsafeCell", Some(Location::caller())),
                inner: loom::cell::UnsafeCell::new(value),
            }
        }

        /// Reads through a `*const T`; loom checks no write races with it.
        #[track_caller]
        pub fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
            record::step(
                Op::CellRead {
                    cell: self.name.clone(),
                },
                Location::caller(),
            );
            self.inner.with(f)
        }

        /// Writes through a `*mut T`; loom checks no other access races with it.
        #[track_caller]
        pub fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
            record::step(
                Op::CellWrite {
                    cell: self.name.clone(),
                },
                Location::caller(),
            );
            self.inner.with_mut(f)
        }

        /// Consumes the cell and returns the value.
        pub fn into_inner(self) -> T {
            self.inner.into_inner()
        }
    }
}
