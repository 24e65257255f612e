//! Outer inputs of a keyed `for` body: the values it reads from outside the loop.
//!
//! A keyed loop caches each entry's render and re-renders it only when its item or one of these
//! inputs changed, so the generated code hashes the inputs listed here before (and after) the loop.
//! The analysis is syntactic: it walks every expression of the key and the body, tracks which
//! names the loop pattern and the patterns inside the body bind, and records each place
//! (`self.a.b`, `now`) whose root is not bound. Whatever it cannot see through (a macro whose
//! tokens are not expressions, verbatim syntax, a syntax form it does not know) makes the loop
//! [`LoopDeps::opaque`]: missing an input would show a stale row, so it must never be guessed.

use super::analyze::{Slot, Template};
use syn::ext::IdentExt;
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::{BinOp, Block, Expr, Ident, Item, Lit, Member, Pat, Stmt, Token, UseTree};

/// What a `for` body reads from outside the loop.
pub(crate) struct LoopDeps {
    /// Place expressions to hash, each `ROOT(.field)*` where ROOT is `self` or a free identifier
    /// (a single-segment lowercase path not bound by the loop pattern or by a pattern inside the
    /// body whose scope covers the use). Deduplicated by their token text; when one is a prefix of
    /// another (`self.a` and `self.a.b`), only the shorter is kept. In first-seen order.
    pub(crate) paths: Vec<Expr>,
    /// The analysis could not see every input: the generated code must not cache this loop.
    pub(crate) opaque: bool,
}

/// The outer inputs of `for PAT in _, key = KEY { BODY }`.
pub(crate) fn loop_deps(pat: &Pat, key: Option<&Expr>, body: &Template) -> LoopDeps {
    let mut walker = Walker::default();
    // The loop pattern binds over the key as well as the body.
    walker.enter_pat(pat);
    if let Some(key) = key {
        walker.expr(key);
    }
    walker.template(body);
    LoopDeps { paths: walker.paths.into_iter().map(|place| place.expr).collect(), opaque: walker.opaque }
}

/// One recorded place: its segments (`["self", "a", "0"]`) for dedup and prefix tests, and the
/// expression as written, so generated code points at the user's span.
struct Place {
    segments: Vec<String>,
    expr: Expr,
}

/// The walk's state: the names in scope and what has been recorded so far.
#[derive(Default)]
struct Walker {
    /// Names bound at the current point, innermost last; a scope ends by truncating to its mark.
    bound: Vec<String>,
    paths: Vec<Place>,
    opaque: bool,
}

impl Walker {
    fn template(&mut self, template: &Template) {
        for slot in &template.slots {
            self.slot(slot);
        }
    }

    fn slot(&mut self, slot: &Slot) {
        match slot {
            Slot::Child { expr, .. } | Slot::Attr { value: expr, .. } | Slot::Attrs(expr) => self.expr(expr),
            Slot::If { branches, otherwise } => {
                for (cond, body) in branches {
                    // An `if let` binds over its own branch only, not over the `else` branches.
                    let mark = self.bound.len();
                    self.cond(cond);
                    self.template(body);
                    self.bound.truncate(mark);
                }
                if let Some(body) = otherwise {
                    self.template(body);
                }
            }
            Slot::Match { expr, arms } => {
                self.expr(expr);
                for arm in arms {
                    let mark = self.bound.len();
                    self.enter_pat(&arm.pat);
                    if let Some(guard) = &arm.guard {
                        self.expr(guard);
                    }
                    self.template(&arm.body);
                    self.bound.truncate(mark);
                }
            }
            Slot::For { pat, expr, key, body, .. } => {
                // The iterated expression is evaluated outside the inner loop's pattern.
                self.expr(expr);
                let mark = self.bound.len();
                self.enter_pat(pat);
                if let Some(key) = key {
                    self.expr(key);
                }
                self.template(body);
                self.bound.truncate(mark);
            }
        }
    }

