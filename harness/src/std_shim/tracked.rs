//! std's types with the same API, reporting to [`crate::detect::track`] (the `track` feature).

use crate::detect::track;
use std::panic::Location;

/// Identity of a shared object: its number and the test that made it.
#[derive(Debug, Clone, Copy)]
struct Obj {
    id: usize,
    test: usize,
}

impl Obj {
    #[track_caller]
    fn new(kind: &'static str) -> Obj {
        let (id, test) = track::new_object(kind, Location::caller());
        Obj { id, test }
    }
}

/// Mirrors `std::sync`, tracked.
pub mod sync {
    use super::Obj;
    use crate::detect::track::{self, Wait};
    use std::fmt;
    use std::ops::{Deref, DerefMut};
    use std::panic::Location;
    use std::time::Duration;

    pub use std::sync::{
        Arc, LockResult, PoisonError, TryLockError, TryLockResult, WaitTimeoutResult, Weak,
    };

    /// Maps a std lock result to one over a wrapper guard.
    fn map_lock<G, W>(result: LockResult<G>, wrap: impl FnOnce(G) -> W) -> LockResult<W> {
        match result {
            Ok(guard) => Ok(wrap(guard)),
            Err(poisoned) => Err(PoisonError::new(wrap(poisoned.into_inner()))),
        }
    }

    /// Mirrors `std::sync::Mutex`.
    pub struct Mutex<T: ?Sized> {
        obj: Obj,
        inner: std::sync::Mutex<T>,
    }

