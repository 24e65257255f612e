//! [`Replica`]: one node's picture of who is present where, free of I/O and clocks.

use super::diff::{RawDiff, RawEntry};
use super::wire::{Msg, WireEntry};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The shortest heartbeat interval used, whatever is configured.
const MIN_HEARTBEAT: Duration = Duration::from_millis(10);
/// The longest heartbeat interval used, whatever is configured (a day: far enough to mean
/// "never", near enough for timers).
const MAX_HEARTBEAT: Duration = Duration::from_secs(24 * 60 * 60);

/// Presence timing: how often each node says it is alive, and how long after the last time it
/// did its entries expire. Start from [`PresenceConfig::default`].
///
/// ```
/// use liveview_core::presence::PresenceConfig;
/// use std::time::Duration;
///
/// let mut config = PresenceConfig::default();
/// assert_eq!((config.heartbeat, config.ttl), (Duration::from_secs(2), Duration::from_secs(10)));
/// config.ttl = Duration::from_secs(30); // tolerate longer Redis outages before entries expire
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PresenceConfig {
    /// How often a node broadcasts its heartbeat and checks others' (default 2 s; 10 ms at
    /// least, a day at most).
    pub heartbeat: Duration,
    /// A node not heard from for this long is considered dead and its entries leave, between
    /// `ttl` and `ttl + heartbeat` after its last message (default 10 s; at least two
    /// heartbeats, so one lost heartbeat expires nobody). A pubsub outage shorter than `ttl`
    /// minus a heartbeat minus the pubsub's reconnect backoff expires nobody.
    pub ttl: Duration,
}

impl Default for PresenceConfig {
    fn default() -> Self {
        PresenceConfig { heartbeat: Duration::from_secs(2), ttl: Duration::from_secs(10) }
    }
}

impl PresenceConfig {
    /// The heartbeat interval in use.
    pub fn effective_heartbeat(&self) -> Duration {
        self.heartbeat.clamp(MIN_HEARTBEAT, MAX_HEARTBEAT)
    }

    /// The TTL in use.
    pub fn effective_ttl(&self) -> Duration {
        self.ttl.max(self.effective_heartbeat().saturating_mul(2))
    }
}

/// What an input produced: diffs for this node's subscribers (one per topic that changed) and
/// messages to broadcast, in order.
#[derive(Debug, Default)]
pub struct Output {
    /// Changes, one per topic.
    pub diffs: Vec<RawDiff>,
    /// Messages for the other nodes.
    pub send: Vec<Msg>,
}

/// An entry: where and under which key it is tracked, and its metadata.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    topic: String,
    key: String,
    meta: Arc<Value>,
}

impl Entry {
    fn from_wire(w: WireEntry) -> (u64, Entry) {
        (w.n, Entry { topic: w.topic, key: w.key, meta: Arc::new(w.meta) })
    }

    fn to_wire(&self, n: u64) -> WireEntry {
        WireEntry { n, topic: self.topic.clone(), key: self.key.clone(), meta: (*self.meta).clone() }
    }
}

/// What this node knows of another one.
#[derive(Debug)]
struct Remote {
    /// The last change of its entries applied here.
    seq: u64,
    /// Whether `entries` are its entries at `seq` (false until its state arrives, and after a
    /// gap).
    synced: bool,
    /// Since when it has not been synced: its entries leave after the TTL without its state.
    unsynced_since: Option<Instant>,
    last_seen: Instant,
    /// When its state was last asked for, to ask at most once per heartbeat.
    asked: Option<Instant>,
    /// When it was last sent this node's state on its request, and at which of this node's
    /// changes: it is answered again only after a heartbeat or a change.
    answered: Option<(Instant, u64)>,
    entries: HashMap<u64, Entry>,
}

/// Every entry of a topic, by key then id.
type TopicIndex = BTreeMap<(String, String), Arc<Value>>;

/// One node's picture of presence on every topic.
///
/// It holds this node's own entries and a copy of every other node's, fed by the [`Msg`]s those
/// nodes broadcast. Every input returns an [`Output`]: the diffs for this node's subscribers and
/// the messages to broadcast. Time is an argument, so tests drive it.
///
/// Consistency rests on what the pubsub guarantees (per publisher, messages arrive in order) and
/// on `seq`, each node's count of changes: a receiver applies a node's [`Msg::Delta`] only if it
/// follows the last change it knows of. A gap (a message dropped during a Redis outage) or an
/// unknown node (it started, or this one did) makes it ask that node for its whole state
/// ([`Msg::Sync`]), which replaces what it had. A delta or state older than what was applied
/// (a message delivered twice) is ignored. A node not heard from for the TTL is considered
/// dead: its entries leave.
#[derive(Debug)]
pub struct Replica {
    me: String,
    config: PresenceConfig,
    /// Changes made to this node's entries.
    seq: u64,
    next_n: u64,
    local: HashMap<u64, Entry>,
    remote: HashMap<String, Remote>,
    topics: HashMap<String, TopicIndex>,
    /// A message of ours was dropped before it reached the pubsub: the next heartbeat carries
    /// the whole state instead.
    lost: bool,
}

