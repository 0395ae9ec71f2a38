//! A failing model check writes its failing interleaving as a JSON trace (the schema is
//! on the instructors' page); a passing one removes it. Each test runs a real failing
//! model and reads back the file the harness wrote.

use harness::loom_shim::{sync, thread};
use harness::{Failure, FailureClass, Model};
use serde_json::Value;
use sync::Arc;
use sync::atomic::{AtomicUsize, Ordering};

fn failure(result: Result<harness::Explored, Failure>) -> Failure {
    match result {
        Ok(explored) => panic!("the model should fail, but passed: {explored:?}"),
        Err(failure) => failure,
    }
}

/// The trace the failure names, parsed, after checking where it lies.
fn trace_of(failure: &Failure, test: &str) -> Value {
    let path = failure
        .trace
        .as_ref()
        .expect("a failing model check writes a trace");
    assert!(
        path.ends_with(format!("workbook/traces/harness/{test}.json")),
        "{}",
        path.display()
    );
    let text = std::fs::read_to_string(path).expect("the trace file is there");
    serde_json::from_str(&text).expect("the trace is JSON")
}

fn steps(trace: &Value) -> &Vec<Value> {
    trace["steps"].as_array().expect("steps")
}

fn lost_update() {
    let count = Arc::new(AtomicUsize::new(0));
    let other = {
        let count = Arc::clone(&count);
        thread::spawn(move || {
            // Relaxed: the mistake is the split load and store, not the ordering.
            let seen = count.load(Ordering::Relaxed);
            // Relaxed: as above.
            count.store(seen + 1, Ordering::Relaxed);
        })
    };
    // Relaxed: as above.
    let seen = count.load(Ordering::Relaxed);
    // Relaxed: as above.
    count.store(seen + 1, Ordering::Relaxed);
    other.join().unwrap();
    // Relaxed: the join ordered the other thread's store before this load.
    assert_eq!(count.load(Ordering::Relaxed), 2, "an increment was lost");
}

