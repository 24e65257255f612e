//! One websocket connection, in one task: it reads client frames and hands them to the
//! [`Mux`], and writes what the socket's bounded [`Outbox`] queue holds, both at once.
//!
//! One task, not a reader and a writer: each task costs an idle socket its cell (640–768
//! bytes), and two tasks need the socket split behind a shared lock (another 360). Reading and
//! writing stay independent inside it: the task polls both sides every time it wakes, so a
//! client that writes without reading is still read (until its views' mailboxes fill: then it
//! is disconnected, see [`Mux`]), and a client that stops reading costs at most one bounded
//! queue of frames before [`WRITE_TIMEOUT`] drops it.
//!
//! Memory between messages: the frame [`Decoder`] keeps nothing on the heap, reads go through
//! a buffer on the task's stack, and the write buffer exists while a write is in progress.

use super::close::Close;
use super::frame::{self, Decoder, Incoming};
use super::mux::{Flow, Mux};
use super::outbox::{Out, Outbox, Queued};
use crate::queue;
use crate::state::Shared;
use std::future::poll_fn;
use std::mem::MaybeUninit;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// How long the frames gathered into one write may take to leave before the client counts as
/// not reading.
pub(crate) const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// The most bytes one read takes (into a buffer on the stack: nothing is kept between reads).
const READ_CHUNK: usize = 16 * 1024;

/// Queued frames are gathered into one write until it holds this many bytes.
const WRITE_BATCH: usize = 64 * 1024;

/// Rounds of reading and writing one wake-up may do before the task yields to others (a
/// client sending without pause would otherwise keep its worker).
const ROUNDS: usize = 32;

/// Serves one websocket (after the upgrade) until either side ends it.
pub(crate) async fn run<S>(shared: Arc<Shared>, io: S, csrf_ok: bool)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (outbox, rx) = Outbox::new(shared.limits.outbound_queue);
    let mux = Mux::new(shared.clone(), outbox, csrf_ok);
    let mut conn = Conn::new(io, Some(mux), rx, shared.limits.idle_timeout);
    let mut timer = pin!(tokio::time::sleep_until(conn.idle_at));
    let mut shutdown = pin!(shared.shutdown.cancelled());
    poll_fn(|cx| conn.poll(cx, timer.as_mut(), shutdown.as_mut())).await;
    // Views stop at their next await (the mux stops them when dropped).
    drop(conn.mux.take());
    let mut io = conn.io;
    poll_fn(|cx| {
        let _ = Pin::new(&mut io).poll_shutdown(cx);
        Poll::Ready(())
    })
    .await;
    if conn.linger {
        // Boxed: its timer exists at the end only, not in every idle socket's task.
        Box::pin(linger(io)).await;
    }
}

/// After our close frame: reads (and drops) what the client still sends, until it closes too
/// or [`LINGER`] has passed. Closing a socket with unread input makes the kernel reset the
/// connection, and a reset can destroy the close frame before the client has read it (a
/// client still sending an oversized message when it is refused from its header, say).
async fn linger<S: AsyncRead + Unpin>(mut io: S) {
    let drain = poll_fn(|cx| {
        loop {
            let mut space = [MaybeUninit::<u8>::uninit(); 4096];
            let mut buf = ReadBuf::uninit(&mut space);
            match Pin::new(&mut io).poll_read(cx, &mut buf) {
                Poll::Ready(Ok(())) if !buf.filled().is_empty() => {}
                Poll::Ready(_) => return Poll::Ready(()),
                Poll::Pending => return Poll::Pending,
            }
        }
    });
    let _ = tokio::time::timeout(LINGER, drain).await;
}

/// How long a closed socket is read for the client's own close (see [`linger`]).
const LINGER: Duration = Duration::from_secs(1);

/// What a step of reading or writing did.
enum Step {
    /// Nothing could be done now (wakers are registered).
    Waiting,
    /// Something was done: try again.
    Progress,
    /// The connection is over.
    Done,
}

