//! Building a [`Comprehension`]: the entries of a `for` loop, stored compactly.
//!
//! A long list is re-rendered on every event of its view, so its storage decides the cost of
//! that event. All entries' text slots are written back to back into **one** string, each slot
//! recorded as its end offset (4 bytes); the rare non-text slots (an `if` inside a row, a nested
//! loop) go to a side vector. A 1000-row list is therefore a handful of allocations whatever its
//! length: rendering it formats numbers and copies strings straight into the buffer, dropping it
//! frees a few blocks, and comparing two entries is one `memcmp` of their text plus their slot
//! boundaries.
//!
//! The entries stay with the view between events, so their size is its memory. An attribute
//! slot (`id={..}` in the body) is kept as its escaped value alone, its end offset flagged
//! ([`ATTR`]), and the template gives its name back when the entry is sent or rendered
//! ([`SlotRef::Attr`](super::SlotRef::Attr)): in the gallery's `/list` the names and quotes of
//! ` id="row-N"` and ` phx-value-id="N"` were 22 of the ~32 bytes kept per row.
//!
//! The type and its read side ([`EntryRef`](super::EntryRef)) are in `tree`; this file fills it
//! ([`EntryBuilder`]) and tells the diff which entries can have changed ([`changed_range`]).

use super::key::{NO_KEY, key_hash};
use super::tree::{ATTR, Comprehension, Dynamic, Head, OTHER, Rendered, Run, Segment, Template, write_attr_html};
use crate::escape::escape_into;
use std::hash::Hash;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

/// The most text one render reserves up front from a [`SizeHint`] (1 MiB).
const MAX_RESERVE: usize = 1 << 20;
/// The largest bytes-per-entry a [`SizeHint`] records (an outlier row must not inflate the next
/// render of every view at that site).
const MAX_HINT: usize = 4096;

/// Text bytes per entry at one `for` site, last time it rendered ([`Comprehension::with_hint`]).
#[derive(Debug, Default)]
pub struct SizeHint(AtomicU32);

impl SizeHint {
    /// No size known yet.
    pub const fn new() -> Self {
        SizeHint(AtomicU32::new(0))
    }

    /// Records `per_entry` text bytes per entry (capped like [`Comprehension::remember`]).
    pub(super) fn record(&self, per_entry: usize) {
        self.0.store(per_entry.min(MAX_HINT) as u32, Ordering::Relaxed);
    }

    /// The text bytes to reserve per entry of `template`'s site.
    pub(super) fn per_entry(&self, template: &Template) -> usize {
        match self.0.load(Ordering::Relaxed) as usize {
            0 => guess_per_entry(template),
            // 1/8 slack: entries vary in length.
            n => n + n / 8 + 1,
        }
    }
}

/// The largest text buffer of one comprehension (just under 2 GiB: an end offset keeps its top
/// bit for [`ATTR`], and a flagged one must not read as [`OTHER`]).
const MAX_TEXT: usize = (ATTR - 2) as usize;

/// An owned entry, for building a [`Comprehension`] by hand ([`Comprehension::new`]).
#[derive(Debug, Clone)]
pub struct Entry {
    key: Option<u64>,
    dynamics: Vec<Dynamic>,
}

impl Entry {
    /// An unkeyed entry.
    pub fn new(dynamics: Vec<Dynamic>) -> Self {
        Entry { key: None, dynamics }
    }

    /// A keyed entry: the key identifies the item across renders so moves are sent as moves.
    pub fn keyed<K: Hash + ?Sized>(key: &K, dynamics: Vec<Dynamic>) -> Self {
        Entry { key: Some(key_hash(key)), dynamics }
    }
}

impl Comprehension {
    /// Builds a comprehension from owned entries. Panics when an entry's dynamics do not fit the
    /// template.
    pub fn new(template: &'static Template, entries: Vec<Entry>) -> Self {
        let mut list = Comprehension::with_capacity(template, entries.len());
        for e in entries {
            let mut b = match e.key {
                Some(hash) => list.begin_hashed(hash),
                None => list.begin(),
            };
            for d in e.dynamics {
                b.dynamic(d);
            }
            b.finish();
        }
        list
    }

