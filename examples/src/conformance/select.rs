//! Upstream group `support/select_live.ex + tests/select.spec.js`: `/select` (live_session
//! `default`), a playground of four selects in one `phx-change` form:
//!
//! - select 1: fixed options;
//! - select 2: options 1..10, one more appended after a 5 s countdown ("Schedule select2 update");
//! - select 3: options 1..10, validated like upstream's Ecto changeset (`validate_number(:select3,
//!   greater_than: 5)`): once the field is used (the client sends no `_unused_select3`), a value
//!   of 5 or less gives the select the class `has-error`;
//! - select 4: options 1..10, its value set to a random one after a 5 s countdown.
//!
//! "Enable ticking" re-renders the page every second (a `tick` counter).

use super::routes::Routes;
use liveview::form::Param;
use liveview::prelude::*;
use std::time::Duration;

/// Adds `/select`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<SelectLive>("/select"));
}

/// One tick of the 1 s ticker; carries the ticker's generation (a stopped ticker's ticks are dropped).
#[derive(Debug)]
pub struct Tick(u64);

/// One step of a countdown (select 2 or 4).
#[derive(Debug)]
pub struct Countdown(Which);

/// The select a countdown updates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// Select 2 gains an option.
    Select2,
    /// Select 4 gets a random value.
    Select4,
}

/// `/select`.
#[live_view]
#[derive(Debug)]
pub struct SelectLive {
    tick: u64,
    /// `Some(generation)` while ticking.
    ticking: Option<u64>,
    generation: u64,
    select2_countdown: Option<u32>,
    select4_countdown: Option<u32>,
    select2_opts: Vec<u32>,
    select4_value: String,
    /// The form's values by field (`select1`..`select4`).
    values: [Option<String>; 4],
    /// Whether select 3 shows its error.
    select3_error: bool,
}

impl Default for SelectLive {
    fn default() -> Self {
        SelectLive {
            tick: 0,
            ticking: None,
            generation: 0,
            select2_countdown: None,
            select4_countdown: None,
            select2_opts: (1..=10).collect(),
            select4_value: "1".to_owned(),
            values: [None, None, Some("2".to_owned()), None],
            select3_error: false,
        }
    }
}

const FIELDS: [&str; 4] = ["select1", "select2", "select3", "select4"];

#[live_view]
impl SelectLive {
    #[event("validate")]
    fn validate(&mut self, event: Event) {
        let Some(form) = event.form() else { return };
        let params = form.params().get("select_form");
        for (i, field) in FIELDS.iter().enumerate() {
            self.values[i] = params.and_then(|p| p.get(field)).and_then(Param::as_str).map(str::to_owned);
        }
        // The changeset's error on select3 (cast to an integer, then greater than 5), shown
        // only once the field is used.
        let used = params.is_some_and(|p| p.get("select3").is_some()) && !form.is_unused("select_form[select3]");
        let invalid = match self.values[2].as_deref() {
            None | Some("") => false,
            Some(v) => v.parse::<i64>().map_or(true, |n| n <= 5),
        };
        self.select3_error = used && invalid;
    }

    #[event("toggle-tick")]
    fn toggle_tick(&mut self, socket: &mut Socket) {
        if self.ticking.take().is_none() {
            self.generation += 1;
            self.ticking = Some(self.generation);
            socket.send_after(Duration::from_secs(1), Tick(self.generation));
        }
    }

    #[event("schedule-select2-update")]
    fn schedule_select2(&mut self, socket: &mut Socket) {
        self.select2_countdown = Some(5);
        socket.send_after(Duration::from_secs(1), Countdown(Which::Select2));
    }

    #[event("schedule-select4-update")]
    fn schedule_select4(&mut self, socket: &mut Socket) {
        self.select4_countdown = Some(5);
        socket.send_after(Duration::from_secs(1), Countdown(Which::Select4));
    }

