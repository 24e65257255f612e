//! [`IntoDynamic`]: what a `{expr}` slot of `html!` accepts, and how each value becomes a slot
//! (escaped text, a nested tree, a comprehension) or appends to a comprehension entry.

use super::list::EntryBuilder;
use super::text::Text;
use super::tree::{Comprehension, Dynamic, Rendered};
use super::writer::SlotWriter;
use crate::escape::{escape_into, needs_escape};
use std::borrow::Cow;

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

impl Dynamic {
    /// Escaped text.
    pub fn text(text: &str) -> Self {
        escape_str(text)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rendered::tree::Template;

    static T: Template = Template::new(&["<p class=\"x\">", "</p>"]);

    #[test]
    fn text_is_escaped_and_false_none_render_nothing() {
        let r = Rendered::new(&T, vec!["<b>".into_dynamic()]);
        assert_eq!(r.to_html(), "<p class=\"x\">&lt;b&gt;</p>");
        assert_eq!(Rendered::new(&T, vec![false.into_dynamic()]).to_html(), "<p class=\"x\"></p>");
        assert_eq!(Rendered::new(&T, vec![None::<String>.into_dynamic()]).to_html(), "<p class=\"x\"></p>");
        assert_eq!(Rendered::new(&T, vec![42u8.into_dynamic()]).to_html(), "<p class=\"x\">42</p>");
        assert_eq!(Rendered::new(&T, vec![raw("<i>").into_dynamic()]).to_html(), "<p class=\"x\"><i></p>");
    }
}
