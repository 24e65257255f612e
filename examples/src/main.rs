//! The liveview example gallery: `cargo run -p liveview-examples --bin gallery -- --addr 127.0.0.1:4000`
//! (add `--redis redis://127.0.0.1:6379` to share pubsub between several nodes).

const USAGE: &str = "usage: gallery [--addr HOST:PORT] [--redis redis://HOST:PORT]";

/// `(--addr, --redis)`.
fn parse_args() -> Result<(String, Option<String>), String> {
    let mut args = std::env::args().skip(1);
    let mut addr = "127.0.0.1:4000".to_owned();
    let mut redis = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--addr" => addr = args.next().ok_or("--addr needs HOST:PORT")?,
            "--redis" => redis = Some(args.next().ok_or("--redis needs redis://HOST:PORT")?),
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other:?}; {USAGE}")),
        }
    }
    Ok((addr, redis))
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
    let (addr, redis) = match parse_args() {
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
    if let Err(e) = liveview::serve(&addr, liveview_examples::router_with(pubsub)).await {
        eprintln!("gallery: {e}");
        std::process::exit(1);
    }
}
