//! Uploads as the official client performs them: the selection reported through the form's
//! `phx-change`, the preflight, then per entry an upload channel with its chunks and the
//! progress reports.

use super::LiveTest;
use super::dom::Dom;
use super::error::TestError;
use super::form;
use scraper::ElementRef;
use serde_json::{Map, Value, json};
use std::sync::atomic::{AtomicU64, Ordering};

/// Entry refs: the client numbers files from a counter; unique across this process.
static NEXT_ENTRY: AtomicU64 = AtomicU64::new(0);

impl LiveTest {
    /// Selects `files` (name, bytes) in the upload input `input_selector` and uploads them as
    /// the client does: the form's `phx-change` with the selection, then (unless the page
    /// shows errors for it) the preflight and, per accepted entry, its upload channel, chunks
    /// of the server's chunk size and the progress reports. Submit the form afterwards to let
    /// the view consume them.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), liveview::test::TestError> {
    /// let mut lv = liveview::test::LiveTest::connect(liveview_examples::router(), "/upload").await?;
    /// lv.upload("#upload-form input[type=file]", &[("a.txt", b"hello")]).await?;
    /// lv.submit("#upload-form", &[]).await?;
    /// assert_eq!(lv.attr("#uploaded li", "data-size")?.as_deref(), Some("5"));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// No such input, an input that is no upload input or not in a form with `phx-change`,
    /// or the server refused what the client would not expect it to refuse.
    pub async fn upload(&mut self, input_selector: &str, files: &[(&str, &[u8])]) -> Result<(), TestError> {
        self.running()?;
        let (config_ref, name, change, value) = {
            let dom = self.dom();
            let input = dom.first(input_selector)?;
            let config_ref = input.value().attr("data-phx-upload-ref").ok_or_else(|| {
                TestError::Assertion(format!("{input_selector:?} is no upload input (no data-phx-upload-ref)"))
            })?;
            let form =
                form_of(input).ok_or_else(|| TestError::Assertion(format!("{input_selector:?} is not in a form")))?;
            let change = form
                .value()
                .attr("phx-change")
                .ok_or_else(|| TestError::Assertion(format!("the form of {input_selector:?} has no phx-change")))?;
            // A plain event name, or the event of the first `push` of a JS command list.
            let change = super::bindings(change, Map::new())
                .map_err(|why| TestError::Protocol(format!("the form of {input_selector:?} phx-change: {why}")))?
                .into_iter()
                .next()
                .map(|super::Binding::Push { event, .. }| event)
                .ok_or_else(|| {
                    TestError::Assertion(format!("the phx-change of {input_selector:?}'s form pushes nothing"))
                })?;
            let value = form::serialize(form, input_selector, &[], &self.used, false)?;
            let name = input.value().attr("name").unwrap_or_default().to_owned();
            (config_ref.to_owned(), name, change, value)
        };
        let entries: Vec<(String, &[u8], Value)> = files
            .iter()
            .filter(|(_, bytes)| !bytes.is_empty())
            .map(|(file, bytes)| {
                let r = NEXT_ENTRY.fetch_add(1, Ordering::Relaxed).to_string();
                let meta = json!({"path": name, "ref": r, "last_modified": 0, "name": file,
                                  "relative_path": "", "type": mime_of(file), "size": bytes.len()});
                (r, *bytes, meta)
            })
            .collect();
        let metas: Vec<Value> = entries.iter().map(|(_, _, m)| m.clone()).collect();
        let mut uploads = Map::new();
        uploads.insert(config_ref.clone(), Value::Array(metas.clone()));
        self.push(
            "event",
            json!({"type": "form", "event": change, "value": value, "meta": {"_target": name}, "uploads": uploads, "cid": null}),
        )
        .await?;
        if !self.input_attr(&config_ref, "data-phx-error-refs").is_empty() {
            // The client refuses to upload (and to submit) a selection with errors.
            return Ok(());
        }
        let active = self.input_attr(&config_ref, "data-phx-active-refs");
        let active: Vec<&str> = active.split(',').collect();
        let entries: Vec<_> = entries.into_iter().filter(|(r, _, _)| active.contains(&r.as_str())).collect();
        let metas: Vec<Value> =
            metas.into_iter().filter(|m| active.contains(&m["ref"].as_str().unwrap_or(""))).collect();
        let response = self.call("allow_upload", json!({"ref": config_ref, "entries": metas, "cid": null})).await?;
        if response.get("error").is_some() {
            return Ok(());
        }
        let chunk_size = response["config"]["chunk_size"].as_u64().unwrap_or(64_000).max(1) as usize;
        for (entry_ref, bytes, _) in entries {
            let Some(token) = response["entries"][&entry_ref].as_str() else { continue };
            self.send_entry(&config_ref, &entry_ref, token, bytes, chunk_size).await?;
        }
        Ok(())
    }

