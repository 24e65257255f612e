//! [`Components`]: a view's cid table. Mounts, updates and renders instances, encodes the
//! `"c"` map of a diff (statics shared between instances of one template) and runs the destroy
//! protocol.

use super::lifecycle::{DynComponent, PropsClone, PropsEq};
use super::scope::{self, Key, Request, Scope};
use crate::diff;
use crate::json::{comma, write_uint};
use crate::rendered::{Rendered, Template};
use crate::route::Params;
use crate::socket::Socket;
use crate::view::{Error, Event, Reply, Result, Session};
use std::collections::{BTreeMap, HashMap, VecDeque};

/// The live components of one view, by cid (from 1, never reused).
pub struct Components {
    by_key: HashMap<Key, u32>,
    next_cid: u32,
    entries: BTreeMap<u32, Entry>,
}

struct Entry {
    key: Key,
    name: &'static str,
    state: Box<dyn DynComponent>,
    /// Rendered in this cycle, not yet encoded.
    fresh: Option<Rendered>,
    /// What the client holds (`None`: nothing yet).
    sent: Option<Rendered>,
    /// Named by `cids_will_destroy` and not rendered since.
    marked: bool,
    /// The props of the last render of the embedding view or component.
    props: Option<Box<dyn std::any::Any + Send>>,
    props_eq: PropsEq,
    props_clone: PropsClone,
}

/// Instances to bring up to date after a render ([`Components::run`]).
pub struct Pending(Vec<Request>);

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.iter().map(|r| r.cid)).finish()
    }
}

impl Pending {
    /// Nothing to do.
    pub fn none() -> Self {
        Pending(Vec::new())
    }

    /// Appends `other`'s instances.
    pub fn extend(&mut self, other: Pending) {
        self.0.extend(other.0);
    }
}

impl std::fmt::Debug for Components {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.entries.iter().map(|(cid, e)| (cid, (e.name, &e.key.1)))).finish()
    }
}

impl Default for Components {
    fn default() -> Self {
        Self::new()
    }
}

impl Components {
    /// An empty table; the first cid is 1.
    pub fn new() -> Self {
        Components { by_key: HashMap::new(), next_cid: 1, entries: BTreeMap::new() }
    }

    /// The number of live instances.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is no instance.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether `cid` is a live instance.
    pub fn contains(&self, cid: u32) -> bool {
        self.entries.contains_key(&cid)
    }

    /// Runs `render` (a view's render) so that its `live_component` calls find their cids;
    /// returns the tree and the instances it embeds.
    pub fn render_view(&mut self, render: impl FnOnce() -> Rendered) -> (Rendered, Pending) {
        let s = Scope { by_key: std::mem::take(&mut self.by_key), next_cid: self.next_cid, requests: Vec::new() };
        let (tree, s) = scope::render(s, render);
        self.by_key = s.by_key;
        self.next_cid = s.next_cid;
        (tree, Pending(s.requests))
    }

    /// Undoes the cid allocations of a render whose result is thrown away (it renders
    /// again): its new instances never existed.
    pub fn discard(&mut self, pending: Pending) {
        for r in pending.0 {
            if let Some(new) = r.new {
                self.by_key.remove(&new.key);
                self.next_cid = self.next_cid.min(r.cid);
            }
        }
    }

    /// Adds a re-render of `cid` (the target of an event) to `pending`.
    pub fn target(&self, cid: u32, pending: &mut Pending) {
        if self.entries.contains_key(&cid) {
            pending.0.push(Request { cid, new: None, props: None, from_render: false });
        }
    }

    /// Moves the socket's `send_update`s into `pending`; one for an id with no instance is
    /// logged and dropped.
    pub fn take_updates(&self, socket: &mut Socket, pending: &mut Pending) {
        for u in std::mem::take(&mut socket.updates) {
            match self.by_key.get(&(u.type_id, u.id)) {
                Some(&cid) => pending.0.push(Request { cid, new: None, props: Some(u.props), from_render: false }),
                None => tracing::warn!(component = u.type_name, "send_update to an id with no instance; ignored"),
            }
        }
    }

    /// Runs the event on its target instance; `None` when `event.cid` names no live instance.
    pub async fn handle_event(&mut self, event: Event, socket: &mut Socket) -> Option<Result<Option<Reply>>> {
        let cid = event.cid?;
        let entry = self.entries.get_mut(&cid)?;
        socket.myself = Some(cid);
        let result = entry.state.handle_event(event, socket).await;
        socket.myself = None;
        Some(result)
    }