/// Changes being gathered into one diff per topic.
#[derive(Default)]
struct Changes(BTreeMap<String, RawDiff>);

impl Changes {
    fn diff(&mut self, topic: &str) -> &mut RawDiff {
        self.0.entry(topic.to_owned()).or_insert_with(|| RawDiff { topic: topic.to_owned(), ..RawDiff::default() })
    }

    fn join(&mut self, e: &Entry, id: String) {
        self.diff(&e.topic).joins.push(RawEntry { key: e.key.clone(), id, meta: e.meta.clone() });
    }

    fn leave(&mut self, e: &Entry, id: String) {
        self.diff(&e.topic).leaves.push(RawEntry { key: e.key.clone(), id, meta: e.meta.clone() });
    }

    fn into_diffs(self) -> Vec<RawDiff> {
        self.0.into_values().filter(|d| !d.is_empty()).collect()
    }
}

fn id_of(node: &str, n: u64) -> String {
    format!("{node}.{n}")
}

fn index_insert(topics: &mut HashMap<String, TopicIndex>, e: &Entry, id: String) {
    topics.entry(e.topic.clone()).or_default().insert((e.key.clone(), id), e.meta.clone());
}

fn index_remove(topics: &mut HashMap<String, TopicIndex>, e: &Entry, id: String) {
    if let Some(t) = topics.get_mut(&e.topic) {
        t.remove(&(e.key.clone(), id));
        if t.is_empty() {
            topics.remove(&e.topic);
        }
    }
}

impl Replica {
    /// The replica of node `node` (a name no other node uses, e.g. random).
    pub fn new(node: impl Into<String>, config: PresenceConfig) -> Self {
        Replica {
            me: node.into(),
            config,
            seq: 0,
            next_n: 1,
            local: HashMap::new(),
            remote: HashMap::new(),
            topics: HashMap::new(),
            lost: false,
        }
    }

    /// This node's name.
    pub fn node(&self) -> &str {
        &self.me
    }

    /// The timing.
    pub fn config(&self) -> &PresenceConfig {
        &self.config
    }

    /// The message a node broadcasts when it starts: every node answers with its state.
    pub fn hello(&self) -> Msg {
        Msg::Sync { node: self.me.clone(), to: None }
    }

    /// The id of this node's entry number `n`.
    pub fn id(&self, n: u64) -> String {
        id_of(&self.me, n)
    }

    /// Tracks a new entry of this node; returns its number.
    pub fn track(&mut self, topic: &str, key: &str, meta: Value) -> (u64, Output) {
        let n = self.next_n;
        self.next_n = self.next_n.wrapping_add(1);
        let e = Entry { topic: topic.to_owned(), key: key.to_owned(), meta: Arc::new(meta) };
        let mut changes = Changes::default();
        changes.join(&e, self.id(n));
        index_insert(&mut self.topics, &e, id_of(&self.me, n));
        let joins = vec![e.to_wire(n)];
        self.local.insert(n, e);
        (n, self.changed(changes, joins, Vec::new()))
    }

    /// Replaces the metadata of entry `n` of this node, in one change: the entry leaves and
    /// comes back under a new number (returned), as Phoenix's `update` gives a new `phx_ref`.
    /// `None` if there is no such entry.
    pub fn update(&mut self, n: u64, meta: Value) -> Option<(u64, Output)> {
        let old = self.local.remove(&n)?;
        let mut changes = Changes::default();
        changes.leave(&old, self.id(n));
        index_remove(&mut self.topics, &old, id_of(&self.me, n));
        let fresh = self.next_n;
        self.next_n = self.next_n.wrapping_add(1);
        let e = Entry { topic: old.topic, key: old.key, meta: Arc::new(meta) };
        changes.join(&e, self.id(fresh));
        index_insert(&mut self.topics, &e, id_of(&self.me, fresh));
        let joins = vec![e.to_wire(fresh)];
        self.local.insert(fresh, e);
        Some((fresh, self.changed(changes, joins, vec![n])))
    }

    /// Removes entry `n` of this node (nothing happens if there is none).
    pub fn untrack(&mut self, n: u64) -> Output {
        let Some(e) = self.local.remove(&n) else { return Output::default() };
        let mut changes = Changes::default();
        changes.leave(&e, self.id(n));
        index_remove(&mut self.topics, &e, id_of(&self.me, n));
        self.changed(changes, Vec::new(), vec![n])
    }

    /// Counts a change of this node's entries and announces it.
    fn changed(&mut self, changes: Changes, joins: Vec<WireEntry>, leaves: Vec<u64>) -> Output {
        self.seq = self.seq.wrapping_add(1);
        let delta = Msg::Delta { node: self.me.clone(), seq: self.seq, joins, leaves };
        Output { diffs: changes.into_diffs(), send: vec![delta] }
    }

    /// Everyone present on `topic`, on every node, as joins, with `reset` set (it replaces
    /// what a subscriber knew).
    pub fn list(&self, topic: &str) -> RawDiff {
        let joins = self
            .topics
            .get(topic)
            .into_iter()
            .flatten()
            .map(|((key, id), meta)| RawEntry { key: key.clone(), id: id.clone(), meta: meta.clone() })
            .collect();
        RawDiff { topic: topic.to_owned(), reset: true, joins, leaves: Vec::new() }
    }

