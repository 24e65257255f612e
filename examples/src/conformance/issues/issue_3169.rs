//! Upstream issue #3169: `test/e2e/support/issues/issue_3169.ex` + `tests/issues/3169.spec.js`.
//!
//! Three levels of live components: selecting a record makes the first (`form_view`) drop its
//! child, `send_update` itself to load the record (50 ms), and render the child (`core`)
//! again, whose form renders a third (`column-<random id>`) with function components: the
//! components that come back on the page must be change-tracked correctly (every input
//! shows the new record's name).
//!
//! Outside any live_session upstream, with a layout of its own whose `LiveSocket` has no
//! options and is not on `window`; the default layout serves here (nothing in the test reads
//! the difference).

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;
use std::time::Duration;

/// Adds `/issues/3169`, outside any live_session.
pub fn routes(r: &mut Routes) {
    r.outside(|r| r.live::<Issue3169Live>("/issues/3169"));
}

/// `/issues/3169`.
#[live_view]
#[derive(Debug, Default)]
pub struct Issue3169Live {
    selected: Option<String>,
}

/// `select`'s payload.
#[derive(Debug, serde::Deserialize)]
pub struct Select {
    name: String,
}

#[live_view]
impl Issue3169Live {
    #[event("select")]
    fn select(&mut self, select: Select) {
        self.selected = Some(select.name);
    }

    fn render(&self) -> Rendered {
        html! {
            "HomeLive "{live_component::<FormComponent>("form_view", FormComponentProps::Selected(self.selected.clone()))}
            <button id="select-a" phx-click="select" phx-value-name="a">"Select A"</button>
            <button id="select-b" phx-click="select" phx-value-name="b">"Select B"</button>
            <button id="select-z" phx-click="select" phx-value-name="z">"Select Z"</button>
        }
    }
}

/// A record: a random id and a name.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    id: u32,
    name: String,
}

/// What [`FormComponent`] receives: the parent's selection, or its own load request.
#[derive(Debug, Clone, PartialEq)]
pub enum FormComponentProps {
    /// The parent's `selected` assign.
    Selected(Option<String>),
    /// Upstream's `send_update(.., action: {:load, name})`.
    Load(String),
}

/// The first level (c1).
#[live_component]
#[derive(Debug, Default)]
pub struct FormComponent {
    record: Option<Record>,
}

#[live_component]
impl FormComponent {
    fn update(&mut self, props: FormComponentProps, socket: &mut Socket) {
        match props {
            FormComponentProps::Selected(None) => {}
            FormComponentProps::Selected(Some(name)) => {
                socket.send_update::<FormComponent>("form_view", FormComponentProps::Load(name));
                self.record = None;
            }
            FormComponentProps::Load(name) => {
                // upstream's :timer.sleep(50): the component's process is busy meanwhile
                std::thread::sleep(Duration::from_millis(50));
                self.record = Some(Record { id: rand::random_range(1..=1_000_000), name: format!("Record {name}") });
            }
        }
    }

    fn render(&self) -> Rendered {
        html! {
            <div>
                "FormComponent (c1)"
                if let Some(record) = &self.record {
                    <div>{live_component::<FormCore>("core", record.clone())}</div>
                }
                <hr />
            </div>
        }
    }
}

/// The second level (c2): a form around the third.
#[live_component]
#[derive(Debug, Default)]
pub struct FormCore {
    record: Option<Record>,
}

#[live_component]
impl FormCore {
    fn update(&mut self, record: Record) {
        self.record = Some(record);
    }

    fn render(&self) -> Rendered {
        let (id, name) = self.record.as_ref().map(|r| (r.id, r.name.clone())).unwrap_or_default();
        html! {
            <div>
                "FormCore (c2)"
                <form>
                    {live_component::<FormColumn>(format!("column-{id}"), name)}
                </form>
            </div>
        }
    }
}

/// The third level (c3): the name in inputs, directly and through function components.
#[live_component]
#[derive(Debug, Default)]
pub struct FormColumn {
    name: String,
}

#[live_component]
impl FormColumn {
    fn update(&mut self, name: String) {
        self.name = name;
    }

    fn render(&self) -> Rendered {
        html! {
            <div>
                "FormColumn (c3) "<input type="text" value={&self.name} />
                {input(&self.name)}
                {test("foo")}
            </div>
        }
    }
}

/// Upstream's `Components.input`.
fn input(value: &str) -> Rendered {
    html! {
        <div>
            {value}
            <input type="text" value={value} />
            {input_two(value)}
        </div>
    }
}

/// Upstream's `Components.input_two`.
fn input_two(value: &str) -> Rendered {
    html! {
        <div>
            {value}
            <input type="text" value={value} />
        </div>
    }
}

/// Upstream's `Components.test`.
fn test(var: &str) -> Rendered {
    html! { "This is a test! "{var} }
}
