//! No import cycles between the files of a crate.
//!
//! Reads every `src/**/*.rs` of every workspace member that has a `src/`, builds the graph "file
//! A uses a name that file B of the same crate defines", and fails listing every cycle as
//! `a.rs -> b.rs -> a.rs`, with the names that tie each pair of files.
//!
//! How the graph is read (by name, with `syn`; no type inference):
//! - the module tree is followed from each crate root (`src/lib.rs`, `src/main.rs`,
//!   `src/bin/*.rs`, `src/bin/*/main.rs`) through `mod x;` (`x.rs`, `x/mod.rs`, `#[path]`) and
//!   inline `mod x { .. }`. A `mod x;` declaration is not an edge by itself;
//! - every `use` leaf (at module level or in a block), and every path of two segments or more in
//!   code, types, patterns and macro input (`crate::a::B`, `super::B`, `sibling::f` after
//!   `use crate::sibling`, `child::f` after `mod child;`), is resolved to the module that DEFINES
//!   the item it names, following `use` and `pub use` re-exports and glob imports. So a child
//!   importing a sibling's type through its parent's re-export is an edge child -> sibling, not
//!   child -> parent; the parent's re-export itself is an edge parent -> sibling;
//! - a `pub use x::*` is an edge to `x`'s file (it hands on all of it); a private glob adds an
//!   edge for each name the file uses through it;
//! - `#[cfg(test)]` items (the `mod tests` blocks with their `use super::*`) are ignored, and so
//!   are paths into other crates (`std::..`, `::x::..`, `liveview_core::..`);
//! - `x.method()` adds nothing by itself: the file that names `x`'s type imports it.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

/// Source files by path ('/'-separated, relative to the workspace root).
type Sources = BTreeMap<String, String>;

/// The file graph: from -> to -> the names that `from` takes from `to`.
type Edges = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

type ModId = usize;

/// The (module, name) lookups under way, so that `use serde;` does not resolve through itself.
type Guard = HashSet<(ModId, String)>;

/// What a name stands for in one module.
#[derive(Debug)]
enum Binding {
    /// An item defined in this module (fn, struct, enum, const, trait, macro_rules, ...).
    Item,
    /// A module declared here (`mod x;` or `mod x { .. }`).
    Module(ModId),
    /// A `use` of this path, resolved from the module that declares it.
    Use(Vec<String>),
}

/// Where a path leads inside the crate.
#[derive(Clone, Debug)]
enum Target {
    Module(ModId),
    /// The module that defines the item, and the item's name.
    Item(ModId, String),
}

#[derive(Debug)]
struct Module {
    file: String,
    /// Where `mod x;` looks for `x.rs` and `x/mod.rs`.
    dir: String,
    /// An inline `mod x { .. }` (a `#[path]` inside one is relative to `dir`, not to the file's folder).
    inline: bool,
    parent: Option<ModId>,
    root: ModId,
    names: HashMap<String, Vec<Binding>>,
    /// Names bound by `use` inside function bodies and blocks: taken as visible in the whole module.
    block_names: HashMap<String, Vec<Binding>>,
    /// `use path::*`, and whether it is public (a re-export).
    globs: Vec<(Vec<String>, bool)>,
    /// Leaves of the `use` declarations.
    uses: Vec<Vec<String>>,
    /// Paths in the module's code (one segment or more).
    paths: Vec<Vec<String>>,
}

/// The module trees of some crate roots, read from `sources`.
struct Tree<'a> {
    sources: &'a Sources,
    modules: Vec<Module>,
    reached: BTreeSet<String>,
    problems: Vec<String>,
}

/// The file graph of some crate roots, and what could not be read.
struct Checked {
    edges: Edges,
    problems: Vec<String>,
    /// Files under `sources` that no crate root reaches.
    unreached: Vec<String>,
}

