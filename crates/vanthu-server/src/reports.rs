//! Periodic reports on the province's side: which reports each unit owes for each period, what it
//! submitted and when, whether on time, and the province's review (accepted, or returned with
//! comments) — what the dashboard and `vanthu-server admin report …` show.
//!
//! What is expected comes from the same templates the app drafts from
//! ([`vanthu_core::report_template`]): the templates the province published replace the built-in
//! ones with the same id, a withdrawn one (`"active": false`) is not expected any more, and the
//! built-in set stands for whatever the province has not published. Every template of a regular
//! period (month, quarter, 6 months, year) with a due rule is expected from every unit; ad-hoc
//! reports are only listed once submitted.
//!
//! Timeliness is judged on the unit's first submission of a report: on time when the day it was
//! submitted (Vietnam time, on the laptop — a report submitted offline before the deadline and
//! synced later is on time) is not after the due date. Resubmissions after a return do not make
//! a report late.

use crate::error::ServerError;
use crate::storage::{Result, Storage, Unit};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use vanthu_core::calendar::Period;
use vanthu_core::report_template::{
    DueRule, ReportTemplate, TemplatePeriod, effective_templates, periods_in_year,
};
use vanthu_protocol::{ReportReview, entity};

/// The fields of a synced `report_submission` the province reads (the payload has the whole
/// frozen report in `snapshot`).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SubmissionRow {
    pub id: String,
    pub report_id: String,
    pub template_id: String,
    /// Period code ("2026-Q3").
    pub period: String,
    /// 1 for the first submission, 2 after a return, …
    pub attempt: i64,
    pub submitted_at: i64,
    pub submitted_on: NaiveDate,
    pub due_date: Option<NaiveDate>,
    #[serde(default)]
    pub snapshot: SnapshotHead,
}

/// What the province shows of the frozen report itself.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SnapshotHead {
    /// Trích yếu.
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub period_label: String,
}

/// Where one expected (or submitted) report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    /// Not submitted and not due yet.
    NotDue,
    /// Due date passed, nothing submitted.
    Missing,
    /// Submitted, waiting for the province.
    Submitted,
    Accepted,
    Returned,
}

impl ReportState {
    pub fn label_vi(self) -> &'static str {
        match self {
            ReportState::NotDue => "Chưa đến hạn",
            ReportState::Missing => "Chưa nộp",
            ReportState::Submitted => "Đã nộp, chờ xem xét",
            ReportState::Accepted => "Đã chấp nhận",
            ReportState::Returned => "Bị trả lại",
        }
    }
}

/// One report of one unit for one template and period.
#[derive(Debug, Clone, Serialize)]
pub struct ReportRow {
    pub template_id: String,
    pub template_name: String,
    pub period: String,
    pub period_label: String,
    pub due_date: Option<NaiveDate>,
    /// Counts toward completeness: due date passed, or submitted anyway.
    pub expected: bool,
    /// The day of the first submission.
    pub first_submitted_on: Option<NaiveDate>,
    /// First submission on or before the due date (`None`: not submitted or no due date).
    pub on_time: Option<bool>,
    pub attempts: i64,
    /// The latest submission (what the province reviews).
    pub latest: Option<SubmissionRow>,
    /// The latest review of the latest submission.
    pub review: Option<ReportReview>,
    /// Every review of every submission of this report, oldest first (earlier returns included).
    pub history: Vec<ReportReview>,
    /// (submission id, attempt) of every submission, to label the history.
    pub attempt_of: Vec<(String, i64)>,
    pub state: ReportState,
}

/// A unit's figures for one year.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReportTotals {
    pub expected: u32,
    pub submitted: u32,
    pub on_time: u32,
    pub accepted: u32,
    pub returned: u32,
    pub waiting: u32,
}

impl ReportTotals {
    pub fn of(rows: &[ReportRow]) -> ReportTotals {
        let mut t = ReportTotals::default();
        for r in rows.iter().filter(|r| r.expected) {
            t.expected += 1;
            if r.latest.is_some() {
                t.submitted += 1;
            }
            if r.on_time == Some(true) {
                t.on_time += 1;
            }
            match r.state {
                ReportState::Accepted => t.accepted += 1,
                ReportState::Returned => t.returned += 1,
                ReportState::Submitted => t.waiting += 1,
                _ => {}
            }
        }
        t
    }

    /// Completeness: submitted of expected (`None` when nothing is expected yet).
    pub fn completeness(&self) -> Option<f64> {
        (self.expected > 0).then(|| f64::from(self.submitted) / f64::from(self.expected))
    }

    /// Timeliness: submitted on time of expected.
    pub fn timeliness(&self) -> Option<f64> {
        (self.expected > 0).then(|| f64::from(self.on_time) / f64::from(self.expected))
    }
}

/// The templates in force: published ones (with `active`) over the built-in set.
pub async fn templates(storage: &dyn Storage) -> Result<Vec<ReportTemplate>> {
    let mut published = Vec::new();
    for payload in storage.province_records(entity::REPORT_TEMPLATE).await? {
        match parse_published(&payload) {
            Ok(p) => published.push(p),
            // Validated when published; an unreadable old record must not hide the rest.
            Err(e) => tracing::warn!(error = %e, "published report template unreadable"),
        }
    }
    Ok(effective_templates(&published))
}

