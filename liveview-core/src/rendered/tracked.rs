//! Change tracking for keyed lists: [`TrackedVec`], and how `html!` renders a `for` loop over
//! one so that an event costs what changed, not the length of the list.
//!
//! # The model
//!
//! A [`TrackedVec`] is a `Vec` that notes which of its items may have changed: every `&mut`
//! access (`get_mut`, `v[i] = ..`, `push`, `retain`, `sort`, anything through `DerefMut`) marks
//! the items it can reach and their chunks of [`CHUNK`] items (a structural change marks every
//! item from the first index it moves). A `for` loop over `&tracked_vec` in `html!` renders
//! chunk by chunk and keeps each chunk's rendered entries, as a shared [`Segment`], in the
//! collection's cache. The next render reuses a chunk by pointer (so the diff skips it by
//! pointer too), or, when some of its items changed, renders those and copies the other
//! entries from the chunk's last render, when
//!
//! 1. its items (all of them for a reuse, the copied ones for a patch) were not reached through
//!    `&mut` since it was rendered,
//! 2. the loop body's *outer inputs* hash the same as when it was rendered: `html!` lists every
//!    value the body reads that the loop pattern does not bind (`self.selected`, a local
//!    variable, `self` itself when the body calls a method of the view, a format capture) and
//!    the loop hashes them before it runs, again before each reuse (a body that changes an input
//!    while it runs, a counter, gets every row from the change on rendered), and after it
//!    ([`DepsHasher`]; changed then, no cache is kept). An input whose type is not `Hash`
//!    (`Cell`, `RefCell`, `Mutex`, atomics, `Socket`, a view) cannot be compared, so the loop
//!    renders every chunk every time, as a plain loop does; so does a body `html!` cannot read
//!    (a macro other than the standard formatting ones and `vec!`). Each instance of a generic
//!    function (or trait default method) keeps its own cache ([`instance_of`]);
//! 3. rendering it had no side effect on the view: a chunk whose entries place live components,
//!    nested live views or streams is rendered again every time ([`effect`]). A chunk whose
//!    body skipped an item (`continue`) is reused whole, but not patched row by row (its
//!    entries no longer line up with the items);
//! 4. the item type promises that it changes only through `&mut` ([`TrackedItem`]).
//!
//! Not inputs: what the body reads without naming it — globals (statics, thread-locals, the
//! clock), and what a called function reads besides its arguments, a closure held in a
//! variable included — and, of an input compared by a hand-written `Hash`, what that `Hash`
//! leaves out. Within these rules a reused chunk is exactly what rendering it would give:
//! `tests/tracked.rs` and the merge property test (`liveview-core/tests/merge_props.rs`) render
//! both ways and compare.

use super::list::SizeHint;
use super::tree::{Comprehension, GROUP, Group, Segment, Template};
use std::cell::Cell;
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::ops::{Deref, DerefMut, Index, IndexMut};
use std::sync::{Arc, Mutex, OnceLock};

// A chunk's rendered items are a bit each in a `u64` (`Segment::patched`).
const _: () = assert!(CHUNK <= 64);

/// Items per chunk: the unit of reuse. A changed chunk renders its changed items and copies
/// the others' entries from its last render; the render walks the unchanged groups of 16
/// chunks (512 rows) by pointer, and the chunks of the changed group. Measured
/// (`list_one_row_change`, criterion, one row changed): 32 rows per chunk costs 0.78 µs at 100
/// rows and 1.3 µs at 10,000; 64 costs 0.84 and 1.4 µs for 0.4 KiB less per 100-row list.
pub const CHUNK: usize = 32;

/// A `Vec` whose `for` loops in `html!` re-render only the chunks that changed (see the module
/// docs for exactly what counts as a change).
///
/// Read it like a slice (it derefs to `[T]`); change it through its methods or `&mut`, which
/// mark what they can reach. Rendering it is `for row in &self.rows, key = row.id { .. }`, the
/// same loop as over a `Vec`.
///
/// ```
/// use liveview_core::rendered::TrackedVec;
///
/// let mut rows: TrackedVec<u32> = (0..1000).collect();
/// rows[500] += 1; // marks row 500: the next render renders it again, and only it
/// rows.push(7); // marks the last chunk
/// assert_eq!(rows.len(), 1001);
/// assert_eq!(rows[500], 501);
/// ```
pub struct TrackedVec<T> {
    items: Vec<T>,
    /// Per chunk: the clock value of its last change.
    stamps: Vec<u64>,
    /// Per group of [`GROUP`] chunks: the clock value of the last change of any of them.
    group_stamps: Vec<u64>,
    /// Per item: the low 32 bits of the clock value of its last change, so that a chunk that
    /// changed renders only its changed items again ([`TrackedVec::item_changed_since`]);
    /// empty until the first change (an item past its end has never changed).
    item_stamps: Vec<u32>,
    /// Counts changes; a rendered chunk remembers the clock it was rendered at.
    clock: u64,
    /// Per render site (`html!` loop) over this collection: its reusable chunks.
    cache: Mutex<Vec<SiteCache>>,
}