    /// An empty comprehension with room for `entries` entries, to fill with
    /// [`Comprehension::begin`] or [`Comprehension::begin_keyed`] (what `html!` generates for a
    /// `for` loop).
    pub fn with_capacity(template: &'static Template, entries: usize) -> Self {
        Comprehension::sized(template, entries, entries * guess_per_entry(template))
    }

    /// Like [`Comprehension::with_capacity`], sizing the text buffer from what entries of the
    /// same `for` site took last time (`html!` keeps one [`SizeHint`] per site), so a render
    /// allocates its text once and the retained tree holds little spare capacity.
    pub fn with_hint(template: &'static Template, entries: usize, hint: &SizeHint) -> Self {
        let per_entry = hint.per_entry(template);
        // The hint is shared by every view rendering this site: one view's huge rows must not
        // make another reserve gigabytes. Past the cap the buffer simply grows.
        Comprehension::sized(template, entries, entries.saturating_mul(per_entry).min(MAX_RESERVE))
    }

    /// An empty comprehension with room for `entries` entries and `text` bytes of text.
    pub(crate) fn sized(template: &'static Template, entries: usize, text: usize) -> Self {
        let width = width(template);
        Comprehension {
            template,
            width,
            shared: Run::default(),
            last: Segment::with_capacity(entries, width, text),
            stream: None,
        }
    }

    /// Records this render's text bytes per entry in `hint` (see [`Comprehension::with_hint`]).
    pub fn remember(&self, hint: &SizeHint) {
        let text: usize = self.segments().map(|(_, seg)| seg.text.len()).sum();
        if let Some(per_entry) = text.checked_div(self.len()) {
            hint.record(per_entry);
        }
    }

    /// A comprehension whose entries are whole renders, possibly of different templates
    /// (used for `{iter}` interpolation of `Rendered` values).
    pub fn of_rendered(items: impl IntoIterator<Item = Rendered>) -> Self {
        static ITEM: Template = Template::new(&["", ""]);
        let items = items.into_iter();
        let mut list = Comprehension::with_capacity(&ITEM, items.size_hint().0);
        list.last.others.reserve(items.size_hint().0);
        for r in items {
            let mut b = list.begin();
            b.dynamic(Dynamic::Nested(r));
            b.finish();
        }
        list
    }

    /// Starts an unkeyed entry.
    #[inline]
    pub fn begin(&mut self) -> EntryBuilder<'_> {
        self.begin_hashed(NO_KEY)
    }

    /// Starts a keyed entry: the key identifies the item across renders, so moves are sent as
    /// moves.
    #[inline]
    pub fn begin_keyed<K: Hash + ?Sized>(&mut self, key: &K) -> EntryBuilder<'_> {
        self.begin_hashed(key_hash(key))
    }

    #[inline]
    fn begin_hashed(&mut self, key: u64) -> EntryBuilder<'_> {
        let slots = self.last.slots.len();
        EntryBuilder { list: self, key, slots, done: false }
    }
}

/// For a diff from `old` to `new` (same template): the new entries outside `start..end` are
/// unchanged at unchanged positions, so the diff only has to look at `start..end`.
///
/// Found in bulk for text-only lists (the common table): the longest common prefix and suffix
/// of the two text buffers bound the candidates, and their slot boundaries and keys are compared
/// as whole slices. A one-row change in a 1000-row list is then two `memcmp`s instead of a
/// thousand entry comparisons. Lists with nested slots return the whole range.
pub(crate) fn changed_range(old: &Comprehension, new: &Comprehension) -> (usize, usize) {
    if old.shared.parts.is_empty() && new.shared.parts.is_empty() {
        return changed_in_segment(&old.last, &new.last, new.width);
    }
    let (start, end) = shared_changed_range(old, new);
    // One re-rendered chunk in place of one of the same length (a row changed): narrowed down
    // to the changed entries within it like a plain list.
    if start < end && end <= old.len() {
        let (a, b) = (old.cursor().entry(start), new.cursor().entry(start));
        if let Some((sa, sb)) = a.whole_segment().zip(b.whole_segment())
            && sa.len() == sb.len()
            && start + sb.len() == end
        {
            // Patched from this very segment: only the entries rendered again can differ.
            if let Some((base, fresh)) = sb.patched
                && base == sa.id
            {
                return match fresh {
                    0 => (start, start),
                    _ => (start + fresh.trailing_zeros() as usize, start + 64 - fresh.leading_zeros() as usize),
                };
            }
            let (from, to) = changed_in_segment(sa, sb, new.width);
            return (start + from, start + to);
        }
    }
    (start, end)
}

