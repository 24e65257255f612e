//! What the browser does with our frames: the phoenix_live_view 1.2.12 client's merge and render
//! algorithm (`rendered.js`), re-expressed over `serde_json::Value`.
//!
//! Tests use it to prove that the join render plus every later diff yields exactly the HTML of a
//! fresh render; the user test harness uses it to show real HTML. It is deliberately strict:
//! where the JS client would throw or print `undefined`, this returns a [`ClientError`].
//!
//! Streams (`phx-update="stream"`) are the one place where the page is more than the render
//! of the cached tree: the client forgets a stream's entries once rendered and keeps the
//! elements in the DOM instead (`dom_patch.ts`). The model keeps those elements too, per stream,
//! and applies each render's inserts, deletes, resets and limits to them as the client does;
//! [`ClientTree::to_html`] shows them where the stream's comprehension renders. (The client
//! counts a limit over all children of the container; the model counts the stream's items,
//! which is the same for containers holding only the stream.)

use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A frame the real client could not have applied correctly.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The payload is not a JSON object.
    #[error("expected a JSON object, got {0}")]
    NotAnObject(String),
    /// A comprehension diff moved an entry without `"km": true` (the JS client throws).
    #[error("comprehension diff moves entries without \"km\": true")]
    MoveWithoutKm,
    /// A comprehension diff lacks `"kc"` (the JS client would empty the list).
    #[error("comprehension diff without \"kc\"")]
    MissingCount,
    /// Integer statics with no template map in scope.
    #[error("template index {0} has no \"p\" entry")]
    UnknownTemplate(u64),
    /// A slot that is missing, `null` or of a type the client prints literally.
    #[error("slot {0} is missing or not a string/number/object")]
    BadSlot(String),
    /// Statics that are not an array of strings.
    #[error("statics are not an array of strings")]
    BadStatics,
    /// A malformed `"stream"` entry, or a stream entry whose root element is not one of the
    /// stream's inserts.
    #[error("stream: {0}")]
    BadStream(String),
}

/// Top-level extras of one applied frame.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Applied {
    /// Push events (`"e"`), as `(name, payload)`.
    pub events: Vec<(String, Value)>,
    /// New page title (`"t"`).
    pub title: Option<String>,
    /// Hook reply (`"r"` at the top of an event reply's diff).
    pub reply: Option<Value>,
}

/// The client's cached tree for one LiveView, and the stream items on its page.
#[derive(Debug, Clone)]
pub struct ClientTree {
    rendered: Map<String, Value>,
    /// Stream ref → its items on the page, in DOM order: (DOM id, HTML).
    streams: BTreeMap<String, Vec<(String, String)>>,
    /// The next render is the join's: stream containers start empty.
    join_patch: bool,
    /// Component roots get `data-phx-component` in [`ClientTree::to_html`].
    component_attrs: bool,
}

/// The components of a render, and whether their roots show their cids.
#[derive(Clone, Copy)]
struct Comps<'a> {
    map: Option<&'a Value>,
    attrs: bool,
}

/// Where a stream comprehension records its ref in the cached tree, so that later renders
/// still show its items (the client keeps them in the DOM, not in the tree).
const STREAM_REF: &str = "lv:stream-ref";
/// Marks where a stream's items go in the rendered HTML, until they are known.
const MARK: char = '\u{1}';

/// One render's operations on one stream, with the HTML of the inserted entries.
struct StreamRender {
    id: String,
    inserts: Vec<(String, Insert)>,
    deletes: Vec<String>,
    reset: bool,
    entries: Vec<String>,
}

#[derive(Clone)]
struct Insert {
    stream: String,
    at: i64,
    limit: Option<i64>,
    update_only: bool,
}

impl ClientTree {
    /// Builds the cache from a join reply's `rendered`.
    pub fn from_join(rendered: Value) -> Result<(Self, Applied), ClientError> {
        let mut tree =
            ClientTree { rendered: Map::new(), streams: BTreeMap::new(), join_patch: true, component_attrs: false };
        let applied = tree.merge(rendered, true)?;
        Ok((tree, applied))
    }

    /// Makes [`ClientTree::to_html`] put `data-phx-component="<cid>"` on each component's
    /// root element, as the client does (the attribute event targeting reads).
    pub fn show_component_ids(&mut self) {
        self.component_attrs = true;
    }

    /// The cids of the components in the cache.
    pub fn component_ids(&self) -> Vec<u64> {
        match self.rendered.get("c") {
            Some(Value::Object(c)) => c.keys().filter_map(|k| k.parse().ok()).collect(),
            _ => Vec::new(),
        }
    }