/// Builds the file graph of the crates rooted at `roots`.
fn check(sources: &Sources, roots: &[String]) -> Checked {
    let mut tree = Tree { sources, modules: Vec::new(), reached: BTreeSet::new(), problems: Vec::new() };
    for root in roots {
        tree.add_root(root);
    }
    let edges = tree.edges();
    let unreached = sources.keys().filter(|f| !tree.reached.contains(*f)).cloned().collect();
    Checked { edges, problems: tree.problems, unreached }
}

impl Tree<'_> {
    fn add_root(&mut self, file: &str) {
        let id = self.modules.len();
        if self.parse_into(file, parent_dir(file), None, id).is_none() {
            self.problems.push(format!("{file}: crate root not found"));
        }
    }

    /// Parses `file` as a new module; `None` if there is no such file.
    fn parse_into(&mut self, file: &str, dir: String, parent: Option<ModId>, root: ModId) -> Option<ModId> {
        let text = self.sources.get(file)?;
        let id = self.new_module(file.to_owned(), dir, false, parent, root);
        self.reached.insert(file.to_owned());
        match syn::parse_file(text) {
            Ok(parsed) => self.add_items(id, &parsed.items),
            Err(e) => self.problems.push(format!("{file}: cannot parse: {e}")),
        }
        Some(id)
    }

    fn new_module(&mut self, file: String, dir: String, inline: bool, parent: Option<ModId>, root: ModId) -> ModId {
        self.modules.push(Module {
            file,
            dir,
            inline,
            parent,
            root,
            names: HashMap::new(),
            block_names: HashMap::new(),
            globs: Vec::new(),
            uses: Vec::new(),
            paths: Vec::new(),
        });
        self.modules.len() - 1
    }

    fn bind(&mut self, m: ModId, name: String, binding: Binding, in_block: bool) {
        let module = &mut self.modules[m];
        let names = if in_block { &mut module.block_names } else { &mut module.names };
        names.entry(name).or_default().push(binding);
    }

    fn add_items(&mut self, m: ModId, items: &[syn::Item]) {
        for item in items {
            if is_cfg_test(item_attrs(item)) {
                continue;
            }
            match item {
                syn::Item::Mod(x) => self.add_mod(m, x),
                syn::Item::Use(u) => {
                    if u.leading_colon.is_none() {
                        let public = !matches!(u.vis, syn::Visibility::Inherited);
                        self.add_use(m, &u.tree, Vec::new(), public, false);
                    }
                }
                syn::Item::ExternCrate(_) => {}
                other => {
                    for name in defined_names(other) {
                        self.bind(m, name, Binding::Item, false);
                    }
                    self.scan(m, other.to_token_stream());
                }
            }
        }
    }

    fn add_mod(&mut self, m: ModId, x: &syn::ItemMod) {
        let name = unraw(&x.ident);
        let (file, dir, inline, root) = {
            let module = &self.modules[m];
            (module.file.clone(), module.dir.clone(), module.inline, module.root)
        };
        let child = if let Some((_, items)) = &x.content {
            let child = self.new_module(file, join(&dir, &name), true, Some(m), root);
            self.add_items(child, items);
            child
        } else {
            let candidates = match path_attr(&x.attrs) {
                Some(p) if inline => vec![join(&dir, &p)],
                Some(p) => vec![join(&parent_dir(&file), &p)],
                None => vec![join(&dir, &format!("{name}.rs")), join(&dir, &format!("{name}/mod.rs"))],
            };
            let Some(found) = candidates.iter().find(|c| self.sources.contains_key(*c)) else {
                self.problems
                    .push(format!("{file}: `mod {name};` names no file (looked for {})", candidates.join(", ")));
                return;
            };
            let child_dir =
                if found.ends_with("/mod.rs") { parent_dir(found) } else { found.trim_end_matches(".rs").to_owned() };
            match self.parse_into(&found.clone(), child_dir, Some(m), root) {
                Some(child) => child,
                None => return,
            }
        };
        self.bind(m, name, Binding::Module(child), false);
    }

    /// Records the leaves of a `use` tree under `prefix`: its names, globs and references.
    fn add_use(&mut self, m: ModId, tree: &syn::UseTree, prefix: Vec<String>, public: bool, in_block: bool) {
        // `use a::b::{self}` imports `a::b`.
        let leaf = |ident: &syn::Ident| {
            let ident = unraw(ident);
            let mut path = prefix.clone();
            if ident != "self" {
                path.push(ident);
            }
            path
        };
        match tree {
            syn::UseTree::Path(p) => {
                let mut prefix = prefix.clone();
                prefix.push(unraw(&p.ident));
                self.add_use(m, &p.tree, prefix, public, in_block);
            }
            syn::UseTree::Name(n) => {
                let path = leaf(&n.ident);
                if let Some(name) = path.last().cloned() {
                    self.bind(m, name, Binding::Use(path.clone()), in_block);
                    self.modules[m].uses.push(path);
                }
            }
            syn::UseTree::Rename(r) => {
                let path = leaf(&r.ident);
                let name = unraw(&r.rename);
                if !path.is_empty() {
                    if name != "_" {
                        self.bind(m, name, Binding::Use(path.clone()), in_block);
                    }
                    self.modules[m].uses.push(path);
                }
            }
            syn::UseTree::Glob(_) => {
                if !prefix.is_empty() {
                    self.modules[m].globs.push((prefix, public && !in_block));
                }
            }
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.add_use(m, tree, prefix.clone(), public, in_block);
                }
            }
        }
    }

    /// Collects the paths in `tokens` (code, types, patterns, macro input) and the `use`
    /// declarations of blocks; skips `#[cfg(test)]` items and statements.
    fn scan(&mut self, m: ModId, tokens: TokenStream) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                TokenTree::Punct(p) if p.as_char() == '#' && is_cfg_test_group(tokens.get(i + 1)) => {
                    // The attributed item or statement ends with its first `{ .. }` or `;`.
                    i += 2;
                    while i < tokens.len() {
                        let end = match &tokens[i] {
                            TokenTree::Group(g) => g.delimiter() == Delimiter::Brace,
                            TokenTree::Punct(p) => p.as_char() == ';',
                            _ => false,
                        };
                        i += 1;
                        if end {
                            break;
                        }
                    }
                }
                TokenTree::Group(g) => {
                    self.scan(m, g.stream());
                    i += 1;
                }
                TokenTree::Ident(id) if id == "use" => {
                    let end = (i..tokens.len())
                        .find(|&j| matches!(&tokens[j], TokenTree::Punct(p) if p.as_char() == ';'))
                        .unwrap_or(tokens.len() - 1);
                    let statement: TokenStream = tokens[i..=end].iter().cloned().collect();
                    if let Ok(u) = syn::parse2::<syn::ItemUse>(statement)
                        && u.leading_colon.is_none()
                    {
                        self.add_use(m, &u.tree, Vec::new(), false, true);
                    }
                    i = end + 1;
                }
                TokenTree::Ident(id) => {
                    let mut path = vec![unraw(id)];
                    let mut j = i + 1;
                    while is_colon2(&tokens, j) {
                        let Some(TokenTree::Ident(next)) = tokens.get(j + 2) else { break };
                        path.push(unraw(next));
                        j += 3;
                    }
                    // `x.field`, `x.method()`, `'label`: not paths.
                    let member =
                        i > 0 && matches!(&tokens[i - 1], TokenTree::Punct(p) if matches!(p.as_char(), '.' | '\''));
                    if !member {
                        self.modules[m].paths.push(path);
                    }
                    i = j;
                }
                TokenTree::Punct(_) if is_colon2(&tokens, i) => {
                    // `::other_crate::x` or `<T as Trait>::f`: not a path of this crate.
                    let mut j = i;
                    while is_colon2(&tokens, j) && matches!(tokens.get(j + 2), Some(TokenTree::Ident(_))) {
                        j += 3;
                    }
                    i = j.max(i + 2);
                }
                _ => i += 1,
            }
        }
    }

    /// Resolves `path` as written in module `from`; `None` for paths out of the crate (or unknown).
    fn resolve(&self, from: ModId, path: &[String], want_module: bool, guard: &mut Guard) -> Option<Target> {
        let (first, rest) = path.split_first()?;
        let mut target = match first.as_str() {
            "crate" | "$crate" => Target::Module(self.modules[from].root),
            "self" => Target::Module(from),
            "super" => Target::Module(self.modules[from].parent?),
            name => self.lookup(from, name, want_module || !rest.is_empty(), true, guard)?,
        };
        for (k, segment) in rest.iter().enumerate() {
            // `Type::assoc`, `Enum::Variant`, `Trait::method`: the item is what is used.
            let Target::Module(m) = target else { break };
            target = match segment.as_str() {
                "self" => Target::Module(m),
                "super" => Target::Module(self.modules[m].parent?),
                name => self.lookup(m, name, want_module || k + 1 < rest.len(), false, guard)?,
            };
        }
        Some(target)
    }

    /// What `name` stands for in module `m`: its own items, modules and imports, else its globs.
    fn lookup(&self, m: ModId, name: &str, want_module: bool, with_blocks: bool, guard: &mut Guard) -> Option<Target> {
        let key = (m, name.to_owned());
        if !guard.insert(key.clone()) {
            return None; // `use serde;`: the crate `serde`, not this very binding
        }
        let module = &self.modules[m];
        let mut found = Vec::new();
        let own = module.names.get(name).into_iter();
        let block = module.block_names.get(name).into_iter().filter(|_| with_blocks);
        for binding in own.chain(block).flatten() {
            match binding {
                Binding::Item => found.push(Target::Item(m, name.to_owned())),
                Binding::Module(child) => found.push(Target::Module(*child)),
                Binding::Use(path) => found.extend(self.resolve(m, path, want_module, guard)),
            }
        }
        if found.is_empty() {
            for (glob, _) in &module.globs {
                if let Some(Target::Module(g)) = self.resolve(m, glob, true, guard) {
                    found.extend(self.lookup(g, name, want_module, false, guard));
                }
            }
        }
        guard.remove(&key);
        let preferred = found.iter().position(|t| matches!(t, Target::Module(_)) == want_module);
        preferred.or(if found.is_empty() { None } else { Some(0) }).map(|k| found.swap_remove(k))
    }

    fn edges(&self) -> Edges {
        let mut edges = Edges::new();
        for (m, module) in self.modules.iter().enumerate() {
            let mut add = |to: &Module, name: String| {
                if to.file != module.file {
                    edges.entry(module.file.clone()).or_default().entry(to.file.clone()).or_default().insert(name);
                }
            };
            let mut guard = HashSet::new();
            for path in &module.uses {
                if let Some(Target::Item(d, name)) = self.resolve(m, path, false, &mut guard) {
                    add(&self.modules[d], name);
                }
            }
            for (glob, public) in &module.globs {
                if *public && let Some(Target::Module(g)) = self.resolve(m, glob, true, &mut guard) {
                    add(&self.modules[g], "*".to_owned());
                }
            }
            for path in &module.paths {
                let target = if let [name] = path.as_slice() {
                    // A bare name is bound in this file (no edge, or the `use` is one), or comes
                    // through a glob import.
                    let bound = module.names.contains_key(name) || module.block_names.contains_key(name);
                    if bound || module.globs.is_empty() {
                        continue;
                    }
                    self.lookup(m, name, false, true, &mut guard)
                } else {
                    self.resolve(m, path, false, &mut guard)
                };
                if let Some(Target::Item(d, name)) = target {
                    add(&self.modules[d], name);
                }
            }
        }
        edges
    }
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(x) => &x.attrs,
        syn::Item::Enum(x) => &x.attrs,
        syn::Item::ExternCrate(x) => &x.attrs,
        syn::Item::Fn(x) => &x.attrs,
        syn::Item::ForeignMod(x) => &x.attrs,
        syn::Item::Impl(x) => &x.attrs,
        syn::Item::Macro(x) => &x.attrs,
        syn::Item::Mod(x) => &x.attrs,
        syn::Item::Static(x) => &x.attrs,
        syn::Item::Struct(x) => &x.attrs,
        syn::Item::Trait(x) => &x.attrs,
        syn::Item::TraitAlias(x) => &x.attrs,
        syn::Item::Type(x) => &x.attrs,
        syn::Item::Union(x) => &x.attrs,
        syn::Item::Use(x) => &x.attrs,
        _ => &[],
    }
}

