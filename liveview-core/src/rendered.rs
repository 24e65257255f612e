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

use crate::escape::{escape_into, needs_escape};
pub use crate::list::{Comprehension, Entry, EntryBuilder, EntryRef, SizeHint, key_hash};
pub use crate::text::Text;
use std::borrow::Cow;
use std::cell::Cell;

/// The static parts of one template site, produced by `html!` at compile time.
///
/// `statics.len()` is always one more than the number of dynamic slots.
#[derive(Debug)]
pub struct Template {
    /// Static HTML between the slots (already escaped where it came from text literals).
    pub statics: &'static [&'static str],
    /// Identifies the template; two templates with the same fingerprint have the same statics.
    pub fingerprint: u64,
}

impl Template {
    /// Whether `self` and `other` are the same template (pointer or fingerprint equality).
    #[inline]
    pub fn same_as(&'static self, other: &'static Template) -> bool {
        std::ptr::eq(self, other) || (self.fingerprint == other.fingerprint && self.statics == other.statics)
    }
}

/// Computes a template fingerprint from its statics (used by `html!` at compile time and by
/// hand-built templates in tests).
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
pub enum SlotRef<'a> {
    /// HTML text.
    Text(&'a str),
    /// A nested template.
    Nested(&'a Rendered),
    /// A comprehension.
    List(&'a Comprehension),
    /// A live component placeholder, by cid.
    Component(u32),
}

static EMPTY_TEMPLATE: Template = Template { statics: &[""], fingerprint: fingerprint(&[""]) };

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
        write_slots(out, self.template.statics, self.slots());
    }
}

impl Default for Rendered {
    fn default() -> Self {
        Rendered::empty()
    }
}

