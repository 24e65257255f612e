//! Benchmark tooling for liveview: a load generator speaking Phoenix channels V2 JSON to any
//! LiveView server (ours, LiveViewJS, Phoenix), a raw websocket echo server on our stack
//! (the ceiling), and the report (`BENCHMARKS.md`). Run everything with `bench/run.sh`.

pub mod http1;
pub mod phx;
pub mod report;
pub mod scenario;
pub mod scrape;
pub mod stats;
pub mod upload;