/// The promise an item type makes to a [`TrackedVec`] loop: it changes only through `&mut`
/// (it holds no `Cell`, `RefCell`, `Mutex`, atomic or pointer through which it could change
/// behind a `&`), so a row whose item was not reached through `&mut` renders as it did.
///
/// `impl liveview::TrackedItem for Row {}` makes it. The standard value types (numbers,
/// `bool`, `char`, `String`, `&str`, and `Option`, `Box`, `Vec`, arrays and tuples of them) make
/// it already. Made for a type that does change behind `&`, it is untrue, and such a change is
/// not shown until the row is reached through `&mut` (or [`TrackedVec::touch`]ed).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is rendered from a `TrackedVec`, which reuses rows not changed through `&mut`",
    label = "`{Self}` does not implement `TrackedItem`",
    note = "if `{Self}` changes only through `&mut` (no Cell, RefCell, Mutex or atomic inside), say so: `impl liveview::TrackedItem for {Self} {{}}`; otherwise loop over `rows.iter()` to render every row every time"
)]
pub trait TrackedItem {}

macro_rules! tracked_items {
    ($($t:ty),* $(,)?) => { $(impl TrackedItem for $t {})* };
}

tracked_items!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64, bool, char, String, str);
impl<T: TrackedItem + ?Sized> TrackedItem for &T {}
impl<T: TrackedItem + ?Sized> TrackedItem for Box<T> {}
impl<T: TrackedItem> TrackedItem for Option<T> {}
impl<T: TrackedItem> TrackedItem for Vec<T> {}
impl<T: TrackedItem> TrackedItem for [T] {}
impl<T: TrackedItem, const N: usize> TrackedItem for [T; N] {}
impl<A: TrackedItem, B: TrackedItem> TrackedItem for (A, B) {}
impl<A: TrackedItem, B: TrackedItem, C: TrackedItem> TrackedItem for (A, B, C) {}
impl<A: TrackedItem, B: TrackedItem, C: TrackedItem, D: TrackedItem> TrackedItem for (A, B, C, D) {}

/// A chunk's rendered entries, kept for the next render.
#[derive(Clone)]
struct Chunk {
    seg: Arc<Segment>,
    /// The collection's clock when it was rendered.
    at: u64,
    /// One entry per item (no `continue` skipped one): a changed chunk can then copy the
    /// entries of its unchanged items.
    dense: bool,
}

/// One loop site's reusable chunks.
struct SiteCache {
    site: &'static Template,
    /// The instance of a generic function the site is in ([`TrackedPlan::instance`]).
    instance: usize,
    /// The outer inputs' hash the chunks were rendered with.
    deps: u64,
    /// Per chunk: its segment and the collection's clock when it was rendered.
    chunks: Vec<Option<Chunk>>,
    /// Per group of chunks: the group and the clock when it was assembled.
    groups: Vec<Option<(Arc<Group>, u64)>>,
}

impl<T> TrackedVec<T> {
    /// An empty collection.
    pub const fn new() -> Self {
        TrackedVec {
            items: Vec::new(),
            stamps: Vec::new(),
            group_stamps: Vec::new(),
            item_stamps: Vec::new(),
            clock: 0,
            cache: Mutex::new(Vec::new()),
        }
    }

    /// An empty collection with room for `n` items.
    pub fn with_capacity(n: usize) -> Self {
        TrackedVec::from(Vec::with_capacity(n))
    }

