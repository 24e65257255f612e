//! The tree itself: [`Template`], [`Rendered`], its slots ([`Dynamic`], [`SlotRef`]), and how a
//! [`Comprehension`] is read ([`EntryRef`], [`Slots`]).
//!
//! These form one recursive type (a slot may hold a comprehension whose entries hold slots
//! again), so they are defined together; everything else in `rendered` builds on this file.
//! How a comprehension is built, and how it stores its entries, is in `list`.

use super::key::NO_KEY;
use super::stream_ops::StreamOps;
use super::text::Text;
use std::sync::{Arc, Mutex, MutexGuard};

/// The static parts of one template site, produced by `html!` at compile time.
///
/// `statics.len()` is always one more than the number of dynamic slots.
#[derive(Debug)]
pub struct Template {
    /// Static HTML between the slots (already escaped where it came from text literals).
    pub statics: &'static [&'static str],
    /// Identifies the template: a hash of its statics (and attribute names, if any). Equal
    /// fingerprints make two templates likely the same; [`Template::same_as`] decides.
    pub fingerprint: u64,
    /// The attribute name of each slot that is a `name={value}` attribute, `""` for other slots
    /// (or no entries at all: nothing known). A `for` body's template has them, so an entry
    /// stores such a slot as its value alone and writes ` name="value"` only when it is sent
    /// or rendered ([`SlotRef::Attr`]): in a list of rows with an `id` each, the names and
    /// quotes were most of the text kept for every row.
    attrs: &'static [&'static str],
}

impl Template {
    /// The template of `statics`, with their [`fingerprint`].
    ///
    /// A `const fn`, so `static T: Template = Template::new(&[..]);` fingerprints at compile time
    /// (this is what `html!` emits).
    pub const fn new(statics: &'static [&'static str]) -> Self {
        Template { statics, fingerprint: fingerprint(statics), attrs: &[] }
    }

    /// A template whose slot `i` is the attribute `attrs[i]` (`""`: not an attribute), which
    /// its entries may then store without the name ([`Template::attr_name`]). What `html!` emits
    /// for the body of a `for` loop. The names are part of the fingerprint: two sites with the
    /// same statics but different attributes are different templates.
    /// Without any name this is [`Template::new`].
    pub const fn with_attrs(statics: &'static [&'static str], attrs: &'static [&'static str]) -> Self {
        let mut i = 0;
        while i < attrs.len() && attrs[i].is_empty() {
            i += 1;
        }
        if i == attrs.len() {
            return Template::new(statics);
        }
        let hash = fingerprint(statics) ^ fingerprint(attrs).rotate_left(1);
        Template { statics, fingerprint: hash, attrs }
    }

    /// The attribute name of slot `slot`, if the template says it is one.
    #[inline]
    pub fn attr_name(&self, slot: usize) -> Option<&'static str> {
        self.attrs.get(slot).copied().filter(|n| !n.is_empty())
    }

    /// Whether `self` and `other` are the same template (pointer or fingerprint equality).
    #[inline]
    pub fn same_as(&'static self, other: &'static Template) -> bool {
        std::ptr::eq(self, other)
            || (self.fingerprint == other.fingerprint && self.statics == other.statics && self.attrs == other.attrs)
    }
}

/// Computes a template fingerprint from its statics.
///
/// The one implementation of the hash: `html!` does not compute it while expanding, it emits
/// [`Template::new`], so the compiler evaluates this function for every template.
pub const fn fingerprint(statics: &[&str]) -> u64 {
    // FNV-1a over the statics, with a separator between parts.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < statics.len() {
        let bytes = statics[i].as_bytes();
        let mut j = 0;
        while j < bytes.len() {
            hash ^= bytes[j] as u64;
            hash = hash.wrapping_mul(0x0100_0000_01b3);
            j += 1;
        }
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}

/// A rendered template: statics plus the values of its dynamic slots.
#[derive(Debug, Clone)]
pub struct Rendered {
    template: &'static Template,
    dynamics: Box<[Dynamic]>,
}

