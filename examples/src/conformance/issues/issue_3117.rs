//! Upstream issue #3117: `test/e2e/support/issues/issue_3117.ex` + `tests/issues/3117.spec.js`.
//!
//! Two live components whose template ends with a function component of static content only
//! (`<div class="static">`), each loading a value asynchronously from `update`; after a live
//! navigation the static part must still be there.
//!
//! Upstream's `assign_async` in the component: here the component starts the task, the view
//! receives its result and forwards it with `send_update`.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3117` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<Issue3117Live>("/issues/3117"));
}

/// `/issues/3117` (also `?nav`).
#[live_view]
#[derive(Debug, Default)]
pub struct Issue3117Live;

/// A row's task finished: `(row id, value)`.
#[derive(Debug)]
pub struct Loaded(String, Result<&'static str, AsyncError<String>>);

#[live_view]
impl Issue3117Live {
    #[info]
    fn loaded(&mut self, Loaded(id, result): Loaded, socket: &mut Socket) {
        if let Ok(value) = result {
            socket.send_update::<Row>(id.clone(), RowProps { id, foo: Some(value) });
        }
    }

    fn render(&self) -> Rendered {
        html! {
            <a id="navigate" {Link::navigate("/issues/3117?nav")}>"Navigate"</a>
            for i in [1, 2] {
                <div>{live_component::<Row>(format!("row-{i}"), RowProps { id: format!("row-{i}"), foo: None })}</div>
            }
        }
    }
}

/// What [`Row`] gets: its id, and the loaded value once its task is done.
#[derive(Debug, Clone, PartialEq)]
pub struct RowProps {
    id: String,
    foo: Option<&'static str>,
}

/// One row: "Example LC Row nil", then ":bar" once loaded, and the static part.
#[live_component]
#[derive(Debug, Default)]
pub struct Row {
    id: String,
    foo: Option<&'static str>,
}

#[live_component]
impl Row {
    fn update(&mut self, props: RowProps, socket: &mut Socket) {
        self.id = props.id;
        match props.foo {
            Some(value) => self.foo = Some(value),
            None => {
                let id = self.id.clone();
                socket.start_async(format!("foo-{id}"), async { Ok::<_, String>(":bar") }, move |r| Loaded(id, r));
            }
        }
    }

    fn render(&self) -> Rendered {
        html! {
            <div id={&self.id}>
                "Example LC Row "{self.foo.unwrap_or("nil")}
                {static_part()}
            </div>
        }
    }
}

/// The function component: static content only.
fn static_part() -> Rendered {
    html! { <div class="static">"static content"</div> }
}