    /// The items, as a slice.
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    /// The items, mutably: marks every item changed.
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        self.changed_from(0);
        &mut self.items
    }

    /// The items as a `Vec`.
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }

    /// Item `i`, mutably, marking it changed (the next render renders it again); `None` when out
    /// of bounds.
    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        if i < self.items.len() {
            self.changed(i);
        }
        self.items.get_mut(i)
    }

    /// The items, mutably, marking them all changed.
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.as_mut_slice().iter_mut()
    }

    /// Appends an item.
    pub fn push(&mut self, item: T) {
        self.items.push(item);
        self.changed(self.items.len() - 1);
    }

    /// Removes the last item.
    pub fn pop(&mut self) -> Option<T> {
        let item = self.items.pop()?;
        self.changed_from(self.items.len());
        Some(item)
    }

    /// Inserts an item at `i`, moving the ones after it. Panics when `i > len`.
    pub fn insert(&mut self, i: usize, item: T) {
        self.items.insert(i, item);
        self.changed_from(i);
    }

    /// Removes the item at `i`, moving the ones after it. Panics when out of bounds.
    pub fn remove(&mut self, i: usize) -> T {
        let item = self.items.remove(i);
        self.changed_from(i);
        item
    }

    /// Removes the item at `i`, moving the last item into its place. Panics when out of bounds.
    pub fn swap_remove(&mut self, i: usize) -> T {
        let item = self.items.swap_remove(i);
        if i < self.items.len() {
            self.changed(i);
        }
        self.changed_from(self.items.len());
        item
    }

    /// Swaps two items.
    pub fn swap(&mut self, a: usize, b: usize) {
        self.items.swap(a, b);
        self.changed(a);
        self.changed(b);
    }

    /// Keeps the first `len` items.
    pub fn truncate(&mut self, len: usize) {
        if len < self.items.len() {
            self.items.truncate(len);
            self.changed_from(len);
        }
    }

    /// Removes every item.
    pub fn clear(&mut self) {
        self.truncate(0);
    }

    /// Keeps the items for which `keep` returns true (it sees them mutably, so every item from
    /// the first one it is given is marked).
    pub fn retain_mut(&mut self, keep: impl FnMut(&mut T) -> bool) {
        self.items.retain_mut(keep);
        self.changed_from(0);
    }

    /// Keeps the items for which `keep` returns true; only chunks from the first removed item
    /// on are marked.
    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        let mut first_removed = None;
        let mut i = 0;
        self.items.retain(|item| {
            let kept = keep(item);
            if !kept && first_removed.is_none() {
                first_removed = Some(i);
            }
            i += 1;
            kept
        });
        if let Some(i) = first_removed {
            self.changed_from(i);
        }
    }

    /// Appends the items of `iter`.
    pub fn extend(&mut self, iter: impl IntoIterator<Item = T>) {
        let from = self.items.len();
        self.items.extend(iter);
        self.changed_from(from);
    }

    /// Marks item `i` changed without touching it. Not needed for changes made through `&mut`;
    /// for an item whose rendering depends on something it does not hold (see the module docs).
    pub fn touch(&mut self, i: usize) {
        if i < self.items.len() {
            self.changed(i);
        }
    }

    /// Marks item `i` and its chunk.
    fn changed(&mut self, i: usize) {
        self.stamp(i / CHUNK, i / CHUNK + 1);
        self.item_stamps.resize(self.items.len(), 0);
        self.item_stamps[i] = self.clock as u32;
    }

    /// Marks every item and chunk from item `i` on (items moved, appeared or went away there).
    fn changed_from(&mut self, i: usize) {
        self.stamp(i / CHUNK, usize::MAX);
        self.item_stamps.resize(self.items.len(), 0);
        if let Some(moved) = self.item_stamps.get_mut(i..) {
            moved.fill(self.clock as u32);
        }
    }

    /// Whether item `i`, of a chunk that changed after clock `at`, changed after `at` too.
    ///
    /// Item stamps keep 32 bits: within 2^31 changes of `at` the difference tells exactly (a
    /// stamp that is not after `at` is older than `at` by any amount: then the difference may
    /// look recent, which only renders an unchanged item again); further apart, every item of
    /// the chunk counts as changed.
    fn item_changed_since(&self, i: usize, at: u64) -> bool {
        let chunk = self.stamps.get(i / CHUNK).copied().unwrap_or(u64::MAX);
        if chunk.saturating_sub(at) >= 1 << 31 {
            return true;
        }
        // An item past the stamps' end was never changed: stamp 0, the clock's start.
        let d = self.item_stamps.get(i).map_or(0, |&s| s).wrapping_sub(at as u32);
        d != 0 && d < 1 << 31
    }

    /// Marks chunks `from..to` (and their groups) at a new clock value, after fitting the
    /// stamps to the collection's length.
    fn stamp(&mut self, from: usize, to: usize) {
        self.clock += 1;
        let chunks = self.items.len().div_ceil(CHUNK);
        let groups = chunks.div_ceil(GROUP);
        self.stamps.resize(chunks, 0);
        self.group_stamps.resize(groups, 0);
        let clock = self.clock;
        let to = to.min(chunks);
        if from < to {
            self.stamps[from..to].fill(clock);
        }
        // The group of `from` is marked even when chunk `from` itself is gone (a truncation to
        // a chunk boundary): that group lost a chunk.
        let (group_from, group_to) = (from / GROUP, to.div_ceil(GROUP).max(from / GROUP + 1).min(groups));
        if group_from < group_to {
            self.group_stamps[group_from..group_to].fill(clock);
        }
    }

    /// Whether chunk `c` changed after clock `at`.
    fn changed_since(&self, c: usize, at: u64) -> bool {
        self.stamps.get(c).is_none_or(|&s| s > at)
    }

    /// Whether a chunk of group `g` changed after clock `at`.
    fn group_changed_since(&self, g: usize, at: u64) -> bool {
        self.group_stamps.get(g).is_none_or(|&s| s > at)
    }

    fn take_site(&self, site: &'static Template, instance: usize) -> Option<SiteCache> {
        let mut sites = self.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let i = sites.iter().position(|s| std::ptr::eq(s.site, site) && s.instance == instance)?;
        Some(sites.swap_remove(i))
    }

    fn put_site(&self, cache: SiteCache) {
        let mut sites = self.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // A loop nested in itself (a recursive component) may have put one back meanwhile.
        sites.retain(|s| !(std::ptr::eq(s.site, cache.site) && s.instance == cache.instance));
        // Room for one more, not the four a first push makes: most collections are rendered
        // at one site, and the table lives as long as the collection.
        sites.reserve_exact(1);
        sites.push(cache);
    }
}

