//! `vanthu report …`: periodic reports — create for a period, read, edit sections, submit,
//! issue with a number, render to PDF or DOCX — and the register PDF of `vanthu export`.

use super::Env;
use crate::output::{date, print_json, table};
use clap::{Args as ClapArgs, Subcommand};
use std::path::{Path, PathBuf};
use vanthu_local::report::{
    self, NewReport, Report, ReportDetails, ReportFilter, ReportStatus, SectionEdit,
};
use vanthu_report::{Format, register::RegisterKind};

/// `vanthu report …`.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Tạo dự thảo báo cáo cho một kỳ: số liệu tự tính, nội dung soạn sẵn từ số liệu.
    New {
        /// Kỳ báo cáo: 2026-Q3, 2026-06, 2026-H1, 2026 hoặc 2026-10-01..2026-10-15.
        #[arg(long)]
        period: String,
        /// Mã mẫu báo cáo (xem `vanthu report templates`); mặc định: mẫu hợp với kỳ.
        #[arg(long)]
        template: Option<String>,
        /// Lãnh đạo ký (họ tên trong thông tin đơn vị); mặc định: lãnh đạo đầu tiên.
        #[arg(long)]
        signer: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Danh sách báo cáo theo kỳ, với trạng thái (dự thảo, đã gửi, được chấp nhận, bị trả lại).
    List {
        /// Các kỳ kết thúc trong năm này.
        #[arg(long)]
        year: Option<i32>,
        /// draft | submitted | accepted | returned
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Các mẫu báo cáo (của tỉnh và mẫu có sẵn).
    Templates {
        #[arg(long)]
        json: bool,
    },
    /// Xem báo cáo (dự thảo thì tính lại số liệu trước). REF: mã báo cáo hoặc kỳ (2026-Q3).
    Show {
        reference: String,
        /// Kèm lịch sử các phiên bản.
        #[arg(long)]
        versions: bool,
        #[arg(long)]
        json: bool,
    },
    /// Sửa nội dung một mục, trích yếu, người ký hoặc nơi nhận (mỗi lần lưu là một phiên bản).
    Edit(ReportEditArgs),
    /// Gửi báo cáo lên tỉnh (chốt số liệu; gửi đi khi đồng bộ).
    Submit {
        reference: String,
        #[arg(long)]
        json: bool,
    },
    /// Cấp số, ký hiệu (ban hành như văn bản đi của đơn vị).
    Issue {
        reference: String,
        /// Ngày ban hành (mặc định: hôm nay).
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Xuất báo cáo ra PDF (in theo Nghị định 30) hoặc DOCX (sửa bằng Word).
    Render {
        reference: String,
        /// pdf hoặc docx.
        #[arg(long, default_value = "pdf")]
        format: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

impl ReportCommand {
    pub fn json(&self) -> bool {
        match self {
            ReportCommand::New { json, .. }
            | ReportCommand::List { json, .. }
            | ReportCommand::Templates { json }
            | ReportCommand::Show { json, .. }
            | ReportCommand::Submit { json, .. }
            | ReportCommand::Issue { json, .. }
            | ReportCommand::Render { json, .. } => *json,
            ReportCommand::Edit(a) => a.json,
        }
    }
}

#[derive(Debug, ClapArgs)]
pub struct ReportEditArgs {
    /// Mã báo cáo hoặc kỳ (2026-Q3).
    pub reference: String,
    /// Mục cần sửa (mo_dau, ket_qua, van_ban_den, …, ton_tai, kho_khan, phuong_huong, de_xuat).
    #[arg(long, requires = "content")]
    pub section: Option<String>,
    /// Nội dung mới của mục (mỗi dòng một đoạn; dòng bắt đầu "- " là một ý).
    #[arg(long, group = "content")]
    pub text: Option<String>,
    /// Đọc nội dung mới của mục từ tệp văn bản (UTF-8).
    #[arg(long, group = "content")]
    pub text_file: Option<PathBuf>,
    /// Trích yếu mới.
    #[arg(long)]
    pub summary: Option<String>,
    /// Lãnh đạo ký (họ tên trong thông tin đơn vị).
    #[arg(long)]
    pub signer: Option<String>,
    /// Chức vụ in ở khối chữ ký, ví dụ "CHỦ TỊCH".
    #[arg(long)]
    pub signer_title: Option<String>,
    /// Thẩm quyền ký, ví dụ "TM. ỦY BAN NHÂN DÂN".
    #[arg(long)]
    pub authority: Option<String>,
    /// Dòng ký thay, ví dụ "KT. CHỦ TỊCH".
    #[arg(long)]
    pub deputy: Option<String>,
    /// Nơi nhận (thay toàn bộ; có thể lặp lại).
    #[arg(long = "recipient")]
    pub recipients: Vec<String>,
    /// Phần sau "Lưu:", ví dụ "VT, VP".
    #[arg(long)]
    pub archive: Option<String>,
    #[arg(long)]
    pub json: bool,
}

pub fn run(env: &mut Env, cmd: ReportCommand) -> anyhow::Result<()> {
    match cmd {
        ReportCommand::New {
            period,
            template,
            signer,
            json,
        } => {
            let input = NewReport {
                period,
                template,
                signer,
            };
            let r = env.write(|tx, ctx, _| report::create_report(tx, ctx, &input))?;
            if json {
                return print_json(&r);
            }
            println!(
                "Đã tạo dự thảo báo cáo {} ({}), mã {}.",
                r.period_label, r.template.name, r.id
            );
            print_report(&r);
            Ok(())
        }
        ReportCommand::List { year, status, json } => {
            let filter = ReportFilter {
                year,
                status: status.as_deref().map(parse_status).transpose()?,
            };
            let items = report::list_reports(env.store.conn(), &filter)?;
            if json {
                return print_json(&items);
            }
            let mut t = table(&["Mã", "Kỳ", "Mẫu", "Trạng thái", "Hạn gửi", "Số, ký hiệu"]);
            for i in &items {
                t.add_row(vec![
                    i.id.clone(),
                    i.period_label.clone(),
                    i.template_name.clone(),
                    i.status_label.clone(),
                    date(i.due_date),
                    i.symbol.clone().unwrap_or_default(),
                ]);
            }
            println!("{t}");
            println!("{} báo cáo.", items.len());
            Ok(())
        }
        ReportCommand::Templates { json } => {
            let all = report::list_templates(env.store.conn())?;
            if json {
                return print_json(&all);
            }
            let mut t = table(&["Mã mẫu", "Tên", "Kỳ", "Số mục"]);
            for m in &all {
                t.add_row(vec![
                    m.id.clone(),
                    m.name.clone(),
                    m.period_kind.label_vi().to_string(),
                    m.sections.len().to_string(),
                ]);
            }
            println!("{t}");
            Ok(())
        }
        ReportCommand::Show {
            reference,
            versions,
            json,
        } => {
            let r = refreshed(env, &reference)?;
            let history = if versions {
                report::report_versions(env.store.conn(), &r.id)?
            } else {
                vec![]
            };
            if json {
                return print_json(&serde_json::json!({
                    "report": r,
                    "sections": r.section_views(),
                    "versions": history,
                }));
            }
            print_report(&r);
            for v in &history {
                println!(
                    "  #{} {} {} {}{}",
                    v.revision,
                    vanthu_core::time::vietnam_date(v.at).format("%d/%m/%Y"),
                    v.actor,
                    v.action,
                    v.section_key
                        .as_deref()
                        .map(|k| format!(" [{k}]"))
                        .unwrap_or_default()
                );
            }
            Ok(())
        }
        ReportCommand::Edit(a) => {
            let id = report::resolve_report_ref(env.store.conn(), &a.reference)?;
            let text = match (&a.text, &a.text_file) {
                (Some(t), _) => Some(t.clone()),
                (None, Some(f)) => Some(
                    std::fs::read_to_string(f)
                        .map_err(|e| anyhow::anyhow!("Không đọc được tệp {}: {e}", f.display()))?,
                ),
                (None, None) => None,
            };
            let details = ReportDetails {
                summary: a.summary,
                signer: a.signer,
                signer_title: a.signer_title,
                authority: a.authority,
                deputy: a.deputy,
                recipients: (!a.recipients.is_empty()).then_some(a.recipients),
                archive: a.archive,
            };
            let has_details = details.summary.is_some()
                || details.signer.is_some()
                || details.signer_title.is_some()
                || details.authority.is_some()
                || details.deputy.is_some()
                || details.recipients.is_some()
                || details.archive.is_some();
            let r = env.write(|tx, ctx, _| {
                let mut r = None;
                if let (Some(key), Some(text)) = (&a.section, &text) {
                    r = Some(report::edit_section(
                        tx,
                        ctx,
                        &id,
                        &SectionEdit {
                            key: key.clone(),
                            text: text.clone(),
                            autosave: false,
                            base_revision: None,
                        },
                    )?);
                }
                if has_details || r.is_none() {
                    r = Some(report::edit_report_details(tx, ctx, &id, &details)?);
                }
                Ok(r.expect("one of the edits ran"))
            })?;
            if a.json {
                return print_json(&r);
            }
            println!(
                "Đã lưu báo cáo {} (phiên bản {}).",
                r.period_label, r.revision
            );
            Ok(())
        }
        ReportCommand::Submit { reference, json } => {
            let id = report::resolve_report_ref(env.store.conn(), &reference)?;
            let s = env.write(|tx, ctx, _| report::submit_report(tx, ctx, &id))?;
            if json {
                return print_json(&s);
            }
            println!(
                "Đã gửi báo cáo {} (lần {}) ngày {}{}. Báo cáo sẽ được chuyển lên tỉnh khi đồng bộ.",
                s.snapshot.period_label,
                s.attempt,
                vanthu_core::time::format_date(s.submitted_on),
                match s.on_time {
                    Some(true) => " — đúng hạn".to_string(),
                    Some(false) => format!(" — trễ hạn (hạn {})", date(s.due_date)),
                    None => String::new(),
                }
            );
            Ok(())
        }
        ReportCommand::Issue {
            reference,
            date: issued,
            json,
        } => {
            let id = report::resolve_report_ref(env.store.conn(), &reference)?;
            let r =
                env.write(|tx, ctx, _| report::issue_report(tx, ctx, &id, issued.as_deref()))?;
            if json {
                return print_json(&r);
            }
            println!(
                "Đã cấp số {} cho báo cáo {}.",
                r.symbol().unwrap_or_default(),
                r.period_label
            );
            Ok(())
        }
        ReportCommand::Render {
            reference,
            format,
            out,
            json,
        } => {
            let format = Format::parse(&format)?;
            let r = refreshed(env, &reference)?;
            let done = vanthu_report::export_report(
                env.store.conn(),
                &r.id,
                format,
                &out,
                env.clock.today(),
            )?;
            if json {
                return print_json(&done);
            }
            println!("Đã xuất báo cáo {} ra {}.", r.period_label, done.path);
            Ok(())
        }
    }
}

/// The report, with its figures recomputed first if it is still a draft.
fn refreshed(env: &mut Env, reference: &str) -> anyhow::Result<Report> {
    let id = report::resolve_report_ref(env.store.conn(), reference)?;
    Ok(env.write(|tx, ctx, _| report::refresh_report(tx, ctx, &id))?)
}

fn parse_status(s: &str) -> anyhow::Result<ReportStatus> {
    Ok(
        match vanthu_core::text::fold(s).replace(' ', "_").as_str() {
            "draft" | "du_thao" => ReportStatus::Draft,
            "submitted" | "da_gui" => ReportStatus::Submitted,
            "accepted" | "da_duoc_chap_nhan" | "chap_nhan" => ReportStatus::Accepted,
            "returned" | "bi_tra_lai" | "tra_lai" => ReportStatus::Returned,
            other => {
                return Err(invalid(
                    "trạng thái báo cáo",
                    other,
                    "draft, submitted, accepted, returned",
                ));
            }
        },
    )
}

/// A refusal naming the field (exit code 1), like the use cases' own.
pub fn invalid(field: &'static str, value: &str, allowed: &str) -> anyhow::Error {
    vanthu_local::LocalError::from(vanthu_core::CoreError::InvalidField {
        field,
        reason: format!("\"{value}\" (dùng {allowed})"),
    })
    .into()
}

fn print_report(r: &Report) {
    println!(
        "{} — {} [{}]{}",
        r.period_label,
        r.summary,
        r.status.label_vi(),
        r.due_date
            .map(|d| format!(", hạn gửi {}", vanthu_core::time::format_date(d)))
            .unwrap_or_default()
    );
    if let Some(s) = r.symbol() {
        println!("Số, ký hiệu: {s}");
    }
    if let Some(review) = &r.review {
        println!(
            "Ý kiến của tỉnh: {}{}",
            if review.decision == "accepted" {
                "chấp nhận"
            } else {
                "trả lại"
            },
            review
                .comments
                .as_deref()
                .map(|c| format!(" — {c}"))
                .unwrap_or_default()
        );
    }
    for s in r.section_views() {
        match s.level {
            0 => {}
            1 => println!("\n{}. {}  [{}]", s.number, s.heading, s.key),
            _ => println!("\n  {}. {}  [{}]", s.number, s.heading, s.key),
        }
        if s.text.is_empty() {
            println!("    (chưa có nội dung)");
        }
        for line in s.text.lines() {
            println!("    {line}");
        }
        if s.suggestion.is_some() {
            println!("    (số liệu đã thay đổi: có đoạn tự soạn mới, xem --json)");
        }
    }
}

/// `vanthu export register --format pdf`: the register as a landscape PDF ready to bind.
pub fn register_pdf(
    env: &Env,
    kind: &str,
    year: i32,
    out: &Path,
    json: bool,
) -> anyhow::Result<()> {
    let kind = match vanthu_core::text::fold(kind).as_str() {
        "incoming" | "den" | "van ban den" => RegisterKind::Incoming,
        "outgoing" | "di" | "van ban di" => RegisterKind::Outgoing,
        other => return Err(invalid("loại sổ", other, "incoming hoặc outgoing")),
    };
    let done = vanthu_report::export_register_pdf(env.store.conn(), kind, year, out)?;
    if json {
        return print_json(&done);
    }
    let name = match kind {
        RegisterKind::Incoming => "sổ văn bản đến",
        RegisterKind::Outgoing => "sổ văn bản đi",
    };
    println!(
        "Đã xuất {name} năm {} ({} văn bản) ra {} (PDF khổ A4 ngang).",
        done.year, done.rows, done.path
    );
    Ok(())
}
