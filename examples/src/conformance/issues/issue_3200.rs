//! Upstream issue #3200: `test/e2e/support/issues/issue_3200.ex` + `tests/issues/3200.spec.js`.
//!
//! Two tabs (live actions `:settings_tab` and `:messages_tab`, switched with `JS.patch`);
//! the messages tab is a live component with a nested component and a form targeted by a
//! selector (`phx-target="#full_add_message_form"`): after a reconnect, form recovery must
//! send the input's value to that component.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::prelude::*;

/// Adds `/issues/3200/settings` and `/issues/3200/messages` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<PanelLive>("/issues/3200/settings").live::<PanelLive>("/issues/3200/messages"));
}

/// The live action, read from the path.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Tab {
    #[default]
    Settings,
    Messages,
}

/// `/issues/3200/settings` and `/issues/3200/messages`.
#[live_view]
#[derive(Debug, Default)]
pub struct PanelLive {
    tab: Tab,
}

#[live_view]
impl PanelLive {
    async fn handle_params(&mut self, socket: &mut Socket) -> Result<()> {
        self.tab = if socket.url().path().ends_with("/messages") { Tab::Messages } else { Tab::Settings };
        Ok(())
    }

    fn render(&self) -> Rendered {
        html! {
            <div>
                <div>
                    <div>
                        {tab_button("Messages tab", "/issues/3200/messages")}
                        {tab_button("Settings tab", "/issues/3200/settings")}
                    </div>
                    <aside>
                        <div>
                            if self.tab == Tab::Messages {
                                <div>{live_component::<MessagesTab>("messages_tab", ())}</div>
                            }
                            if self.tab == Tab::Settings {
                                <div>{live_component::<SettingsTab>("settings_tab", ())}</div>
                            }
                        </div>
                    </aside>
                </div>
            </div>
        }
    }
}

fn tab_button(text: &str, route: &str) -> Rendered {
    html! { <button type="button" phx-click={JS::new().patch(route)}>{text}</button> }
}

/// The settings tab.
#[live_component]
#[derive(Debug, Default)]
pub struct SettingsTab;

#[live_component]
impl SettingsTab {
    fn update(&mut self, _: ()) {}

    fn render(&self) -> Rendered {
        html! { <div>"Settings"</div> }
    }
}

/// `add_message_change`'s payload.
#[derive(Debug, serde::Deserialize)]
pub struct Change {
    #[serde(default)]
    new_message: String,
}

/// The messages tab: a message and the form (its value is reset by each update).
#[live_component]
#[derive(Debug, Default)]
pub struct MessagesTab {
    value: String,
}

#[live_component]
impl MessagesTab {
    fn update(&mut self, _: ()) {
        self.value = String::new();
    }

    #[event("add_message_change")]
    fn add_message_change(&mut self, change: Change) {
        self.value = change.new_message;
    }

    fn render(&self) -> Rendered {
        html! {
            <div>
                {live_component::<MessageComponent>("some_unique_message_id", "Example message".to_owned())}
                <form id="full_add_message_form" phx-change="add_message_change" phx-submit={elsewhere("add_message")} phx-target="#full_add_message_form">
                    <div phx-feedback-for="new_message">
                        <input name="new_message" id="new_message_input" value={&self.value} />
                    </div>
                </form>
            </div>
        }
    }
}

/// One message.
#[live_component]
#[derive(Debug, Default)]
pub struct MessageComponent {
    message: String,
}

#[live_component]
impl MessageComponent {
    fn update(&mut self, message: String) {
        self.message = message;
    }

    fn render(&self) -> Rendered {
        html! { <div>{&self.message}</div> }
    }
}
