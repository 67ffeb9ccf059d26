//! The real server, as a separate process (the release `vanthu-server` beside this binary), and
//! the province's set-up done through the server library before it starts: units and one-time
//! enrolment codes.

use anyhow::{Context as _, Result, bail};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use vanthu_server::storage::Storage;
use vanthu_server::storage::postgres::Postgres;
use vanthu_server::storage::sqlite::Sqlite;

/// `sqlite:PATH` or a PostgreSQL URL, as `vanthu-server --db` takes it.
pub async fn open_storage(db: &str) -> Result<Arc<dyn Storage>> {
    Ok(match db.strip_prefix("sqlite:") {
        Some(path) => Arc::new(Sqlite::open(std::path::Path::new(path))?),
        None => Arc::new(Postgres::connect(db).await?),
    })
}

/// Creates `units` units and `per_unit` enrolment codes in each; returns the codes.
pub async fn provision(db: &str, units: usize, per_unit: usize) -> Result<Vec<String>> {
    let storage = open_storage(db).await?;
    let now = chrono::Utc::now().timestamp_millis();
    let mut codes = Vec::with_capacity(units * per_unit);
    for u in 0..units {
        let unit = vanthu_server::admin::create_unit(
            storage.as_ref(),
            &format!("XA{:03}", u + 1),
            &format!("Ủy ban nhân dân xã số {}", u + 1),
            "Ủy ban nhân dân tỉnh Thái Nguyên",
            "state",
            now,
        )
        .await?;
        for _ in 0..per_unit {
            let (code, _) =
                vanthu_server::admin::issue_enrol_code(storage.as_ref(), &unit, 3_600_000, now)
                    .await?;
            codes.push(code);
        }
    }
    Ok(codes)
}

/// A running `vanthu-server serve`, stopped when dropped.
pub struct ServerProc {
    child: Child,
    pub addr: SocketAddr,
}

impl ServerProc {
    pub fn start(db: &str) -> Result<ServerProc> {
        let bin = server_bin()?;
        let mut child = Command::new(&bin)
            .args(["--db", db, "serve", "--listen", "127.0.0.1:0"])
            .env("VANTHU_LOG", "error")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("starting {}", bin.display()))?;
        let mut line = String::new();
        let stdout = child.stdout.take().context("server stdout")?;
        BufReader::new(stdout).read_line(&mut line)?;
        let Some(url) = line.trim().strip_prefix("listening on http://") else {
            let _ = child.kill();
            bail!("vanthu-server did not start: {line:?}");
        };
        Ok(ServerProc {
            addr: url.parse()?,
            child,
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// CPU seconds the server process has used so far.
    pub fn cpu_seconds(&self) -> Option<f64> {
        cpu_seconds(self.child.id())
    }
}

/// `(parent pid, CPU seconds: user + system)` of a process, from /proc (100 ticks a second).
fn stat(pid: u32) -> Option<(u32, f64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ppid: u32 = fields.get(1)?.parse().ok()?;
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((ppid, (utime + stime) / 100.0))
}

/// CPU seconds used so far by process `pid`.
pub fn cpu_seconds(pid: u32) -> Option<f64> {
    stat(pid).map(|(_, cpu)| cpu)
}

/// CPU seconds used so far by `root` and its living children (PostgreSQL's postmaster and its
/// backends).
pub fn tree_cpu_seconds(root: u32) -> Option<f64> {
    let mut total = cpu_seconds(root)?;
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if let Some((ppid, cpu)) = stat(pid)
            && ppid == root
        {
            total += cpu;
        }
    }
    Some(total)
}

impl Drop for ServerProc {
    /// SIGTERM (a clean stop, so a profiler wrapped around the server can write its data),
    /// then SIGKILL after five seconds.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        for _ in 0..50 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `vanthu-server` from the same target directory as this binary (or `VANTHU_SERVER_BIN`).
fn server_bin() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("VANTHU_SERVER_BIN") {
        return Ok(PathBuf::from(p));
    }
    let exe = std::env::current_exe()?;
    let bin = exe.with_file_name("vanthu-server");
    if !bin.exists() {
        bail!(
            "{} is missing: build it first (cargo build --release -p vanthu-server)",
            bin.display()
        );
    }
    Ok(bin)
}
