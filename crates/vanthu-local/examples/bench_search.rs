//! Search and import benchmark (prints figures; not a timed test).
//!
//! ```sh
//! cargo run --release -p vanthu-local --example bench_search -- --docs 1000000 --import-rows 100000
//! ```
//!
//! 1. Generates `--base` documents through the real use cases, then replicates them by SQL
//!    (fresh ids, years shifted back by multiples of four so 29 February stays valid) up to
//!    `--docs`; the FTS triggers index every copy, as they would any write.
//! 2. Runs a set of clerk-like queries (with and without diacritics, prefixes while typing,
//!    names, symbols, with filters) through `search_incoming`, beside the raw SQLite baseline:
//!    one FTS5 MATCH of the folded query, newest first, joined to the documents and reading every
//!    column as raw values — the least any search page must do.
//! 3. Writes an `.xlsx` register of `--import-rows` rows and imports it into an empty store
//!    (read + map + validate + write with events, outbox, import keys, FTS), beside raw INSERTs
//!    of the same rows into the same table.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::time::{Duration, Instant};
use vanthu_local::generate::{GenerateOptions, generate};
use vanthu_local::import::{ImportOptions, import_incoming, read_file};
use vanthu_local::incoming::IncomingFilter;
use vanthu_local::search::{FtsQuery, SearchSort, search_incoming};
use vanthu_local::{Context, FixedClock, Store};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

struct Args {
    docs: usize,
    base: usize,
    import_rows: usize,
    reps: usize,
}

