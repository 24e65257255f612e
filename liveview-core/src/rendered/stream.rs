//! [`Stream`]: a collection the client keeps and the server forgets (`phx-update="stream"`).
//!
//! A view holds a `Stream<T>` field and calls [`Stream::insert`], [`Stream::delete`],
//! [`Stream::reset`] and friends; they queue operations. The next render drains the queue into
//! the `for .., stream` loop of `html!` ([`Stream::drain`]), which renders the inserted items
//! once; the encoder sends them and drops them ([`Comprehension::take_stream`]). Between
//! renders the stream holds its ref, its DOM-id function and the queue: nothing else.

use super::stream_ops::{StreamInsert, StreamOps};
use super::tree::Comprehension;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

/// Where an insert puts an item that is not in the container yet (an item already there is
/// updated in place and does not move).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum At {
    /// After the last item (the default).
    #[default]
    End,
    /// Before the first item.
    Start,
    /// At this index among the container's children (at the end when past it).
    Index(usize),
}

impl At {
    fn wire(self) -> i64 {
        match self {
            At::End => -1,
            At::Start => 0,
            At::Index(i) => i64::try_from(i).unwrap_or(i64::MAX),
        }
    }
}

/// A view's stream of `T`s: rendered once, sent, forgotten.
///
/// In a view, the field is rendered by a `for (dom_id, item) in &self.items, stream { .. }` loop
/// of `html!`, directly inside an element with `phx-update="stream"` and an `id` (the README's
/// "Streams" section has a whole view). What such a loop receives:
///
/// ```
/// use liveview_core::rendered::Stream;
///
/// struct Msg { id: u64, text: String }
///
/// let mut items = Stream::new(|m: &Msg| format!("items-{}", m.id));
/// items.insert(Msg { id: 1, text: "hello".into() });
/// items.prepend(Msg { id: 2, text: "newest".into() }).keep_first(50);
/// items.delete_id("items-7");
///
/// let render = items.drain();
/// let shown: Vec<(&str, &str)> = render.iter().map(|(id, m)| (id, m.text.as_str())).collect();
/// assert_eq!(shown, [("items-1", "hello"), ("items-2", "newest")]);
/// // The render took the items: the stream holds none now.
/// assert_eq!(items.pending(), 0);
/// ```
///
/// # Operations within one render
///
/// The client applies one render's operations as Phoenix's does: the reset first, then the
/// deletes, then the inserts in the order they were made. One render sends at most one insert
/// per DOM id: inserting or updating an id already inserted in this render changes the item it
/// adds (not where); a delete cancels an earlier insert of the same id (and its limit);
/// [`Stream::reset`] drops everything queued before it.
///
/// # What a render shows
///
/// The client keeps the items it was sent; a (re)join starts from an empty container, so the
/// items a fresh `mount` inserts are the ones shown after a reconnect. A view that must show
/// more after a reconnect re-inserts them in `mount` (that is the Phoenix way too).
pub struct Stream<T> {
    id: u64,
    dom_id: fn(&T) -> String,
    queue: Mutex<Queue<T>>,
}

/// The operations queued since the last render.
struct Queue<T> {
    reset: bool,
    /// Inserts in order; `None` where a later operation cancelled one.
    inserts: Vec<Option<Pending<T>>>,
    /// DOM id → index in `inserts` of its live insert.
    by_id: HashMap<String, usize>,
    deletes: Vec<String>,
}

struct Pending<T> {
    op: StreamInsert,
    item: T,
}

impl<T> Default for Queue<T> {
    fn default() -> Self {
        Queue { reset: false, inserts: Vec::new(), by_id: HashMap::new(), deletes: Vec::new() }
    }
}

impl<T> std::fmt::Debug for Stream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stream").field("id", &self.id).field("pending", &self.pending()).finish()
    }
}

/// The last insert queued ([`Stream::insert`]): set where it goes and the limit after it.
#[derive(Debug)]
pub struct Insert<'a> {
    op: &'a mut StreamInsert,
}

impl Insert<'_> {
    /// Puts the item at `at` (the default is [`At::End`]).
    pub fn at(self, at: At) -> Self {
        self.op.at = at.wire();
        self
    }

    /// Puts the item before the first one.
    pub fn at_start(self) -> Self {
        self.at(At::Start)
    }

    /// After the insert, the container keeps its first `n` children (the others are removed).
    pub fn keep_first(self, n: usize) -> Self {
        self.op.limit = Some(i64::try_from(n).unwrap_or(i64::MAX));
        self
    }

    /// After the insert, the container keeps its last `n` children (the others are removed).
    pub fn keep_last(self, n: usize) -> Self {
        self.op.limit = Some(-i64::try_from(n).unwrap_or(i64::MAX));
        self
    }
}