/// [`changed_range`] for lists made of shared segments (tracked loops): a group or segment
/// that both renders hold at the same entry index is unchanged, so only the entries between the
/// common leading and trailing ones are candidates. One changed row in 10,000 is then a walk
/// over ten group pointers and the sixteen segment pointers of one group, whatever the rows
/// hold; only the pointer and start arrays are read, no segment is touched.
fn shared_changed_range(old: &Comprehension, new: &Comprehension) -> (usize, usize) {
    let n = new.len();
    let (olds, news) = (&old.shared, &new.shared);
    let kg = same_run(olds.pairs(), 0, news.pairs(), 0);
    let start = match (olds.parts.get(kg), news.parts.get(kg)) {
        (_, None) => news.len,
        (None, Some(_)) => news.starts[kg] as usize,
        (Some(og), Some(ng)) => {
            let (oo, no) = (olds.starts[kg] as usize, news.starts[kg] as usize);
            let ks = same_run(og.pairs(), oo, ng.pairs(), no);
            no + ng.starts.get(ks).map_or(ng.len, |&s| s as usize)
        }
    };
    if old.len() != n || old.last.len() > 0 || new.last.len() > 0 {
        return (start, n);
    }
    // Equal lengths and nothing after the shared groups: what both hold at the same index
    // from the end is at the same index.
    let kg = same_run(olds.pairs().rev(), 0, news.pairs().rev(), 0);
    let end = match news.parts.len().checked_sub(kg + 1) {
        None => 0,
        Some(gi) => {
            let (ng, no) = (&news.parts[gi], news.starts[gi] as usize);
            match olds.parts.len().checked_sub(kg + 1) {
                None => no + ng.len,
                Some(oi) => {
                    let (og, oo) = (&olds.parts[oi], olds.starts[oi] as usize);
                    match same_run(og.pairs().rev(), oo, ng.pairs().rev(), no) {
                        0 => no + ng.len,
                        ks => no + ng.starts[ng.parts.len() - ks] as usize,
                    }
                }
            }
        }
    };
    (start, end.max(start))
}

/// How many leading pairs of `a` and `b` (each a shared item with its start index, relative
/// to its offset) are the same item at the same entry index. Given reversed iterators, how
/// many trailing ones.
fn same_run<'s, T: 's>(
    a: impl Iterator<Item = (&'s Arc<T>, &'s u32)>,
    a_offset: usize,
    b: impl Iterator<Item = (&'s Arc<T>, &'s u32)>,
    b_offset: usize,
) -> usize {
    a.zip(b)
        .take_while(|((x, s), (y, t))| **s as usize + a_offset == **t as usize + b_offset && Arc::ptr_eq(x, y))
        .count()
}

