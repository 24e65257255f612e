//! The page as the browser holds it: real HTML parsed by html5ever (through `scraper`),
//! queried with CSS selectors.

use super::error::TestError;
use scraper::{ElementRef, Html, Selector};

/// One parse of the view's current HTML.
pub(super) struct Dom {
    html: Html,
}

impl Dom {
    /// The view's HTML (the inside of its container).
    pub(super) fn parse_fragment(html: &str) -> Dom {
        Dom { html: Html::parse_fragment(html) }
    }

    /// A whole page.
    pub(super) fn parse_document(html: &str) -> Dom {
        Dom { html: Html::parse_document(html) }
    }

    /// Every element `selector` matches, in document order.
    pub(super) fn select(&self, selector: &str) -> Result<Vec<ElementRef<'_>>, TestError> {
        let parsed = Selector::parse(selector)
            .map_err(|e| TestError::InvalidSelector { selector: selector.to_owned(), why: e.to_string() })?;
        Ok(self.html.select(&parsed).collect())
    }

    /// The first element `selector` matches; an error listing the page's ids when none does.
    pub(super) fn first(&self, selector: &str) -> Result<ElementRef<'_>, TestError> {
        self.select(selector)?
            .into_iter()
            .next()
            .ok_or_else(|| TestError::NoMatch { selector: selector.to_owned(), ids: self.ids() })
    }

    /// Every `id` on the page, in document order.
    pub(super) fn ids(&self) -> Vec<String> {
        let any = Selector::parse("[id]").expect("a constant selector");
        self.html.select(&any).filter_map(|e| e.value().attr("id")).map(|id| format!("#{id}")).collect()
    }
}

/// The element's text, whitespace at both ends trimmed.
pub(super) fn text(el: ElementRef<'_>) -> String {
    el.text().collect::<String>().trim().to_owned()
}

/// The element's opening tag, for error messages.
pub(super) fn opening_tag(el: ElementRef<'_>) -> String {
    let v = el.value();
    let mut out = format!("<{}", v.name());
    for (k, val) in v.attrs() {
        out.push_str(&format!(" {k}=\"{val}\""));
    }
    out.push('>');
    out
}

/// The `phx-value-*` attributes of `el`, as the client's `extractMeta` reads them, plus the
/// element's own `value` where it has one (buttons, inputs, selects, textareas).
pub(super) fn values(el: ElementRef<'_>) -> serde_json::Map<String, serde_json::Value> {
    let v = el.value();
    let mut out = serde_json::Map::new();
    for (k, val) in v.attrs() {
        if let Some(name) = k.strip_prefix("phx-value-") {
            out.insert(name.to_owned(), val.into());
        }
    }
    let own = match v.name() {
        "button" | "option" | "data" => Some(v.attr("value").unwrap_or_default().to_owned()),
        "input" => match v.attr("type").unwrap_or("text") {
            // An unchecked box has no value to send.
            "checkbox" | "radio" if v.attr("checked").is_none() => None,
            "checkbox" | "radio" => Some(v.attr("value").unwrap_or("on").to_owned()),
            _ => Some(v.attr("value").unwrap_or_default().to_owned()),
        },
        "textarea" => Some(text(el)),
        "select" => selected_options(el).into_iter().next(),
        _ => None,
    };
    if let Some(own) = own {
        out.insert("value".to_owned(), own.into());
    }
    out
}

/// The values of a `<select>`'s selected options (the first option when none is marked and
/// the select is single).
pub(super) fn selected_options(select: ElementRef<'_>) -> Vec<String> {
    let options: Vec<ElementRef<'_>> =
        select.descendants().filter_map(ElementRef::wrap).filter(|e| e.value().name() == "option").collect();
    let value = |o: &ElementRef<'_>| o.value().attr("value").map(str::to_owned).unwrap_or_else(|| text(*o));
    let selected: Vec<String> = options.iter().filter(|o| o.value().attr("selected").is_some()).map(value).collect();
    if selected.is_empty() && select.value().attr("multiple").is_none() {
        return options.first().map(value).into_iter().collect();
    }
    selected
}

/// The component an event from `el` goes to, as the client's `targetComponentID` finds it:
/// a `phx-target` that is a cid; a selector: the component around the first element it
/// matches (the client sends to each; an element outside components means the view); no
/// `phx-target`: the view (`None`).
pub(super) fn target_cid(dom: &Dom, el: ElementRef<'_>) -> Option<u32> {
    selector_or_cid(dom, el.value().attr("phx-target")?)
}

/// The component the `target` of a JS push command sends to: a cid (a number, or a string of
/// one) or a selector, as [`target_cid`] reads a `phx-target`.
pub(super) fn push_target_cid(dom: &Dom, target: &serde_json::Value) -> Option<u32> {
    match target {
        serde_json::Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        serde_json::Value::String(s) => selector_or_cid(dom, s),
        _ => None,
    }
}

fn selector_or_cid(dom: &Dom, target: &str) -> Option<u32> {
    if let Ok(cid) = target.trim().parse::<u32>() {
        return Some(cid);
    }
    let matched = dom.select(target).ok()?.into_iter().next()?;
    std::iter::once(matched)
        .chain(matched.ancestors().filter_map(ElementRef::wrap))
        .find_map(|e| e.value().attr("data-phx-component").and_then(|c| c.parse().ok()))
}
