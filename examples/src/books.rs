//! `/books`: a small library (LiveViewJS's `books` example). A form adds books, validated as
//! the user types (each field's error once that field is used); the list is kept in sync
//! across viewers by pubsub, check-outs and returns included.
//!
//! Unlike `/volunteers` (a stream), each view keeps its list and renders it as a keyed
//! comprehension: a change sends one row. The books live in this process ([`STORE`], the
//! latest [`KEEP`]); a broadcast carries the whole book, which each receiving view also
//! writes into its node's store.

use liveview::form::Unused;
use liveview::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::{Mutex, PoisonError};

/// The pubsub topic.
pub const TOPIC: &str = "books";

/// Books kept by the store and shown on a page.
pub const KEEP: usize = 100;

/// Longest title or author accepted, in characters.
const MAX_LEN: usize = 100;

/// One book; broadcast whole when it is added, checked out or returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Book {
    /// Random, so that ids made on different nodes do not collide.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Who wrote it.
    pub author: String,
    /// Lent out rather than on the shelf.
    pub checked_out: bool,
}

/// Every book this process knows, oldest first.
pub static STORE: Mutex<Vec<Book>> = Mutex::new(Vec::new());

/// Adds `book` to `books` or replaces the book with its id; keeps the latest [`KEEP`].
fn upsert(books: &mut Vec<Book>, book: &Book) {
    match books.iter_mut().find(|b| b.id == book.id) {
        Some(old) => *old = book.clone(),
        None => books.push(book.clone()),
    }
    let extra = books.len().saturating_sub(KEEP);
    books.drain(..extra);
}

/// The form's fields (`book[title]`, `book[author]`).
#[derive(Debug, Default, Deserialize)]
pub struct BookParams {
    #[serde(default)]
    title: String,
    #[serde(default)]
    author: String,
    #[serde(rename = "_unused_title", default)]
    unused_title: Unused,
    #[serde(rename = "_unused_author", default)]
    unused_author: Unused,
}

/// The posted form.
#[derive(Debug, Deserialize)]
pub struct BookForm {
    #[serde(default)]
    book: BookParams,
}

/// `phx-value-id` of a check-out / return button.
#[derive(Debug, Deserialize)]
pub struct Toggle {
    id: String,
}

/// A field's error: blank, shorter than `min` or longer than [`MAX_LEN`] characters.
fn length_error(value: &str, min: usize) -> Option<String> {
    match value.trim().chars().count() {
        0 => Some("can't be blank".to_owned()),
        n if n < min => Some(format!("should be at least {min} characters")),
        n if n > MAX_LEN => Some(format!("should be at most {MAX_LEN} characters")),
        _ => None,
    }
}

/// The library.
#[live_view]
#[derive(Debug)]
pub struct Books {
    title: String,
    author: String,
    /// Whether each field's error is shown: the user has used the field or tried to submit.
    show_title: bool,
    show_author: bool,
    books: Vec<Book>,
}

#[live_view]
impl Books {
    fn mount(socket: &mut Socket) -> Self {
        socket.subscribe::<Book>(TOPIC);
        Books {
            title: String::new(),
            author: String::new(),
            show_title: false,
            show_author: false,
            books: STORE.lock().unwrap_or_else(PoisonError::into_inner).clone(),
        }
    }

    #[event("validate")]
    fn validate(&mut self, form: BookForm) {
        let p = form.book;
        self.show_title |= !p.unused_title.is_unused();
        self.show_author |= !p.unused_author.is_unused();
        self.title = p.title;
        self.author = p.author;
    }

    #[event("save")]
    fn save(&mut self, form: BookForm, socket: &mut Socket) {
        self.title = form.book.title;
        self.author = form.book.author;
        if length_error(&self.title, 2).is_some() || length_error(&self.author, 4).is_some() {
            self.show_title = true;
            self.show_author = true;
            return;
        }
        let book = Book {
            id: format!("{:016x}", rand::random::<u64>()),
            title: std::mem::take(&mut self.title).trim().to_owned(),
            author: std::mem::take(&mut self.author).trim().to_owned(),
            checked_out: false,
        };
        self.show_title = false;
        self.show_author = false;
        upsert(&mut STORE.lock().unwrap_or_else(PoisonError::into_inner), &book);
        // Listed here when it comes back through pubsub, as on every other page.
        socket.broadcast(TOPIC, &book);
    }

    #[event("toggle")]
    fn toggle(&mut self, t: Toggle, socket: &mut Socket) {
        let toggled = {
            let mut all = STORE.lock().unwrap_or_else(PoisonError::into_inner);
            all.iter_mut().find(|b| b.id == t.id).map(|b| {
                b.checked_out = !b.checked_out;
                b.clone()
            })
        };
        match toggled {
            Some(book) => socket.broadcast(TOPIC, &book),
            None => tracing::info!(id = %t.id, "toggle: no such book on this node"),
        }
    }

    #[info]
    fn changed(&mut self, book: Book) {
        upsert(&mut STORE.lock().unwrap_or_else(PoisonError::into_inner), &book);
        upsert(&mut self.books, &book);
    }

    fn render(&self) -> Rendered {
        let title_error = length_error(&self.title, 2).filter(|_| self.show_title);
        let author_error = length_error(&self.author, 4).filter(|_| self.show_author);
        // Submitting marks every field used (the client's PHX_HAS_SUBMITTED); the `reset` event
        // makes the client forget that, so the next entry shows only the errors of the fields
        // its writer has used. The values stay: the server clears them after a good submit.
        let submit = JS::new().push("save").dispatch("reset");
        html! {
            <main>
                <h1>"My library"</h1>
                <form id="book-form" phx-change="validate" phx-submit={submit}>
                    <p>
                        <label for="book-title">"Title"</label>
                        <input id="book-title" type="text" name="book[title]" value={&self.title}
                            autocomplete="off" phx-debounce="300"
                            aria-invalid={title_error.as_ref().map(|_| "true")}
                            aria-describedby={title_error.as_ref().map(|_| "book-title-error")} />
                        if let Some(e) = &title_error {
                            <small id="book-title-error" class="error">{e}</small>
                        }
                    </p>
                    <p>
                        <label for="book-author">"Author"</label>
                        <input id="book-author" type="text" name="book[author]" value={&self.author}
                            autocomplete="off" phx-debounce="300"
                            aria-invalid={author_error.as_ref().map(|_| "true")}
                            aria-describedby={author_error.as_ref().map(|_| "book-author-error")} />
                        if let Some(e) = &author_error {
                            <small id="book-author-error" class="error">{e}</small>
                        }
                    </p>
                    <button id="add-book" type="submit" phx-disable-with="Saving…">"Add book"</button>
                </form>
                <h2>"Books"</h2>
                <ul id="books">
                    for b in &self.books, key = &b.id {
                        <li id={format_args!("book-{}", b.id)} class={if b.checked_out { "book out" } else { "book" }}>
                            <span class="status">{if b.checked_out { "📖 checked out" } else { "📚 available" }}</span>" "
                            <cite class="title">{&b.title}</cite>" by "<span class="author">{&b.author}</span>" "
                            <button id={format_args!("book-{}-toggle", b.id)} phx-click="toggle" phx-value-id={&b.id}>
                                {if b.checked_out { "Return" } else { "Check out" }}
                            </button>
                        </li>
                    }
                </ul>
                if self.books.is_empty() {
                    <p id="no-books">"No books yet: add the first one."</p>
                }
                <p><a href="/">"All examples"</a></p>
            </main>
        }
    }
}
