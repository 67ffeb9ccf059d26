//! `vanthu kpi`: the on-time rate of a period against the 95 % target.

use super::Env;
use crate::cli::KpiArgs;
use crate::output::{percent, print_json, table};
use chrono::Datelike;
use vanthu_core::calendar::Period;
use vanthu_core::time::parse_date;
use vanthu_local::kpi::kpi_summary;

pub fn run(env: &Env, a: KpiArgs) -> anyhow::Result<()> {
    let today = env.clock.today();
    let period = match (a.period, a.from, a.to) {
        (Some(p), _, _) => Period::parse(&p)?,
        (None, Some(f), Some(t)) => {
            Period::custom(parse_date("từ ngày", &f)?, parse_date("đến ngày", &t)?)?
        }
        _ => Period::quarter(today.year(), today.month0() / 3 + 1)?,
    };
    let s = kpi_summary(env.store.conn(), period, today)?;
    if a.json {
        return print_json(&s);
    }
    let o = &s.report.overall;
    println!(
        "{}: tỷ lệ xử lý đúng hạn {} ({} đúng hạn / {} việc: {} trễ hạn, {} quá hạn chưa xong) — mục tiêu {}: {}.",
        s.label,
        percent(o.rate),
        o.on_time,
        o.denominator,
        o.late,
        o.overdue_open,
        percent(Some(s.target)),
        if o.met_target {
            "đạt"
        } else {
            "chưa đạt"
        }
    );
    let mut t = table(&["Người xử lý", "Đúng hạn", "Trễ hạn", "Quá hạn", "Tỷ lệ"]);
    for g in &s.report.by_assignee {
        t.add_row(vec![
            g.key.clone().unwrap_or("(chưa giao)".into()),
            g.rate.on_time.to_string(),
            g.rate.late.to_string(),
            g.rate.overdue_open.to_string(),
            percent(g.rate.rate),
        ]);
    }
    println!("{t}");
    let trend: Vec<String> = s
        .trend
        .iter()
        .map(|p| format!("{}: {}", p.period_label, percent(p.rate.rate)))
        .collect();
    println!("Theo quý: {}", trend.join("; "));
    println!(
        "Cập nhật trạng thái: {} việc đang mở, {} việc chưa cập nhật quá {} ngày làm việc ({}).",
        s.freshness.denominator,
        s.freshness.stale_ids.len(),
        s.freshness.max_idle_working_days,
        percent(s.freshness.rate)
    );
    Ok(())
}
