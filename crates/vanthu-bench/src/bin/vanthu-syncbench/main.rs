//! `vanthu-syncbench`: the sync figures of docs/benchmarks.md, measured on loopback with the real
//! parts (issue #6, "Benchmarks"):
//! 1. bytes per change: generated changes, the client's own batches, the real encoder;
//! 2. the real client engine pushing them through an emulated slow link (default 256 kbit/s each
//!    way, 300 ms round trip) to a real server process, against the link's lower bound;
//! 3. server ingest: many enrolled devices pushing at once (SQLite file, then PostgreSQL when
//!    `--pg` names an empty database).
//!
//! Prints Markdown rows ready for the table; figures are never asserted. Run through
//! `scripts/bench-sync.sh`, which builds the release binaries and starts PostgreSQL.

mod changes;
mod ingest;
mod link;
mod server;

use anyhow::{Result, bail};
use clap::Parser;
use std::time::{Duration, Instant};
use vanthu_sync::{SyncEngine, SyncOptions};

#[derive(Parser)]
#[command(about = "VanThu sync benchmarks (bytes per change, slow link, server ingest)")]
struct Args {
    /// Changes captured on the laptop and pushed through the slow link.
    #[arg(long, default_value_t = 10_000)]
    changes: usize,
    /// Link speed each way, kbit/s.
    #[arg(long, default_value_t = 256)]
    link_kbit: u64,
    /// Round trip of the link, ms.
    #[arg(long, default_value_t = 300)]
    rtt_ms: u64,
    /// Devices pushing at once in the ingest run.
    #[arg(long, default_value_t = 100)]
    devices: usize,
    /// Units the devices belong to (devices are spread evenly).
    #[arg(long, default_value_t = 50)]
    units: usize,
    /// Changes each device pushes in the ingest run (whole client batches).
    #[arg(long, default_value_t = 2_000)]
    per_device: usize,
    /// PostgreSQL URL of an empty database for the PostgreSQL ingest run.
    #[arg(long)]
    pg: Option<String>,
    /// The cluster's data directory (its postmaster.pid lets the run count PostgreSQL's CPU).
    #[arg(long)]
    pg_data: Option<std::path::PathBuf>,
    /// Skip the slow-link run (it takes about a minute).
    #[arg(long)]
    skip_link: bool,
    /// Train the protocol's push dictionary instead of measuring: generate changes with seed 1
    /// (the measurements use seed 6), split them into single-action pushes and write a 16 KiB
    /// dictionary to this file (crates/vanthu-protocol/dict/push-v1.zdict).
    #[arg(long)]
    train_dictionary: Option<std::path::PathBuf>,
}

/// Seed of the generated data the measurements use.
const MEASURE_SEED: u64 = 6;
/// Seed of the generated data the push dictionary was trained on.
const TRAIN_SEED: u64 = 1;

/// One printed row of the benchmark table.
struct Row {
    what: String,
    size: String,
    ours: String,
    baseline: String,
    notes: String,
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let root = tempfile::tempdir()?;
    let options = SyncOptions::default();
    let batch = options.batch_size;
    let mut rows = Vec::new();

    eprintln!("==> generating {} changes on a laptop", args.changes);
    let laptop = root.path().join("laptop");
    let seed = match args.train_dictionary {
        Some(_) => TRAIN_SEED,
        None => MEASURE_SEED,
    };
    let store = changes::make_store(&laptop, args.changes, seed)?;

    // The laptop's server, behind the slow link; enrolment is not measured.
    let db = format!("sqlite:{}", root.path().join("server-link.db").display());
    let codes = server::provision(&db, 1, 1).await?;
    let srv = server::ServerProc::start(&db)?;
    let rate_bits = args.link_kbit * 1000;
    let rtt = Duration::from_millis(args.rtt_ms);
    let link = link::SlowLink::start(srv.addr, rate_bits, rtt).await?;
    let engine = SyncEngine::new(&laptop, options.clone())?;
    engine.enrol(&link.url(), &codes[0], "Máy đo").await?;

    // 1. Bytes per change.
    let pushes = changes::push_batches(&store, batch)?;
    drop(store);
    if let Some(out) = &args.train_dictionary {
        let actions = changes::per_action(&pushes);
        let dict = changes::train_dictionary(&actions, 16 * 1024)?;
        std::fs::write(out, &dict)?;
        eprintln!(
            "wrote a {} B dictionary trained on {} single-action pushes to {}",
            dict.len(),
            actions.len(),
            out.display()
        );
        return Ok(());
    }
    let all = changes::sizes(&pushes);
    let (zipped, n) = (all.sent, all.changes);
    let payload: usize = pushes
        .iter()
        .flat_map(|p| &p.changes)
        .map(|c| c.payload.len() + c.base.as_ref().map_or(0, String::len))
        .sum();
    let per = |bytes: usize, changes: usize| bytes as f64 / changes as f64;
    rows.push(Row {
        what: format!(
            "sync: bytes per change on the wire, generated documents' changes in the client's own push batches ({batch} changes, MessagePack + zstd 3 with the built-in push dictionary)"
        ),
        size: format!("{n} changes"),
        ours: format!("{:.0} B/change compressed", per(zipped, n)),
        baseline: format!("{:.0} B/change uncompressed MessagePack", per(all.raw, n)),
        notes: format!(
            "{} pushes, {} B in all; {:.0} B/change without the dictionary; JSON payloads + bases alone average {:.0} B; upserts carry the whole record",
            pushes.len(),
            zipped,
            per(all.plain_zstd, n),
            payload as f64 / n as f64
        ),
    });
    let actions = changes::per_action(&pushes);
    let one = changes::sizes(&actions);
    let per_action_row = rows.len();
    rows.push(Row {
        what: "sync: bytes per change, pushed one user action at a time (a document and its events, as the debounced sync sends them during the day), with the built-in push dictionary".into(),
        size: format!("{} changes in {} pushes", one.changes, actions.len()),
        ours: format!("{:.0} B/change compressed", per(one.sent, one.changes)),
        baseline: format!(
            "{:.0} B/change uncompressed MessagePack",
            per(one.raw, one.changes)
        ),
        notes: format!(
            "push bodies only; without the dictionary (zstd with no history to refer to) {:.0} B/change; the dictionary was trained on generated data of seed {TRAIN_SEED}, measured here on seed {MEASURE_SEED}",
            per(one.plain_zstd, one.changes)
        ),
    });