    #[info]
    fn tick(&mut self, Tick(generation): Tick, socket: &mut Socket) {
        if self.ticking == Some(generation) {
            self.tick += 1;
            socket.send_after(Duration::from_secs(1), Tick(generation));
        }
    }

    #[info]
    fn countdown(&mut self, Countdown(which): Countdown, socket: &mut Socket) {
        let slot = match which {
            Which::Select2 => &mut self.select2_countdown,
            Which::Select4 => &mut self.select4_countdown,
        };
        match *slot {
            Some(0) => {
                *slot = None;
                match which {
                    Which::Select2 => {
                        let next = self.select2_opts.iter().max().map_or(1, |m| m + 1);
                        self.select2_opts.push(next);
                    }
                    Which::Select4 => self.select4_value = rand::random_range(1..=10u32).to_string(),
                }
            }
            Some(n) => {
                *slot = Some(n - 1);
                socket.send_after(Duration::from_secs(1), Countdown(which));
            }
            None => {}
        }
    }

    fn render(&self) -> Rendered {
        let fixed = ["these options", "are fixed"].map(str::to_owned);
        let select2: Vec<String> = self.select2_opts.iter().map(u32::to_string).collect();
        let one_to_ten: Vec<String> = (1..=10).map(|n: u32| n.to_string()).collect();
        html! {
            <style>"
      * { font-size: unset; }
      body { padding: 20px; max-width: 500px; font-family: sans-serif; }
      .has-error { border: 5px solid red; }
      select { border: 1px solid black; }
            "</style>
            <h1>"Select Playgroud"</h1>
            <p>"This page contains multiple select inputs to test various behaviors. Sadly, we cannot test all of them automatically, as there is no way to assert the state of an open select's native UI."</p>
            "Tick: "{self.tick}
            <div style="display: flex; flex-direction: column; gap: 8px">
                <button phx-click="toggle-tick">{if self.ticking.is_some() { "Disable" } else { "Enable" }}" ticking"</button>
                if let Some(n) = self.select2_countdown {
                    <span>"Select 2 will update in "{n}"s"</span>
                } else {
                    <button phx-click="schedule-select2-update">"Schedule select2 update"</button>
                }
                if let Some(n) = self.select4_countdown {
                    <span>"Select 4 will update in "{n}"s"</span>
                } else {
                    <button phx-click="schedule-select4-update">"Schedule select4 update"</button>
                }
            </div>
            <form phx-change="validate">
                <h2>"Select 1"</h2>
                <p>"The select should not close when the page is patched while it is open. You can simulate patching by enabling ticking above."</p>
                {select("select1", &fixed, self.values[0].as_deref(), false)}
                <hr>
                <h2>"Select 2"</h2>
                <p>"The second select's options will be updated after a 5s timeout (button on top). This can be used to test the behavior of the select when its options change while it is open."</p>
                {select("select2", &select2, self.values[1].as_deref(), false)}
                <hr>
                <h2>"Select 3"</h2>
                <p>"Error classes are correctly applied to the third select. It should have a red border for all values from 1 to 5. The border should disappear when selecting 6 or higher."</p>
                {select("select3", &one_to_ten, self.values[2].as_deref(), self.select3_error)}
                <hr>
                <h2>"Select 4"</h2>
                <p>"The selected value of this field changes after a 5s timeout (button on top). This can be used to test the behavior of the select when its value changes while it is open. We expect the value to be ignored if the select is open, as value changes to focused inputs are ignored."</p>
                {select("select4", &one_to_ten, Some(&self.select4_value), false)}
                <hr>
            </form>
        }
    }
}

/// A select of form `select_form` (upstream's `input type="select"` core component).
fn select(field: &str, options: &[String], value: Option<&str>, error: bool) -> Rendered {
    html! {
        <div>
            <select id={format_args!("select_form_{field}")} name={format_args!("select_form[{field}]")} class={error.then_some("has-error")}>
                for option in options {
                    <option value={option} selected={value == Some(option.as_str())}>{option}</option>
                }
            </select>
        </div>
    }
}
