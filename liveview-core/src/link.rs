//! Live links: the attributes the official client reads on an `<a>`, as a value to spread in
//! `html!` (`<a {Link::navigate("/items")}>`).
//!
//! - [`Link::patch`]: same view, new URL (`handle_params` runs; no mount);
//! - [`Link::navigate`]: another view mounts over the same socket (a full page load when the
//!   target is in another `live_session`);
//! - `.replace()`: replace the browser history entry instead of pushing one.
//!
//! The `href` is escaped like every attribute value.

use crate::socket::Location;

/// A live link's attributes: `href`, `data-phx-link` and `data-phx-link-state`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    href: String,
    kind: &'static str,
    replace: bool,
}

impl Link {
    /// A link that patches the current view to `to` (`<.link patch={..}>` in Phoenix).
    pub fn patch(to: impl Into<Location>) -> Link {
        Link::new(to.into(), "patch")
    }

    /// A link that mounts the view at `to` over the same socket (`<.link navigate={..}>`).
    pub fn navigate(to: impl Into<Location>) -> Link {
        Link::new(to.into(), "redirect")
    }

    fn new(to: Location, kind: &'static str) -> Link {
        Link { replace: to.is_replace(), href: to.to_string(), kind }
    }

    /// Replaces the current history entry instead of pushing a new one.
    pub fn replace(mut self) -> Link {
        self.replace = true;
        self
    }

    /// The target (`href`).
    pub fn href(&self) -> &str {
        &self.href
    }
}

impl IntoIterator for Link {
    type Item = (&'static str, String);
    type IntoIter = std::array::IntoIter<(&'static str, String), 3>;

    fn into_iter(self) -> Self::IntoIter {
        let state = if self.replace { "replace" } else { "push" };
        [("href", self.href), ("data-phx-link", self.kind.to_owned()), ("data-phx-link-state", state.to_owned())]
            .into_iter()
    }
}

impl IntoIterator for &Link {
    type Item = (&'static str, String);
    type IntoIter = std::array::IntoIter<(&'static str, String), 3>;

    fn into_iter(self) -> Self::IntoIter {
        self.clone().into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rendered::Attrs;

    fn attrs(link: Link) -> String {
        let mut out = String::new();
        link.write_attrs(&mut out);
        out
    }

    #[test]
    fn links_carry_the_attributes_the_client_reads() {
        assert_eq!(
            attrs(Link::navigate("/secret")),
            r#" href="/secret" data-phx-link="redirect" data-phx-link-state="push""#
        );
        assert_eq!(
            attrs(Link::patch(Location::new("/list").param("page", 2)).replace()),
            r#" href="/list?page=2" data-phx-link="patch" data-phx-link-state="replace""#
        );
        assert_eq!(attrs(Link::patch(Location::new("/a").replace())), attrs(Link::patch("/a").replace()));
        assert!(attrs(Link::navigate("/x?q=\"><script>")).contains("&quot;&gt;&lt;script&gt;"));
    }
}
