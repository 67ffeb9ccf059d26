//! The reports a unit is expected to send and has not started yet, with their due dates, so
//! the reports screen can say "Báo cáo quý IV năm 2026 — hạn 05/01/2027 — chưa tạo" before the
//! focal point remembers it.
//!
//! For each offered template of a regular period (month, quarter, half-year, year): the period
//! running today, and the period before it while its due date is at most
//! [`RECENT_OVERDUE_DAYS`] behind (an older missed report is the province's matter, not a
//! reminder that should sit on the screen forever). Ad-hoc templates are never expected.

use super::template::{TemplatePeriod, list_templates};
use super::vi::previous_period;
use crate::Result;
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use vanthu_core::calendar::Period;

/// How long after its due date a missing report of the previous period is still shown.
pub const RECENT_OVERDUE_DAYS: i64 = 31;

/// A report that should exist and does not yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpectedReport {
    pub template_id: String,
    pub template_name: String,
    pub period: Period,
    pub period_label: String,
    pub due_date: Option<NaiveDate>,
    /// The due date has passed (`due_date < today`).
    pub overdue: bool,
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

/// Reports expected as of `today` that have no report yet, earliest due date first.
pub fn expected_reports(conn: &Connection, today: NaiveDate) -> Result<Vec<ExpectedReport>> {
    let mut exists =
        conn.prepare_cached("SELECT count(*) FROM reports WHERE template_id = ?1 AND period = ?2")?;
    let mut out = Vec::new();
    for template in list_templates(conn)? {
        let Some(current) = period_containing(template.period_kind, today) else {
            continue;
        };
        let candidates = previous_period(&current)
            .filter(|p| {
                template
                    .due
                    .due_date(p)
                    .is_some_and(|d| d >= today - Duration::days(RECENT_OVERDUE_DAYS))
            })
            .into_iter()
            .chain([current]);
        for period in candidates {
            let n: i64 = exists.query_row([&template.id, &period.code()], |r| r.get(0))?;
            if n > 0 {
                continue;
            }
            let due_date = template.due.due_date(&period);
            out.push(ExpectedReport {
                template_id: template.id.clone(),
                template_name: template.name.clone(),
                period_label: period.label_vi(),
                period,
                due_date,
                overdue: due_date.is_some_and(|d| d < today),
            });
        }
    }
    out.sort_by_key(|e| (e.due_date.unwrap_or(NaiveDate::MAX), e.period.from()));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_containing_a_day() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let code = |k| period_containing(k, d).map(|p| p.code());
        assert_eq!(code(TemplatePeriod::Month).as_deref(), Some("2026-11"));
        assert_eq!(code(TemplatePeriod::Quarter).as_deref(), Some("2026-Q4"));
        assert_eq!(code(TemplatePeriod::Half).as_deref(), Some("2026-H2"));
        assert_eq!(code(TemplatePeriod::Year).as_deref(), Some("2026"));
        assert_eq!(code(TemplatePeriod::AdHoc), None);
        let march = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        assert_eq!(
            period_containing(TemplatePeriod::Quarter, march).map(|p| p.code()),
            Some("2026-Q1".into())
        );
    }
}
