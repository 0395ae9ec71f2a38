// Frames: a 4-byte big-endian length, then that many bytes: a one-byte tag and the body.
use std::fmt;
use std::io::{self, Read, Write};

/// The largest frame either side accepts (tag and body), in bytes. A length above it is
/// not a big message but a broken or hostile peer: refuse it before allocating anything.
pub const MAX_FRAME: usize = 1 << 20;

/// What a frame is, by its first byte.
pub struct Tag;

impl Tag {
    /// Parent to worker: a request; the body is UTF-8 text.
    pub const REQUEST: u8 = b'Q';
    /// Worker to parent: the answer to the last request; the body is UTF-8 text.
    pub const ANSWER: u8 = b'A';
    /// Parent to worker: please stop. No body.
    pub const SHUTDOWN: u8 = b'S';
    /// Worker to parent: stopping now; the body says how many requests it served.
    pub const STOPPING: u8 = b'K';
}

/// Everything that can go wrong talking to a worker.
#[derive(Debug)]
pub enum WorkerError {
    /// The operating system reported an error (other than the ones below).
    Io(io::Error),
    /// No frame arrived within the time the worker was given to answer.
    NoAnswer,
    /// The worker closed the connection between frames (it exited, or closed its end).
    Closed,
    /// The worker closed the connection in the middle of a frame: `got` of the `expected`
    /// bytes of the frame's header or body had arrived.
    Truncated { expected: usize, got: usize },
    /// A frame that breaks the protocol: a length of 0 or above [`MAX_FRAME`], an
    /// unexpected tag, a body that is not UTF-8.
    BadFrame(String),
    /// The worker stopped, but not cleanly: it did not acknowledge, or exited unsuccessfully.
    Unclean(String),
}

impl fmt::Display for WorkerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkerError::Io(e) => write!(f, "talking to the worker failed: {e}"),
            WorkerError::NoAnswer => write!(f, "the worker did not answer in time"),
            WorkerError::Closed => write!(f, "the worker closed the connection"),
            WorkerError::Truncated { expected, got } => write!(
                f,
                "the worker stopped in the middle of a frame ({got} of {expected} bytes)"
            ),
            WorkerError::BadFrame(why) => write!(f, "bad frame: {why}"),
            WorkerError::Unclean(why) => write!(f, "the worker did not stop cleanly: {why}"),
        }
    }
}

impl std::error::Error for WorkerError {}

/// Writes one frame: length (of tag and body), tag, body; then flushes.
pub fn write_frame(to: &mut impl Write, tag: u8, body: &[u8]) -> io::Result<()> {
    let len = 1 + body.len();
    assert!(len <= MAX_FRAME, "a frame of {len} bytes is over MAX_FRAME");
    let len = u32::try_from(len).expect("MAX_FRAME fits in a u32");
    // Three writes: a stream has no message boundaries, so the reader must cope with a
    // frame arriving in pieces whatever we do; `write_all` sends each piece whole.
    to.write_all(&len.to_be_bytes())?;
    to.write_all(&[tag])?;
    to.write_all(body)?;
    to.flush()
}

/// Reads one frame and returns its tag and body.
pub fn read_frame(from: &mut impl Read) -> Result<(u8, Vec<u8>), WorkerError> {
    let header = read_up_to(from, 4)?;
    let header: [u8; 4] = match header.len() {
        0 => return Err(WorkerError::Closed), // a clean end, between frames
        4 => header.try_into().expect("four bytes"),
        got => return Err(WorkerError::Truncated { expected: 4, got }),
    };
    let len = u32::from_be_bytes(header) as usize;
    if len == 0 || len > MAX_FRAME {
        return Err(WorkerError::BadFrame(format!(
            "a frame of {len} bytes (at least 1, at most {MAX_FRAME})"
        )));
    }
    let mut frame = read_up_to(from, len)?;
    if frame.len() < len {
        return Err(WorkerError::Truncated {
            expected: len,
            got: frame.len(),
        });
    }
    let body = frame.split_off(1);
    Ok((frame[0], body))
}

/// Reads `len` bytes, or fewer if the stream ends first: `Read::take` stops after `len`
/// bytes, and `read_to_end` reads until then (retrying `Interrupted` itself).
fn read_up_to(from: &mut impl Read, len: usize) -> Result<Vec<u8>, WorkerError> {
    let mut bytes = Vec::with_capacity(len);
    match from.by_ref().take(len as u64).read_to_end(&mut bytes) {
        Ok(_) => Ok(bytes),
        // A read timeout shows up as `WouldBlock` on Unix (`TimedOut` elsewhere).
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
            ) =>
        {
            Err(WorkerError::NoAnswer)
        }
        Err(e) => Err(WorkerError::Io(e)),
    }
}