    /// The number of entries on `topic`, on every node.
    pub fn count(&self, topic: &str) -> usize {
        self.topics.get(topic).map_or(0, BTreeMap::len)
    }

    /// The nodes this one has heard from and not yet expired (itself excluded).
    pub fn peers(&self) -> impl Iterator<Item = &str> {
        self.remote.keys().map(String::as_str)
    }

    /// Notes that a message of this node never reached the pubsub: the next heartbeat sends
    /// the whole state, so the other nodes catch up.
    pub fn message_lost(&mut self) {
        self.lost = true;
    }

    /// This node's whole state.
    fn state(&self) -> Msg {
        let entries = self.local.iter().map(|(n, e)| e.to_wire(*n)).collect();
        Msg::State { node: self.me.clone(), seq: self.seq, entries }
    }

    /// Handles a message from another node, received at `now`. This node's own messages
    /// (a Redis pubsub delivers them back) are ignored.
    pub fn receive(&mut self, msg: Msg, now: Instant) -> Output {
        let mut out = Output::default();
        if msg.node() == self.me {
            return out;
        }
        let heartbeat = self.config.effective_heartbeat();
        let me = self.me.clone();
        let mut changes = Changes::default();
        match msg {
            Msg::Sync { node, to } => {
                let answer = to.as_deref().is_none_or(|t| t == me);
                let r = touch(&mut self.remote, &node, now);
                if to.is_none() {
                    // A hello: it (re)started, whatever we knew of it is from before. Its
                    // state replaces that, whatever its number.
                    r.unsync(now);
                    r.asked = None;
                }
                if !r.synced {
                    ask(r, &me, &node, now, heartbeat, &mut out);
                }
                // Once per heartbeat per requester unless this node changed since (a requester
                // that lost a change asks after it): a flood of syncs is not a flood of states.
                let seq = self.seq;
                let again = |(t, s): (Instant, u64)| s != seq || now.saturating_duration_since(t) >= heartbeat;
                if answer && r.answered.is_none_or(again) {
                    r.answered = Some((now, seq));
                    out.send.push(self.state());
                }
            }
            Msg::Heartbeat { node, seq } => {
                let r = touch(&mut self.remote, &node, now);
                if r.seq != seq {
                    // A change is missing, or it counts from less than we applied: it
                    // restarted (its hello was lost); its state is taken whatever its number.
                    r.unsync(now);
                }
                if !r.synced {
                    ask(r, &me, &node, now, heartbeat, &mut out);
                }
            }
            Msg::Delta { node, seq, .. } if self.remote.get(&node).is_some_and(|r| r.synced && seq <= r.seq) => {
                // Applied already (a batch Redis delivered twice): nothing to do.
                touch(&mut self.remote, &node, now);
            }
            Msg::State { node, seq, .. } if self.remote.get(&node).is_some_and(|r| r.synced && seq < r.seq) => {
                // Older than what we applied (a duplicate, or an answer overtaken by changes).
                touch(&mut self.remote, &node, now);
            }
            Msg::Delta { node, seq, joins, leaves } => {
                let r = touch(&mut self.remote, &node, now);
                if r.synced && r.seq.wrapping_add(1) == seq {
                    r.seq = seq;
                    for n in leaves {
                        if let Some(e) = r.entries.remove(&n) {
                            changes.leave(&e, id_of(&node, n));
                            index_remove(&mut self.topics, &e, id_of(&node, n));
                        }
                    }
                    for w in joins {
                        let (n, e) = Entry::from_wire(w);
                        if let Some(old) = r.entries.remove(&n) {
                            changes.leave(&old, id_of(&node, n));
                            index_remove(&mut self.topics, &old, id_of(&node, n));
                        }
                        changes.join(&e, id_of(&node, n));
                        index_insert(&mut self.topics, &e, id_of(&node, n));
                        r.entries.insert(n, e);
                    }
                } else {
                    // A change is missing: keep what we have until its state arrives (or the
                    // TTL passes without it).
                    r.unsync(now);
                    ask(r, &me, &node, now, heartbeat, &mut out);
                }
            }
            Msg::State { node, seq, entries } => {
                let r = touch(&mut self.remote, &node, now);
                let fresh: HashMap<u64, Entry> = entries.into_iter().map(Entry::from_wire).collect();
                let old = std::mem::take(&mut r.entries);
                for (n, e) in &old {
                    if fresh.get(n) != Some(e) {
                        changes.leave(e, id_of(&node, *n));
                        index_remove(&mut self.topics, e, id_of(&node, *n));
                    }
                }
                for (n, e) in &fresh {
                    if old.get(n) != Some(e) {
                        changes.join(e, id_of(&node, *n));
                        index_insert(&mut self.topics, e, id_of(&node, *n));
                    }
                }
                r.entries = fresh;
                r.seq = seq;
                r.synced = true;
                r.unsynced_since = None;
                r.asked = None;
            }
        }
        out.diffs = changes.into_diffs();
        out
    }
}

