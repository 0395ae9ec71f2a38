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

// ANCHOR: write_frame
/// Writes one frame: length (of tag and body), tag, body; then flushes.
pub fn write_frame(to: &mut impl Write, tag: u8, body: &[u8]) -> io::Result<()> {
    let len = 1 + body.len();
    assert!(len <= MAX_FRAME, "a frame of {len} bytes is over MAX_FRAME");
    let len = u32::try_from(len).expect("MAX_FRAME fits in a u32");
    // One buffer, one write: the peer may see the frame arrive in pieces anyway (a
    // stream has no message boundaries), but we do not invite it.
    let mut frame = Vec::with_capacity(4 + 1 + body.len());
    frame.extend_from_slice(&len.to_be_bytes());
    frame.push(tag);
    frame.extend_from_slice(body);
    to.write_all(&frame)?;
    to.flush()
}
// ANCHOR_END: write_frame

// ANCHOR: read_frame
/// Reads one frame and returns its tag and body.
pub fn read_frame(from: &mut impl Read) -> Result<(u8, Vec<u8>), WorkerError> {
    // TODO: this reads a frame when all goes well, and turns everything else into
    // `WorkerError::Io`. Tell the cases apart, as `WorkerError`'s variants describe:
    // - the stream ends before the first byte of a frame: `Closed`;
    // - it ends inside the header or the body: `Truncated { expected, got }`
    //   (`read_exact` cannot say how far it got: loop over `read`, where `Ok(0)` means the
    //   other end is closed);
    // - a length of 0 or above `MAX_FRAME`: `BadFrame`, before reading any of the body;
    // - a read that timed out (`WouldBlock` or `TimedOut`): `NoAnswer`.
    let mut header = [0_u8; 4];
    from.read_exact(&mut header).map_err(WorkerError::Io)?;
    let len = u32::from_be_bytes(header) as u64;
    let mut frame = Vec::new();
    from.take(len)
        .read_to_end(&mut frame)
        .map_err(WorkerError::Io)?;
    if frame.is_empty() {
        return Err(WorkerError::Io(io::ErrorKind::UnexpectedEof.into()));
    }
    let body = frame.split_off(1);
    Ok((frame[0], body))
}
// ANCHOR_END: read_frame
