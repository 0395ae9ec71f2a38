// The worker program. (Given: not part of the exercise.) Its stdin and stdout are the
// worker's end of the socket; its first argument picks how it behaves, so that the tests
// can make it misbehave in each way a real worker might.
use crate::frame::{Tag, WorkerError, read_frame, write_frame};
use std::io::{self, Read, Write};

/// How the worker misbehaves, if it does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Answers every request with its text in upper case; acknowledges a shutdown.
    Serve,
    /// Answers the first request with a frame header claiming 4 GiB.
    HugeFrame,
    /// Answers the first request with a frame of an unknown tag.
    WrongTag,
    /// Starts answering the first request, then exits in the middle of the frame.
    ExitMidFrame,
    /// Reads the first request and never answers.
    Silent,
    /// Serves, but exits without acknowledging a shutdown.
    NoAck,
    /// Serves, acknowledges a shutdown, then exits with status 3 (it failed to save its
    /// work, say): the acknowledgement alone does not say the worker stopped cleanly.
    AckThenFail,
    /// Serves, acknowledges a shutdown, then does not exit until it is killed (it is slow
    /// to finish its work, say): an acknowledgement is a promise to exit, not an exit.
    AckThenLinger,
    /// Answers two requests, then exits (status 1) on reading the third, between frames.
    CrashOnThird,
}

// ANCHOR: serve
/// The worker's `main`.
pub fn worker_main() {
    let mode = match std::env::args().nth(1).as_deref() {
        None | Some("serve") => Mode::Serve,
        Some("huge-frame") => Mode::HugeFrame,
        Some("wrong-tag") => Mode::WrongTag,
        Some("exit-mid-frame") => Mode::ExitMidFrame,
        Some("silent") => Mode::Silent,
        Some("no-ack") => Mode::NoAck,
        Some("ack-then-fail") => Mode::AckThenFail,
        Some("ack-then-linger") => Mode::AckThenLinger,
        Some("crash-on-third") => Mode::CrashOnThird,
        Some(other) => {
            eprintln!("framed worker: unknown mode {other:?}");
            std::process::exit(2);
        }
    };
    let (mut input, mut output) = (io::stdin().lock(), io::stdout().lock());
    let mut served = 0_u32;
    loop {
        let (tag, body) = match read_frame(&mut input) {
            Ok(frame) => frame,
            Err(WorkerError::Closed) => return, // the parent hung up: nothing more to do
            Err(e) => {
                eprintln!("framed worker: {e}");
                std::process::exit(1);
            }
        };
        match tag {
            Tag::REQUEST => {
                if mode == Mode::CrashOnThird && served == 2 {
                    eprintln!("framed worker: crashing on the third request, as asked");
                    std::process::exit(1);
                }
                misbehave(mode, &mut input, &mut output);
                let answer = String::from_utf8_lossy(&body).to_uppercase();
                write_frame(&mut output, Tag::ANSWER, answer.as_bytes()).expect("answering");
                served += 1;
            }
            Tag::SHUTDOWN => {
                if mode != Mode::NoAck {
                    let report = format!("served {served}");
                    write_frame(&mut output, Tag::STOPPING, report.as_bytes()).expect("ack");
                }
                if mode == Mode::AckThenFail {
                    eprintln!("framed worker: acknowledged, then failing, as asked");
                    std::process::exit(3);
                }
                if mode == Mode::AckThenLinger {
                    // Until killed: the test kills it once `shutdown` waits for it.
                    loop {
                        std::thread::park();
                    }
                }
                return; // exit status 0
            }
            other => {
                eprintln!("framed worker: unknown tag {other}");
                std::process::exit(1);
            }
        }
    }
}
// ANCHOR_END: serve

/// Misbehaves as `mode` says, instead of answering; returns in the modes that answer.
fn misbehave(mode: Mode, input: &mut impl Read, output: &mut impl Write) {
    match mode {
        Mode::Serve
        | Mode::NoAck
        | Mode::AckThenFail
        | Mode::AckThenLinger
        | Mode::CrashOnThird => return,
        Mode::HugeFrame => {
            let _ = output.write_all(&u32::MAX.to_be_bytes());
        }
        Mode::WrongTag => {
            let _ = write_frame(output, b'?', b"what?");
        }
        Mode::ExitMidFrame => {
            // A header promising 100 bytes, 10 of them, then gone.
            let _ = output.write_all(&100_u32.to_be_bytes());
            let _ = output.write_all(&[Tag::ANSWER; 10]);
            let _ = output.flush();
            std::process::exit(1);
        }
        Mode::Silent => {}
    }
    let _ = output.flush();
    // Say nothing more; wait until the parent hangs up (or kills this worker).
    let _ = io::copy(input, &mut io::sink());
    std::process::exit(0);
}
