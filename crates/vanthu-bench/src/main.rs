//! `vanthu-bench`: measures VanThu's use cases on generated data and, in the same run, a
//! raw-SQLite baseline doing the same storage work without the application layer. Prints a
//! table; figures go into docs/benchmarks.md by hand (never asserted in tests).

mod stats;

use anyhow::Result;
use chrono::NaiveDate;
use clap::Parser;
use rusqlite::Connection;
use stats::{Row, Samples};
use std::path::Path;
use std::time::Instant;
use vanthu_local::generate::{GenerateOptions, generate};
use vanthu_local::incoming::{IncomingFilter, IncomingInput, list_incoming, register_incoming};
use vanthu_local::{Context, FixedClock, Store};

#[derive(Parser)]
#[command(about = "VanThu benchmarks")]
struct Args {
    /// Documents made by the generator (through the real use cases).
    #[arg(long, default_value_t = 50_000)]
    generate: usize,
    /// Documents in the store for the list benchmark (the generated ones replicated by SQL).
    #[arg(long, default_value_t = 1_000_000)]
    list_size: usize,
    /// Registrations timed one by one.
    #[arg(long, default_value_t = 500)]
    registrations: usize,
    /// Repetitions of each list query.
    #[arg(long, default_value_t = 200)]
    list_runs: usize,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let dir = tempfile::tempdir()?;
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid");
    let mut rows = Vec::new();

    // 1. Generator rate, beside bare INSERTs of the same number of rows in 2,000-row transactions.
    let mut store = Store::open(dir.path())?;
    let opts = GenerateOptions {
        count: args.generate,
        from_year: 2019,
        to_year: 2026,
        seed: 30,
        today,
    };
    let t = Instant::now();
    let report = generate(&mut store, &opts)?;
    let secs = t.elapsed().as_secs_f64();
    let baseline = raw_insert_rate(&dir.path().join("raw.db"), args.generate)?;
    rows.push(Row::rate(
        "generator (documents with full history, replies, outbox)",
        args.generate,
        report.incoming as f64 / secs,
        baseline,
        "docs/s",
        format!(
            "{} incoming, {} outgoing, {} steps in {secs:.1} s",
            report.incoming, report.outgoing, report.events
        ),
    ));

    // 2. Registering one document, each in its own committed transaction.
    let clock = FixedClock::new(vanthu_core::time::vietnam_midnight_ms(today) + 9 * 3_600_000);
    let ctx = Context {
        actor: "bench",
        clock: &clock,
    };
    let mut ours = Samples::default();
    let path = dir.path().to_path_buf();
    for i in 0..args.registrations {
        let input = IncomingInput {
            issuer: "Sở Khoa học và Công nghệ".into(),
            symbol: format!("{i}/KH-SKHCN"),
            doc_date: "2026-11-20".into(),
            doc_type: "Kế hoạch".into(),
            summary: "Kế hoạch triển khai chuyển đổi số năm 2027".into(),
            ..Default::default()
        };
        let t = Instant::now();
        store.write(|tx| register_incoming(tx, &ctx, &path, &input))?;
        ours.push(t.elapsed());
    }
    let raw = raw_single_inserts(&dir.path().join("raw.db"), args.registrations)?;
    rows.push(Row::latency(
        "register one incoming document (own transaction)",
        args.generate,
        &ours,
        &raw,
        "",
    ));

    // 3. A filtered page of the register over a large store.
    let total = amplify(&store, args.list_size)?;
    let filters = [
        (
            "year + status, first page",
            IncomingFilter {
                year: Some(2024),
                status: Some(vanthu_core::incoming::IncomingStatus::Done),
                ..Default::default()
            },
        ),
        (
            "open and overdue",
            IncomingFilter {
                overdue_on: Some(today),
                ..Default::default()
            },
        ),
        (
            "assignee + year",
            IncomingFilter {
                year: Some(2025),
                assignee: Some("Trần Thị Lan".into()),
                ..Default::default()
            },
        ),
        (
            "year, page 100",
            IncomingFilter {
                year: Some(2023),
                offset: Some(4950),
                ..Default::default()
            },
        ),
    ];
    for (name, filter) in filters {
        let mut ours = Samples::default();
        for _ in 0..args.list_runs {
            let t = Instant::now();
            let page = list_incoming(store.conn(), &filter)?;
            ours.push(t.elapsed());
            std::hint::black_box(page);
        }
        let raw = raw_list(store.conn(), &filter, args.list_runs)?;
        rows.push(Row::latency(
            &format!("list a filtered page: {name}"),
            total,
            &ours,
            &raw,
            "50 rows",
        ));
    }
    stats::print(&rows);
    Ok(())
}

