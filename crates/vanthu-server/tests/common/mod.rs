//! Helpers for tests that run the real binaries: a `vanthu-server` process on 127.0.0.1 port 0
//! (stopping by itself after a while even if the test dies) and `vanthu` CLI invocations on
//! their own data directories.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// The `vanthu` CLI binary, built beside this test (built on demand when missing).
pub fn vanthu_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("VANTHU_CLI_BIN") {
        return PathBuf::from(p);
    }
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().unwrap().parent().unwrap().to_path_buf();
    let bin = profile_dir.join(format!("vanthu{}", std::env::consts::EXE_SUFFIX));
    if !bin.exists() {
        let target = profile_dir.parent().unwrap();
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["build", "-p", "vanthu-cli", "--bin", "vanthu"])
            .env("CARGO_TARGET_DIR", target)
            .status()
            .expect("cargo build vanthu");
        assert!(status.success(), "building the vanthu CLI failed");
    }
    bin
}

pub fn server_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_vanthu-server"))
}

/// A running server process, killed when dropped.
pub struct ServerProc {
    pub child: Child,
    pub url: String,
    pub db: String,
}

impl ServerProc {
    /// Starts `vanthu-server serve` on a free loopback port with `--stop-after` as a safety net.
    pub fn start(db: &str, extra: &[&str]) -> ServerProc {
        Self::start_on(db, "127.0.0.1:0", extra)
    }

    pub fn start_on(db: &str, listen: &str, extra: &[&str]) -> ServerProc {
        let mut child = Command::new(server_bin())
            .args([
                "--db",
                db,
                "serve",
                "--listen",
                listen,
                "--stop-after",
                "900",
            ])
            .args(extra)
            .env(
                "VANTHU_LOG",
                std::env::var("VANTHU_LOG").unwrap_or_else(|_| "error".into()),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn vanthu-server");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_string();
        ServerProc {
            child,
            url,
            db: db.to_string(),
        }
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.url.rsplit(':').next().unwrap().parse().unwrap()
    }

    /// SIGKILL, as a crash.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServerProc {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Runs `vanthu-server --db DB admin ARGS…` and returns stdout (panics on failure).
pub fn admin(db: &str, args: &[&str]) -> String {
    let out = Command::new(server_bin())
        .args(["--db", db, "admin"])
        .args(args)
        .env("VANTHU_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "admin {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A new unit and one enrolment code for it.
pub fn unit_with_code(db: &str, code: &str, name: &str) -> String {
    admin(db, &["unit", "create", "--code", code, "--name", name]);
    enrol_code(db, code)
}

pub fn enrol_code(db: &str, unit: &str) -> String {
    let out = admin(db, &["enrol-code", unit, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["code"].as_str().unwrap().to_string()
}

/// One laptop: a data directory used through the `vanthu` CLI.
pub struct Laptop {
    pub dir: PathBuf,
}

impl Laptop {
    pub fn new(root: &Path, name: &str) -> Laptop {
        Laptop {
            dir: root.join(name),
        }
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(vanthu_bin());
        c.arg("--data-dir").arg(&self.dir).args(args);
        c.env_remove("VANTHU_NOW").env_remove("VANTHU_USER");
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "vanthu {args:?} failed ({:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    pub fn setup(&self) {
        self.ok(&[
            "setup",
            "--name",
            "Ủy ban nhân dân xã Tân Cương",
            "--superior",
            "Ủy ban nhân dân tỉnh Thái Nguyên",
            "--abbr",
            "UBND",
            "--place",
            "Tân Cương",
        ]);
    }

    pub fn add_incoming(&self, symbol: &str, summary: &str) -> serde_json::Value {
        self.json(&[
            "incoming",
            "add",
            "--issuer",
            "Sở Nội vụ tỉnh Thái Nguyên",
            "--symbol",
            symbol,
            "--date",
            "2026-02-02",
            "--type",
            "Công văn",
            "--summary",
            summary,
            "--json",
        ])
    }

    /// Every incoming document (id → summary, status, assignee), via the CLI.
    pub fn incoming(&self) -> Vec<serde_json::Value> {
        let v = self.json(&["incoming", "list", "--limit", "100000", "--json"]);
        v["items"].as_array().cloned().unwrap_or_default()
    }

    /// A direct read of the store (for counting every record).
    pub fn db(&self) -> rusqlite_like::Db {
        rusqlite_like::Db::open(&self.dir.join("vanthu.db"))
    }
}

/// Read-only counting over a laptop's SQLite file through the local crate's store.
pub mod rusqlite_like {
    use std::path::Path;

    pub struct Db(vanthu_local::Store);

    impl Db {
        pub fn open(path: &Path) -> Db {
            Db(vanthu_local::Store::open(path.parent().unwrap()).unwrap())
        }

        pub fn count(&self, sql: &str) -> i64 {
            self.0.conn().query_row(sql, [], |r| r.get(0)).unwrap()
        }

        /// A direct write, as someone with the file would make it (tampering tests).
        pub fn exec(&self, sql: &str) -> usize {
            self.0.conn().execute(sql, []).unwrap()
        }

        pub fn strings(&self, sql: &str) -> Vec<String> {
            let mut s = self.0.conn().prepare(sql).unwrap();
            s.query_map([], |r| r.get(0))
                .unwrap()
                .map(|r| r.unwrap())
                .collect()
        }
    }
}

/// Waits until `f` holds or the time runs out.
pub fn eventually(timeout: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = std::time::Instant::now();
    while start.elapsed() < timeout {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}