/// [`changed_range`] within one segment each (plain loops).
fn changed_in_segment(old: &Segment, new: &Segment, w: usize) -> (usize, usize) {
    let n = new.len();
    if !old.others.is_empty() || !new.others.is_empty() {
        return (0, n);
    }
    let shared = old.len().min(n);
    // Positions where the new entry would match the old one by position (see the diff loop).
    let key_ok = |i: usize| match new.keys.get(i) {
        None | Some(&NO_KEY) => true,
        Some(&k) => old.keys.get(i) == Some(&k),
    };

    // Prefix: entries lying inside the common text prefix, with equal boundaries and keys.
    let p = common_prefix(old.text.as_bytes(), new.text.as_bytes());
    let mut start = new.heads[1..=shared].partition_point(|h| h.text as usize <= p);
    if w > 0 {
        let (a, b) = (&old.slots[..start * w], &new.slots[..start * w]);
        if let Some(m) = a.iter().zip(b).position(|(x, y)| x != y) {
            start = m / w;
        }
    }
    if !new.keys.is_empty()
        && let Some(m) = (0..start).position(|i| !key_ok(i))
    {
        start = m;
    }

    // Suffix: only when nothing can move (equal lengths, every key matching by position), so
    // every entry is compared with the one at its own index.
    if old.len() != n || !(start..n).all(key_ok) {
        return (start, n);
    }
    let q = common_suffix(old.text.as_bytes(), new.text.as_bytes());
    let old_from = old.text.len() - q;
    let mut end = old.heads[..n].partition_point(|h| (h.text as usize) < old_from).max(start);
    // Every boundary of the suffix entries moves by the same amount in the new buffer: the slot
    // ends, and the start of the first of them (the others start where their predecessor ends).
    let delta = new.text.len().wrapping_sub(old.text.len()) as u32;
    if w > 0 {
        let (a, b) = (&old.slots[end * w..], &new.slots[end * w..]);
        if let Some(m) = a.iter().zip(b).rposition(|(&x, &y)| x.wrapping_add(delta) != y) {
            end += m / w + 1;
        }
    }
    if end < n && old.heads[end].text.wrapping_add(delta) != new.heads[end].text {
        end += 1;
    }
    (start, end)
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 64;
    let max = a.len().min(b.len());
    let mut i = 0;
    while i + CHUNK <= max && a[i..i + CHUNK] == b[i..i + CHUNK] {
        i += CHUNK;
    }
    i + a[i..max].iter().zip(&b[i..max]).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 64;
    let max = a.len().min(b.len());
    let (a, b) = (&a[a.len() - max..], &b[b.len() - max..]);
    let mut i = 0;
    while i + CHUNK <= max && a[max - i - CHUNK..max - i] == b[max - i - CHUNK..max - i] {
        i += CHUNK;
    }
    i + a[..max - i].iter().rev().zip(b[..max - i].iter().rev()).take_while(|(x, y)| x == y).count()
}

fn width(template: &Template) -> usize {
    template.statics.len().saturating_sub(1)
}

/// Text bytes per entry when nothing better is known: 8 per slot.
fn guess_per_entry(template: &Template) -> usize {
    width(template) * 8
}

/// Writes one entry's slots straight into its comprehension ([`Comprehension::begin`]).
///
/// If the builder is dropped before [`EntryBuilder::finish`] (a `continue`, `break`, `?` or
/// panic in the middle of a loop body), the partial entry is removed again.
#[derive(Debug)]
pub struct EntryBuilder<'a> {
    list: &'a mut Comprehension,
    key: u64,
    /// `list.slots.len()` when the entry began.
    slots: usize,
    done: bool,
}

