//! Uploads over a real websocket (protocol §9) against the gallery's `/upload` (any type but
//! `.exe`, at most 3 files of at most 5,000,000 bytes, 64 KiB chunks): the happy path byte for
//! byte, then every limit the server enforces itself, each ending with its error and no file
//! left in the upload directory.

mod support;

use liveview_core::client::ClientTree;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::Duration;
use support::{Client, Page};
use tokio_tungstenite::tungstenite::Message;

const CHUNK: usize = 64 * 1024;

fn upload_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lv-protocol-upload-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn files_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default()
}

/// Waits (bounded) until the directory is empty; returns what is left otherwise.
async fn drained(dir: &Path) -> Vec<String> {
    for _ in 0..200 {
        if files_in(dir).is_empty() {
            return Vec::new();
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    files_in(dir)
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// A binary client push (protocol §2.3).
fn chunk_frame(join_ref: &str, msg_ref: &str, topic: &str, payload: &[u8]) -> Vec<u8> {
    let mut f = vec![0u8, join_ref.len() as u8, msg_ref.len() as u8, topic.len() as u8, 5];
    for s in [join_ref, msg_ref, topic, "chunk"] {
        f.extend_from_slice(s.as_bytes());
    }
    f.extend_from_slice(payload);
    f
}

/// One joined `/upload` view over a real socket, with the client's model of its page.
struct Up {
    c: Client,
    page: Page,
    topic: String,
    jr: String,
    tree: ClientTree,
    config_ref: String,
}

impl Up {
    async fn open(addr: std::net::SocketAddr) -> Up {
        Up::open_at(addr, "/upload").await
    }

    async fn open_at(addr: std::net::SocketAddr, path: &str) -> Up {
        let page = support::get(addr, path, None).await;
        let mut c = Client::connect(addr, &page).await;
        let (jr, reply) = c.join(&page, path).await;
        assert_eq!(reply["status"], "ok", "{reply}");
        let (tree, _) = ClientTree::from_join(reply["response"]["rendered"].clone()).expect("join render");
        let topic = format!("lv:{}", page.view_id);
        let mut up = Up { c, page, topic, jr, tree, config_ref: String::new() };
        let html = up.html();
        let at = html.find("data-phx-upload-ref=\"").expect("an upload input") + 21;
        up.config_ref = html[at..at + html[at..].find('"').unwrap_or(0)].to_owned();
        up
    }

    fn html(&mut self) -> String {
        self.tree.to_html().expect("render")
    }

    /// Sends `event` on the view's topic; applies the reply's diff; returns the response.
    async fn call(&mut self, event: &str, payload: Value) -> Value {
        let r = self.c.next_ref();
        self.c.send(json!([self.jr, r, self.topic, event, payload])).await;
        let (before, reply) = self.c.until_reply(&r).await;
        for f in before {
            if f[2] == self.topic.as_str() && f[3] == "diff" {
                self.tree.apply_diff(f[4].clone()).expect("diff push");
            }
        }
        assert_eq!(reply[4]["status"], "ok", "{event}: {reply}");
        let response = reply[4]["response"].clone();
        if let Some(d) = response.get("diff") {
            self.tree.apply_diff(d.clone()).expect("reply diff");
        }
        response
    }

    fn entry(r: &str, name: &str, size: u64) -> Value {
        json!({"path": "files", "ref": r, "last_modified": 1, "name": name, "relative_path": "", "type": "", "size": size})
    }

    /// The form change that reports a selection.
    async fn select(&mut self, entries: &[Value]) {
        let uploads = json!({ self.config_ref.clone(): entries });
        self.call(
            "event",
            json!({"type": "form", "event": "validate", "value": "", "meta": {"_target": "files"}, "uploads": uploads}),
        )
        .await;
    }

    async fn preflight(&mut self, entries: &[Value]) -> Value {
        let cref = self.config_ref.clone();
        self.call("allow_upload", json!({"ref": cref, "entries": entries})).await
    }

    /// Joins `lvu:<entry>` with `token`: (join_ref, reply payload).
    async fn join_upload(&mut self, entry: &str, token: &str) -> (String, Value) {
        let jr = self.c.next_ref();
        self.c.send(json!([jr, jr, format!("lvu:{entry}"), "phx_join", {"token": token}])).await;
        let (_, reply) = self.c.until_reply(&jr).await;
        (jr, reply[4].clone())
    }

    /// Sends one chunk on `lvu:<entry>` and returns the reply payload.
    async fn chunk(&mut self, entry: &str, jr: &str, bytes: &[u8]) -> Value {
        let r = self.c.next_ref();
        assert!(self.c.send_message(Message::Binary(chunk_frame(jr, &r, &format!("lvu:{entry}"), bytes).into())).await);
        let (_, reply) = self.c.until_reply(&r).await;
        reply[4].clone()
    }

    async fn progress(&mut self, entry: &str, progress: Value) -> Value {
        let cref = self.config_ref.clone();
        self.call("progress", json!({"event": null, "ref": cref, "entry_ref": entry, "progress": progress})).await
    }

    /// Selects, preflights and joins one entry: its upload channel's join ref.
    async fn start(&mut self, entry: &str, name: &str, size: u64) -> String {
        let e = Up::entry(entry, name, size);
        self.select(std::slice::from_ref(&e)).await;
        let pre = self.preflight(&[e]).await;
        let token = pre["entries"][entry].as_str().unwrap_or_else(|| panic!("a token: {pre}")).to_owned();
        let (jr, reply) = self.join_upload(entry, &token).await;
        assert_eq!(reply["status"], "ok", "{reply}");
        jr
    }
}

#[tokio::test]
async fn three_megabytes_in_64k_chunks_arrive_byte_exact_and_are_removed_once_consumed() {
    let dir = upload_dir("exact");
    let (addr, _stop) = support::start_router(support::gallery().upload_dir(&dir)).await;
    let mut up = Up::open(addr).await;
    let data: Vec<u8> = (0..3_000_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let e = Up::entry("0", "big.bin", data.len() as u64);
    up.select(std::slice::from_ref(&e)).await;
    assert!(up.html().contains("data-phx-active-refs=\"0\""), "{}", up.html());
    let pre = up.preflight(&[e]).await;
    assert_eq!(pre["config"]["chunk_size"], CHUNK);
    assert_eq!(pre["config"]["max_file_size"], 5_000_000);
    assert_eq!(pre["errors"], json!({}));
    assert!(up.html().contains("data-phx-preflighted-refs=\"0\""));
    let token = pre["entries"]["0"].as_str().expect("a token").to_owned();
    let (jr, reply) = up.join_upload("0", &token).await;
    assert_eq!(reply, json!({"status": "ok", "response": {}}));
    assert_eq!(files_in(&dir).len(), 1, "the file exists from the join on");
    let mut sent = 0;
    for chunk in data.chunks(CHUNK) {
        let reply = up.chunk("0", &jr, chunk).await;
        assert_eq!(reply, json!({"status": "ok", "response": {}}), "chunk at {sent}");
        sent += chunk.len();
        up.progress("0", json!(sent * 100 / data.len())).await;
    }
    let html = up.html();
    assert!(html.contains("data-phx-done-refs=\"0\""), "{html}");
    assert!(html.contains("<progress value=\"100\""), "{html}");
    let stored = std::fs::read(dir.join(&files_in(&dir)[0])).expect("stored file");
    assert!(stored == data, "the stored bytes are the bytes sent");
    let r = up.c.next_ref();
    let (topic, vjr) = (up.topic.clone(), up.jr.clone());
    up.c.send(json!([vjr, r, topic, "event", {"type": "form", "event": "save", "value": "", "meta": {}}])).await;
    let (before, reply) = up.c.until_reply(&r).await;
    // The consumed entry's upload channel is closed first, as Phoenix does.
    assert_eq!(before, vec![json!([jr, jr, "lvu:0", "phx_close", {}])]);
    up.tree.apply_diff(reply[4]["response"]["diff"].clone()).expect("diff");
    let html = up.html();
    assert!(html.contains(&format!("data-size=\"3000000\" data-sha256=\"{}\"", sha256_hex(&data))), "{html}");
    assert!(html.contains("data-phx-active-refs=\"\""), "the entry is consumed: {html}");
    assert_eq!(files_in(&dir), Vec::<String>::new(), "consumed and removed");
}

#[tokio::test]
async fn a_file_declared_too_large_is_refused_at_selection_and_preflight() {
    let dir = upload_dir("declared");
    let (addr, _stop) = support::start_router(support::gallery().upload_dir(&dir)).await;
    let mut up = Up::open(addr).await;
    let e = Up::entry("0", "huge.bin", 6_000_000);
    up.select(std::slice::from_ref(&e)).await;
    let html = up.html();
    assert!(html.contains("huge.bin: too large"), "{html}");
    assert!(html.contains("data-phx-error-refs=\"0\""), "{html}");
    let pre = up.preflight(&[e]).await;
    assert_eq!(pre["error"], json!([["0", "too_large"]]), "{pre}");
    assert!(pre.get("entries").is_none(), "no token: {pre}");
    assert_eq!(files_in(&dir), Vec::<String>::new());
}

#[tokio::test]
async fn wrong_type_and_too_many_files_are_refused_with_their_errors() {
    let dir = upload_dir("type-count");
    let (addr, _stop) = support::start_router(support::gallery().upload_dir(&dir)).await;
    let mut up = Up::open(addr).await;
    let exe = Up::entry("0", "setup.EXE", 10);
    up.select(std::slice::from_ref(&exe)).await;
    assert!(up.html().contains("setup.EXE: not accepted"));
    let pre = up.preflight(&[exe]).await;
    assert_eq!(pre["error"], json!([["0", "not_accepted"]]));

    let mut up = Up::open(addr).await;
    let four: Vec<Value> = (1..=4).map(|i| Up::entry(&i.to_string(), &format!("{i}.txt"), 10)).collect();
    up.select(&four).await;
    let html = up.html();
    assert!(html.contains("too many files"), "{html}");
    let cref = up.config_ref.clone();
    assert!(html.contains(&format!("data-phx-error-refs=\"{cref}\"")), "{html}");
    let pre = up.preflight(&four).await;
    assert_eq!(pre["error"], json!([[cref, "too_many_files"]]));
    assert_eq!(files_in(&dir), Vec::<String>::new());
}

#[tokio::test]
async fn more_bytes_than_declared_end_the_entry_and_delete_its_data() {
    let dir = upload_dir("overflow");
    let (addr, _stop) = support::start_router(support::gallery().upload_dir(&dir)).await;
    let mut up = Up::open(addr).await;
    let jr = up.start("0", "a.bin", 100_000).await;
    assert_eq!(up.chunk("0", &jr, &[1u8; CHUNK]).await["status"], "ok");
    assert_eq!(files_in(&dir).len(), 1);
    let reply = up.chunk("0", &jr, &[2u8; CHUNK]).await;
    assert_eq!(reply, json!({"status": "error", "response": {"reason": "size_mismatch", "limit": 100_000}}));
    assert_eq!(files_in(&dir), Vec::<String>::new(), "the partial file is deleted");
    let reply = up.chunk("0", &jr, &[3u8; 10]).await;
    assert_eq!(reply["status"], "error", "a failed entry takes no more chunks: {reply}");
    up.progress("0", json!({"error": "size_mismatch"})).await;
    assert!(up.html().contains("a.bin: upload failed (size_mismatch)"), "{}", up.html());
    assert_eq!(files_in(&dir), Vec::<String>::new());
}

#[tokio::test]
async fn a_chunk_over_the_chunk_size_ends_the_entry_and_deletes_its_data() {
    let dir = upload_dir("big-chunk");
    let (addr, _stop) = support::start_router(support::gallery().upload_dir(&dir)).await;
    let mut up = Up::open(addr).await;
    let jr = up.start("0", "a.bin", 1_000_000).await;
    assert_eq!(up.chunk("0", &jr, &[1u8; 1000]).await["status"], "ok");
    let reply = up.chunk("0", &jr, &vec![2u8; CHUNK + 1]).await;
    assert_eq!(reply, json!({"status": "error", "response": {"reason": "chunk_size_exceeded", "limit": CHUNK}}));
    assert_eq!(files_in(&dir), Vec::<String>::new());
    // The socket and the view go on.
    assert!(up.c.heartbeat().await.is_ok());
    up.call("event", json!({"type": "form", "event": "validate", "value": "", "meta": {}})).await;
}

#[tokio::test]
async fn tokens_for_another_entry_socket_or_view_instance_and_forged_tokens_are_refused() {
    let dir = upload_dir("tokens");
    let (addr, _stop) = support::start_router(support::gallery().upload_dir(&dir)).await;
    let mut up = Up::open(addr).await;
    let entries = [Up::entry("0", "a.txt", 10), Up::entry("1", "b.txt", 10)];
    up.select(&entries).await;
    let pre = up.preflight(&entries).await;
    let token0 = pre["entries"]["0"].as_str().expect("token").to_owned();
    let refused = json!({"status": "error", "response": {"reason": "invalid_token"}});
    // Forged, and a real token for entry 0 on entry 1's topic.
    assert_eq!(up.join_upload("0", "SFMyNTY.forged.token").await.1, refused);
    assert_eq!(up.join_upload("1", &token0).await.1, refused);
    // The same token over another socket.
    let mut other = Up::open(addr).await;
    assert_eq!(other.join_upload("0", &token0).await.1, refused);
    // Chunks without a joined upload channel.
    let reply = up.chunk("0", "99", b"hello").await;
    assert_eq!(reply["status"], "error", "{reply}");
    // The right one joins once.
    let (jr, ok) = up.join_upload("0", &token0).await;
    assert_eq!(ok["status"], "ok");
    assert_eq!(up.join_upload("0", &token0).await.1["response"]["reason"], "already_registered");
    let _ = jr;
    // After the view rejoins (a new instance), the old token opens nothing.
    let page = up.page.clone();
    let (jr2, reply) = up.c.rejoin(&page, "/upload").await;
    assert_eq!(reply["status"], "ok");
    up.jr = jr2;
    assert_eq!(drained(&dir).await, Vec::<String>::new(), "the old instance's file went with it");
    assert_eq!(up.join_upload("0", &token0).await.1, refused);
    assert!(up.c.heartbeat().await.is_ok(), "the socket survives every refusal");
}

#[tokio::test]
async fn cancelling_mid_upload_closes_the_channel_and_deletes_the_data() {
    let dir = upload_dir("cancel");
    let (addr, _stop) = support::start_router(support::gallery().upload_dir(&dir)).await;
    let mut up = Up::open(addr).await;
    let jr = up.start("0", "a.bin", 500_000).await;
    for _ in 0..3 {
        assert_eq!(up.chunk("0", &jr, &[9u8; CHUNK]).await["status"], "ok");
    }
    assert_eq!(files_in(&dir).len(), 1);
    let r = up.c.next_ref();
    let (topic, vjr) = (up.topic.clone(), up.jr.clone());
    up.c.send(json!([vjr, r, topic, "event", {"type": "click", "event": "cancel-upload", "value": {"ref": "0"}}]))
        .await;
    let (before, reply) = up.c.until_reply(&r).await;
    assert_eq!(reply[4]["status"], "ok");
    assert!(before.contains(&json!([jr, jr, "lvu:0", "phx_close", {}])), "{before:?}");
    up.tree.apply_diff(reply[4]["response"]["diff"].clone()).expect("diff");
    assert!(up.html().contains("data-phx-active-refs=\"\""), "{}", up.html());
    assert_eq!(files_in(&dir), Vec::<String>::new());
    let late = up.chunk("0", &jr, &[1u8; 10]).await;
    assert_eq!(late["status"], "error", "{late}");
}

#[tokio::test]
async fn a_socket_dropped_mid_upload_leaves_no_file_behind() {
    let dir = upload_dir("drop");
    let (addr, _stop) = support::start_router(support::gallery().upload_dir(&dir)).await;
    let mut up = Up::open(addr).await;
    let jr = up.start("0", "a.bin", 500_000).await;
    assert_eq!(up.chunk("0", &jr, &[9u8; CHUNK]).await["status"], "ok");
    // A second view on another socket keeps its own upload.
    let mut other = Up::open(addr).await;
    let jr_other = other.start("5", "b.bin", 20).await;
    assert_eq!(files_in(&dir).len(), 2);
    drop(up);
    for _ in 0..200 {
        if files_in(&dir).len() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(files_in(&dir).len(), 1, "the dropped socket's file is gone, the other stays");
    assert_eq!(other.chunk("5", &jr_other, &[1u8; 20]).await["status"], "ok");
    drop(other);
    assert_eq!(drained(&dir).await, Vec::<String>::new());
}

/// A small deterministic generator (the splits are random, the test is repeatable).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[tokio::test]
async fn random_chunk_splits_reassemble_exactly() {
    let dir = upload_dir("splits");
    let (addr, _stop) = support::start_router(support::gallery().upload_dir(&dir)).await;
    let mut up = Up::open(addr).await;
    for seed in 1..=24u64 {
        let mut rng = Lcg(seed);
        // Sizes from 1 byte to a few chunks, chunk lengths from 1 byte to the chunk size.
        let len = 1 + rng.below(if seed % 4 == 0 { 300_000 } else { 5_000 }) as usize;
        let data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let entry = format!("s{seed}");
        let jr = up.start(&entry, "r.bin", len as u64).await;
        let mut at = 0;
        while at < len {
            let n = (1 + rng.below(CHUNK as u64) as usize).min(len - at);
            let reply = up.chunk(&entry, &jr, &data[at..at + n]).await;
            assert_eq!(reply["status"], "ok", "seed {seed}: chunk {at}..{}: {reply}", at + n);
            at += n;
        }
        let stored: Vec<Vec<u8>> =
            files_in(&dir).iter().map(|f| std::fs::read(dir.join(f)).unwrap_or_default()).collect();
        assert_eq!(stored.len(), 1, "seed {seed}");
        assert!(stored[0] == data, "seed {seed}: {len} bytes reassembled exactly");
        up.progress(&entry, json!(100)).await;
        let r = up.c.next_ref();
        let (topic, vjr) = (up.topic.clone(), up.jr.clone());
        up.c.send(json!([vjr, r, topic, "event", {"type": "form", "event": "save", "value": "", "meta": {}}])).await;
        let (_, reply) = up.c.until_reply(&r).await;
        up.tree.apply_diff(reply[4]["response"]["diff"].clone()).expect("diff");
        assert!(up.html().contains(&sha256_hex(&data)), "seed {seed}: the consumed file hashes to the data sent");
        assert_eq!(files_in(&dir), Vec::<String>::new(), "seed {seed}");
    }
}

#[tokio::test]
async fn external_entries_get_presigned_uploader_metadata_and_no_upload_channel() {
    let (addr, _stop) = support::start_router(support::gallery()).await;
    let page = support::get(addr, "/upload-external", None).await;
    let mut c = Client::connect(addr, &page).await;
    let (jr, reply) = c.join(&page, "/upload-external").await;
    let topic = format!("lv:{}", page.view_id);
    let (tree, _) = ClientTree::from_join(reply["response"]["rendered"].clone()).expect("join render");
    let mut up = Up { c, page, topic, jr, tree, config_ref: String::new() };
    let html = up.html();
    let at = html.find("data-phx-upload-ref=\"").expect("an upload input") + 21;
    up.config_ref = html[at..at + html[at..].find('"').unwrap_or(0)].to_owned();
    let e = Up::entry("0", "doc.pdf", 1234);
    up.select(std::slice::from_ref(&e)).await;
    let pre = up.preflight(&[e]).await;
    let meta = &pre["entries"]["0"];
    assert_eq!(meta["uploader"], "LocalStore", "{pre}");
    assert!(meta["url"].as_str().is_some_and(|u| u.starts_with("/storage/") && u.contains("size=1234")), "{pre}");
    // Metadata is no token: no upload channel opens with it (or with anything) for this entry.
    assert_eq!(up.join_upload("0", &meta.to_string()).await.1["response"]["reason"], "invalid_token");
    // The uploader's reports are the progress; 100 marks the entry done.
    up.progress("0", json!(50)).await;
    assert!(up.html().contains("<progress value=\"50\""), "{}", up.html());
    up.progress("0", json!(100)).await;
    assert!(up.html().contains("data-phx-done-refs=\"0\""), "{}", up.html());
}

/// An upload whose channels give up after 100 ms without a chunk.
#[liveview::live_view]
#[derive(Default)]
pub(crate) struct Impatient;

#[liveview::live_view]
impl Impatient {
    async fn mount(socket: &mut liveview::Socket) -> liveview::Result<Self> {
        socket.allow_upload(
            liveview::upload::UploadConfig::new("files").chunk_timeout(Duration::from_millis(100)).chunk_size(CHUNK),
        );
        Ok(Self)
    }

    #[event("validate")]
    fn validate(&mut self) {}

    fn render(&self, socket: &liveview::Socket) -> liveview::Rendered {
        let files = socket.upload("files");
        let errors = files.error_messages();
        liveview::html! { <form phx-change="validate"><input {files.input()} /></form> <p id="errors">for e in &errors { {e} }</p> }
    }
}

#[tokio::test]
async fn an_upload_that_stalls_past_its_chunk_timeout_fails_and_its_data_is_deleted() {
    let dir = upload_dir("stall");
    let router = liveview::LiveRouter::new().live::<Impatient>("/upload").secret(support::SECRET).upload_dir(&dir);
    let (addr, _stop) = support::start_router(router).await;
    let mut up = Up::open(addr).await;
    let jr = up.start("0", "slow.bin", 1_000_000).await;
    assert_eq!(up.chunk("0", &jr, &[1u8; 1000]).await["status"], "ok");
    assert_eq!(files_in(&dir).len(), 1);
    // The client goes quiet: the server closes the upload channel, then renders the error.
    let closed = loop {
        let f = up.c.recv().await;
        if f[3] == "phx_close" {
            break f;
        }
    };
    assert_eq!(closed, json!([jr, jr, "lvu:0", "phx_close", {}]));
    assert_eq!(files_in(&dir), Vec::<String>::new(), "its data is deleted");
    let diff = up.c.recv().await;
    assert_eq!(diff[3], "diff", "{diff}");
    up.tree.apply_diff(diff[4].clone()).expect("diff");
    assert!(up.html().contains("slow.bin: upload failed (chunk_timeout)"), "{}", up.html());
    assert_eq!(up.chunk("0", &jr, &[1u8; 10]).await["status"], "error", "a late chunk is refused");
}

/// Sends `event` (a form event, or a click with `value`) on the view and applies its reply.
async fn view_event(up: &mut Up, kind: &str, event: &str, value: Value) {
    let r = up.c.next_ref();
    let (topic, vjr) = (up.topic.clone(), up.jr.clone());
    up.c.send(json!([vjr, r, topic, "event", {"type": kind, "event": event, "value": value, "meta": {}}])).await;
    let (before, reply) = up.c.until_reply(&r).await;
    for f in before {
        if f[2] == up.topic.as_str() && f[3] == "diff" {
            up.tree.apply_diff(f[4].clone()).expect("diff push");
        }
    }
    assert_eq!(reply[4]["status"], "ok", "{event}: {reply}");
    if let Some(diff) = reply[4]["response"].get("diff") {
        up.tree.apply_diff(diff.clone()).expect("diff");
    }
}

#[tokio::test]
async fn released_and_refused_upload_channels_free_their_routes_so_one_socket_uploads_more_files_than_its_channel_cap()
{
    // The JS client sends no `phx_leave` after `phx_close`, and each file is a new `lvu:` topic:
    // 300 files, one after another, are more than the 256 upload channels a socket may have.
    let dir = upload_dir("many");
    let (addr, _stop) = support::start_router(support::gallery().upload_dir(&dir)).await;
    let mut up = Up::open(addr).await;
    for i in 0..300u32 {
        let entry = format!("m{i}");
        if i % 25 == 24 {
            // Preflighted, then cancelled before its channel joins: the view refuses the join.
            let e = Up::entry(&entry, "gone.txt", 5);
            up.select(std::slice::from_ref(&e)).await;
            let pre = up.preflight(&[e]).await;
            let token = pre["entries"][&entry].as_str().unwrap_or_else(|| panic!("a token: {pre}")).to_owned();
            view_event(&mut up, "click", "cancel-upload", json!({"ref": entry})).await;
            assert_eq!(up.join_upload(&entry, &token).await.1["status"], "error", "file {i}");
            continue;
        }
        let e = Up::entry(&entry, "f.txt", 5);
        up.select(std::slice::from_ref(&e)).await;
        let pre = up.preflight(&[e]).await;
        let token = pre["entries"][&entry].as_str().unwrap_or_else(|| panic!("a token: {pre}")).to_owned();
        let (jr, reply) = up.join_upload(&entry, &token).await;
        assert_eq!(reply, json!({"status": "ok", "response": {}}), "the upload join of file {i}");
        if i % 10 == 3 {
            // Cancelled mid-upload.
            assert_eq!(up.chunk(&entry, &jr, b"ab").await["status"], "ok", "file {i}");
            view_event(&mut up, "click", "cancel-upload", json!({"ref": entry})).await;
            continue;
        }
        assert_eq!(up.chunk(&entry, &jr, b"hello").await["status"], "ok", "file {i}");
        up.progress(&entry, json!(100)).await;
        view_event(&mut up, "form", "save", json!("")).await;
    }
    assert_eq!(files_in(&dir), Vec::<String>::new(), "every file was consumed or cancelled");
    assert!(up.c.heartbeat().await.is_ok());
}

// ---- Custom upload writers (`UploadConfig::writer`) ----------------------------------------

/// What the test writers did, as `"<file>: <what>"` lines (file names are unique per test).
static WRITER_LOG: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

fn writer_log(file: &str) -> Vec<String> {
    let prefix = format!("{file}: ");
    let log = WRITER_LOG.lock().unwrap_or_else(|e| e.into_inner());
    log.iter().filter_map(|l| l.strip_prefix(&prefix).map(str::to_owned)).collect()
}

/// Waits (bounded) until the writer of `file` logged `line`.
async fn writer_logged(file: &str, line: &str) -> Vec<String> {
    for _ in 0..300 {
        if writer_log(file).iter().any(|l| l == line) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    writer_log(file)
}

/// Logs every call; the chunk `error` fails, `delay` takes 300 ms, `hang` never ends, `panic`
/// panics.
struct Recorder {
    file: String,
    bytes: Vec<u8>,
    chunks: usize,
}

impl Recorder {
    fn log(&self, what: String) {
        WRITER_LOG.lock().unwrap_or_else(|e| e.into_inner()).push(format!("{}: {what}", self.file));
    }
}

impl liveview::upload::UploadWriter for Recorder {
    async fn write_chunk(&mut self, chunk: &[u8]) -> Result<(), String> {
        self.log(format!("write {}", String::from_utf8_lossy(chunk)));
        match chunk {
            b"error" => return Err("invalid_pdf".to_owned()),
            b"delay" => tokio::time::sleep(Duration::from_millis(300)).await,
            b"hang" => std::future::pending::<()>().await,
            b"panic" => panic!("a writer bug"),
            _ => {}
        }
        self.bytes.extend_from_slice(chunk);
        self.chunks += 1;
        Ok(())
    }

    async fn close(&mut self, why: liveview::upload::WriterClose) -> Result<(), String> {
        self.log(format!("close {why:?}"));
        Ok(())
    }

    fn meta(&self) -> Value {
        json!({"content": String::from_utf8_lossy(&self.bytes), "chunks": self.chunks})
    }
}

/// `/writer`: up to three files in 5-byte chunks, each to a [`Recorder`].
#[liveview::live_view]
#[derive(Default)]
struct WriterPage {
    consumed: Vec<String>,
    pings: u32,
}

#[derive(serde::Deserialize)]
struct EntryRef {
    #[serde(rename = "ref")]
    entry: String,
}

#[liveview::live_view]
impl WriterPage {
    fn mount(socket: &mut liveview::Socket) -> Self {
        socket.allow_upload(
            liveview::upload::UploadConfig::new("files")
                .chunk_size(5)
                .max_entries(3)
                // Each write must end within it (the `hang` chunk does not).
                .chunk_timeout(Duration::from_millis(1500))
                .writer(|entry| Recorder { file: entry.name().to_owned(), bytes: Vec::new(), chunks: 0 }),
        );
        WriterPage::default()
    }

    #[event("validate")]
    fn validate(&mut self) {}

    #[event("ping")]
    fn ping(&mut self) {
        self.pings += 1;
    }

    #[event("cancel-upload")]
    fn cancel(&mut self, e: EntryRef, socket: &mut liveview::Socket) {
        socket.cancel_upload("files", &e.entry);
    }

    #[event("save")]
    fn save(&mut self, socket: &mut liveview::Socket) {
        let done = socket.consume_uploaded_entries("files", |e| {
            format!("{} {} {}", e.name(), e.path().is_none(), e.meta().cloned().unwrap_or_default())
        });
        self.consumed.extend(done);
    }

    fn render(&self, socket: &liveview::Socket) -> liveview::Rendered {
        let files = socket.upload("files");
        liveview::html! {
            <form id="upload-form" phx-change="validate" phx-submit="save">
                <input {files.input()}>
            </form>
            <p id="pings">{self.pings}</p>
            for entry in files.entries() {
                <div class="entry" data-ref={entry.entry_ref()}>
                    for error in entry.errors() {
                        <span class="error">{error.as_str()} ": " {error.message()}</span>
                    }
                </div>
            }
            for c in &self.consumed {
                <p class="consumed">{c}</p>
            }
        }
    }
}

async fn writer_page(test: &str) -> (Up, PathBuf, tokio_util::sync::CancellationToken) {
    let dir = upload_dir(test);
    let (addr, stop) = support::start_router(support::gallery().upload_dir(&dir).live::<WriterPage>("/writer")).await;
    (Up::open_at(addr, "/writer").await, dir, stop)
}

#[tokio::test]
async fn a_writer_gets_every_chunk_in_order_and_the_consumer_its_meta_with_no_file_on_disk() {
    let (mut up, dir, _stop) = writer_page("writer-ok").await;
    let jr = up.start("0", "ok-a.pdf", 12).await;
    for chunk in [&b"hello"[..], b" worl", b"d!"] {
        assert_eq!(up.chunk("0", &jr, chunk).await, json!({"status": "ok", "response": {}}));
    }
    up.progress("0", json!(100)).await;
    assert!(up.html().contains("data-phx-done-refs=\"0\""), "{}", up.html());
    assert_eq!(files_in(&dir), Vec::<String>::new(), "a writer's entry has no temporary file");
    assert_eq!(writer_log("ok-a.pdf"), ["write hello", "write  worl", "write d!", "close Done"]);
    view_event(&mut up, "form", "save", json!("")).await;
    let html = up.html();
    assert!(
        html.contains(r#"<p class="consumed">ok-a.pdf true {&quot;chunks&quot;:3,&quot;content&quot;:&quot;hello world!&quot;}</p>"#),
        "{html}"
    );
}

#[tokio::test]
async fn a_failed_write_keeps_the_entry_with_the_writers_reason_until_it_is_cancelled() {
    let (mut up, _dir, _stop) = writer_page("writer-fail").await;
    let jr = up.start("0", "bad-b.pdf", 10).await;
    assert_eq!(up.chunk("0", &jr, b"00000").await["status"], "ok");
    // The reply comes first, then the channel closes and the view shows the error.
    let r = up.c.next_ref();
    assert!(up.c.send_message(Message::Binary(chunk_frame(&jr, &r, "lvu:0", b"error").into())).await);
    let (_, reply) = up.c.until_reply(&r).await;
    assert_eq!(reply[4], json!({"status": "error", "response": {"reason": "writer_error"}}));
    let mut closed = false;
    let mut shown = false;
    while !(closed && shown) {
        let f = up.c.recv().await;
        if f == json!([jr, jr, "lvu:0", "phx_close", {}]) {
            assert!(!shown, "the channel closes before the diff that shows the error");
            closed = true;
        } else if f[2] == up.topic.as_str() && f[3] == "diff" {
            up.tree.apply_diff(f[4].clone()).expect("diff");
            shown = true;
        }
    }
    let html = up.html();
    assert!(html.contains("writer_failure: could not be stored (invalid_pdf)"), "{html}");
    assert!(html.contains("data-phx-preflighted-refs=\"0\""), "the entry stays: {html}");
    assert!(html.contains("data-phx-done-refs=\"\""), "{html}");
    assert_eq!(writer_log("bad-b.pdf"), ["write 00000", "write error", "close Failed(\"invalid_pdf\")"]);
    // Nothing to consume; the entry stays until cancelled.
    view_event(&mut up, "form", "save", json!("")).await;
    assert!(!up.html().contains("class=\"consumed\""));
    assert!(up.html().contains("class=\"entry\""));
    view_event(&mut up, "click", "cancel-upload", json!({"ref": "0"})).await;
    assert!(!up.html().contains("class=\"entry\""), "{}", up.html());
    assert!(up.html().contains("data-phx-active-refs=\"\""), "{}", up.html());
    assert!(up.c.heartbeat().await.is_ok());
}

#[tokio::test]
async fn a_slow_write_holds_its_ack_but_not_the_views_other_events() {
    let (mut up, _dir, _stop) = writer_page("writer-slow").await;
    let jr = up.start("0", "slow-c.pdf", 10).await;
    let chunk_ref = up.c.next_ref();
    assert!(up.c.send_message(Message::Binary(chunk_frame(&jr, &chunk_ref, "lvu:0", b"delay").into())).await);
    let ping_ref = up.c.next_ref();
    let (topic, vjr) = (up.topic.clone(), up.jr.clone());
    up.c.send(json!([vjr, ping_ref, topic, "event", {"type": "click", "event": "ping", "value": {}}])).await;
    let (before, reply) = up.c.until_reply(&ping_ref).await;
    assert_eq!(reply[4]["status"], "ok");
    assert!(
        !before.iter().any(|f| f[1] == chunk_ref.as_str()),
        "the ping is answered while the chunk is written: {before:?}"
    );
    let (_, ack) = up.c.until_reply(&chunk_ref).await;
    assert_eq!(ack[4], json!({"status": "ok", "response": {}}));
    assert_eq!(writer_log("slow-c.pdf"), ["write delay"]);
}

#[tokio::test]
async fn a_cancelled_entry_and_an_ended_view_close_their_writers_as_cancelled() {
    let (mut up, _dir, _stop) = writer_page("writer-cancel").await;
    let jr = up.start("0", "cancel-d.pdf", 10).await;
    assert_eq!(up.chunk("0", &jr, b"12345").await["status"], "ok");
    view_event(&mut up, "click", "cancel-upload", json!({"ref": "0"})).await;
    assert_eq!(writer_logged("cancel-d.pdf", "close Cancelled").await, ["write 12345", "close Cancelled"]);

    let jr = up.start("1", "gone-e.pdf", 10).await;
    assert_eq!(up.chunk("1", &jr, b"12345").await["status"], "ok");
    drop(up);
    assert_eq!(writer_logged("gone-e.pdf", "close Cancelled").await, ["write 12345", "close Cancelled"]);
}

#[tokio::test]
async fn a_panicking_writer_fails_its_entry_and_the_view_lives_on() {
    let (mut up, _dir, _stop) = writer_page("writer-panic").await;
    let jr = up.start("0", "panic-f.pdf", 10).await;
    let reply = up.chunk("0", &jr, b"panic").await;
    assert_eq!(reply, json!({"status": "error", "response": {"reason": "writer_error"}}));
    view_event(&mut up, "click", "ping", json!({})).await;
    let html = up.html();
    assert!(html.contains("writer_failure: could not be stored (writer_panicked)"), "{html}");
    assert!(html.contains("<p id=\"pings\">1</p>"), "{html}");
}

#[tokio::test]
async fn a_chunk_sent_before_the_previous_ack_fails_the_entry() {
    let (mut up, _dir, _stop) = writer_page("writer-early").await;
    let jr = up.start("0", "early-g.pdf", 10).await;
    let first = up.c.next_ref();
    assert!(up.c.send_message(Message::Binary(chunk_frame(&jr, &first, "lvu:0", b"delay").into())).await);
    let second = up.c.next_ref();
    assert!(up.c.send_message(Message::Binary(chunk_frame(&jr, &second, "lvu:0", b"54321").into())).await);
    let (_, reply) = up.c.until_reply(&second).await;
    assert_eq!(reply[4], json!({"status": "error", "response": {"reason": "chunk_before_ack"}}));
    assert_eq!(writer_logged("early-g.pdf", "close Cancelled").await, ["write delay", "close Cancelled"]);
    assert!(up.c.heartbeat().await.is_ok());
}

#[tokio::test]
async fn a_write_that_never_ends_is_cancelled_with_its_entry() {
    let (mut up, _dir, _stop) = writer_page("writer-hang-cancel").await;
    let jr = up.start("0", "hang-h.pdf", 10).await;
    let r = up.c.next_ref();
    assert!(up.c.send_message(Message::Binary(chunk_frame(&jr, &r, "lvu:0", b"hang").into())).await);
    assert_eq!(writer_logged("hang-h.pdf", "write hang").await, ["write hang"]);
    view_event(&mut up, "click", "cancel-upload", json!({"ref": "0"})).await;
    assert_eq!(writer_logged("hang-h.pdf", "close Cancelled").await, ["write hang", "close Cancelled"]);
    assert!(up.c.heartbeat().await.is_ok());
}

#[tokio::test]
async fn a_write_past_the_chunk_timeout_fails_the_entry_with_write_timeout() {
    let (mut up, _dir, _stop) = writer_page("writer-hang-timeout").await;
    let jr = up.start("0", "stuck-i.pdf", 10).await;
    let reply = up.chunk("0", &jr, b"hang").await;
    assert_eq!(reply, json!({"status": "error", "response": {"reason": "writer_error"}}));
    view_event(&mut up, "click", "ping", json!({})).await;
    let html = up.html();
    assert!(html.contains("writer_failure: could not be stored (write_timeout)"), "{html}");
    assert_eq!(writer_log("stuck-i.pdf"), ["write hang", "close Failed(\"write_timeout\")"]);
}
