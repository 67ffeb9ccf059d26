//! Report templates as data (mẫu báo cáo thống nhất từ tỉnh đến xã).
//!
//! Templates are province-owned (design §4). A built-in default set ships inside the app
//! (`default_templates.json`) so a unit can report before its province has sent anything; a
//! template the province sends is stored in `report_templates` by sync
//! ([`apply_report_template`]) and replaces the built-in one with the same id.

use crate::{LocalError, Result};
use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use vanthu_core::CoreError;
use vanthu_core::calendar::{Period, PeriodKind};

/// The period a template reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplatePeriod {
    Month,
    Quarter,
    Half,
    Year,
    /// Any span of dates (báo cáo đột xuất).
    AdHoc,
}

impl TemplatePeriod {
    /// Whether `period` has this template's shape.
    pub fn fits(self, period: &Period) -> bool {
        matches!(
            (self, period.kind()),
            (TemplatePeriod::Month, PeriodKind::Month(..))
                | (TemplatePeriod::Quarter, PeriodKind::Quarter(..))
                | (TemplatePeriod::Half, PeriodKind::Half(..))
                | (TemplatePeriod::Year, PeriodKind::Year(..))
                | (TemplatePeriod::AdHoc, _)
        )
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            TemplatePeriod::Month => "tháng",
            TemplatePeriod::Quarter => "quý",
            TemplatePeriod::Half => "6 tháng",
            TemplatePeriod::Year => "năm",
            TemplatePeriod::AdHoc => "đột xuất",
        }
    }
}

/// When the report is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DueRule {
    /// `days` calendar days after the period's last day (negative: before it, for provinces
    /// that collect quarterly reports in the quarter's last month).
    AfterPeriodEnd { days: i32 },
    /// A fixed date (a one-off request).
    Fixed { date: NaiveDate },
    /// No deadline.
    None,
}

impl DueRule {
    /// The due date of a report on `period`.
    pub fn due_date(&self, period: &Period) -> Option<NaiveDate> {
        match self {
            DueRule::AfterPeriodEnd { days } => period
                .to()
                .checked_add_signed(Duration::days(i64::from(*days))),
            DueRule::Fixed { date } => Some(*date),
            DueRule::None => None,
        }
    }
}

/// A block of figures computed from the unit's data and printed as a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureBlock {
    /// Incoming documents by type and urgency.
    Incoming,
    /// Outgoing documents issued, by type.
    Outgoing,
    /// Done on time, late, still overdue; rate against the target and the previous period.
    Processing,
    /// The documents and tasks still overdue.
    OverdueList,
    /// Task progress (when the unit keeps tasks).
    Tasks,
    /// The indicators table (when the unit keeps indicators).
    Indicators,
}

/// Which pre-drafted text fills a section when the report is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prefill {
    Opening,
    Summary,
    Incoming,
    Outgoing,
    Processing,
    Overdue,
    Tasks,
    Indicators,
    Shortcomings,
    Directions,
}

/// One section of a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionSpec {
    /// Stable key, e.g. `ton_tai`; what `report edit --section` names.
    pub key: String,
    /// The heading as printed; `{KY_TOI}` becomes the next period in capitals. Empty for an
    /// opening paragraph without heading.
    pub heading: String,
    /// 0: no heading; 1: "I. KẾT QUẢ ĐẠT ĐƯỢC"; 2: "1. Tiếp nhận …".
    pub level: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figures: Option<FigureBlock>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefill: Option<Prefill>,
    /// Guidance shown by the editor while the section is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// A report template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportTemplate {
    pub id: String,
    /// Shown when choosing a template.
    pub name: String,
    /// Tên loại văn bản, printed in capitals as the title: "Báo cáo".
    pub doc_type: String,
    /// Trích yếu; `{ky}` becomes the period in words ("quý III năm 2026").
    pub summary: String,
    pub period_kind: TemplatePeriod,
    pub due: DueRule,
    pub sections: Vec<SectionSpec>,
    /// Nơi nhận lines before "Lưu"; `{cap_tren}` becomes the superior agency.
    pub recipients: Vec<String>,
    /// What follows "Lưu:", e.g. "VT, VP".
    pub archive: String,
}

impl ReportTemplate {
    /// Checks what a province-sent template must satisfy before it is stored.
    pub fn validate(&self) -> Result<(), CoreError> {
        let invalid = |reason: String| CoreError::InvalidField {
            field: "mẫu báo cáo",
            reason,
        };
        if self.id.trim().is_empty() || self.sections.is_empty() {
            return Err(invalid("thiếu mã mẫu hoặc danh sách mục".into()));
        }
        let mut keys = std::collections::HashSet::new();
        for s in &self.sections {
            if !keys.insert(s.key.as_str()) {
                return Err(invalid(format!("mục \"{}\" bị trùng", s.key)));
            }
            if s.level > 2 || (s.level > 0 && s.heading.trim().is_empty()) {
                return Err(invalid(format!(
                    "mục \"{}\" có cấp hoặc tiêu đề sai",
                    s.key
                )));
            }
        }
        Ok(())
    }

