//! `vanthu-server admin report …`: the province's view of the units' periodic reports and its
//! review (accept, or return with comments), over [`vanthu_server::reports`].

use crate::admin_cli::ReportCommand;
use chrono::Datelike;
use serde::Serialize;
use vanthu_server::reports::{self, ReportRow, ReportTotals};
use vanthu_server::storage::Unit;
use vanthu_server::{Storage, admin};

/// One unit's reports of a year, as `--json` prints them.
#[derive(Serialize)]
struct UnitReports {
    unit: String,
    unit_name: String,
    year: i32,
    totals: ReportTotals,
    reports: Vec<ReportRow>,
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(vanthu_core::time::format_date)
        .unwrap_or_else(|| "—".into())
}

async fn units(storage: &dyn Storage, unit: Option<&str>) -> anyhow::Result<Vec<Unit>> {
    Ok(match unit {
        Some(u) => vec![admin::find_unit(storage, u).await?],
        None => storage.units().await?,
    })
}

/// The unit whose submission or report `reference` names (searching every unit when none is
/// given).
async fn unit_of(
    storage: &dyn Storage,
    unit: Option<&str>,
    reference: &str,
) -> anyhow::Result<Unit> {
    for u in units(storage, unit).await? {
        let subs = reports::submissions(storage, &u).await?;
        if subs
            .iter()
            .any(|s| s.id == reference.trim() || s.report_id == reference.trim())
        {
            return Ok(u);
        }
    }
    anyhow::bail!("Không tìm thấy báo cáo đã nộp có mã {reference}.")
}

pub async fn run(storage: &dyn Storage, command: ReportCommand) -> anyhow::Result<()> {
    let now = chrono::Utc::now().timestamp_millis();
    let today = vanthu_core::time::vietnam_date(now);
    match command {
        ReportCommand::List { unit, year, json } => {
            let year = year.unwrap_or(today.year());
            let templates = reports::templates(storage).await?;
            let mut out = Vec::new();
            for u in units(storage, unit.as_deref()).await? {
                let subs = reports::submissions(storage, &u).await?;
                let reviews = storage.report_reviews(&u.id).await?;
                let rows = reports::rows_for_year(&templates, &subs, &reviews, year, today);
                out.push(UnitReports {
                    unit: u.code.clone(),
                    unit_name: u.name.clone(),
                    year,
                    totals: ReportTotals::of(&rows),
                    reports: rows,
                });
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&out)?);
                return Ok(());
            }
            for u in &out {
                let t = &u.totals;
                println!(
                    "{} — {}: đã nộp {}/{}, đúng hạn {}/{}, chấp nhận {}, trả lại {}",
                    u.unit,
                    u.unit_name,
                    t.submitted,
                    t.expected,
                    t.on_time,
                    t.expected,
                    t.accepted,
                    t.returned
                );
                for r in u
                    .reports
                    .iter()
                    .filter(|r| r.expected || r.latest.is_some())
                {
                    println!(
                        "  {:<22} hạn {:<10} nộp {:<10} {}{}{}",
                        r.period_label,
                        date(r.due_date),
                        date(r.first_submitted_on),
                        r.state.label_vi(),
                        match r.on_time {
                            Some(false) => " (muộn)",
                            _ => "",
                        },
                        r.latest
                            .as_ref()
                            .map(|s| format!("  [{}]", s.id))
                            .unwrap_or_default()
                    );
                }
            }
        }
        ReportCommand::Accept {
            reference,
            unit,
            reviewer,
            json,
        } => {
            let u = unit_of(storage, unit.as_deref(), &reference).await?;
            let review =
                reports::review(storage, &u, &reference, "accepted", None, &reviewer, now).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&review)?);
            } else {
                println!("Đã chấp nhận báo cáo của {}.", u.name);
            }
        }
        ReportCommand::Return {
            reference,
            comment,
            unit,
            reviewer,
            json,
        } => {
            let u = unit_of(storage, unit.as_deref(), &reference).await?;
            let review = reports::review(
                storage,
                &u,
                &reference,
                "returned",
                Some(&comment),
                &reviewer,
                now,
            )
            .await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&review)?);
            } else {
                println!("Đã trả lại báo cáo của {} kèm ý kiến.", u.name);
            }
        }
    }
    Ok(())
}