    /// Drops components from the cache, as the client does with the cids of a
    /// `cids_destroyed` reply.
    pub fn prune_components(&mut self, cids: &[u64]) {
        if let Some(Value::Object(c)) = self.rendered.get_mut("c") {
            for cid in cids {
                c.remove(&cid.to_string());
            }
        }
    }

    /// Merges a diff (an event reply's `diff` or a `diff` push).
    pub fn apply_diff(&mut self, diff: Value) -> Result<Applied, ClientError> {
        self.merge(diff, false)
    }

    fn merge(&mut self, diff: Value, join: bool) -> Result<Applied, ClientError> {
        let Value::Object(mut diff) = diff else {
            return Err(ClientError::NotAnObject(diff.to_string()));
        };
        let mut applied = Applied::default();
        if let Some(Value::Array(events)) = diff.remove("e") {
            for ev in events {
                if let Value::Array(mut parts) = ev
                    && parts.len() >= 2
                {
                    let payload = parts.remove(1);
                    if let Value::String(name) = parts.remove(0) {
                        applied.events.push((name, payload));
                    }
                }
            }
        }
        if let Some(Value::String(t)) = diff.remove("t") {
            applied.title = Some(t);
        }
        if let Some(r) = diff.remove("r") {
            // On join a top-level "r" is the root flag; in a diff it is the hook reply.
            if !join {
                applied.reply = Some(r);
            }
        }
        let components = diff.remove("c");
        if diff.contains_key("s") {
            self.rendered = diff;
        } else {
            merge_object(&mut self.rendered, diff)?;
        }
        let oldc = self.rendered.entry("c").or_insert_with(|| Value::Object(Map::new()));
        if let (Some(Value::Object(newc)), Value::Object(oldc)) = (components, oldc) {
            // rendered.js `mergeDiff`: every new component is resolved (`cachedFindComponent`)
            // against the components as they were before this diff, then all are stored.
            let mut cache = Map::new();
            for cid in newc.keys() {
                find_component(cid, &newc, oldc, &mut cache, 0)?;
            }
            oldc.extend(cache);
        }
        Ok(applied)
    }

    /// Renders the cached tree to HTML, as the client does before morph-patching, and
    /// applies the streams' operations: the HTML is the page after the patch.
    ///
    /// Call it once after each merged frame: like the client's render, it consumes the
    /// streams' operations (a second call shows the same page).
    pub fn to_html(&mut self) -> Result<String, ClientError> {
        let mut out = String::new();
        let components = self.rendered.remove("c");
        let mut streams = Vec::new();
        let comps = Comps { map: components.as_ref(), attrs: self.component_attrs };
        let result = render_node(&mut self.rendered, None, comps, &mut out, &mut streams);
        if let Some(c) = components {
            self.rendered.insert("c".into(), c);
        }
        result?;
        self.patch_streams(streams)?;
        Ok(self.fill_streams(&out))
    }

    /// The DOM ids of stream `id`'s items on the page, in order.
    pub fn stream_items(&self, id: &str) -> Vec<&str> {
        self.streams.get(id).map(|items| items.iter().map(|(id, _)| id.as_str()).collect()).unwrap_or_default()
    }