    /// Mirrors `std::sync::MutexGuard`.
    pub struct MutexGuard<'a, T: ?Sized> {
        mutex: &'a Mutex<T>,
        inner: Option<std::sync::MutexGuard<'a, T>>,
    }

    impl<T> Mutex<T> {
        /// Creates a mutex.
        #[track_caller]
        pub fn new(value: T) -> Mutex<T> {
            Mutex {
                obj: Obj::new("Mutex"),
                inner: std::sync::Mutex::new(value),
            }
        }

        /// Consumes the mutex and returns the value.
        pub fn into_inner(self) -> LockResult<T>
        where
            T: Sized,
        {
            self.inner.into_inner()
        }
    }

    impl<T: Default> Default for Mutex<T> {
        #[track_caller]
        fn default() -> Self {
            Mutex::new(T::default())
        }
    }

    impl<T> From<T> for Mutex<T> {
        #[track_caller]
        fn from(value: T) -> Self {
            Mutex::new(value)
        }
    }

    impl<T: ?Sized> Mutex<T> {
        fn guard<'a>(&'a self, inner: std::sync::MutexGuard<'a, T>) -> MutexGuard<'a, T> {
            MutexGuard {
                mutex: self,
                inner: Some(inner),
            }
        }

        fn lock_at(&self, site: track::Site) -> LockResult<MutexGuard<'_, T>> {
            let result = match self.inner.try_lock() {
                Ok(guard) => Ok(guard),
                Err(std::sync::TryLockError::Poisoned(poisoned)) => Err(poisoned),
                Err(std::sync::TryLockError::WouldBlock) => {
                    track::block(Wait::Lock(self.obj.id), self.obj.test, site, false);
                    let result = self.inner.lock();
                    track::unblock();
                    result
                }
            };
            track::acquired(self.obj.id, self.obj.test, "locked", site);
            map_lock(result, |g| self.guard(g))
        }

        /// Locks, blocking while another thread holds it.
        #[track_caller]
        pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
            self.lock_at(Location::caller())
        }

        /// Locks if nobody holds it.
        #[track_caller]
        pub fn try_lock(&self) -> TryLockResult<MutexGuard<'_, T>> {
            let site = Location::caller();
            match self.inner.try_lock() {
                Ok(guard) => {
                    track::acquired(self.obj.id, self.obj.test, "locked", site);
                    Ok(self.guard(guard))
                }
                Err(std::sync::TryLockError::Poisoned(poisoned)) => {
                    track::acquired(self.obj.id, self.obj.test, "locked", site);
                    Err(TryLockError::Poisoned(PoisonError::new(
                        self.guard(poisoned.into_inner()),
                    )))
                }
                Err(std::sync::TryLockError::WouldBlock) => {
                    track::op("try_lock (busy)", self.obj.id, self.obj.test, site, false);
                    Err(TryLockError::WouldBlock)
                }
            }
        }

        /// Whether a thread panicked while holding the lock.
        pub fn is_poisoned(&self) -> bool {
            self.inner.is_poisoned()
        }

        /// Clears the poisoned flag.
        pub fn clear_poison(&self) {
            self.inner.clear_poison();
        }

        /// The value, through `&mut self` (no locking needed).
        pub fn get_mut(&mut self) -> LockResult<&mut T> {
            self.inner.get_mut()
        }
    }

    impl<T: ?Sized + fmt::Debug> fmt::Debug for Mutex<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.inner.fmt(f)
        }
    }

    impl<T: ?Sized> Deref for MutexGuard<'_, T> {
        type Target = T;
        fn deref(&self) -> &T {
            self.inner
                .as_deref()
                .expect("a guard holds its lock until dropped")
        }
    }

    impl<T: ?Sized> DerefMut for MutexGuard<'_, T> {
        fn deref_mut(&mut self) -> &mut T {
            self.inner
                .as_deref_mut()
                .expect("a guard holds its lock until dropped")
        }
    }

    impl<T: ?Sized> Drop for MutexGuard<'_, T> {
        fn drop(&mut self) {
            if self.inner.take().is_some() {
                track::released(self.mutex.obj.id, "unlocked");
            }
        }
    }

    impl<T: ?Sized + fmt::Debug> fmt::Debug for MutexGuard<'_, T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            fmt::Debug::fmt(&**self, f)
        }
    }

    impl<T: ?Sized + fmt::Display> fmt::Display for MutexGuard<'_, T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            fmt::Display::fmt(&**self, f)
        }
    }

    /// Mirrors `std::sync::Condvar`.
    pub struct Condvar {
        obj: Obj,
        inner: std::sync::Condvar,
    }

    impl Default for Condvar {
        #[track_caller]
        fn default() -> Self {
            Condvar::new()
        }
    }

    impl fmt::Debug for Condvar {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("Condvar { .. }")
        }
    }

    impl Condvar {
        /// Creates a condition variable.
        #[track_caller]
        pub fn new() -> Condvar {
            Condvar {
                obj: Obj::new("Condvar"),
                inner: std::sync::Condvar::new(),
            }
        }

        /// Releases the guard's lock, sleeps until notified, and locks again; `timeout`
        /// bounds the sleep.
        fn sleep<'a, T, R>(
            &self,
            mut guard: MutexGuard<'a, T>,
            site: track::Site,
            timed: bool,
            wait: impl FnOnce(
                std::sync::MutexGuard<'a, T>,
            ) -> (LockResult<std::sync::MutexGuard<'a, T>>, R),
        ) -> (LockResult<MutexGuard<'a, T>>, R) {
            let mutex = guard.mutex;
            let inner = guard.inner.take().expect("a guard holds its lock");
            drop(guard);
            track::released(mutex.obj.id, "unlocked");
            track::block(
                Wait::Condvar {
                    condvar: self.obj.id,
                    mutex: mutex.obj.id,
                },
                self.obj.test,
                site,
                timed,
            );
            let (result, extra) = wait(inner);
            track::unblock();
            track::acquired(mutex.obj.id, mutex.obj.test, "woke and locked", site);
            (map_lock(result, |g| mutex.guard(g)), extra)
        }

        /// Releases the lock, sleeps until notified, and locks again.
        #[track_caller]
        pub fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
            self.sleep(guard, Location::caller(), false, |g| {
                (self.inner.wait(g), ())
            })
            .0
        }

        /// Waits until `condition` is false.
        #[track_caller]
        pub fn wait_while<'a, T, F>(
            &self,
            mut guard: MutexGuard<'a, T>,
            mut condition: F,
        ) -> LockResult<MutexGuard<'a, T>>
        where
            F: FnMut(&mut T) -> bool,
        {
            let site = Location::caller();
            while condition(&mut *guard) {
                guard = self
                    .sleep(guard, site, false, |g| (self.inner.wait(g), ()))
                    .0?;
            }
            Ok(guard)
        }

        /// Waits until notified or `timeout` has passed.
        #[track_caller]
        pub fn wait_timeout<'a, T>(
            &self,
            guard: MutexGuard<'a, T>,
            timeout: Duration,
        ) -> LockResult<(MutexGuard<'a, T>, WaitTimeoutResult)> {
            let (result, timed_out) = self.sleep(guard, Location::caller(), true, |g| {
                match self.inner.wait_timeout(g, timeout) {
                    Ok((g, t)) => (Ok(g), Some(t)),
                    Err(p) => {
                        let (g, t) = p.into_inner();
                        (Err(PoisonError::new(g)), Some(t))
                    }
                }
            });
            let timed_out = timed_out.expect("set above");
            match result {
                Ok(g) => Ok((g, timed_out)),
                Err(p) => Err(PoisonError::new((p.into_inner(), timed_out))),
            }
        }

        /// Waits until `condition` is false, or `timeout` has passed.
        #[track_caller]
        pub fn wait_timeout_while<'a, T, F>(
            &self,
            guard: MutexGuard<'a, T>,
            timeout: Duration,
            mut condition: F,
        ) -> LockResult<(MutexGuard<'a, T>, WaitTimeoutResult)>
        where
            F: FnMut(&mut T) -> bool,
        {
            let (result, timed_out) = self.sleep(guard, Location::caller(), true, |g| {
                match self.inner.wait_timeout_while(g, timeout, |v| condition(v)) {
                    Ok((g, t)) => (Ok(g), Some(t)),
                    Err(p) => {
                        let (g, t) = p.into_inner();
                        (Err(PoisonError::new(g)), Some(t))
                    }
                }
            });
            let timed_out = timed_out.expect("set above");
            match result {
                Ok(g) => Ok((g, timed_out)),
                Err(p) => Err(PoisonError::new((p.into_inner(), timed_out))),
            }
        }

        /// Wakes one waiting thread.
        #[track_caller]
        pub fn notify_one(&self) {
            track::op(
                "notify_one",
                self.obj.id,
                self.obj.test,
                Location::caller(),
                true,
            );
            self.inner.notify_one();
        }

        /// Wakes every waiting thread.
        #[track_caller]
        pub fn notify_all(&self) {
            track::op(
                "notify_all",
                self.obj.id,
                self.obj.test,
                Location::caller(),
                true,
            );
            self.inner.notify_all();
        }
    }

    /// Mirrors `std::sync::RwLock`.
    pub struct RwLock<T: ?Sized> {
        obj: Obj,
        inner: std::sync::RwLock<T>,
    }

    /// Mirrors `std::sync::RwLockReadGuard`.
    pub struct RwLockReadGuard<'a, T: ?Sized> {
        lock: &'a RwLock<T>,
        inner: std::sync::RwLockReadGuard<'a, T>,
    }

    /// Mirrors `std::sync::RwLockWriteGuard`.
    pub struct RwLockWriteGuard<'a, T: ?Sized> {
        lock: &'a RwLock<T>,
        inner: std::sync::RwLockWriteGuard<'a, T>,
    }

    impl<T> RwLock<T> {
        /// Creates a reader-writer lock.
        #[track_caller]
        pub fn new(value: T) -> RwLock<T> {
            RwLock {
                obj: Obj::new("RwLock"),
                inner: std::sync::RwLock::new(value),
            }
        }

        /// Consumes the lock and returns the value.
        pub fn into_inner(self) -> LockResult<T>
        where
            T: Sized,
        {
            self.inner.into_inner()
        }
    }

    impl<T: Default> Default for RwLock<T> {
        #[track_caller]
        fn default() -> Self {
            RwLock::new(T::default())
        }
    }

    impl<T: ?Sized + fmt::Debug> fmt::Debug for RwLock<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.inner.fmt(f)
        }
    }

    impl<T: ?Sized> RwLock<T> {
        /// Locks for reading, blocking while a writer holds it.
        #[track_caller]
        pub fn read(&self) -> LockResult<RwLockReadGuard<'_, T>> {
            let site = Location::caller();
            let result = match self.inner.try_read() {
                Ok(guard) => Ok(guard),
                Err(std::sync::TryLockError::Poisoned(p)) => Err(p),
                Err(std::sync::TryLockError::WouldBlock) => {
                    track::block(Wait::Read(self.obj.id), self.obj.test, site, false);
                    let result = self.inner.read();
                    track::unblock();
                    result
                }
            };
            track::acquired(self.obj.id, self.obj.test, "read-locked", site);
            map_lock(result, |inner| RwLockReadGuard { lock: self, inner })
        }

        /// Locks for writing, blocking while anyone holds it.
        #[track_caller]
        pub fn write(&self) -> LockResult<RwLockWriteGuard<'_, T>> {
            let site = Location::caller();
            let result = match self.inner.try_write() {
                Ok(guard) => Ok(guard),
                Err(std::sync::TryLockError::Poisoned(p)) => Err(p),
                Err(std::sync::TryLockError::WouldBlock) => {
                    track::block(Wait::Lock(self.obj.id), self.obj.test, site, false);
                    let result = self.inner.write();
                    track::unblock();
                    result
                }
            };
            track::acquired(self.obj.id, self.obj.test, "write-locked", site);
            map_lock(result, |inner| RwLockWriteGuard { lock: self, inner })
        }

        /// Locks for reading if no writer holds it.
        #[track_caller]
        pub fn try_read(&self) -> TryLockResult<RwLockReadGuard<'_, T>> {
            let site = Location::caller();
            match self.inner.try_read() {
                Ok(inner) => {
                    track::acquired(self.obj.id, self.obj.test, "read-locked", site);
                    Ok(RwLockReadGuard { lock: self, inner })
                }
                Err(std::sync::TryLockError::Poisoned(p)) => {
                    track::acquired(self.obj.id, self.obj.test, "read-locked", site);
                    Err(TryLockError::Poisoned(PoisonError::new(RwLockReadGuard {
                        lock: self,
                        inner: p.into_inner(),
                    })))
                }
                Err(std::sync::TryLockError::WouldBlock) => {
                    track::op("try_read (busy)", self.obj.id, self.obj.test, site, false);
                    Err(TryLockError::WouldBlock)
                }
            }
        }

        /// Locks for writing if nobody holds it.
        #[track_caller]
        pub fn try_write(&self) -> TryLockResult<RwLockWriteGuard<'_, T>> {
            let site = Location::caller();
            match self.inner.try_write() {
                Ok(inner) => {
                    track::acquired(self.obj.id, self.obj.test, "write-locked", site);
                    Ok(RwLockWriteGuard { lock: self, inner })
                }
                Err(std::sync::TryLockError::Poisoned(p)) => {
                    track::acquired(self.obj.id, self.obj.test, "write-locked", site);
                    Err(TryLockError::Poisoned(PoisonError::new(RwLockWriteGuard {
                        lock: self,
                        inner: p.into_inner(),
                    })))
                }
                Err(std::sync::TryLockError::WouldBlock) => {
                    track::op("try_write (busy)", self.obj.id, self.obj.test, site, false);
                    Err(TryLockError::WouldBlock)
                }
            }
        }

        /// Whether a thread panicked while holding the write lock.
        pub fn is_poisoned(&self) -> bool {
            self.inner.is_poisoned()
        }

        /// The value, through `&mut self`.
        pub fn get_mut(&mut self) -> LockResult<&mut T> {
            self.inner.get_mut()
        }
    }

    impl<T: ?Sized> Deref for RwLockReadGuard<'_, T> {
        type Target = T;
        fn deref(&self) -> &T {
            &self.inner
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

    impl<T: ?Sized> Drop for RwLockReadGuard<'_, T> {
        fn drop(&mut self) {
            track::released(self.lock.obj.id, "read-unlocked");
        }
    }

    impl<T: ?Sized> Drop for RwLockWriteGuard<'_, T> {
        fn drop(&mut self) {
            track::released(self.lock.obj.id, "write-unlocked");
        }
    }

    impl<T: ?Sized + fmt::Debug> fmt::Debug for RwLockReadGuard<'_, T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            fmt::Debug::fmt(&**self, f)
        }
    }

    impl<T: ?Sized + fmt::Debug> fmt::Debug for RwLockWriteGuard<'_, T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            fmt::Debug::fmt(&**self, f)
        }
    }

    /// Mirrors `std::sync::mpsc`, tracked.
    pub mod mpsc {
        use super::Obj;
        use crate::detect::track::{self, Wait};
        use std::fmt;
        use std::panic::Location;
        use std::time::Duration;

        pub use std::sync::mpsc::{
            RecvError, RecvTimeoutError, SendError, TryRecvError, TrySendError,
        };

        /// Mirrors `std::sync::mpsc::Sender`.
        pub struct Sender<T> {
            obj: Obj,
            inner: std::sync::mpsc::Sender<T>,
        }

        /// Mirrors `std::sync::mpsc::SyncSender`.
        pub struct SyncSender<T> {
            obj: Obj,
            inner: std::sync::mpsc::SyncSender<T>,
        }

        /// Mirrors `std::sync::mpsc::Receiver`.
        pub struct Receiver<T> {
            obj: Obj,
            inner: std::sync::mpsc::Receiver<T>,
        }

        /// An unbounded channel.
        #[track_caller]
        pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
            let obj = Obj::new("channel");
            let (tx, rx) = std::sync::mpsc::channel();
            (Sender { obj, inner: tx }, Receiver { obj, inner: rx })
        }

        /// A bounded channel of `bound` slots (0: every send waits for its receive).
        #[track_caller]
        pub fn sync_channel<T>(bound: usize) -> (SyncSender<T>, Receiver<T>) {
            let obj = Obj::new("sync_channel");
            let (tx, rx) = std::sync::mpsc::sync_channel(bound);
            (SyncSender { obj, inner: tx }, Receiver { obj, inner: rx })
        }

        impl<T> Sender<T> {
            /// Sends without blocking.
            #[track_caller]
            pub fn send(&self, value: T) -> Result<(), SendError<T>> {
                track::op(
                    "sent on",
                    self.obj.id,
                    self.obj.test,
                    Location::caller(),
                    true,
                );
                self.inner.send(value)
            }
        }

        impl<T> Clone for Sender<T> {
            fn clone(&self) -> Self {
                Sender {
                    obj: self.obj,
                    inner: self.inner.clone(),
                }
            }
        }

        impl<T> Drop for Sender<T> {
            fn drop(&mut self) {
                // Dropping the last sender wakes a receiver: progress.
                track::progress();
            }
        }

        impl<T> fmt::Debug for Sender<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("Sender { .. }")
            }
        }

        impl<T> SyncSender<T> {
            /// Sends, blocking while the channel is full.
            #[track_caller]
            pub fn send(&self, value: T) -> Result<(), SendError<T>> {
                let site = Location::caller();
                let value = match self.inner.try_send(value) {
                    Ok(()) => {
                        track::op("sent on", self.obj.id, self.obj.test, site, true);
                        return Ok(());
                    }
                    Err(TrySendError::Disconnected(v)) => return Err(SendError(v)),
                    Err(TrySendError::Full(v)) => v,
                };
                track::block(Wait::Send(self.obj.id), self.obj.test, site, false);
                let result = self.inner.send(value);
                track::unblock();
                track::op("sent on", self.obj.id, self.obj.test, site, true);
                result
            }

            /// Sends if there is room.
            #[track_caller]
            pub fn try_send(&self, value: T) -> Result<(), TrySendError<T>> {
                let result = self.inner.try_send(value);
                let what = if result.is_ok() {
                    "sent on"
                } else {
                    "try_send (failed)"
                };
                track::op(
                    what,
                    self.obj.id,
                    self.obj.test,
                    Location::caller(),
                    result.is_ok(),
                );
                result
            }
        }

        impl<T> Clone for SyncSender<T> {
            fn clone(&self) -> Self {
                SyncSender {
                    obj: self.obj,
                    inner: self.inner.clone(),
                }
            }
        }

        impl<T> Drop for SyncSender<T> {
            fn drop(&mut self) {
                track::progress();
            }
        }

        impl<T> fmt::Debug for SyncSender<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("SyncSender { .. }")
            }
        }

        impl<T> Receiver<T> {
            /// Receives, blocking until a message comes or every sender is gone.
            #[track_caller]
            pub fn recv(&self) -> Result<T, RecvError> {
                let site = Location::caller();
                match self.inner.try_recv() {
                    Ok(v) => {
                        track::op("received on", self.obj.id, self.obj.test, site, true);
                        return Ok(v);
                    }
                    Err(TryRecvError::Disconnected) => {
                        track::op("recv (closed)", self.obj.id, self.obj.test, site, true);
                        return Err(RecvError);
                    }
                    Err(TryRecvError::Empty) => {}
                }
                track::block(Wait::Recv(self.obj.id), self.obj.test, site, false);
                let result = self.inner.recv();
                track::unblock();
                track::op("received on", self.obj.id, self.obj.test, site, true);
                result
            }

            /// Receives if a message is waiting.
            #[track_caller]
            pub fn try_recv(&self) -> Result<T, TryRecvError> {
                let result = self.inner.try_recv();
                let what = if result.is_ok() {
                    "received on"
                } else {
                    "try_recv (nothing)"
                };
                track::op(
                    what,
                    self.obj.id,
                    self.obj.test,
                    Location::caller(),
                    result.is_ok(),
                );
                result
            }

            /// Receives, waiting at most `timeout`.
            #[track_caller]
            pub fn recv_timeout(&self, timeout: Duration) -> Result<T, RecvTimeoutError> {
                let site = Location::caller();
                track::block(Wait::Recv(self.obj.id), self.obj.test, site, true);
                let result = self.inner.recv_timeout(timeout);
                track::unblock();
                track::op(
                    "received on",
                    self.obj.id,
                    self.obj.test,
                    site,
                    result.is_ok(),
                );
                result
            }

            /// Every message until every sender is gone.
            pub fn iter(&self) -> Iter<'_, T> {
                Iter { receiver: self }
            }

            /// The messages waiting now.
            pub fn try_iter(&self) -> TryIter<'_, T> {
                TryIter { receiver: self }
            }
        }

        impl<T> fmt::Debug for Receiver<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("Receiver { .. }")
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

    /// Mirrors `std::sync::atomic`: std's atomics; every write counts as progress.
    pub mod atomic {
        use crate::detect::track;
        use std::fmt;
        use std::panic::Location;

        pub use std::sync::atomic::Ordering;

        /// A fence.
        pub fn fence(order: Ordering) {
            std::sync::atomic::fence(order);
        }

        /// The atomic's number for the detector's reports, given on first use (so that
        /// `new` stays `const`).
        #[track_caller]
        fn number(slot: &std::sync::atomic::AtomicUsize) -> usize {
            // Relaxed: the number only names the atomic in a report.
            match slot.load(Ordering::Relaxed) {
                0 => {
                    let (id, _) = track::new_object("atomic (first used here)", Location::caller());
                    // Relaxed: as above; a lost race just names it twice.
                    slot.store(id, Ordering::Relaxed);
                    id
                }
                id => id,
            }
        }

        macro_rules! atomic {
            ($name:ident($t:ty) $(, $int:ident)?) => {
                #[doc = concat!("Mirrors `std::sync::atomic::", stringify!($name), "`.")]
                #[derive(Default)]
                pub struct $name {
                    id: std::sync::atomic::AtomicUsize,
                    inner: std::sync::atomic::$name,
                }

                impl fmt::Debug for $name {
                    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        self.inner.fmt(f)
                    }
                }

                impl From<$t> for $name {
                    fn from(value: $t) -> Self {
                        $name::new(value)
                    }
                }

                impl $name {
                    /// Creates the atomic.
                    pub const fn new(value: $t) -> Self {
                        $name {
                            id: std::sync::atomic::AtomicUsize::new(0),
                            inner: std::sync::atomic::$name::new(value),
                        }
                    }

                    #[track_caller]
                    fn note(&self, what: &'static str, wrote: bool) {
                        track::op(what, number(&self.id), 0, Location::caller(), wrote);
                    }

                    /// Reads the value.
                    #[track_caller]
                    pub fn load(&self, order: Ordering) -> $t {
                        self.note("load", false);
                        self.inner.load(order)
                    }

                    /// Writes the value.
                    #[track_caller]
                    pub fn store(&self, value: $t, order: Ordering) {
                        self.inner.store(value, order);
                        self.note("store", true);
                    }

                    /// Writes the value and returns the old one.
                    #[track_caller]
                    pub fn swap(&self, value: $t, order: Ordering) -> $t {
                        let old = self.inner.swap(value, order);
                        self.note("swap", true);
                        old
                    }

                    /// Writes `new` if the value is `current`.
                    #[track_caller]
                    pub fn compare_exchange(
                        &self,
                        current: $t,
                        new: $t,
                        success: Ordering,
                        failure: Ordering,
                    ) -> Result<$t, $t> {
                        let result = self.inner.compare_exchange(current, new, success, failure);
                        self.note("compare_exchange", result.is_ok());
                        result
                    }

                    /// Like `compare_exchange`, but may fail spuriously.
                    #[track_caller]
                    pub fn compare_exchange_weak(
                        &self,
                        current: $t,
                        new: $t,
                        success: Ordering,
                        failure: Ordering,
                    ) -> Result<$t, $t> {
                        let result =
                            self.inner.compare_exchange_weak(current, new, success, failure);
                        self.note("compare_exchange_weak", result.is_ok());
                        result
                    }

                    /// Applies `f` until it sticks.
                    #[track_caller]
                    pub fn fetch_update<F>(
                        &self,
                        set: Ordering,
                        fetch: Ordering,
                        f: F,
                    ) -> Result<$t, $t>
                    where
                        F: FnMut($t) -> Option<$t>,
                    {
                        let result = self.inner.fetch_update(set, fetch, f);
                        self.note("fetch_update", result.is_ok());
                        result
                    }

                    /// The value, through `&mut self`.
                    pub fn get_mut(&mut self) -> &mut $t {
                        self.inner.get_mut()
                    }

                    /// Consumes the atomic and returns the value.
                    pub fn into_inner(self) -> $t {
                        self.inner.into_inner()
                    }
                }

                $(atomic!(@$int $name($t));)?
            };
            (@int $name:ident($t:ty)) => {
                impl $name {
                    atomic!(@rmw $t, fetch_add, fetch_sub, fetch_max, fetch_min, fetch_and,
                        fetch_or, fetch_xor, fetch_nand);
                }
            };
            (@bool $name:ident($t:ty)) => {
                impl $name {
                    atomic!(@rmw $t, fetch_and, fetch_or, fetch_xor, fetch_nand);
                }
            };
            (@rmw $t:ty, $($op:ident),*) => {$(
                #[doc = concat!("`", stringify!($op), "`, as std's.")]
                #[track_caller]
                pub fn $op(&self, value: $t, order: Ordering) -> $t {
                    let old = self.inner.$op(value, order);
                    self.note(stringify!($op), true);
                    old
                }
            )*};
        }

        atomic!(AtomicBool(bool), bool);
        atomic!(AtomicU8(u8), int);
        atomic!(AtomicU32(u32), int);
        atomic!(AtomicI32(i32), int);
        atomic!(AtomicU64(u64), int);
        atomic!(AtomicI64(i64), int);
        atomic!(AtomicUsize(usize), int);
        atomic!(AtomicIsize(isize), int);

        /// Mirrors `std::sync::atomic::AtomicPtr`.
        pub struct AtomicPtr<T> {
            id: std::sync::atomic::AtomicUsize,
            inner: std::sync::atomic::AtomicPtr<T>,
        }

        impl<T> fmt::Debug for AtomicPtr<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.inner.fmt(f)
            }
        }

        impl<T> Default for AtomicPtr<T> {
            fn default() -> Self {
                AtomicPtr::new(std::ptr::null_mut())
            }
        }

        impl<T> AtomicPtr<T> {
            /// Creates the atomic.
            pub const fn new(value: *mut T) -> Self {
                AtomicPtr {
                    id: std::sync::atomic::AtomicUsize::new(0),
                    inner: std::sync::atomic::AtomicPtr::new(value),
                }
            }

            #[track_caller]
            fn note(&self, what: &'static str, wrote: bool) {
                track::op(what, number(&self.id), 0, Location::caller(), wrote);
            }

            /// Reads the pointer.
            #[track_caller]
            pub fn load(&self, order: Ordering) -> *mut T {
                self.note("load", false);
                self.inner.load(order)
            }

            /// Writes the pointer.
            #[track_caller]
            pub fn store(&self, value: *mut T, order: Ordering) {
                self.inner.store(value, order);
                self.note("store", true);
            }

            /// Writes the pointer and returns the old one.
            #[track_caller]
            pub fn swap(&self, value: *mut T, order: Ordering) -> *mut T {
                let old = self.inner.swap(value, order);
                self.note("swap", true);
                old
            }

            /// Writes `new` if the pointer is `current`.
            #[track_caller]
            pub fn compare_exchange(
                &self,
                current: *mut T,
                new: *mut T,
                success: Ordering,
                failure: Ordering,
            ) -> Result<*mut T, *mut T> {
                let result = self.inner.compare_exchange(current, new, success, failure);
                self.note("compare_exchange", result.is_ok());
                result
            }

            /// Like `compare_exchange`, but may fail spuriously.
            #[track_caller]
            pub fn compare_exchange_weak(
                &self,
                current: *mut T,
                new: *mut T,
                success: Ordering,
                failure: Ordering,
            ) -> Result<*mut T, *mut T> {
                let result = self
                    .inner
                    .compare_exchange_weak(current, new, success, failure);
                self.note("compare_exchange_weak", result.is_ok());
                result
            }

            /// Consumes the atomic and returns the pointer.
            pub fn into_inner(self) -> *mut T {
                self.inner.into_inner()
            }
        }
    }
}