impl Remote {
    /// Marks it out of sync from `now` (if it was in sync).
    fn unsync(&mut self, now: Instant) {
        if self.synced {
            self.synced = false;
            self.unsynced_since = Some(now);
        }
    }
}

/// The record of `node`, created if new, marked as heard from at `now`.
fn touch<'a>(remote: &'a mut HashMap<String, Remote>, node: &str, now: Instant) -> &'a mut Remote {
    let r = remote.entry(node.to_owned()).or_insert_with(|| Remote {
        seq: 0,
        synced: false,
        unsynced_since: Some(now),
        last_seen: now,
        asked: None,
        answered: None,
        entries: HashMap::new(),
    });
    r.last_seen = r.last_seen.max(now);
    r
}

impl Replica {
    /// Runs every heartbeat interval: announces this node (its whole state if a message of
    /// its was lost) and expires the entries of nodes not heard from for the TTL, and of nodes
    /// out of sync for the TTL whose state never came (they come back with it).
    pub fn tick(&mut self, now: Instant) -> Output {
        let mut out = Output::default();
        if std::mem::take(&mut self.lost) {
            out.send.push(self.state());
        } else {
            out.send.push(Msg::Heartbeat { node: self.me.clone(), seq: self.seq });
        }
        let ttl = self.config.effective_ttl();
        let dead: Vec<String> = self
            .remote
            .iter()
            .filter(|(_, r)| now.saturating_duration_since(r.last_seen) >= ttl)
            .map(|(node, _)| node.clone())
            .collect();
        let mut changes = Changes::default();
        for node in dead {
            let Some(r) = self.remote.remove(&node) else { continue };
            if !r.entries.is_empty() {
                tracing::info!(%node, entries = r.entries.len(), ?ttl, "presence: node not heard from within the TTL; its entries leave");
            }
            for (n, e) in &r.entries {
                changes.leave(e, id_of(&node, *n));
                index_remove(&mut self.topics, e, id_of(&node, *n));
            }
        }
        for (node, r) in &mut self.remote {
            let stale = !r.synced && r.unsynced_since.is_some_and(|t| now.saturating_duration_since(t) >= ttl);
            if !stale || r.entries.is_empty() {
                continue;
            }
            tracing::info!(%node, entries = r.entries.len(), ?ttl, "presence: node out of sync for the TTL and its state never came; its entries leave");
            for (n, e) in r.entries.drain() {
                changes.leave(&e, id_of(node, n));
                index_remove(&mut self.topics, &e, id_of(node, n));
            }
        }
        out.diffs = changes.into_diffs();
        out
    }
}

/// Asks `node` for its whole state, at most once per heartbeat interval.
fn ask(r: &mut Remote, me: &str, node: &str, now: Instant, heartbeat: Duration, out: &mut Output) {
    if r.asked.is_none_or(|t| now.saturating_duration_since(t) >= heartbeat) {
        r.asked = Some(now);
        out.send.push(Msg::Sync { node: me.to_owned(), to: Some(node.to_owned()) });
    }
}

#[cfg(test)]
mod tests {
    // The replica's merge and expiry logic, with the network and the clock played by the tests.

    use super::*;
    use crate::presence::diff::{PresenceDiff, Presences, decode};
    use serde_json::json;
    use std::collections::VecDeque;

    const HEARTBEAT: Duration = Duration::from_secs(1);
    const TTL: Duration = Duration::from_secs(5);

    fn config() -> PresenceConfig {
        PresenceConfig { heartbeat: HEARTBEAT, ttl: TTL }
    }

    /// Replicas `a`, `b`, `c`... and a pubsub between them that keeps each sender's order.
    struct Net {
        nodes: Vec<Replica>,
        /// Diffs each node's subscribers received, in order.
        seen: Vec<Vec<RawDiff>>,
        /// Messages broadcast and not yet delivered: (sender, message).
        queue: VecDeque<(usize, Msg)>,
        now: Instant,
    }

    impl Net {
        fn new(n: usize) -> Net {
            let nodes = (0..n).map(|i| Replica::new(((b'a' + i as u8) as char).to_string(), config())).collect();
            Net { nodes, seen: vec![Vec::new(); n], queue: VecDeque::new(), now: Instant::now() }
        }

        /// Takes what node `i` produced: its diffs are seen, its messages queued.
        fn take(&mut self, i: usize, out: Output) {
            self.seen[i].extend(out.diffs);
            self.queue.extend(out.send.into_iter().map(|m| (i, m)));
        }

        /// Delivers queued messages (and the answers they cause) to every node but their sender,
        /// until none is left; `alive` says which nodes receive.
        fn settle(&mut self, alive: &[bool]) {
            while let Some((from, msg)) = self.queue.pop_front() {
                for (to, up) in alive.iter().enumerate() {
                    if to != from && *up {
                        let out = self.nodes[to].receive(msg.clone(), self.now);
                        self.take(to, out);
                    }
                }
            }
        }

        fn all(&self) -> Vec<bool> {
            vec![true; self.nodes.len()]
        }

        fn track(&mut self, i: usize, topic: &str, key: &str, meta: Value) -> u64 {
            let (n, out) = self.nodes[i].track(topic, key, meta);
            self.take(i, out);
            n
        }