    /// `dom_patch.ts`: resets and deletes first, the join's clearing, then each inserted
    /// element in render order (update in place, or add at its position and apply its limit).
    fn patch_streams(&mut self, renders: Vec<StreamRender>) -> Result<(), ClientError> {
        let mut inserts: HashMap<String, Insert> = HashMap::new();
        for r in &renders {
            for (dom_id, ins) in &r.inserts {
                inserts.insert(dom_id.clone(), ins.clone());
            }
        }
        // Removed elements that this patch inserts again are restored, not recreated.
        let mut restore: HashSet<String> = HashSet::new();
        let removed = |id: String, restore: &mut HashSet<String>| {
            if inserts.contains_key(&id) {
                restore.insert(id);
            }
        };
        for r in &renders {
            if r.reset {
                for (id, _) in self.streams.entry(r.id.clone()).or_default().drain(..) {
                    removed(id, &mut restore);
                }
            }
            for id in &r.deletes {
                for items in self.streams.values_mut() {
                    if let Some(i) = items.iter().position(|(x, _)| x == id) {
                        let (id, _) = items.remove(i);
                        removed(id, &mut restore);
                    }
                }
            }
        }
        if std::mem::take(&mut self.join_patch) {
            for items in self.streams.values_mut() {
                for (id, _) in items.drain(..) {
                    removed(id, &mut restore);
                }
            }
        }
        for r in renders {
            for html in r.entries {
                let dom_id =
                    root_id(&html).ok_or_else(|| ClientError::BadStream(format!("an item has no id: {html}")))?;
                let ins = inserts.get(&dom_id).cloned().ok_or_else(|| {
                    ClientError::BadStream(format!("item {dom_id:?} is rendered but not in the stream's inserts"))
                })?;
                let existing =
                    self.streams.values_mut().find_map(|items| items.iter_mut().find(|(id, _)| *id == dom_id));
                if let Some((_, old)) = existing {
                    *old = html;
                    continue;
                }
                if ins.update_only && !restore.contains(&dom_id) {
                    continue;
                }
                restore.remove(&dom_id);
                let items = self.streams.entry(ins.stream.clone()).or_default();
                let at = match ins.at {
                    -1 => items.len(),
                    at => usize::try_from(at).unwrap_or(usize::MAX).min(items.len()),
                };
                items.insert(at, (dom_id, html));
                let len = items.len();
                let dropped: Vec<(String, String)> = match ins.limit {
                    Some(limit) if limit < 0 && len as i64 > -limit => items.drain(..len - (-limit) as usize).collect(),
                    Some(limit) if limit >= 0 && len as i64 > limit => items.drain(limit as usize..).collect(),
                    _ => Vec::new(),
                };
                for (id, _) in dropped {
                    removed(id, &mut restore);
                }
            }
        }
        Ok(())
    }

    /// The rendered HTML with each stream's marks replaced by its items.
    fn fill_streams(&self, html: &str) -> String {
        let mut out = String::with_capacity(html.len());
        let mut parts = html.split(MARK);
        out.push_str(parts.next().unwrap_or(""));
        while let (Some(id), Some(after)) = (parts.next(), parts.next()) {
            for (_, item) in self.streams.get(id).into_iter().flatten() {
                out.push_str(item);
            }
            out.push_str(after);
        }
        out
    }
}

impl StreamRender {
    /// Reads a comprehension's `"stream"`: `[ref, [[dom_id, at, limit, update_only], …],
    /// [dom_id, …](, reset)]`.
    fn parse(stream: &Value, entries: Vec<String>) -> Result<StreamRender, ClientError> {
        let bad = || ClientError::BadStream(stream.to_string());
        let parts = stream.as_array().ok_or_else(bad)?;
        let id = parts.first().and_then(Value::as_str).ok_or_else(bad)?.to_owned();
        let mut inserts = Vec::new();
        for ins in parts.get(1).and_then(Value::as_array).ok_or_else(bad)? {
            let ins = ins.as_array().ok_or_else(bad)?;
            let dom_id = ins.first().and_then(Value::as_str).ok_or_else(bad)?.to_owned();
            let at = ins.get(1).and_then(Value::as_i64).ok_or_else(bad)?;
            let limit = ins.get(2).and_then(Value::as_i64);
            let update_only = ins.get(3).is_some_and(truthy);
            inserts.push((dom_id, Insert { stream: id.clone(), at, limit, update_only }));
        }
        let deletes = parts
            .get(2)
            .and_then(Value::as_array)
            .ok_or_else(bad)?
            .iter()
            .map(|d| d.as_str().map(str::to_owned).ok_or_else(bad))
            .collect::<Result<_, _>>()?;
        // `reset !== undefined`: any fourth element resets.
        let reset = parts.len() > 3;
        Ok(StreamRender { id, inserts, deletes, reset, entries })
    }
}

/// JavaScript truthiness of a JSON value.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// rendered.js `cachedFindComponent`: the new tree of component `cid` from its diff. An integer
/// `"s"` shares the statics (and, via the merge, the whole tree) of another component: `+N` a
/// component of the same diff, `-N` (or 0) a component the client already had.
fn find_component(
    cid: &str,
    newc: &Map<String, Value>,
    oldc: &Map<String, Value>,
    cache: &mut Map<String, Value>,
    depth: usize,
) -> Result<Value, ClientError> {
    if let Some(done) = cache.get(cid) {
        return Ok(done.clone());
    }
    let missing = || ClientError::BadSlot(format!("component {cid}"));
    // A cycle of `+N` references overflows the JS stack.
    if depth > newc.len() {
        return Err(missing());
    }
    let Some(Value::Object(cdiff)) = newc.get(cid) else {
        return Err(missing());
    };
    let resolved = match cdiff.get("s") {
        Some(Value::Number(scid)) => {
            let scid = scid.as_i64().ok_or_else(missing)?;
            let base = if scid > 0 {
                find_component(&scid.to_string(), newc, oldc, cache, depth + 1)?
            } else {
                oldc.get(&(-scid).to_string()).cloned().ok_or_else(missing)?
            };
            let Value::Object(mut base) = base else {
                return Err(missing());
            };
            let statics = base.get("s").cloned().ok_or_else(missing)?;
            merge_object(&mut base, cdiff.clone())?;
            base.insert("s".into(), statics);
            Value::Object(base)
        }
        Some(_) => Value::Object(cdiff.clone()),
        None => match oldc.get(cid) {
            Some(Value::Object(old)) => {
                let mut old = old.clone();
                merge_object(&mut old, cdiff.clone())?;
                Value::Object(old)
            }
            _ => Value::Object(cdiff.clone()),
        },
    };
    cache.insert(cid.to_string(), resolved.clone());
    Ok(resolved)
}