/// Mirrors `std::thread`, tracked: spawned threads work for the spawner's test, and a
/// join is a wait the detector can see.
pub mod thread {
    use crate::detect::track::{self, Wait};
    use std::panic::Location;

    use std::time::Duration;

    pub use std::thread::{Result, Scope, ScopedJoinHandle, ThreadId, panicking, scope, sleep};

    /// Mirrors `std::thread::Thread`: a handle whose `unpark` the detector sees.
    #[derive(Debug, Clone)]
    pub struct Thread {
        inner: std::thread::Thread,
    }

    impl Thread {
        /// Makes the thread's park token available: its current or next `park` returns.
        #[track_caller]
        pub fn unpark(&self) {
            // Progress: a parked thread may run again.
            track::op(
                "unparked a thread",
                0,
                track::current_test(),
                Location::caller(),
                true,
            );
            self.inner.unpark();
        }

        /// The thread's id.
        pub fn id(&self) -> ThreadId {
            self.inner.id()
        }

        /// The thread's name, if it has one.
        pub fn name(&self) -> Option<&str> {
            self.inner.name()
        }
    }

    /// The handle of the calling thread.
    pub fn current() -> Thread {
        Thread {
            inner: std::thread::current(),
        }
    }

    /// Sleeps until this thread's park token is available, then consumes it (std's
    /// `park`, which may also return for no reason). The detector sees the thread as
    /// blocked here: parked with nobody left to unpark it, it is a lost wake-up. A token
    /// already there (an `unpark` that came first) makes std's `park` return at once,
    /// so the thread never looks asleep and no deadlock is called.
    #[track_caller]
    pub fn park() {
        track::block(Wait::Park, track::current_test(), Location::caller(), false);
        std::thread::park();
        track::unblock();
    }

