//! `vanthu meeting …`: the meeting calendar with week/month views, recurrence, reminders and
//! iCalendar export/import.

use super::Env;
use super::task::short;
use crate::output::{print_json, table, weekday_vi};
use anyhow::Context as _;
use chrono::{DateTime, Datelike, Duration, NaiveDate};
use clap::{Args, Subcommand};
use std::path::PathBuf;
use vanthu_core::time::{parse_date, vietnam_midnight_ms, vietnam_offset};
use vanthu_local::plan::meetings::{
    MeetingInput, Occurrence, create_meeting, due_reminders, export_ics, get_meeting, import_ics,
    occurrences,
};

#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// Thêm cuộc họp.
    Add(Box<MeetingAddArgs>),
    /// Lịch họp theo tuần (mặc định) hoặc theo tháng.
    List {
        /// Tuần chứa ngày này (dd/mm/yyyy; mặc định hôm nay).
        #[arg(long)]
        week: Option<String>,
        /// Tháng, dạng mm/yyyy hoặc yyyy-mm.
        #[arg(long, conflicts_with = "week")]
        month: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Xem một cuộc họp.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Các cuộc họp đến giờ nhắc.
    Reminders {
        #[arg(long)]
        json: bool,
    },
    /// Xuất lịch họp ra tệp .ics (RFC 5545) để đưa lên điện thoại.
    Export {
        #[arg(long)]
        out: PathBuf,
    },
    /// Nhập lịch họp từ tệp .ics.
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

impl MeetingCommand {
    pub fn json(&self) -> bool {
        match self {
            MeetingCommand::Add(a) => a.json,
            MeetingCommand::List { json, .. }
            | MeetingCommand::Show { json, .. }
            | MeetingCommand::Reminders { json }
            | MeetingCommand::Import { json, .. } => *json,
            MeetingCommand::Export { .. } => false,
        }
    }
}

#[derive(Debug, Args)]
pub struct MeetingAddArgs {
    #[arg(long)]
    pub title: String,
    /// Bắt đầu: "dd/mm/yyyy HH:MM" hoặc "yyyy-mm-dd HH:MM" (giờ Việt Nam).
    #[arg(long)]
    pub start: String,
    /// Kết thúc (mặc định: 2 giờ sau khi bắt đầu).
    #[arg(long)]
    pub end: Option<String>,
    #[arg(long)]
    pub place: Option<String>,
    /// Đường dẫn họp trực tuyến.
    #[arg(long)]
    pub link: Option<String>,
    /// Người chủ trì.
    #[arg(long)]
    pub chair: Option<String>,
    /// Thành phần (có thể lặp lại).
    #[arg(long = "participant")]
    pub participants: Vec<String>,
    /// Nội dung, chương trình họp.
    #[arg(long)]
    pub agenda: Option<String>,
    /// Văn bản liên quan (có thể lặp lại).
    #[arg(long = "doc")]
    pub docs: Vec<String>,
    /// Lặp lại: weekly, monthly, quarterly hoặc quy tắc RRULE (ví dụ FREQ=MONTHLY;INTERVAL=3;COUNT=4).
    #[arg(long)]
    pub repeat: Option<String>,
    /// Nhắc trước bao nhiêu phút.
    #[arg(long)]
    pub remind: Option<i64>,
    #[arg(long)]
    pub json: bool,
}

pub fn run(env: &mut Env, cmd: MeetingCommand) -> anyhow::Result<()> {
    match cmd {
        MeetingCommand::Add(a) => {
            let a = *a;
            let input = MeetingInput {
                title: a.title,
                start: a.start,
                end: a.end,
                place: a.place,
                online_link: a.link,
                chair: a.chair,
                participants: a.participants,
                agenda: a.agenda,
                related_docs: a.docs,
                repeat: a.repeat,
                reminder_minutes: a.remind,
            };
            let m = env.write(|tx, ctx, _| create_meeting(tx, ctx, &input))?;
            if a.json {
                return print_json(&m);
            }
            println!(
                "Đã thêm cuộc họp {} lúc {}.",
                short(&m.id),
                time(m.starts_at)
            );
            Ok(())
        }
        MeetingCommand::List { week, month, json } => {
            let today = env.clock.today();
            let (from, to, label) = match (week, month) {
                (_, Some(m)) => {
                    let first = parse_date(
                        "tháng",
                        &format!(
                            "01/{}",
                            m.replace('-', "/")
                                .split('/')
                                .rev()
                                .collect::<Vec<_>>()
                                .join("/")
                        ),
                    )
                    .or_else(|_| parse_date("tháng", &format!("01/{m}")))?;
                    let next = if first.month() == 12 {
                        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
                    } else {
                        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
                    }
                    .context("tháng không hợp lệ")?;
                    (
                        first,
                        next,
                        format!("Tháng {}/{}", first.month(), first.year()),
                    )
                }
                (w, None) => {
                    let day = w
                        .as_deref()
                        .map(|s| parse_date("tuần", s))
                        .transpose()?
                        .unwrap_or(today);
                    let monday = day - Duration::days(day.weekday().num_days_from_monday() as i64);
                    (
                        monday,
                        monday + Duration::days(7),
                        format!("Tuần từ {}", monday.format("%d/%m/%Y")),
                    )
                }
            };
            let list = occurrences(
                env.store.conn(),
                vietnam_midnight_ms(from),
                vietnam_midnight_ms(to),
            )?;
            if json {
                return print_json(&list);
            }
            print_occurrences(&label, &list);
            Ok(())
        }
        MeetingCommand::Show { id, json } => {
            let m = get_meeting(env.store.conn(), &id)?;
            if json {
                return print_json(&m);
            }
            println!(
                "{} — {} đến {}",
                m.title,
                time(m.starts_at),
                time(m.ends_at)
            );
            println!(
                "Địa điểm: {}  Trực tuyến: {}",
                m.place.unwrap_or_default(),
                m.online_link.unwrap_or_default()
            );
            println!(
                "Chủ trì: {}  Thành phần: {}",
                m.chair.unwrap_or_default(),
                m.participants.join("; ")
            );
            println!("Lặp lại: {}", m.rrule.unwrap_or_else(|| "không".into()));
            Ok(())
        }
        MeetingCommand::Reminders { json } => {
            let list = due_reminders(env.store.conn(), env.clock.now_ms())?;
            if json {
                return print_json(&list);
            }
            print_occurrences("Sắp đến giờ họp", &list);
            Ok(())
        }
        MeetingCommand::Export { out } => {
            let ics = export_ics(env.store.conn())?;
            std::fs::write(&out, ics)
                .with_context(|| format!("không ghi được {}", out.display()))?;
            println!("Đã xuất lịch họp ra {}.", out.display());
            Ok(())
        }
        MeetingCommand::Import { file, json } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("không đọc được {}", file.display()))?;
            let report = env.write(|tx, ctx, _| import_ics(tx, ctx, &text))?;
            if json {
                return print_json(&report);
            }
            println!(
                "Đã nhập {} cuộc họp ({} đã có).",
                report.created, report.already_present
            );
            for s in report.skipped {
                eprintln!("Bỏ qua: {s}");
            }
            Ok(())
        }
    }
}

fn time(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|t| {
            t.with_timezone(&vietnam_offset())
                .format("%H:%M %d/%m/%Y")
                .to_string()
        })
        .unwrap_or_default()
}

fn print_occurrences(label: &str, list: &[Occurrence]) {
    if list.is_empty() {
        println!("{label}: không có cuộc họp.");
        return;
    }
    let mut t = table(&[
        "Thứ",
        "Thời gian",
        "Cuộc họp",
        "Địa điểm / trực tuyến",
        "Chủ trì",
    ]);
    for o in list {
        let day = DateTime::from_timestamp_millis(o.starts_at)
            .map(|t| t.with_timezone(&vietnam_offset()).date_naive());
        t.add_row(vec![
            day.map(weekday_vi).unwrap_or_default().to_string(),
            time(o.starts_at),
            o.title.clone(),
            o.place
                .clone()
                .or(o.online_link.clone())
                .unwrap_or_default(),
            o.chair.clone().unwrap_or_default(),
        ]);
    }
    println!("{label}:\n{t}");
}
