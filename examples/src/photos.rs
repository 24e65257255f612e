//! `/photos`: photo albums (LiveViewJS's `photos` example). Up to three images chosen or
//! dropped on the drop zone (`phx-drop-target`), each previewed in the browser before any
//! byte is sent (the client's `Phoenix.LiveImgPreview` hook draws the local file), uploaded
//! over the socket on submit, then consumed into an album that every viewer sees (pubsub).
//!
//! Photos are kept in memory as `data:` URLs, so they need no file server and travel with the
//! broadcast to every node. That is only sensible for small files, hence the caps: at most
//! [`MAX_FILE_SIZE`] bytes per photo, [`MAX_ENTRIES`] per album, and the latest [`KEEP`]
//! albums (in [`STORE`] and on the page). The server checks each file's first bytes and keeps
//! only PNG, JPEG, GIF and WebP images, whatever the browser said the file was.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use liveview::form::Unused;
use liveview::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

/// The pubsub topic.
pub const TOPIC: &str = "photos";

/// Largest photo accepted, in bytes.
pub const MAX_FILE_SIZE: u64 = 256 * 1024;

/// Photos per album.
pub const MAX_ENTRIES: usize = 3;

/// Albums kept (in the store and on the page).
pub const KEEP: usize = 5;

/// Longest album name accepted, in characters.
const MAX_NAME: usize = 60;

/// One photo, as a `data:` URL.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Photo {
    /// The file's name on the uploader's machine.
    pub name: String,
    /// `data:image/…;base64,…`.
    pub url: String,
}

/// An album: a name and its photos; broadcast whole when it is created.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Album {
    /// Random, so that ids made on different nodes do not collide.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its photos, in upload order.
    pub photos: Vec<Photo>,
}

/// The latest albums this process knows, oldest first.
pub static STORE: Mutex<VecDeque<Arc<Album>>> = Mutex::new(VecDeque::new());

/// Adds `album` unless the store has it; keeps the latest [`KEEP`].
fn store(album: &Arc<Album>) {
    let mut all = STORE.lock().unwrap_or_else(PoisonError::into_inner);
    if all.iter().all(|a| a.id != album.id) {
        all.push_back(Arc::clone(album));
    }
    while all.len() > KEEP {
        all.pop_front();
    }
}

/// The MIME type of an image, from its first bytes (PNG, JPEG, GIF, WebP), or `None`.
fn image_type(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, ..] => Some("image/png"),
        [0xff, 0xd8, 0xff, ..] => Some("image/jpeg"),
        [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => Some("image/gif"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some("image/webp"),
        _ => None,
    }
}

/// The form's text field (`album[name]`; the files travel apart).
#[derive(Debug, Default, Deserialize)]
pub struct AlbumParams {
    #[serde(default)]
    name: String,
    #[serde(rename = "_unused_name", default)]
    unused_name: Unused,
}

/// The posted form.
#[derive(Debug, Deserialize)]
pub struct AlbumForm {
    #[serde(default)]
    album: AlbumParams,
}

/// `phx-value-ref` of a remove button.
#[derive(Debug, Deserialize)]
pub struct Cancel {
    #[serde(rename = "ref")]
    entry_ref: String,
}

/// The album name's error, if any.
fn name_error(name: &str) -> Option<&'static str> {
    match name.trim().chars().count() {
        0 => Some("can't be blank"),
        n if n > MAX_NAME => Some("should be at most 60 characters"),
        _ => None,
    }
}

/// The DOM id of an album.
fn dom_id(album: &Arc<Album>) -> String {
    format!("album-{}", album.id)
}

/// The photos page.
#[live_view]
#[derive(Debug)]
pub struct Photos {
    name: String,
    show_name: bool,
    /// What the last submit could not use (no photo chosen, a file that is no image).
    problems: Vec<String>,
    albums: Stream<Arc<Album>>,
}

#[live_view]
impl Photos {
    fn mount(socket: &mut Socket) -> Self {
        socket.subscribe::<Album>(TOPIC);
        socket.allow_upload(
            UploadConfig::new("photos")
                .accept([".png", ".jpg", ".jpeg", ".gif", ".webp"])
                .max_entries(MAX_ENTRIES)
                .max_file_size(MAX_FILE_SIZE),
        );
        let albums: Vec<Arc<Album>> =
            STORE.lock().unwrap_or_else(PoisonError::into_inner).iter().rev().cloned().collect();
        Photos {
            name: String::new(),
            show_name: false,
            problems: Vec::new(),
            albums: Stream::with_items(dom_id, albums),
        }
    }

    /// The name typed, or files chosen (registered and checked before this runs).
    #[event("validate")]
    fn validate(&mut self, form: AlbumForm) {
        self.show_name |= !form.album.unused_name.is_unused();
        self.name = form.album.name;
        self.problems.clear();
    }

    #[event("cancel")]
    fn cancel(&mut self, c: Cancel, socket: &mut Socket) {
        socket.cancel_upload("photos", &c.entry_ref);
    }

