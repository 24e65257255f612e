//! `/prints` (after LiveViewJS's prints example): a range input whose every move is sent with
//! `phx-change`; the server answers with the print size it stands for, its price and a preview
//! drawn to scale.

use liveview::prelude::*;

/// A print size in inches and its price in cents, smallest first.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    /// The short side.
    pub short: u32,
    /// The long side.
    pub long: u32,
    /// The price in cents.
    pub cents: u32,
}

/// What the slider chooses from.
pub const SIZES: &[Size] = &[
    Size { short: 4, long: 6, cents: 1000 },
    Size { short: 5, long: 7, cents: 1200 },
    Size { short: 8, long: 10, cents: 1500 },
    Size { short: 10, long: 13, cents: 2400 },
    Size { short: 11, long: 14, cents: 3600 },
];

/// Pixels per inch of the preview.
const SCALE: u32 = 16;

/// The price list's page.
#[live_view]
#[derive(Debug)]
pub struct Prints {
    index: usize,
}

impl Default for Prints {
    fn default() -> Self {
        Prints { index: 1 }
    }
}

/// The slider's form (`size` is the slider's position, a string the decoder reads as a number).
#[derive(Debug, serde::Deserialize)]
pub struct Slider {
    size: usize,
}

#[live_view]
impl Prints {
    #[event("choose")]
    fn choose(&mut self, slider: Slider) {
        // A position the slider cannot send (a forged event) keeps the current size.
        if slider.size < SIZES.len() {
            self.index = slider.size;
        }
    }

    fn render(&self) -> Rendered {
        let size = SIZES[self.index];
        let preview = format!(
            "width: {}px; height: {}px; background: linear-gradient(135deg, #f7c59f, #5b3cc4); border-radius: 4px; \
             box-shadow: 0 2px 6px rgb(0 0 0 / 0.2)",
            size.long * SCALE,
            size.short * SCALE
        );
        html! {
            <main>
                <h1>"Photo prints"</h1>
                <p>"Move the slider: each position is sent to the server, which prices it."</p>
                <form id="print-form" phx-change="choose">
                    <label for="print-size">"Size"</label>
                    <input id="print-size" type="range" name="size" min="0" max={SIZES.len() - 1} value={self.index} />
                    " "<output id="size">{size.short}"×"{size.long}</output>" in"
                </form>
                <p>"Price: "<output id="price">"$"{size.cents / 100}"."{format_args!("{:02}", size.cents % 100)}</output></p>
                <div id="preview" role="img" aria-label={format_args!("a {}×{} print to scale", size.short, size.long)} style={preview}></div>
            </main>
        }
    }
}
