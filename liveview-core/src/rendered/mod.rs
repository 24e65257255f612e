//! The `Rendered` tree: compile-time statics interleaved with runtime dynamics.
//!
//! `html!` turns markup into a [`Rendered`]: a `&'static` [`Template`] (the static HTML between
//! dynamic slots, plus a fingerprint computed at compile time) and one [`Dynamic`] per slot.
//! The same tree serves the dead render ([`Rendered::to_html`]), the join render
//! ([`crate::diff::write_full`]) and live diffs ([`crate::diff::write_diff`]).
//!
//! Storage is built for re-rendering on every event: a text slot is a [`Text`] (inline up to
//! 22 bytes, so short slots allocate nothing), and a `for` loop's entries share one text buffer
//! ([`Comprehension`]), so a long list costs a few allocations per render, not a few per row.
//!
//! Every item is public here, at `rendered::*`; the files below are private and each one uses
//! only files listed before it:
//!
//! - `text`: [`Text`], the value of a text slot;
//! - `key`: [`key_hash`], what a keyed comprehension entry keeps of its key;
//! - `stream_ops`: [`StreamOps`], what one render of a stream sends (no items);
//! - `tree`: [`Template`], [`Rendered`], its slots [`Dynamic`] and [`SlotRef`], and the read side
//!   of a [`Comprehension`] ([`EntryRef`], [`Slots`]), one recursive type;
//! - `list`: how a [`Comprehension`] stores and builds its entries ([`EntryBuilder`], [`Entry`],
//!   [`SizeHint`]);
//! - `stream`: [`Stream`], a view's stream of items, and how `html!` renders it;
//! - `tracked`: [`TrackedVec`], a list whose `for` loops re-render only what changed, and the
//!   plans `html!`'s loops run ([`LoopPlan`]);
//! - `writer`: [`SlotWriter`], the scratch buffer for composing one slot;
//! - `into_dynamic`: [`IntoDynamic`], the values of `{expr}` slots ([`AsText`], [`raw`]);
//! - `attr`: [`AttrValue`] and [`Attrs`], the values of attribute slots.

mod attr;
mod into_dynamic;
mod key;
mod list;
mod stream;
mod stream_ops;
mod text;
mod tracked;
mod tree;
mod writer;

pub use attr::{AttrValue, Attrs, attr_slot, attrs_slot, valid_attr_name};
pub use into_dynamic::{AsText, IntoDynamic, Raw, raw};
pub use key::key_hash;
pub use list::{Entry, EntryBuilder, SizeHint};
pub use stream::{At, Drained, Insert, Stream};
pub use stream_ops::{StreamInsert, StreamOps};
pub use text::Text;
pub use tracked::{
    CHUNK, DepHash, DepOpaque, DepProbe, DepsHasher, LoopPlan, LoopProbe, PlainPlan, TrackedItem, TrackedPlan,
    TrackedVec, ViaPlain, ViaTracked, instance_of, iterable,
};
pub use tree::{
    Comprehension, Cursor, Dynamic, Entries, EntryRef, Rendered, SlotRef, Slots, Streamed, Template, fingerprint,
};
pub use writer::SlotWriter;

pub(crate) use key::mix;
pub(crate) use list::changed_range;
pub(crate) use tracked::effect;