/// The value of one dynamic slot.
#[derive(Debug, Clone)]
pub enum Dynamic {
    /// HTML text, already escaped (or deliberately raw).
    Text(Text),
    /// A nested template (an `if`/`match` branch, a function component, ...).
    Nested(Rendered),
    /// A comprehension (a `for` loop): entries sharing one template.
    List(Box<Comprehension>),
    /// A live component placeholder, by cid.
    Component(u32),
}

/// A borrowed slot value: what the diff engine and the HTML writer read, whether the slot lives
/// in a [`Rendered`] or in an entry of a [`Comprehension`].
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum SlotRef<'a> {
    /// HTML text.
    Text(&'a str),
    /// An attribute slot of a comprehension entry, stored as its value alone: its HTML is
    /// ` name="value"` (see [`Template::with_attrs`]).
    Attr {
        /// The attribute's name (from the template).
        name: &'static str,
        /// The value, already escaped.
        value: &'a str,
    },
    /// A nested template.
    Nested(&'a Rendered),
    /// A comprehension.
    List(&'a Comprehension),
    /// A live component placeholder, by cid.
    Component(u32),
}

static EMPTY_TEMPLATE: Template = Template::new(&[""]);

impl Rendered {
    /// Builds a rendered template. Panics when the number of dynamics does not match the template
    /// (a bug in generated or hand-written code, never caused by user input).
    pub fn new(template: &'static Template, dynamics: Vec<Dynamic>) -> Self {
        assert_eq!(
            template.statics.len(),
            dynamics.len() + 1,
            "a template with {} statics needs {} dynamics",
            template.statics.len(),
            template.statics.len().saturating_sub(1)
        );
        Rendered { template, dynamics: dynamics.into_boxed_slice() }
    }

    /// The empty template (renders nothing).
    pub fn empty() -> Self {
        Rendered { template: &EMPTY_TEMPLATE, dynamics: Box::new([]) }
    }

    /// The template of this render.
    pub fn template(&self) -> &'static Template {
        self.template
    }

    /// The dynamic slots.
    pub fn dynamics(&self) -> &[Dynamic] {
        &self.dynamics
    }

    /// The dynamic slots as [`SlotRef`]s (what the diff and the HTML writer read).
    pub fn slots(&self) -> impl ExactSizeIterator<Item = SlotRef<'_>> {
        self.dynamics.iter().map(Dynamic::as_slot)
    }

    /// Renders to an HTML string.
    pub fn to_html(&self) -> String {
        let mut out = String::with_capacity(256);
        self.write_html(&mut out);
        out
    }

    /// Appends the HTML of this render to `out`.
    pub fn write_html(&self, out: &mut String) {
        write_slots(out, self.template.statics, self.slots(), None);
    }

    /// Appends the HTML of this render to `out`, with `components` writing the HTML of each
    /// live component slot (by cid); [`Rendered::write_html`] writes nothing for them.
    pub fn write_html_with(&self, out: &mut String, components: &dyn Fn(u32, &mut String)) {
        write_slots(out, self.template.statics, self.slots(), Some(components));
    }
}

impl Default for Rendered {
    fn default() -> Self {
        Rendered::empty()
    }
}

/// Writes the HTML of a live component slot, by cid.
type ComponentHtml<'c> = Option<&'c dyn Fn(u32, &mut String)>;

fn write_slots<'a>(
    out: &mut String,
    statics: &[&str],
    mut slots: impl Iterator<Item = SlotRef<'a>>,
    components: ComponentHtml<'_>,
) {
    for s in statics {
        out.push_str(s);
        if let Some(d) = slots.next() {
            d.write_html_in(out, components);
        }
    }
}

impl Dynamic {
    /// Appends the HTML of this slot to `out`.
    pub fn write_html(&self, out: &mut String) {
        self.as_slot().write_html(out)
    }

    /// The slot as a [`SlotRef`].
    #[inline]
    pub fn as_slot(&self) -> SlotRef<'_> {
        match self {
            Dynamic::Text(t) => SlotRef::Text(t),
            Dynamic::Nested(r) => SlotRef::Nested(r),
            Dynamic::List(c) => SlotRef::List(c),
            Dynamic::Component(cid) => SlotRef::Component(*cid),
        }
    }

    /// Text inserted as is (already escaped, or trusted markup).
    pub fn raw_text(html: &str) -> Self {
        Dynamic::Text(Text::new(html))
    }

    /// The empty slot.
    pub fn empty() -> Self {
        Dynamic::Text(Text::empty())
    }
}