impl<T> Default for TrackedVec<T> {
    fn default() -> Self {
        TrackedVec::new()
    }
}

impl<T> From<Vec<T>> for TrackedVec<T> {
    fn from(items: Vec<T>) -> Self {
        let chunks = items.len().div_ceil(CHUNK);
        let (stamps, group_stamps) = (vec![0; chunks], vec![0; chunks.div_ceil(GROUP)]);
        // Item stamps are made on the first change: a list that is only shown keeps none.
        TrackedVec { items, stamps, group_stamps, item_stamps: Vec::new(), clock: 0, cache: Mutex::new(Vec::new()) }
    }
}

impl<T> FromIterator<T> for TrackedVec<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        TrackedVec::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl<T: Clone> Clone for TrackedVec<T> {
    /// The items; the clone renders from scratch once (caches are not shared).
    fn clone(&self) -> Self {
        TrackedVec::from(self.items.clone())
    }
}

impl<T: fmt::Debug> fmt::Debug for TrackedVec<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.items.fmt(f)
    }
}

impl<T: PartialEq> PartialEq for TrackedVec<T> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl<T: Eq> Eq for TrackedVec<T> {}

impl<T> Deref for TrackedVec<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T> DerefMut for TrackedVec<T> {
    /// Marks every item changed (any slice method may have moved or changed any of them).
    fn deref_mut(&mut self) -> &mut [T] {
        self.as_mut_slice()
    }
}

impl<T> Index<usize> for TrackedVec<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        &self.items[i]
    }
}

impl<T> IndexMut<usize> for TrackedVec<T> {
    /// Marks item `i` changed.
    fn index_mut(&mut self, i: usize) -> &mut T {
        self.touch(i);
        &mut self.items[i]
    }
}

impl<'a, T> IntoIterator for &'a TrackedVec<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<T> IntoIterator for TrackedVec<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<T: serde::Serialize> serde::Serialize for TrackedVec<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(s)
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for TrackedVec<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::deserialize(d).map(TrackedVec::from)
    }
}

// ---- side effects of a render ------------------------------------------------------------------

thread_local! {
    static EFFECTS: Cell<u64> = const { Cell::new(0) };
}

/// Notes that the render under way did something besides producing its tree (placed a live
/// component or nested view, drained a stream): a chunk during which this happens is never
/// reused, since skipping its body would skip that too.
pub(crate) fn effect() {
    EFFECTS.set(EFFECTS.get().wrapping_add(1));
}

fn effects() -> u64 {
    EFFECTS.get()
}

/// A new segment id ([`Segment::id`]): never 0, never repeated (2^64 segments).
fn segment_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

// ---- the outer inputs' hash --------------------------------------------------------------------

/// Hashes a loop body's outer inputs (generated by `html!`); `None` when one of them cannot be
/// hashed.
#[derive(Debug)]
pub struct DepsHasher {
    hasher: Option<std::collections::hash_map::DefaultHasher>,
    /// Why the hash is `None`, for the log ([`uncached`]).
    why: &'static str,
    /// The input that made it so, when one did.
    input: &'static str,
}

impl DepsHasher {
    /// A hasher with this process's random keys (so inputs cannot be chosen to collide).
    pub fn new() -> Self {
        static KEYS: OnceLock<std::collections::hash_map::RandomState> = OnceLock::new();
        DepsHasher { hasher: Some(KEYS.get_or_init(Default::default).build_hasher()), why: "", input: "" }
    }

    /// The body reads something `html!` cannot see: the loop renders every chunk.
    pub fn opaque(&mut self, why: &'static str) {
        self.hasher = None;
        self.why = why;
    }

    /// The hash, or `None` when an input was opaque (logged once per loop, `site`).
    pub fn finish(self, site: &'static Template) -> Option<u64> {
        if self.hasher.is_none() {
            uncached(site, self.why, self.input);
        }
        self.hasher.map(|h| h.finish())
    }
}

impl Default for DepsHasher {
    fn default() -> Self {
        DepsHasher::new()
    }
}

/// Logs, once per loop site, that a tracked loop renders every row (`why`, and the input that
/// made it so): nothing else would tell the developer that the cache is off.
fn uncached(site: &'static Template, why: &str, input: &str) {
    static SEEN: Mutex<Vec<usize>> = Mutex::new(Vec::new());
    let mut seen = SEEN.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let at = std::ptr::from_ref(site) as usize;
    if seen.contains(&at) {
        return;
    }
    seen.push(at);
    tracing::debug!(
        loop_starts = site.statics.first().copied().unwrap_or(""),
        input,
        "a TrackedVec loop renders every row on every render: {why}"
    );
}