impl EntryBuilder<'_> {
    /// Ends a text slot just appended to the shared buffer. The buffer itself is never handed
    /// to user code: user `AttrValue`/`AsText` impls write into a scratch buffer, so they cannot
    /// disturb the entries written before.
    #[inline]
    fn close_text(&mut self) {
        self.close_text_flagged(0);
    }

    #[inline]
    fn close_text_flagged(&mut self, flag: u32) {
        let end = self.list.last.text.len();
        assert!(end <= MAX_TEXT, "a comprehension's text exceeds 2 GiB");
        self.list.last.slots.push(end as u32 | flag);
    }

    /// Appends the attribute `name` whose value `write` appends (escaped) by trusted (crate)
    /// code: the value alone when the template names this slot `name` (the slot reads as
    /// [`SlotRef::Attr`](super::SlotRef::Attr)), else ` name="value"` in full.
    #[inline]
    pub(crate) fn attr_value(&mut self, name: &str, write: impl FnOnce(&mut String)) {
        let slot = self.list.last.slots.len() - self.slots;
        if self.list.template.attr_name(slot) == Some(name) {
            write(&mut self.list.last.text);
            return self.close_text_flagged(ATTR);
        }
        write_attr_html(&mut self.list.last.text, name, 0, write);
        self.close_text();
    }

    /// Appends a text slot (already escaped HTML).
    #[inline]
    pub fn push_text(&mut self, html: &str) {
        self.list.last.text.push_str(html);
        self.close_text();
    }

    /// Appends an unsigned integer as a text slot.
    #[inline]
    pub fn push_u64(&mut self, n: u64) {
        // Small numbers (ids, counts) as single byte pushes: no formatting buffer, no memcpy.
        let text = &mut self.list.last.text;
        match n {
            0..10 => text.push(char::from(b'0' + n as u8)),
            10..100 => {
                text.push(char::from(b'0' + (n / 10) as u8));
                text.push(char::from(b'0' + (n % 10) as u8));
            }
            100..1000 => {
                text.push(char::from(b'0' + (n / 100) as u8));
                text.push(char::from(b'0' + (n / 10 % 10) as u8));
                text.push(char::from(b'0' + (n % 10) as u8));
            }
            _ => text.push_str(itoa::Buffer::new().format(n)),
        }
        self.close_text();
    }

    /// Appends a signed integer as a text slot.
    #[inline]
    pub fn push_i64(&mut self, n: i64) {
        if n >= 0 {
            return self.push_u64(n as u64);
        }
        self.push_text(itoa::Buffer::new().format(n));
    }

    /// Appends a text slot, escaping `text`.
    #[inline]
    pub fn push_escaped(&mut self, text: &str) {
        escape_into(&mut self.list.last.text, text);
        self.close_text();
    }

    /// Appends a text slot written by trusted (crate) code straight into the shared buffer.
    #[inline]
    pub(crate) fn append(&mut self, write: impl FnOnce(&mut String)) {
        write(&mut self.list.last.text);
        self.close_text();
    }

    /// Appends a dynamic attribute list slot.
    /// Appends any slot value.
    pub fn dynamic(&mut self, d: Dynamic) {
        match d {
            Dynamic::Text(t) => self.push_text(&t),
            other => {
                self.list.last.others.push(other);
                self.list.last.slots.push(OTHER);
            }
        }
    }

    /// Ends the entry. Panics when the number of slots does not match the template (a bug in
    /// generated or hand-written code).
    #[inline]
    pub fn finish(mut self) {
        let want = self.list.width;
        let list = &mut self.list.last;
        let got = list.slots.len() - self.slots;
        assert!(got == want, "every entry of this comprehension needs {want} dynamics, got {got}");
        list.end_entry(self.key);
        self.done = true;
    }
}

impl Segment {
    /// Ends the entry whose slots were just appended: its key and its head.
    #[inline]
    fn end_entry(&mut self, key: u64) {
        if key != NO_KEY || !self.keys.is_empty() {
            self.keep_keys(1);
            self.keys.push(key);
        }
        self.heads.push(Head { text: self.text.len() as u32, other: self.others.len() as u32 });
    }

    /// Makes `keys` hold one key per entry so far, before `more` entries with keys are added:
    /// the first keyed entry fills in [`NO_KEY`] for the unkeyed ones before it.
    fn keep_keys(&mut self, more: usize) {
        if self.keys.is_empty() {
            let n = self.len();
            // One key per entry: `heads` has room for one more head than entries.
            self.keys.reserve(self.heads.capacity().saturating_sub(1).max(n + more));
            self.keys.resize(n, NO_KEY);
        }
    }

