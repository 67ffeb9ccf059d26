//! The stored shape of a report, its versions and submissions, and the queries over them.

use super::figures::ReportFigures;
use super::review::{ReportReview, latest_review};
use super::template::{FigureBlock, ReportTemplate};
use super::vi::next_period;
use crate::{LocalError, Result};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use vanthu_core::calendar::Period;

/// Where a report stands, as the reports screen shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Being written; figures follow the data.
    Draft,
    /// Sent to the province, not reviewed yet; frozen.
    Submitted,
    /// The province accepted it; frozen for good.
    Accepted,
    /// The province returned it with comments; editing reopens it as a draft.
    Returned,
}

impl ReportStatus {
    pub fn label_vi(self) -> &'static str {
        match self {
            ReportStatus::Draft => "Dự thảo",
            ReportStatus::Submitted => "Đã gửi",
            ReportStatus::Accepted => "Đã được chấp nhận",
            ReportStatus::Returned => "Bị trả lại",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ReportStatus::Draft => "draft",
            ReportStatus::Submitted => "submitted",
            ReportStatus::Accepted => "accepted",
            ReportStatus::Returned => "returned",
        }
    }
}

/// The current text of one section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionText {
    pub key: String,
    pub text: String,
    /// Still the pre-drafted text (never edited): it follows the figures when they change.
    pub auto: bool,
    /// What the narrative would say now; differs from `text` once the user has edited and
    /// the figures moved on, so the editor can offer it.
    pub auto_text: String,
}

/// The signature block (NĐ 30 Phụ lục I): authority prefix, title, name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Signature {
    /// "TM. ỦY BAN NHÂN DÂN", "T/M ĐẢNG ỦY"; `None` when signing in one's own name.
    pub authority: Option<String>,
    /// "KT. CHỦ TỊCH" when a deputy signs for the head.
    pub deputy: Option<String>,
    /// "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "BÍ THƯ" (capitals as printed).
    pub title: String,
    pub name: String,
}

/// "Nơi nhận" lines and the archive line ("Lưu: VT, VP.").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Recipients {
    pub lines: Vec<String>,
    pub archive: String,
}

/// The outgoing document a report was issued as (its number and date print on the report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedAs {
    pub outgoing_id: String,
    pub symbol: Option<String>,
    pub issued_date: Option<NaiveDate>,
}

/// One report with everything the editor, the preview and the renderers need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub id: String,
    pub template_id: String,
    pub template: ReportTemplate,
    pub period: Period,
    pub period_label: String,
    pub due_date: Option<NaiveDate>,
    /// Trích yếu.
    pub summary: String,
    pub status: ReportStatus,
    pub figures: ReportFigures,
    pub figures_at: i64,
    pub sections: Vec<SectionText>,
    pub signature: Signature,
    pub recipients: Recipients,
    pub issued_as: Option<IssuedAs>,
    pub revision: i64,
    pub submitted_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
    /// The province's latest decision on the latest submission.
    pub review: Option<ReportReview>,
}

/// A section as the editor and renderers lay it out: the template's heading and figure block
/// beside the current text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionView {
    pub key: String,
    /// Resolved heading ("PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV NĂM 2026"), without its numbering.
    pub heading: String,
    /// "I", "II" … for level 1, "1", "2" … for level 2, empty for level 0.
    pub number: String,
    pub level: u8,
    pub figures: Option<FigureBlock>,
    pub text: String,
    pub auto: bool,
    /// A newer pre-drafted text the user may take over (only for edited sections).
    pub suggestion: Option<String>,
    pub hint: Option<String>,
}

const ROMAN: [&str; 10] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];

