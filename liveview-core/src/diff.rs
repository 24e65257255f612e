//! Full-render and diff encoding in the phoenix_live_view 1.2 wire format.
//!
//! Writes JSON straight into a caller-owned buffer. A diff compares the last tree the client
//! has with the new one and sends only what changed: unchanged slots and unchanged
//! comprehensions are omitted, statics are sent only where a template is new at that position,
//! and keyed comprehensions send moves (`j` or `[j, diff]`, with `"km": true`).
//!
//! Functions ending in `_members` write object members without the surrounding braces, so the
//! runtime can add its own top-level keys (`"e"`, `"t"`, `"r"`) to the same object.

use crate::json::{comma, write_attr_str, write_index_key, write_str, write_uint};
use crate::rendered::{Comprehension, EntryRef, Rendered, SlotRef, StreamOps, Template, changed_range, mix};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Writes the full render `{"0":…,"s":[…]}` of `r`.
pub fn write_full(out: &mut String, r: &Rendered) {
    out.push('{');
    let mut first = true;
    write_full_members(out, r, &mut first);
    out.push('}');
}

/// Writes the members of the full render of `r` (slots and `"s"`).
pub fn write_full_members(out: &mut String, r: &Rendered, first: &mut bool) {
    write_slots_full(out, r.slots(), first);
    comma(out, first);
    out.push_str("\"s\":");
    write_statics(out, r.template());
}

/// Writes the members of the full render of `r` without its statics: every slot in full (a
/// component whose statics are a reference to another's, `"s": ±cid`).
pub fn write_dynamics_members(out: &mut String, r: &Rendered, first: &mut bool) {
    write_slots_full(out, r.slots(), first);
}

/// Writes the diff from `old` to `new`, braces included, and returns `false` (writing nothing)
/// when nothing changed.
pub fn write_diff(out: &mut String, old: &Rendered, new: &Rendered) -> bool {
    let mark = out.len();
    out.push('{');
    let mut first = true;
    if write_diff_members(out, old, new, &mut first) {
        out.push('}');
        true
    } else {
        out.truncate(mark);
        false
    }
}

/// Writes the members of the diff from `old` to `new`; returns whether anything was written.
pub fn write_diff_members(out: &mut String, old: &Rendered, new: &Rendered, first: &mut bool) -> bool {
    if !old.template().same_as(new.template()) {
        write_full_members(out, new, first);
        return true;
    }
    write_slots_diff(out, old.slots(), new.slots(), first)
}

fn write_statics(out: &mut String, t: &Template) {
    out.push('[');
    for (i, s) in t.statics.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(out, s);
    }
    out.push(']');
}

fn write_slots_full<'a>(out: &mut String, slots: impl Iterator<Item = SlotRef<'a>>, first: &mut bool) {
    for (i, d) in slots.enumerate() {
        comma(out, first);
        write_index_key(out, i);
        write_slot_full(out, d);
    }
}

fn write_slot_full(out: &mut String, d: SlotRef<'_>) {
    match d {
        SlotRef::Text(t) => write_str(out, t),
        SlotRef::Attr { name, value } => write_attr_str(out, name, value),
        SlotRef::Nested(r) => write_full(out, r),
        SlotRef::List(c) => write_comprehension_full(out, c),
        SlotRef::Component(cid) => write_uint(out, u64::from(cid)),
    }
}

fn write_comprehension_full(out: &mut String, c: &Comprehension) {
    out.push_str("{\"s\":");
    write_statics(out, c.template());
    out.push(',');
    if let Some(streamed) = c.take_stream() {
        write_stream_members(out, &streamed.items, &streamed.ops);
        out.push('}');
        return;
    }
    write_entries_full(out, c);
    out.push('}');
}

/// `"k":{…}` with every entry in full (no braces around).
fn write_entries_full(out: &mut String, c: &Comprehension) {
    out.push_str("\"k\":{");
    for (i, e) in c.entries().enumerate() {
        write_index_key(out, i);
        write_entry_full(out, e);
        out.push(',');
    }
    out.push_str("\"kc\":");
    write_uint(out, c.len() as u64);
    out.push('}');
}

