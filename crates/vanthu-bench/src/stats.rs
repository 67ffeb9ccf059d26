//! Percentiles and the printed table.

use std::time::Duration;

/// Latency samples.
#[derive(Default)]
pub struct Samples(Vec<Duration>);

impl Samples {
    pub fn push(&mut self, d: Duration) {
        self.0.push(d);
    }

    /// The p-th percentile (nearest rank) in milliseconds.
    pub fn percentile_ms(&self, p: f64) -> f64 {
        let mut v = self.0.clone();
        v.sort();
        if v.is_empty() {
            return f64::NAN;
        }
        let rank = ((p / 100.0) * v.len() as f64).ceil().max(1.0) as usize - 1;
        v[rank.min(v.len() - 1)].as_secs_f64() * 1000.0
    }
}

/// One printed line.
pub struct Row {
    name: String,
    size: usize,
    ours: String,
    baseline: String,
    ratio: f64,
    notes: String,
}

impl Row {
    pub fn rate(
        name: &str,
        size: usize,
        ours: f64,
        baseline: f64,
        unit: &str,
        notes: String,
    ) -> Row {
        Row {
            name: name.into(),
            size,
            ours: format!("{ours:.0} {unit}"),
            baseline: format!("{baseline:.0} rows/s"),
            ratio: baseline / ours,
            notes,
        }
    }

    pub fn latency(name: &str, size: usize, ours: &Samples, raw: &Samples, notes: &str) -> Row {
        Row {
            name: name.into(),
            size,
            ours: format!(
                "p50 {:.3} ms, p95 {:.3} ms",
                ours.percentile_ms(50.0),
                ours.percentile_ms(95.0)
            ),
            baseline: format!(
                "p50 {:.3} ms, p95 {:.3} ms",
                raw.percentile_ms(50.0),
                raw.percentile_ms(95.0)
            ),
            ratio: ours.percentile_ms(95.0) / raw.percentile_ms(95.0),
            notes: notes.into(),
        }
    }
}

/// Prints the rows as a Markdown table (ready to paste into docs/benchmarks.md).
pub fn print(rows: &[Row]) {
    println!("| benchmark | size | VanThu | raw SQLite baseline | ratio | notes |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for r in rows {
        println!(
            "| {} | {} | {} | {} | {:.2}× | {} |",
            r.name, r.size, r.ours, r.baseline, r.ratio, r.notes
        );
    }
}