impl Report {
    /// The sections in template order with headings resolved and numbered.
    pub fn section_views(&self) -> Vec<SectionView> {
        let next = next_period(&self.period)
            .map(|p| p.label_vi().to_uppercase())
            .unwrap_or_else(|| "THỜI GIAN TỚI".into());
        let (mut l1, mut l2) = (0usize, 0usize);
        self.template
            .sections
            .iter()
            .map(|spec| {
                let number = match spec.level {
                    1 => {
                        l1 += 1;
                        l2 = 0;
                        ROMAN.get(l1 - 1).map_or(l1.to_string(), |r| r.to_string())
                    }
                    2 => {
                        l2 += 1;
                        l2.to_string()
                    }
                    _ => String::new(),
                };
                let text = self.sections.iter().find(|s| s.key == spec.key);
                SectionView {
                    key: spec.key.clone(),
                    heading: spec.heading.replace("{KY_TOI}", &next),
                    number,
                    level: spec.level,
                    figures: spec.figures,
                    text: text.map(|t| t.text.clone()).unwrap_or_default(),
                    auto: text.is_none_or(|t| t.auto),
                    suggestion: text
                        .filter(|t| !t.auto && t.auto_text != t.text && !t.auto_text.is_empty())
                        .map(|t| t.auto_text.clone()),
                    hint: spec.hint.clone(),
                }
            })
            .collect()
    }

    /// "Số: 05/BC-UBND" is printed from this once the report has been issued.
    pub fn symbol(&self) -> Option<&str> {
        self.issued_as.as_ref().and_then(|i| i.symbol.as_deref())
    }
}

/// One saved state of one section, or a milestone (create, recompute, submit, reopen, issue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportVersion {
    pub id: String,
    pub report_id: String,
    pub revision: i64,
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub section_key: Option<String>,
    pub text: Option<String>,
}

/// One submission to the province with the frozen report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    pub id: String,
    pub report_id: String,
    pub attempt: i64,
    pub revision: i64,
    pub submitted_at: i64,
    pub submitted_on: NaiveDate,
    pub due_date: Option<NaiveDate>,
    /// `submitted_on ≤ due_date`; `None` without a due date.
    pub on_time: Option<bool>,
    pub actor: String,
    pub snapshot: Report,
}

pub(super) const COLUMNS: &str = "id, template_id, template_json, period, due_date, summary,
    status, figures_json, figures_at, sections_json, signature_json, recipients_json,
    outgoing_id, revision, submitted_at, created_at, updated_at, version";

/// The row as stored; the effective status and issue details are added by [`load`].
struct Stored {
    report: Report,
    stored_status: String,
    outgoing_id: Option<String>,
}

fn json_col<T: serde::de::DeserializeOwned>(r: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let s: String = r.get(i)?;
    serde_json::from_str(&s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Stored> {
    let period: String = r.get(3)?;
    let period = Period::parse(&period).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(Stored {
        stored_status: r.get(6)?,
        outgoing_id: r.get(12)?,
        report: Report {
            id: r.get(0)?,
            template_id: r.get(1)?,
            template: json_col(r, 2)?,
            period_label: period.label_vi(),
            period,
            due_date: r.get(4)?,
            summary: r.get(5)?,
            status: ReportStatus::Draft,
            figures: json_col(r, 7)?,
            figures_at: r.get(8)?,
            sections: json_col(r, 9)?,
            signature: json_col(r, 10)?,
            recipients: json_col(r, 11)?,
            issued_as: None,
            revision: r.get(13)?,
            submitted_at: r.get(14)?,
            created_at: r.get(15)?,
            updated_at: r.get(16)?,
            version: r.get(17)?,
            review: None,
        },
    })
}

/// One report by id, with its effective status, issue details and latest review.
pub fn get_report(conn: &Connection, id: &str) -> Result<Report> {
    let stored = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM reports WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| LocalError::NotFound {
            what: "báo cáo",
            key: id.to_string(),
        })?;
    let mut report = stored.report;
    if let Some(oid) = stored.outgoing_id {
        let doc = crate::outgoing::get_outgoing(conn, &oid)?;
        report.issued_as = Some(IssuedAs {
            outgoing_id: oid,
            symbol: doc.symbol,
            issued_date: doc.issued_date,
        });
    }
    let latest_submission: Option<String> = conn
        .prepare_cached(
            "SELECT id FROM report_submissions WHERE report_id = ?1 ORDER BY attempt DESC LIMIT 1",
        )?
        .query_row([id], |r| r.get(0))
        .optional()?;
    report.review = match &latest_submission {
        Some(s) => latest_review(conn, s)?,
        None => None,
    };
    report.status = match (stored.stored_status.as_str(), &report.review) {
        ("draft", _) => ReportStatus::Draft,
        (_, Some(r)) if r.decision == "accepted" => ReportStatus::Accepted,
        (_, Some(r)) if r.decision == "returned" => ReportStatus::Returned,
        _ => ReportStatus::Submitted,
    };
    Ok(report)
}

/// Finds a report from what a person types: its id, or a period code ("2026-Q3") when that
/// period has exactly one report.
pub fn resolve_report_ref(conn: &Connection, reference: &str) -> Result<String> {
    let r = reference.trim();
    let by_id: Option<String> = conn
        .prepare_cached("SELECT id FROM reports WHERE id = ?1")?
        .query_row([r], |row| row.get(0))
        .optional()?;
    if let Some(id) = by_id {
        return Ok(id);
    }
    let not_found = || LocalError::NotFound {
        what: "báo cáo",
        key: r.to_string(),
    };
    let Ok(period) = Period::parse(r) else {
        return Err(not_found());
    };
    let ids: Vec<String> = conn
        .prepare_cached("SELECT id FROM reports WHERE period = ?1 ORDER BY created_at")?
        .query_map([period.code()], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    match ids.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(not_found()),
        _ => Err(vanthu_core::CoreError::InvalidField {
            field: "báo cáo",
            reason: format!(
                "kỳ {} có {} báo cáo; hãy dùng mã báo cáo (vanthu report list)",
                period.code(),
                ids.len()
            ),
        }
        .into()),
    }
}

/// Filters for the reports list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReportFilter {
    /// Reports whose period ends in this year.
    pub year: Option<i32>,
    pub status: Option<ReportStatus>,
}