    // 2. The slow link.
    if !args.skip_link {
        eprintln!(
            "==> pushing {n} changes through {} kbit/s, {} ms round trip",
            args.link_kbit, args.rtt_ms
        );
        link.reset_counts();
        let t = Instant::now();
        let report = engine.sync_now().await?;
        let secs = t.elapsed().as_secs_f64();
        if report.pushed as usize != n {
            bail!("the engine pushed {} changes, {n} expected", report.pushed);
        }
        let (up, down) = link.bytes();
        // hello + pushes + pull; what is not push body is HTTP framing.
        let requests = u64::from(report.push_batches) + 2;
        let framing = (up.saturating_sub(zipped as u64)) / requests;
        rows[per_action_row].notes +=
            &format!("; HTTP framing measured on the slow link: about {framing} B per request up");
        let bytes_per_sec = rate_bits as f64 / 8.0;
        let bound = zipped as f64 / bytes_per_sec + 2.0 * rtt.as_secs_f64();
        rows.push(Row {
            what: format!(
                "sync: one round of the real engine (hello, push, pull) through an emulated link of {} kbit/s each way and {} ms round trip, to a real server (SQLite)",
                args.link_kbit, args.rtt_ms
            ),
            size: format!("{n} changes"),
            ours: format!("{secs:.1} s ({:.2}× the lower bound)", secs / bound),
            baseline: format!("lower bound {bound:.1} s"),
            notes: format!(
                "lower bound = compressed push bodies ({zipped} B) ÷ link speed + 2 round trips (opening the connection, one push answered); measured on the wire: {up} B up, {down} B down, {} pushes of {batch}, each waiting for its answer",
                report.push_batches
            ),
        });
    }
    drop(link);
    drop(srv);
    drop(engine);

    // 3. Ingest.
    let mut source = Vec::new();
    let mut taken = 0;
    for p in &pushes {
        if taken + p.changes.len() > args.per_device {
            break;
        }
        taken += p.changes.len();
        source.push(p.clone());
    }
    changes::check_unique_tails(&source)?;
    let mut targets = vec![(
        "SQLite file",
        format!("sqlite:{}", root.path().join("server-ingest.db").display()),
    )];
    if let Some(pg) = &args.pg {
        targets.push(("PostgreSQL", pg.clone()));
    }
    for (name, db) in targets {
        eprintln!(
            "==> ingest: {} devices × {taken} changes, {name}",
            args.devices
        );
        let pg_pid = match (name, &args.pg_data) {
            ("PostgreSQL", Some(dir)) => std::fs::read_to_string(dir.join("postmaster.pid"))
                .ok()
                .and_then(|s| s.lines().next().and_then(|l| l.trim().parse().ok())),
            _ => None,
        };
        let r = ingest::run(&db, args.units, args.devices, &source, pg_pid).await?;
        let per_change = |c: f64| c / r.changes as f64 * 1e6;
        let mut cpu = String::new();
        if let Some(c) = r.server_cpu_secs {
            cpu += &format!(
                "; CPU: server process {c:.1} s ({:.0} µs/change)",
                per_change(c)
            );
        }
        if let Some(c) = r.db_cpu_secs {
            cpu += &format!(", PostgreSQL {c:.1} s ({:.0} µs/change)", per_change(c));
        }
        if let Some(c) = r.client_cpu_secs {
            cpu += &format!(", load generator {c:.1} s");
        }
        rows.push(Row {
            what: format!(
                "sync: server ingest, {} devices in {} units pushing at once (real batches of {batch}, one after another per device) to a real server process, {name}",
                r.devices, r.units
            ),
            size: format!("{} changes", r.changes),
            ours: format!("{:.0} changes/s ({:.1} s)", r.rate(), r.secs),
            baseline: "—".into(),
            notes: format!(
                "push answered in p50 {:.0} ms, p95 {:.0} ms{cpu}",
                r.batch_percentile(50.0),
                r.batch_percentile(95.0)
            ),
        });
    }

    let date = chrono::Local::now().format("%Y-%m-%d");
    println!("| date | benchmark | size | VanThu | baseline | notes |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for r in rows {
        println!(
            "| {date} | {} | {} | {} | {} | {} |",
            r.what, r.size, r.ours, r.baseline, r.notes
        );
    }
    Ok(())
}
