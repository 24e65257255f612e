//! `/dashboard` (after LiveViewJS's dashboard example): numbers the server pushes every second.
//! The connected mount schedules a [`Tick`] with `send_after`; each tick updates the stats and
//! schedules the next, so the timer lives exactly as long as the view (a view that is gone
//! drops its pending message). "Refresh" draws new numbers at once.

use liveview::prelude::*;
use std::time::Duration;

/// How often the stats change.
pub const EVERY: Duration = Duration::from_secs(1);

/// The timer's message.
#[derive(Debug)]
pub struct Tick;

/// Sales figures of a made-up shop.
#[live_view]
#[derive(Debug)]
pub struct Dashboard {
    orders: u32,
    sales_cents: u64,
    rating: u8,
    ticks: u64,
}

#[live_view]
impl Dashboard {
    fn mount(socket: &mut Socket) -> Self {
        // Only a connected view ticks: the dead render is a single snapshot.
        if socket.connected() {
            socket.send_after(EVERY, Tick);
        }
        let mut dashboard = Dashboard { orders: 0, sales_cents: 0, rating: 0, ticks: 0 };
        dashboard.draw();
        dashboard
    }

    #[info]
    fn tick(&mut self, _: Tick, socket: &mut Socket) {
        self.ticks += 1;
        self.draw();
        socket.send_after(EVERY, Tick);
    }

    #[event("refresh")]
    fn refresh(&mut self) {
        self.draw();
    }

    fn render(&self) -> Rendered {
        let stars: String = (1..=5).map(|i| if i <= self.rating { '★' } else { '☆' }).collect();
        html! {
            <main>
                <h1>"Sales dashboard"</h1>
                <dl id="stats" style="display: grid; grid-template-columns: repeat(3, 1fr); gap: 1rem; text-align: center">
                    <div>
                        <dt>"New orders"</dt>
                        <dd id="orders" style="font-size: 2rem; margin: 0">{self.orders}</dd>
                    </div>
                    <div>
                        <dt>"Sales"</dt>
                        <dd id="sales" style="font-size: 2rem; margin: 0">
                            "$"{self.sales_cents / 100}"."{format_args!("{:02}", self.sales_cents % 100)}
                        </dd>
                    </div>
                    <div>
                        <dt>"Rating"</dt>
                        <dd id="rating" style="font-size: 2rem; margin: 0; color: #c98a00"
                            aria-label={format_args!("{} of 5", self.rating)} data-rating={self.rating}>{stars}</dd>
                    </div>
                </dl>
                <p>
                    <button id="refresh" phx-click="refresh">"↻ Refresh"</button>
                    " Updated every second by the server: "<output id="ticks">{self.ticks}</output>" times so far."
                </p>
            </main>
        }
    }
}

impl Dashboard {
    /// New made-up numbers.
    fn draw(&mut self) {
        self.orders = rand::random_range(5..=20);
        self.sales_cents = rand::random_range(10_000..=100_000);
        self.rating = rand::random_range(1..=5);
    }
}