    /// Walks `expr`; every variant with sub-expressions is listed, so a new or unknown one makes
    /// the loop opaque instead of silently hiding an input.
    fn expr(&mut self, expr: &Expr) {
        match expr {
            // A path that is not a place is an item (`None`, `MAX`, `Kind::A`): no run-time input.
            Expr::Path(_) => {
                self.place(expr);
            }
            // A field of a non-place (`self.row(i).name`) reads whatever its base reads.
            Expr::Field(field) => {
                if !self.place(expr) {
                    self.expr(&field.base);
                }
            }
            Expr::Lit(_) | Expr::Infer(_) | Expr::Continue(_) => {}
            // A const block cannot read locals or `self`.
            Expr::Const(_) => {}
            Expr::Call(call) => {
                // A path in call position is a function or constructor (`format_row`, `Some`):
                // hashing it would not even compile. Any other callee is a value.
                if !matches!(&*call.func, Expr::Path(_)) {
                    self.expr(&call.func);
                }
                self.exprs(&call.args);
            }
            Expr::MethodCall(call) => {
                self.expr(&call.receiver);
                self.exprs(&call.args);
            }
            Expr::Index(index) => {
                self.expr(&index.expr);
                self.expr(&index.index);
            }
            Expr::Macro(mac) => self.mac(&mac.mac),
            Expr::Closure(closure) => {
                let mark = self.bound.len();
                for input in &closure.inputs {
                    self.enter_pat(input);
                }
                self.expr(&closure.body);
                self.bound.truncate(mark);
            }
            Expr::Block(block) => self.block(&block.block),
            Expr::Async(block) => self.block(&block.block),
            Expr::TryBlock(block) => self.block(&block.block),
            Expr::Unsafe(block) => self.block(&block.block),
            Expr::Loop(looped) => self.block(&looped.body),
            Expr::If(expr_if) => {
                let mark = self.bound.len();
                self.cond(&expr_if.cond);
                self.block(&expr_if.then_branch);
                self.bound.truncate(mark);
                if let Some((_, otherwise)) = &expr_if.else_branch {
                    self.expr(otherwise);
                }
            }
            Expr::While(expr_while) => {
                let mark = self.bound.len();
                self.cond(&expr_while.cond);
                self.block(&expr_while.body);
                self.bound.truncate(mark);
            }
            Expr::ForLoop(for_loop) => {
                self.expr(&for_loop.expr);
                let mark = self.bound.len();
                self.enter_pat(&for_loop.pat);
                self.block(&for_loop.body);
                self.bound.truncate(mark);
            }
            Expr::Match(expr_match) => {
                self.expr(&expr_match.expr);
                for arm in &expr_match.arms {
                    // syn 3 keeps the guard inside the pattern (`Pat::Guard`); `enter_pat` walks it.
                    let mark = self.bound.len();
                    self.enter_pat(&arm.pat);
                    self.expr(&arm.body);
                    self.bound.truncate(mark);
                }
            }
            // A `let` outside a condition binds nothing we could see used: walk its scrutinee.
            Expr::Let(expr_let) => self.expr(&expr_let.expr),
            Expr::Array(array) => self.exprs(&array.elems),
            Expr::Tuple(tuple) => self.exprs(&tuple.elems),
            Expr::Assign(assign) => {
                self.expr(&assign.left);
                self.expr(&assign.right);
            }
            Expr::Binary(binary) => {
                self.expr(&binary.left);
                self.expr(&binary.right);
            }
            Expr::Unary(unary) => self.expr(&unary.expr),
            Expr::Await(expr_await) => self.expr(&expr_await.base),
            Expr::Cast(cast) => self.expr(&cast.expr),
            Expr::Group(group) => self.expr(&group.expr),
            Expr::Paren(paren) => self.expr(&paren.expr),
            Expr::Reference(reference) => self.expr(&reference.expr),
            Expr::RawAddr(raw) => self.expr(&raw.expr),
            Expr::Try(expr_try) => self.expr(&expr_try.expr),
            Expr::Repeat(repeat) => {
                self.expr(&repeat.expr);
                self.expr(&repeat.len);
            }
            Expr::Range(range) => {
                self.opt_expr(range.start.as_deref());
                self.opt_expr(range.end.as_deref());
            }
            Expr::Struct(literal) => {
                for field in &literal.fields {
                    self.expr(&field.expr);
                }
                self.opt_expr(literal.rest.as_deref());
            }
            Expr::Break(expr_break) => self.opt_expr(expr_break.expr.as_deref()),
            Expr::Return(expr_return) => self.opt_expr(expr_return.expr.as_deref()),
            Expr::Yield(expr_yield) => self.opt_expr(expr_yield.expr.as_deref()),
            // Unparsed tokens, or a variant added after this was written: inputs unknown.
            _ => self.opaque = true,
        }
    }

