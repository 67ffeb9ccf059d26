//! `vanthu calendar …`: days off, working-day arithmetic, yearly overrides and time limits.

use super::Env;
use crate::cli::{CalendarCommand, OverrideCommand, RulesCommand};
use crate::output::{date, print_json, table, weekday_vi};
use anyhow::Context as _;
use chrono::{Datelike, Duration, NaiveDate};
use vanthu_core::calendar::{DeadlineRules, NationalDayExtra, OverrideEntry, YearOverrides};
use vanthu_core::time::parse_date;
use vanthu_local::calendar::{self as cal, work_calendar};

pub fn run(env: &mut Env, cmd: CalendarCommand) -> anyhow::Result<()> {
    match cmd {
        CalendarCommand::Holidays { year, json } => holidays(env, year, json),
        CalendarCommand::AddWorkdays { date: d, n, json } => {
            let from = parse_date("ngày bắt đầu", &d)?;
            // Roughly 250 working days a year: cover the span with a year to spare each side.
            let years = from.year() - 1..=from.year() + 1 + (n / 200) as i32;
            let calendar = work_calendar(env.store.conn(), years)?;
            let result = calendar.add_working_days(from, n)?;
            if json {
                return print_json(
                    &serde_json::json!({ "from": from, "working_days": n, "date": result }),
                );
            }
            println!("{}", date(Some(result)));
            Ok(())
        }
        CalendarCommand::CountWorkdays { from, to, json } => {
            let (a, b) = (parse_date("từ ngày", &from)?, parse_date("đến ngày", &to)?);
            let calendar = work_calendar(
                env.store.conn(),
                a.year().min(b.year()) - 1..=a.year().max(b.year()) + 1,
            )?;
            let n = calendar.working_days_between(a, b)?;
            if json {
                return print_json(&serde_json::json!({ "from": a, "to": b, "working_days": n }));
            }
            println!("{n}");
            Ok(())
        }
        CalendarCommand::Override(c) => overrides(env, c),
        CalendarCommand::Rules(c) => rules(env, c),
    }
}

fn holidays(env: &Env, year: i32, json: bool) -> anyhow::Result<()> {
    let calendar = work_calendar(env.store.conn(), year - 1..=year + 1)?;
    let days: Vec<_> = calendar.holidays().days_off_in(year).cloned().collect();
    let start = NaiveDate::from_ymd_opt(year, 1, 1).context("năm không hợp lệ")?;
    let swapped: Vec<(NaiveDate, String)> = (0..366)
        .map(|i| start + Duration::days(i))
        .filter(|d| d.year() == year)
        .filter_map(|d| {
            calendar
                .holidays()
                .working_day_override(d)
                .map(|n| (d, n.to_string()))
        })
        .collect();
    if json {
        let list: Vec<_> = days
            .iter()
            .map(|d| serde_json::json!({ "date": d.date, "name": d.name, "kind": d.kind, "weekday": weekday_vi(d.date) }))
            .collect();
        return print_json(&list);
    }
    let mut t = table(&["Ngày", "Thứ", "Tên ngày nghỉ"]);
    for d in &days {
        t.add_row(vec![
            date(Some(d.date)),
            weekday_vi(d.date).into(),
            d.name.clone(),
        ]);
    }
    println!(
        "Các ngày nghỉ năm {year} ({} ngày, chưa kể thứ Bảy, Chủ nhật):\n{t}",
        days.len()
    );
    for (d, name) in swapped {
        println!(
            "Làm việc bù: {} ({}) — {name}",
            date(Some(d)),
            weekday_vi(d)
        );
    }
    Ok(())
}

/// "dd/mm/yyyy=Tên" → (date, name).
fn dated_name(field: &'static str, raw: &str) -> anyhow::Result<(NaiveDate, String)> {
    let (d, name) = raw.split_once('=').unwrap_or((raw, ""));
    let name = if name.trim().is_empty() {
        field.to_string()
    } else {
        name.trim().to_string()
    };
    Ok((parse_date(field, d)?, name))
}