/// `"k":{…},"stream":[ref,inserts,deletes(,true)]`: a stream's items in full (the client keeps
/// none of a stream's entries, so there is nothing to diff against) and its operations.
fn write_stream_members(out: &mut String, items: &Comprehension, ops: &StreamOps) {
    write_entries_full(out, items);
    out.push_str(",\"stream\":[\"");
    write_uint(out, ops.id);
    out.push_str("\",[");
    for (i, ins) in ops.inserts.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        write_str(out, &ins.dom_id);
        out.push(',');
        write_int(out, ins.at);
        out.push(',');
        match ins.limit {
            Some(limit) => write_int(out, limit),
            None => out.push_str("null"),
        }
        out.push_str(if ins.update_only { ",true]" } else { ",false]" });
    }
    out.push_str("],[");
    for (i, id) in ops.deletes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(out, id);
    }
    out.push(']');
    // The client treats any fourth element, even `false`, as a reset.
    if ops.reset {
        out.push_str(",true");
    }
    out.push(']');
}

fn write_int(out: &mut String, n: i64) {
    out.push_str(itoa::Buffer::new().format(n));
}

fn write_entry_full(out: &mut String, e: EntryRef<'_>) {
    out.push('{');
    let mut first = true;
    write_slots_full(out, e.slots(), &mut first);
    out.push('}');
}

/// Slot-by-slot diff of the slots of two renders or entries of the same template.
fn write_slots_diff<'a, 'b>(
    out: &mut String,
    old: impl Iterator<Item = SlotRef<'a>>,
    new: impl Iterator<Item = SlotRef<'b>>,
    first: &mut bool,
) -> bool {
    let mut wrote = false;
    for (i, (o, n)) in old.zip(new).enumerate() {
        // Most slots of a re-render are unchanged text: skip them before writing anything.
        // Spelled out, not through `SlotRef::same_text`: that way a click on `/counter` cost
        // ~14 ns (25 %) more in criterion's `counter_event`.
        match (o, n) {
            (SlotRef::Text(a), SlotRef::Text(b)) if a == b => continue,
            (SlotRef::Attr { name: n, value: a }, SlotRef::Attr { name: m, value: b }) if a == b && n == m => continue,
            (SlotRef::Component(a), SlotRef::Component(b)) if a == b => continue,
            _ => {}
        }
        let mark = out.len();
        let was_first = *first;
        comma(out, first);
        write_index_key(out, i);
        if write_dynamic_diff(out, o, n) {
            wrote = true;
        } else {
            out.truncate(mark);
            *first = was_first;
        }
    }
    wrote
}

/// Writes the value of one slot's diff; returns `false` (output to be discarded) if unchanged.
fn write_dynamic_diff(out: &mut String, old: SlotRef<'_>, new: SlotRef<'_>) -> bool {
    match (old, new) {
        (SlotRef::Text(a), SlotRef::Text(b)) => {
            if a == b {
                return false;
            }
            write_str(out, b);
            true
        }
        (o, n) if o.same_text(&n) == Some(true) => false,
        (SlotRef::Nested(a), SlotRef::Nested(b)) if a.template().same_as(b.template()) => write_diff(out, a, b),
        (SlotRef::List(a), SlotRef::List(b)) if a.template().same_as(b.template()) => match b.take_stream() {
            // Same stream container: only this render's operations, statics stay cached.
            Some(streamed) if streamed.ops.is_empty() => false,
            Some(streamed) => {
                out.push('{');
                write_stream_members(out, &streamed.items, &streamed.ops);
                out.push('}');
                true
            }
            None => write_comprehension_diff(out, a, b),
        },
        (SlotRef::Component(a), SlotRef::Component(b)) if a == b => false,
        (_, n) => {
            write_slot_full(out, n);
            true
        }
    }
}

