//! Path patterns (`/items/:id`), URLs and route parameters.

use crate::form::{self, Param};

/// A route pattern that cannot be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("route {pattern:?} {why}")]
pub struct PatternError {
    pattern: String,
    why: &'static str,
}

/// A parsed path pattern: literal segments and `:name` captures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    source: String,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Capture(String),
}

impl Pattern {
    /// Parses `"/items/:id"`.
    ///
    /// # Panics
    /// On a pattern that [`Pattern::parse`] refuses (a programming error in route setup).
    pub fn new(source: &str) -> Self {
        match Self::parse(source) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        }
    }

    /// Parses `"/items/:id"`.
    ///
    /// # Errors
    /// When the pattern does not start with `/` or has a `:` without a parameter name.
    pub fn parse(source: &str) -> Result<Self, PatternError> {
        if !source.starts_with('/') {
            return Err(PatternError { pattern: source.to_owned(), why: "must start with '/'" });
        }
        let segments = split(source)
            .map(|s| match s.strip_prefix(':') {
                Some("") => Err(PatternError { pattern: source.to_owned(), why: "has a ':' without a parameter name" }),
                Some(name) => Ok(Segment::Capture(name.to_owned())),
                None => Ok(Segment::Literal(s.to_owned())),
            })
            .collect::<Result<_, _>>()?;
        Ok(Pattern { source: source.to_owned(), segments })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Matches a path (no query), returning the captures, percent-decoded.
    pub fn matches(&self, path: &str) -> Option<Vec<(String, String)>> {
        let mut caps = Vec::new();
        let mut parts = split(path);
        for seg in &self.segments {
            let part = parts.next()?;
            match seg {
                Segment::Literal(l) if l == part => {}
                Segment::Literal(_) => return None,
                Segment::Capture(name) => {
                    let value = percent_decode(part)?;
                    caps.push((name.clone(), value));
                }
            }
        }
        if parts.next().is_some() {
            return None;
        }
        Some(caps)
    }
}

fn split(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes: Vec<u8> = form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned().into_bytes())?;
    String::from_utf8(bytes).ok()
}

/// The part of a URL a LiveView cares about: path and query, without scheme and host.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Url {
    path: String,
    query: String,
}

impl Url {
    /// Parses an absolute URL (`http://host/path?q`) or a path (`/path?q`). The fragment is
    /// dropped. Returns `None` for anything else.
    pub fn parse(input: &str) -> Option<Url> {
        let rest = if let Some(i) = input.find("://") {
            let after = &input[i + 3..];
            match after.find('/') {
                Some(j) => &after[j..],
                None => "/",
            }
        } else if input.starts_with('/') && !input.starts_with("//") {
            input
        } else {
            return None;
        };
        let rest = rest.split('#').next().unwrap_or(rest);
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        Some(Url { path: path.to_owned(), query: query.to_owned() })
    }

    /// The path, e.g. `/items/3`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The raw query string without `?` (may be empty).
    pub fn query(&self) -> &str {
        &self.query
    }

    /// Path plus `?query` when there is one.
    pub fn path_and_query(&self) -> String {
        if self.query.is_empty() { self.path.clone() } else { format!("{}?{}", self.path, self.query) }
    }
}

impl std::fmt::Display for Url {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.path)?;
        if !self.query.is_empty() {
            write!(f, "?{}", self.query)?;
        }
        Ok(())
    }
}

/// Route parameters: path captures plus the query string's parameters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params {
    path: Vec<(String, String)>,
    query: Vec<(String, String)>,
}

impl Params {
    /// Builds parameters from path captures and a URL's query.
    pub fn new(path: Vec<(String, String)>, url: &Url) -> Self {
        let query = form_urlencoded::parse(url.query().as_bytes()).into_owned().collect();
        Params { path, query }
    }

    /// A parameter by name: path captures first, then the query (last value wins).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.path
            .iter()
            .find(|(k, _)| k == name)
            .or_else(|| self.query.iter().rev().find(|(k, _)| k == name))
            .map(|(_, v)| v.as_str())
    }

    /// The path captures.
    pub fn path(&self) -> &[(String, String)] {
        &self.path
    }

    /// The query parameters, in order.
    pub fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// Whether there are no parameters at all.
    pub fn is_empty(&self) -> bool {
        self.path.is_empty() && self.query.is_empty()
    }

    /// Decodes all parameters into `T` (strings coerce to numbers and booleans as needed).
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, form::DecodeError> {
        let mut map = serde_json::Map::new();
        for (k, v) in self.query.iter().chain(&self.path) {
            map.insert(k.clone(), serde_json::Value::String(v.clone()));
        }
        let tree: Param = form::from_json(&serde_json::Value::Object(map));
        form::decode(&tree)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_literals_and_captures() {
        let p = Pattern::new("/items/:id");
        assert_eq!(p.matches("/items/42"), Some(vec![("id".into(), "42".into())]));
        assert_eq!(p.matches("/items/a%20b/"), Some(vec![("id".into(), "a b".into())]));
        assert_eq!(p.matches("/items"), None);
        assert_eq!(p.matches("/items/1/2"), None);
        assert_eq!(p.matches("/other/1"), None);
        assert_eq!(Pattern::new("/").matches("/"), Some(vec![]));
        assert_eq!(Pattern::new("/").matches("/x"), None);
        assert_eq!(Pattern::parse("items").unwrap_err().to_string(), r#"route "items" must start with '/'"#);
        assert!(Pattern::parse("/items/:").unwrap_err().to_string().contains("without a parameter name"));
    }

    #[test]
    fn urls_parse_absolute_and_relative_forms() {
        let u = Url::parse("http://127.0.0.1:4000/push?bar=baz#frag").unwrap();
        assert_eq!((u.path(), u.query()), ("/push", "bar=baz"));
        assert_eq!(Url::parse("https://h").unwrap().path(), "/");
        assert_eq!(Url::parse("/a?b=1").unwrap().path_and_query(), "/a?b=1");
        assert!(Url::parse("javascript:alert(1)").is_none());
        assert!(Url::parse("//evil.example/x").is_none());
    }

    #[test]
    fn params_prefer_path_then_last_query_value() {
        let url = Url::parse("/x?id=9&q=a&q=b").unwrap();
        let p = Params::new(vec![("id".into(), "1".into())], &url);
        assert_eq!(p.get("id"), Some("1"));
        assert_eq!(p.get("q"), Some("b"));
        assert_eq!(p.get("none"), None);
    }
}
