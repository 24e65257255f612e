//! A private `redis-server` for one test: a free port, a temp dir, no persistence; killed (and
//! its dir removed) on drop. Never touches a system instance.
//!
//! Also included by `liveview-redis/tests` (with `#[path]`), so it uses only std and tokio.
#![allow(dead_code, unreachable_pub)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The binary: `$REDIS_SERVER`, else `/usr/bin/redis-server`, else `redis-server` on `PATH`.
fn binary() -> PathBuf {
    if let Some(p) = std::env::var_os("REDIS_SERVER") {
        return p.into();
    }
    let usr = PathBuf::from("/usr/bin/redis-server");
    if usr.exists() { usr } else { "redis-server".into() }
}

/// A running (or stopped, between [`RedisServer::stop`] and [`RedisServer::restart`]) server.
pub struct RedisServer {
    port: u16,
    dir: PathBuf,
    child: Option<Child>,
}

impl RedisServer {
    /// Starts a server on a free port and waits until it answers PING (10 s at most).
    pub async fn start() -> RedisServer {
        let mut last = String::new();
        for _ in 0..5 {
            let port =
                std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
            let dir = std::env::temp_dir().join(format!("liveview-redis-{}-{port}", std::process::id()));
            std::fs::create_dir_all(&dir).expect("temp dir");
            let mut server = RedisServer { port, dir, child: None };
            match server.spawn_and_wait().await {
                Ok(()) => return server,
                Err(e) => last = e, // the port was taken meanwhile: try another
            }
        }
        panic!("could not start redis-server: {last}");
    }

    /// `redis://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Kills the server (SIGKILL: an outage, not a clean shutdown) and waits for it to exit.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port and waits until it answers PING.
    pub async fn restart(&mut self) {
        self.stop();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            match self.spawn_and_wait().await {
                Ok(()) => return,
                Err(e) if tokio::time::Instant::now() > deadline => {
                    panic!("redis-server did not restart: {e}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    async fn spawn_and_wait(&mut self) -> Result<(), String> {
        let child = Command::new(binary())
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(&self.dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e} (install redis-server)", binary().display()))?;
        self.child = Some(child);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.as_mut().and_then(|c| c.try_wait().ok().flatten()) {
                self.child = None;
                return Err(format!("redis-server exited with {status} (port {} taken?)", self.port));
            }
            if let Ok(reply) = self.command(&["PING"]).await
                && reply.starts_with("+PONG")
            {
                return Ok(());
            }
            if tokio::time::Instant::now() > deadline {
                self.stop();
                return Err("redis-server did not answer PING within 10 s".into());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Sends one command, returns the raw RESP reply (one read; enough for short replies).
    pub async fn command(&self, args: &[&str]) -> std::io::Result<String> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).await?;
        let mut req = format!("*{}\r\n", args.len());
        for a in args {
            req.push_str(&format!("${}\r\n{a}\r\n", a.len()));
        }
        s.write_all(req.as_bytes()).await?;
        let mut buf = vec![0; 4096];
        let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
            .await
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))??;
        Ok(String::from_utf8_lossy(&buf[..n]).into_owned())
    }

    /// Subscribers of `channel` across all connections (`PUBSUB NUMSUB`).
    pub async fn numsub(&self, channel: &str) -> i64 {
        let reply = self.command(&["PUBSUB", "NUMSUB", channel]).await.unwrap_or_default();
        // *2\r\n$N\r\n<channel>\r\n:<count>\r\n
        reply.lines().rev().find_map(|l| l.strip_prefix(':')).and_then(|n| n.trim().parse().ok()).unwrap_or(-1)
    }

    /// Waits (10 s at most) until `PUBSUB NUMSUB channel` equals `n`.
    pub async fn wait_numsub(&self, channel: &str, n: i64) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let got = self.numsub(channel).await;
            if got == n {
                return;
            }
            assert!(tokio::time::Instant::now() < deadline, "{channel}: {got} Redis subscribers, expected {n}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