fn overrides(env: &mut Env, cmd: OverrideCommand) -> anyhow::Result<()> {
    match cmd {
        OverrideCommand::Set {
            year,
            file,
            source,
            tet_days,
            days_off,
            working_days,
            removed,
            national_day_extra,
        } => {
            let mut data = match file {
                Some(f) => {
                    let text = std::fs::read_to_string(&f)
                        .with_context(|| format!("không đọc được tệp {}", f.display()))?;
                    serde_json::from_str::<YearOverrides>(&text).with_context(|| {
                        format!(
                            "tệp {} không đúng định dạng điều chỉnh ngày nghỉ",
                            f.display()
                        )
                    })?
                }
                None => YearOverrides::new(year),
            };
            data.year = year;
            if source.is_some() {
                data.source = source;
            }
            if !tet_days.is_empty() {
                data.tet_days = Some(
                    tet_days
                        .iter()
                        .map(|d| parse_date("ngày nghỉ Tết", d))
                        .collect::<Result<_, _>>()?,
                );
            }
            for raw in days_off {
                let (date, name) = dated_name("ngày nghỉ", &raw)?;
                data.entries.push(OverrideEntry::DayOff { date, name });
            }
            for raw in working_days {
                let (date, name) = dated_name("ngày làm bù", &raw)?;
                data.entries.push(OverrideEntry::WorkingDay { date, name });
            }
            for raw in removed {
                data.entries.push(OverrideEntry::Removed {
                    date: parse_date("ngày bỏ nghỉ", &raw)?,
                });
            }
            if let Some(extra) = national_day_extra {
                data.national_day_extra = Some(match extra.as_str() {
                    "after" | "3/9" => NationalDayExtra::DayAfter,
                    _ => NationalDayExtra::DayBefore,
                });
            }
            env.write(|tx, ctx, _| cal::set_year_overrides(tx, ctx, &data))?;
            println!("Đã lưu điều chỉnh ngày nghỉ năm {year}.");
            Ok(())
        }
        OverrideCommand::Show { year, json } => {
            let all = cal::load_overrides(env.store.conn())?;
            let years: Vec<_> = all
                .years
                .into_iter()
                .filter(|y| year.is_none_or(|want| y.year == want))
                .collect();
            if json {
                return print_json(&years);
            }
            if years.is_empty() {
                println!("Chưa có điều chỉnh nào: dùng cách tính mặc định theo Bộ luật Lao động.");
            }
            for y in years {
                println!("{}", serde_json::to_string_pretty(&y)?);
            }
            Ok(())
        }
        OverrideCommand::Clear { year } => {
            let removed = env.write(|tx, ctx, _| cal::clear_year_overrides(tx, ctx, year))?;
            println!(
                "{}",
                if removed {
                    "Đã xóa điều chỉnh."
                } else {
                    "Năm này không có điều chỉnh."
                }
            );
            Ok(())
        }
    }
}

fn rules(env: &mut Env, cmd: RulesCommand) -> anyhow::Result<()> {
    match cmd {
        RulesCommand::Show { json } => {
            let conn = env.store.conn();
            let value = serde_json::json!({
                "deadline_rules": cal::deadline_rules(conn)?,
                "due_soon_days": cal::due_soon_days(conn)?,
                "freshness_days": cal::freshness_days(conn)?,
            });
            if json {
                return print_json(&value);
            }
            let r = cal::deadline_rules(conn)?;
            println!(
                "Thời hạn mặc định (ngày làm việc): Thường {}, Khẩn {}, Thượng khẩn {}, Hỏa tốc {} (trong ngày).",
                r.defaults.normal, r.defaults.khan, r.defaults.thuong_khan, r.defaults.hoa_toc
            );
            for rule in &r.rules {
                let days = rule
                    .working_days
                    .map(|d| format!("{d} ngày làm việc"))
                    .unwrap_or("không có thời hạn".into());
                let urgency = rule.urgency.map(|u| u.label_vi()).unwrap_or("mọi độ khẩn");
                println!("- Nhóm việc {} ({urgency}): {days}", rule.category);
            }
            println!(
                "Sắp đến hạn: còn ≤ {} ngày làm việc. Chậm cập nhật: ≥ {} ngày làm việc không cập nhật.",
                cal::due_soon_days(conn)?,
                cal::freshness_days(conn)?
            );
            Ok(())
        }
        RulesCommand::Set {
            file,
            due_soon_days,
            freshness_days,
        } => {
            let rules: Option<DeadlineRules> = match file {
                Some(f) => {
                    let text = std::fs::read_to_string(&f)
                        .with_context(|| format!("không đọc được tệp {}", f.display()))?;
                    Some(serde_json::from_str(&text).with_context(|| {
                        format!("tệp {} không đúng định dạng thời hạn", f.display())
                    })?)
                }
                None => None,
            };
            env.write(|tx, ctx, _| {
                if let Some(r) = &rules {
                    cal::set_setting(tx, ctx, cal::DEADLINE_RULES, r)?;
                }
                if let Some(d) = due_soon_days {
                    cal::set_setting(tx, ctx, cal::DUE_SOON_DAYS, &d)?;
                }
                if let Some(d) = freshness_days {
                    cal::set_setting(tx, ctx, cal::FRESHNESS_DAYS, &d)?;
                }
                Ok(())
            })?;
            println!("Đã lưu thời hạn xử lý.");
            Ok(())
        }
    }
}
