//! [`decode`] and [`decode_json`], and the lenient serde `Deserializer` over [`Param`] behind
//! `decode`: everything in a form is a string, so strings coerce to whatever the target type
//! asks for.

use super::error::render_path;
use super::{DecodeError, Param, ParamMap};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, Error as _, MapAccess, SeqAccess, Unexpected, VariantAccess,
    Visitor,
};

/// Decodes a [`Param`] tree (a form or a `phx-value-*` map) into `T`, leniently (see the
/// [module docs](super)).
///
/// # Errors
///
/// When the tree does not fit `T`. The error names the field path:
/// `user.age: invalid digit found in string`, `tags[1]: …`.
pub fn decode<T: DeserializeOwned>(param: &Param) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize(param).map_err(|e| {
        let path = e.path().clone();
        DecodeError::at(&path, e.into_inner())
    })
}

/// Decodes a hook payload (`pushEvent` JSON) into `T`, strictly: JSON numbers for number
/// fields, JSON booleans for `bool`.
///
/// # Errors
///
/// When the JSON does not fit `T`; the error names the field path (`point.x: invalid type:
/// string "1", expected i32`).
pub fn decode_json<T: DeserializeOwned>(v: &serde_json::Value) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize(v)
        .map_err(|e| DecodeError::Invalid { path: render_path(e.path()), message: e.into_inner().to_string() })
}

/// What a [`Param`] looks like in a type error.
fn unexpected(param: &Param) -> Unexpected<'_> {
    match param {
        Param::Str(s) => Unexpected::Str(s),
        Param::List(_) => Unexpected::Seq,
        Param::Map(_) => Unexpected::Map,
    }
}

/// `"true"`, `"on"`, `"1"`, `"yes"` → `true`; `"false"`, `"off"`, `"0"`, `"no"`, `""` →
/// `false` (ASCII case-insensitive).
fn parse_bool(s: &str) -> Option<bool> {
    const TRUE: [&str; 4] = ["true", "on", "1", "yes"];
    const FALSE: [&str; 5] = ["false", "off", "0", "no", ""];
    if TRUE.iter().any(|t| s.eq_ignore_ascii_case(t)) {
        Some(true)
    } else if FALSE.iter().any(|f| s.eq_ignore_ascii_case(f)) {
        Some(false)
    } else {
        None
    }
}

/// Deserializes one string (a [`Param::Str`] or a map key) with the coercions.
#[derive(Clone, Copy)]
struct StrDeserializer<'de>(&'de str);