    /// Appends a copy of entries `from..to` of `src` (a segment of the same template, `width`
    /// slots per entry): what a tracked loop does for the unchanged rows of a chunk it renders
    /// again, instead of running their bodies (`tracked`). A run of entries is a few bulk
    /// copies: their text, and their slot ends, heads and keys moved by one offset.
    pub(super) fn copy_entries(&mut self, src: &Segment, from: usize, to: usize, width: usize) {
        if from >= to {
            return;
        }
        let (first, last) = (src.heads[from], src.heads[to]);
        let shift = (self.text.len() as u32).wrapping_sub(first.text);
        let other_shift = (self.others.len() as u32).wrapping_sub(first.other);
        self.text.push_str(&src.text[first.text as usize..last.text as usize]);
        assert!(self.text.len() <= MAX_TEXT, "a comprehension's text exceeds 2 GiB");
        self.slots.extend(
            // A flagged end moves like any other: the flag bit stays (ends are below 2 GiB).
            src.slots[from * width..to * width].iter().map(|&v| if v == OTHER { OTHER } else { v.wrapping_add(shift) }),
        );
        self.others.extend_from_slice(&src.others[first.other as usize..last.other as usize]);
        if !src.keys.is_empty() || !self.keys.is_empty() {
            self.keep_keys(to - from);
            match src.keys.get(from..to) {
                Some(keys) => self.keys.extend_from_slice(keys),
                None => self.keys.resize(self.len() + to - from, NO_KEY),
            }
        }
        self.heads.extend(
            src.heads[from + 1..=to]
                .iter()
                .map(|h| Head { text: h.text.wrapping_add(shift), other: h.other.wrapping_add(other_shift) }),
        );
    }
}