impl<'a> SlotRef<'a> {
    /// Appends the HTML of this slot to `out`.
    pub fn write_html(&self, out: &mut String) {
        self.write_html_in(out, None)
    }

    fn write_html_in(&self, out: &mut String, components: ComponentHtml<'_>) {
        match *self {
            SlotRef::Text(t) => out.push_str(t),
            SlotRef::Attr { name, value } => write_attr_html(out, name, value.len(), |out| out.push_str(value)),
            SlotRef::Nested(r) => write_slots(out, r.template.statics, r.slots(), components),
            SlotRef::List(c) => {
                if let Some(stream) = &c.stream {
                    #[cfg(debug_assertions)]
                    check_stream_container(out, stream.lock().ops.id);
                    return SlotRef::List(&stream.lock().items).write_html_in(out, components);
                }
                for e in c.entries() {
                    write_slots(out, c.template().statics, e.slots(), components);
                }
            }
            SlotRef::Component(cid) => {
                if let Some(write) = components {
                    write(cid, out);
                }
            }
        }
    }

    /// Deep content equality, as the client would render it.
    pub fn same_content(&self, other: &SlotRef<'_>) -> bool {
        if let Some(same) = self.same_text(other) {
            return same;
        }
        match (*self, *other) {
            (SlotRef::Component(a), SlotRef::Component(b)) => a == b,
            (SlotRef::Nested(a), SlotRef::Nested(b)) => {
                a.template().same_as(b.template()) && a.slots().zip(b.slots()).all(|(x, y)| x.same_content(&y))
            }
            (SlotRef::List(a), SlotRef::List(b)) => {
                !a.has_stream_ops()
                    && !b.has_stream_ops()
                    && a.template().same_as(b.template())
                    && a.len() == b.len()
                    && a.entries().zip(b.entries()).all(|(x, y)| x.same_content(&y))
            }
            _ => false,
        }
    }

    /// When both slots are text (plain or an attribute stored as its value), whether they
    /// render the same HTML; `None` when either is not text.
    #[inline]
    pub(crate) fn same_text(&self, other: &SlotRef<'_>) -> Option<bool> {
        match (*self, *other) {
            (SlotRef::Text(a), SlotRef::Text(b)) => Some(a == b),
            (SlotRef::Attr { name: n, value: v }, SlotRef::Attr { name: m, value: w }) => Some(n == m && v == w),
            // A template's attribute written in full by a custom `AttrValue` next to one
            // stored as its value.
            (SlotRef::Text(t), SlotRef::Attr { name, value }) | (SlotRef::Attr { name, value }, SlotRef::Text(t)) => {
                Some(
                    t.strip_prefix(' ')
                        .and_then(|t| t.strip_prefix(name))
                        .and_then(|t| t.strip_prefix("=\""))
                        .and_then(|t| t.strip_suffix('"'))
                        == Some(value),
                )
            }
            _ => None,
        }
    }
}

/// Appends the attribute ` name="…"`, its value (about `len` bytes, escaped) appended by
/// `value`: the one spelling of an attribute for every writer of one.
#[inline]
pub(super) fn write_attr_html(out: &mut String, name: &str, len: usize, value: impl FnOnce(&mut String)) {
    out.reserve(name.len() + len + 4);
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    value(out);
    out.push('"');
}

/// A `for` loop: every entry shares the comprehension's template.
///
/// Built with [`Comprehension::begin`] and friends; the storage layout is described in `list`.
/// The entries live in segments: a plain loop writes all of them into one (`last`); a loop over
/// a [`TrackedVec`](super::TrackedVec) is a run of shared segments, one per chunk of the
/// collection, reused by pointer from the last render where the chunk did not change
/// (`tracked`). The segments are held in groups (`Group`, 16 chunks each) that are
/// shared as well: a one-row change in 10,000 rows copies ten group pointers and rebuilds one
/// group, instead of copying (and counting references to) 157 segment pointers.
#[derive(Debug, Clone)]
pub struct Comprehension {
    pub(super) template: &'static Template,
    /// Slots per entry (the template's), kept at hand for the per-entry hot paths.
    pub(super) width: usize,
    /// Groups of finished segments, possibly shared with other renders; their entries come
    /// first.
    pub(super) shared: Run<Group>,
    /// The entries after those of `shared` (all of them for a plain loop): where
    /// [`Comprehension::begin`] writes.
    pub(super) last: Segment,
    /// For a stream (`for .., stream` in `html!`): its operations and items; the entries
    /// above stay empty.
    pub(super) stream: Option<Box<StreamSlot>>,
}