/// A published template payload: the template's fields plus `revision` and `active`.
pub fn parse_published(payload: &str) -> Result<(ReportTemplate, bool)> {
    let template: ReportTemplate = serde_json::from_str(payload)
        .map_err(|e| ServerError::BadRequest(format!("mẫu báo cáo: {e}")))?;
    template
        .validate()
        .map_err(|e| ServerError::BadRequest(e.to_string()))?;
    let active = serde_json::from_str::<serde_json::Value>(payload)
        .ok()
        .and_then(|v| v.get("active").and_then(serde_json::Value::as_bool))
        .unwrap_or(true);
    Ok((template, active))
}

/// The unit's submissions, parsed.
pub async fn submissions(storage: &dyn Storage, unit: &Unit) -> Result<Vec<SubmissionRow>> {
    let rows = storage.records(&unit.id, entity::REPORT_SUBMISSION).await?;
    let mut out: Vec<SubmissionRow> = rows
        .iter()
        .filter_map(|r| serde_json::from_str(r).ok())
        .collect();
    out.sort_by_key(|s| (s.submitted_at, s.attempt));
    Ok(out)
}

/// Every report of `year` (periods ending in it) for one unit: the expected ones and any other
/// submitted, latest period first.
pub fn rows_for_year(
    templates: &[ReportTemplate],
    subs: &[SubmissionRow],
    reviews: &[ReportReview],
    year: i32,
    today: NaiveDate,
) -> Vec<ReportRow> {
    // (template id, period code) → submissions in order.
    let mut by_report: BTreeMap<(String, String), Vec<&SubmissionRow>> = BTreeMap::new();
    for s in subs {
        by_report
            .entry((s.template_id.clone(), s.period.clone()))
            .or_default()
            .push(s);
    }
    let mut rows = Vec::new();
    let mut seen = Vec::new();
    for t in templates {
        if t.period_kind == TemplatePeriod::AdHoc || t.due == DueRule::None {
            continue;
        }
        for period in periods_in_year(t.period_kind, year) {
            let key = (t.id.clone(), period.code());
            let list = by_report.get(&key).map(Vec::as_slice).unwrap_or(&[]);
            let due = t.due.due_date(&period);
            seen.push(key);
            rows.push(row(
                t.id.clone(),
                t.name.clone(),
                &period,
                due,
                list,
                reviews,
                today,
            ));
        }
    }
    for ((template_id, code), list) in &by_report {
        if seen.iter().any(|(t, p)| t == template_id && p == code) {
            continue;
        }
        let Ok(period) = Period::parse(code) else {
            continue;
        };
        if period.to().format("%Y").to_string() != year.to_string() {
            continue;
        }
        let name = templates
            .iter()
            .find(|t| &t.id == template_id)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| template_id.clone());
        let due = list.first().and_then(|s| s.due_date);
        rows.push(row(
            template_id.clone(),
            name,
            &period,
            due,
            list,
            reviews,
            today,
        ));
    }
    rows.sort_by(|a, b| (b.due_date, &a.template_id).cmp(&(a.due_date, &b.template_id)));
    rows
}

fn row(
    template_id: String,
    template_name: String,
    period: &Period,
    due_date: Option<NaiveDate>,
    subs: &[&SubmissionRow],
    reviews: &[ReportReview],
    today: NaiveDate,
) -> ReportRow {
    let first = subs.iter().min_by_key(|s| (s.attempt, s.submitted_at));
    let latest = subs.iter().max_by_key(|s| (s.attempt, s.submitted_at));
    let review = latest.and_then(|l| {
        reviews
            .iter()
            .filter(|r| r.submission_id == l.id)
            .max_by_key(|r| (r.reviewed_at, r.id.clone()))
            .cloned()
    });
    let mut history: Vec<ReportReview> = reviews
        .iter()
        .filter(|r| subs.iter().any(|s| s.id == r.submission_id))
        .cloned()
        .collect();
    history.sort_by_key(|r| (r.reviewed_at, r.id.clone()));
    let state = match (&latest, &review) {
        (Some(_), Some(r)) if r.decision == "accepted" => ReportState::Accepted,
        (Some(_), Some(r)) if r.decision == "returned" => ReportState::Returned,
        (Some(_), _) => ReportState::Submitted,
        (None, _) if due_date.is_some_and(|d| d < today) => ReportState::Missing,
        (None, _) => ReportState::NotDue,
    };
    ReportRow {
        template_id,
        template_name,
        period: period.code(),
        period_label: period.label_vi(),
        due_date,
        expected: latest.is_some() || due_date.is_some_and(|d| d < today),
        first_submitted_on: first.map(|s| s.submitted_on),
        on_time: match (first, due_date) {
            (Some(f), Some(d)) => Some(f.submitted_on <= d),
            _ => None,
        },
        attempts: subs.len() as i64,
        latest: latest.map(|s| (*s).clone()),
        review,
        history,
        attempt_of: subs.iter().map(|s| (s.id.clone(), s.attempt)).collect(),
        state,
    }
}