fn merge_object(target: &mut Map<String, Value>, source: Map<String, Value>) -> Result<(), ClientError> {
    if let Some(Value::Object(k)) = source.get("k") {
        let k = k.clone();
        return merge_keyed(target, source, k);
    }
    for (key, val) in source {
        match (target.get_mut(&key), val) {
            (Some(Value::Object(t)), Value::Object(v)) if !v.contains_key("s") => merge_object(t, v)?,
            (_, v) => {
                target.insert(key, v);
            }
        }
    }
    Ok(())
}

fn merge_keyed(
    target: &mut Map<String, Value>,
    mut source: Map<String, Value>,
    k: Map<String, Value>,
) -> Result<(), ClientError> {
    // `source.k.km && clone(target)`: moves read from a snapshot taken only when `km` is truthy.
    let moved = k.get("km").is_some_and(truthy);
    let snapshot = if moved { target.get("k").cloned() } else { None };
    let count = k.get("kc").and_then(Value::as_u64).ok_or(ClientError::MissingCount)?;
    // The JS client indexes `target.k` unconditionally: merging a comprehension diff into a
    // node that is not a comprehension throws.
    let Some(Value::Object(tk)) = target.get_mut("k") else {
        return Err(ClientError::BadSlot("k (comprehension diff merged into a non-comprehension)".into()));
    };
    let old_entry = |j: u64| -> Result<Value, ClientError> {
        let snap = snapshot.as_ref().ok_or(ClientError::MoveWithoutKm)?;
        Ok(snap.get(j.to_string()).cloned().unwrap_or(Value::Null))
    };
    for (i, entry) in k {
        if i == "kc" || i == "km" {
            continue;
        }
        match entry {
            Value::Array(parts) => {
                let j = parts.first().and_then(Value::as_u64).ok_or(ClientError::BadSlot(i.clone()))?;
                // `doMutableMerge(old[j], diff)` throws unless both are objects.
                let (Value::Object(mut e), Some(Value::Object(d))) = (old_entry(j)?, parts.get(1)) else {
                    return Err(ClientError::BadSlot(format!(
                        "k.{i} (moved from missing entry {j} or without a diff)"
                    )));
                };
                merge_object(&mut e, d.clone())?;
                tk.insert(i, Value::Object(e));
            }
            Value::Number(j) => {
                let j = j.as_u64().ok_or(ClientError::BadSlot(i.clone()))?;
                tk.insert(i, old_entry(j)?);
            }
            Value::Object(d) => {
                let e = tk.entry(i).or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(e) = e {
                    merge_object(e, d)?;
                }
            }
            _ => return Err(ClientError::BadSlot(i)),
        }
    }
    let old_count = tk.get("kc").and_then(Value::as_u64).unwrap_or(0);
    for i in count..old_count {
        tk.remove(&i.to_string());
    }
    tk.insert("kc".into(), Value::from(count));
    source.remove("k");
    for key in ["stream", "p"] {
        if let Some(v) = source.remove(key) {
            target.insert(key.into(), v);
        }
    }
    Ok(())
}

fn resolve_statics(
    node: &mut Map<String, Value>,
    templates: Option<&Map<String, Value>>,
) -> Result<Vec<String>, ClientError> {
    let statics = match node.get("s") {
        Some(Value::Number(n)) => {
            let idx = n.as_u64().ok_or(ClientError::BadStatics)?;
            templates.and_then(|t| t.get(&idx.to_string())).cloned().ok_or(ClientError::UnknownTemplate(idx))?
        }
        Some(v @ Value::Array(_)) => v.clone(),
        _ => return Err(ClientError::BadStatics),
    };
    node.insert("s".into(), statics.clone());
    match statics {
        Value::Array(a) => a
            .into_iter()
            .map(|s| match s {
                Value::String(s) => Ok(s),
                _ => Err(ClientError::BadStatics),
            })
            .collect(),
        _ => Err(ClientError::BadStatics),
    }
}

