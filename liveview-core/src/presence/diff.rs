//! What a view sees of presence: [`PresenceDiff`]s (joins and leaves) and the [`Presences`] it
//! keeps by applying them; and the type-erased [`RawDiff`] the tracker hands the transport.

use crate::info::Info;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One tracked entry under a key: what a view passed to `socket.track`, and the id that tells
/// it apart from the key's other entries (two tabs of one user are one key with two metas).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresenceMeta<M> {
    /// Unique per `track` call across all nodes (Phoenix's `phx_ref`); a re-`track` of the same
    /// topic and key by the same view gets a new id.
    pub id: String,
    /// The metadata.
    pub meta: M,
}

/// Who joined and who left `topic`, by key: the message a view subscribed with
/// `socket.subscribe_presence::<M>(topic)` receives in its `#[info]` handler for
/// `PresenceDiff<M>`.
///
/// The first diff after subscribing lists everyone present then, as joins, with `reset` set;
/// each later diff is one change. Apply them in order to a [`Presences`] to know who is
/// present. A view too far behind to receive a change (its mailbox full) is sent the whole
/// list again, with `reset` set, as soon as there is room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresenceDiff<M> {
    /// The topic (a view may subscribe to several).
    pub topic: String,
    /// Whether `joins` is everyone present, replacing what was known (no leaves then):
    /// [`Presences::apply`] starts over from it.
    pub reset: bool,
    /// Metas that joined, by key.
    pub joins: BTreeMap<String, Vec<PresenceMeta<M>>>,
    /// Metas that left, by key.
    pub leaves: BTreeMap<String, Vec<PresenceMeta<M>>>,
}

impl<M> PresenceDiff<M> {
    /// Whether nothing joined or left.
    pub fn is_empty(&self) -> bool {
        self.joins.is_empty() && self.leaves.is_empty()
    }
}

/// Who is present on a topic: metas by key, in key order. A view keeps one and
/// [`apply`](Presences::apply)s each [`PresenceDiff`] it receives (Phoenix's `sync_diff`).
///
/// ```
/// use liveview_core::presence::{PresenceDiff, PresenceMeta, Presences};
/// use std::collections::BTreeMap;
///
/// let meta = |id: &str| vec![PresenceMeta { id: id.to_owned(), meta: () }];
/// let mut online = Presences::new();
/// let joins = BTreeMap::from([("ann".to_owned(), meta("n1.1")), ("bob".to_owned(), meta("n2.1"))]);
/// online.apply(PresenceDiff { topic: "room".into(), reset: false, joins, leaves: BTreeMap::new() });
/// // Ann opens a second tab: one key, two metas.
/// let joins = BTreeMap::from([("ann".to_owned(), meta("n2.2"))]);
/// online.apply(PresenceDiff { topic: "room".into(), reset: false, joins, leaves: BTreeMap::new() });
/// assert_eq!(online.keys().collect::<Vec<_>>(), ["ann", "bob"]);
/// assert_eq!(online.get("ann").map(<[_]>::len), Some(2));
/// // Bob leaves: his key goes with his last meta.
/// let leaves = BTreeMap::from([("bob".to_owned(), meta("n2.1"))]);
/// online.apply(PresenceDiff { topic: "room".into(), reset: false, joins: BTreeMap::new(), leaves });
/// assert_eq!(online.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presences<M> {
    by_key: BTreeMap<String, Vec<PresenceMeta<M>>>,
}

impl<M> Default for Presences<M> {
    fn default() -> Self {
        Presences { by_key: BTreeMap::new() }
    }
}