#[test]
fn a_lost_update_leaves_a_trace_with_every_step_and_the_values_after_it() {
    let failure = failure(Model::new().run(lost_update));
    let trace = trace_of(
        &failure,
        "a_lost_update_leaves_a_trace_with_every_step_and_the_values_after_it",
    );
    assert_eq!(trace["schema"], "workbook-trace");
    assert_eq!(trace["version"], harness::trace::VERSION);
    assert_eq!(trace["package"], "harness");
    assert_eq!(
        trace["card"],
        failure.report.as_str(),
        "the card is the report"
    );
    assert_eq!(trace["failure"]["class"], FailureClass::Assertion.key());
    assert!(
        trace["failure"]["message"]
            .as_str()
            .unwrap()
            .contains("an increment was lost")
    );
    let names: Vec<&str> = trace["threads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["main", "thread 1"]);

    let steps = steps(&trace);
    let fail = trace["failure"]["step"].as_u64().expect("a ✗ step") as usize;
    assert_eq!(steps[fail]["kind"], "failure");
    assert_eq!(fail, steps.len() - 1, "the failure ends the trace");
    // Both threads loaded 0 before either stored: the lost update.
    let loads: Vec<&Value> = steps.iter().filter(|s| s["operation"] == "load").collect();
    assert!(loads.len() >= 2, "{steps:#?}");
    for load in &loads[..2] {
        assert_eq!(load["read"], "0");
        assert_eq!(load["ordering"], "Relaxed");
        assert_eq!(load["file"], "tests/traces.rs");
        assert!(
            load["source"]
                .as_str()
                .unwrap()
                .contains("count.load(Ordering::Relaxed)"),
            "the line's text is quoted: {load}"
        );
        assert!(load["line"].as_u64().unwrap() > 0);
    }
    let stores: Vec<&Value> = steps.iter().filter(|s| s["operation"] == "store").collect();
    assert_eq!(stores.len(), 2);
    assert_eq!(stores[0]["wrote"], "1");
    assert_eq!(stores[1]["wrote"], "1");
    // Somewhere after a store of 1, the other thread still holds the 0 it loaded:
    // the stale view the explorer shows.
    let object = stores[0]["object"].as_str().unwrap();
    let stale = steps.iter().any(|s| {
        let state = &s["state"];
        state["values"][object] == "1"
            && state["views"][object]
                .as_object()
                .is_some_and(|views| views.values().any(|v| v == "0"))
    });
    assert!(stale, "no step shows a thread's stale view: {steps:#?}");
    assert_eq!(steps[fail]["state"]["values"][object], "1");
}

#[test]
fn a_failed_compare_exchange_is_recorded_with_the_value_it_found() {
    let failure = failure(Model::new().run(|| {
        let owner = Arc::new(AtomicUsize::new(0));
        let other = {
            let owner = Arc::clone(&owner);
            thread::spawn(move || {
                // SeqCst: the mistake is expecting both to win, not the ordering.
                owner.compare_exchange(0, 2, Ordering::SeqCst, Ordering::SeqCst)
            })
        };
        // SeqCst: as above.
        let mine = owner.compare_exchange(0, 1, Ordering::SeqCst, Ordering::SeqCst);
        let theirs = other.join().unwrap();
        assert!(
            mine.is_ok() && theirs.is_ok(),
            "both threads claimed the slot"
        );
    }));
    let trace = trace_of(
        &failure,
        "a_failed_compare_exchange_is_recorded_with_the_value_it_found",
    );
    let steps = steps(&trace);
    let cas: Vec<&Value> = steps
        .iter()
        .filter(|s| s["operation"] == "compare_exchange")
        .collect();
    assert_eq!(cas.len(), 2, "{steps:#?}");
    assert_eq!(cas[0]["cas"], "succeeded");
    assert_eq!(cas[0]["read"], "0");
    assert_eq!(cas[1]["cas"], "failed");
    assert_eq!(
        cas[1]["read"], cas[0]["wrote"],
        "it found the winner's value"
    );
    assert_eq!(cas[1]["wrote"], Value::Null);
    assert_eq!(cas[1]["ordering"], "SeqCst");
}

#[test]
fn a_lock_cycle_trace_shows_each_lock_held_and_each_thread_blocked() {
    let failure = failure(Model::new().run(|| {
        let a = Arc::new(sync::Mutex::new(()));
        let b = Arc::new(sync::Mutex::new(()));
        let other = {
            let (a, b) = (Arc::clone(&a), Arc::clone(&b));
            thread::spawn(move || {
                let _b = b.lock().unwrap();
                let _a = a.lock().unwrap();
            })
        };
        {
            let _a = a.lock().unwrap();
            let _b = b.lock().unwrap();
        }
        other.join().unwrap();
    }));
    let trace = trace_of(
        &failure,
        "a_lock_cycle_trace_shows_each_lock_held_and_each_thread_blocked",
    );
    assert_eq!(trace["failure"]["class"], failure.class.key());
    let steps = steps(&trace);
    let fail = trace["failure"]["step"].as_u64().unwrap() as usize;
    let state = &steps[fail]["state"];
    let holders = state["holders"].as_object().unwrap();
    assert_eq!(holders.len(), 2, "{state}");
    let holders: Vec<u64> = holders
        .values()
        .map(|h| h.as_array().unwrap()[0].as_u64().unwrap())
        .collect();
    assert!(holders.contains(&0) && holders.contains(&1), "{state}");
    let blocked = state["blocked"].as_object().unwrap();
    assert_eq!(blocked.len(), 2, "{state}");
    assert!(
        blocked
            .values()
            .all(|w| w.as_str().unwrap().starts_with("waits for")),
        "{state}"
    );
    let kinds: Vec<&str> = trace["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.iter().filter(|k| **k == "lock").count() == 2,
        "{kinds:?}"
    );
}

#[test]
fn a_model_check_that_passes_removes_its_tests_old_trace() {
    let failed = failure(Model::new().run(lost_update));
    let path = failed.trace.expect("written");
    assert!(path.is_file());
    Model::new()
        .run(|| {
            let count = Arc::new(AtomicUsize::new(0));
            // Relaxed: one thread, nothing to order.
            count.fetch_add(1, Ordering::Relaxed);
        })
        .expect("passes");
    assert!(!path.exists(), "the stale trace is gone");
}

#[test]
fn a_spurious_wake_up_trace_names_the_stray_notifier_and_its_notify() {
    let failure = failure(Model::new().spurious_wakeups().run(|| {
        let pair = Arc::new((sync::Mutex::new(false), sync::Condvar::new()));
        let setter = {
            let pair = Arc::clone(&pair);
            thread::spawn(move || {
                *pair.0.lock().unwrap() = true;
                pair.1.notify_one();
            })
        };
        let mut set = pair.0.lock().unwrap();
        // The bug: `if`, not `while`.
        if !*set {
            set = pair.1.wait(set).unwrap();
        }
        assert!(*set, "went on before the flag was set");
        drop(set);
        setter.join().unwrap();
    }));
    let trace = trace_of(
        &failure,
        "a_spurious_wake_up_trace_names_the_stray_notifier_and_its_notify",
    );
    let threads = trace["threads"].as_array().unwrap();
    let stray = threads
        .iter()
        .find(|t| t["name"] == "stray notifier")
        .unwrap_or_else(|| panic!("no stray notifier among {threads:?}"));
    let stray_id = stray["id"]
        .as_u64()
        .expect("a thread id JSON carries exactly");
    let steps = steps(&trace);
    let notify = steps
        .iter()
        .find(|s| s["thread"].as_u64() == Some(stray_id))
        .expect("the stray notifier's step");
    assert_eq!(notify["operation"], "notify_all", "{notify}");
    assert_eq!(notify["object"], "Condvar#1", "{notify}");
    assert!(
        steps
            .iter()
            .any(|s| s["operation"] == "wakes" && s["thread"].as_u64() == Some(0)),
        "main's spurious wake-up: {steps:#?}"
    );
}