    fn exprs<'e>(&mut self, exprs: impl IntoIterator<Item = &'e Expr>) {
        for expr in exprs {
            self.expr(expr);
        }
    }

    fn opt_expr(&mut self, expr: Option<&Expr>) {
        if let Some(expr) = expr {
            self.expr(expr);
        }
    }

    /// Walks an `if`/`while` condition, leaving its `let` bindings in scope for the caller to end:
    /// in a let-chain (`let Some(x) = a && x > 0`) each `let` also binds over the later operands.
    fn cond(&mut self, cond: &Expr) {
        match cond {
            Expr::Let(expr_let) => {
                // The scrutinee is evaluated before the pattern binds.
                self.expr(&expr_let.expr);
                self.enter_pat(&expr_let.pat);
            }
            Expr::Binary(binary) if matches!(binary.op, BinOp::And(_)) => {
                self.cond(&binary.left);
                self.cond(&binary.right);
            }
            _ => self.expr(cond),
        }
    }

    fn block(&mut self, block: &Block) {
        let mark = self.bound.len();
        // Items are visible in their whole block, before their definition too.
        for stmt in &block.stmts {
            if let Stmt::Item(item) = stmt {
                self.item(item);
            }
        }
        for stmt in &block.stmts {
            match stmt {
                Stmt::Local(local) => {
                    // `let x = x;` reads the outer `x`: the init is walked before the binding.
                    if let Some(init) = &local.init {
                        self.expr(&init.expr);
                        if let Some((_, diverge)) = &init.diverge {
                            self.expr(diverge);
                        }
                    }
                    self.enter_pat(&local.pat);
                }
                Stmt::Expr(expr, _) => self.expr(expr),
                Stmt::Macro(mac) => self.mac(&mac.mac),
                Stmt::Item(_) => {}
            }
        }
        self.bound.truncate(mark);
    }

    /// Binds the value names an item in a block introduces. Items cannot capture locals, so their
    /// bodies read no input; only their names matter, as they shadow outer variables.
    fn item(&mut self, item: &Item) {
        match item {
            Item::Fn(function) => self.bind(&function.sig.ident),
            Item::Const(constant) => self.bind(&constant.ident),
            Item::Static(static_item) => self.bind(&static_item.ident),
            // A tuple struct's name is also its constructor, a value.
            Item::Struct(item) => self.bind(&item.ident),
            Item::Enum(item) => self.bind(&item.ident),
            Item::Union(item) => self.bind(&item.ident),
            Item::Mod(item) => self.bind(&item.ident),
            Item::Use(item) => self.use_tree(&item.tree),
            Item::ExternCrate(_) | Item::Impl(_) | Item::Trait(_) | Item::TraitAlias(_) | Item::Type(_) => {}
            // `macro_rules!`, extern blocks, verbatim items: the names they define are unknown.
            _ => self.opaque = true,
        }
    }

    fn use_tree(&mut self, tree: &UseTree) {
        match tree {
            UseTree::Path(path) => self.use_tree(&path.tree),
            UseTree::Name(name) => self.bind(&name.ident),
            UseTree::Rename(rename) => self.bind(&rename.rename),
            UseTree::Group(group) => {
                for tree in &group.items {
                    self.use_tree(tree);
                }
            }
            // A glob imports names we cannot list, any of which may shadow an outer variable.
            UseTree::Glob(_) => self.opaque = true,
        }
    }

    /// A macro call. The standard formatting macros (and `vec!`) take expressions: they are
    /// walked, and their format string scanned for implicit captures (`{name}`), which read
    /// variables without naming them as tokens. Any other macro's tokens mean what the macro
    /// decides (a `{word}` in a string need not be a capture, `matches!` takes a pattern), so
    /// guessing could record a name that does not exist: the loop is opaque instead.
    fn mac(&mut self, mac: &syn::Macro) {
        let name = mac.path.segments.last().map(|segment| segment.ident.to_string()).unwrap_or_default();
        // The index of the format string among the arguments, for the formatting macros.
        let format_at = match name.as_str() {
            // Expanded at compile time: they read no run-time value.
            "stringify" | "concat" | "env" | "option_env" | "include_str" | "include_bytes" | "file" | "line"
            | "column" | "module_path" | "cfg" => return,
            "format" | "format_args" | "print" | "println" | "eprint" | "eprintln" | "panic" | "todo"
            | "unimplemented" | "unreachable" => Some(0),
            "write" | "writeln" | "assert" | "debug_assert" => Some(1),
            "assert_eq" | "assert_ne" | "debug_assert_eq" | "debug_assert_ne" => Some(2),
            "vec" => None,
            _ => {
                self.opaque = true;
                return;
            }
        };
        let Ok(args) = mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) else {
            self.opaque = true;
            return;
        };
        // `name = value` is a named format argument: `{name}` refers to it, and `name` itself is
        // not a variable.
        let named: Vec<String> = args
            .iter()
            .filter_map(|arg| match arg {
                Expr::Assign(assign) => single_ident(&assign.left).map(Ident::to_string),
                _ => None,
            })
            .collect();
        for (i, arg) in args.iter().enumerate() {
            match arg {
                Expr::Assign(assign) if single_ident(&assign.left).is_some() => self.expr(&assign.right),
                Expr::Lit(syn::ExprLit { lit: Lit::Str(literal), .. }) if Some(i) == format_at => {
                    for capture in format_captures(&literal.value()) {
                        if named.contains(&capture) {
                            continue;
                        }
                        let Ok(mut ident) = Ident::parse_any.parse_str(&capture) else { continue };
                        ident.set_span(literal.span());
                        let expr = Expr::Path(syn::ExprPath { attrs: Vec::new(), qself: None, path: ident.into() });
                        self.place(&expr);
                    }
                }
                _ => self.expr(arg),
            }
        }
    }

    /// Records `expr` if it is a place (`ROOT(.field)*`, see [`place_segments`]) whose root is not
    /// bound here. Returns whether it was a place at all: a bound place reads nothing from outside.
    fn place(&mut self, expr: &Expr) -> bool {
        let Some(segments) = place_segments(expr) else { return false };
        if self.bound.contains(&segments[0]) {
            return true;
        }
        let covers = |short: &[String], long: &[String]| long.starts_with(short);
        // Hashing `self.a` already covers `self.a.b` (and a second `self.a`).
        if self.paths.iter().any(|known| covers(&known.segments, &segments)) {
            return true;
        }
        // The new place replaces the longer ones seen before, at the first one's position.
        let first_covered = self.paths.iter().position(|known| covers(&segments, &known.segments));
        self.paths.retain(|known| !covers(&segments, &known.segments));
        let place = Place { segments, expr: expr.clone() };
        match first_covered {
            Some(at) => self.paths.insert(at, place),
            None => self.paths.push(place),
        }
        true
    }

    /// Binds every name `pat` introduces, then walks the guards inside it (syn 3 parses a match
    /// guard as `Pat::Guard`), which see those names.
    fn enter_pat(&mut self, pat: &Pat) {
        let mut guards = Vec::new();
        self.pat(pat, &mut guards);
        for guard in guards {
            self.expr(guard);
        }
    }

    fn pat<'p>(&mut self, pat: &'p Pat, guards: &mut Vec<&'p Expr>) {
        match pat {
            // An uppercase name is most likely a constant or unit variant; binding it is harmless.
            Pat::Ident(ident) => {
                self.bind(&ident.ident);
                if let Some((_, sub)) = &ident.subpat {
                    self.pat(sub, guards);
                }
            }
            Pat::Guard(guard) => {
                self.pat(&guard.pat, guards);
                guards.push(&guard.guard);
            }
            Pat::Or(or) => {
                for case in &or.cases {
                    self.pat(case, guards);
                }
            }
            Pat::Paren(paren) => self.pat(&paren.pat, guards),
            Pat::Reference(reference) => self.pat(&reference.pat, guards),
            Pat::Type(typed) => self.pat(&typed.pat, guards),
            Pat::Slice(slice) => {
                for elem in &slice.elems {
                    self.pat(elem, guards);
                }
            }
            Pat::Tuple(tuple) => {
                for elem in &tuple.elems {
                    self.pat(elem, guards);
                }
            }
            Pat::TupleStruct(tuple) => {
                for elem in &tuple.elems {
                    self.pat(elem, guards);
                }
            }
            Pat::Struct(strukt) => {
                for field in &strukt.fields {
                    self.pat(&field.pat, guards);
                }
            }
            // Constants, literals, ranges and paths compare against items; they bind nothing.
            Pat::Const(_) | Pat::Lit(_) | Pat::Path(_) | Pat::Range(_) | Pat::Rest(_) | Pat::Wild(_) => {}
            // A pattern macro or verbatim tokens bind names we cannot see.
            _ => self.opaque = true,
        }
    }

    fn bind(&mut self, ident: &Ident) {
        self.bound.push(ident.unraw().to_string());
    }
}