    /// One entry's upload channel: join with its token, chunks, progress.
    async fn send_entry(
        &mut self,
        config_ref: &str,
        entry_ref: &str,
        token: &str,
        bytes: &[u8],
        chunk_size: usize,
    ) -> Result<(), TestError> {
        let topic = format!("lvu:{entry_ref}");
        let jr = self.conn.next_ref();
        self.conn.send(json!([jr, jr, topic, "phx_join", {"token": token}])).await?;
        let (status, response) = self.await_upload_reply(&topic, &jr).await?;
        if status != "ok" {
            return Err(TestError::Protocol(format!("the upload channel {topic} refused its join: {response}")));
        }
        let mut sent = 0usize;
        let mut last = 0u64;
        for chunk in bytes.chunks(chunk_size) {
            let r = self.conn.next_ref();
            let mut frame = vec![0u8, len(&jr)?, len(&r)?, len(&topic)?, 5];
            frame.extend_from_slice(jr.as_bytes());
            frame.extend_from_slice(r.as_bytes());
            frame.extend_from_slice(topic.as_bytes());
            frame.extend_from_slice(b"chunk");
            frame.extend_from_slice(chunk);
            self.conn.send_binary(frame).await?;
            let (status, response) = self.await_upload_reply(&topic, &r).await?;
            if status != "ok" {
                let reason = response["reason"].as_str().unwrap_or("failed").to_owned();
                if reason == "writer_error" {
                    // As the client does: leave the channel and report nothing more. The view
                    // keeps the entry and pushes what its failure changed (the input's error refs
                    // at least), or navigates away if its progress handler says so.
                    let r = self.conn.next_ref();
                    self.conn.send(json!([jr, r, topic, "phx_leave", {}])).await?;
                    loop {
                        let f = self.conn.recv().await?;
                        if f[2] == self.topic.as_str()
                            && f[0] == self.join_ref.as_str()
                            && self.take_push(f[3].as_str().unwrap_or_default(), &f[4]).await?
                        {
                            return Ok(());
                        }
                    }
                }
                self.call(
                    "progress",
                    json!({"event": null, "ref": config_ref, "entry_ref": entry_ref, "progress": {"error": reason}}),
                )
                .await?;
                return Ok(());
            }
            sent += chunk.len();
            let percent = (sent as u64 * 100) / bytes.len() as u64;
            if percent > last {
                last = percent;
                self.call(
                    "progress",
                    json!({"event": null, "ref": config_ref, "entry_ref": entry_ref, "progress": percent}),
                )
                .await?;
            }
        }
        Ok(())
    }

    /// Sends `event` to the view and applies the diff in its reply; returns the reply.
    async fn call(&mut self, event: &str, payload: Value) -> Result<Value, TestError> {
        let r = self.conn.next_ref();
        self.conn.send(json!([self.join_ref, r, self.topic, event, payload])).await?;
        let (status, response) = self.await_reply(&r).await?;
        if status != "ok" {
            return Err(TestError::Protocol(format!("{event} answered with an error: {response}")));
        }
        if let Some(diff) = response.get("diff") {
            self.apply(diff.clone())?;
        }
        Ok(response)
    }

    /// Reads frames until the reply to `msg_ref` on upload channel `topic`, applying the
    /// view's diffs on the way.
    async fn await_upload_reply(&mut self, topic: &str, msg_ref: &str) -> Result<(String, Value), TestError> {
        loop {
            let f = self.conn.recv().await?;
            if f[2] == topic && f[3] == "phx_reply" && f[1] == msg_ref {
                let status = f[4]["status"].as_str().unwrap_or_default().to_owned();
                return Ok((status, f[4]["response"].clone()));
            }
            if f[2] == self.topic.as_str() && f[0] == self.join_ref.as_str() && f[3] == "diff" {
                self.apply(f[4].clone())?;
            }
        }
    }

    /// An attribute of the upload input whose ref is `config_ref` (empty when absent).
    fn input_attr(&self, config_ref: &str, attr: &str) -> String {
        let dom = Dom::parse_fragment(&self.html);
        let selector = format!("input[data-phx-upload-ref=\"{config_ref}\"]");
        dom.first(&selector).ok().and_then(|el| el.value().attr(attr).map(str::to_owned)).unwrap_or_default()
    }
}

/// The form an input belongs to.
fn form_of(input: ElementRef<'_>) -> Option<ElementRef<'_>> {
    input.ancestors().filter_map(ElementRef::wrap).find(|el| el.value().name() == "form")
}

fn len(s: &str) -> Result<u8, TestError> {
    u8::try_from(s.len()).map_err(|_| TestError::Protocol(format!("{s:?} is too long for a binary frame header")))
}

/// The type a browser gives a file by its extension (a few common ones).
fn mime_of(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).as_deref() {
        Some("txt") => "text/plain",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("pdf") => "application/pdf",
        Some("exe") => "application/x-msdownload",
        _ => "application/octet-stream",
    }
}