fn render_node(
    node: &mut Map<String, Value>,
    templates: Option<&Map<String, Value>>,
    components: Comps<'_>,
    out: &mut String,
    streams: &mut Vec<StreamRender>,
) -> Result<(), ClientError> {
    let own_templates = match node.remove("p") {
        Some(Value::Object(p)) => Some(p),
        _ => None,
    };
    if node.contains_key("k") {
        // `comprehensionToBuffer`: the statics resolve against the enclosing map only; the
        // entries render with `enclosing || own "p"` (an own "p" never overrides).
        let statics = resolve_statics(node, templates)?;
        let templates = templates.or(own_templates.as_ref());
        let count = node.get("k").and_then(|k| k.get("kc")).and_then(Value::as_u64).ok_or(ClientError::MissingCount)?;
        let stream = node.contains_key("stream");
        let mut entries = Vec::new();
        for i in 0..count {
            let mut entry_out = String::new();
            let target = if stream { &mut entry_out } else { &mut *out };
            match node.get_mut("k").and_then(|k| k.get_mut(i.to_string())) {
                Some(Value::Object(entry)) => render_slots(entry, &statics, templates, components, target, streams)?,
                // Without dynamics the JS never reads the (missing) entry.
                _ if statics.len() == 1 => target.push_str(&statics[0]),
                _ => return Err(ClientError::BadSlot(format!("k.{i}"))),
            }
            if stream {
                entries.push(entry_out);
            }
        }
        if let Some(ops) = node.get("stream") {
            // The client keeps a stream's elements, not its entries: once a render did
            // something, the comprehension is emptied and the operations forgotten.
            let render = StreamRender::parse(ops, entries)?;
            node.insert(STREAM_REF.into(), Value::String(render.id.clone()));
            if count > 0 || !render.deletes.is_empty() || render.reset {
                node.remove("stream");
                node.insert("k".into(), serde_json::json!({ "kc": 0 }));
                streams.push(render);
            }
        }
        if let Some(Value::String(id)) = node.get(STREAM_REF) {
            out.push(MARK);
            out.push_str(id);
            out.push(MARK);
        }
        return Ok(());
    }
    // `toOutputBuffer`: a node's own "p" becomes the active map for it and its descendants.
    let templates = own_templates.as_ref().or(templates);
    let statics = resolve_statics(node, templates)?;
    render_slots(node, &statics, templates, components, out, streams)
}

/// The `id` of the first element of `html`.
fn root_id(html: &str) -> Option<String> {
    let start = html.find('<')?;
    let tag = &html[start..start + html[start..].find('>')?];
    let at = tag.find(" id=\"")? + 5;
    let end = tag[at..].find('"')?;
    Some(tag[at..at + end].to_owned())
}

fn render_slots(
    node: &mut Map<String, Value>,
    statics: &[String],
    templates: Option<&Map<String, Value>>,
    components: Comps<'_>,
    out: &mut String,
    streams: &mut Vec<StreamRender>,
) -> Result<(), ClientError> {
    for (i, s) in statics.iter().enumerate() {
        out.push_str(s);
        if i + 1 == statics.len() {
            break;
        }
        match node.get_mut(&i.to_string()) {
            Some(Value::String(t)) => out.push_str(t),
            Some(Value::Object(child)) => render_node(child, templates, components, out, streams)?,
            Some(Value::Number(cid)) => {
                let cid = cid.to_string();
                let mut comp = components
                    .map
                    .and_then(|c| c.get(&cid))
                    .and_then(Value::as_object)
                    .cloned()
                    .ok_or_else(|| ClientError::BadSlot(format!("component {cid}")))?;
                // rendered.js `recursiveCIDToString`: the root element carries its cid.
                let start = out.len();
                render_node(&mut comp, None, components, out, streams)?;
                if components.attrs
                    && let Some(lt) = out[start..].find('<').map(|i| start + i)
                    && let Some(end) = out[lt + 1..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
                        .map(|i| lt + 1 + i)
                {
                    out.insert_str(end, &format!(" data-phx-component=\"{cid}\""));
                }
            }
            _ => return Err(ClientError::BadSlot(i.to_string())),
        }
    }
    Ok(())
}