impl<T> Stream<T> {
    /// An empty stream whose items get the DOM id `dom_id(item)` (the `id` of the item's root
    /// element, unique on the page, e.g. `format!("items-{}", item.id)`).
    pub fn new(dom_id: fn(&T) -> String) -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        Stream { id: NEXT.fetch_add(1, Ordering::Relaxed), dom_id, queue: Mutex::new(Queue::default()) }
    }

    /// A stream whose first render appends `items`, in order.
    pub fn with_items(dom_id: fn(&T) -> String, items: impl IntoIterator<Item = T>) -> Self {
        let mut stream = Stream::new(dom_id);
        stream.extend(items);
        stream
    }

    /// The DOM id of `item`.
    pub fn dom_id(&self, item: &T) -> String {
        (self.dom_id)(item)
    }

    /// The stream's ref on the wire (`data-phx-stream` on the client).
    pub fn wire_ref(&self) -> u64 {
        self.id
    }

    /// Operations queued for the next render.
    pub fn pending(&self) -> usize {
        let q = self.lock();
        q.by_id.len() + q.deletes.len() + usize::from(q.reset)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Queue<T>> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn queue(&mut self) -> &mut Queue<T> {
        self.queue.get_mut().unwrap_or_else(PoisonError::into_inner)
    }

    /// Inserts `item` at the end, or updates it in place if its DOM id is already shown. The
    /// returned [`Insert`] sets another position or a limit.
    pub fn insert(&mut self, item: T) -> Insert<'_> {
        let dom_id = (self.dom_id)(&item);
        self.push(StreamInsert { dom_id, at: -1, limit: None, update_only: false }, item)
    }

    /// Inserts `item` before the first one (or updates it in place if shown).
    pub fn prepend(&mut self, item: T) -> Insert<'_> {
        self.insert(item).at_start()
    }

    /// Appends every item, in order.
    pub fn extend(&mut self, items: impl IntoIterator<Item = T>) {
        for item in items {
            self.insert(item);
        }
    }

    /// Replaces the item with `item`'s DOM id where it is shown; does nothing on the client if
    /// that item is not there (Phoenix's `update_only`).
    pub fn update(&mut self, item: T) {
        let dom_id = (self.dom_id)(&item);
        self.push(StreamInsert { dom_id, at: -1, limit: None, update_only: true }, item);
    }

    /// Removes `item` (by its DOM id).
    pub fn delete(&mut self, item: &T) {
        let dom_id = (self.dom_id)(item);
        self.delete_id(dom_id);
    }

    /// Removes the item with this DOM id. Deleting an id that is not shown does nothing.
    pub fn delete_id(&mut self, dom_id: impl Into<String>) {
        let dom_id = dom_id.into();
        let q = self.queue();
        if let Some(i) = q.by_id.remove(&dom_id) {
            q.inserts[i] = None;
        }
        if !q.deletes.contains(&dom_id) {
            q.deletes.push(dom_id);
        }
    }

    /// Removes every item shown, then appends `items`.
    pub fn reset(&mut self, items: impl IntoIterator<Item = T>) {
        *self.queue() = Queue { reset: true, ..Queue::default() };
        self.extend(items);
    }

    fn push(&mut self, op: StreamInsert, item: T) -> Insert<'_> {
        let q = self.queue();
        // One insert per DOM id per render. After an insert, a later insert or update of the
        // same id only changes what the client adds (it would update it in place); after an
        // update-only, the later operation replaces it.
        let index = match q.by_id.get(&op.dom_id).copied() {
            Some(i) if q.inserts[i].as_ref().is_some_and(|p| !p.op.update_only) => {
                if let Some(pending) = &mut q.inserts[i] {
                    pending.item = item;
                }
                i
            }
            earlier => {
                if let Some(i) = earlier {
                    q.inserts[i] = None;
                }
                q.by_id.insert(op.dom_id.clone(), q.inserts.len());
                q.inserts.push(Some(Pending { op, item }));
                q.inserts.len() - 1
            }
        };
        let pending = q.inserts[index].as_mut().expect("a live insert");
        Insert { op: &mut pending.op }
    }

    /// Takes the queued operations for a render (what `html!`'s `for .., stream` loop calls):
    /// the stream is empty again afterwards.
    pub fn drain(&self) -> Drained<T> {
        // A tracked loop must not skip the row that drains this stream next time.
        super::tracked::effect();
        let queue = std::mem::take(&mut *self.lock());
        let mut ops = StreamOps::new(self.id);
        ops.reset = queue.reset;
        ops.deletes = queue.deletes;
        let mut items = Vec::with_capacity(queue.by_id.len());
        for Pending { op, item } in queue.inserts.into_iter().flatten() {
            ops.inserts.push(op);
            items.push(item);
        }
        Drained { ops, items }
    }
}

/// One render's share of a [`Stream`] ([`Stream::drain`]).
#[derive(Debug)]
pub struct Drained<T> {
    ops: StreamOps,
    items: Vec<T>,
}

impl<T> Drained<T> {
    /// The number of items inserted.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether no item is inserted.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The inserted items with their DOM ids, in client order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &T)> {
        self.ops.inserts.iter().map(|op| op.dom_id.as_str()).zip(&self.items)
    }

    /// Ends the render: `list` holds the items' entries in order, and `starts[i]` is the number
    /// of entries before item `i` was rendered (what the loop recorded at the top of each
    /// iteration). An item the loop skipped (`continue`, `break`) is not inserted. The result
    /// sends the entries with the operations, once.
    pub fn finish(mut self, list: Comprehension, starts: &[usize]) -> Comprehension {
        let mut kept = 0;
        let total = list.len();
        let inserts = std::mem::take(&mut self.ops.inserts);
        for (i, op) in inserts.into_iter().enumerate() {
            let Some(&start) = starts.get(i) else { break };
            let end = starts.get(i + 1).copied().unwrap_or(total);
            if end > start {
                self.ops.inserts.push(op);
                kept += 1;
            }
        }
        assert_eq!(kept, total, "a stream loop renders at most one entry per item");
        list.into_stream(self.ops)
    }
}