impl<M> Presences<M> {
    /// Nobody.
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies `diff`: left metas are removed by id (a key without metas is removed), then
    /// joined metas are added to their key (a meta already there is kept once), so a meta
    /// that leaves and joins in one diff is replaced. A diff with
    /// `reset` replaces the whole contents with its joins.
    pub fn apply(&mut self, diff: PresenceDiff<M>) {
        if diff.reset {
            self.by_key.clear();
        }
        // Leaves first: a diff that replaces an entry's meta under the same id (a node's whole
        // state arriving) has it both leave and join.
        for (key, metas) in diff.leaves {
            if let Some(mine) = self.by_key.get_mut(&key) {
                mine.retain(|x| !metas.iter().any(|m| m.id == x.id));
                if mine.is_empty() {
                    self.by_key.remove(&key);
                }
            }
        }
        for (key, metas) in diff.joins {
            let mine = self.by_key.entry(key).or_default();
            for m in metas {
                if !mine.iter().any(|x| x.id == m.id) {
                    mine.push(m);
                }
            }
        }
    }

    /// The number of keys present.
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    /// Whether nobody is present.
    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// The metas of `key`, if it is present.
    pub fn get(&self, key: &str) -> Option<&[PresenceMeta<M>]> {
        self.by_key.get(key).map(Vec::as_slice)
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.by_key.contains_key(key)
    }

    /// The keys present, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.by_key.keys().map(String::as_str)
    }

    /// Keys and their metas, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[PresenceMeta<M>])> {
        self.into_iter()
    }
}

/// A key and its metas, as [`Presences`] iterates them.
type KeyMetas<'a, M> = (&'a str, &'a [PresenceMeta<M>]);

impl<'a, M> IntoIterator for &'a Presences<M> {
    type Item = KeyMetas<'a, M>;
    type IntoIter = std::iter::Map<std::collections::btree_map::Iter<'a, String, Vec<PresenceMeta<M>>>, Borrow<'a, M>>;

    fn into_iter(self) -> Self::IntoIter {
        self.by_key.iter().map(borrow as Borrow<'a, M>)
    }
}

/// Borrows a map entry as `(&str, &[meta])`.
type Borrow<'a, M> = fn((&'a String, &'a Vec<PresenceMeta<M>>)) -> KeyMetas<'a, M>;

fn borrow<'a, M>((k, v): (&'a String, &'a Vec<PresenceMeta<M>>)) -> KeyMetas<'a, M> {
    (k.as_str(), v.as_slice())
}

/// One entry of a [`RawDiff`]: its key, id and metadata as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct RawEntry {
    /// The key it is tracked under.
    pub key: String,
    /// Its id ([`PresenceMeta::id`]).
    pub id: String,
    /// Its metadata.
    pub meta: Arc<Value>,
}

/// A change on one topic with metadata left as JSON: what the tracker computes, before each
/// subscriber decodes it into its own [`PresenceDiff`] type.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawDiff {
    /// The topic.
    pub topic: String,
    /// Whether `joins` is everyone present, to replace what a subscriber knew
    /// ([`PresenceDiff::reset`]).
    pub reset: bool,
    /// Entries that joined.
    pub joins: Vec<RawEntry>,
    /// Entries that left.
    pub leaves: Vec<RawEntry>,
}

impl RawDiff {
    /// Whether nothing joined or left.
    pub fn is_empty(&self) -> bool {
        self.joins.is_empty() && self.leaves.is_empty()
    }
}

/// Turns a [`RawDiff`] into a view's [`Info`] (a [`PresenceDiff`] of the subscribed type).
pub type PresenceDecoder = Arc<dyn Fn(&RawDiff) -> Option<Info> + Send + Sync>;

/// The decoder for metas of type `M`: metas that do not decode as `M` are logged and left
/// out (the rest of the diff is delivered).
pub fn presence_decoder<M: DeserializeOwned + Send + 'static>() -> PresenceDecoder {
    Arc::new(|raw: &RawDiff| Some(Info::new(decode::<M>(raw))))
}