/// A run of entries of a [`Comprehension`], stored compactly (see `list`).
#[derive(Debug, Clone)]
pub(super) struct Segment {
    /// One key hash per entry ([`NO_KEY`] for an unkeyed entry), or empty when no entry is keyed.
    pub(super) keys: Vec<u64>,
    /// Where each entry starts in `text` and `others`, plus one final head for the end.
    pub(super) heads: Vec<Head>,
    /// The text of every text slot, entries back to back.
    pub(super) text: String,
    /// One value per slot, entries back to back: a text slot's end offset in `text`, or
    /// [`OTHER`] for a slot held in `others`.
    pub(super) slots: Vec<u32>,
    /// Non-text slots, in order.
    pub(super) others: Vec<Dynamic>,
    /// A tracked loop's chunk: a number no other segment of the process has (0 for others).
    pub(super) id: u64,
    /// A tracked loop's chunk rendered by copying the unchanged entries of its last render
    /// (`tracked`): that render's segment's `id`, and a bit per entry rendered again. Diffed
    /// against that segment, only those entries can differ. (An id, not an address: a segment
    /// of another collection rendered at the same site may sit where a freed one was.)
    pub(super) patched: Option<(u64, u64)>,
}

/// The most segments in one [`Group`].
pub(super) const GROUP: usize = 16;

/// Shared parts of a [`Comprehension`] in order (its groups, or a group's segments), each with
/// the index of its first entry: one way to append and to find an entry at both levels.
#[derive(Debug, Clone)]
pub(super) struct Run<T> {
    pub(super) parts: Vec<Arc<T>>,
    /// The index of the first entry of each of `parts`, from the run's first entry.
    pub(super) starts: Vec<u32>,
    /// The number of entries.
    pub(super) len: usize,
}

/// A run of shared segments: what a tracked loop reuses as a whole when none of its chunks
/// changed.
pub(super) type Group = Run<Segment>;

/// Something a [`Run`] holds: it knows its number of entries.
pub(super) trait Part {
    fn entries(&self) -> usize;
}

impl Part for Segment {
    fn entries(&self) -> usize {
        self.len()
    }
}

impl<T> Part for Run<T> {
    fn entries(&self) -> usize {
        self.len
    }
}

impl<T> Default for Run<T> {
    fn default() -> Self {
        Run { parts: Vec::new(), starts: Vec::new(), len: 0 }
    }
}

impl<T: Part> Run<T> {
    /// Appends a part (an empty one is left out: no entry would find it).
    pub(super) fn push(&mut self, part: Arc<T>) {
        let n = part.entries();
        if n == 0 {
            return;
        }
        self.starts.push(self.len as u32);
        self.len += n;
        self.parts.push(part);
    }

    /// The part holding entry `i` (below `len`), and `i`'s index in it.
    fn find(&self, i: usize) -> (&T, usize) {
        let k = self.starts.partition_point(|&start| start as usize <= i) - 1;
        (&self.parts[k], i - self.starts[k] as usize)
    }

    /// The parts with their starts.
    pub(super) fn pairs(&self) -> impl DoubleEndedIterator<Item = (&Arc<T>, &u32)> {
        self.parts.iter().zip(&self.starts)
    }
}

impl Segment {
    /// An empty segment with room for `entries` entries of `width` slots and `text` bytes.
    pub(super) fn with_capacity(entries: usize, width: usize, text: usize) -> Self {
        let mut heads = Vec::with_capacity(entries + 1);
        heads.push(Head::default());
        Segment {
            keys: Vec::new(),
            heads,
            text: String::with_capacity(text),
            slots: Vec::with_capacity(entries * width),
            others: Vec::new(),
            id: 0,
            patched: None,
        }
    }