/// Writes `{"k":{…}}` for a comprehension whose template is unchanged, or nothing.
fn write_comprehension_diff(out: &mut String, old: &Comprehension, new: &Comprehension) -> bool {
    let mark = out.len();
    out.push_str("{\"k\":{");
    let mut changed = old.len() != new.len();
    let mut moved = false;
    // Entries are matched by position while keys agree (the common case: nothing moved);
    // at the first key mismatch an index of the remaining old entries is built.
    let mut index: Option<KeyIndex> = None;
    let (start, end) = changed_range(old, new);
    let (mut olds, mut news) = (old.cursor(), new.cursor());
    for i in start..end {
        let n = news.entry(i);
        let matched = match &mut index {
            None if i < old.len() && (n.key().is_none() || n.key() == olds.entry(i).key()) => Some(i),
            None => {
                let mut idx = KeyIndex::new(old, i);
                let j = n.key().and_then(|k| idx.take(k));
                index = Some(idx);
                j
            }
            Some(idx) => n.key().and_then(|k| idx.take(k)),
        };
        let entry_mark = out.len();
        match matched {
            Some(j) if j == i => {
                // The common case in a long list: the entry did not change at all.
                let o = olds.entry(j);
                if o.same_content(&n) {
                    continue;
                }
                write_index_key(out, i);
                if write_entry_diff(out, o, n) {
                    out.push(',');
                    changed = true;
                } else {
                    out.truncate(entry_mark);
                }
            }
            Some(j) => {
                moved = true;
                changed = true;
                write_index_key(out, i);
                let move_mark = out.len();
                out.push('[');
                write_uint(out, j as u64);
                out.push(',');
                if write_entry_diff(out, olds.entry(j), n) {
                    out.push(']');
                } else {
                    out.truncate(move_mark);
                    write_uint(out, j as u64);
                }
                out.push(',');
            }
            None => {
                // A new item. The client merges an object into whatever entry sits at index
                // `i`, so diffing against that entry is exact (and smaller than a full entry);
                // if that entry already has the same content, index `i` is simply omitted.
                write_index_key(out, i);
                let written = match (i < old.len()).then(|| olds.entry(i)) {
                    Some(o) => write_entry_diff(out, o, n),
                    None => {
                        write_entry_full(out, n);
                        true
                    }
                };
                if written {
                    out.push(',');
                    changed = true;
                } else {
                    out.truncate(entry_mark);
                }
            }
        }
    }
    if !changed {
        out.truncate(mark);
        return false;
    }
    out.push_str("\"kc\":");
    write_uint(out, new.len() as u64);
    if moved {
        out.push_str(",\"km\":true");
    }
    out.push_str("}}");
    true
}

fn write_entry_diff(out: &mut String, old: EntryRef<'_>, new: EntryRef<'_>) -> bool {
    let mark = out.len();
    out.push('{');
    let mut first = true;
    if write_slots_diff(out, old.slots(), new.slots(), &mut first) {
        out.push('}');
        true
    } else {
        out.truncate(mark);
        false
    }
}

/// Old entries from some index on, by key; each old entry can be claimed once.
struct KeyIndex {
    head: HashMap<u64, usize, BuildHasherDefault<Prehashed>>,
    /// `next[j]`: the next old index after `j` with the same key, or `usize::MAX`.
    next: Vec<usize>,
}

impl KeyIndex {
    fn new(olds: &Comprehension, from: usize) -> Self {
        let mut head = HashMap::with_capacity_and_hasher(olds.len().saturating_sub(from), Default::default());
        let mut next = vec![usize::MAX; olds.len()];
        for j in (from..olds.len()).rev() {
            if let Some(k) = olds.entry(j).key()
                && let Some(prev) = head.insert(k, j)
            {
                next[j] = prev;
            }
        }
        KeyIndex { head, next }
    }

    fn take(&mut self, key: u64) -> Option<usize> {
        let j = *self.head.get(&key)?;
        match self.next[j] {
            usize::MAX => self.head.remove(&key),
            n => self.head.insert(key, n),
        };
        Some(j)
    }
}

/// The hasher of [`KeyIndex`]: its keys are already hashes ([`crate::rendered::key_hash`]),
/// mixed here with a per-process random seed so that every bit counts for the table
/// (`key_hash` of an integer is a plain multiplication) and so that nobody who controls the
/// keys of a list can steer them into one bucket (`key_hash` itself is public and invertible).
struct Prehashed(u64);

impl Default for Prehashed {
    fn default() -> Self {
        static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
        Prehashed(*SEED.get_or_init(|| {
            use std::hash::BuildHasher;
            std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64)
        }))
    }
}

impl Hasher for Prehashed {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0 ^ u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = mix(self.0 ^ n);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}