struct Conn<S> {
    io: S,
    decoder: Decoder,
    /// Reading: the channels. `None` once reading has stopped.
    mux: Option<Mux>,
    rx: queue::Receiver<Queued>,
    /// Frames being written, and how much of them is written.
    out: Vec<u8>,
    written: usize,
    /// `out` ends with a close frame: once it is written, the connection is over.
    closing: bool,
    /// Reading has stopped for this reason: the close frame goes once what is queued is out.
    /// (Kept here, not queued: a full queue must not lose it.)
    close_after: Option<Close>,
    /// The latest ping not yet answered because a full write was in progress (RFC 6455
    /// §5.5.3: only the latest needs its pong).
    pending_pong: Option<Box<[u8]>>,
    /// The server sent its close: read the client's before dropping the socket ([`linger`]).
    linger: bool,
    /// When the client counts as gone if nothing arrives before.
    idle_at: Instant,
    /// When `out` must have been written (while a write is in progress).
    write_by: Option<Instant>,
}

impl<S> Conn<S> {
    /// A connection reading into `mux` (`None`: not reading) and writing what `rx` receives.
    fn new(io: S, mux: Option<Mux>, rx: queue::Receiver<Queued>, idle: Duration) -> Self {
        Conn {
            io,
            decoder: Decoder::default(),
            mux,
            rx,
            out: Vec::new(),
            written: 0,
            closing: false,
            close_after: None,
            pending_pong: None,
            linger: false,
            idle_at: Instant::now() + idle,
            write_by: None,
        }
    }
}

/// Appends a frame to `out`; a write in progress continues with it, else one starts, due by
/// `write_by`.
fn push_frame(out: &mut Vec<u8>, write_by: &mut Option<Instant>, write: impl FnOnce(&mut Vec<u8>)) {
    if out.is_empty() {
        *write_by = Some(Instant::now() + WRITE_TIMEOUT);
    }
    write(out);
}