    /// The number of entries.
    #[inline]
    pub(super) fn len(&self) -> usize {
        self.heads.len() - 1
    }
}

/// A stream's part of a [`Comprehension`]: the operations of one render and the items they
/// insert, held until the render is encoded ([`Comprehension::take_stream`]).
///
/// Behind a lock because encoding takes them out of a tree it only borrows: every tree that is
/// kept after being sent (the last render of a view, later a component's) then holds no item,
/// whatever code keeps it.
pub(super) struct StreamSlot(Mutex<Streamed>);

/// A stream render's operations and items ([`Comprehension::take_stream`]).
#[derive(Debug, Clone)]
pub struct Streamed {
    /// What the client does.
    pub ops: StreamOps,
    /// The inserted items' entries, in the order of `ops.inserts`.
    pub items: Comprehension,
}

impl StreamSlot {
    pub(super) fn new(streamed: Streamed) -> Self {
        StreamSlot(Mutex::new(streamed))
    }

    fn lock(&self) -> MutexGuard<'_, Streamed> {
        // The lock is only held by this module's short, non-panicking sections.
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Clone for StreamSlot {
    fn clone(&self) -> Self {
        StreamSlot(Mutex::new(self.lock().clone()))
    }
}

impl std::fmt::Debug for StreamSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.lock().fmt(f)
    }
}

/// Debug builds: the items of stream `id` are about to be written at the end of `html`; their
/// parent must be an element with `phx-update="stream"` and an `id`, or the client would
/// neither keep nor delete them. `html!` checks this at compile time where the container is
/// written literally around the loop; this catches the rest (a stream spliced into a container
/// elsewhere, a dynamic `phx-update`).
#[cfg(debug_assertions)]
fn check_stream_container(html: &str, id: u64) {
    let parent = super::stream_ops::enclosing_open_tag(html);
    let ok = parent.is_some_and(|tag| {
        let attr = |name: &str| super::stream_ops::attr_value(tag, name);
        attr("phx-update") == Some("stream") && attr("id").is_some_and(|v| !v.is_empty())
    });
    assert!(
        ok,
        "stream {id} is rendered inside {}, not inside an element with phx-update=\"stream\" and an id: \
         put the `for .., stream` loop directly inside such an element",
        parent.unwrap_or("no element")
    );
}

/// Where one entry starts in a [`Comprehension`]'s `text` and `others`.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Head {
    pub(super) text: u32,
    pub(super) other: u32,
}

/// A slot value that is not text (the text offsets never reach it, flagged or not: a
/// comprehension's text is kept below 2 GiB).
pub(super) const OTHER: u32 = u32::MAX;

/// Set on a text slot's end offset when the slot is an attribute of the template stored as its
/// value alone ([`SlotRef::Attr`]). Offsets with it still move by plain wrapping addition.
pub(super) const ATTR: u32 = 1 << 31;

/// A borrowed view of one entry of a [`Comprehension`].
#[derive(Debug, Clone, Copy)]
pub struct EntryRef<'a> {
    seg: &'a Segment,
    template: &'static Template,
    width: usize,
    /// The entry's index in `seg`.
    index: usize,
}

