//! Functions kept in an upload's configuration, compared by identity.

use std::sync::Arc;

/// A function kept in an [`UploadConfig`](super::UploadConfig), which is `Eq`: compared by
/// identity.
pub(crate) struct ByIdentity<F: ?Sized>(pub(crate) Arc<F>);

impl<F: ?Sized> Clone for ByIdentity<F> {
    fn clone(&self) -> Self {
        ByIdentity(Arc::clone(&self.0))
    }
}

impl<F: ?Sized> std::fmt::Debug for ByIdentity<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ByIdentity(..)")
    }
}

impl<F: ?Sized> PartialEq for ByIdentity<F> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<F: ?Sized> Eq for ByIdentity<F> {}
