//! `RedisPubSub` against a real `redis-server` started by each test on a free port.

#[path = "../../tests/support/redis_server.rs"]
mod redis_server;

use liveview_core::pubsub::{PubSub, Subscription};
use liveview_redis::{Error, RedisPubSub};
use redis_server::RedisServer;
use std::sync::{Arc, Mutex};
use std::time::Duration;

type Inbox = Arc<Mutex<Vec<String>>>;

/// Subscribes `topic` on `node`; what arrives lands in the returned inbox.
fn collect(node: &RedisPubSub, topic: &str) -> (Subscription, Inbox) {
    let inbox: Inbox = Arc::default();
    let sink = inbox.clone();
    let sub = node
        .subscribe(topic, Arc::new(move |p: &[u8]| sink.lock().unwrap().push(String::from_utf8_lossy(p).into_owned())));
    (sub, inbox)
}

/// Waits (10 s at most) until `done` holds.
async fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn snapshot(inbox: &Inbox) -> Vec<String> {
    inbox.lock().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broadcasts_reach_every_node_exactly_once_in_publisher_order() {
    let redis = RedisServer::start().await;
    let a = RedisPubSub::connect(&redis.url()).await.unwrap();
    let b = RedisPubSub::connect(&redis.url()).await.unwrap();
    let (_sa, on_a) = collect(&a, "room");
    let (_sb, on_b) = collect(&b, "room");
    let (_sb2, on_b2) = collect(&b, "room");
    // Two nodes, two Redis subscriptions, however many local subscribers.
    redis.wait_numsub("liveview:room", 2).await;
    let sent: Vec<String> = (0..1000).map(|i| format!("{{\"n\":{i}}}")).collect();
    for m in &sent {
        a.broadcast("room", m.as_bytes());
    }
    for inbox in [&on_a, &on_b, &on_b2] {
        wait_until("1000 messages arrive", || inbox.lock().unwrap().len() >= 1000).await;
    }
    // Nothing more arrives: the publisher's own node hears its broadcasts once, through Redis.
    a.broadcast("room", b"end");
    wait_until("the end marker arrives", || snapshot(&on_a).last().is_some_and(|m| m == "end")).await;
    for inbox in [&on_a, &on_b, &on_b2] {
        wait_until("the end marker arrives", || snapshot(inbox).last().is_some_and(|m| m == "end")).await;
        let got = snapshot(inbox);
        assert_eq!(&got[..1000], &sent[..], "in order, each once");
        assert_eq!(got.len(), 1001);
    }
    assert_eq!(b.local_subscribers("room"), 2);
    assert!(a.is_connected() && b.is_connected());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_connection_multiplexes_topics_and_the_last_local_subscriber_unsubscribes() {
    let redis = RedisServer::start().await;
    let node = RedisPubSub::connect(&redis.url()).await.unwrap();
    let mut subs: Vec<Vec<Subscription>> =
        (0..20).map(|t| (0..3).map(|_| collect(&node, &format!("t{t}")).0).collect()).collect();
    for t in 0..20 {
        redis.wait_numsub(&format!("liveview:t{t}"), 1).await;
    }
    // The node's publisher and subscriber connections, plus the one asking.
    let info = redis.command(&["INFO", "clients"]).await.unwrap();
    assert!(info.contains("connected_clients:3\r\n"), "{info}");
    // Dropping two of three subscribers keeps the Redis subscription; the third ends it.
    for s in &mut subs[..10] {
        s.truncate(1);
    }
    redis.wait_numsub("liveview:t0", 1).await;
    for s in &mut subs[..10] {
        s.clear();
    }
    for t in 0..20 {
        redis.wait_numsub(&format!("liveview:t{t}"), if t < 10 { 0 } else { 1 }).await;
        assert_eq!(node.local_subscribers(&format!("t{t}")), if t < 10 { 0 } else { 3 });
    }
    // Resubscribing a topic that was dropped works.
    let (_again, inbox) = collect(&node, "t0");
    redis.wait_numsub("liveview:t0", 1).await;
    node.broadcast("t0", b"back");
    wait_until("t0 delivers again", || snapshot(&inbox) == ["back"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_restart_is_survived_and_topics_are_resubscribed() {
    let mut redis = RedisServer::start().await;
    let a = RedisPubSub::connect(&redis.url()).await.unwrap();
    let b = RedisPubSub::connect(&redis.url()).await.unwrap();
    let (_s1, before) = collect(&b, "before");
    redis.wait_numsub("liveview:before", 1).await;
    a.broadcast("before", b"1");
    wait_until("the first message arrives", || snapshot(&before) == ["1"]).await;

    redis.stop();
    wait_until("node b notices the outage", || !b.is_connected()).await;
    // During the outage: broadcasts are dropped, subscribing still works locally.
    a.broadcast("before", b"lost");
    wait_until("node a drops the broadcast", || a.dropped_broadcasts() == 1).await;
    let (_s2, during) = collect(&b, "during");
    assert_eq!(b.local_subscribers("during"), 1);

    redis.restart().await;
    wait_until("both nodes reconnect", || a.is_connected() && b.is_connected()).await;
    redis.wait_numsub("liveview:before", 1).await;
    redis.wait_numsub("liveview:during", 1).await;
    a.broadcast("before", b"2");
    a.broadcast("during", b"3");
    wait_until("broadcasts flow again", || snapshot(&before).len() == 2 && snapshot(&during).len() == 1).await;
    assert_eq!(snapshot(&before), ["1", "2"], "the broadcast made during the outage was dropped, not queued");
    assert_eq!(snapshot(&during), ["3"]);
}

#[tokio::test]
async fn connect_reports_bad_urls_and_unreachable_servers() {
    assert!(matches!(RedisPubSub::connect("http://nope").await, Err(Error::InvalidUrl(_))));
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let err = RedisPubSub::connect(&format!("redis://127.0.0.1:{free}")).await.unwrap_err();
    assert!(matches!(err, Error::Connect { .. } | Error::Timeout { .. }), "{err}");
    assert!(err.to_string().contains(&format!("127.0.0.1:{free}")), "{err}");
}
