//! Fault-injection harness (design §5's guarantee under fire). Randomized with a printed seed
//! (`VANTHU_FAULT_SEED=N` repeats a run, `VANTHU_FAULT_SCENARIOS=N` sets the count, default 200).
//!
//! Each scenario gives a fresh unit one or two laptops (data directories used by the real
//! `vanthu` binary), makes changes, then breaks things while `vanthu sync now` runs:
//! SIGKILL of the client mid-push or mid-pull, SIGKILL and restart of the server mid-transaction,
//! a loopback proxy that refuses, delays, cuts requests and responses, resets and swallows
//! answers, batches replayed and reordered by hand, and a server whose database reports
//! "locked" / "disk full". After healing it asserts: every change the laptops committed is on the
//! server exactly once and in each device's order; the laptops' outboxes are empty; both laptops
//! and the server hold the same records; attachments arrived intact.

mod common;
mod fault_kit;

use common::ServerProc;
use fault_kit::proxy::Proxy;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng, rngs::StdRng};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use vanthu_local::incoming::{
    IncomingInput, TransitionInput, register_incoming, transition_incoming,
};
use vanthu_local::unit::{UnitInput, setup_unit};
use vanthu_local::{Context, Store, SystemClock};
use vanthu_protocol::PushRequest;
use vanthu_server::storage::Storage;
use vanthu_server::storage::sqlite::Sqlite;
use vanthu_server::{admin, auth};

const KINDS: [&str; 6] = [
    "client killed mid-push",
    "client killed mid-pull",
    "server killed mid-transaction",
    "flaky network (proxy)",
    "replayed and reordered batches",
    "database locked / disk full",
];

struct World {
    rt: tokio::runtime::Runtime,
    root: PathBuf,
    db: String,
    server: Option<ServerProc>,
    proxy: Proxy,
    store: Arc<Sqlite>,
    rng: StdRng,
    kills: u64,
    restarts: u64,
    replays: u64,
}

/// A laptop: its data directory, device id and every change id it ever committed (seq order).
struct Laptop {
    dir: PathBuf,
    device: String,
    committed: Vec<(i64, String)>,
}

impl World {
    fn start_server(&mut self, faults: Option<u64>) {
        self.server = None; // kill the old one first
        let extra: Vec<String> = match faults {
            Some(seed) => vec![
                "--inject-faults".into(),
                "0.3".into(),
                "--fault-seed".into(),
                seed.to_string(),
            ],
            None => vec![],
        };
        let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
        let s = ServerProc::start(&self.db, &extra);
        self.proxy
            .set_upstream(format!("127.0.0.1:{}", s.port()).parse().unwrap());
        self.server = Some(s);
    }

    /// Runs `vanthu sync now` for a laptop; returns whether it succeeded.
    fn sync(&self, l: &Laptop) -> bool {
        sync_cmd(&l.dir, 3, 4).status().unwrap().success()
    }

    /// Starts `vanthu sync now` and SIGKILLs it after a random moment.
    fn sync_killed(&mut self, l: &Laptop, batch: u32, page: u32) {
        let mut child = sync_cmd(&l.dir, batch, page).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(self.rng.gen_range(0..160)));
        let _ = child.kill();
        let _ = child.wait();
        self.kills += 1;
    }

    /// Heals and syncs until it succeeds.
    fn sync_until_ok(&self, l: &Laptop) {
        for attempt in 0..8 {
            if sync_cmd(&l.dir, 100, 100).status().unwrap().success() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50 * (attempt + 1)));
        }
        panic!("sync of {} never succeeded after healing", l.dir.display());
    }
}