        fn untrack(&mut self, i: usize, n: u64) {
            let out = self.nodes[i].untrack(n);
            self.take(i, out);
        }

        /// Advances the clock by `d`; the nodes in `ticking` run their heartbeat.
        fn advance(&mut self, d: Duration, ticking: &[bool]) {
            self.now += d;
            for (i, tick) in ticking.iter().enumerate() {
                if *tick {
                    let out = self.nodes[i].tick(self.now);
                    self.take(i, out);
                }
            }
        }

        /// Who node `i` lists on `topic`: key -> number of metas.
        fn list(&self, i: usize, topic: &str) -> Vec<(String, usize)> {
            let mut p: Presences<Value> = Presences::new();
            p.apply(decode(&self.nodes[i].list(topic)));
            p.iter().map(|(k, m)| (k.to_owned(), m.len())).collect()
        }

        /// Node `i`'s subscribers' view of `topic`, built from the diffs they received only.
        fn seen_by(&self, i: usize, topic: &str) -> Vec<(String, usize)> {
            let mut p: Presences<Value> = Presences::new();
            for d in self.seen[i].iter().filter(|d| d.topic == topic) {
                p.apply(decode(d));
            }
            p.iter().map(|(k, m)| (k.to_owned(), m.len())).collect()
        }
    }

    fn keys(list: &[(&str, usize)]) -> Vec<(String, usize)> {
        list.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect()
    }

    #[test]
    fn a_node_that_starts_late_learns_the_entries_already_there() {
        let mut net = Net::new(2);
        let all = net.all();
        net.track(0, "room", "ann", json!({"tab": 1}));
        net.track(0, "room", "bob", json!({"tab": 1}));
        // Node b was not listening: a's deltas went nowhere.
        net.queue.clear();
        assert!(net.list(1, "room").is_empty());
        let hello = net.nodes[1].hello();
        net.queue.push_back((1, hello));
        net.settle(&all);
        assert_eq!(net.list(1, "room"), keys(&[("ann", 1), ("bob", 1)]));
        assert_eq!(net.seen_by(1, "room"), keys(&[("ann", 1), ("bob", 1)]), "b's subscribers got them as joins");
    }

    #[test]
    fn a_heartbeat_from_an_unknown_node_asks_for_its_state_at_most_once_per_interval() {
        let mut net = Net::new(2);
        let all = net.all();
        net.track(0, "room", "ann", json!(null));
        net.queue.clear();
        let hb = Msg::Heartbeat { node: "a".into(), seq: 1 };
        let first = net.nodes[1].receive(hb.clone(), net.now);
        assert_eq!(first.send, vec![Msg::Sync { node: "b".into(), to: Some("a".into()) }]);
        assert!(net.nodes[1].receive(hb.clone(), net.now).send.is_empty(), "asked already");
        net.now += HEARTBEAT;
        assert_eq!(net.nodes[1].receive(hb, net.now).send.len(), 1, "asks again a heartbeat later");
        net.take(1, first);
        net.settle(&all);
        assert_eq!(net.list(1, "room"), keys(&[("ann", 1)]));
    }

    #[test]
    fn joins_and_leaves_reach_the_other_nodes_as_diffs() {
        let mut net = Net::new(3);
        let all = net.all();
        net.track(0, "room", "ann", json!(1));
        let bob = net.track(1, "room", "bob", json!(2));
        net.settle(&all);
        // The deltas went out before anyone knew anyone: the first heartbeats repair that.
        net.advance(HEARTBEAT, &all);
        net.settle(&all);
        for i in 0..3 {
            assert_eq!(net.list(i, "room"), keys(&[("ann", 1), ("bob", 1)]), "node {i}");
            assert_eq!(net.seen_by(i, "room"), keys(&[("ann", 1), ("bob", 1)]), "node {i}");
        }
        net.untrack(1, bob);
        net.settle(&all);
        for i in 0..3 {
            assert_eq!(net.list(i, "room"), keys(&[("ann", 1)]), "node {i}");
            let last = net.seen[i].last().expect("a diff");
            assert_eq!((last.joins.len(), last.leaves.len()), (0, 1), "node {i}: one leave");
            assert_eq!(last.leaves[0].id, "b.1");
        }
        assert!(net.list(2, "other").is_empty(), "topics are separate");
    }

    #[test]
    fn two_entries_under_one_key_are_one_presence_with_two_metas() {
        let mut net = Net::new(2);
        let all = net.all();
        net.advance(HEARTBEAT, &all);
        net.settle(&all);
        let tab1 = net.track(0, "room", "ann", json!({"tab": 1}));
        net.track(1, "room", "ann", json!({"tab": 2}));
        net.settle(&all);
        assert_eq!(net.list(0, "room"), keys(&[("ann", 2)]));
        assert_eq!(net.list(1, "room"), keys(&[("ann", 2)]));
        net.untrack(0, tab1);
        net.settle(&all);
        assert_eq!(net.seen_by(1, "room"), keys(&[("ann", 1)]), "one tab closed: still present");
        let diff: PresenceDiff<Value> = decode(net.seen[1].last().expect("a diff"));
        assert_eq!(diff.leaves["ann"][0].meta, json!({"tab": 1}));
    }