impl Comprehension {
    /// The shared template.
    pub fn template(&self) -> &'static Template {
        self.template
    }

    /// The number of entries.
    #[inline]
    pub fn len(&self) -> usize {
        self.shared.len + self.last.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Entry `i`. Panics when out of bounds.
    #[inline]
    pub fn entry(&self, i: usize) -> EntryRef<'_> {
        assert!(i < self.len(), "entry {i} of a comprehension of {}", self.len());
        let width = self.width;
        let before = self.shared.len;
        if i >= before {
            return EntryRef { seg: &self.last, template: self.template, width, index: i - before };
        }
        let (group, i) = self.shared.find(i);
        let (seg, index) = group.find(i);
        EntryRef { seg, template: self.template, width, index }
    }

    /// A reader of entries by index that remembers the segment of the last one it found: the
    /// diff reads runs of neighbouring entries, each then without a search of the segments.
    pub fn cursor(&self) -> Cursor<'_> {
        Cursor { list: self, seg: &self.last, from: self.shared.len, to: self.len() }
    }

    /// The segments in order, each with the index of its first entry (`last` included).
    pub(super) fn segments(&self) -> impl DoubleEndedIterator<Item = (usize, &Segment)> {
        let shared = self
            .shared
            .pairs()
            .flat_map(|(group, &start)| group.pairs().map(move |(seg, &s)| (start as usize + s as usize, &**seg)));
        shared.chain(std::iter::once((self.shared.len, &self.last)))
    }

    /// Appends a group of finished shared segments after the entries so far (which must all
    /// be in shared groups: `last` is empty).
    pub(super) fn push_group(&mut self, group: Arc<Group>) {
        debug_assert!(self.last.len() == 0, "a shared group after unshared entries");
        self.shared.push(group);
    }

    /// Takes the entries of `last` out as a segment of their own (for sharing), leaving an
    /// empty one with no room ([`Comprehension::reserve_last`] sizes the next).
    pub(super) fn take_last(&mut self) -> Segment {
        std::mem::replace(&mut self.last, Segment::with_capacity(0, 0, 0))
    }

    /// Makes `last` (empty) a segment with room for `entries` entries and `text` bytes of text.
    pub(super) fn reserve_last(&mut self, entries: usize, text: usize) {
        debug_assert!(self.last.len() == 0, "reserve_last on a segment with entries");
        self.last = Segment::with_capacity(entries, self.width, text);
    }

    /// Turns the entries built so far into the items of a stream render: the result has no
    /// entries of its own and sends `ops` with these items once ([`Comprehension::take_stream`]).
    pub fn into_stream(self, ops: StreamOps) -> Comprehension {
        let mut list = Comprehension::new(self.template, Vec::new());
        list.stream = Some(Box::new(StreamSlot::new(Streamed { ops, items: self })));
        list
    }

    /// The stream's ref, if this is a stream.
    pub fn stream_id(&self) -> Option<u64> {
        self.stream.as_ref().map(|s| s.lock().ops.id)
    }

    /// Whether this is a stream with operations not yet taken.
    pub fn has_stream_ops(&self) -> bool {
        self.stream.as_ref().is_some_and(|s| !s.lock().ops.is_empty())
    }

    /// A stream's operations and items, taken out: what the encoder sends. The comprehension
    /// keeps the stream's ref and nothing else, so a tree kept after it was sent holds no item.
    /// `None` when this is not a stream.
    pub fn take_stream(&self) -> Option<Streamed> {
        let slot = self.stream.as_ref()?;
        let mut streamed = slot.lock();
        let empty =
            Streamed { ops: StreamOps::new(streamed.ops.id), items: Comprehension::new(self.template, Vec::new()) };
        Some(std::mem::replace(&mut *streamed, empty))
    }

    /// The entries, in order.
    pub fn entries(&self) -> Entries<'_> {
        Entries { front: self.cursor(), back: self.cursor(), range: 0..self.len() }
    }
}

/// The entries of a [`Comprehension`], in order ([`Comprehension::entries`]).
#[derive(Debug, Clone)]
pub struct Entries<'a> {
    front: Cursor<'a>,
    back: Cursor<'a>,
    range: std::ops::Range<usize>,
}

impl<'a> Iterator for Entries<'a> {
    type Item = EntryRef<'a>;

    #[inline]
    fn next(&mut self) -> Option<EntryRef<'a>> {
        let i = self.range.next()?;
        Some(self.front.entry(i))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.range.size_hint()
    }
}

impl DoubleEndedIterator for Entries<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let i = self.range.next_back()?;
        Some(self.back.entry(i))
    }
}

impl ExactSizeIterator for Entries<'_> {}

/// Reads a [`Comprehension`]'s entries by index ([`Comprehension::cursor`]).
#[derive(Debug, Clone, Copy)]
pub struct Cursor<'a> {
    list: &'a Comprehension,
    /// The segment found last, holding the entries `from..to`.
    seg: &'a Segment,
    from: usize,
    to: usize,
}

