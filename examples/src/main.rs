//! The liveview example gallery: `cargo run -p liveview-examples --bin gallery -- --addr 127.0.0.1:4000`
//! (add `--redis redis://127.0.0.1:6379` to share pubsub between several nodes).
//!
//! It runs as an axum application (`liveview_examples::app`: login, logout, a health check and
//! the live routes); `--bare` serves the live routes alone with `liveview::serve` (no login
//! form), as the benchmarks compare both.

const USAGE: &str = "usage: gallery [--addr HOST:PORT] [--redis redis://HOST:PORT] [--bare]";

/// The command line.
struct Args {
    addr: String,
    redis: Option<String>,
    bare: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut out = Args { addr: "127.0.0.1:4000".to_owned(), redis: None, bare: false };
    while let Some(a) = args.next() {
        match a.as_str() {
            "--addr" => out.addr = args.next().ok_or("--addr needs HOST:PORT")?,
            "--redis" => out.redis = Some(args.next().ok_or("--redis needs redis://HOST:PORT")?),
            "--bare" => out.bare = true,
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other:?}; {USAGE}")),
        }
    }
    Ok(out)
}

/// A LiveView server allocates on every render; mimalloc keeps that cheap and RSS compact.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .init();
    let Args { addr, redis, bare } = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    // With --redis, pubsub goes through Redis so that several gallery nodes share /rtcounter
    // and /chat; otherwise it stays in memory.
    let pubsub: Option<std::sync::Arc<dyn liveview::PubSub>> = match redis {
        Some(url) => match liveview_redis::RedisPubSub::connect(&url).await {
            Ok(p) => Some(p),
            Err(e) => {
                eprintln!("gallery: {e}");
                std::process::exit(1);
            }
        },
        None => None,
    };
    let served = if bare {
        liveview::serve(&addr, liveview_examples::router_with(pubsub)).await
    } else {
        axum_app(&addr, pubsub).await
    };
    if let Err(e) = served {
        eprintln!("gallery: {e}");
        std::process::exit(1);
    }
}

/// Serves [`liveview_examples::app()`] with axum until SIGINT or SIGTERM.
async fn axum_app(
    addr: &str,
    pubsub: Option<std::sync::Arc<dyn liveview::PubSub>>,
) -> Result<(), liveview::ServerError> {
    let live = liveview_examples::router_with(pubsub).into_service()?;
    let sockets = live.shutdown_token();
    let app = liveview_examples::app::app_with(live);
    liveview_examples::app::serve_until_signal(addr, app, move || sockets.cancel()).await
}