fn sync_cmd(dir: &Path, batch: u32, page: u32) -> Command {
    let mut c = Command::new(common::vanthu_bin());
    c.arg("--data-dir")
        .arg(dir)
        .args(["sync", "now", "--json"])
        .env("VANTHU_SYNC_BATCH", batch.to_string())
        .env("VANTHU_SYNC_PAGE", page.to_string())
        .env("VANTHU_SYNC_TIMEOUT_MS", "3000")
        .env_remove("VANTHU_NOW")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn ctx_clock() -> SystemClock {
    SystemClock
}

/// Makes `n` document changes on a laptop (registrations, assignments, now and then an
/// attachment) and records the change ids it committed.
fn work(l: &mut Laptop, rng: &mut StdRng, n: usize) {
    let clock = ctx_clock();
    let ctx = Context {
        actor: "Văn thư",
        clock: &clock,
    };
    let mut store = Store::open(&l.dir).unwrap();
    let tag = l.dir.file_name().unwrap().to_string_lossy().to_string();
    for i in 0..n {
        let k: u32 = rng.r#gen();
        let mut input = IncomingInput {
            issuer: "Sở Nội vụ tỉnh Thái Nguyên".into(),
            symbol: format!("{}/SNV-{}", k % 900 + 1, tag.to_uppercase()),
            doc_date: "2026-03-02".into(),
            doc_type: "Công văn".into(),
            summary: format!("Văn bản thử nghiệm {tag} {i} {k}"),
            allow_duplicate: true,
            ..Default::default()
        };
        if rng.gen_bool(0.15) {
            let f = l.dir.join(format!("tep-{k}.pdf"));
            let size = rng.gen_range(10..400_000);
            let bytes: Vec<u8> = (0..size)
                .map(|j| ((j as u32).wrapping_mul(k) >> 7) as u8)
                .collect();
            std::fs::write(&f, bytes).unwrap();
            input.attachments = vec![f];
        }
        let doc = store
            .write(|tx| register_incoming(tx, &ctx, &l.dir, &input))
            .unwrap()
            .document;
        if rng.gen_bool(0.5) {
            store
                .write(|tx| {
                    transition_incoming(
                        tx,
                        &ctx,
                        &doc.id,
                        &TransitionInput {
                            action: "assign".into(),
                            assignee: Some(["Trần Thị Lan", "Lê Văn Hùng"][i % 2].into()),
                            deadline: Some("2026-03-20".into()),
                            ..Default::default()
                        },
                    )
                })
                .unwrap();
        }
    }
    capture(l, &store);
}

/// Adds the outbox rows not seen yet to the laptop's committed list.
fn capture(l: &mut Laptop, store: &Store) {
    let known: BTreeSet<i64> = l.committed.iter().map(|c| c.0).collect();
    let mut s = store
        .conn()
        .prepare("SELECT seq, change_id FROM outbox ORDER BY seq")
        .unwrap();
    let rows: Vec<(i64, String)> = s
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .filter(|(seq, _)| !known.contains(seq))
        .collect();
    l.committed.extend(rows);
    l.committed.sort();
}

fn new_laptop(
    w: &mut World,
    unit: &vanthu_server::storage::Unit,
    name: &str,
    set_up: bool,
) -> Laptop {
    let dir = w.root.join(name);
    let mut store = Store::open(&dir).unwrap();
    if set_up {
        let clock = ctx_clock();
        let ctx = Context {
            actor: "Văn thư",
            clock: &clock,
        };
        store
            .write(|tx| {
                setup_unit(
                    tx,
                    &ctx,
                    &UnitInput {
                        name: format!("Ủy ban nhân dân xã {name}"),
                        superior: "Ủy ban nhân dân tỉnh Thái Nguyên".into(),
                        abbreviation: "UBND".into(),
                        place_name: "Tân Cương".into(),
                        numbering_style: "state".into(),
                        commune_code: None,
                        leaders: vec![],
                    },
                )
            })
            .unwrap();
    }
    let (code, _) =
        w.rt.block_on(admin::issue_enrol_code(
            w.store.as_ref(),
            unit,
            3_600_000,
            now(),
        ))
        .unwrap();
    w.proxy.set_fault_rate(0.0);
    let engine = vanthu_sync::SyncEngine::new(&dir, Default::default()).unwrap();
    let resp =
        w.rt.block_on(engine.enrol(&w.proxy.url(), &code, name))
            .expect("enrol");
    let mut l = Laptop {
        dir,
        device: resp.device_id,
        committed: vec![],
    };
    capture(&mut l, &store);
    l
}

fn now() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Sends the laptop's pending changes straight to the server as several small batches, shuffled,
/// some twice: the server must apply each once, in order, answering gaps with the seq it expects.
fn replay_and_reorder(w: &mut World, l: &Laptop) {
    let store = Store::open(&l.dir).unwrap();
    let dev = vanthu_local::sync::device::require_device(store.conn()).unwrap();
    let (after, changes) = vanthu_local::sync::pending_batch(store.conn(), 10_000).unwrap();
    let mut batches = Vec::new();
    let mut prev = after;
    for chunk in changes.chunks(w.rng.gen_range(1..4)) {
        batches.push(PushRequest {
            after: prev,
            changes: chunk.to_vec(),
        });
        prev = chunk.last().unwrap().seq;
    }
    let mut sends: Vec<&PushRequest> = batches
        .iter()
        .chain(batches.iter().filter(|_| w.rng.gen_bool(0.4)))
        .collect();
    sends.shuffle(&mut w.rng);
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    w.rt.block_on(async {
        for req in sends {
            let resp = client
                .post(format!("{}/v1/push", w.proxy.url()))
                .header("x-vanthu-protocol", "1")
                .header(
                    "authorization",
                    format!("Bearer {}.{}", dev.device_id, dev.token),
                )
                .body(vanthu_protocol::encode(req))
                .send()
                .await
                .unwrap();
            let status = resp.status().as_u16();
            assert!(status == 200 || status == 409, "replay answered {status}");
        }
    });
    w.replays += 1;
}

fn check(w: &World, unit: &vanthu_server::storage::Unit, laptops: &[&Laptop]) {
    let log = w.rt.block_on(w.store.log(&unit.id)).unwrap();
    for l in laptops {
        let mine: Vec<(i64, String)> = log
            .iter()
            .filter(|r| r.origin.as_deref() == Some(l.device.as_str()))
            .map(|r| (r.origin_seq.unwrap(), r.change_id.clone().unwrap()))
            .collect();
        // The device's stream on the server is 1, 2, 3 … with no gap and no repeat (exactly once,
        // in order) and holds every change the laptop committed at its seq (nothing lost). Sync
        // itself may add changes (a số đến clash renumbered), which take their seqs in turn.
        let seqs: Vec<i64> = mine.iter().map(|m| m.0).collect();
        assert_eq!(
            seqs,
            (1..=seqs.len() as i64).collect::<Vec<_>>(),
            "{}: contiguous, in order",
            l.dir.display()
        );
        let ids: BTreeSet<&String> = mine.iter().map(|m| &m.1).collect();
        assert_eq!(
            ids.len(),
            mine.len(),
            "{}: no change applied twice",
            l.dir.display()
        );
        for (seq, id) in &l.committed {
            assert_eq!(
                mine.get(*seq as usize - 1),
                Some(&(*seq, id.clone())),
                "{}: change {seq} on the server",
                l.dir.display()
            );
        }
        let store = Store::open(&l.dir).unwrap();
        let status = vanthu_local::sync::local_status(store.conn()).unwrap();
        assert_eq!(status.pending, 0, "{}: outbox drained", l.dir.display());
        assert_eq!(
            status.acked_seq,
            seqs.len() as i64,
            "{}: acknowledged up to the last",
            l.dir.display()
        );
        if status.unapplied > 0 {
            let mut s = store
                .conn()
                .prepare("SELECT entity || ' ' || entity_id || ': ' || reason FROM sync_unapplied")
                .unwrap();
            let reasons: Vec<String> = s
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            panic!(
                "{}: pulled changes not applied: {reasons:#?}",
                l.dir.display()
            );
        }
    }
    let server_docs: BTreeMap<String, serde_json::Value> =
        w.rt.block_on(w.store.records(&unit.id, "incoming_document"))
            .unwrap()
            .into_iter()
            .map(|p| {
                let v: serde_json::Value = serde_json::from_str(&p).unwrap();
                (v["id"].as_str().unwrap().to_string(), v)
            })
            .collect();
    for l in laptops {
        let store = Store::open(&l.dir).unwrap();
        let page = vanthu_local::incoming::list_incoming(
            store.conn(),
            &vanthu_local::incoming::IncomingFilter {
                limit: Some(100_000),
                ..Default::default()
            },
        )
        .unwrap();
        let local: BTreeMap<String, serde_json::Value> = page
            .items
            .into_iter()
            .map(|d| (d.id.clone(), serde_json::to_value(d).unwrap()))
            .collect();
        assert_eq!(
            local.keys().collect::<Vec<_>>(),
            server_docs.keys().collect::<Vec<_>>(),
            "{}: same documents as the server",
            l.dir.display()
        );
        for (id, doc) in &local {
            let s = &server_docs[id];
            for f in ["summary", "status", "assignee", "deadline", "arrival_no"] {
                assert_eq!(doc[f], s[f], "{}: {id}.{f} converged", l.dir.display());
            }
        }
        let events: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM incoming_events", [], |r| r.get(0))
            .unwrap();
        let server_events =
            w.rt.block_on(w.store.records(&unit.id, "incoming_event"))
                .unwrap()
                .len() as i64;
        assert_eq!(events, server_events, "{}: same history", l.dir.display());
        let mut s = store
            .conn()
            .prepare("SELECT DISTINCT sha256 FROM attachments")
            .unwrap();
        let shas: Vec<String> = s
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        for sha in shas {
            let b = w.rt.block_on(w.store.blob(&sha)).unwrap();
            assert!(
                b.is_some_and(|b| b.complete),
                "attachment {sha} complete on the server"
            );
            let path = vanthu_local::attachments::blob_path(&l.dir, &sha);
            let bytes = std::fs::read(&path)
                .unwrap_or_else(|_| panic!("{}: blob {sha} present", l.dir.display()));
            assert_eq!(auth::sha256_hex(&bytes), sha, "blob intact");
        }
    }
}

fn scenario(w: &mut World, n: usize, kind: usize) {
    let unit =
        w.rt.block_on(admin::create_unit(
            w.store.as_ref(),
            &format!("F{n}"),
            &format!("Xã thử {n}"),
            "UBND",
            "state",
            now(),
        ))
        .unwrap();
    let mut a = new_laptop(w, &unit, &format!("f{n}a"), true);
    let k = w.rng.gen_range(2..8);
    work(&mut a, &mut w.rng, k);
    let mut b: Option<Laptop> = None;
    match kind {
        0 => {
            for _ in 0..w.rng.gen_range(1..4) {
                let batch = w.rng.gen_range(1..5);
                w.sync_killed(&a, batch, 3);
                let k = w.rng.gen_range(0..3);
                work(&mut a, &mut w.rng, k);
            }
        }
        1 => {
            w.sync_until_ok(&a);
            let lb = new_laptop(w, &unit, &format!("f{n}b"), false);
            for _ in 0..w.rng.gen_range(1..4) {
                let page = w.rng.gen_range(1..5);
                w.sync_killed(&lb, 2, page);
            }
            b = Some(lb);
        }
        2 => {
            for _ in 0..w.rng.gen_range(1..3) {
                let batch = w.rng.gen_range(1..20);
                let mut child = sync_cmd(&a.dir, batch, 3).spawn().unwrap();
                std::thread::sleep(Duration::from_millis(w.rng.gen_range(0..120)));
                w.server.as_mut().unwrap().kill();
                w.restarts += 1;
                let _ = child.wait();
                w.start_server(None);
            }
        }
        3 => {
            let mut lb = new_laptop(w, &unit, &format!("f{n}b"), false);
            let k = w.rng.gen_range(1..4);
            work(&mut lb, &mut w.rng, k);
            w.proxy.set_fault_rate(0.5);
            for _ in 0..w.rng.gen_range(2..5) {
                let _ = w.sync(&a);
                let _ = w.sync(&lb);
            }
            w.proxy.set_fault_rate(0.0);
            b = Some(lb);
        }
        4 => {
            replay_and_reorder(w, &a);
            let k = w.rng.gen_range(0..3);
            work(&mut a, &mut w.rng, k);
            replay_and_reorder(w, &a);
        }
        _ => {
            let seed = w.rng.r#gen();
            w.start_server(Some(seed));
            for _ in 0..w.rng.gen_range(2..5) {
                let _ = w.sync(&a);
            }
            w.start_server(None);
        }
    }
    // Heal: clean network, healthy server; sync until everyone has everything (two clean passes
    // in a row: nothing pending, nothing waiting, everyone pulled the others' last changes).
    w.proxy.set_fault_rate(0.0);
    let laptops: Vec<&Laptop> = std::iter::once(&a).chain(b.as_ref()).collect();
    let clean = |l: &Laptop| {
        let store = Store::open(&l.dir).unwrap();
        let s = vanthu_local::sync::local_status(store.conn()).unwrap();
        s.pending == 0 && s.unapplied == 0
    };
    for _ in 0..8 {
        for l in &laptops {
            w.sync_until_ok(l);
        }
        if laptops.iter().all(|l| clean(l)) {
            // Everyone pushed everything; all but the last synced before the others' last
            // pushes: one more pass for them.
            for l in &laptops[..laptops.len() - 1] {
                w.sync_until_ok(l);
            }
            if laptops.iter().all(|l| clean(l)) {
                break;
            }
        }
    }
    check(w, &unit, &laptops);
    for l in laptops {
        let _ = std::fs::remove_dir_all(&l.dir);
    }
}

#[test]
fn sync_survives_faults() {
    let seed: u64 = std::env::var("VANTHU_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| rand::thread_rng().r#gen());
    let scenarios: usize = std::env::var("VANTHU_FAULT_SCENARIOS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    println!(
        "fault injection: seed {seed} ({scenarios} scenarios; VANTHU_FAULT_SEED={seed} repeats this run)"
    );
    let tmp = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let db_path = tmp.path().join("server.db");
    let store = Arc::new(Sqlite::open(&db_path).unwrap());
    let proxy = rt.block_on(Proxy::start("127.0.0.1:9".parse().unwrap(), seed));
    let mut w = World {
        rt,
        root: tmp.path().to_path_buf(),
        db: format!("sqlite:{}", db_path.display()),
        server: None,
        proxy,
        store,
        rng: StdRng::seed_from_u64(seed),
        kills: 0,
        restarts: 0,
        replays: 0,
    };
    w.start_server(None);
    let started = Instant::now();
    let mut per_kind = [0usize; KINDS.len()];
    for n in 0..scenarios {
        let kind = n % KINDS.len();
        let t = Instant::now();
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| scenario(&mut w, n, kind)));
        if let Err(e) = result {
            eprintln!(
                "scenario {n} ({}) failed; repeat with VANTHU_FAULT_SEED={seed}",
                KINDS[kind]
            );
            std::panic::resume_unwind(e);
        }
        per_kind[kind] += 1;
        if t.elapsed() > Duration::from_secs(20) {
            eprintln!("scenario {n} ({}) took {:?}", KINDS[kind], t.elapsed());
        }
    }
    for (k, c) in KINDS.iter().zip(per_kind) {
        println!("  {c:>4} × {k}");
    }
    println!(
        "fault injection: {scenarios} scenarios passed in {:.0?} (seed {seed}): {} client kills, {} server kills, {} proxy faults, {} replay rounds",
        started.elapsed(),
        w.kills,
        w.restarts,
        w.proxy.injected(),
        w.replays
    );
    assert_eq!(per_kind.iter().sum::<usize>(), scenarios);
}
