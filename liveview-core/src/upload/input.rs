//! The file input an upload needs, as attributes to spread in `html!`:
//! `<input {socket.upload("avatar").input()} />`.

use super::state::Upload;
use crate::escape::escape_into;
use crate::rendered::Attrs;

/// The attributes of an upload's `<input type="file">`: its id, name, accept, multiple, the
/// client's hook and the entry ref lists it reads after every patch.
#[derive(Debug, Clone, Copy)]
pub struct FileInput<'a> {
    upload: &'a Upload,
}

impl Upload {
    /// The file input's attributes, to spread into an `<input />` element.
    pub fn input(&self) -> FileInput<'_> {
        FileInput { upload: self }
    }
}

/// The attributes of an `<img>` that shows an entry's file from the browser's copy, before
/// (and without) uploading it: Phoenix's `live_img_preview`, drawn by the client's
/// `Phoenix.LiveImgPreview` hook. Spread it into an `<img />` with your own `alt`, `class`,
/// `width`...:
///
/// ```text
/// for e in photos.entries() { <img {photos.preview(e)} alt={e.name()} width="160" /> }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ImgPreview<'a> {
    upload: &'a Upload,
    entry_ref: &'a str,
}

impl Upload {
    /// The preview `<img>` attributes of `entry` (one of this upload's [`Upload::entries`]).
    pub fn preview<'a>(&'a self, entry: &'a super::UploadEntry) -> ImgPreview<'a> {
        ImgPreview { upload: self, entry_ref: entry.entry_ref() }
    }
}

impl Attrs for ImgPreview<'_> {
    fn write_attrs(self, out: &mut String) {
        attr(out, "id", &format!("phx-preview-{}", self.entry_ref));
        attr(out, "data-phx-upload-ref", &self.upload.config_ref);
        attr(out, "data-phx-entry-ref", self.entry_ref);
        attr(out, "data-phx-hook", "Phoenix.LiveImgPreview");
        attr(out, "data-phx-update", "ignore");
    }
}

fn attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape_into(out, value);
    out.push('"');
}

impl Attrs for FileInput<'_> {
    fn write_attrs(self, out: &mut String) {
        let u = self.upload;
        attr(out, "type", "file");
        attr(out, "id", &u.config_ref);
        attr(out, "name", &u.config.name);
        if let Some(accept) = u.config.accept_attr() {
            attr(out, "accept", &accept);
        }
        if u.config.max_entries > 1 {
            out.push_str(" multiple");
        }
        if u.config.auto_upload {
            out.push_str(" data-phx-auto-upload");
        }
        // Patched like any element (no `data-phx-update="ignore"`: Phoenix dropped it in 1.2, and
        // the client keeps the chosen files itself), so `disabled`, classes and the refs below
        // follow each render (Phoenix issue 4078).
        attr(out, "data-phx-hook", "Phoenix.LiveFileUpload");
        attr(out, "data-phx-upload-ref", &u.config_ref);
        attr(out, "data-phx-active-refs", &u.refs(|_| true));
        attr(out, "data-phx-done-refs", &u.refs(|e| e.done()));
        attr(out, "data-phx-preflighted-refs", &u.refs(|e| e.preflighted));
        let errors = u.error_refs();
        if !errors.is_empty() {
            attr(out, "data-phx-error-refs", &errors);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{UploadConfig, Uploads};
    use crate::rendered::Attrs;
    use serde_json::json;

    #[test]
    fn the_input_carries_every_attribute_the_client_reads() {
        let mut u = Uploads::new("phx-v", "s");
        u.allow(UploadConfig::new("files").accept([".txt"]).max_entries(3));
        u.register(&json!({"phx-v-u0": [{"ref": "0", "name": "a\".txt", "type": "", "size": 3}, {"ref": "1", "name": "b.exe", "type": "", "size": 3}]}));
        let mut out = String::new();
        if let Some(f) = u.get("files") {
            f.input().write_attrs(&mut out);
        }
        assert_eq!(
            out,
            " type=\"file\" id=\"phx-v-u0\" name=\"files\" accept=\".txt\" multiple data-phx-hook=\"Phoenix.LiveFileUpload\" data-phx-upload-ref=\"phx-v-u0\" data-phx-active-refs=\"0,1\" data-phx-done-refs=\"\" data-phx-preflighted-refs=\"\" data-phx-error-refs=\"1\""
        );
    }

    /// What the client's `Phoenix.LiveImgPreview` hook reads: the upload's and the entry's refs
    /// (it finds the file by them); ignored by patches, since the hook sets `src` itself.
    #[test]
    fn a_preview_names_its_upload_and_entry_for_the_clients_hook() {
        let mut u = Uploads::new("phx-v", "s");
        u.allow(UploadConfig::new("photos").accept([".png"]).max_entries(2));
        u.register(&json!({"phx-v-u0": [{"ref": "0", "name": "a.png", "type": "image/png", "size": 3}]}));
        let mut out = String::new();
        if let Some(p) = u.get("photos")
            && let Some(e) = p.entries().first()
        {
            p.preview(e).write_attrs(&mut out);
        }
        assert_eq!(
            out,
            " id=\"phx-preview-0\" data-phx-upload-ref=\"phx-v-u0\" data-phx-entry-ref=\"0\" data-phx-hook=\"Phoenix.LiveImgPreview\" data-phx-update=\"ignore\""
        );
    }
}