/// `raw` with its metas decoded as `M`.
pub fn decode<M: DeserializeOwned>(raw: &RawDiff) -> PresenceDiff<M> {
    let group = |entries: &[RawEntry]| {
        let mut out: BTreeMap<String, Vec<PresenceMeta<M>>> = BTreeMap::new();
        for e in entries {
            match M::deserialize(&*e.meta) {
                Ok(meta) => out.entry(e.key.clone()).or_default().push(PresenceMeta { id: e.id.clone(), meta }),
                Err(err) => tracing::warn!(
                    topic = %raw.topic,
                    key = %e.key,
                    expected = std::any::type_name::<M>(),
                    error = %err,
                    "presence meta does not decode into the subscribed type; left out"
                ),
            }
        }
        out
    };
    PresenceDiff { topic: raw.topic.clone(), reset: raw.reset, joins: group(&raw.joins), leaves: group(&raw.leaves) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(key: &str, id: &str, meta: Value) -> RawEntry {
        RawEntry { key: key.into(), id: id.into(), meta: Arc::new(meta) }
    }

    #[test]
    fn a_meta_that_does_not_decode_is_left_out_and_the_rest_is_delivered() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Meta {
            tab: u32,
        }
        let raw = RawDiff {
            topic: "room".into(),
            reset: false,
            joins: vec![entry("ann", "a.1", json!({"tab": 1})), entry("bob", "b.1", json!("nonsense"))],
            leaves: vec![entry("cy", "c.1", json!({"tab": 2}))],
        };
        let diff = decode::<Meta>(&raw);
        assert_eq!(diff.joins.len(), 1);
        assert_eq!(diff.joins["ann"], vec![PresenceMeta { id: "a.1".into(), meta: Meta { tab: 1 } }]);
        assert_eq!(diff.leaves["cy"][0].meta, Meta { tab: 2 });
        let info = presence_decoder::<Meta>()(&raw).expect("an info");
        assert!(info.is::<PresenceDiff<Meta>>());
    }

    #[test]
    fn applying_a_join_twice_keeps_one_meta_and_an_unknown_leave_changes_nothing() {
        let mut p: Presences<u8> = Presences::new();
        let one = |id: &str| BTreeMap::from([("k".to_owned(), vec![PresenceMeta { id: id.into(), meta: 0 }])]);
        p.apply(PresenceDiff { topic: "t".into(), reset: false, joins: one("x"), leaves: BTreeMap::new() });
        p.apply(PresenceDiff { topic: "t".into(), reset: false, joins: one("x"), leaves: BTreeMap::new() });
        assert_eq!(p.get("k").map(<[_]>::len), Some(1));
        p.apply(PresenceDiff { topic: "t".into(), reset: false, joins: BTreeMap::new(), leaves: one("y") });
        assert_eq!(p.get("k").map(<[_]>::len), Some(1));
        p.apply(PresenceDiff { topic: "t".into(), reset: false, joins: BTreeMap::new(), leaves: one("x") });
        assert!(p.is_empty() && !p.contains_key("k"));
    }

    #[test]
    fn a_leave_and_a_join_of_one_id_in_one_diff_replace_its_meta() {
        let mut p: Presences<u8> = Presences::new();
        let one = |meta: u8| BTreeMap::from([("k".to_owned(), vec![PresenceMeta { id: "x".into(), meta }])]);
        p.apply(PresenceDiff { topic: "t".into(), reset: false, joins: one(1), leaves: BTreeMap::new() });
        p.apply(PresenceDiff { topic: "t".into(), reset: false, joins: one(2), leaves: one(1) });
        assert_eq!(p.get("k"), Some(&[PresenceMeta { id: "x".into(), meta: 2 }][..]));
    }

    #[test]
    fn a_reset_diff_replaces_what_was_known_instead_of_merging() {
        let mut p: Presences<u8> = Presences::new();
        let one = |k: &str| BTreeMap::from([(k.to_owned(), vec![PresenceMeta { id: format!("{k}.1"), meta: 0 }])]);
        p.apply(PresenceDiff { topic: "t".into(), reset: true, joins: one("ann"), leaves: BTreeMap::new() });
        // Ann's leave was never delivered; the whole list, sent again, no longer has her.
        p.apply(PresenceDiff { topic: "t".into(), reset: true, joins: one("bob"), leaves: BTreeMap::new() });
        assert_eq!(p.keys().collect::<Vec<_>>(), ["bob"]);
    }
}
