//! `cargo run --example spawn`: the ways to start a thread, get its result back, and
//! see what happens when one panics. Chapter 2 walks through it.

use std::thread;

// ANCHOR: greet
/// What Python would pass as `threading.Thread(target=greet, args=("Ada", 3))`.
fn greet(name: &str, times: u32) -> String {
    format!("hello, {name}! ").repeat(times as usize)
}
// ANCHOR_END: greet

fn main() {
    // ANCHOR: spawn_args
    // The arguments travel inside the closure: `move` makes it own `name` and `times`,
    // so the new thread can use them for as long as it runs.
    let name = String::from("Ada");
    let times = 3;
    let handle = thread::spawn(move || greet(&name, times));
    // `join` waits for the thread and returns what the closure returned.
    let greeting: String = handle.join().expect("the greeting thread panicked");
    println!("{greeting}");
    // ANCHOR_END: spawn_args

    // ANCHOR: builder
    // `Builder` is `spawn` with settings. The name shows up in panic messages, in
    // debuggers and in `top -H`; the stack size is how much room the thread's calls get.
    let handle = thread::Builder::new()
        .name("deep-thinker".to_string())
        .stack_size(8 * 1024 * 1024) // 8 MiB instead of the default 2 MiB
        .spawn(|| {
            let me = thread::current();
            format!("{} says 6 x 7 = {}", me.name().unwrap_or("?"), 6 * 7)
        })
        .expect("the OS refused to start a thread"); // `Builder::spawn` returns io::Result
    println!("{}", handle.join().unwrap());
    // ANCHOR_END: builder

    // ANCHOR: panic
    // A panic ends the thread that panicked, and nothing else: `join` hands it back
    // as an `Err`, and this thread goes on.
    let doomed = thread::Builder::new()
        .name("doomed".to_string())
        .spawn(|| -> u32 { panic!("something went wrong") })
        .unwrap();
    match doomed.join() {
        Ok(value) => println!("the thread returned {value}"),
        Err(payload) => println!(
            "the thread panicked with {:?}; main carries on",
            payload.downcast_ref::<&str>()
        ),
    }
    // ANCHOR_END: panic
}