impl<S: AsyncRead + AsyncWrite + Unpin> Conn<S> {
    fn poll(
        &mut self,
        cx: &mut Context<'_>,
        mut timer: Pin<&mut Sleep>,
        mut shutdown: Pin<&mut impl Future>,
    ) -> Poll<()> {
        for _ in 0..ROUNDS {
            if self.mux.is_some() && shutdown.as_mut().poll(cx).is_ready() {
                // The client reconnects and rejoins (a normal close would make it reload).
                self.stop_reading(Close::Restart);
            }
            let wrote = self.poll_write(cx);
            let read = if self.mux.is_some() { self.poll_read(cx) } else { Step::Waiting };
            match (wrote, read) {
                (Step::Done, _) | (_, Step::Done) => return Poll::Ready(()),
                (Step::Waiting, Step::Waiting) => return self.poll_timer(cx, timer.as_mut()),
                _ => {}
            }
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }

    /// The one timer serves both deadlines: it is set to the nearer one (the idle deadline
    /// moves with every frame, so the timer is re-armed when it fires early, not per frame).
    fn poll_timer(&mut self, cx: &mut Context<'_>, mut timer: Pin<&mut Sleep>) -> Poll<()> {
        loop {
            let next = match (self.mux.is_some(), self.write_by) {
                (true, Some(w)) => w.min(self.idle_at),
                (true, None) => self.idle_at,
                (false, Some(w)) => w,
                // Nothing to wait for but the queue (its waker is registered).
                (false, None) => return Poll::Pending,
            };
            if next < timer.deadline() {
                timer.as_mut().reset(next);
            }
            if timer.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            let now = Instant::now();
            if self.write_by.is_some_and(|w| now >= w) {
                tracing::info!("client not reading (or gone): dropping the socket");
                return Poll::Ready(());
            }
            if let Some(mux) = &self.mux
                && now >= self.idle_at
            {
                tracing::info!("closing a socket silent for {:?} (no heartbeats)", mux.limits().idle_timeout);
                self.stop_reading(Close::Idle);
                // The close frame is queued: write it.
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            timer.as_mut().reset(next.max(now));
        }
    }

    /// Stops reading: `why` goes to the client after what is queued, and the views stop.
    fn stop_reading(&mut self, why: Close) {
        self.close_after = Some(why);
        self.mux = None;
    }

    /// Appends a frame to `out` (see [`push_frame`]).
    fn push(&mut self, write: impl FnOnce(&mut Vec<u8>)) {
        push_frame(&mut self.out, &mut self.write_by, write);
    }

    fn poll_write(&mut self, cx: &mut Context<'_>) -> Step {
        let mut step = Step::Waiting;
        loop {
            while self.written < self.out.len() {
                match Pin::new(&mut self.io).poll_write(cx, &self.out[self.written..]) {
                    Poll::Ready(Ok(n)) if n > 0 => {
                        self.written += n;
                        step = Step::Progress;
                    }
                    Poll::Ready(Ok(_)) | Poll::Ready(Err(_)) => {
                        tracing::debug!("websocket write failed: the client is gone");
                        return Step::Done;
                    }
                    Poll::Pending => return step,
                }
            }
            if !self.out.is_empty() {
                match Pin::new(&mut self.io).poll_flush(cx) {
                    Poll::Ready(Ok(())) => {}
                    Poll::Ready(Err(_)) => return Step::Done,
                    Poll::Pending => return step,
                }
                if self.closing {
                    return Step::Done;
                }
                // Written: the buffer goes (an idle socket keeps none).
                self.out = Vec::new();
                self.written = 0;
                self.write_by = None;
            }
            if let Some(ping) = self.pending_pong.take() {
                self.push(|b| frame::pong(b, &ping));
            }
            // Gather what is queued into the next write.
            while self.out.len() < WRITE_BATCH && !self.closing {
                let out = match self.rx.poll_recv(cx) {
                    Poll::Ready(Some(out)) => out,
                    polled => {
                        if let Some(why) = self.close_after.take() {
                            // Reading has stopped and what was queued is out: the close frame
                            // goes now (the views are stopping; what they send later is not
                            // written).
                            self.push(|b| frame::close(b, Some(why.code()), why.reason()));
                            self.closing = true;
                            self.linger = true;
                        } else if polled.is_ready() {
                            // Every sender is gone: nothing more will come.
                            if self.out.is_empty() {
                                return Step::Done;
                            }
                            self.closing = true;
                        }
                        break;
                    }
                };
                match *out {
                    Out::Text(t) => self.push(|b| frame::text(b, &t)),
                    Out::Batch(ts) => self.push(|b| ts.iter().for_each(|t| frame::text(b, t))),
                }
            }
            if self.out.is_empty() {
                return step;
            }
            step = Step::Progress;
        }
    }

    fn poll_read(&mut self, cx: &mut Context<'_>) -> Step {
        let mut space = [MaybeUninit::<u8>::uninit(); READ_CHUNK];
        let mut buf = ReadBuf::uninit(&mut space);
        match Pin::new(&mut self.io).poll_read(cx, &mut buf) {
            Poll::Pending => return Step::Waiting,
            Poll::Ready(Err(e)) => {
                tracing::info!(error = %e, "websocket read error; closing");
                return Step::Done;
            }
            Poll::Ready(Ok(())) if buf.filled().is_empty() => return Step::Done,
            Poll::Ready(Ok(())) => {}
        }
        let Conn { decoder, mux, out, write_by, pending_pong, .. } = self;
        let Some(m) = mux.as_mut() else { return Step::Progress };
        // (Read from the limits, not kept in this task's state: every idle socket has one.)
        let (max_message, idle) = (m.limits().max_frame_bytes, m.limits().idle_timeout);
        let mut flow = Flow::Continue;
        let mut client_close = None;
        let fed = decoder.feed(buf.filled(), max_message, |message| {
            flow = match message {
                Incoming::Text(t) => m.on_text(&t),
                Incoming::Binary(b) => m.on_binary(&b),
                Incoming::Ping(payload) => {
                    // A client that pings without reading gets no more pongs than one write
                    // holds (RFC 6455 §5.5.3 lets a server answer only the latest ping).
                    if out.len() < WRITE_BATCH {
                        push_frame(out, write_by, |b| frame::pong(b, &payload));
                    } else {
                        *pending_pong = Some(payload.into_boxed_slice());
                    }
                    Flow::Continue
                }
                Incoming::Pong => Flow::Continue,
                Incoming::Close(code) => {
                    client_close = Some(code);
                    Flow::Drop
                }
            };
            flow == Flow::Continue
        });
        // Only whole frames count as signs of life: a client trickling the bytes of one frame
        // does not hold its socket open past the idle timeout.
        match fed {
            Ok(true) => self.idle_at = Instant::now() + idle,
            Ok(false) => {}
            Err(why) => flow = Flow::Close(why),
        }
        if let Some(code) = client_close {
            // The client closes: answer with its code, after what is being written, and end.
            self.mux = None;
            self.push(|b| frame::close(b, code, ""));
            self.closing = true;
            return Step::Progress;
        }
        match flow {
            Flow::Continue => Step::Progress,
            Flow::Close(why) => {
                self.stop_reading(why);
                Step::Progress
            }
            Flow::Drop => Step::Done,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use std::task::Waker;

    /// A socket that records each write it is given and never has anything to read.
    #[derive(Clone, Default)]
    struct Recorder(Arc<Mutex<Vec<Vec<u8>>>>);

    impl AsyncRead for Recorder {
        fn poll_read(self: Pin<&mut Self>, _: &mut Context<'_>, _: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
            Poll::Pending
        }
    }

    impl AsyncWrite for Recorder {
        fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
            self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(buf.to_vec());
            Poll::Ready(Ok(buf.len()))
        }
        fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
            Poll::Ready(Ok(()))
        }
        fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
            Poll::Ready(Ok(()))
        }
    }

    /// A connection writing to `socket` what `rx` receives (not reading: no mux).
    fn conn(socket: Recorder, rx: queue::Receiver<Queued>) -> Conn<Recorder> {
        Conn::new(socket, None, rx, Duration::from_secs(60))
    }

    fn write_all(c: &mut Conn<Recorder>) -> bool {
        let mut cx = Context::from_waker(Waker::noop());
        loop {
            match c.poll_write(&mut cx) {
                Step::Progress => {}
                Step::Waiting => return false,
                Step::Done => return true,
            }
        }
    }

    fn writes(socket: &Recorder) -> Vec<Vec<u8>> {
        std::mem::take(&mut *socket.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    #[test]
    fn frames_queued_together_leave_in_one_write_and_no_buffer_stays() {
        let reply = r#"["1","9","lv:phx-abcd","phx_reply",{"status":"ok","response":{"diff":{"c":{"2":{"3":"1"}}}}}]"#;
        let push = r#"["1",null,"lv:phx-abcd","diff",{"0":"1"}]"#;
        let socket = Recorder::default();
        let (tx, rx) = queue::channel(8);
        let mut c = conn(socket.clone(), rx);
        tx.try_send(Box::new(Out::Batch(vec![reply.into(), push.into()]))).unwrap();
        tx.try_send(Box::new(Out::Text(push.into()))).unwrap();
        assert!(!write_all(&mut c));
        let w = writes(&socket);
        assert_eq!(w.len(), 1, "one write for the three messages: {w:?}");
        assert_eq!(w[0].len(), reply.len() + 2 * push.len() + 3 * 2, "three 2-byte headers");
        assert!(String::from_utf8_lossy(&w[0]).contains(reply));
        // Written: the write buffer is gone, and no deadline waits.
        assert_eq!((c.out.capacity(), c.write_by), (0, None));

        // A large message is one frame, with a 64-bit length.
        let long = "x".repeat(70_000);
        tx.try_send(Box::new(Out::Text(long.clone()))).unwrap();
        assert!(!write_all(&mut c));
        let w = writes(&socket).concat();
        assert_eq!((w.len(), w[0], w[1]), (long.len() + 10, 0x81, 127));
        assert_eq!(c.out.capacity(), 0);

        // A close (reading stopped) goes after what was queued before it, and ends the
        // connection, even when the queue was full.
        let (tx, rx) = queue::channel(1);
        let mut c = conn(socket.clone(), rx);
        tx.try_send(Box::new(Out::Text(push.into()))).unwrap();
        assert!(tx.try_send(Box::new(Out::Text(push.into()))).is_err(), "the queue is full");
        c.close_after = Some(Close::TooLarge);
        assert!(write_all(&mut c), "done after the close frame");
        let w = writes(&socket).concat();
        assert_eq!(&w[..2 + push.len()], [&[0x81, push.len() as u8][..], push.as_bytes()].concat());
        assert_eq!(&w[2 + push.len()..2 + push.len() + 4], &[0x88, 19, 0x03, 0xf1], "close 1009");
        assert_eq!(w.len(), 2 + push.len() + 2 + 19, "nothing after the close");
        assert!(c.linger, "the client's close is read before the socket drops");
    }

    #[test]
    fn a_ping_left_unanswered_by_a_full_write_gets_its_pong_with_the_next_one() {
        let socket = Recorder::default();
        let (tx, rx) = queue::channel(8);
        let mut c = conn(socket.clone(), rx);
        c.pending_pong = Some(b"hi".to_vec().into_boxed_slice());
        tx.try_send(Box::new(Out::Text("[]".into()))).unwrap();
        assert!(!write_all(&mut c));
        assert_eq!(writes(&socket).concat(), [0x8a, 2, b'h', b'i', 0x81, 2, b'[', b']']);
    }

    /// Stands in for the upgraded connection (`TokioIo<Upgraded>`, which has no public
    /// constructor) in the size check below: the same size, never ready.
    struct LikeUpgraded {
        _size: [usize; 6],
    }

    impl AsyncRead for LikeUpgraded {
        fn poll_read(self: Pin<&mut Self>, _: &mut Context<'_>, _: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
            Poll::Pending
        }
    }

    impl AsyncWrite for LikeUpgraded {
        fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, _: &[u8]) -> Poll<std::io::Result<usize>> {
            Poll::Pending
        }
        fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
            Poll::Pending
        }
        fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
            Poll::Pending
        }
    }

