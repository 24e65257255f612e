//! `/form`, `/form/nested` (the same form in a nested LiveView `#nested`) and the form's live
//! component (upstream `form_live.ex`: `FormLive`, `FormLiveNested`, `NestedFormLive`,
//! `FormComponent`).
//!
//! The query parameters configure the form (upstream merges them over the defaults `a=foo`,
//! `b=bar`, `c=baz`, `id=test-form`, `phx-change=validate` and renders from that map):
//! `no-id` (no `id`, so no recovery and no inputs `e`/`f` that point at the form),
//! `no-change-event`, `js-change` (`phx-change` is `JS.push("validate")`), `phx-auto-recover=..`,
//! `disabled-fieldset=..`, `phx-no-unused-field-form`, `phx-no-unused-field-input`,
//! `live-component` (the form lives in a live component, its events targeted at it), `portal`
//! (the form is rendered in a `<template data-phx-portal="body">`, the markup of Phoenix's
//! `<.portal>`, which the client teleports to `<body>`).
//!
//! `validate` merges the form's fields into that map, `save` shows "Form was submitted!",
//! `custom-recovery` sets `b` to "custom value from server", `patch-recovery` patches to
//! `/form?patched=true`. The view's handlers can be held (see [`super::gate`]): the sandbox
//! command `hold`.

use super::gate::Gate;
use crate::conformance::sandbox;
use liveview::form::Param;
use liveview::js::Dispatch;
use liveview::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;

/// The form's configuration and values (upstream's `@params`).
#[derive(Debug, Clone, PartialEq)]
pub struct FormParams {
    map: BTreeMap<String, String>,
    /// `phx-change` is `JS.push("validate")` (`?js-change`).
    js_change: bool,
}

impl FormParams {
    /// The defaults with `query` over them, adjusted as upstream's `update_params`.
    fn new<'a>(query: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut map: BTreeMap<String, String> =
            [("a", "foo"), ("b", "bar"), ("c", "baz"), ("id", "test-form"), ("phx-change", "validate")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
        for (k, v) in query {
            map.insert(k.to_owned(), v.to_owned());
        }
        let mut js_change = false;
        if map.contains_key("no-id") {
            map.remove("id");
        } else if map.contains_key("no-change-event") {
            map.remove("phx-change");
        } else if map.contains_key("js-change") {
            js_change = true;
        }
        FormParams { map, js_change }
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.map.get(key).map(String::as_str)
    }

    /// Merges a form event's fields (strings only; `_target` and lists are left out).
    fn merge(&mut self, event: &Event) {
        if let Some(form) = event.form()
            && let Some(map) = form.params().as_map()
        {
            for (k, v) in map.iter() {
                if let Param::Str(s) = v {
                    self.map.insert(k.to_owned(), s.clone());
                }
            }
        }
    }

    /// What the form's `phx-change` is.
    fn change(&self) -> Option<String> {
        if self.js_change {
            Some(serde_json::to_string(&JS::new().push(elsewhere("validate"))).unwrap_or_default())
        } else {
            self.get("phx-change").map(str::to_owned)
        }
    }
}

/// The form (upstream's `my_form`), its events targeted at `target` when given.
fn my_form(p: &FormParams, target: Option<Myself>) -> Rendered {
    let id = p.get("id");
    html! {
        <form
            id={id}
            phx-submit={elsewhere("save")}
            phx-change={p.change()}
            phx-auto-recover={p.get("phx-auto-recover")}
            phx-no-unused-field={p.get("phx-no-unused-field-form")}
            phx-target={target}
            class="myformclass"
        >
            <fieldset disabled={p.get("disabled-fieldset")}>
                <input type="text" name="a" readonly value={p.get("a")}>
                <input type="text" name="b" value={p.get("b")}>
            </fieldset>
            <input type="text" name="c" value={p.get("c")} phx-no-unused-field={p.get("phx-no-unused-field-input")}>
            <select name="d">
                for option in ["foo", "bar", "baz"] {
                    <option value={option} selected={p.get("d") == Some(option)}>{option}</option>
                }
            </select>
            if let Some(id) = id {
                <input type="text" name="e" form={id} value={p.get("e")}>
            }
            <button type="submit" phx-disable-with="Submitting" phx-click={JS::new().dispatch(Dispatch::new("test"))}>"Submit with JS"</button>
            <button id="submit" type="submit" phx-disable-with="Submitting">"Submit"</button>
            <button type="button" phx-click={elsewhere("button-test")} phx-disable-with="Loading">"Non-form Button"</button>
        </form>
        if let Some(id) = id {
            <input type="text" name="f" form={id} value={p.get("f")}>
        }
    }
}