    /// The type name of instance `cid`, for logs.
    pub fn name(&self, cid: u32) -> Option<&'static str> {
        self.entries.get(&cid).map(|e| e.name)
    }

    /// Mounts new instances, passes props (`update`) and renders every instance in `pending`,
    /// then the instances those renders embed. Returns the cids rendered, in order; their trees
    /// wait for [`Components::write_members`] (or [`Components::write_html`]).
    pub async fn run(&mut self, pending: Pending, socket: &mut Socket) -> Result<Vec<u32>> {
        let result = self.run_queue(pending, socket).await;
        socket.myself = None;
        result
    }

    async fn run_queue(&mut self, pending: Pending, socket: &mut Socket) -> Result<Vec<u32>> {
        let mut queue: VecDeque<Request> = pending.0.into();
        let mut done = Vec::new();
        while let Some(req) = queue.pop_front() {
            socket.myself = Some(req.cid);
            if let Some(new) = req.new {
                let (params, session) = (Params::new(Vec::new(), socket.url()), Session::default());
                let state = (new.mount)(&params, &session, socket).await?;
                let entry = Entry {
                    key: new.key,
                    name: new.name,
                    state,
                    fresh: None,
                    sent: None,
                    marked: false,
                    props: None,
                    props_eq: new.props_eq,
                    props_clone: new.props_clone,
                };
                self.entries.insert(req.cid, entry);
            }
            let Some(entry) = self.entries.get_mut(&req.cid) else {
                continue;
            };
            if let Some(props) = req.props {
                if req.from_render {
                    // The embedding render passed what it passed last time: nothing to do,
                    // unless the client is about to drop the instance (then it is sent again).
                    let same = entry.props.as_deref().is_some_and(|last| (entry.props_eq)(last, &*props));
                    if same && !entry.marked {
                        continue;
                    }
                    entry.props = (entry.props_clone)(&*props);
                }
                entry.state.update(props, socket).await?;
            }
            let s = Scope { by_key: std::mem::take(&mut self.by_key), next_cid: self.next_cid, requests: Vec::new() };
            let state = &entry.state;
            let (tree, s) = scope::render(s, || state.render(socket));
            self.by_key = s.by_key;
            self.next_cid = s.next_cid;
            queue.extend(s.requests);
            if cfg!(debug_assertions) {
                let roots = root_elements(&tree.to_html());
                if roots != 1 {
                    return Err(Error::msg(format!(
                        "live component {} renders {roots} root elements: a component's render must be exactly one element (wrap it in a <div>)",
                        entry.name
                    )));
                }
            }
            entry.fresh = Some(tree);
            if !done.contains(&req.cid) {
                done.push(req.cid);
            }
        }
        Ok(done)
    }

    /// Writes `"c":{..}` for the instances `cids` rendered (nothing if none changed): a diff
    /// against what the client holds, or a full render with `"r":1`. A full render whose
    /// template an instance the client holds already has sends `"s":-N` instead of the
    /// statics; one whose template an instance earlier in this diff sent in full, `"s":N`.
    pub fn write_members(&mut self, out: &mut String, first: &mut bool, cids: &[u32]) {
        let (mark, was_first) = (out.len(), *first);
        comma(out, first);
        out.push_str("\"c\":{");
        let mut any = false;
        // Client-held roots by template fingerprint, built on the first full render.
        let mut held: Option<HashMap<u64, (u32, &'static Template)>> = None;
        let mut in_diff: HashMap<u64, (u32, &'static Template)> = HashMap::new();
        for &cid in cids {
            let Some(entry) = self.entries.get(&cid) else { continue };
            let Some(new) = entry.fresh.as_ref() else { continue };
            let entry_mark = out.len();
            if any {
                out.push(',');
            }
            out.push('"');
            write_uint(out, u64::from(cid));
            out.push_str("\":");
            match &entry.sent {
                Some(old) if !entry.marked => {
                    if diff::write_diff(out, old, new) {
                        any = true;
                    } else {
                        out.truncate(entry_mark);
                    }
                    continue;
                }
                _ => {}
            }
            any = true;
            let template = new.template();
            let held = held.get_or_insert_with(|| {
                let mut m = HashMap::new();
                for (&c, e) in &self.entries {
                    if let (Some(sent), false) = (&e.sent, e.marked) {
                        m.entry(sent.template().fingerprint).or_insert((c, sent.template()));
                    }
                }
                m
            });
            let same = |found: Option<&(u32, &'static Template)>| {
                found.filter(|(n, t)| *n != cid && t.same_as(template)).map(|&(n, _)| n)
            };
            let reference = match same(held.get(&template.fingerprint)) {
                Some(n) => Some(-i64::from(n)),
                None => same(in_diff.get(&template.fingerprint)).map(i64::from),
            };
            out.push('{');
            let mut f = true;
            match reference {
                Some(n) => {
                    diff::write_dynamics_members(out, new, &mut f);
                    comma(out, &mut f);
                    out.push_str("\"s\":");
                    out.push_str(itoa::Buffer::new().format(n));
                }
                None => {
                    diff::write_full_members(out, new, &mut f);
                    out.push_str(",\"r\":1");
                    in_diff.entry(template.fingerprint).or_insert((cid, template));
                }
            }
            out.push('}');
        }
        for &cid in cids {
            if let Some(e) = self.entries.get_mut(&cid)
                && let Some(tree) = e.fresh.take()
            {
                e.sent = Some(tree);
                e.marked = false;
            }
        }
        if any {
            out.push('}');
        } else {
            out.truncate(mark);
            *first = was_first;
        }
    }

    /// The HTML of `root` with every component in place (the dead render), each component's
    /// root element carrying `data-phx-component`.
    pub fn write_html(&self, root: &Rendered, out: &mut String) {
        root.write_html_with(out, &|cid, out| self.component_html(cid, out));
    }

    fn component_html(&self, cid: u32, out: &mut String) {
        let Some(tree) = self.entries.get(&cid).and_then(|e| e.fresh.as_ref().or(e.sent.as_ref())) else {
            return;
        };
        let start = out.len();
        tree.write_html_with(out, &|cid, out| self.component_html(cid, out));
        inject_cid(out, start, cid);
    }

    /// `cids_will_destroy`: marks the instances; unknown cids are logged.
    pub fn will_destroy(&mut self, cids: &[u64]) {
        for &cid in cids {
            match u32::try_from(cid).ok().and_then(|c| self.entries.get_mut(&c)) {
                Some(e) => e.marked = true,
                None => tracing::debug!(cid, "cids_will_destroy names no live component"),
            }
        }
    }

    /// `cids_destroyed`: frees the instances still marked; returns their cids (the reply).
    pub fn destroyed(&mut self, cids: &[u64]) -> Vec<u32> {
        let mut freed = Vec::new();
        for &cid in cids {
            let Ok(cid) = u32::try_from(cid) else { continue };
            if self.entries.get(&cid).is_some_and(|e| e.marked)
                && let Some(e) = self.entries.remove(&cid)
            {
                self.by_key.remove(&e.key);
                freed.push(cid);
            }
        }
        freed
    }
}

/// Inserts ` data-phx-component="cid"` into the first start tag at or after `start`.
fn inject_cid(out: &mut String, start: usize, cid: u32) {
    let Some(lt) = out[start..].find('<').map(|i| start + i) else { return };
    let end = out[lt + 1..].find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/').map(|i| lt + 1 + i);
    if let Some(end) = end {
        out.insert_str(end, &format!(" data-phx-component=\"{cid}\""));
    }
}

/// How many top-level elements (or non-blank text runs) `html` has.
fn root_elements(html: &str) -> usize {
    const VOID: [&str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
        "!doctype",
    ];
    let (mut roots, mut depth, mut rest) = (0usize, 0usize, html);
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
        } else if let Some(after) = rest.strip_prefix("</") {
            depth = depth.saturating_sub(1);
            rest = after.find('>').map_or("", |i| &after[i + 1..]);
        } else if let Some(after) = rest.strip_prefix('<') {
            let name_end = after.find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/').unwrap_or(after.len());
            let name = after[..name_end].to_ascii_lowercase();
            let mut quote = None;
            let mut close = after.len();
            for (i, c) in after.char_indices() {
                match (quote, c) {
                    (None, '"' | '\'') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (None, '>') => {
                        close = i;
                        break;
                    }
                    _ => {}
                }
            }
            if depth == 0 {
                roots += 1;
            }
            let self_closing = after[..close].ends_with('/');
            if !VOID.contains(&name.as_str()) && !self_closing {
                depth += 1;
            }
            rest = after.get(close + 1..).unwrap_or("");
        } else {
            let text_end = rest.find('<').unwrap_or(rest.len());
            if depth == 0 && !rest[..text_end].trim().is_empty() {
                roots += 1;
            }
            rest = &rest[text_end..];
        }
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_elements_counts_top_level_elements_and_text() {
        assert_eq!(root_elements("<div id=\"a\"><span>1</span><br></div>"), 1);
        assert_eq!(root_elements("  <div></div>\n"), 1);
        assert_eq!(root_elements("<div></div><div></div>"), 2);
        assert_eq!(root_elements("text<div></div>"), 2);
        assert_eq!(root_elements("<input value=\"a>b\"><p></p>"), 2);
        assert_eq!(root_elements("<!-- c --><p><img></p>"), 1);
        assert_eq!(root_elements(""), 0);
    }

    #[test]
    fn the_cid_goes_into_the_root_start_tag() {
        let mut out = String::from("x<div id=\"a\"><p></p></div>");
        inject_cid(&mut out, 1, 7);
        assert_eq!(out, "x<div data-phx-component=\"7\" id=\"a\"><p></p></div>");
    }
}