/// `ROOT(.member)*` as segments, or `None` if `expr` is not a place. ROOT is `self` or a
/// single-segment path with no generic arguments whose name does not start uppercase: uppercase
/// names are constants and unit variants, and longer paths are items.
fn place_segments(expr: &Expr) -> Option<Vec<String>> {
    match expr {
        Expr::Field(field) => {
            let mut segments = place_segments(&field.base)?;
            segments.push(match &field.member {
                Member::Named(name) => name.unraw().to_string(),
                Member::Unnamed(index) => index.index.to_string(),
            });
            Some(segments)
        }
        Expr::Path(_) => {
            let name = single_ident(expr)?.unraw().to_string();
            let is_item = name.chars().next().is_some_and(char::is_uppercase);
            (!is_item).then(|| vec![name])
        }
        _ => None,
    }
}

/// The identifier of a plain one-segment path expression (`x`, `self`): no `::`, no qualified
/// self, no generic arguments.
fn single_ident(expr: &Expr) -> Option<&Ident> {
    let Expr::Path(path) = expr else { return None };
    let path_ok = path.qself.is_none() && path.path.leading_colon.is_none() && path.path.segments.len() == 1;
    let segment = path.path.segments.first().filter(|_| path_ok)?;
    segment.arguments.is_none().then_some(&segment.ident)
}