/// One outer input of a loop body, for [`DepHash`] / [`DepOpaque`] (`html!`'s autoref
/// dispatch: a `Hash` input is hashed, any other makes the loop uncached).
#[derive(Debug)]
pub struct DepProbe<'a, T: ?Sized>(pub &'a T);

/// A `Hash` outer input: hashed.
pub trait DepHash {
    /// Adds the input (`name`, as written in the body) to `h`.
    fn lv_dep(&self, h: &mut DepsHasher, name: &'static str);
}

impl<T: Hash + ?Sized> DepHash for DepProbe<'_, T> {
    fn lv_dep(&self, h: &mut DepsHasher, _: &'static str) {
        if let Some(hasher) = &mut h.hasher {
            self.0.hash(hasher);
        }
    }
}

/// Any other outer input: the loop cannot tell whether it changed.
pub trait DepOpaque {
    /// Marks `h` opaque.
    fn lv_dep(&self, h: &mut DepsHasher, name: &'static str);
}

impl<T: ?Sized> DepOpaque for &DepProbe<'_, T> {
    fn lv_dep(&self, h: &mut DepsHasher, name: &'static str) {
        if h.hasher.is_some() {
            h.input = name;
        }
        h.opaque("an outer input of the loop body has no `Hash`, so its changes cannot be seen");
    }
}

// ---- the loop --------------------------------------------------------------------------------

/// The iterable of a `for` loop in `html!`, for [`ViaTracked`] / [`ViaPlain`] (autoref
/// dispatch: `&TrackedVec<T>` takes the tracked loop, anything else the plain one).
pub struct LoopProbe<I>(pub Cell<Option<I>>);

impl<I> fmt::Debug for LoopProbe<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LoopProbe")
    }
}

impl<I> LoopProbe<I> {
    /// Wraps a loop's iterable.
    pub fn new(iterable: I) -> Self {
        LoopProbe(Cell::new(Some(iterable)))
    }

    fn take(&self) -> I {
        // Generated code calls `lv_plan` once per probe.
        self.0.take().unwrap_or_else(|| unreachable!("a loop probe is planned once"))
    }
}

/// The iterable of a `for` loop in `html!`, checked to be one where the user wrote it.
#[inline]
pub fn iterable<I: IntoIterator>(iterable: I) -> I {
    iterable
}

/// How one `for` loop of `html!` runs: yields the items to render and assembles the list.
pub trait LoopPlan {
    /// The loop pattern's value.
    type Item;
    /// Whether the loop uses its body's outer inputs (only tracked loops hash them).
    fn tracked(&self) -> bool;
    /// Starts the list, given the outer inputs' hash before the loop, and whether the body has
    /// any outer input (then [`LoopPlan::next_item`] hashes them again before each reuse).
    fn begin(&mut self, deps: Option<u64>, has_inputs: bool) -> Comprehension;
    /// The next item to render an entry for (writing reused entries into `list` on the way);
    /// `deps` hashes the outer inputs as they are now.
    fn next_item(&mut self, list: &mut Comprehension, deps: impl FnMut() -> Option<u64>) -> Option<Self::Item>;
    /// Ends the list, given the outer inputs' hash after the loop.
    fn finish(self, list: Comprehension, deps: Option<u64>) -> Comprehension;
}

/// A loop over any iterable: every item, every render.
#[derive(Debug)]
pub struct PlainPlan<I> {
    iter: I,
    template: &'static Template,
    hint: &'static SizeHint,
}

/// `for` over anything but a `&TrackedVec`: the plain loop.
pub trait ViaPlain {
    /// The iterable's iterator.
    type Iter: Iterator;
    /// The plan of the loop.
    fn lv_plan(
        &self,
        template: &'static Template,
        hint: &'static SizeHint,
        instance: &'static str,
    ) -> PlainPlan<Self::Iter>;
}

impl<I: IntoIterator> ViaPlain for &LoopProbe<I> {
    type Iter = I::IntoIter;
    fn lv_plan(&self, template: &'static Template, hint: &'static SizeHint, _: &'static str) -> PlainPlan<I::IntoIter> {
        PlainPlan { iter: self.take().into_iter(), template, hint }
    }
}

impl<I: Iterator> LoopPlan for PlainPlan<I> {
    type Item = I::Item;

    #[inline]
    fn tracked(&self) -> bool {
        false
    }

    fn begin(&mut self, _: Option<u64>, _: bool) -> Comprehension {
        Comprehension::with_hint(self.template, self.iter.size_hint().0, self.hint)
    }

    #[inline]
    fn next_item(&mut self, _: &mut Comprehension, _: impl FnMut() -> Option<u64>) -> Option<I::Item> {
        self.iter.next()
    }

    fn finish(self, list: Comprehension, _: Option<u64>) -> Comprehension {
        list.remember(self.hint);
        list
    }
}

