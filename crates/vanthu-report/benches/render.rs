//! Render times (release build: `cargo bench -p vanthu-report`, or `scripts/bench.sh`):
//! a typical quarterly report (PDF and DOCX) and a 5,000-row register PDF, on generated data.
//! Prints figures; they go into docs/benchmarks.md by hand (never asserted).

use chrono::NaiveDate;
use std::time::{Duration, Instant};
use vanthu_local::generate::{GenerateOptions, generate};
use vanthu_local::report::{NewReport, create_report};
use vanthu_local::{Context, FixedClock, Store};
use vanthu_report::register::{RegisterKind, register_document, register_pdf};
use vanthu_report::{load_report_document, report_docx, report_pdf};

fn store_with(count: usize, today: NaiveDate) -> anyhow::Result<(tempfile::TempDir, Store)> {
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(dir.path())?;
    generate(
        &mut store,
        &GenerateOptions {
            count,
            from_year: 2026,
            to_year: 2026,
            seed: 7,
            today,
        },
    )?;
    Ok((dir, store))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// p50 and p95 of `runs` timings of `f` (after the first, cold one, reported apart).
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, f64, f64, T) {
    let t = Instant::now();
    let mut last = f();
    let cold = ms(t.elapsed());
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        last = f();
        samples.push(ms(t.elapsed()));
    }
    samples.sort_by(f64::total_cmp);
    let pick = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    (cold, pick(0.5), pick(0.95), last)
}

fn main() -> anyhow::Result<()> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid");
    let clock = FixedClock::new(vanthu_core::time::vietnam_midnight_ms(
        NaiveDate::from_ymd_opt(2026, 10, 2).expect("valid"),
    ));
    let ctx = Context {
        actor: "Văn thư",
        clock: &clock,
    };

    // A commune's year: ~1,200 incoming documents (~300 a quarter) with their replies.
    let (_d1, mut store) = store_with(1_200, today)?;
    let report = store.write(|tx| {
        create_report(
            tx,
            &ctx,
            &NewReport {
                period: "2026-Q3".into(),
                ..Default::default()
            },
        )
    })?;
    let f = &report.figures;
    println!(
        "quarterly report: {} incoming, {} outgoing, {} counted for KPI, {} overdue listed",
        f.incoming.total,
        f.outgoing.total,
        f.processing.counted,
        f.overdue.len()
    );
    let today_q = NaiveDate::from_ymd_opt(2026, 10, 2).expect("valid");
    let (load_cold, load_p50, load_p95, doc) = time(50, || {
        load_report_document(store.conn(), &report.id, today_q).expect("loads")
    });
    let (pdf_cold, pdf_p50, pdf_p95, pdf) = time(50, || report_pdf(&doc).expect("renders"));
    let pages = vanthu_report::typeset::layout(vanthu_report::typeset::REPORT_TEMPLATE, &doc)?
        .pages()
        .len();
    let (docx_cold, docx_p50, docx_p95, docx) = time(50, || report_docx(&doc).expect("writes"));
    println!("| benchmark | cold (first in process) | p50 | p95 | output |");
    println!("| --- | --- | --- | --- | --- |");
    println!(
        "| report: load + build the document model | {load_cold:.1} ms | {load_p50:.2} ms | {load_p95:.2} ms | {} blocks |",
        doc.blocks.len()
    );
    println!(
        "| report: PDF (Typst layout + PDF export) | {pdf_cold:.1} ms | {pdf_p50:.1} ms | {pdf_p95:.1} ms | {} KiB, {pages} pages |",
        pdf.len() / 1024
    );
    println!(
        "| report: DOCX | {docx_cold:.1} ms | {docx_p50:.2} ms | {docx_p95:.2} ms | {} KiB |",
        docx.len() / 1024
    );

    // A 5,000-row year register.
    let (_d2, store) = store_with(5_000, today)?;
    let (reg_load_cold, reg_load_p50, _, reg) = time(3, || {
        register_document(store.conn(), RegisterKind::Incoming, 2026).expect("reads")
    });
    let (reg_cold, reg_p50, reg_p95, reg_pdf) = time(3, || register_pdf(&reg).expect("renders"));
    println!(
        "| register: read {} rows | {reg_load_cold:.0} ms | {reg_load_p50:.0} ms | | |",
        reg.rows.len()
    );
    println!(
        "| register: landscape PDF, {} rows | {reg_cold:.0} ms | {reg_p50:.0} ms | {reg_p95:.0} ms | {} KiB |",
        reg.rows.len(),
        reg_pdf.len() / 1024
    );
    Ok(())
}