/// The implicit captures of a format string: `name` in `{name}`, `{name:spec}`, and the
/// `width$`/`precision$` parameters of a spec. Escapes (`{{`), positional (`{}`, `{0}`) and
/// spec-only (`{:?}`) arguments capture nothing. Unbalanced braces end the scan: such a string
/// is not a format string.
fn format_captures(text: &str) -> Vec<String> {
    let mut captures = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        if let Some(after) = rest.strip_prefix('{') {
            rest = after;
            continue;
        }
        let Some(close) = rest.find('}') else { break };
        let (argument, spec) = rest[..close].split_once(':').unwrap_or((&rest[..close], ""));
        rest = &rest[close + 1..];
        let mut push = |name: &str| {
            let name = name.trim();
            let is_name = name.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_') && name != "_";
            if is_name && !captures.iter().any(|known| known == name) {
                captures.push(name.to_owned());
            }
        };
        push(argument);
        // `{:>width$.prec$}`: the identifier before each `$`.
        for (at, _) in spec.match_indices('$') {
            let before = &spec[..at];
            let start = before.rfind(|c: char| !(c.is_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
            push(&before[start..]);
        }
    }
    captures
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::Errors;
    use crate::html::{analyze, parse};
    use proc_macro2::TokenStream;
    use quote::{ToTokens, quote};

    /// No recorded paths.
    const NONE: [&str; 0] = [];

    /// The outer inputs (as compact token text) and opacity of the first `for` slot of `tokens`.
    fn deps(tokens: TokenStream) -> (Vec<String>, bool) {
        let mut errors = Errors::default();
        let items = parse::parse(tokens, &mut errors);
        let template = analyze::analyze(items, &mut errors);
        if let Err(errors) = errors.finish() {
            panic!("{:?}", errors.into_iter().map(|e| e.to_string()).collect::<Vec<_>>());
        }
        let Some(Slot::For { pat, key, body, .. }) = template.slots.iter().find(|s| matches!(s, Slot::For { .. }))
        else {
            panic!("no `for` in the template");
        };
        let deps = loop_deps(pat, key.as_deref(), body);
        let paths = deps.paths.iter().map(|p| p.to_token_stream().to_string().replace(' ', "")).collect();
        (paths, deps.opaque)
    }

    /// Just the recorded paths, for a loop that must stay analyzable.
    fn paths(tokens: TokenStream) -> Vec<String> {
        let (paths, opaque) = deps(tokens);
        assert!(!opaque, "unexpectedly opaque; paths: {paths:?}");
        paths
    }

    #[test]
    fn a_body_reading_only_the_row_and_items_has_no_inputs() {
        let (paths, opaque) = deps(quote! {
            for row in &self.rows, key = row.id {
                <li class={Kind::A.class()}>{row.name} {MAX} {None::<u8>.is_some()} {std::f64::consts::PI}</li>
            }
        });
        assert_eq!(paths, NONE);
        assert!(!opaque);
    }

    #[test]
    fn a_field_of_self_is_an_input() {
        let paths = paths(quote! { for row in &self.rows, key = row.id { <li>{row.name} {self.selected}</li> } });
        assert_eq!(paths, ["self.selected"]);
    }

    #[test]
    fn a_method_on_self_makes_self_the_input() {
        assert_eq!(paths(quote! { for row in rows, key = row.id { <li>{self.label(row)}</li> } }), ["self"]);
    }

    #[test]
    fn a_method_on_a_field_makes_the_field_the_input() {
        assert_eq!(paths(quote! { for row in rows, key = row.id { <li>{self.fmt.apply(row.id)}</li> } }), ["self.fmt"]);
    }

    #[test]
    fn self_passed_alone_is_an_input() {
        assert_eq!(
            paths(quote! { for row in rows, key = row.id { <li class={row_class(self, row)}></li> } }),
            ["self"]
        );
    }

    #[test]
    fn a_called_function_is_not_an_input_but_its_arguments_are() {
        let paths =
            paths(quote! { for row in rows, key = row.id { <li>{format_row(row, &self.fmt)} {Some(now)}</li> } });
        assert_eq!(paths, ["self.fmt", "now"]);
    }

    #[test]
    fn a_non_path_callee_is_walked() {
        assert_eq!(paths(quote! { for row in rows, key = row.id { <li>{(self.render)(row)}</li> } }), ["self.render"]);
    }

    #[test]
    fn an_index_records_its_base_and_a_free_index() {
        let paths = paths(quote! { for row in rows, key = row.id { <li>{self.items[i]} {self.items[row.at]}</li> } });
        assert_eq!(paths, ["self.items", "i"]);
    }

    #[test]
    fn unnamed_fields_are_part_of_the_place() {
        assert_eq!(paths(quote! { for row in rows, key = row.id { <li>{self.pair.0} {row.1}</li> } }), ["self.pair.0"]);
    }

    #[test]
    fn positional_format_arguments_of_the_row_are_not_inputs() {
        assert_eq!(paths(quote! { for row in rows, key = row.id { <li>{format_args!("row-{}", row.id)}</li> } }), NONE);
    }

    #[test]
    fn an_implicit_format_capture_is_an_input() {
        let paths = paths(quote! { for row in rows, key = row.id { <li>{format_args!("{prefix}-{}", row.id)}</li> } });
        assert_eq!(paths, ["prefix"]);
    }

    #[test]
    fn format_captures_skip_escapes_positions_and_named_arguments_but_see_spec_parameters() {
        let paths = paths(quote! {
            for row in rows, key = row.id {
                <li>{format!("{{skipped}} {} {0} {:?} {n} {row:?} {:>width$.prec$} {x:w$}", row.id, n = row.n, x = 1)}</li>
            }
        });
        assert_eq!(paths, ["width", "prec", "w"]);
    }

    #[test]
    fn macros_in_statement_position_are_walked() {
        let paths =
            paths(quote! { for row in rows, key = row.id { <li>{{ debug_assert!(self.ok, "{why}"); 1 }}</li> } });
        assert_eq!(paths, ["self.ok", "why"]);
    }

    #[test]
    fn only_the_format_string_is_scanned_for_captures() {
        let paths = paths(
            quote! { for row in rows, key = row.id { <li>{format!("{}-{}", row.id, "{oops}")} {write!(out, "{w}")}</li> } },
        );
        assert_eq!(paths, ["out", "w"]);
    }

    #[test]
    fn a_macro_not_known_to_take_expressions_makes_the_loop_opaque() {
        for body in [
            quote! { for row in rows, key = row.id { <li>{matches!(row.kind, Kind::A { v })}</li> } },
            quote! { for row in rows, key = row.id { <li>{css!("{color}")}</li> } },
        ] {
            assert!(deps(body).1, "opaque");
        }
    }

    #[test]
    fn compile_time_macros_read_no_inputs() {
        assert_eq!(
            paths(quote! { for row in rows, key = row.id { <li>{concat!("{a}", "b")} {stringify!(c)}</li> } }),
            NONE
        );
    }

    #[test]
    fn a_macro_whose_tokens_are_not_expressions_makes_the_loop_opaque() {
        let (_, opaque) = deps(quote! { for row in rows, key = row.id { <li>{vec![row.id; 3].len()}</li> } });
        assert!(opaque);
        let (_, opaque) = deps(quote! { for row in rows, key = row.id { <li>{my_macro!(=> row)}</li> } });
        assert!(opaque);
    }

    #[test]
    fn a_pattern_macro_makes_the_loop_opaque() {
        let (_, opaque) =
            deps(quote! { for row in rows, key = row.id { <li>{match row { bind!(x) => x, _ => 0 }}</li> } });
        assert!(opaque);
    }

    #[test]
    fn a_name_bound_by_a_match_arm_is_not_an_input() {
        let paths = paths(quote! {
            for row in rows, key = row.id {
                <li>{match row.kind { Kind::A(x) => x, Kind::B(v) if v > limit => v, other => other.len() + y }}</li>
            }
        });
        assert_eq!(paths, ["limit", "y"]);
    }

    #[test]
    fn a_name_bound_by_if_let_is_not_an_input_in_its_branch_only() {
        let paths = paths(quote! {
            for row in rows, key = row.id {
                <li>{if let Some(x) = row.parent && x > 0 { x } else { x }}</li>
            }
        });
        assert_eq!(paths, ["x"]);
    }

    #[test]
    fn a_closure_parameter_is_not_an_input() {
        let paths = paths(quote! {
            for row in rows, key = row.id { <li>{row.tags.iter().map(|t| t.len() + offset).sum::<usize>()}</li> }
        });
        assert_eq!(paths, ["offset"]);
    }

    #[test]
    fn a_name_bound_by_an_inner_for_or_while_let_is_not_an_input() {
        let paths = paths(quote! {
            for row in rows, key = row.id {
                <li>{{
                    let mut n = 0;
                    for t in &row.tags { n += t.len() + extra; }
                    while let Some(u) = it.next() { n += u; }
                    n
                }}</li>
            }
        });
        assert_eq!(paths, ["extra", "it"]);
    }

    #[test]
    fn a_block_let_shadows_only_the_statements_after_it() {
        let paths = paths(quote! {
            for row in rows, key = row.id { <li>{{ let y = x + 1; let x = 2; x + y }} {{ let z = z; z }} {z}</li> }
        });
        assert_eq!(paths, ["x", "z"]);
    }

    #[test]
    fn a_block_let_ends_with_its_block() {
        assert_eq!(paths(quote! { for row in rows, key = row.id { <li>{{ let x = 1; x }} {x}</li> } }), ["x"]);
    }

    #[test]
    fn an_item_in_a_block_shadows_outer_names() {
        assert_eq!(
            paths(quote! { for row in rows, key = row.id { <li>{{ let v = helper; fn helper() {} v }}</li> } }),
            NONE
        );
    }

    #[test]
    fn a_shorter_place_subsumes_longer_ones_in_first_seen_order() {
        let paths = paths(quote! {
            for row in rows, key = row.id { <li>{self.a.b} {other} {self.a.c} {self.a} {self.a.d}</li> }
        });
        assert_eq!(paths, ["self.a", "other"]);
    }

    #[test]
    fn repeated_places_are_recorded_once() {
        let paths =
            paths(quote! { for row in rows, key = row.id { <li>{self.x} {self.y.0} {self.x} {self.y.0}</li> } });
        assert_eq!(paths, ["self.x", "self.y.0"]);
    }

    #[test]
    fn the_key_expression_is_walked_with_the_loop_pattern_bound() {
        let paths = paths(quote! { for (i, row) in rows, key = (row.id, i, self.epoch) { <li>{row.name}</li> } });
        assert_eq!(paths, ["self.epoch"]);
    }

    #[test]
    fn nested_template_control_flow_is_walked_with_its_scopes() {
        let paths = paths(quote! {
            for row in &self.rows, key = row.id {
                if let Some(p) = row.parent { <b>{p}</b> } else { <i>{p}</i> }
                match row.kind {
                    Kind::A(inner) if inner > self.min => { <u>{inner}</u> }
                    _ => {self.fallback}
                }
                for cell in &self.cells, key = cell.id { <td>{cell.value} {self.unit}</td> }
                <p>{cell}</p>
            }
        });
        assert_eq!(paths, ["p", "self.min", "self.fallback", "self.cells", "self.unit", "cell"]);
    }

    #[test]
    fn format_captures_scan_braces_in_order() {
        assert_eq!(format_captures("{a}{{b}}{c:>5}{}{0}{:?}{_}{d"), ["a", "c"]);
    }
}