/// `for` over a `&TrackedVec`: the tracked loop.
pub trait ViaTracked {
    /// The item type.
    type Item;
    /// The plan of the loop. `instance` tells apart the instances of a generic function (or
    /// trait default method) the loop is in, which share its `template` ([`instance_of`]).
    fn lv_plan<'a>(
        &'a self,
        template: &'static Template,
        hint: &'static SizeHint,
        instance: &'static str,
    ) -> TrackedPlan<'a, Self::Item>
    where
        Self::Item: TrackedItem;
}

impl<'v, T> ViaTracked for LoopProbe<&'v TrackedVec<T>> {
    type Item = T;
    fn lv_plan<'a>(
        &'a self,
        template: &'static Template,
        hint: &'static SizeHint,
        instance: &'static str,
    ) -> TrackedPlan<'a, T>
    where
        T: TrackedItem,
    {
        let vec: &'v TrackedVec<T> = self.take();
        TrackedPlan {
            vec,
            template,
            instance: instance.as_ptr() as usize,
            has_inputs: false,
            tainted: false,
            hint,
            cache: None,
            deps: None,
            next_chunk: 0,
            pos: 0,
            end: 0,
            rendering: None,
            patch: None,
            fresh: 0,
            per_entry: hint.per_entry(template),
            measured: None,
            building: None,
            complete: false,
        }
    }
}

/// Names the instance of a generic function (or trait default method) a loop renders in:
/// `html!` passes a closure defined at the loop, whose type name carries the instance's type
/// arguments. Instances share the loop's `static` template; this keeps their caches apart.
pub fn instance_of<F>(_: &F) -> &'static str {
    std::any::type_name::<F>()
}

/// The plan of a tracked loop ([`ViaTracked`]).
pub struct TrackedPlan<'a, T> {
    vec: &'a TrackedVec<T>,
    template: &'static Template,
    /// Which instance of a generic function the loop renders in ([`ViaTracked::lv_plan`]).
    instance: usize,
    /// The body has outer inputs: hash them again before each reuse.
    has_inputs: bool,
    /// The inputs changed while the loop ran (the body changed them): nothing more is reused.
    tainted: bool,
    hint: &'static SizeHint,
    /// This site's chunks from the last render, when reusable at all.
    cache: Option<SiteCache>,
    deps: Option<u64>,
    /// The next chunk to look at.
    next_chunk: usize,
    /// The items left to yield of the chunk being rendered: `pos..end`.
    pos: usize,
    end: usize,
    /// The chunk being rendered and the side-effect count when it began.
    rendering: Option<(usize, u64)>,
    /// The last render of the chunk being rendered, when its unchanged items' entries can be
    /// copied from it instead of rendered: `(segment, clock it was rendered at)`.
    patch: Option<(Arc<Segment>, u64)>,
    /// With `patch`: a bit per item of the chunk yielded to be rendered again.
    fresh: u64,
    /// Text bytes to reserve per entry of a chunk: the site's hint, then the last chunk's.
    per_entry: usize,
    /// Text bytes per entry of the last chunk rendered, for the site's hint.
    measured: Option<usize>,
    /// The group being assembled (its first chunk's group was not reusable), and whether one
    /// of its chunks had side effects (then the group is not kept either).
    building: Option<(Group, bool)>,
    /// The loop ran to the end (no `break`).
    complete: bool,
}

impl<T> fmt::Debug for TrackedPlan<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TrackedPlan").field("next_chunk", &self.next_chunk).field("pos", &self.pos).finish()
    }
}

impl<'a, T> TrackedPlan<'a, T> {
    /// Whether the outer inputs still hash as they did when the loop began: entries rendered
    /// with them can be reused now. A body that changes an input (a counter it increments)
    /// makes this false from then on, and everything after is rendered.
    fn inputs_unchanged(&mut self, deps: &mut impl FnMut() -> Option<u64>) -> bool {
        if self.has_inputs && !self.tainted && deps() != self.deps {
            self.tainted = true;
        }
        !self.tainted
    }

    /// Ends the chunk being rendered: its entries become a shared segment of the group being
    /// assembled, kept for the next render unless rendering it had side effects.
    fn seal(&mut self, list: &mut Comprehension) {
        let Some((c, effects_before)) = self.rendering.take() else { return };
        let mut seg = list.take_last();
        // Kept until the chunk changes (often for the view's life): no slack in its text.
        if seg.text.capacity() - seg.text.len() > seg.text.len() / 32 {
            seg.text.shrink_to_fit();
        }
        let items = CHUNK.min(self.vec.items.len() - c * CHUNK);
        let dense = seg.len() == items;
        seg.id = segment_id();
        if let Some((old, _)) = self.patch.take()
            && dense
        {
            seg.patched = Some((old.id, self.fresh));
        }
        let seg = Arc::new(seg);
        if let Some(per_entry) = seg.text.len().checked_div(seg.len()) {
            self.per_entry = per_entry + per_entry / 8 + 1;
            self.measured = Some(per_entry);
        }
        let pure = effects() == effects_before;
        if let Some(cache) = &mut self.cache {
            cache.chunks[c] = pure.then(|| Chunk { seg: Arc::clone(&seg), at: self.vec.clock, dense });
        }
        if let Some((group, volatile)) = &mut self.building {
            group.push(seg);
            *volatile |= !pure;
        }
    }