/// A row of the reports screen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportListItem {
    pub id: String,
    pub template_id: String,
    pub template_name: String,
    pub period: Period,
    pub period_label: String,
    pub summary: String,
    pub status: ReportStatus,
    pub status_label: String,
    pub due_date: Option<NaiveDate>,
    pub submitted_at: Option<i64>,
    pub symbol: Option<String>,
    pub updated_at: i64,
}

/// Reports, newest period first.
pub fn list_reports(conn: &Connection, filter: &ReportFilter) -> Result<Vec<ReportListItem>> {
    let ids: Vec<String> = conn
        .prepare_cached(
            "SELECT id FROM reports WHERE (?1 IS NULL OR substr(period_to, 1, 4) = ?1)
             ORDER BY period_to DESC, period_from DESC, template_id",
        )?
        .query_map([filter.year.map(|y| format!("{y:04}"))], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let r = get_report(conn, &id)?;
        if filter.status.is_some_and(|s| s != r.status) {
            continue;
        }
        out.push(ReportListItem {
            symbol: r.symbol().map(str::to_string),
            id: r.id,
            template_id: r.template_id,
            template_name: r.template.name,
            period: r.period,
            period_label: r.period_label,
            summary: r.summary,
            status: r.status,
            status_label: r.status.label_vi().to_string(),
            due_date: r.due_date,
            submitted_at: r.submitted_at,
            updated_at: r.updated_at,
        });
    }
    Ok(out)
}

/// Every version of a report, oldest first.
pub fn report_versions(conn: &Connection, report_id: &str) -> Result<Vec<ReportVersion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, report_id, revision, at, actor, action, section_key, text
         FROM report_versions WHERE report_id = ?1 ORDER BY revision",
    )?;
    let rows = stmt.query_map([report_id], |r| {
        Ok(ReportVersion {
            id: r.get(0)?,
            report_id: r.get(1)?,
            revision: r.get(2)?,
            at: r.get(3)?,
            actor: r.get(4)?,
            action: r.get(5)?,
            section_key: r.get(6)?,
            text: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every submission of a report, first first.
pub fn submissions(conn: &Connection, report_id: &str) -> Result<Vec<Submission>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, report_id, attempt, revision, submitted_at, submitted_on, due_date, on_time,
                actor, snapshot_json
         FROM report_submissions WHERE report_id = ?1 ORDER BY attempt",
    )?;
    let rows = stmt.query_map([report_id], |r| {
        Ok(Submission {
            id: r.get(0)?,
            report_id: r.get(1)?,
            attempt: r.get(2)?,
            revision: r.get(3)?,
            submitted_at: r.get(4)?,
            submitted_on: r.get(5)?,
            due_date: r.get(6)?,
            on_time: r.get(7)?,
            actor: r.get(8)?,
            snapshot: json_col(r, 9)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
