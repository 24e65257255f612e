//! Phoenix LiveView's end-to-end test application, served by liveview (see
//! `liveview_examples::conformance`):
//! `cargo run -p liveview-examples --bin conformance -- --addr 127.0.0.1:4004`.

const USAGE: &str = "usage: conformance [--addr HOST:PORT]";

fn parse_args() -> Result<String, String> {
    let mut args = std::env::args().skip(1);
    let mut addr = "127.0.0.1:4004".to_owned();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--addr" => addr = args.next().ok_or("--addr needs HOST:PORT")?,
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other:?}; {USAGE}")),
        }
    }
    Ok(addr)
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .init();
    let addr = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = serve(&addr).await {
        eprintln!("conformance: {e}");
        std::process::exit(1);
    }
}

/// Serves the app with axum until SIGINT, SIGTERM or `GET /halt`.
async fn serve(addr: &str) -> Result<(), liveview::ServerError> {
    let (app, live) = liveview_examples::conformance::app()?;
    let sockets = live.shutdown_token();
    let halted = liveview_examples::conformance::plain::halted();
    liveview_examples::app::serve_until(addr, app, move || sockets.cancel(), halted).await
}