/// The form in a live component (`?live-component`).
#[live_component]
#[derive(Debug)]
pub struct FormComponent {
    params: FormParams,
    submitted: bool,
}

impl Default for FormComponent {
    fn default() -> Self {
        FormComponent { params: FormParams::new([]), submitted: false }
    }
}

#[live_component]
impl FormComponent {
    fn update(&mut self, params: FormParams) {
        self.params = params;
    }

    #[event("validate")]
    fn validate(&mut self, event: Event) {
        self.params.merge(&event);
    }

    #[event("save")]
    fn save(&mut self) {
        self.submitted = true;
    }

    #[event("custom-recovery")]
    fn custom_recovery(&mut self) {
        self.params.map.insert("b".to_owned(), "custom value from server".to_owned());
    }

    #[event("patch-recovery")]
    fn patch_recovery(&mut self, socket: &mut Socket) {
        socket.push_patch("/form?patched=true");
    }

    fn render(&self, socket: &Socket) -> Rendered {
        html! {
            <div>
                {my_form(&self.params, Some(socket.myself()))}
                if self.submitted {
                    <p>"LC Form was submitted!"</p>
                }
            </div>
        }
    }
}

/// `/form` and, nested, the view of `/form/nested` (which mounts it with its query as the
/// session's `params`).
#[live_view]
#[derive(Debug)]
pub struct FormLive {
    params: FormParams,
    submitted: bool,
    gate: Gate,
}

impl sandbox::Sandbox for FormLive {
    fn sandbox(&mut self, name: &str, _arg: Value, _socket: &mut Socket) -> Result<Value, String> {
        match name {
            "hold" => Ok(self.gate.hold()),
            other => Err(sandbox::unknown(other)),
        }
    }
}

#[live_view]
impl FormLive {
    fn mount(params: &Params, session: &Session) -> Self {
        let params = match session.get::<BTreeMap<String, String>>("params") {
            Some(nested) => FormParams::new(nested.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
            None => FormParams::new(params.query().iter().map(|(k, v)| (k.as_str(), v.as_str()))),
        };
        FormLive { params, submitted: false, gate: Gate::default() }
    }

    async fn handle_params(&mut self) -> Result<()> {
        Ok(())
    }

    #[event("validate")]
    async fn validate(&mut self, event: Event) {
        self.gate.wait("validate").await;
        self.params.merge(&event);
    }

    #[event("save")]
    async fn save(&mut self) {
        self.gate.wait("save").await;
        self.submitted = true;
    }

    #[event("custom-recovery")]
    async fn custom_recovery(&mut self) {
        self.gate.wait("custom-recovery").await;
        self.params.map.insert("b".to_owned(), "custom value from server".to_owned());
    }

    #[event("patch-recovery")]
    async fn patch_recovery(&mut self, socket: &mut Socket) {
        self.gate.wait("patch-recovery").await;
        socket.push_patch("/form?patched=true");
    }

    #[event("button-test")]
    async fn button_test(&mut self) {
        self.gate.wait("button-test").await;
    }

    #[event("sandbox:eval")]
    fn sandbox_eval(&mut self, cmd: sandbox::Eval, socket: &mut Socket) -> Reply {
        sandbox::eval(self, cmd, socket)
    }

    #[info]
    fn sandbox_later(&mut self, msg: sandbox::Later, socket: &mut Socket) {
        sandbox::later(self, msg, socket)
    }

    fn render(&self) -> Rendered {
        let p = &self.params;
        let form = if p.get("live-component").is_some() {
            html! { {live_component::<FormComponent>("form-component", p.clone())} }
        } else {
            my_form(p, None)
        };
        html! {
            if p.get("portal").is_some() {
                <h1>"Form"</h1>
                <template id="form-portal" data-phx-portal="body">
                    <div id="_lv_portal_wrap_form-portal">{form}</div>
                </template>
            } else {
                {form}
            }
            if self.submitted {
                <p>"Form was submitted!"</p>
            }
        }
    }
}

/// `/form/nested`: the form view nested as `#nested`, mounted with this page's query.
#[live_view]
#[derive(Debug, Default)]
pub struct NestedFormLive {
    query: BTreeMap<String, String>,
}

#[live_view]
impl NestedFormLive {
    fn mount(params: &Params) -> Self {
        NestedFormLive { query: params.query().iter().cloned().collect() }
    }

    fn render(&self) -> Rendered {
        html! { {live_render::<FormLive>("nested").session("params", &self.query)} }
    }
}