/// The names an item defines in its module.
fn defined_names(item: &syn::Item) -> Vec<String> {
    let ident = match item {
        syn::Item::Const(x) => Some(&x.ident),
        syn::Item::Enum(x) => Some(&x.ident),
        syn::Item::Fn(x) => Some(&x.sig.ident),
        syn::Item::Macro(x) => x.ident.as_ref(),
        syn::Item::Static(x) => Some(&x.ident),
        syn::Item::Struct(x) => Some(&x.ident),
        syn::Item::Trait(x) => Some(&x.ident),
        syn::Item::TraitAlias(x) => Some(&x.ident),
        syn::Item::Type(x) => Some(&x.ident),
        syn::Item::Union(x) => Some(&x.ident),
        syn::Item::ForeignMod(x) => {
            return x
                .items
                .iter()
                .filter_map(|f| match f {
                    syn::ForeignItem::Fn(f) => Some(unraw(&f.sig.ident)),
                    syn::ForeignItem::Static(s) => Some(unraw(&s.ident)),
                    syn::ForeignItem::Type(t) => Some(unraw(&t.ident)),
                    _ => None,
                })
                .collect();
        }
        _ => None,
    };
    ident.map(unraw).filter(|name| name != "_").into_iter().collect()
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| is_cfg_test_tokens(&a.meta.to_token_stream()))
}