fn args() -> Args {
    let mut a = Args {
        docs: 1_000_000,
        base: 20_000,
        import_rows: 100_000,
        reps: 10,
    };
    let v: Vec<String> = std::env::args().skip(1).collect();
    for pair in v.chunks(2) {
        let n: usize = pair.get(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        match pair[0].as_str() {
            "--docs" => a.docs = n,
            "--base" => a.base = n,
            "--import-rows" => a.import_rows = n,
            "--reps" => a.reps = n,
            other => panic!("unknown argument {other}"),
        }
    }
    a
}

fn main() -> Res<()> {
    let a = args();
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(&dir.path().join("search"))?;
    let t = Instant::now();
    generate(
        &mut store,
        &GenerateOptions {
            count: a.base,
            from_year: 2023,
            to_year: 2026,
            seed: 11,
            today: NaiveDate::from_ymd_opt(2026, 11, 24).expect("date"),
        },
    )?;
    println!(
        "generated {} base documents in {:.1} s",
        a.base,
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let total = replicate(&mut store, a.docs)?;
    println!(
        "replicated to {total} documents (indexed for search as written) in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    bench_search(&store, a.reps)?;
    bench_import(&store, dir.path(), a.import_rows)?;
    Ok(())
}

/// Copies the generated documents with shifted years until `target` documents exist.
fn replicate(store: &mut Store, target: usize) -> Res<usize> {
    let conn = store.conn();
    let cols: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('incoming_documents')")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let base: i64 = conn.query_row("SELECT count(*) FROM incoming_documents", [], |r| r.get(0))?;
    let mut have = base as usize;
    let mut k = 1;
    while have < target {
        let shift = 4 * k;
        let select: Vec<String> = cols
            .iter()
            .map(|c| match c.as_str() {
                "id" => format!("'c{k}-' || id"),
                "year" => format!("year - {shift}"),
                "arrival_date" | "doc_date" | "transfer_date" | "deadline" | "completed_on" => {
                    format!(
                        "CASE WHEN {c} IS NULL THEN NULL ELSE printf('%04d', CAST(substr({c}, 1, 4) AS INTEGER) - {shift}) || substr({c}, 5) END"
                    )
                }
                "reply_outgoing_id" => "NULL".into(),
                other => other.to_string(),
            })
            .collect();
        let take = (target - have).min(base as usize);
        let n = store.write(|tx| {
            Ok(tx.execute(
                &format!(
                    "INSERT INTO incoming_documents ({}) SELECT {} FROM incoming_documents
                     WHERE id NOT LIKE 'c%' LIMIT {take}",
                    cols.join(", "),
                    select.join(", ")
                ),
                [],
            )?)
        })?;
        have += n;
        k += 1;
    }
    Ok(have)
}

const QUERIES: &[(&str, Option<i32>)] = &[
    ("chuyển đổi số", None),
    ("chuyen doi so", None),
    ("phòng cháy, chữa cháy rừng", None),
    ("phong chay", None),
    ("Sở Nội vụ", None),
    ("so noi vu", None),
    ("an toàn thông tin mạng", None),
    ("bao dam an toan thong tin", None),
    ("chuyen d", None),
    ("bình dân h", None),
    ("Trần Thị L", None),
    ("KH-UBND", None),
    ("Đề án 06", None),
    ("nhap ngu", None),
    ("thiên tai", None),
    ("ngan sach nha nuoc", None),
    ("hội nghị sơ kết", None),
    ("dang uy xa", None),
    ("giam ngheo ben vung", None),
    ("chuyen doi so", Some(2025)),
    ("Sở Y tế", Some(1990)),
    ("hoa", None),
];

fn pct(v: &mut [Duration], p: f64) -> f64 {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i].as_secs_f64() * 1000.0
}

fn bench_search(store: &Store, reps: usize) -> Res<()> {
    let conn = store.conn();
    let mut ours = Vec::new();
    let mut raw = Vec::new();
    for (q, year) in QUERIES {
        let filter = IncomingFilter {
            year: *year,
            ..Default::default()
        };
        let folded = FtsQuery::parse(q).expect("query").folded;
        let year_clause = year
            .map(|y| format!("AND d.year = {y}"))
            .unwrap_or_default();
        let sql = format!(
            "SELECT d.* FROM incoming_fts f JOIN incoming_documents d
             ON d.year = f.rowid / 1000000 AND d.arrival_no = f.rowid % 1000000
             WHERE f.incoming_fts MATCH ?1 {year_clause} ORDER BY f.rowid DESC LIMIT 51"
        );
        let mut hits = 0;
        for rep in 0..=reps {
            let t = Instant::now();
            let page = search_incoming(conn, q, &filter, SearchSort::Newest)?;
            let d1 = t.elapsed();
            let t = Instant::now();
            let mut stmt = conn.prepare_cached(&sql)?;
            let width = stmt.column_count();
            let rows: Vec<Vec<Value>> = stmt
                .query_map([&folded], |r| (0..width).map(|i| r.get(i)).collect())?
                .collect::<Result<_, _>>()?;
            let d2 = t.elapsed();
            if rep > 0 {
                ours.push(d1);
                raw.push(d2);
            }
            hits = page.items.len().max(rows.len());
        }
        println!("  query {q:?} year {year:?}: {hits} hits on the first page");
    }
    let (o50, o95) = (pct(&mut ours, 0.5), pct(&mut ours, 0.95));
    let (r50, r95) = (pct(&mut raw, 0.5), pct(&mut raw, 0.95));
    println!(
        "search ({} queries x {reps}): VanThu p50 {o50:.3} ms, p95 {o95:.3} ms | raw FTS5 p50 {r50:.3} ms, p95 {r95:.3} ms | ratio p50 {:.2}x, p95 {:.2}x",
        QUERIES.len(),
        o50 / r50,
        o95 / r95
    );
    Ok(())
}

const HEADERS: [&str; 8] = [
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu",
    "Ngày tháng",
    "Tên loại và trích yếu nội dung",
    "Đơn vị hoặc người nhận",
    "Ghi chú",
];

fn bench_import(store: &Store, dir: &std::path::Path, rows: usize) -> Res<()> {
    type Row = (String, String, String, String, Option<String>);
    let base: Vec<Row> = store
        .conn()
        .prepare(
            "SELECT issuer, symbol, doc_type, summary, assignee FROM incoming_documents
             WHERE id NOT LIKE 'c%' ORDER BY year, arrival_no",
        )?
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    let file = dir.join("so-den-100k.xlsx");
    let t = Instant::now();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    let per_year = 10_000;
    for i in 0..rows {
        let (issuer, symbol, ty, summary, assignee) = &base[i % base.len()];
        let r = i as u32 + 1;
        let year = 2000 + (i / per_year) as u16;
        let day =
            ExcelDateTime::from_ymd(year, 1 + ((i % per_year) / 900) as u8, 1 + (i % 28) as u8)?;
        ws.write_date_with_format(r, 0, &day, &date)?;
        ws.write_number(r, 1, (i % per_year + 1) as f64)?;
        ws.write_string(r, 2, issuer)?;
        ws.write_string(r, 3, symbol)?;
        ws.write_date_with_format(r, 4, &day, &date)?;
        let ty = vanthu_core::doc_type::DocumentType::parse(ty)?;
        ws.write_string(r, 5, format!("{}: {summary}", ty.name_vi()))?;
        ws.write_string(r, 6, assignee.clone().unwrap_or_default())?;
    }
    book.save(&file)?;
    println!(
        "wrote a {rows}-row register in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let mut target = Store::open(&dir.join("import"))?;
    let clock = FixedClock::new(1_795_000_000_000);
    let ctx = Context {
        actor: "bench",
        clock: &clock,
    };
    let opts = ImportOptions::default();
    let t = Instant::now();
    let cpu = cpu_seconds();
    let parsed = read_file(&file, &opts)?;
    let read = t.elapsed().as_secs_f64();
    let report = target.write(|tx| import_incoming(tx, &ctx, &parsed, &opts))?;
    let total = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu).map(|(b, a)| b - a);
    assert_eq!(report.imported, rows, "{:?}", report.errors.first());

    // Baseline: the same rows as bare INSERTs into the same table (with its FTS triggers).
    let mut bare = Store::open(&dir.join("bare"))?;
    let t = Instant::now();
    bare.write(|tx| {
        let mut stmt = tx.prepare(
            "INSERT INTO incoming_documents (id, year, arrival_no, arrival_date, arrived_at,
                 issuer, issuer_key, symbol, symbol_key, doc_date, doc_type, summary, summary_key,
                 urgency, status, last_update_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 0, ?5, ?5, ?6, ?6, ?4, ?7, ?8, ?8, 'normal', 'filed', 0, 0, 0)",
        )?;
        for (i, r) in parsed.rows.iter().enumerate() {
            stmt.execute(rusqlite::params![
                format!("b{i}"),
                r.year,
                r.arrival_no,
                r.arrival_date,
                r.issuer,
                r.symbol_text,
                r.doc_type.code(),
                r.summary
            ])?;
        }
        Ok(())
    })?;
    let raw = t.elapsed().as_secs_f64();
    println!(
        "import {rows} rows: VanThu {:.0} rows/s ({total:.2} s; reading and mapping the xlsx {read:.2} s; CPU {}) | raw INSERT {:.0} rows/s ({raw:.2} s)",
        rows as f64 / total,
        cpu.map(|c| format!("{c:.2} s = {:.0} rows per CPU-second", rows as f64 / c))
            .unwrap_or_else(|| "not measured".into()),
        rows as f64 / raw
    );
    Ok(())
}

/// CPU time this process has used (user + system), from /proc on Linux: on a machine shared
/// with other work, wall-clock time mostly measures the others.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may contain spaces) start after the last ')'.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // USER_HZ is 100 on every Linux the project runs on.
    Some(ticks / 100.0)
}