/// Records the province's decision on a unit's report: `reference` is a submission id or a
/// report id (its latest submission). A return needs comments.
pub async fn review(
    storage: &dyn Storage,
    unit: &Unit,
    reference: &str,
    decision: &str,
    comments: Option<&str>,
    reviewer: &str,
    now: i64,
) -> Result<ReportReview> {
    if !matches!(decision, "accepted" | "returned") {
        return Err(ServerError::BadRequest(
            "kết quả xem xét: accepted (chấp nhận) hoặc returned (trả lại)".into(),
        ));
    }
    let comments = comments
        .map(|c| vanthu_core::text::normalize_block("ý kiến", c))
        .transpose()
        .map_err(|e| ServerError::BadRequest(e.to_string()))?
        .filter(|c| !c.is_empty());
    if decision == "returned" && comments.is_none() {
        return Err(ServerError::BadRequest(
            "ý kiến: bắt buộc khi trả lại báo cáo".into(),
        ));
    }
    let subs = submissions(storage, unit).await?;
    let reference = reference.trim();
    let chosen = subs
        .iter()
        .find(|s| s.id == reference)
        .or_else(|| {
            subs.iter()
                .filter(|s| s.report_id == reference)
                .max_by_key(|s| s.attempt)
        })
        .ok_or_else(|| ServerError::NotFound(format!("báo cáo {reference} của {}", unit.code)))?;
    let newer = subs
        .iter()
        .filter(|s| s.report_id == chosen.report_id)
        .any(|s| s.attempt > chosen.attempt);
    if newer {
        return Err(ServerError::BadRequest(format!(
            "lần nộp {} đã được thay bằng lần nộp sau; hãy xem xét lần nộp mới nhất",
            chosen.attempt
        )));
    }
    let review = ReportReview {
        id: uuid::Uuid::now_v7().to_string(),
        report_id: chosen.report_id.clone(),
        submission_id: chosen.id.clone(),
        decision: decision.to_string(),
        comments,
        reviewer: Some(reviewer.to_string()).filter(|r| !r.trim().is_empty()),
        reviewed_at: now,
    };
    storage.add_report_review(&unit.id, &review, now).await?;
    tracing::info!(unit = %unit.code, report = %review.report_id, decision, "report reviewed");
    Ok(review)
}

#[cfg(test)]
mod tests {
    use super::*;
    use vanthu_core::report_template::builtin_templates;

    fn sub(id: &str, period: &str, attempt: i64, on: &str) -> SubmissionRow {
        SubmissionRow {
            id: id.into(),
            report_id: format!("r-{period}"),
            template_id: "bc-quy".into(),
            period: period.into(),
            attempt,
            submitted_at: attempt,
            submitted_on: on.parse().unwrap(),
            due_date: None,
            snapshot: SnapshotHead::default(),
        }
    }

    #[test]
    fn expected_submitted_on_time_and_reviews() {
        let only_quarterly: Vec<ReportTemplate> = builtin_templates()
            .into_iter()
            .filter(|t| t.id == "bc-quy" || t.id == "bc-dot-xuat")
            .collect();
        let today: NaiveDate = "2026-11-24".parse().unwrap();
        // Q2 on time then returned and resubmitted late; Q3 late; Q1 missing; Q4 not due.
        let subs = vec![
            sub("s1", "2026-Q2", 1, "2026-07-03"),
            sub("s2", "2026-Q2", 2, "2026-08-20"),
            sub("s3", "2026-Q3", 1, "2026-10-09"),
        ];
        let review = |id: &str, s: &str, d: &str, at| ReportReview {
            id: id.into(),
            report_id: "r".into(),
            submission_id: s.into(),
            decision: d.into(),
            comments: Some("Bổ sung số liệu".into()),
            reviewer: None,
            reviewed_at: at,
        };
        let reviews = vec![
            review("v1", "s1", "returned", 1),
            review("v2", "s2", "accepted", 2),
        ];
        let rows = rows_for_year(&only_quarterly, &subs, &reviews, 2026, today);
        let by = |p: &str| rows.iter().find(|r| r.period == p).unwrap();
        assert_eq!(rows[0].period, "2026-Q4", "latest due first");
        assert_eq!(by("2026-Q4").state, ReportState::NotDue);
        assert!(!by("2026-Q4").expected);
        assert_eq!(by("2026-Q1").state, ReportState::Missing);
        assert_eq!(by("2026-Q2").state, ReportState::Accepted);
        assert_eq!(
            by("2026-Q2").on_time,
            Some(true),
            "judged on the first submission"
        );
        assert_eq!(by("2026-Q2").attempts, 2);
        assert_eq!(by("2026-Q3").on_time, Some(false));
        assert_eq!(by("2026-Q3").state, ReportState::Submitted);
        let t = ReportTotals::of(&rows);
        assert_eq!(
            (
                t.expected,
                t.submitted,
                t.on_time,
                t.accepted,
                t.returned,
                t.waiting
            ),
            (3, 2, 1, 1, 0, 1)
        );
        assert_eq!(t.completeness(), Some(2.0 / 3.0));
    }
}