    pub fn section(&self, key: &str) -> Option<&SectionSpec> {
        self.sections.iter().find(|s| s.key == key)
    }
}

/// The built-in default set, parsed once. It is data shipped with the app; a parse failure is
/// a build defect caught by the tests.
pub fn builtin_templates() -> Vec<ReportTemplate> {
    serde_json::from_str(include_str!("default_templates.json"))
        .expect("default_templates.json is valid (checked by tests)")
}

/// Every template offered for new reports: the province's active ones, then the built-in ones
/// the province has not replaced.
pub fn list_templates(conn: &Connection) -> Result<Vec<ReportTemplate>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, body_json, active FROM report_templates ORDER BY id")?;
    let stored: Vec<(String, String, bool)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for (_, body, active) in &stored {
        if *active {
            out.push(serde_json::from_str::<ReportTemplate>(body)?);
        }
    }
    for t in builtin_templates() {
        if !stored.iter().any(|(id, _, _)| *id == t.id) {
            out.push(t);
        }
    }
    Ok(out)
}

/// One template by id (province-sent first, then built-in), even if withdrawn.
pub fn get_template(conn: &Connection, id: &str) -> Result<ReportTemplate> {
    let stored: Option<String> = conn
        .prepare_cached("SELECT body_json FROM report_templates WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    if let Some(body) = stored {
        return Ok(serde_json::from_str(&body)?);
    }
    builtin_templates()
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| LocalError::NotFound {
            what: "mẫu báo cáo",
            key: id.to_string(),
        })
}

/// The template used when none is named: the first offered one whose period kind fits.
pub fn default_template_for(conn: &Connection, period: &Period) -> Result<ReportTemplate> {
    let all = list_templates(conn)?;
    let exact = all
        .iter()
        .find(|t| t.period_kind != TemplatePeriod::AdHoc && t.period_kind.fits(period));
    exact
        .or_else(|| all.iter().find(|t| t.period_kind == TemplatePeriod::AdHoc))
        .cloned()
        .ok_or_else(|| LocalError::NotFound {
            what: "mẫu báo cáo cho kỳ",
            key: period.code(),
        })
}

/// Stores a template the province sent (called by sync). A revision older than the stored one
/// is ignored, so replays and late deliveries are harmless. Not written to the outbox: the
/// unit never sends templates back.
pub fn apply_report_template(
    tx: &Transaction<'_>,
    now_ms: i64,
    template: &ReportTemplate,
    revision: i64,
    active: bool,
) -> Result<bool> {
    template.validate()?;
    let stored: Option<i64> = tx
        .query_row(
            "SELECT revision FROM report_templates WHERE id = ?1",
            [&template.id],
            |r| r.get(0),
        )
        .optional()?;
    if stored.is_some_and(|r| r > revision) {
        return Ok(false);
    }
    crate::store::exec(
        tx,
        "INSERT INTO report_templates (id, body_json, revision, active, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET body_json = ?2, revision = ?3, active = ?4,
             received_at = ?5",
        rusqlite::params![
            template.id,
            serde_json::to_string(template)?,
            revision,
            active,
            now_ms
        ],
    )?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_templates_are_valid_and_cover_every_period_kind() {
        let all = builtin_templates();
        for t in &all {
            t.validate().unwrap();
        }
        for kind in [
            TemplatePeriod::Month,
            TemplatePeriod::Quarter,
            TemplatePeriod::Half,
            TemplatePeriod::Year,
            TemplatePeriod::AdHoc,
        ] {
            assert!(all.iter().any(|t| t.period_kind == kind), "{kind:?}");
        }
        let q = all.iter().find(|t| t.id == "bc-quy").unwrap();
        let keys: Vec<&str> = q.sections.iter().map(|s| s.key.as_str()).collect();
        for k in ["ket_qua", "ton_tai", "kho_khan", "phuong_huong", "de_xuat"] {
            assert!(keys.contains(&k), "{k}");
        }
    }

    #[test]
    fn due_rules() {
        let q3 = Period::parse("2026-Q3").unwrap();
        assert_eq!(
            DueRule::AfterPeriodEnd { days: 5 }.due_date(&q3),
            NaiveDate::from_ymd_opt(2026, 10, 5)
        );
        assert_eq!(
            DueRule::AfterPeriodEnd { days: -15 }.due_date(&q3),
            NaiveDate::from_ymd_opt(2026, 9, 15)
        );
        assert_eq!(DueRule::None.due_date(&q3), None);
    }
}