/// `[cfg(test)]`, the bracketed part of an attribute.
fn is_cfg_test_group(tree: Option<&TokenTree>) -> bool {
    matches!(tree, Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket && is_cfg_test_tokens(&g.stream()))
}

fn is_cfg_test_tokens(meta: &TokenStream) -> bool {
    meta.to_string().split_whitespace().collect::<String>() == "cfg(test)"
}

/// `#[path = "..."]` of a `mod x;`.
fn path_attr(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|a| match &a.meta {
        syn::Meta::NameValue(nv) if nv.path.is_ident("path") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    })
}

fn is_colon2(tokens: &[TokenTree], i: usize) -> bool {
    matches!(
        (tokens.get(i), tokens.get(i + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
            if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
    )
}

fn unraw(ident: &proc_macro2::Ident) -> String {
    let s = ident.to_string();
    s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
}

fn parent_dir(file: &str) -> String {
    file.rsplit_once('/').map(|(dir, _)| dir.to_owned()).unwrap_or_default()
}

/// `dir/rel`, with `.` and `..` folded.
fn join(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

// ---------------------------------------------------------------------------------------------
// Cycles
// ---------------------------------------------------------------------------------------------

/// The strongly connected groups of two files or more (Tarjan), each sorted, in file order.
fn tangles(edges: &Edges) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a Edges,
        index: HashMap<&'a str, usize>,
        low: HashMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: HashSet<&'a str>,
        groups: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.edges.get(v).into_iter().flat_map(|to| to.keys()) {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                group.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                s.groups.push(group);
            }
        }
    }
    let mut s = State {
        edges,
        index: HashMap::new(),
        low: HashMap::new(),
        stack: Vec::new(),
        on_stack: HashSet::new(),
        groups: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.groups.sort();
    s.groups
}

/// Every elementary cycle inside `group`, each starting at its smallest file (at most `limit`).
fn cycles_in(edges: &Edges, group: &[String], limit: usize) -> Vec<Vec<String>> {
    /// Extends `path` (indices into `group`, from `start`) by every file past `start`.
    fn walk(
        edges: &Edges,
        group: &[String],
        (start, limit): (usize, usize),
        path: &mut Vec<usize>,
        out: &mut Vec<Vec<String>>,
    ) {
        let last = &group[*path.last().expect("non-empty path")];
        for (k, file) in group.iter().enumerate() {
            if out.len() >= limit || !edges.get(last).is_some_and(|to| to.contains_key(file)) {
                continue;
            }
            if k == start {
                let mut cycle: Vec<String> = path.iter().map(|&i| group[i].clone()).collect();
                cycle.push(group[start].clone());
                out.push(cycle);
            } else if k > start && !path.contains(&k) {
                path.push(k);
                walk(edges, group, (start, limit), path, out);
                path.pop();
            }
        }
    }
    let mut out = Vec::new();
    for start in 0..group.len() {
        walk(edges, group, (start, limit), &mut vec![start], &mut out);
    }
    out
}

/// The cycles of `edges`, in words; `None` if there are none.
fn report(edges: &Edges) -> Option<String> {
    const LIMIT: usize = 50;
    let groups = tangles(edges);
    if groups.is_empty() {
        return None;
    }
    let mut out = format!(
        "{} group(s) of files import each other in a loop. Each cycle, then what ties it \
         (file -> file: the names the first takes from the second):\n",
        groups.len()
    );
    for group in &groups {
        out.push('\n');
        let cycles = cycles_in(edges, group, LIMIT);
        for cycle in &cycles {
            out.push_str(&format!("{}\n", cycle.join(" -> ")));
        }
        if cycles.len() == LIMIT {
            out.push_str(&format!("(only the first {LIMIT} cycles of this group are listed)\n"));
        }
        for from in group {
            for (to, names) in edges.get(from).into_iter().flatten() {
                if group.contains(to) {
                    let names: Vec<&str> = names.iter().map(String::as_str).collect();
                    out.push_str(&format!("  {from} -> {to}: {}\n", names.join(", ")));
                }
            }
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// The workspace
// ---------------------------------------------------------------------------------------------

/// `members = [ .. ]` of the workspace's Cargo.toml.
fn workspace_members(cargo_toml: &str) -> Vec<String> {
    let start = cargo_toml.find("members").expect("`members` in the workspace Cargo.toml");
    let list = &cargo_toml[start..];
    let list = &list[list.find('[').expect("members = [")..list.find(']').expect("members = [ .. ]")];
    list.split('"').skip(1).step_by(2).map(str::to_owned).collect()
}

fn read_rs_files(root: &Path, dir: &str, into: &mut Sources) {
    let entries = std::fs::read_dir(root.join(dir)).unwrap_or_else(|e| panic!("{dir}: {e}"));
    let mut entries: Vec<_> = entries.map(|e| e.expect("directory entry")).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().into_string().expect("UTF-8 file name");
        let path = format!("{dir}/{name}");
        if entry.file_type().expect("file type").is_dir() {
            read_rs_files(root, &path, into);
        } else if name.ends_with(".rs") {
            let text = std::fs::read_to_string(root.join(&path)).unwrap_or_else(|e| panic!("{path}: {e}"));
            into.insert(path, text);
        }
    }
}

/// The crate roots of `member`: `src/lib.rs`, `src/main.rs`, `src/bin/*.rs`, `src/bin/*/main.rs`.
fn crate_roots(member: &str, sources: &Sources) -> Vec<String> {
    let src = format!("{member}/src/");
    sources
        .keys()
        .filter(|f| {
            let Some(rel) = f.strip_prefix(&src) else { return false };
            let parts: Vec<&str> = rel.split('/').collect();
            matches!(parts.as_slice(), ["lib.rs"] | ["main.rs"] | ["bin", _] | ["bin", _, "main.rs"])
        })
        .cloned()
        .collect()
}

#[test]
fn no_import_cycles_between_the_files_of_a_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root");
    let cargo_toml = std::fs::read_to_string(root.join("Cargo.toml")).expect("workspace Cargo.toml");
    let mut sources = Sources::new();
    let mut roots = Vec::new();
    let mut problems = Vec::new();
    for member in workspace_members(&cargo_toml) {
        if !root.join(&member).join("src").is_dir() {
            continue; // `tests/` keeps its files at its top
        }
        read_rs_files(root, &format!("{member}/src"), &mut sources);
        let member_roots = crate_roots(&member, &sources);
        if member_roots.is_empty() {
            problems.push(format!("{member}/src: no crate root (lib.rs, main.rs, bin/*.rs)"));
        }
        roots.extend(member_roots);
    }
    assert!(!roots.is_empty(), "no crate found in the workspace members");

    let checked = check(&sources, &roots);
    problems.extend(checked.problems);
    problems.extend(
        checked
            .unreached
            .iter()
            .map(|f| format!("{f}: no `mod` of a crate root reaches it; its imports were not read")),
    );
    assert!(problems.is_empty(), "the import graph could not be read whole:\n{}", problems.join("\n"));
    if let Some(report) = report(&checked.edges) {
        panic!("import cycles between the files of a crate:\n{report}");
    }
}

// ---------------------------------------------------------------------------------------------
// The checker on small crates
// ---------------------------------------------------------------------------------------------

fn fixture(files: &[(&str, &str)]) -> Checked {
    let sources: Sources = files.iter().map(|(f, text)| (f.to_string(), text.to_string())).collect();
    let checked = check(&sources, &["src/lib.rs".to_owned()]);
    assert!(checked.problems.is_empty(), "{:?}", checked.problems);
    assert!(checked.unreached.is_empty(), "{:?}", checked.unreached);
    checked
}

/// The cycle lines of the report (`a.rs -> b.rs -> a.rs`).
fn cycle_lines(checked: &Checked) -> Vec<String> {
    let report = report(&checked.edges).unwrap_or_default();
    report.lines().filter(|l| l.starts_with("src/") && l.ends_with(".rs")).map(str::to_owned).collect()
}

fn names(checked: &Checked, from: &str, to: &str) -> Vec<String> {
    checked.edges.get(from).and_then(|t| t.get(to)).map(|n| n.iter().cloned().collect()).unwrap_or_default()
}

#[test]
fn checker_finds_a_cycle_of_two_files_with_the_names_that_tie_it() {
    let checked = fixture(&[
        ("src/lib.rs", "mod a; mod b;"),
        ("src/a.rs", "use crate::b::Beta; pub struct Alpha(pub Beta);"),
        ("src/b.rs", "pub struct Beta; pub fn f(a: crate::a::Alpha) -> Beta { a.0 }"),
    ]);
    assert_eq!(cycle_lines(&checked), ["src/a.rs -> src/b.rs -> src/a.rs"]);
    assert_eq!(names(&checked, "src/a.rs", "src/b.rs"), ["Beta"]);
    assert_eq!(names(&checked, "src/b.rs", "src/a.rs"), ["Alpha"]);
    let report = report(&checked.edges).expect("a cycle");
    assert!(report.contains("  src/a.rs -> src/b.rs: Beta\n"), "{report}");
    assert!(report.contains("  src/b.rs -> src/a.rs: Alpha\n"), "{report}");
}

#[test]
fn checker_does_not_count_an_import_through_the_parents_re_export_as_an_edge_to_the_parent() {
    // m/mod.rs re-exports both children; a imports b's `Thing` through it: a -> b, not a -> m.
    let checked = fixture(&[
        ("src/lib.rs", "mod m; pub use m::run;"),
        ("src/m/mod.rs", "mod a; mod b; pub use b::Thing; pub(crate) use a::run;"),
        ("src/m/a.rs", "use super::Thing; pub fn run(t: Thing) -> Thing { t }"),
        ("src/m/b.rs", "pub struct Thing;"),
    ]);
    assert_eq!(cycle_lines(&checked), Vec::<String>::new());
    assert_eq!(names(&checked, "src/m/a.rs", "src/m/b.rs"), ["Thing"]);
    assert_eq!(names(&checked, "src/m/a.rs", "src/m/mod.rs"), Vec::<String>::new());
    assert_eq!(names(&checked, "src/m/mod.rs", "src/m/a.rs"), ["run"]);
    assert_eq!(names(&checked, "src/lib.rs", "src/m/a.rs"), ["run"], "lib.rs -> m/a.rs through two re-exports");
}

#[test]
fn checker_counts_a_child_importing_an_item_its_parent_mod_rs_defines_as_a_cycle() {
    let checked = fixture(&[
        ("src/lib.rs", "mod html;"),
        (
            "src/html/mod.rs",
            "mod parse; pub(crate) struct Errors; pub fn expand() -> Option<Errors> { parse::parse() }",
        ),
        ("src/html/parse.rs", "use super::Errors; pub(crate) fn parse() -> Option<Errors> { None }"),
    ]);
    assert_eq!(cycle_lines(&checked), ["src/html/mod.rs -> src/html/parse.rs -> src/html/mod.rs"]);
    assert_eq!(names(&checked, "src/html/mod.rs", "src/html/parse.rs"), ["parse"]);
    assert_eq!(names(&checked, "src/html/parse.rs", "src/html/mod.rs"), ["Errors"]);
}

#[test]
fn checker_does_not_count_a_mod_declaration_or_test_modules() {
    // lib.rs declares a (no edge); a's test module uses lib.rs's items (ignored).
    let checked = fixture(&[
        ("src/lib.rs", "mod a; pub struct Config; pub fn f() {}"),
        (
            "src/a.rs",
            "pub fn g() {}\n#[cfg(test)]\nmod tests {\n    use super::*;\n    use crate::Config;\n    fn t() { crate::f(); g(); }\n}",
        ),
    ]);
    assert_eq!(checked.edges, Edges::new());
}

#[test]
fn checker_reads_paths_in_bodies_macros_block_uses_and_globs() {
    let checked = fixture(&[
        ("src/lib.rs", "mod a; mod b; mod c; mod d; mod e; pub use e::*;"),
        ("src/a.rs", "pub fn f() { let _ = format!(\"{}\", crate::b::NAME); }"),
        ("src/b.rs", "pub const NAME: &str = \"b\"; pub fn g() { use crate::c; c::h(); }"),
        ("src/c.rs", "use crate::d::*; pub fn h() -> Delta { Delta }"),
        ("src/d.rs", "pub struct Delta;"),
        ("src/e.rs", "pub struct Epsilon;"),
    ]);
    assert_eq!(names(&checked, "src/a.rs", "src/b.rs"), ["NAME"], "a path in a macro's input");
    assert_eq!(names(&checked, "src/b.rs", "src/c.rs"), ["h"], "a module imported in a block");
    assert_eq!(names(&checked, "src/c.rs", "src/d.rs"), ["Delta"], "a name used through a glob");
    assert_eq!(names(&checked, "src/lib.rs", "src/e.rs"), ["*"], "a public glob re-export");
    assert_eq!(cycle_lines(&checked), Vec::<String>::new());
}

#[test]
fn checker_lists_every_cycle_of_a_group_of_three() {
    let checked = fixture(&[
        ("src/lib.rs", "mod http; mod view; mod ws;"),
        ("src/http.rs", "pub struct Shared; pub fn serve() { crate::ws::upgrade(); }"),
        ("src/ws.rs", "use crate::http::Shared; pub fn upgrade() { crate::view::spawn(); } pub struct Outbox(Shared);"),
        ("src/view.rs", "use crate::ws::Outbox; pub fn spawn() {} pub fn s(_: crate::http::Shared, _: Outbox) {}"),
    ]);
    assert_eq!(
        cycle_lines(&checked),
        [
            "src/http.rs -> src/ws.rs -> src/http.rs",
            "src/http.rs -> src/ws.rs -> src/view.rs -> src/http.rs",
            "src/view.rs -> src/ws.rs -> src/view.rs",
        ]
    );
    assert_eq!(names(&checked, "src/view.rs", "src/http.rs"), ["Shared"]);
}