    /// Ends the group being assembled when its last chunk is done: it joins `list`, and the
    /// cache unless a chunk of it had side effects.
    fn close_group(&mut self, list: &mut Comprehension, chunks: usize) {
        if self.building.is_none() || !(self.next_chunk.is_multiple_of(GROUP) || self.next_chunk == chunks) {
            return;
        }
        let Some((group, volatile)) = self.building.take() else { return };
        let group = Arc::new(group);
        if let Some(cache) = &mut self.cache {
            let g = (self.next_chunk - 1) / GROUP;
            cache.groups[g] = (!volatile).then(|| (Arc::clone(&group), self.vec.clock));
        }
        list.push_group(group);
    }
}

impl<'a, T> LoopPlan for TrackedPlan<'a, T> {
    type Item = &'a T;

    #[inline]
    fn tracked(&self) -> bool {
        true
    }

    fn begin(&mut self, deps: Option<u64>, has_inputs: bool) -> Comprehension {
        let chunks = self.vec.len().div_ceil(CHUNK);
        self.deps = deps;
        self.has_inputs = has_inputs;
        // Chunks rendered with other outer inputs are of no use; with unknown inputs, none is.
        let old = self.vec.take_site(self.template, self.instance).filter(|c| Some(c.deps) == deps);
        self.cache = deps.map(|deps| {
            let (mut chunks_kept, mut groups) = old.map(|c| (c.chunks, c.groups)).unwrap_or_default();
            chunks_kept.resize(chunks, None);
            groups.resize(chunks.div_ceil(GROUP), None);
            SiteCache { site: self.template, instance: self.instance, deps, chunks: chunks_kept, groups }
        });
        if self.cache.is_none() {
            // Nothing can be reused: one run over every item into one segment, as a plain loop.
            self.end = self.vec.len();
            self.next_chunk = chunks;
            return Comprehension::with_hint(self.template, self.vec.len(), self.hint);
        }
        // Each chunk rendered sizes `last` for itself (`next_item`).
        let mut list = Comprehension::sized(self.template, 0, 0);
        list.shared.parts.reserve(chunks.div_ceil(GROUP));
        list.shared.starts.reserve(chunks.div_ceil(GROUP));
        list
    }

