//! `vanthu generate`: realistic demo data, with the time it took.

use super::Env;
use crate::cli::GenerateArgs;
use crate::output::print_json;
use chrono::Datelike;
use vanthu_local::generate::{GenerateOptions, generate};

pub fn run(env: &mut Env, a: GenerateArgs) -> anyhow::Result<()> {
    let today = env.clock.today();
    let opts = GenerateOptions {
        count: a.count,
        from_year: a.from_year,
        to_year: a.to_year.unwrap_or(today.year()),
        seed: a.seed,
        today,
    };
    let started = std::time::Instant::now();
    let report = generate(&mut env.store, &opts)?;
    let secs = started.elapsed().as_secs_f64();
    let rate = report.incoming as f64 / secs.max(1e-9);
    if a.json {
        return print_json(&serde_json::json!({
            "report": report, "seconds": secs, "documents_per_second": rate
        }));
    }
    println!(
        "Đã sinh {} văn bản đến, {} văn bản đi, {} bước xử lý trong {:.2} giây ({:.0} văn bản/giây).",
        report.incoming, report.outgoing, report.events, secs, rate
    );
    Ok(())
}