impl Drop for EntryBuilder<'_> {
    fn drop(&mut self) {
        if !self.done {
            let list = &mut self.list.last;
            let head = list.heads[list.heads.len() - 1];
            list.text.truncate(head.text as usize);
            list.others.truncate(head.other as usize);
            list.slots.truncate(self.slots);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rendered::tree::{EntryRef, SlotRef};

    static ROW: Template = Template::new(&["<li>", ":", "", "</li>"]);
    static B: Template = Template::new(&["<b>", "</b>"]);

    fn texts(e: EntryRef<'_>) -> Vec<String> {
        e.slots()
            .map(|s| match s {
                SlotRef::Text(t) => t.to_owned(),
                SlotRef::Nested(r) => format!("nested {}", r.to_html()),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn entries_keep_their_slots_apart_in_the_shared_buffer() {
        let mut list = Comprehension::with_capacity(&ROW, 0);
        let mut b = list.begin_keyed("a");
        b.push_escaped("<x>");
        b.push_text("");
        b.dynamic(Dynamic::Nested(Rendered::new(&B, vec![Dynamic::text("1")])));
        b.finish();
        let mut b = list.begin();
        b.push_text("ab");
        b.push_text("c");
        b.dynamic(Dynamic::text("d"));
        b.finish();
        assert_eq!(list.len(), 2);
        assert_eq!(texts(list.entry(0)), ["&lt;x&gt;", "", "nested <b>1</b>"]);
        assert_eq!(texts(list.entry(1)), ["ab", "c", "d"]);
        assert_eq!(list.entry(0).key(), Some(key_hash("a")));
        assert_eq!(list.entry(1).key(), None);
    }

    #[test]
    fn same_content_compares_texts_and_boundaries() {
        let build = |rows: &[[&str; 3]]| {
            let mut list = Comprehension::with_capacity(&ROW, rows.len());
            for row in rows {
                let mut b = list.begin();
                for s in row {
                    b.push_text(s);
                }
                b.finish();
            }
            list
        };
        let a = build(&[["x", "yz", ""], ["1", "2", "3"]]);
        let b = build(&[["1", "2", "3"], ["x", "y", "z"], ["xy", "z", ""], ["x", "yz", ""]]);
        assert!(a.entry(1).same_content(&b.entry(0)));
        assert!(!a.entry(0).same_content(&b.entry(1)), "same text, other boundaries");
        assert!(!a.entry(0).same_content(&b.entry(2)), "same text, other boundaries");
        assert!(a.entry(0).same_content(&b.entry(3)));
    }

    static LINK: Template = Template::with_attrs(&["<a", "", "", "></a>"], &["href", "title", ""]);

    /// Two entries of `LINK`: the `href` and `title` slots through `attr` (the template names
    /// them), the last one through `attr` with a name the template does not know.
    fn links() -> Comprehension {
        let mut list = Comprehension::with_capacity(&LINK, 2);
        for (i, title) in [(1u32, Some("a\"b")), (2, None)] {
            let mut b = list.begin();
            b.attr("href", format_args!("/row/{i}"));
            b.attr("title", title);
            b.attr("data-n", i);
            b.finish();
        }
        list
    }

    fn html(s: SlotRef<'_>) -> String {
        let mut out = String::new();
        s.write_html(&mut out);
        out
    }

    #[test]
    fn attribute_slots_the_template_names_keep_only_their_value() {
        let list = links();
        // The names, `="` and `"` of the known attributes are not stored.
        assert_eq!(list.last.text, "/row/1a&quot;b data-n=\"1\"/row/2 data-n=\"2\"");
        let slots: Vec<String> = list.entries().flat_map(|e| e.slots().map(|s| format!("{s:?}"))).collect();
        assert_eq!(
            slots,
            [
                r#"Attr { name: "href", value: "/row/1" }"#,
                r#"Attr { name: "title", value: "a&quot;b" }"#,
                r#"Text(" data-n=\"1\"")"#,
                r#"Attr { name: "href", value: "/row/2" }"#,
                r#"Text("")"#,
                r#"Text(" data-n=\"2\"")"#,
            ]
        );
        // The page and the wire carry the whole attribute.
        let want = r#"<a href="/row/1" title="a&quot;b" data-n="1"></a><a href="/row/2" data-n="2"></a>"#;
        let page = Rendered::new(&B, vec![Dynamic::List(Box::new(list))]);
        assert_eq!(page.to_html(), format!("<b>{want}</b>"));
        let mut json = String::new();
        crate::diff::write_full(&mut json, &page);
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(json["0"]["k"]["0"]["0"], " href=\"/row/1\"");
        assert_eq!(json["0"]["k"]["0"]["1"], " title=\"a&quot;b\"");
        assert_eq!(json["0"]["k"]["1"]["1"], "");
    }

    #[test]
    fn copied_entries_keep_their_attribute_slots() {
        let src = links();
        let mut dst = Comprehension::with_capacity(&LINK, 3);
        let mut b = dst.begin();
        b.attr("href", "/first");
        b.attr("title", "longer than the others");
        b.attr("data-n", 0);
        b.finish();
        // Entries move to other offsets: the flag must move with their ends.
        dst.last.copy_entries(&src.last, 0, 2, 3);
        let html = |c: &Comprehension| c.entries().map(|e| e.slots().map(html).collect::<String>()).collect::<Vec<_>>();
        assert_eq!(html(&dst)[1..], html(&src)[..]);
        assert!(matches!(dst.entry(2).slots().next(), Some(SlotRef::Attr { name: "href", value: "/row/2" })));
        assert!(dst.entry(2).same_content(&src.entry(1)));
        assert!(!dst.entry(1).same_content(&src.entry(1)));
    }

    #[test]
    fn an_attribute_stored_as_its_value_equals_the_same_attribute_written_whole() {
        let value = SlotRef::Attr { name: "href", value: "/x" };
        assert!(SlotRef::Text(" href=\"/x\"").same_content(&value));
        assert!(value.same_content(&SlotRef::Text(" href=\"/x\"")));
        for other in [" href=\"/y\"", " hreff=\"/x\"", "href=\"/x\"", " href=\"/x", ""] {
            assert!(!SlotRef::Text(other).same_content(&value), "{other}");
        }
        assert!(!value.same_content(&SlotRef::Attr { name: "title", value: "/x" }));
    }

    #[test]
    fn attribute_names_are_part_of_a_loop_template() {
        static ID: Template = Template::with_attrs(&["<li", "></li>"], &["id"]);
        static CLASS: Template = Template::with_attrs(&["<li", "></li>"], &["class"]);
        static PLAIN: Template = Template::new(&["<li", "></li>"]);
        static NONE: Template = Template::with_attrs(&["<li", "></li>"], &[]);
        static UNNAMED: Template = Template::with_attrs(&["<li", "></li>"], &[""]);
        // The same statics with other names: an entry's stored values mean other HTML.
        assert!(!ID.same_as(&CLASS));
        assert_ne!(ID.fingerprint, CLASS.fingerprint);
        assert!(!ID.same_as(&PLAIN));
        assert!(NONE.same_as(&PLAIN));
        assert_eq!(NONE.fingerprint, PLAIN.fingerprint);
        // A loop body without attributes: a plain template.
        assert!(UNNAMED.same_as(&PLAIN));
        assert_eq!(UNNAMED.fingerprint, PLAIN.fingerprint);
        assert_eq!(ID.attr_name(0), Some("id"));
        assert_eq!(PLAIN.attr_name(0), None);
    }

    #[test]
    fn an_abandoned_entry_leaves_no_trace() {
        let mut list = Comprehension::with_capacity(&ROW, 2);
        let mut b = list.begin_keyed(&1);
        b.push_text("kept");
        b.push_text("");
        b.push_text("");
        b.finish();
        for _ in 0..1 {
            let mut b = list.begin_keyed(&2);
            b.push_text("dropped");
            b.dynamic(Dynamic::Nested(Rendered::empty()));
            // A `continue` in the middle of a loop body drops the builder unfinished.
            continue;
        }
        assert_eq!(list.len(), 1);
        assert_eq!(list.last.text, "kept");
        assert!(list.last.others.is_empty());
        assert_eq!(list.last.slots.len(), 3);
        let mut b = list.begin();
        b.push_text("next");
        b.push_text("");
        b.push_text("");
        b.finish();
        assert_eq!(texts(list.entry(1)), ["next", "", ""]);
        assert_eq!(list.entry(1).key(), None);
        assert_eq!(list.entry(0).key(), Some(key_hash(&1)));
    }

    #[test]
    fn integers_write_like_display() {
        static ONE: Template = Template::new(&["", ""]);
        let unsigned = [0, 5, 9, 10, 42, 99, 100, 101, 500, 999, 1000, 12345, u64::MAX];
        let signed = [0, 7, -1, -9, -10, -999, -1000, 999, i64::MIN, i64::MAX];
        let mut list = Comprehension::with_capacity(&ONE, 0);
        for n in unsigned {
            let mut b = list.begin();
            b.push_u64(n);
            b.finish();
        }
        for n in signed {
            let mut b = list.begin();
            b.push_i64(n);
            b.finish();
        }
        let want: Vec<String> = unsigned.iter().map(u64::to_string).chain(signed.iter().map(i64::to_string)).collect();
        let got: Vec<String> = list.entries().flat_map(texts).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_size_hint_sizes_the_next_render_of_the_site() {
        static HINT: SizeHint = SizeHint::new();
        let render = || {
            let mut list = Comprehension::with_hint(&ROW, 100, &HINT);
            for i in 0..100 {
                let mut b = list.begin();
                b.push_text(&format!("row-{i:03}"));
                b.push_text("x");
                b.push_text("");
                b.finish();
            }
            list.remember(&HINT);
            list
        };
        let first = render();
        assert_eq!(first.last.text.len(), 800);
        let second = render();
        assert!(
            second.last.text.capacity() >= 800 && second.last.text.capacity() <= 1000,
            "{}",
            second.last.text.capacity()
        );
    }

    #[test]
    fn one_huge_render_does_not_make_the_next_reserve_a_lot() {
        static HINT: SizeHint = SizeHint::new();
        let render = |rows: usize, row: &str| {
            let mut list = Comprehension::with_hint(&ROW, rows, &HINT);
            for _ in 0..rows {
                let mut b = list.begin();
                b.push_text(row);
                b.push_text("");
                b.push_text("");
                b.finish();
            }
            list.remember(&HINT);
            list
        };
        render(1, &"x".repeat(1 << 20));
        let next = render(100_000, "y");
        assert!(next.last.text.capacity() <= 2 * MAX_RESERVE, "{}", next.last.text.capacity());
        assert!(render(1000, "y").last.text.capacity() < 20_000, "the hint learned the short rows again");
    }

    #[test]
    #[should_panic(expected = "needs 3 dynamics, got 1")]
    fn a_short_entry_is_a_clear_panic() {
        let mut list = Comprehension::with_capacity(&ROW, 1);
        let mut b = list.begin();
        b.push_text("x");
        b.finish();
    }
}