/// Bare rows of similar width inserted in 2,000-row transactions: the storage floor under the
/// generator (which also writes events, replies and outbox entries per document).
fn raw_insert_rate(path: &Path, n: usize) -> Result<f64> {
    let mut conn = raw_conn(path)?;
    let t = Instant::now();
    for chunk in 0..n.div_ceil(2000) {
        let tx = conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached("INSERT INTO docs (id, summary, issuer, symbol, status) VALUES (?1, ?2, ?3, ?4, 'registered')")?;
            for i in chunk * 2000..((chunk + 1) * 2000).min(n) {
                stmt.execute(rusqlite::params![
                    format!("g{i}"),
                    "Về việc triển khai chuyển đổi số",
                    "Sở Nội vụ",
                    format!("{i}/KH-SNV")
                ])?;
            }
        }
        tx.commit()?;
    }
    Ok(n as f64 / t.elapsed().as_secs_f64())
}

fn raw_single_inserts(path: &Path, n: usize) -> Result<Samples> {
    let mut conn = raw_conn(path)?;
    let mut s = Samples::default();
    for i in 0..n {
        let t = Instant::now();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.prepare_cached("INSERT INTO docs (id, summary, issuer, symbol, status) VALUES (?1, ?2, ?3, ?4, 'registered')")?
            .execute(rusqlite::params![format!("s{i}"), "Kế hoạch triển khai chuyển đổi số năm 2027", "Sở Khoa học và Công nghệ", format!("{i}/KH-SKHCN")])?;
        tx.commit()?;
        s.push(t.elapsed());
    }
    Ok(s)
}

fn raw_conn(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.execute_batch("CREATE TABLE IF NOT EXISTS docs (id TEXT PRIMARY KEY, summary TEXT, issuer TEXT, symbol TEXT, status TEXT)")?;
    Ok(conn)
}

/// Replicates the generated documents with SQL (fresh ids, years shifted back by multiples of
/// eight so numbers stay unique and leap days stay valid) until the store holds `target` rows.
/// Only documents are replicated: the list query reads nothing else.
fn amplify(store: &Store, target: usize) -> Result<usize> {
    let conn = store.conn();
    let base: i64 = conn.query_row("SELECT count(*) FROM incoming_documents", [], |r| r.get(0))?;
    let mut have = base as usize;
    let mut k = 1;
    conn.execute_batch("BEGIN")?;
    while have < target {
        let take = (target - have).min(base as usize);
        let shift = 8 * k;
        conn.execute(
            &format!(
                "INSERT INTO incoming_documents
                 SELECT 'amp{k}-' || id, year - {shift}, arrival_no,
                        printf('%04d', year - {shift}) || substr(arrival_date, 5), arrived_at,
                        issuer, issuer_key, symbol, symbol_key, sym_number, sym_year, sym_type,
                        sym_issuer, doc_date, doc_type, summary, summary_key, urgency, recipient,
                        transfer_date, signer, receipt_signature, notes, status, assignee,
                        instructions,
                        CASE WHEN deadline IS NULL THEN NULL
                             ELSE printf('%04d', CAST(substr(deadline, 1, 4) AS INTEGER) - {shift}) || substr(deadline, 5) END,
                        completed_on, result, NULL, last_update_at, created_at,
                        updated_at, version, category
                 FROM incoming_documents WHERE id NOT LIKE 'amp%' LIMIT {take}"
            ),
            [],
        )?;
        have += take;
        k += 1;
    }
    conn.execute_batch("COMMIT; ANALYZE")?;
    Ok(have)
}

/// The same page read with a hand-written statement and no mapping into domain types.
fn raw_list(conn: &Connection, f: &IncomingFilter, runs: usize) -> Result<Samples> {
    let (sql, params): (&str, Vec<rusqlite::types::Value>) = if f.overdue_on.is_some() {
        (
            "SELECT * FROM incoming_documents WHERE status IN ('assigned','in_progress','registered','submitted') AND deadline < ?1 ORDER BY year DESC, arrival_no DESC LIMIT 51",
            vec![f.overdue_on.map(|d| d.to_string()).into()],
        )
    } else if let Some(a) = &f.assignee {
        (
            "SELECT * FROM incoming_documents WHERE year = ?1 AND assignee = ?2 ORDER BY year DESC, arrival_no DESC LIMIT 51",
            vec![f.year.map(i64::from).into(), a.clone().into()],
        )
    } else if let Some(s) = f.status {
        (
            "SELECT * FROM incoming_documents WHERE year = ?1 AND status = ?2 ORDER BY year DESC, arrival_no DESC LIMIT 51",
            vec![f.year.map(i64::from).into(), s.code().to_string().into()],
        )
    } else {
        (
            "SELECT * FROM incoming_documents WHERE year = ?1 ORDER BY year DESC, arrival_no DESC LIMIT 51 OFFSET 4950",
            vec![f.year.map(i64::from).into()],
        )
    };
    let mut s = Samples::default();
    let mut stmt = conn.prepare(sql)?;
    for _ in 0..runs {
        let t = Instant::now();
        // Read every column, as the use case does, but keep SQLite's own values.
        let n = stmt
            .query_map(rusqlite::params_from_iter(params.iter()), |r| {
                (0..r.as_ref().column_count())
                    .map(|i| r.get::<_, rusqlite::types::Value>(i))
                    .collect::<Result<Vec<_>, _>>()
            })?
            .count();
        s.push(t.elapsed());
        std::hint::black_box(n);
    }
    Ok(s)
}