    #[test]
    fn a_node_silent_for_the_ttl_expires_with_its_entries_and_not_before() {
        let mut net = Net::new(2);
        let all = net.all();
        net.advance(HEARTBEAT, &all);
        net.settle(&all);
        net.track(0, "room", "ann", json!(null));
        net.track(0, "room", "amy", json!(null));
        net.track(1, "room", "bob", json!(null));
        net.settle(&all);
        assert_eq!(net.list(1, "room").len(), 3);
        // Node a dies: it sends nothing more, b keeps ticking.
        let only_b = [false, true];
        let mut waited = Duration::ZERO;
        while waited + HEARTBEAT < TTL {
            net.advance(HEARTBEAT, &only_b);
            net.settle(&only_b);
            waited += HEARTBEAT;
            assert_eq!(net.list(1, "room").len(), 3, "still there {waited:?} after a's last message");
        }
        net.advance(HEARTBEAT, &only_b);
        net.settle(&only_b);
        assert_eq!(net.list(1, "room"), keys(&[("bob", 1)]), "a's entries expired at the TTL");
        assert_eq!(net.seen_by(1, "room"), keys(&[("bob", 1)]));
        let last = net.seen[1].last().expect("a diff");
        assert_eq!(last.leaves.len(), 2, "both of a's entries leave in one diff");
        assert_eq!(net.nodes[1].peers().count(), 0);
        // Its own entries never expire on a node.
        net.advance(TTL * 3, &[false, true]);
        assert_eq!(net.list(1, "room"), keys(&[("bob", 1)]));
    }

    #[test]
    fn a_node_that_comes_back_after_expiring_rejoins_with_its_entries() {
        let mut net = Net::new(2);
        let all = net.all();
        net.advance(HEARTBEAT, &all);
        net.settle(&all);
        net.track(0, "room", "ann", json!(null));
        net.settle(&all);
        // A long outage of a's link: b expires it, a keeps its entries.
        net.advance(TTL + HEARTBEAT, &[false, true]);
        net.queue.clear();
        assert!(net.list(1, "room").is_empty());
        // The link is back: a's next heartbeat makes b ask for its state.
        net.advance(HEARTBEAT, &all);
        net.settle(&all);
        assert_eq!(net.list(1, "room"), keys(&[("ann", 1)]));
        assert_eq!(net.seen_by(1, "room"), keys(&[("ann", 1)]));
    }

    #[test]
    fn a_lost_delta_is_noticed_by_its_sequence_number_and_repaired_by_the_state() {
        let mut net = Net::new(2);
        let all = net.all();
        net.advance(HEARTBEAT, &all);
        net.settle(&all);
        let ann = net.track(0, "room", "ann", json!(null));
        net.settle(&all);
        // This leave is dropped on its way (a Redis outage), then a join gets through.
        net.untrack(0, ann);
        net.queue.clear();
        net.track(0, "room", "bob", json!(null));
        // b sees seq 3 after seq 1, keeps what it has, asks for a's state and replaces with it.
        let (_, delta) = net.queue.front().cloned().expect("the join's delta");
        let out = net.nodes[1].receive(delta, net.now);
        assert!(out.diffs.is_empty(), "a delta after a gap is not applied");
        assert_eq!(out.send, vec![Msg::Sync { node: "b".into(), to: Some("a".into()) }]);
        net.queue.clear();
        net.take(1, out);
        net.settle(&all);
        assert_eq!(net.list(1, "room"), keys(&[("bob", 1)]));
        assert_eq!(net.seen_by(1, "room"), keys(&[("bob", 1)]));
    }

    #[test]
    fn a_message_dropped_before_the_pubsub_makes_the_next_heartbeat_carry_the_whole_state() {
        let mut r = Replica::new("a", config());
        let (_, out) = r.track("room", "ann", json!(null));
        assert!(matches!(&out.send[..], [Msg::Delta { seq: 1, .. }]));
        r.message_lost();
        let now = Instant::now();
        assert!(matches!(&r.tick(now).send[..], [Msg::State { seq: 1, entries, .. }] if entries.len() == 1));
        assert!(matches!(&r.tick(now).send[..], [Msg::Heartbeat { seq: 1, .. }]), "once");
    }

    #[test]
    fn update_replaces_the_meta_in_one_change_under_a_new_id() {
        let mut net = Net::new(2);
        let all = net.all();
        net.advance(HEARTBEAT, &all);
        net.settle(&all);
        let n = net.track(0, "room", "ann", json!({"typing": false}));
        net.settle(&all);
        let (fresh, out) = net.nodes[0].update(n, json!({"typing": true})).expect("tracked");
        assert_ne!(fresh, n);
        assert_eq!(out.diffs.len(), 1);
        assert_eq!((out.diffs[0].leaves.len(), out.diffs[0].joins.len()), (1, 1));
        net.take(0, out);
        net.settle(&all);
        let list = net.nodes[1].list("room");
        assert_eq!(list.joins.len(), 1);
        assert_eq!(*list.joins[0].meta, json!({"typing": true}));
        assert!(net.nodes[0].update(n, json!(null)).is_none(), "the old number is gone");
    }

