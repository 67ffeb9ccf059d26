//! A unit's periodic reports on the dashboard: every report expected of it in a year (due date,
//! day submitted, on time or late, attempts, the province's decision and comments) and the
//! review buttons — accept, or return with a comment that reaches the unit's laptops by sync.

use super::pages::{date, instant, page, unit_header};
use super::{YearQuery, staff};
use crate::AppState;
use crate::error::ServerError;
use crate::reports::{self, ReportRow, ReportState, ReportTotals};
use crate::storage::{Unit, UnitActivity};
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Datelike;
use maud::{Markup, html};
use serde::Deserialize;

/// The review form of one submission.
#[derive(Deserialize)]
pub(super) struct ReviewForm {
    submission_id: String,
    /// `accepted` or `returned`.
    decision: String,
    #[serde(default)]
    comments: String,
    year: Option<i32>,
}

pub(super) async fn unit_reports(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(q): Query<YearQuery>,
) -> Response {
    let user = match staff(&state, &headers).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    match render(&state, &user, &code, q.year, None).await {
        Ok(html) => Html(html).into_response(),
        Err(e) => e.into_response(),
    }
}

pub(super) async fn review(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(f): Form<ReviewForm>,
) -> Response {
    let user = match staff(&state, &headers).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let result = async {
        let unit = crate::admin::find_unit(state.storage.as_ref(), &code).await?;
        let reviewer = state
            .storage
            .staff(&user)
            .await?
            .map(|s| s.display_name)
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| user.clone());
        reports::review(
            state.storage.as_ref(),
            &unit,
            &f.submission_id,
            &f.decision,
            Some(&f.comments),
            &reviewer,
            state.now(),
        )
        .await
    }
    .await;
    let year = f.year.map(|y| format!("?year={y}")).unwrap_or_default();
    match result {
        // 303: the browser shows the page again with a GET (no form resubmission on reload).
        Ok(_) => Redirect::to(&format!("/units/{code}/reports{year}")).into_response(),
        Err(ServerError::BadRequest(msg)) => {
            match render(&state, &user, &code, f.year, Some(&msg)).await {
                Ok(html) => (axum::http::StatusCode::BAD_REQUEST, Html(html)).into_response(),
                Err(e) => e.into_response(),
            }
        }
        Err(e) => e.into_response(),
    }
}

async fn render(
    state: &AppState,
    user: &str,
    code: &str,
    year: Option<i32>,
    error: Option<&str>,
) -> Result<String, ServerError> {
    let storage = state.storage.as_ref();
    let unit = crate::admin::find_unit(storage, code).await?;
    let today = vanthu_core::time::vietnam_date(state.now());
    let year = year.unwrap_or(today.year());
    let templates = reports::templates(storage).await?;
    let subs = reports::submissions(storage, &unit).await?;
    let reviews = storage.report_reviews(&unit.id).await?;
    let rows = reports::rows_for_year(&templates, &subs, &reviews, year, today);
    let activity = storage.unit_activity(&unit.id).await?;
    Ok(unit_page(user, &unit, &activity, year, &rows, error))
}

fn state_cell(r: &ReportRow) -> Markup {
    let class = match r.state {
        ReportState::Accepted => "ok",
        ReportState::Missing | ReportState::Returned => "bad",
        ReportState::NotDue => "muted",
        ReportState::Submitted => "",
    };
    html! { span class=(class) { (r.state.label_vi()) } }
}

/// The province's decisions on this report, latest last: "Trả lại (lần 1): …".
fn history_cell(r: &ReportRow) -> Markup {
    let attempt = |submission: &str| {
        r.attempt_of
            .iter()
            .find(|(id, _)| id == submission)
            .map(|(_, n)| *n)
    };
    html! {
        @for v in &r.history {
            div class=(if Some(v) == r.review.as_ref() { "" } else { "muted" }) {
                b { (if v.decision == "accepted" { "Chấp nhận" } else { "Trả lại" }) }
                @if let Some(n) = attempt(&v.submission_id) { " (lần " (n) ")" }
                @if let Some(c) = &v.comments { ": " (c) }
                br; span.muted { (v.reviewer.clone().unwrap_or_default()) ", " (instant(Some(v.reviewed_at))) }
            }
        }
    }
}