fn write_slots<'a>(out: &mut String, statics: &[&str], mut slots: impl Iterator<Item = SlotRef<'a>>) {
    for s in statics {
        out.push_str(s);
        if let Some(d) = slots.next() {
            d.write_html(out);
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

    /// Escaped text.
    pub fn text(text: &str) -> Self {
        escape_str(text)
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
        match *self {
            SlotRef::Text(t) => out.push_str(t),
            SlotRef::Nested(r) => r.write_html(out),
            SlotRef::List(c) => {
                for e in c.entries() {
                    write_slots(out, c.template().statics, e.slots());
                }
            }
            SlotRef::Component(_) => {}
        }
    }

    /// Deep content equality, as the client would render it.
    pub fn same_content(&self, other: &SlotRef<'_>) -> bool {
        match (*self, *other) {
            (SlotRef::Text(a), SlotRef::Text(b)) => a == b,
            (SlotRef::Component(a), SlotRef::Component(b)) => a == b,
            (SlotRef::Nested(a), SlotRef::Nested(b)) => {
                a.template().same_as(b.template()) && a.slots().zip(b.slots()).all(|(x, y)| x.same_content(&y))
            }
            (SlotRef::List(a), SlotRef::List(b)) => {
                a.template().same_as(b.template())
                    && a.len() == b.len()
                    && a.entries().zip(b.entries()).all(|(x, y)| x.same_content(&y))
            }
            _ => false,
        }
    }
}

/// HTML that is inserted without escaping. Create it with [`raw`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raw(pub String);

/// Marks `html` as trusted markup that must not be escaped.
///
/// Never pass user input here: it is inserted verbatim into the page.
pub fn raw(html: impl Into<String>) -> Raw {
    Raw(html.into())
}

/// Values that can fill a dynamic slot in `html!` (`{expr}`).
///
/// Text is escaped; `None` and `false` render nothing; `Rendered` nests; a `Vec<Rendered>` or an
/// iterator adaptor of `Rendered` becomes a comprehension.
pub trait IntoDynamic {
    /// Converts the value into a slot.
    fn into_dynamic(self) -> Dynamic;

    /// Appends the value as the next slot of a comprehension entry (what `html!` calls inside
    /// a `for` loop). The default converts with [`IntoDynamic::into_dynamic`]; text-like values
    /// write straight into the comprehension's buffer instead.
    #[inline]
    fn write_entry(self, entry: &mut EntryBuilder<'_>)
    where
        Self: Sized,
    {
        entry.dynamic(self.into_dynamic())
    }
}

impl IntoDynamic for Dynamic {
    fn into_dynamic(self) -> Dynamic {
        self
    }
}
impl IntoDynamic for Rendered {
    fn into_dynamic(self) -> Dynamic {
        Dynamic::Nested(self)
    }
}
impl IntoDynamic for &Rendered {
    fn into_dynamic(self) -> Dynamic {
        Dynamic::Nested(self.clone())
    }
}
impl IntoDynamic for Vec<Rendered> {
    fn into_dynamic(self) -> Dynamic {
        Dynamic::List(Box::new(Comprehension::of_rendered(self)))
    }
}
impl IntoDynamic for &Vec<Rendered> {
    fn into_dynamic(self) -> Dynamic {
        Dynamic::List(Box::new(Comprehension::of_rendered(self.iter().cloned())))
    }
}
impl IntoDynamic for Comprehension {
    fn into_dynamic(self) -> Dynamic {
        Dynamic::List(Box::new(self))
    }
}
impl<I, F> IntoDynamic for std::iter::Map<I, F>
where
    std::iter::Map<I, F>: Iterator<Item = Rendered>,
{
    fn into_dynamic(self) -> Dynamic {
        Dynamic::List(Box::new(Comprehension::of_rendered(self)))
    }
}
impl IntoDynamic for Raw {
    fn into_dynamic(self) -> Dynamic {
        Dynamic::Text(Text::from(self.0))
    }
    fn write_entry(self, entry: &mut EntryBuilder<'_>) {
        entry.push_text(&self.0)
    }
}
impl IntoDynamic for &Raw {
    fn into_dynamic(self) -> Dynamic {
        Dynamic::raw_text(&self.0)
    }
    fn write_entry(self, entry: &mut EntryBuilder<'_>) {
        entry.push_text(&self.0)
    }
}
impl IntoDynamic for Text {
    /// Inserted as is: a `Text` is already HTML.
    fn into_dynamic(self) -> Dynamic {
        Dynamic::Text(self)
    }
    fn write_entry(self, entry: &mut EntryBuilder<'_>) {
        entry.push_text(&self)
    }
}
impl<T: IntoDynamic> IntoDynamic for Option<T> {
    fn into_dynamic(self) -> Dynamic {
        match self {
            Some(v) => v.into_dynamic(),
            None => Dynamic::empty(),
        }
    }
    #[inline]
    fn write_entry(self, entry: &mut EntryBuilder<'_>) {
        match self {
            Some(v) => v.write_entry(entry),
            None => entry.push_text(""),
        }
    }
}
impl<'a, T> IntoDynamic for &'a Option<T>
where
    &'a T: IntoDynamic,
{
    fn into_dynamic(self) -> Dynamic {
        match self {
            Some(v) => v.into_dynamic(),
            None => Dynamic::empty(),
        }
    }
    #[inline]
    fn write_entry(self, entry: &mut EntryBuilder<'_>) {
        match self {
            Some(v) => v.write_entry(entry),
            None => entry.push_text(""),
        }
    }
}

/// Text-like values: rendered escaped in text slots and as `name="value"` in attributes.
pub trait AsText {
    /// Appends the unescaped text of the value to `out`.
    fn write_text(&self, out: &mut String);
}

impl AsText for str {
    fn write_text(&self, out: &mut String) {
        out.push_str(self)
    }
}
impl AsText for String {
    fn write_text(&self, out: &mut String) {
        out.push_str(self)
    }
}
impl AsText for Cow<'_, str> {
    fn write_text(&self, out: &mut String) {
        out.push_str(self)
    }
}
impl AsText for char {
    fn write_text(&self, out: &mut String) {
        out.push(*self)
    }
}

impl AsText for std::fmt::Arguments<'_> {
    /// `format_args!(..)` renders without allocating a `String` first.
    fn write_text(&self, out: &mut String) {
        use std::fmt::Write;
        let _ = out.write_fmt(*self);
    }
}

macro_rules! text_via_display {
    ($($t:ty),*) => {$(
        impl AsText for $t {
            fn write_text(&self, out: &mut String) {
                use std::fmt::Write;
                let _ = write!(out, "{}", self);
            }
        }
    )*};
}
text_via_display!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64);

fn escaped_text<T: AsText + ?Sized>(v: &T) -> Dynamic {
    let mut raw = SlotWriter::new();
    v.write_text(raw.buf());
    escape_str(raw.buf())
}

fn escaped_entry_text<T: AsText + ?Sized>(v: &T, entry: &mut EntryBuilder<'_>) {
    let mut raw = SlotWriter::new();
    v.write_text(raw.buf());
    entry.push_escaped(raw.buf())
}

/// Escapes a borrowed string: a copy (inline when short) when nothing needs escaping.
fn escape_str(s: &str) -> Dynamic {
    if needs_escape(s) {
        let mut out = SlotWriter::new();
        escape_into(out.buf(), s);
        out.finish()
    } else {
        Dynamic::Text(Text::new(s))
    }
}