    #[test]
    fn own_messages_coming_back_and_unknown_leaves_change_nothing() {
        let mut r = Replica::new("a", config());
        let (n, out) = r.track("room", "ann", json!(null));
        let now = Instant::now();
        for m in out.send {
            let echo = r.receive(m, now);
            assert!(echo.diffs.is_empty() && echo.send.is_empty());
        }
        assert_eq!(r.count("room"), 1);
        assert!(r.untrack(n + 7).send.is_empty(), "no such entry: no change announced");
        assert_eq!(r.peers().count(), 0);
    }

    #[test]
    fn a_sync_is_answered_by_the_node_it_names_or_by_everyone() {
        let mut r = Replica::new("a", config());
        r.track("room", "ann", json!(null));
        let now = Instant::now();
        let to_other = r.receive(Msg::Sync { node: "b".into(), to: Some("c".into()) }, now);
        assert!(!to_other.send.iter().any(|m| matches!(m, Msg::State { .. })));
        let to_me = r.receive(Msg::Sync { node: "b".into(), to: Some("a".into()) }, now);
        assert!(to_me.send.iter().any(|m| matches!(m, Msg::State { entries, .. } if entries.len() == 1)));
        let hello = r.receive(Msg::Sync { node: "c".into(), to: None }, now);
        assert!(hello.send.iter().any(|m| matches!(m, Msg::State { .. })));
    }

    #[test]
    fn config_is_clamped_so_one_lost_heartbeat_expires_nobody() {
        let tiny = PresenceConfig { heartbeat: Duration::ZERO, ttl: Duration::ZERO };
        assert_eq!(tiny.effective_heartbeat(), Duration::from_millis(10));
        assert_eq!(tiny.effective_ttl(), Duration::from_millis(20));
        assert_eq!(PresenceConfig::default().effective_ttl(), Duration::from_secs(10));
        // A huge heartbeat is clamped, and doubling it cannot overflow.
        let huge = PresenceConfig { heartbeat: Duration::MAX, ttl: Duration::ZERO };
        assert_eq!(huge.effective_heartbeat(), Duration::from_secs(24 * 60 * 60));
        assert_eq!(huge.effective_ttl(), Duration::from_secs(48 * 60 * 60));
        let mut r = Replica::new("a", huge);
        let now = Instant::now();
        r.receive(Msg::Heartbeat { node: "b".into(), seq: 0 }, now);
        r.tick(now);
    }

    #[test]
    fn a_flood_of_syncs_is_answered_once_per_heartbeat_or_change_per_requester() {
        let mut r = Replica::new("a", config());
        r.track("room", "ann", json!(null));
        let mut now = Instant::now();
        let states = |r: &mut Replica, node: &str, to: Option<&str>, now| {
            let out = r.receive(Msg::Sync { node: node.into(), to: to.map(str::to_owned) }, now);
            out.send.iter().filter(|m| matches!(m, Msg::State { .. })).count()
        };
        let answered: usize = (0..100).map(|_| states(&mut r, "b", Some("a"), now)).sum();
        assert_eq!(answered, 1);
        assert_eq!(states(&mut r, "b", None, now), 0, "a hello is a request too");
        assert_eq!(states(&mut r, "c", Some("a"), now), 1, "another requester is answered");
        r.track("room", "bob", json!(null));
        assert_eq!(states(&mut r, "b", Some("a"), now), 1, "answered again after a change");
        assert_eq!(states(&mut r, "b", Some("a"), now), 0);
        now += HEARTBEAT;
        assert_eq!(states(&mut r, "b", Some("a"), now), 1, "answered again a heartbeat later");
    }

    #[test]
    fn wire_messages_round_trip_and_garbage_is_an_error_not_a_panic() {
        let m = Msg::Delta {
            node: "a".into(),
            seq: 3,
            joins: vec![WireEntry { n: 1, topic: "t".into(), key: "k".into(), meta: json!({"x": 1}) }],
            leaves: vec![2],
        };
        let bytes = serde_json::to_vec(&m).expect("encodes");
        assert_eq!(serde_json::from_slice::<Msg>(&bytes).expect("decodes"), m);
        for bad in [&b"{}"[..], b"null", b"{\"type\":\"delta\"}", b"{\"type\":\"heartbeat\",\"node\":1,\"seq\":-1}"] {
            assert!(serde_json::from_slice::<Msg>(bad).is_err());
        }
    }

    #[test]
    fn a_state_that_changes_an_entrys_meta_under_the_same_number_keeps_it_listed() {
        let mut net = Net::new(2);
        let entry = |meta| WireEntry { n: 1, topic: "room".into(), key: "ann".into(), meta };
        let state = |seq, meta| Msg::State { node: "a".into(), seq, entries: vec![entry(meta)] };
        let out = net.nodes[1].receive(state(1, json!({"tab": 1})), net.now);
        net.take(1, out);
        let out = net.nodes[1].receive(state(2, json!({"tab": 2})), net.now);
        net.take(1, out);
        assert_eq!(net.seen_by(1, "room"), keys(&[("ann", 1)]), "the leave and the join of a.1 replace it");
    }