    /// Like [`park`], but returns after `timeout` at the latest: a timed wait, never
    /// part of a deadlock.
    #[track_caller]
    pub fn park_timeout(timeout: Duration) {
        track::block(Wait::Park, track::current_test(), Location::caller(), true);
        std::thread::park_timeout(timeout);
        track::unblock();
    }

    /// Mirrors `std::thread::JoinHandle`.
    #[derive(Debug)]
    pub struct JoinHandle<T> {
        inner: std::thread::JoinHandle<T>,
        thread: Thread,
        label: String,
    }

    /// Spawns a thread that works for the calling thread's test.
    #[track_caller]
    pub fn spawn<F, T>(f: F) -> JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        Builder::new()
            .spawn_at(f, Location::caller())
            .expect("failed to spawn thread")
    }

    /// Mirrors `std::thread::Builder`.
    #[derive(Debug)]
    pub struct Builder {
        inner: std::thread::Builder,
    }

    impl Default for Builder {
        fn default() -> Self {
            Builder::new()
        }
    }

    impl Builder {
        /// A builder with std's defaults.
        pub fn new() -> Builder {
            Builder {
                inner: std::thread::Builder::new(),
            }
        }

        /// Names the thread (reports use the name).
        pub fn name(self, name: String) -> Builder {
            Builder {
                inner: self.inner.name(name),
            }
        }

        /// Sets the stack size.
        pub fn stack_size(self, size: usize) -> Builder {
            Builder {
                inner: self.inner.stack_size(size),
            }
        }

        /// Spawns the thread; it works for the calling thread's test.
        #[track_caller]
        pub fn spawn<F, T>(self, f: F) -> std::io::Result<JoinHandle<T>>
        where
            F: FnOnce() -> T + Send + 'static,
            T: Send + 'static,
        {
            self.spawn_at(f, Location::caller())
        }

        fn spawn_at<F, T>(self, f: F, site: track::Site) -> std::io::Result<JoinHandle<T>>
        where
            F: FnOnce() -> T + Send + 'static,
            T: Send + 'static,
        {
            let test = track::current_test();
            let label = format!("the thread spawned at {}", track::place(site));
            let own = label.clone();
            crate::detect::panics::watch();
            let inner = self.inner.spawn(move || {
                track::join_test(test);
                track::label_thread(own.clone());
                let value = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
                    Ok(value) => value,
                    Err(payload) => {
                        // Nobody caught it: note where it went through the learner's
                        // code, then let it end the thread as it would have.
                        let name = std::thread::current().name().map_or(own, str::to_string);
                        crate::detect::panics::died(test, name);
                        std::panic::resume_unwind(payload)
                    }
                };
                track::progress();
                value
            })?;
            track::op("spawned a thread", 0, test, site, true);
            let thread = Thread {
                inner: inner.thread().clone(),
            };
            Ok(JoinHandle {
                inner,
                thread,
                label,
            })
        }
    }

    impl<T> JoinHandle<T> {
        /// Waits for the thread to finish.
        #[track_caller]
        pub fn join(self) -> Result<T> {
            let site = Location::caller();
            let id = self.inner.thread().id();
            // A panic handed to the joiner is the joiner's to pass on or drop.
            let received = |result: Result<T>| {
                if result.is_err() {
                    crate::detect::panics::joined(id, site);
                }
                result
            };
            if self.inner.is_finished() {
                return received(self.inner.join());
            }
            let name = self
                .inner
                .thread()
                .name()
                .map(str::to_string)
                .unwrap_or_else(|| self.label.clone());
            track::block(Wait::Join(name), track::current_test(), site, false);
            let result = self.inner.join();
            track::unblock();
            received(result)
        }

        /// The thread.
        pub fn thread(&self) -> &Thread {
            &self.thread
        }

        /// Whether the thread has finished.
        pub fn is_finished(&self) -> bool {
            self.inner.is_finished()
        }
    }

    /// Lets another thread run.
    pub fn yield_now() {
        std::thread::yield_now();
    }
}
