//! The replica's merge and expiry logic, with the network and the clock played by the tests.

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