macro_rules! dynamic_from_str {
    ($($t:ty),*) => {$(
        impl IntoDynamic for &$t {
            fn into_dynamic(self) -> Dynamic { escape_str(self) }
            #[inline]
            fn write_entry(self, entry: &mut EntryBuilder<'_>) { entry.push_escaped(self) }
        }
    )*};
}
dynamic_from_str!(String, Cow<'_, str>, str, &str);

impl IntoDynamic for String {
    /// Reuses the string's buffer when nothing needs escaping.
    fn into_dynamic(self) -> Dynamic {
        if needs_escape(&self) { escape_str(&self) } else { Dynamic::Text(Text::from(self)) }
    }
    fn write_entry(self, entry: &mut EntryBuilder<'_>) {
        entry.push_escaped(&self)
    }
}
impl IntoDynamic for Cow<'_, str> {
    fn into_dynamic(self) -> Dynamic {
        self.into_owned().into_dynamic()
    }
    fn write_entry(self, entry: &mut EntryBuilder<'_>) {
        entry.push_escaped(&self)
    }
}

macro_rules! dynamic_from_int {
    ($via:ident, $push:ident as $wide:ty: $($t:ty),*) => {$(
        impl IntoDynamic for $t {
            /// Digits never need escaping, and always fit inline.
            #[inline]
            fn into_dynamic(self) -> Dynamic { Dynamic::Text(Text::$via(self as $wide)) }
            #[inline]
            fn write_entry(self, entry: &mut EntryBuilder<'_>) { entry.$push(self as $wide) }
        }
        impl IntoDynamic for &$t {
            #[inline]
            fn into_dynamic(self) -> Dynamic { (*self).into_dynamic() }
            #[inline]
            fn write_entry(self, entry: &mut EntryBuilder<'_>) { (*self).write_entry(entry) }
        }
    )*};
}
dynamic_from_int!(from_u64, push_u64 as u64: u8, u16, u32, u64, usize);
dynamic_from_int!(from_i64, push_i64 as i64: i8, i16, i32, i64, isize);
impl IntoDynamic for u128 {
    fn into_dynamic(self) -> Dynamic {
        Dynamic::Text(Text::new(itoa::Buffer::new().format(self)))
    }
}
impl IntoDynamic for i128 {
    fn into_dynamic(self) -> Dynamic {
        Dynamic::Text(Text::new(itoa::Buffer::new().format(self)))
    }
}
impl IntoDynamic for &u128 {
    fn into_dynamic(self) -> Dynamic {
        (*self).into_dynamic()
    }
}
impl IntoDynamic for &i128 {
    fn into_dynamic(self) -> Dynamic {
        (*self).into_dynamic()
    }
}

macro_rules! dynamic_from_text {
    ($($t:ty),*) => {$(
        impl IntoDynamic for $t {
            fn into_dynamic(self) -> Dynamic { escaped_text(&self) }
            fn write_entry(self, entry: &mut EntryBuilder<'_>) { escaped_entry_text(&self, entry) }
        }
        impl IntoDynamic for &$t {
            fn into_dynamic(self) -> Dynamic { escaped_text(self) }
            fn write_entry(self, entry: &mut EntryBuilder<'_>) { escaped_entry_text(self, entry) }
        }
    )*};
}
dynamic_from_text!(char, f32, f64, std::fmt::Arguments<'_>);
impl IntoDynamic for bool {
    /// `true` renders `true`; `false` renders nothing (never the text "false").
    fn into_dynamic(self) -> Dynamic {
        if self { Dynamic::Text(Text::new("true")) } else { Dynamic::empty() }
    }
    fn write_entry(self, entry: &mut EntryBuilder<'_>) {
        entry.push_text(if self { "true" } else { "" })
    }
}
impl IntoDynamic for &bool {
    fn into_dynamic(self) -> Dynamic {
        (*self).into_dynamic()
    }
    fn write_entry(self, entry: &mut EntryBuilder<'_>) {
        (*self).write_entry(entry)
    }
}

/// Values of a dynamic attribute (`name={expr}` in `html!`).
///
/// Text-like values render ` name="escaped value"`; `true` renders the bare ` name`;
/// `false` and `None` render nothing at all.
pub trait AttrValue {
    /// Appends the attribute (with its leading space) to `out`, or nothing.
    fn write_attr(self, name: &str, out: &mut String);

    /// Appends the attribute as the next slot of a comprehension entry (what `html!` calls inside
    /// a `for` loop). The default lets [`AttrValue::write_attr`] write into a scratch buffer of
    /// its own, so an implementation never sees the text of other entries; the built-in impls
    /// append straight to the entry.
    #[inline]
    fn write_attr_entry(self, name: &str, entry: &mut EntryBuilder<'_>)
    where
        Self: Sized,
    {
        let mut w = SlotWriter::new();
        self.write_attr(name, w.buf());
        entry.push_text(w.buf());
    }
}

/// The `write_attr_entry` of a built-in impl: append in place.
macro_rules! attr_in_place {
    () => {
        #[inline]
        fn write_attr_entry(self, name: &str, entry: &mut EntryBuilder<'_>) {
            entry.append(|out| self.write_attr(name, out))
        }
    };
}

fn write_str_attr(v: &str, name: &str, out: &mut String) {
    out.reserve(name.len() + v.len() + 4);
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape_into(out, v);
    out.push('"');
}

fn write_text_attr<T: AsText + ?Sized>(v: &T, name: &str, out: &mut String) {
    let mut raw = SlotWriter::new();
    v.write_text(raw.buf());
    write_str_attr(raw.buf(), name, out);
}

macro_rules! attr_from_str {
    ($($t:ty),*) => {$(
        impl AttrValue for $t {
            fn write_attr(self, name: &str, out: &mut String) { write_str_attr(&self, name, out) }
            attr_in_place!();
        }
        impl AttrValue for &$t {
            fn write_attr(self, name: &str, out: &mut String) { write_str_attr(self, name, out) }
            attr_in_place!();
        }
    )*};
}
attr_from_str!(String, Cow<'_, str>, &str);

macro_rules! attr_from_int {
    ($($t:ty),*) => {$(
        impl AttrValue for $t {
            /// Digits never need escaping.
            fn write_attr(self, name: &str, out: &mut String) {
                write_str_attr(itoa::Buffer::new().format(self), name, out)
            }
            attr_in_place!();
        }
        impl AttrValue for &$t {
            fn write_attr(self, name: &str, out: &mut String) { (*self).write_attr(name, out) }
            attr_in_place!();
        }
    )*};
}
attr_from_int!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

macro_rules! attr_from_text {
    ($($t:ty),*) => {$(
        impl AttrValue for $t {
            fn write_attr(self, name: &str, out: &mut String) { write_text_attr(&self, name, out) }
            attr_in_place!();
        }
        impl AttrValue for &$t {
            fn write_attr(self, name: &str, out: &mut String) { write_text_attr(self, name, out) }
            attr_in_place!();
        }
    )*};
}
attr_from_text!(char, f32, f64, std::fmt::Arguments<'_>);
impl AttrValue for bool {
    fn write_attr(self, name: &str, out: &mut String) {
        if self {
            out.push(' ');
            out.push_str(name);
        }
    }
    attr_in_place!();
}
impl AttrValue for &bool {
    fn write_attr(self, name: &str, out: &mut String) {
        (*self).write_attr(name, out)
    }
    attr_in_place!();
}
impl<T: AttrValue> AttrValue for Option<T> {
    fn write_attr(self, name: &str, out: &mut String) {
        if let Some(v) = self {
            v.write_attr(name, out)
        }
    }
    #[inline]
    fn write_attr_entry(self, name: &str, entry: &mut EntryBuilder<'_>) {
        match self {
            Some(v) => v.write_attr_entry(name, entry),
            None => entry.push_text(""),
        }
    }
}
impl<'a, T> AttrValue for &'a Option<T>
where
    &'a T: AttrValue,
{
    fn write_attr(self, name: &str, out: &mut String) {
        if let Some(v) = self {
            v.write_attr(name, out)
        }
    }
    #[inline]
    fn write_attr_entry(self, name: &str, entry: &mut EntryBuilder<'_>) {
        match self {
            Some(v) => v.write_attr_entry(name, entry),
            None => entry.push_text(""),
        }
    }
}
impl AttrValue for Raw {
    /// Inserted unescaped inside the quotes.
    fn write_attr(self, name: &str, out: &mut String) {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        out.push_str(&self.0);
        out.push('"');
    }
    attr_in_place!();
}

/// A dynamic list of attributes (`<div {attrs}>` in `html!`).
pub trait Attrs {
    /// Appends every attribute (each with its leading space) to `out`.
    fn write_attrs(self, out: &mut String);
}

/// Whether `name` is safe to emit as an attribute name.
pub fn valid_attr_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| !matches!(b, b' ' | b'"' | b'\'' | b'>' | b'/' | b'=' | b'<' | b'\t' | b'\n' | b'\r' | 0x0c | 0))
}

impl<K: AsRef<str>, V: AttrValue, I: IntoIterator<Item = (K, V)>> Attrs for I {
    fn write_attrs(self, out: &mut String) {
        for (k, v) in self {
            let k = k.as_ref();
            if valid_attr_name(k) {
                v.write_attr(k, out);
            } else {
                tracing::warn!(name = k, "html!: skipped an attribute with an invalid name");
            }
        }
    }
}

/// Renders one dynamic attribute into a slot (used by `html!`).
pub fn attr_slot(name: &str, value: impl AttrValue) -> Dynamic {
    let mut out = SlotWriter::new();
    value.write_attr(name, out.buf());
    out.finish()
}

/// Renders a dynamic attribute list into a slot (used by `html!`).
pub fn attrs_slot(attrs: impl Attrs) -> Dynamic {
    let mut out = SlotWriter::new();
    attrs.write_attrs(out.buf());
    out.finish()
}

/// A reused per-thread buffer for composing one slot's text, so a short slot costs no heap
/// allocation at all (the result is copied into an inline [`Text`] or a list's text buffer).
///
/// Re-entrant: a writer created while another is alive (a user `Display` impl that renders
/// `html!`) simply starts from a fresh buffer. The built-in slot paths never nest writers.
pub struct SlotWriter(String);

/// The largest buffer worth keeping for the next slot.
const KEEP: usize = 4096;

thread_local! {
    static SCRATCH: Cell<String> = const { Cell::new(String::new()) };
}

impl SlotWriter {
    /// Takes the thread's buffer (empty).
    #[inline]
    pub fn new() -> Self {
        let mut buf = SCRATCH.take();
        buf.clear();
        SlotWriter(buf)
    }

    /// The buffer to write into.
    #[inline]
    pub fn buf(&mut self) -> &mut String {
        &mut self.0
    }

    /// The written text as a slot.
    #[inline]
    pub fn finish(self) -> Dynamic {
        Dynamic::Text(Text::new(&self.0))
    }
}

impl Default for SlotWriter {
    fn default() -> Self {
        SlotWriter::new()
    }
}

impl Drop for SlotWriter {
    fn drop(&mut self) {
        // Keep a modest buffer for the next slot; let a huge one go.
        if self.0.capacity() <= KEEP {
            SCRATCH.set(std::mem::take(&mut self.0));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static T: Template = Template { statics: &["<p class=\"x\">", "</p>"], fingerprint: 1 };

    #[test]
    fn text_is_escaped_and_false_none_render_nothing() {
        let r = Rendered::new(&T, vec!["<b>".into_dynamic()]);
        assert_eq!(r.to_html(), "<p class=\"x\">&lt;b&gt;</p>");
        assert_eq!(Rendered::new(&T, vec![false.into_dynamic()]).to_html(), "<p class=\"x\"></p>");
        assert_eq!(Rendered::new(&T, vec![None::<String>.into_dynamic()]).to_html(), "<p class=\"x\"></p>");
        assert_eq!(Rendered::new(&T, vec![42u8.into_dynamic()]).to_html(), "<p class=\"x\">42</p>");
        assert_eq!(Rendered::new(&T, vec![raw("<i>").into_dynamic()]).to_html(), "<p class=\"x\"><i></p>");
    }

    #[test]
    fn attributes_escape_and_booleans_toggle() {
        assert_eq!(attr_slot_text("title", "a\"b<"), " title=\"a&quot;b&lt;\"");
        assert_eq!(attr_slot_text("disabled", true), " disabled");
        assert_eq!(attr_slot_text("disabled", false), "");
        assert_eq!(attr_slot_text("x", None::<&str>), "");
        let Dynamic::Text(t) = attrs_slot(vec![("data-a", "1"), ("bad name", "2"), ("data-b", "<")]) else { panic!() };
        assert_eq!(t, " data-a=\"1\" data-b=\"&lt;\"");
    }

    fn attr_slot_text(name: &str, v: impl AttrValue) -> String {
        match attr_slot(name, v) {
            Dynamic::Text(t) => t.to_string(),
            _ => unreachable!(),
        }
    }

    #[test]
    #[should_panic(expected = "needs 1 dynamics")]
    fn wrong_dynamic_count_is_a_clear_panic() {
        Rendered::new(&T, vec![]);
    }
}