impl<'a> Cursor<'a> {
    /// Entry `i`. Panics when out of bounds.
    #[inline]
    pub fn entry(&mut self, i: usize) -> EntryRef<'a> {
        if !(self.from..self.to).contains(&i) {
            let e = self.list.entry(i);
            self.seg = e.seg;
            self.from = i - e.index;
            self.to = self.from + e.seg.len();
            return e;
        }
        EntryRef { seg: self.seg, template: self.list.template, width: self.list.width, index: i - self.from }
    }
}

impl<'a> EntryRef<'a> {
    /// The entry's key hash, if keyed.
    pub fn key(&self) -> Option<u64> {
        match self.seg.keys.get(self.index) {
            Some(&NO_KEY) | None => None,
            Some(&k) => Some(k),
        }
    }

    /// The entry's slots, in order.
    pub fn slots(&self) -> Slots<'a> {
        let seg = self.seg;
        let head = seg.heads[self.index];
        let w = self.width;
        Slots {
            seg,
            template: self.template,
            values: seg.slots[self.index * w..(self.index + 1) * w].iter(),
            text: head.text,
            other: head.other,
        }
    }

    /// Whether the entry has the same content as `other` (an entry of a comprehension of the
    /// same template): the same texts at the same slot boundaries and equal nested slots.
    pub fn same_content(&self, other: &EntryRef<'_>) -> bool {
        if std::ptr::eq(self.seg, other.seg) && self.index == other.index {
            // The same entry of a segment shared by two renders.
            return true;
        }
        let (a, b) = (self.text_span(), other.text_span());
        if self.seg.text[a.0..a.1] != other.seg.text[b.0..b.1] {
            return false;
        }
        if self.has_others() || other.has_others() {
            return self.slots().zip(other.slots()).all(|(x, y)| x.same_content(&y));
        }
        // Text only: equal text, so equal boundaries relative to each entry's start.
        let w = self.width;
        let xs = &self.seg.slots[self.index * w..(self.index + 1) * w];
        let ys = &other.seg.slots[other.index * w..(other.index + 1) * w];
        let (dx, dy) = (a.0 as u32, b.0 as u32);
        xs.iter().zip(ys).all(|(&x, &y)| x.wrapping_sub(dx) == y.wrapping_sub(dy))
    }

    /// The segment holding this entry, when the entry is its first.
    pub(super) fn whole_segment(&self) -> Option<&'a Segment> {
        (self.index == 0).then_some(self.seg)
    }

    fn text_span(&self) -> (usize, usize) {
        let heads = &self.seg.heads;
        (heads[self.index].text as usize, heads[self.index + 1].text as usize)
    }

    fn has_others(&self) -> bool {
        let heads = &self.seg.heads;
        heads[self.index].other != heads[self.index + 1].other
    }
}

/// The slots of one entry ([`EntryRef::slots`]).
#[derive(Debug, Clone)]
pub struct Slots<'a> {
    seg: &'a Segment,
    template: &'static Template,
    values: std::slice::Iter<'a, u32>,
    text: u32,
    other: u32,
}

impl<'a> Iterator for Slots<'a> {
    type Item = SlotRef<'a>;

    #[inline]
    fn next(&mut self) -> Option<SlotRef<'a>> {
        let &v = self.values.next()?;
        if v == OTHER {
            let d = &self.seg.others[self.other as usize];
            self.other += 1;
            Some(d.as_slot())
        } else {
            let end = v & !ATTR;
            let t = &self.seg.text[self.text as usize..end as usize];
            self.text = end;
            if v & ATTR == 0 {
                return Some(SlotRef::Text(t));
            }
            // Only `EntryBuilder::attr_value` sets the flag, for a slot the template names, and
            // entries are only read through their comprehension's template.
            let slot = self.template.statics.len() - 2 - self.values.len();
            let name = self.template.attr_name(slot).expect("a flagged slot is an attribute the template names");
            Some(SlotRef::Attr { name, value: t })
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.values.size_hint()
    }
}

impl ExactSizeIterator for Slots<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    static T: Template = Template::new(&["<p class=\"x\">", "</p>"]);

    #[test]
    #[should_panic(expected = "needs 1 dynamics")]
    fn wrong_dynamic_count_is_a_clear_panic() {
        Rendered::new(&T, vec![]);
    }
}