    #[test]
    fn a_delta_or_a_state_older_than_what_was_applied_is_ignored_without_asking_again() {
        let mut net = Net::new(2);
        let all = net.all();
        net.advance(HEARTBEAT, &all);
        net.settle(&all);
        net.track(0, "room", "ann", json!(null));
        let (_, delta) = net.queue.front().cloned().expect("the delta");
        net.settle(&all);
        let old_state = net.nodes[0].state();
        net.track(0, "room", "bob", json!(null));
        net.settle(&all);
        // Redis delivers the first delta again: a duplicate, not a gap.
        let out = net.nodes[1].receive(delta, net.now);
        assert!(out.diffs.is_empty() && out.send.is_empty(), "ignored: {out:?}");
        // An old state (a duplicate answer) would take bob away.
        let out = net.nodes[1].receive(old_state, net.now);
        assert!(out.diffs.is_empty() && out.send.is_empty(), "ignored: {out:?}");
        assert_eq!(net.list(1, "room"), keys(&[("ann", 1), ("bob", 1)]));
        // A heartbeat counting from less than was applied: a restart whose hello was lost.
        let out = net.nodes[1].receive(Msg::Heartbeat { node: "a".into(), seq: 0 }, net.now);
        assert_eq!(out.send, vec![Msg::Sync { node: "b".into(), to: Some("a".into()) }]);
        let restarted = Msg::State { node: "a".into(), seq: 0, entries: Vec::new() };
        let out = net.nodes[1].receive(restarted, net.now);
        assert_eq!(out.diffs.first().map(|d| d.leaves.len()), Some(2), "its state is taken");
    }

    #[test]
    fn a_node_that_heartbeats_but_never_sends_its_state_loses_its_entries_after_the_ttl() {
        let mut net = Net::new(2);
        let all = net.all();
        net.advance(HEARTBEAT, &all);
        net.settle(&all);
        net.track(0, "room", "ann", json!(null));
        net.settle(&all);
        net.track(0, "room", "bob", json!(null));
        net.queue.clear(); // bob's delta is lost: b is out of sync from a's next heartbeat
        // a keeps heartbeating, but every state it sends is lost.
        let mut waited = Duration::ZERO;
        let run = |net: &mut Net| {
            net.advance(HEARTBEAT, &all);
            while let Some((from, msg)) = net.queue.pop_front() {
                if !matches!(msg, Msg::State { .. }) {
                    let out = net.nodes[1 - from].receive(msg, net.now);
                    net.take(1 - from, out);
                }
            }
        };
        run(&mut net); // the heartbeat that shows the gap
        while waited + HEARTBEAT < TTL {
            run(&mut net);
            waited += HEARTBEAT;
            assert_eq!(net.list(1, "room"), keys(&[("ann", 1)]), "kept {waited:?} out of sync");
        }
        run(&mut net);
        assert!(net.list(1, "room").is_empty(), "dropped after the TTL out of sync");
        assert!(net.seen_by(1, "room").is_empty());
        assert_eq!(net.nodes[1].peers().count(), 1, "still known: its state brings it back");
        // Its state gets through at last.
        net.advance(HEARTBEAT, &all);
        net.settle(&all);
        assert_eq!(net.list(1, "room"), keys(&[("ann", 1), ("bob", 1)]));
        assert_eq!(net.seen_by(1, "room"), keys(&[("ann", 1), ("bob", 1)]));
    }

    #[test]
    fn a_hello_from_a_node_known_and_in_sync_is_a_restart_and_its_state_replaces_the_old_one() {
        let mut net = Net::new(2);
        let all = net.all();
        net.advance(HEARTBEAT, &all);
        net.settle(&all);
        net.track(0, "room", "ann", json!(null));
        net.settle(&all);
        // a restarts under the same name (its entries are gone) and counts from 0 again.
        net.nodes[0] = Replica::new("a", config());
        net.track(0, "room", "cy", json!(null));
        let hello = net.nodes[0].hello();
        net.queue.push_back((0, hello));
        net.settle(&all);
        assert_eq!(net.list(1, "room"), keys(&[("cy", 1)]));
        assert_eq!(net.seen_by(1, "room"), keys(&[("cy", 1)]));
    }

    #[test]
    fn a_delta_delivered_twice_changes_no_list() {
        let mut net = Net::new(2);
        let all = net.all();
        net.advance(HEARTBEAT, &all);
        net.settle(&all);
        net.track(0, "room", "ann", json!(null));
        let (_, delta) = net.queue.front().cloned().expect("the delta");
        net.settle(&all);
        // Redis retried a batch: the same delta again, then a later change.
        net.queue.push_back((0, delta));
        net.track(0, "room", "bob", json!(null));
        net.settle(&all);
        assert_eq!(net.list(1, "room"), keys(&[("ann", 1), ("bob", 1)]));
        assert_eq!(net.seen_by(1, "room"), keys(&[("ann", 1), ("bob", 1)]));
        let ann_joins = net.seen[1].iter().flat_map(|d| &d.joins).filter(|e| e.key == "ann").count();
        assert_eq!(ann_joins, 1, "ann joined once");
    }
}
