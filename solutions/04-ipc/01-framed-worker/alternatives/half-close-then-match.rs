// The parent's side: start the worker on a socket, send requests, stop it cleanly.
use crate::ChildGuard;
use crate::frame::{Tag, WorkerError, read_frame, write_frame};
use std::io;
use std::net::Shutdown;
use std::os::fd::OwnedFd;
use std::os::unix::net::UnixStream;
use std::process::{Command, Stdio};
use std::time::Duration;

/// A running worker process and the parent's end of the socket to it.
#[derive(Debug)]
pub struct Worker {
    child: ChildGuard,
    socket: UnixStream,
}

impl Worker {
    /// Starts `command` with its stdin and stdout connected to one end of a Unix-domain
    /// socket pair; the parent keeps the other end. A read that waits longer than
    /// `answer_within` fails with [`WorkerError::NoAnswer`].
    pub fn spawn(mut command: Command, answer_within: Duration) -> io::Result<Worker> {
        let (parent_end, child_end) = UnixStream::pair()?;
        let child_end = OwnedFd::from(child_end);
        command
            .stdin(Stdio::from(child_end.try_clone()?))
            .stdout(Stdio::from(child_end));
        let child = ChildGuard::spawn(&mut command)?;
        // The `Command` still holds the child's end of the socket. Drop it now: while any
        // process holds that end open, the parent never sees the worker hang up.
        drop(command);
        parent_end.set_read_timeout(Some(answer_within))?;
        parent_end.set_write_timeout(Some(answer_within))?;
        Ok(Worker {
            child,
            socket: parent_end,
        })
    }

    /// The worker's pid.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Sends `text` as a request and returns the worker's answer.
    pub fn request(&mut self, text: &str) -> Result<String, WorkerError> {
        write_frame(&mut self.socket, Tag::REQUEST, text.as_bytes()).map_err(sent)?;
        let (tag, body) = read_frame(&mut self.socket)?;
        if tag != Tag::ANSWER {
            return Err(WorkerError::BadFrame(format!(
                "expected an answer (tag {:?}), got tag {:?}",
                Tag::ANSWER as char,
                tag as char
            )));
        }
        String::from_utf8(body)
            .map_err(|_| WorkerError::BadFrame("an answer that is not UTF-8".to_string()))
    }

    /// Stops the worker cleanly: sends a shutdown frame, reads the worker's "stopping"
    /// frame (what it reports, such as how many requests it served), then waits for it to
    /// exit and checks that it exited successfully.
    pub fn shutdown(mut self) -> Result<String, WorkerError> {
        write_frame(&mut self.socket, Tag::SHUTDOWN, &[]).map_err(sent)?;
        // Nothing more will be sent: say so, so that a worker reading on past the
        // shutdown frame sees the end of its input instead of waiting.
        self.socket
            .shutdown(Shutdown::Write)
            .map_err(WorkerError::Io)?;
        let acknowledgement = match read_frame(&mut self.socket) {
            Ok((Tag::STOPPING, body)) => String::from_utf8(body).map_err(|_| {
                WorkerError::BadFrame("an acknowledgement that is not UTF-8".to_string())
            })?,
            Ok((tag, _)) => {
                return Err(WorkerError::BadFrame(format!(
                    "expected the shutdown's acknowledgement (tag {:?}), got tag {:?}",
                    Tag::STOPPING as char,
                    tag as char
                )));
            }
            Err(WorkerError::Closed) => {
                return Err(WorkerError::Unclean(
                    "it closed the connection without acknowledging the shutdown".to_string(),
                ));
            }
            Err(e) => return Err(e),
        };
        // Acknowledged: the worker exits now. Reap it and check how it ended.
        match self.child.wait() {
            Ok(status) if status.success() => Ok(acknowledgement),
            Ok(status) => Err(WorkerError::Unclean(format!("it {status}"))),
            Err(e) => Err(WorkerError::Io(e)),
        }
    }
}

/// A failed send: a worker that is gone shows up as a broken pipe or a reset connection.
fn sent(e: io::Error) -> WorkerError {
    match e.kind() {
        io::ErrorKind::BrokenPipe | io::ErrorKind::ConnectionReset => WorkerError::Closed,
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => WorkerError::NoAnswer,
        _ => WorkerError::Io(e),
    }
}