macro_rules! parse_number {
    ($($method:ident($ty:ty) => $visit:ident;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
            match self.0.parse::<$ty>() {
                Ok(n) => visitor.$visit(n),
                Err(e) => Err(DecodeError::custom(e)),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for StrDeserializer<'de> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match parse_bool(self.0) {
            Some(b) => visitor.visit_bool(b),
            None => {
                Err(DecodeError::invalid_value(Unexpected::Str(self.0), &"a boolean (true/false, on/off, 1/0, yes/no)"))
            }
        }
    }

    parse_number! {
        deserialize_i8(i8) => visit_i8;
        deserialize_i16(i16) => visit_i16;
        deserialize_i32(i32) => visit_i32;
        deserialize_i64(i64) => visit_i64;
        deserialize_i128(i128) => visit_i128;
        deserialize_u8(u8) => visit_u8;
        deserialize_u16(u16) => visit_u16;
        deserialize_u32(u32) => visit_u32;
        deserialize_u64(u64) => visit_u64;
        deserialize_u128(u128) => visit_u128;
        deserialize_f32(f32) => visit_f32;
        deserialize_f64(f64) => visit_f64;
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let mut chars = self.0.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => visitor.visit_char(c),
            _ => Err(DecodeError::invalid_value(Unexpected::Str(self.0), &"a single character")),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_borrowed_bytes(self.0.as_bytes())
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_borrowed_bytes(self.0.as_bytes())
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        if self.0.is_empty() { visitor.visit_none() } else { visitor.visit_some(self) }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        Err(DecodeError::invalid_type(Unexpected::Str(self.0), &visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DecodeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        Err(DecodeError::invalid_type(Unexpected::Str(self.0), &visitor))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_enum(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }
}

/// A string names a unit variant.
impl<'de> EnumAccess<'de> for StrDeserializer<'de> {
    type Error = DecodeError;
    type Variant = UnitOnly;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, UnitOnly), DecodeError> {
        Ok((seed.deserialize(self)?, UnitOnly))
    }
}

/// The content of a variant named by a bare string: nothing.
struct UnitOnly;

impl<'de> VariantAccess<'de> for UnitOnly {
    type Error = DecodeError;

    fn unit_variant(self) -> Result<(), DecodeError> {
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, _seed: S) -> Result<S::Value, DecodeError> {
        Err(DecodeError::invalid_type(Unexpected::UnitVariant, &"newtype variant"))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, DecodeError> {
        Err(DecodeError::invalid_type(Unexpected::UnitVariant, &"tuple variant"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, DecodeError> {
        Err(DecodeError::invalid_type(Unexpected::UnitVariant, &"struct variant"))
    }
}

macro_rules! via_str {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
            match self {
                Param::Str(s) => StrDeserializer(s).$method(visitor),
                other => Err(DecodeError::invalid_type(unexpected(other), &visitor)),
            }
        }
    )*};
}

/// The lenient deserializer: use [`decode`] for errors with field paths.
///
/// - [`Param::Str`] coerces to integers and floats (`"3"`), booleans (`"true"`/`"on"`/`"1"`/
///   `"yes"`, `"false"`/`"off"`/`"0"`/`"no"`/`""`), `char`, unit variants, or stays a string;
/// - `Option<T>`: `""` is `None`, anything else `Some`;
/// - sequences come from [`Param::List`], from a single [`Param::Str`] (one element), or from a
///   map whose keys are all indices (`addresses[0][city]`, as `inputs_for` renders), in index
///   order;
/// - structs and maps come from [`Param::Map`] (unknown fields ignored unless the type denies
///   them); enums from a variant name or a one-entry map `{variant: content}`;
/// - `deserialize_any` yields strings, sequences and maps as they are (e.g. for
///   `serde_json::Value`).
impl<'de> de::Deserializer<'de> for &'de Param {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self {
            Param::Str(s) => visitor.visit_borrowed_str(s),
            Param::List(items) => visit_seq(items.iter(), visitor),
            Param::Map(map) => visitor.visit_map(MapDeserializer::new(map)),
        }
    }

    via_str! {
        deserialize_bool
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
        deserialize_char deserialize_str deserialize_string deserialize_identifier
        deserialize_bytes deserialize_byte_buf
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self {
            Param::Str(s) if s.is_empty() => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self {
            Param::List(items) => visit_seq(items.iter(), visitor),
            Param::Str(_) => visit_seq(std::slice::from_ref(self).iter(), visitor),
            Param::Map(map) => match indexed(map) {
                Some(items) => visit_seq(items.into_iter(), visitor),
                None => Err(DecodeError::invalid_type(Unexpected::Map, &visitor)),
            },
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DecodeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self {
            Param::Map(map) => visitor.visit_map(MapDeserializer::new(map)),
            other => Err(DecodeError::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        match self {
            Param::Str(s) => visitor.visit_enum(StrDeserializer(s)),
            Param::Map(map) => match map.entries() {
                [(name, content)] => visitor.visit_enum(VariantEntry { name, content }),
                _ => {
                    Err(DecodeError::invalid_value(Unexpected::Map, &"a variant name or a map with exactly one entry"))
                }
            },
            Param::List(_) => Err(DecodeError::invalid_type(Unexpected::Seq, &visitor)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }
}

/// The values of a map whose keys are all indices (`{"1": a, "0": b}` → `[b, a]`), as
/// Phoenix's `inputs_for` names nested list fields; `None` for any other map.
fn indexed(map: &ParamMap) -> Option<Vec<&Param>> {
    let mut items = map.iter().map(|(k, v)| Some((k.parse::<usize>().ok()?, v))).collect::<Option<Vec<_>>>()?;
    items.sort_by_key(|(i, _)| *i);
    Some(items.into_iter().map(|(_, v)| v).collect())
}

/// Runs `visitor` over `items` and refuses leftovers (a tuple shorter than the list).
fn visit_seq<'de, I, V>(items: I, visitor: V) -> Result<V::Value, DecodeError>
where
    I: Iterator<Item = &'de Param>,
    V: Visitor<'de>,
{
    let mut seq = SeqDeserializer { items, taken: 0 };
    let value = visitor.visit_seq(&mut seq)?;
    let left = seq.items.count();
    if left == 0 { Ok(value) } else { Err(DecodeError::invalid_length(seq.taken + left, &ExpectedLen(seq.taken))) }
}

struct ExpectedLen(usize);

impl de::Expected for ExpectedLen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            1 => f.write_str("1 element in sequence"),
            n => write!(f, "{n} elements in sequence"),
        }
    }
}

struct SeqDeserializer<I> {
    items: I,
    taken: usize,
}

impl<'de, I: Iterator<Item = &'de Param>> SeqAccess<'de> for SeqDeserializer<I> {
    type Error = DecodeError;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, DecodeError> {
        match self.items.next() {
            Some(item) => {
                self.taken += 1;
                seed.deserialize(item).map(Some)
            }
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        match self.items.size_hint() {
            (lower, Some(upper)) if lower == upper => Some(upper),
            _ => None,
        }
    }
}

struct MapDeserializer<'de> {
    entries: std::slice::Iter<'de, (String, Param)>,
    value: Option<&'de Param>,
}

impl<'de> MapDeserializer<'de> {
    fn new(map: &'de ParamMap) -> Self {
        MapDeserializer { entries: map.entries().iter(), value: None }
    }
}

impl<'de> MapAccess<'de> for MapDeserializer<'de> {
    type Error = DecodeError;

    fn next_key_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, DecodeError> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(StrDeserializer(key)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, DecodeError> {
        match self.value.take() {
            Some(value) => seed.deserialize(value),
            None => Err(DecodeError::custom("map value requested before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An externally tagged variant: `{"variant": content}`.
struct VariantEntry<'de> {
    name: &'de str,
    content: &'de Param,
}

impl<'de> EnumAccess<'de> for VariantEntry<'de> {
    type Error = DecodeError;
    type Variant = VariantContent<'de>;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, VariantContent<'de>), DecodeError> {
        let variant = seed.deserialize(StrDeserializer(self.name))?;
        Ok((variant, VariantContent(self.content)))
    }
}

/// The content of an externally tagged variant.
struct VariantContent<'de>(&'de Param);

impl<'de> VariantAccess<'de> for VariantContent<'de> {
    type Error = DecodeError;

    /// The content of a unit variant is ignored (`{"active": ""}` is fine).
    fn unit_variant(self) -> Result<(), DecodeError> {
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, DecodeError> {
        seed.deserialize(self.0)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DecodeError> {
        de::Deserializer::deserialize_seq(self.0, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        de::Deserializer::deserialize_map(self.0, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{DecodeError, FormError, decode, decode_json, from_json, parse_urlencoded};
    use super::*;
    use proptest::prelude::*;
    use serde::Deserialize;
    use serde_json::json;
    use std::collections::{BTreeMap, HashMap};

    fn form(input: &str) -> Param {
        parse_urlencoded(input).unwrap_or_else(|e| panic!("{input:?} should parse: {e}"))
    }

    fn ok<T: DeserializeOwnedDebug>(param: &Param) -> T {
        decode(param).unwrap_or_else(|e| panic!("should decode: {e}"))
    }

    trait DeserializeOwnedDebug: serde::de::DeserializeOwned + std::fmt::Debug {}
    impl<T: serde::de::DeserializeOwned + std::fmt::Debug> DeserializeOwnedDebug for T {}

    #[derive(Debug, Deserialize, PartialEq)]
    struct User {
        name: String,
        age: u32,
        #[serde(default)]
        admin: bool,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Signup {
        user: User,
    }

    #[test]
    fn strings_coerce_to_numbers_and_bools() {
        let signup: Signup = ok(&form("user[name]=Ann&user[age]=3&user[admin]=on"));
        assert_eq!(signup, Signup { user: User { name: "Ann".into(), age: 3, admin: true } });
        let signup: Signup = ok(&form("user[name]=Bo&user[age]=40"));
        assert!(!signup.user.admin, "absent bool with serde(default) is false");

        #[derive(Debug, Deserialize)]
        struct Numbers {
            a: i8,
            b: i64,
            c: u128,
            d: f32,
            e: f64,
            f: char,
            g: bool,
            h: bool,
        }
        let n: Numbers = ok(&form("a=-5&b=9000000000&c=1&d=1.5&e=-2e3&f=%C3%A9&g=TRUE&h=0"));
        assert_eq!((n.a, n.b, n.c, n.d, n.e, n.f, n.g, n.h), (-5, 9_000_000_000, 1, 1.5, -2000.0, 'é', true, false));
    }

    #[test]
    fn unparsable_number_names_the_field_path() {
        let err = decode::<Signup>(&form("user[name]=Ann&user[age]=abc")).err();
        assert_eq!(
            err,
            Some(DecodeError::Invalid { path: "user.age".into(), message: "invalid digit found in string".into() })
        );
        let err = err.map(|e| (e.path().to_owned(), e.to_string()));
        assert_eq!(err, Some(("user.age".into(), "user.age: invalid digit found in string".into())));
    }

    #[test]
    fn other_errors_name_their_paths() {
        let err = decode::<Signup>(&form("user[name]=Ann")).err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("user: missing field `age`"));
        let err = decode::<Signup>(&form("user=flat")).err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("user: invalid type: string \"flat\", expected struct User"));
        let err = decode::<HashMap<String, Vec<u8>>>(&form("t[]=1&t[]=x")).err();
        assert_eq!(err.as_ref().map(DecodeError::path), Some("t[1]"));
        let err = decode::<HashMap<String, bool>>(&form("b=maybe")).err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("b: invalid value: string \"maybe\", expected a boolean (true/false, on/off, 1/0, yes/no)")
        );
    }

    #[test]
    fn root_errors_have_no_path_prefix() {
        let err = decode::<u32>(&form("a=1")).err();
        assert_eq!(err.as_ref().map(DecodeError::path), Some(""));
        assert_eq!(err.map(|e| e.to_string()).as_deref(), Some("invalid type: map, expected u32"));
    }

    #[test]
    fn options_treat_empty_strings_as_none() {
        #[derive(Debug, Deserialize)]
        struct Opts {
            n: Option<u32>,
            empty: Option<u32>,
            text: Option<String>,
            blank: Option<String>,
            absent: Option<u32>,
            list: Option<Vec<String>>,
        }
        let o: Opts = ok(&form("n=5&empty=&text=hi&blank=&list[]=a"));
        assert_eq!(o.n, Some(5));
        assert_eq!(o.empty, None);
        assert_eq!(o.text.as_deref(), Some("hi"));
        assert_eq!(o.blank, None);
        assert_eq!(o.absent, None);
        assert_eq!(o.list, Some(vec!["a".to_owned()]));
    }

    #[test]
    fn sequences_from_lists_single_values_and_indexed_maps() {
        #[derive(Debug, Deserialize)]
        struct Seqs {
            list: Vec<u32>,
            single: Vec<u32>,
            pair: (String, u8),
        }
        let s: Seqs = ok(&form("list[]=1&list[]=2&single=7&pair[]=x&pair[]=9"));
        assert_eq!((s.list, s.single, s.pair), (vec![1, 2], vec![7], ("x".into(), 9)));

        #[derive(Debug, Deserialize, PartialEq)]
        struct Address {
            city: String,
        }
        let addresses: HashMap<String, Vec<Address>> = ok(&form("a[1][city]=Oslo&a[0][city]=Rome&a[10][city]=Lima"));
        let cities: Vec<&str> = addresses["a"].iter().map(|a| a.city.as_str()).collect();
        assert_eq!(cities, ["Rome", "Oslo", "Lima"]);

        let err = decode::<HashMap<String, Vec<String>>>(&form("a[x]=1")).err();
        assert_eq!(err.as_ref().map(DecodeError::path), Some("a"));
        let err = decode::<(u8, u8)>(&Param::List(vec!["1".into(), "2".into(), "3".into()])).err();
        assert_eq!(err.map(|e| e.to_string()).as_deref(), Some("invalid length 3, expected 2 elements in sequence"));
    }

    #[test]
    fn enums_from_variant_names_and_one_entry_maps() {
        #[derive(Debug, Deserialize, PartialEq)]
        #[serde(rename_all = "snake_case")]
        enum Role {
            Admin,
            Member,
            Guest(String),
            Limited { days: u8 },
        }
        #[derive(Debug, Deserialize)]
        struct Roles {
            a: Role,
            b: Role,
            c: Role,
            d: Role,
        }
        let r: Roles = ok(&form("a=admin&b[member]=&c[guest]=bob&d[limited][days]=3"));
        assert_eq!(
            (r.a, r.b, r.c, r.d),
            (Role::Admin, Role::Member, Role::Guest("bob".into()), Role::Limited { days: 3 })
        );
        let err = decode::<HashMap<String, Role>>(&form("a=owner")).err();
        assert_eq!(err.as_ref().map(DecodeError::path), Some("a"));
        assert!(err.map(|e| e.to_string()).unwrap_or_default().contains("unknown variant `owner`"));
        // A data-carrying variant named by a bare string: the path names the variant.
        let err = decode::<HashMap<String, Role>>(&form("a=guest")).err();
        assert_eq!(err.as_ref().map(DecodeError::path), Some("a.guest"));
    }

    #[test]
    fn json_value_target_keeps_the_tree() {
        let v: serde_json::Value = ok(&form("user[name]=Ann&tags[]=a&tags[]=b&n=3"));
        assert_eq!(v, json!({"user": {"name": "Ann"}, "tags": ["a", "b"], "n": "3"}));
    }

    #[test]
    fn click_value_decodes_into_a_struct() {
        #[derive(Debug, Deserialize)]
        struct Click {
            id: usize,
        }
        let click: Click = ok(&from_json(&json!({"value": "", "id": "3"})));
        assert_eq!(click.id, 3);
        // Numbers sent as JSON numbers (JS.push values) work too.
        let click: Click = ok(&from_json(&json!({"id": 4})));
        assert_eq!(click.id, 4);
    }

    #[test]
    fn unknown_fields_are_ignored_unless_denied() {
        #[derive(Debug, Deserialize)]
        struct Loose {
            #[allow(dead_code)]
            a: String,
        }
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Strict {
            #[allow(dead_code)]
            a: String,
        }
        let tree = form("a=1&b=2");
        assert!(decode::<Loose>(&tree).is_ok());
        let err = decode::<Strict>(&tree).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("unknown field `b`"), "{err}");
    }

    #[test]
    fn map_keys_coerce_and_newtypes_unwrap() {
        let scores: BTreeMap<u32, u8> =
            ok(&form("scores[2]=20&scores[1]=10").get("scores").cloned().unwrap_or(Param::List(vec![])));
        assert_eq!(scores.into_iter().collect::<Vec<_>>(), [(1, 10), (2, 20)]);
        #[derive(Debug, Deserialize, PartialEq)]
        struct Id(u64);
        #[derive(Debug, Deserialize)]
        struct Row {
            id: Id,
            unit: (),
        }
        let row: Row = ok(&form("id=42&unit="));
        assert_eq!((row.id, row.unit), (Id(42), ()));
    }

    #[test]
    fn form_errors_convert_and_display_transparently() {
        let form_err = FormError::TooManyFields { limit: 3 };
        let err = DecodeError::from(form_err.clone());
        assert_eq!(err.path(), "");
        assert_eq!(err.to_string(), "form has more than 3 fields");
        assert_eq!(err, DecodeError::Form(form_err));
    }

    #[test]
    fn hook_json_decodes_strictly_with_paths() {
        #[derive(Debug, Deserialize)]
        struct Point {
            x: i32,
        }
        #[derive(Debug, Deserialize)]
        struct Moved {
            point: Point,
        }
        let moved: Result<Moved, _> = decode_json(&json!({"point": {"x": 1}}));
        assert_eq!(moved.map(|m| m.point.x).ok(), Some(1));
        let err = decode_json::<Moved>(&json!({"point": {"x": "1"}})).err();
        assert_eq!(err.as_ref().map(DecodeError::path), Some("point.x"));
        assert_eq!(err.map(|e| e.to_string()).as_deref(), Some("point.x: invalid type: string \"1\", expected i32"));
        let err = decode_json::<Moved>(&json!(null)).err();
        assert_eq!(err.as_ref().map(DecodeError::path), Some(""));
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Everything {
        a: Option<u32>,
        b: Vec<String>,
        c: Option<HashMap<String, Vec<i64>>>,
        d: Option<bool>,
        e: Option<(u8, String)>,
        f: Option<serde_json::Value>,
    }

    proptest! {
        #[test]
        fn decoding_any_parsed_form_never_panics(input in "[a-f%=&+\\[\\]0-9]{0,120}") {
            if let Ok(tree) = parse_urlencoded(&input) {
                let _ = decode::<Everything>(&tree);
                let _ = decode::<serde_json::Value>(&tree);
                let _ = decode::<HashMap<String, Vec<u8>>>(&tree);
            }
        }
    }
}