    fn next_item(&mut self, list: &mut Comprehension, mut deps: impl FnMut() -> Option<u64>) -> Option<&'a T> {
        let chunks = self.vec.items.len().div_ceil(CHUNK);
        loop {
            if self.patch.is_some() && !self.inputs_unchanged(&mut deps) {
                self.patch = None;
            }
            if let Some((old, at)) = &self.patch {
                // Entries of the unchanged items are copied from the chunk's last render.
                let (first, from) = (self.pos - self.pos % CHUNK, self.pos);
                while self.pos < self.end && !self.vec.item_changed_since(self.pos, *at) {
                    self.pos += 1;
                }
                list.last.copy_entries(old, from - first, self.pos - first, list.width);
            }
            if self.pos < self.end {
                let item = &self.vec.items[self.pos];
                self.fresh |= 1 << (self.pos % CHUNK);
                self.pos += 1;
                return Some(item);
            }
            self.seal(list);
            self.close_group(list, chunks);
            let c = self.next_chunk;
            if c >= chunks {
                self.complete = true;
                return None;
            }
            if self.cache.is_none() {
                // Uncached: `begin` set up one run over every item.
                self.complete = true;
                return None;
            }
            if c.is_multiple_of(GROUP) {
                let g = c / GROUP;
                let group = self.cache.as_ref().and_then(|cache| match &cache.groups[g] {
                    Some((group, at)) if !self.vec.group_changed_since(g, *at) => Some(Arc::clone(group)),
                    _ => None,
                });
                match group {
                    Some(group) if self.inputs_unchanged(&mut deps) => {
                        list.push_group(group);
                        self.next_chunk = (c + GROUP).min(chunks);
                        continue;
                    }
                    _ => self.building = Some((Group::default(), false)),
                }
            }
            self.next_chunk += 1;
            let cached = self.cache.as_ref().and_then(|cache| cache.chunks[c].clone());
            match cached {
                Some(chunk) if !self.vec.changed_since(c, chunk.at) && self.inputs_unchanged(&mut deps) => {
                    if let Some((group, _)) = &mut self.building {
                        group.push(chunk.seg);
                    }
                }
                cached => {
                    self.patch = cached.filter(|chunk| chunk.dense).map(|chunk| (chunk.seg, chunk.at));
                    self.fresh = 0;
                    self.pos = c * CHUNK;
                    self.end = (self.pos + CHUNK).min(self.vec.items.len());
                    let entries = self.end - self.pos;
                    list.reserve_last(entries, entries * self.per_entry);
                    self.rendering = Some((c, effects()));
                }
            }
        }
    }

    fn finish(mut self, mut list: Comprehension, deps: Option<u64>) -> Comprehension {
        if let Some((group, _)) = self.building.take() {
            // A `break` left a group unfinished: its segments come before the entries of the
            // chunk it stopped in (still in `last`).
            let partial = std::mem::replace(&mut list.last, Segment::with_capacity(0, 0, 0));
            list.push_group(Arc::new(group));
            list.last = partial;
        }
        // Kept only when every chunk is what its body gives for the inputs it had, and the
        // body did not change its own inputs while it ran (then no chunk can be trusted).
        if deps != self.deps {
            uncached(self.template, "the loop body changes one of its outer inputs while it runs", "");
        }
        if let Some(cache) = self.cache.take()
            && self.complete
            && deps == self.deps
        {
            self.vec.put_site(cache);
        }
        // From the chunks rendered (the others were measured when they were): summing the
        // text of every segment would walk the whole list.
        match self.measured {
            Some(per_entry) => self.hint.record(per_entry),
            None if list.shared.parts.is_empty() => list.remember(self.hint),
            None => {}
        }
        if list.last.len() == 0 {
            // The spare room left by the last chunk taken out would be kept with the tree.
            list.last = Segment::with_capacity(0, 0, 0);
        }
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rendered::SlotRef;

    static ROW: Template = Template::new(&["<li>", "</li>"]);
    static HINT: SizeHint = SizeHint::new();

    /// What `html!` generates for `for n in items { <li>{n}</li> }` over a `TrackedVec`, with
    /// `effect_at` placing a side effect (a live view, a stream) in that row; returns the list
    /// and the rows whose body ran.
    fn render(items: &TrackedVec<u32>, effect_at: Option<u32>) -> (Comprehension, Vec<u32>) {
        let probe = LoopProbe::new(items);
        let mut plan = probe.lv_plan(&ROW, &HINT, "");
        let mut list = plan.begin(Some(0), false);
        let mut ran = Vec::new();
        while let Some(&n) = plan.next_item(&mut list, || Some(0)) {
            ran.push(n);
            if effect_at == Some(n) {
                effect();
            }
            let mut e = list.begin();
            e.push_u64(u64::from(n));
            e.finish();
        }
        (plan.finish(list, Some(0)), ran)
    }

    fn texts(list: &Comprehension) -> Vec<String> {
        list.entries()
            .map(|e| match e.slots().next() {
                Some(SlotRef::Text(t)) => t.to_owned(),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn unchanged_chunks_are_reused_and_a_change_reruns_only_its_item() {
        let mut items: TrackedVec<u32> = (0..100).collect();
        let (_, ran) = render(&items, None);
        assert_eq!(ran.len(), 100);
        let (_, ran) = render(&items, None);
        assert!(ran.is_empty(), "{ran:?}");
        items[40] = 1000;
        let (list, ran) = render(&items, None);
        assert_eq!(ran, [1000], "only the changed item ran; its chunk's other entries were copied");
        assert_eq!(texts(&list)[40], "1000");
        assert_eq!(list.len(), 100);
    }

    #[test]
    fn a_chunk_with_a_side_effect_runs_every_render() {
        let items: TrackedVec<u32> = (0..100).collect();
        render(&items, Some(70));
        let (list, ran) = render(&items, Some(70));
        assert_eq!(ran, (64..96).collect::<Vec<_>>(), "the chunk placing a live view or stream ran again");
        assert_eq!(texts(&list), (0..100).map(|n| n.to_string()).collect::<Vec<_>>());
    }

    #[test]
    fn other_outer_inputs_rerun_every_chunk() {
        let items: TrackedVec<u32> = (0..50).collect();
        render(&items, None);
        let probe = LoopProbe::new(&items);
        let mut plan = probe.lv_plan(&ROW, &HINT, "");
        let mut list = plan.begin(Some(1), false);
        let mut ran = 0;
        while let Some(&n) = plan.next_item(&mut list, || Some(0)) {
            ran += 1;
            let mut e = list.begin();
            e.push_u64(u64::from(n));
            e.finish();
        }
        assert_eq!(ran, 50);
        assert_eq!(plan.finish(list, Some(1)).len(), 50);
    }

    #[test]
    fn stamps_follow_the_length() {
        let mut v: TrackedVec<u32> = (0..70).collect();
        assert_eq!((v.stamps.len(), v.group_stamps.len()), (3, 1));
        v.truncate(64);
        assert_eq!(v.stamps.len(), 2);
        assert!(v.group_changed_since(0, 0), "the group lost a chunk");
        v.extend(0..600);
        assert_eq!((v.stamps.len(), v.group_stamps.len()), (21, 2));
        let at = v.clock;
        v[5] = 9;
        assert!(v.changed_since(0, at) && !v.changed_since(1, at) && v.group_changed_since(0, at));
        assert!(!v.group_changed_since(1, at));
    }
}
