//! `/form/feedback` (upstream `FormFeedbackLive`, outside any live_session): the
//! backwards-compatibility shim for `phx-feedback-for` (removed from the client in LiveView 1.0).
//!
//! The page's layout adds a script that builds `window.phxFeedbackDom`, the `dom` option of its
//! `LiveSocket` (given with `PageOptions::client_options`): after each patch (and on form reset)
//! it puts `phx-no-feedback` on every `[phx-feedback-for=name]` whose named input the client does
//! not consider used (`isUsedInput`, exported by the client). The view counts `+`/`-` clicks,
//! `validate` and `submit` events, and "Toggle feedback" removes the feedback element's
//! `phx-feedback-for`.

use liveview::prelude::*;

/// The shim (before the client starts); imports `isUsedInput` from the client's module.
pub const PRE_SCRIPT: &str = r##"<script type="module">
import { isUsedInput } from "/assets/phoenix_live_view.esm.js";
const resetFeedbacks = (container, feedbacks) => {
  feedbacks = feedbacks || [...container.querySelectorAll("[phx-feedback-for]")].map((el) => [el, el.getAttribute("phx-feedback-for")]);
  for (const [el, name] of feedbacks) {
    const used = [...container.querySelectorAll(`[name="${name}"], [name="${name}[]"]`)].some((input) => isUsedInput(input));
    if (used || !el.hasAttribute("phx-feedback-for")) el.classList.remove("phx-no-feedback");
    else el.classList.add("phx-no-feedback");
  }
};
window.phxFeedbackDom = (dom) => {
  window.addEventListener("reset", () => resetFeedbacks(document));
  let feedbacks;
  let submitPending = false;
  let inputPending = false;
  window.addEventListener("submit", (e) => (submitPending = e.target));
  window.addEventListener("input", (e) => (inputPending = e.target));
  return {
    onPatchStart(container) {
      feedbacks = [];
      dom.onPatchStart && dom.onPatchStart(container);
    },
    onNodeAdded(node) {
      if (node.hasAttribute && node.hasAttribute("phx-feedback-for")) feedbacks.push([node, node.getAttribute("phx-feedback-for")]);
      dom.onNodeAdded && dom.onNodeAdded(node);
    },
    onBeforeElUpdated(from, to) {
      const fromFor = from.getAttribute("phx-feedback-for");
      const toFor = to.getAttribute("phx-feedback-for");
      if (fromFor || toFor) feedbacks.push([from, fromFor || toFor], [to, toFor || fromFor]);
      dom.onBeforeElUpdated && dom.onBeforeElUpdated(from, to);
    },
    onPatchEnd(container) {
      resetFeedbacks(container, feedbacks);
      // nodes a patch skipped: after an input or a submit, look at all of them
      if (inputPending || submitPending) {
        resetFeedbacks(container);
        inputPending = null;
        submitPending = null;
      }
      dom.onPatchEnd && dom.onPatchEnd(container);
    },
  };
};
</script>
"##;

/// The page's `LiveSocket` options: the shim as `dom`.
pub const CLIENT_OPTIONS: &str = "{dom: window.phxFeedbackDom({})}";

/// `/form/feedback`.
#[live_view]
#[derive(Debug)]
pub struct FormFeedbackLive {
    count: i64,
    submit_count: u64,
    validate_count: u64,
    feedback: bool,
}

impl Default for FormFeedbackLive {
    fn default() -> Self {
        FormFeedbackLive { count: 0, submit_count: 0, validate_count: 0, feedback: true }
    }
}

#[live_view]
impl FormFeedbackLive {
    #[event("validate")]
    fn validate(&mut self) {
        self.validate_count += 1;
    }

    #[event("submit")]
    fn submit(&mut self) {
        self.submit_count += 1;
    }

    #[event("inc")]
    fn inc(&mut self) {
        self.count += 1;
    }

    #[event("dec")]
    fn dec(&mut self) {
        self.count -= 1;
    }

    #[event("toggle-feedback")]
    fn toggle_feedback(&mut self) {
        self.feedback = !self.feedback;
    }

    fn render(&self) -> Rendered {
        html! {
            <style>".phx-no-feedback { display: none; }"</style>
            <p>"Button Count: "{self.count}</p>
            <p>"Validate Count: "{self.validate_count}</p>
            <p>"Submit Count: "{self.submit_count}</p>
            <button phx-click="inc" class="bg-blue-500 text-white p-4">"+"</button>
            <button phx-click="dec" class="bg-blue-500 text-white p-4">"-"</button>
            <form id="myform" name="test" phx-change="validate" phx-submit="submit">
                <input type="text" name="name" class="border border-gray-500" placeholder="type sth">
                <input type="text" name="myfeedback" class="border border-gray-500" placeholder="myfeedback">
                <button type="submit">"Submit"</button>
                <button type="reset">"Reset"</button>
            </form>
            <div phx-feedback-for={self.feedback.then_some("myfeedback")} data-feedback-container>
                "I am visible, because phx-no-feedback is not set for myfeedback!"
            </div>
            <button phx-click="toggle-feedback">"Toggle feedback"</button>
        }
    }
}
