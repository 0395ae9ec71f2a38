//! The scheduler: worker threads, their deques, and how an idle worker finds a task.

use crossbeam_deque::{Injector, Steal, Stealer, Worker};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};

/// A task: runs once, on some worker, and may spawn more tasks through its [`Context`].
type Task = Box<dyn for<'a> FnOnce(&Context<'a>) + Send>;

/// What all workers share.
struct Shared {
    /// Tasks spawned from outside the scheduler, taken by whichever worker gets there.
    injector: Injector<Task>,
    /// One handle per worker onto that worker's own deque: how others steal from it.
    stealers: Vec<Stealer<Task>>,
    /// Tasks spawned but not yet taken, and whether the scheduler is shutting down.
    state: Mutex<State>,
    /// Where idle workers sleep until a task is spawned.
    wake: Condvar,
}

#[derive(Debug, Default)]
struct State {
    pending: usize,
    shutting_down: bool,
}

impl Shared {
    /// Counts a new task, lets `push` queue it, then wakes one sleeping worker.
    fn announce(&self, push: impl FnOnce()) {
        // Counted before it is queued, so a worker that takes it never sees the count
        // below the number of tasks it can find.
        self.state.lock().unwrap().pending += 1;
        push();
        // After the count went up under the lock: a worker that saw 0 is already
        // waiting and gets this notification; one that checks later sees the count.
        self.wake.notify_one();
    }
}

/// What a running task can do: spawn more tasks onto its own worker.
pub struct Context<'a> {
    local: &'a Worker<Task>,
    shared: &'a Shared,
}

impl Context<'_> {
    /// Spawns a task onto this worker's own deque. If this worker is busy (or blocked),
    /// an idle worker steals it from there.
    pub fn spawn(&self, task: impl FnOnce(&Context<'_>) + Send + 'static) {
        self.shared.announce(|| self.local.push(Box::new(task)));
    }
}

/// A many-to-many scheduler: tasks multiplexed onto a fixed set of worker threads.
pub struct Scheduler {
    shared: Arc<Shared>,
    workers: Vec<JoinHandle<()>>,
}

impl Scheduler {
    /// Starts `threads` worker threads (at least one).
    pub fn new(threads: usize) -> Scheduler {
        let locals: Vec<Worker<Task>> = (0..threads.max(1)).map(|_| Worker::new_fifo()).collect();
        let shared = Arc::new(Shared {
            injector: Injector::new(),
            stealers: locals.iter().map(Worker::stealer).collect(),
            state: Mutex::new(State::default()),
            wake: Condvar::new(),
        });
        let workers = locals
            .into_iter()
            .enumerate()
            .map(|(index, local)| {
                let shared = Arc::clone(&shared);
                thread::Builder::new()
                    .name(format!("worker-{index}"))
                    .spawn(move || run_worker(local, &shared))
                    .expect("the OS refused a worker thread")
            })
            .collect();
        Scheduler { shared, workers }
    }

    /// How many worker threads run the tasks.
    pub fn threads(&self) -> usize {
        self.workers.len()
    }

    /// Spawns a task from outside the scheduler: it goes into the shared injector.
    pub fn spawn(&self, task: impl FnOnce(&Context<'_>) + Send + 'static) {
        self.shared
            .announce(|| self.shared.injector.push(Box::new(task)));
    }
}

impl Drop for Scheduler {
    /// Runs every task already spawned, then stops the workers and joins them.
    fn drop(&mut self) {
        self.shared.state.lock().unwrap().shutting_down = true;
        self.shared.wake.notify_all();
        for worker in self.workers.drain(..) {
            // A task that panicked took its worker down with it; the others still join.
            let _ = worker.join();
        }
    }
}

/// One worker thread: find a task, run it, repeat; sleep when there is none.
fn run_worker(local: Worker<Task>, shared: &Shared) {
    let context = Context {
        local: &local,
        shared,
    };
    loop {
        if let Some(task) = find_task(&local, shared) {
            shared.state.lock().unwrap().pending -= 1;
            task(&context);
            continue;
        }
        let state = shared.state.lock().unwrap();
        if state.pending == 0 {
            if state.shutting_down {
                return;
            }
            // Nothing anywhere: sleep until `announce` (or shutdown) wakes us.
            drop(shared.wake.wait(state).unwrap());
        } else {
            // Spawned but not visible to us yet (being pushed, or mid-steal elsewhere).
            drop(state);
            thread::yield_now();
        }
    }
}

/// The next task for the worker that owns `local`: its own deque first, then the
/// injector, then the other workers' deques, each taken a batch at a time.
fn find_task(local: &Worker<Task>, shared: &Shared) -> Option<Task> {
    if let Some(task) = local.pop() {
        return Some(task);
    }
    loop {
        // Half of a peer's deque (or of the injector) moves to ours, one task comes
        // back to run: the rest we (or, if we block, another thief) find locally.
        let steal = shared.injector.steal_batch_and_pop(local).or_else(|| {
            shared
                .stealers
                .iter()
                .map(|stealer| stealer.steal_batch_and_pop(local))
                .collect::<Steal<Task>>()
        });
        match steal {
            Steal::Success(task) => return Some(task),
            Steal::Empty => return None,
            // Another thief won a race somewhere: look again.
            Steal::Retry => {}
        }
    }
}
