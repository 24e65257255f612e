//! [`AttrValue`] and [`Attrs`]: what `name={expr}` and `<div {attrs}>` accept in `html!`, and how
//! each value writes its attribute into a slot or a comprehension entry.

use super::into_dynamic::{AsText, Raw};
use super::list::EntryBuilder;
use super::tree::{Dynamic, write_attr_html};
use super::writer::SlotWriter;
use crate::escape::escape_into;
use std::borrow::Cow;

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

/// The `write_attr_entry` of a built-in impl whose attribute is always written: `$write`
/// appends the escaped value (`$v` is `self`) and the entry decides whether the name goes with
/// it ([`EntryBuilder::attr_value`]: not when the loop's template knows the slot's name).
macro_rules! attr_value_in_place {
    ($v:ident => $write:expr) => {
        #[inline]
        fn write_attr_entry(self, name: &str, entry: &mut EntryBuilder<'_>) {
            let $v = self;
            entry.attr_value(name, $write)
        }
    };
}

fn write_str_attr(v: &str, name: &str, out: &mut String) {
    write_attr_html(out, name, v.len(), |out| escape_into(out, v))
}

fn write_text_attr<T: AsText + ?Sized>(v: &T, name: &str, out: &mut String) {
    let mut raw = SlotWriter::new();
    v.write_text(raw.buf());
    write_str_attr(raw.buf(), name, out);
}

fn escape_text_into<T: AsText + ?Sized>(v: &T, out: &mut String) {
    let mut raw = SlotWriter::new();
    v.write_text(raw.buf());
    escape_into(out, raw.buf());
}

macro_rules! attr_from_str {
    ($($t:ty),*) => {$(
        impl AttrValue for $t {
            fn write_attr(self, name: &str, out: &mut String) { write_str_attr(&self, name, out) }
            attr_value_in_place!(v => |out: &mut String| escape_into(out, &v));
        }
        impl AttrValue for &$t {
            fn write_attr(self, name: &str, out: &mut String) { write_str_attr(self, name, out) }
            attr_value_in_place!(v => |out: &mut String| escape_into(out, v));
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
            attr_value_in_place!(v => |out: &mut String| out.push_str(itoa::Buffer::new().format(v)));
        }
        impl AttrValue for &$t {
            fn write_attr(self, name: &str, out: &mut String) { (*self).write_attr(name, out) }
            attr_value_in_place!(v => |out: &mut String| out.push_str(itoa::Buffer::new().format(*v)));
        }
    )*};
}
attr_from_int!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

macro_rules! attr_from_text {
    ($($t:ty),*) => {$(
        impl AttrValue for $t {
            fn write_attr(self, name: &str, out: &mut String) { write_text_attr(&self, name, out) }
            attr_value_in_place!(v => |out: &mut String| escape_text_into(&v, out));
        }
        impl AttrValue for &$t {
            fn write_attr(self, name: &str, out: &mut String) { write_text_attr(self, name, out) }
            attr_value_in_place!(v => |out: &mut String| escape_text_into(v, out));
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
        write_attr_html(out, name, self.0.len(), |out| out.push_str(&self.0))
    }
    attr_value_in_place!(v => |out: &mut String| out.push_str(&v.0));
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

/// The attribute slots of a comprehension entry (what `html!` calls inside a `for` loop).
impl EntryBuilder<'_> {
    /// Appends a dynamic attribute slot (` name="value"`, a bare ` name`, or nothing).
    #[inline]
    pub fn attr(&mut self, name: &str, value: impl AttrValue) {
        value.write_attr_entry(name, self)
    }

    /// Appends a dynamic attribute list slot.
    pub fn attrs(&mut self, attrs: impl Attrs) {
        let mut w = SlotWriter::new();
        attrs.write_attrs(w.buf());
        self.push_text(w.buf());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