fn review_cell(unit: &Unit, year: i32, r: &ReportRow) -> Markup {
    let Some(latest) = r
        .latest
        .as_ref()
        .filter(|_| r.state == ReportState::Submitted)
    else {
        return html! {};
    };
    let action = format!("/units/{}/reports", unit.code);
    html! {
        form.review method="post" action=(action) {
            input type="hidden" name="submission_id" value=(latest.id);
            input type="hidden" name="year" value=(year);
            button.accept type="submit" name="decision" value="accepted" { "Chấp nhận" }
            textarea name="comments" rows="2" placeholder="Ý kiến khi trả lại (bắt buộc)" {}
            button.return type="submit" name="decision" value="returned" { "Trả lại" }
        }
    }
}

fn unit_page(
    user: &str,
    unit: &Unit,
    activity: &UnitActivity,
    year: i32,
    rows: &[ReportRow],
    error: Option<&str>,
) -> String {
    let t = ReportTotals::of(rows);
    let pct = super::pages::percent;
    page(
        &unit.name,
        Some(user),
        html! {
            (unit_header(unit, activity, "reports"))
            p {
                a href=(format!("/units/{}/reports?year={}", unit.code, year - 1)) { "← Năm " (year - 1) }
                " · " b { "Báo cáo định kỳ năm " (year) } " · "
                a href=(format!("/units/{}/reports?year={}", unit.code, year + 1)) { "Năm " (year + 1) " →" }
            }
            @if let Some(e) = error { p.error #review-error { (e) } }
            div.cards {
                div.card { b { (t.submitted) "/" (t.expected) } "đã nộp / phải nộp" }
                div.card { b class=(if t.completeness() == Some(1.0) { "ok" } else if t.expected > 0 { "bad" } else { "muted" }) { (pct(t.completeness())) } "đầy đủ" }
                div.card { b class=(if t.timeliness() == Some(1.0) { "ok" } else if t.expected > 0 { "bad" } else { "muted" }) { (pct(t.timeliness())) } "nộp đúng hạn (" (t.on_time) "/" (t.expected) ")" }
                div.card { b { (t.accepted) } "đã chấp nhận" }
                div.card { b class=(if t.returned > 0 { "bad" } else { "" }) { (t.returned) } "bị trả lại" }
            }
            table #reports {
                thead { tr {
                    th { "Kỳ báo cáo" } th { "Mẫu báo cáo" } th { "Hạn nộp" } th { "Ngày nộp" }
                    th { "Đúng hạn" } th { "Lần nộp" } th { "Tình trạng" } th { "Ý kiến của tỉnh" } th { "Xem xét" }
                } }
                tbody {
                    @for r in rows {
                        tr data-period=(r.period) data-template=(r.template_id) {
                            td { (r.period_label) }
                            td { (r.template_name)
                                @if let Some(s) = &r.latest { br; span.muted { (s.snapshot.summary) } } }
                            td { (date(r.due_date)) }
                            td { (date(r.first_submitted_on))
                                @if let Some(s) = &r.latest { @if s.attempt > 1 { br; span.muted { "lần " (s.attempt) ": " (instant(Some(s.submitted_at))) } } } }
                            td {
                                @match r.on_time {
                                    Some(true) => span.ok { "Đúng hạn" },
                                    Some(false) => span.bad { "Muộn" },
                                    None => span.muted { "—" },
                                }
                            }
                            td.num { (r.attempts) }
                            td { (state_cell(r)) }
                            td { (history_cell(r)) }
                            td { (review_cell(unit, year, r)) }
                        }
                    }
                }
            }
            p.muted { "Báo cáo phải nộp: theo mẫu báo cáo tỉnh đã công bố (hoặc bộ mẫu có sẵn), tính khi đã quá hạn nộp. Đúng hạn: lần nộp đầu tiên không muộn hơn hạn nộp (giờ Việt Nam)." }
        },
    )
}