    #[test]
    fn an_idle_sockets_task_fits_a_768_byte_task_cell() {
        // tokio allocates a task as one cell aligned to 128 bytes: header, scheduler and id
        // (48 bytes), the future and its tracker token, the trailer (48). Past 656 bytes of
        // future the cell of every socket grows from 768 to 896 bytes (it did, by 8 bytes, when
        // this task held its idle timeout and frame limit; they are read from the limits now).
        assert_eq!(
            std::mem::size_of::<LikeUpgraded>(),
            std::mem::size_of::<hyper_util::rt::TokioIo<hyper::upgrade::Upgraded>>()
        );
        let router = crate::LiveRouter::new().secret("s".repeat(64));
        let assets = crate::assets::ClientAssets::none();
        let shared = Arc::new(Shared::new(router, assets, tokio_util::sync::CancellationToken::new()).unwrap());
        let task = run(shared, LikeUpgraded { _size: [0; 6] }, true);
        let size = std::mem::size_of_val(&task);
        assert!(size <= 656, "the connection future is {size} bytes");
    }

    #[test]
    fn the_connection_ends_when_every_sender_is_gone_and_all_is_written() {
        let socket = Recorder::default();
        let (tx, rx) = queue::channel(8);
        let mut c = conn(socket.clone(), rx);
        tx.try_send(Box::new(Out::Text("[]".into()))).unwrap();
        drop(tx);
        assert!(write_all(&mut c));
        assert_eq!(writes(&socket).concat(), [0x81, 2, b'[', b']']);
    }
}
