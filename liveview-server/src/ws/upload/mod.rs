//! Upload channels (`lvu:<entry_ref>`, protocol §9): the view task's side. The mux verifies
//! each join's token and routes chunks to the view that issued it; here, in that view's task,
//! every chunk is checked against its entry's limits, written to a temporary file and acked
//! (the client sends the next chunk only after the ack: that is the back-pressure).
//!
//! - [`routes`]: the socket's side: token checks and which view each upload topic belongs to;
//! - [`channels`]: joins, chunks and releases of one view's upload channels;
//! - [`store`]: the temporary files, removed when released or when the view ends.

pub(crate) mod channels;
pub(crate) mod routes;
pub(crate) mod store;
