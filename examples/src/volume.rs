//! `/volume` (after LiveViewJS's volume example): a volume control driven by buttons and by the
//! arrow keys anywhere on the page (`phx-window-keydown` with `phx-key`: the client sends only
//! that key), with a flash when it reaches either end.

use crate::layout;
use liveview::prelude::*;

/// The loudest setting.
pub const MAX: u8 = 100;

/// How much one step changes the volume.
pub const STEP: u8 = 10;

/// The volume, from 0 to [`MAX`].
#[live_view]
#[derive(Debug)]
pub struct Volume {
    volume: u8,
}

impl Default for Volume {
    fn default() -> Self {
        Volume { volume: 10 }
    }
}

/// A key the page listens for (`KeyboardEvent.key`).
#[derive(Debug, serde::Deserialize)]
pub struct Key {
    key: String,
}

#[live_view]
impl Volume {
    fn mount(socket: &mut Socket) -> Self {
        socket.page_title("Volume");
        Volume::default()
    }

    #[event("up")]
    fn up(&mut self, socket: &mut Socket) {
        self.set(self.volume.saturating_add(STEP).min(MAX), socket);
    }

    #[event("down")]
    fn down(&mut self, socket: &mut Socket) {
        self.set(self.volume.saturating_sub(STEP), socket);
    }

    #[event("off")]
    fn off(&mut self, socket: &mut Socket) {
        self.set(0, socket);
    }

    #[event("max")]
    fn max(&mut self, socket: &mut Socket) {
        self.set(MAX, socket);
    }

    /// A window keydown: each button listens for its own arrow (`phx-key`), so only those
    /// arrive; anything else changes nothing.
    #[event("key")]
    fn key(&mut self, key: Key, socket: &mut Socket) {
        match key.key.as_str() {
            "ArrowUp" => self.up(socket),
            "ArrowDown" => self.down(socket),
            "ArrowLeft" => self.off(socket),
            "ArrowRight" => self.max(socket),
            _ => {}
        }
    }

    fn render(&self, socket: &Socket) -> Rendered {
        html! {
            <main>
                <h1>"Volume"</h1>
                {layout::flash(socket)}
                <p>
                    <meter id="volume-meter" min="0" max={MAX} low="20" high="80" optimum="50" value={self.volume}>
                        {self.volume}"%"
                    </meter>
                    " "
                    <output id="volume">{self.volume}"%"</output>
                </p>
                <p>
                    <button id="off" phx-click="off" phx-window-keydown="key" phx-key="ArrowLeft">"Silence ←"</button>
                    <button id="down" phx-click="down" phx-window-keydown="key" phx-key="ArrowDown">"Turn down ↓"</button>
                    <button id="up" phx-click="up" phx-window-keydown="key" phx-key="ArrowUp">"Turn up ↑"</button>
                    <button id="max" phx-click="max" phx-window-keydown="key" phx-key="ArrowRight">"Max →"</button>
                </p>
                <p>"Or press the arrow keys anywhere on the page: "<kbd>"↑"</kbd>" "<kbd>"↓"</kbd>" "<kbd>"←"</kbd>" "<kbd>"→"</kbd></p>
            </main>
        }
    }
}

impl Volume {
    /// Sets the volume; at either end the page says so (a flash), elsewhere no flash is shown.
    fn set(&mut self, volume: u8, socket: &mut Socket) {
        self.volume = volume;
        socket.clear_all_flash();
        if volume == MAX {
            socket.put_flash("info", "Full volume!");
        } else if volume == 0 {
            socket.put_flash("error", "Silence.");
        }
    }
}
