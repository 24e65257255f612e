//! Live components: stateful pieces of a view, each with its own state, events and render.
//!
//! A component lives in its parent view's task. The parent embeds it in `html!` with
//! `{live_component::<Card>(id, props)}`; the runtime keeps a table of instances by cid
//! (allocated from 1, never reused), calls `update` when a parent render passes different props
//! than its previous one (or on `send_update`), and sends each instance's tree once in the diff's flat `"c"` map, later only what
//! changed. Events whose element carries `phx-target={myself}` arrive with that cid and run the
//! component's handler; the reply then carries only that component.
//!
//! The files below are private and each one uses only files listed before it:
//!
//! - `lifecycle`: [`LiveComponent`], the trait `#[live_component]` implements, and its
//!   type-erased form for the table;
//! - `scope`: the render scope in which `live_component` calls find their cids;
//! - `embed`: [`live_component`], [`Myself`] and the socket's `myself`/`send_update`;
//! - `table`: [`Components`], the cid table: mounting, updating, rendering, encoding the `"c"`
//!   map (with shared statics) and the destroy protocol.

mod embed;
mod lifecycle;
mod scope;
mod table;

pub use embed::{Myself, live_component};
pub use lifecycle::LiveComponent;
pub use table::{Components, Pending};