    #[event("save")]
    fn save(&mut self, form: AlbumForm, socket: &mut Socket) {
        self.name = form.album.name;
        self.show_name = true;
        self.problems.clear();
        let chosen = socket.upload("photos").entries().iter().any(|e| e.done());
        if !chosen {
            self.problems.push("choose at least one photo".to_owned());
        }
        if name_error(&self.name).is_some() || !chosen {
            return;
        }
        let read = socket.consume_uploaded_entries("photos", |entry| {
            let name = entry.name().to_owned();
            let bytes = entry.path().map(std::fs::read);
            match bytes {
                Some(Ok(bytes)) => match image_type(&bytes) {
                    Some(mime) => Ok(Photo { url: format!("data:{mime};base64,{}", STANDARD.encode(&bytes)), name }),
                    None => Err(format!("{name}: not a PNG, JPEG, GIF or WebP image")),
                },
                Some(Err(e)) => {
                    tracing::warn!(error = %e, "an uploaded photo could not be read");
                    Err(format!("{name}: could not be read"))
                }
                None => Err(format!("{name}: not stored on this server")),
            }
        });
        let mut photos = Vec::new();
        for r in read {
            match r {
                Ok(photo) => photos.push(photo),
                Err(problem) => self.problems.push(problem),
            }
        }
        if photos.is_empty() {
            return;
        }
        let album = Album {
            id: format!("{:016x}", rand::random::<u64>()),
            name: std::mem::take(&mut self.name).trim().to_owned(),
            photos,
        };
        self.show_name = false;
        store(&Arc::new(album.clone()));
        // Shown here too when it comes back through pubsub, as on every other page.
        socket.broadcast(TOPIC, &album);
    }

    #[info]
    fn album(&mut self, album: Album) {
        let album = Arc::new(album);
        store(&album);
        self.albums.prepend(album).keep_first(KEEP);
    }

    fn render(&self, socket: &Socket) -> Rendered {
        let photos = socket.upload("photos");
        let upload_ref = photos.config_ref();
        let name_error = name_error(&self.name).filter(|_| self.show_name);
        let upload_errors: Vec<String> = photos.errors().iter().map(|e| e.message()).collect();
        let blocked = !upload_errors.is_empty() || photos.entries().iter().any(|e| !e.valid());
        html! {
            <main>
                <h1>"Photos"</h1>
                <form id="photo-form" phx-change="validate" phx-submit="save">
                    <p>
                        <label for="album-name">"Album name"</label>
                        <input id="album-name" type="text" name="album[name]" value={&self.name} autocomplete="off"
                            phx-debounce="300"
                            aria-invalid={name_error.map(|_| "true")}
                            aria-describedby={name_error.map(|_| "album-name-error")} />
                        if let Some(e) = name_error {
                            <small id="album-name-error" class="error">{e}</small>
                        }
                    </p>
                    <fieldset id="drop-zone" class="drop-zone" phx-drop-target={upload_ref}>
                        <legend>"Photos"</legend>
                        <label for={upload_ref}>
                            "Choose up to "{MAX_ENTRIES}" images (PNG, JPEG, GIF or WebP, at most "
                            {MAX_FILE_SIZE / 1024}" KiB each), or drop them here."
                        </label>
                        <input {photos.input()} />
                    </fieldset>
                    <ul id="entries">
                        for e in photos.entries() {
                            <li class="entry" id={format_args!("entry-{}", e.entry_ref())}>
                                <figure>
                                    <img {photos.preview(e)} class="preview" width="160"
                                        alt={format_args!("preview of {}", e.name())} />
                                    <figcaption>{e.name()}</figcaption>
                                </figure>
                                <progress value={e.progress()} max="100">{e.progress()}"%"</progress>
                                <button type="button" phx-click="cancel" phx-value-ref={e.entry_ref()}>"Remove"</button>
                                for err in e.errors() {
                                    <p class="error">{err.message()}</p>
                                }
                            </li>
                        }
                    </ul>
                    <div id="photo-errors">
                        for m in &upload_errors {
                            <p class="error">{m}</p>
                        }
                        for m in &self.problems {
                            <p class="error">{m}</p>
                        }
                    </div>
                    <button id="photo-submit" type="submit" disabled={blocked} phx-disable-with="Uploading…">"Upload"</button>
                </form>
                <h2>"Albums"</h2>
                <ul id="albums" phx-update="stream">
                    for (dom_id, album) in &self.albums, stream {
                        <li id={dom_id} class="album">
                            <h3>{&album.name}</h3>
                            for photo in &album.photos {
                                <figure>
                                    <img src={&photo.url} alt={&photo.name} width="240" />
                                    <figcaption>{&photo.name}</figcaption>
                                </figure>
                            }
                        </li>
                    }
                </ul>
                <p><a href="/">"All examples"</a></p>
            </main>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::image_type;

    #[test]
    fn images_are_known_by_their_first_bytes() {
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\n\0\0"), Some("image/png"));
        assert_eq!(image_type(b"\xff\xd8\xff\xe0"), Some("image/jpeg"));
        assert_eq!(image_type(b"GIF89a.."), Some("image/gif"));
        assert_eq!(image_type(b"RIFF\x10\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(image_type(b"<svg xmlns="), None);
        assert_eq!(image_type(b"\x89PN"), None);
    }
}
