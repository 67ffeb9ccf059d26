//! Report templates as data (mẫu báo cáo thống nhất từ tỉnh đến xã): the shape both the app and
//! the provincial server read. The app drafts reports from them; the server derives from the same
//! templates which reports every unit owes for each period and when they are due.
//!
//! Templates are province-owned (design §4). A built-in default set ships with the app and the
//! server (`report_templates.json`) so a unit can report before its province has sent anything;
//! a template the province publishes replaces the built-in one with the same id.

use crate::CoreError;
use crate::calendar::{Period, PeriodKind};
use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

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
    serde_json::from_str(include_str!("report_templates.json"))
        .expect("report_templates.json is valid (checked by tests)")
}

/// The effective set: `published` (the province's templates with whether each is active) replace
/// the built-in ones with the same id; withdrawn ones are left out. Province templates first, in
/// the order given, then the built-in ones not replaced.
pub fn effective_templates(published: &[(ReportTemplate, bool)]) -> Vec<ReportTemplate> {
    let mut out: Vec<ReportTemplate> = published
        .iter()
        .filter(|(_, active)| *active)
        .map(|(t, _)| t.clone())
        .collect();
    for t in builtin_templates() {
        if !published.iter().any(|(p, _)| p.id == t.id) {
            out.push(t);
        }
    }
    out
}

/// The period of `kind` that contains `day`; `None` for ad-hoc templates.
pub fn period_containing(kind: TemplatePeriod, day: NaiveDate) -> Option<Period> {
    let (y, m) = (day.year(), day.month());
    match kind {
        TemplatePeriod::Month => Period::month(y, m).ok(),
        TemplatePeriod::Quarter => Period::quarter(y, (m - 1) / 3 + 1).ok(),
        TemplatePeriod::Half => Period::half(y, if m <= 6 { 1 } else { 2 }).ok(),
        TemplatePeriod::Year => Period::year(y).ok(),
        TemplatePeriod::AdHoc => None,
    }
}

/// Every period of `kind` that ends in `year`, in order (none for ad-hoc templates).
pub fn periods_in_year(kind: TemplatePeriod, year: i32) -> Vec<Period> {
    let ends: Vec<NaiveDate> = match kind {
        TemplatePeriod::Month => (1..=12)
            .filter_map(|m| NaiveDate::from_ymd_opt(year, m, 1))
            .collect(),
        TemplatePeriod::Quarter => [1, 4, 7, 10]
            .iter()
            .filter_map(|m| NaiveDate::from_ymd_opt(year, *m, 1))
            .collect(),
        TemplatePeriod::Half => [1, 7]
            .iter()
            .filter_map(|m| NaiveDate::from_ymd_opt(year, *m, 1))
            .collect(),
        TemplatePeriod::Year => NaiveDate::from_ymd_opt(year, 1, 1).into_iter().collect(),
        TemplatePeriod::AdHoc => Vec::new(),
    };
    ends.into_iter()
        .filter_map(|d| period_containing(kind, d))
        .collect()
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

    #[test]
    fn periods_of_a_year_and_the_effective_set() {
        let codes = |k| {
            periods_in_year(k, 2026)
                .iter()
                .map(|p| p.code())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes(TemplatePeriod::Quarter),
            ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
        );
        assert_eq!(codes(TemplatePeriod::Half), ["2026-H1", "2026-H2"]);
        assert_eq!(codes(TemplatePeriod::Month).len(), 12);
        assert_eq!(codes(TemplatePeriod::Year), ["2026"]);
        assert!(codes(TemplatePeriod::AdHoc).is_empty());
        let mut monthly = builtin_templates()
            .into_iter()
            .find(|t| t.id == "bc-thang")
            .unwrap();
        let all = effective_templates(&[(monthly.clone(), false)]);
        assert!(all.iter().all(|t| t.id != "bc-thang"), "withdrawn");
        monthly.name = "Báo cáo tháng của tỉnh".into();
        let all = effective_templates(&[(monthly, true)]);
        assert_eq!(all[0].name, "Báo cáo tháng của tỉnh");
        assert_eq!(all.iter().filter(|t| t.id == "bc-thang").count(), 1);
    }
}
