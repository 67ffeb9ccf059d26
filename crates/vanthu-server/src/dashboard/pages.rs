//! HTML of the dashboard (maud: compile-time templates, every value escaped). Plain pages with a
//! little CSS: they must work on the province's old PCs and a 1366×768 screen.

use super::summary::{IncomingRow, OutgoingRow, UnitSummary};
use crate::storage::{Unit, UnitActivity};
use chrono::NaiveDate;
use maud::{DOCTYPE, Markup, html};
use vanthu_core::kpi::OnTimeRate;

/// One unit on the overview.
pub struct Row {
    pub unit: Unit,
    pub activity: UnitActivity,
    pub summary: UnitSummary,
    pub documents: usize,
    /// Periodic reports of the year shown.
    pub reports: crate::reports::ReportTotals,
}

const STYLE: &str = r#"
body{font-family:"Segoe UI","Noto Sans","DejaVu Sans",Arial,sans-serif;margin:0;color:#1d2733;background:#f4f6f8}
header{background:#8b1d1d;color:#fff;padding:10px 20px;display:flex;justify-content:space-between;align-items:center}
header h1{font-size:18px;margin:0}header form{margin:0}header button{background:none;border:1px solid #fff;color:#fff;padding:4px 10px;cursor:pointer}
main{padding:16px 20px}h2{font-size:17px;margin:4px 0 12px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
th,td{border:1px solid #d5dbe1;padding:5px 7px;text-align:left;vertical-align:top}
th{background:#e9edf1}td.num{text-align:right;white-space:nowrap}
.ok{color:#17692b;font-weight:600}.bad{color:#b3261e;font-weight:600}.muted{color:#6b7785}
.stale{background:#fdecea}a{color:#0b57a4}.cards{display:flex;gap:12px;margin-bottom:14px;flex-wrap:wrap}
.card{background:#fff;border:1px solid #d5dbe1;padding:8px 14px;min-width:140px}.card b{font-size:20px;display:block}
form.login{background:#fff;max-width:340px;margin:60px auto;padding:20px;border:1px solid #d5dbe1}
form.login label{display:block;margin:8px 0 4px}form.login input{width:100%;padding:6px;box-sizing:border-box}
form.login button{margin-top:14px;padding:7px 16px}.error{color:#b3261e}
form.review{margin:0;display:flex;flex-wrap:wrap;gap:4px;align-items:flex-start;min-width:210px}
form.review textarea{width:100%;box-sizing:border-box;font:inherit;font-size:12px}
form.review button{padding:3px 9px;cursor:pointer}form.inline{margin:0}
form.admin{background:#fff;border:1px solid #d5dbe1;padding:10px 14px;margin:14px 0;max-width:520px}
form.admin label{display:block;margin:8px 0 3px}form.admin input,form.admin select{width:100%;padding:5px;box-sizing:border-box}
form.admin button{margin-top:12px;padding:6px 14px}#enrol-code b{font-size:22px;letter-spacing:2px;margin:0 8px}
button.accept{background:#e6f4ea;border:1px solid #17692b}button.return{background:#fdecea;border:1px solid #b3261e}
"#;

pub(super) fn page(title: &str, user: Option<&str>, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — VanThu tỉnh" }
                style { (maud::PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { a href="/" style="color:#fff;text-decoration:none" { "VanThu — Tổng hợp văn thư các đơn vị" } }
                    @if let Some(u) = user {
                        form method="post" action="/logout" {
                            a href="/admin" style="color:#fff;margin-right:14px" { "Quản trị đơn vị, thiết bị" }
                            span { "Cán bộ: " (u) " " }
                            button type="submit" { "Đăng xuất" }
                        }
                    }
                }
                main { (body) }
            }
        }
    }
    .into_string()
}

/// `94,9 %`, or `—` when nothing was measured.
pub(super) fn percent(rate: Option<f64>) -> String {
    match rate {
        Some(r) => format!("{:.1} %", r * 100.0).replace('.', ","),
        None => "—".into(),
    }
}

fn rate_cell(r: &OnTimeRate) -> Markup {
    html! {
        td.num title=(format!("{}/{} đúng hạn", r.numerator, r.denominator)) {
            @match r.rate {
                Some(_) => span class=(if r.met_target { "ok" } else { "bad" }) { (percent(r.rate)) },
                None => span.muted { "—" },
            }
        }
    }
}

pub(super) fn date(d: Option<NaiveDate>) -> String {
    d.map(vanthu_core::time::format_date).unwrap_or_default()
}

pub(super) fn instant(ms: Option<i64>) -> String {
    ms.and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| {
            t.with_timezone(&vanthu_core::time::vietnam_offset())
                .format("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_else(|| "chưa đồng bộ".into())
}

pub(super) fn last_sync(a: &UnitActivity) -> Option<i64> {
    a.last_push_at.max(a.last_pull_at)
}

pub fn login(error: Option<&str>) -> String {
    page(
        "Đăng nhập",
        None,
        html! {
            form.login method="post" action="/login" {
                h2 { "Đăng nhập cán bộ tỉnh" }
                @if let Some(e) = error { p.error { (e) } }
                label for="username" { "Tên đăng nhập" }
                input #username name="username" autocomplete="username" required;
                label for="password" { "Mật khẩu" }
                input #password name="password" type="password" autocomplete="current-password" required;
                button type="submit" { "Đăng nhập" }
            }
        },
    )
}

/// "2/3 (66,7 %)": part of the expected reports, or "—" when none is due yet.
fn share(part: u32, of: u32, rate: Option<f64>) -> Markup {
    html! {
        @match rate {
            Some(r) => span class=(if r >= 1.0 { "ok" } else { "bad" }) { (part) "/" (of) " (" (percent(Some(r))) ")" },
            None => span.muted { "—" },
        }
    }
}

pub fn overview(user: &str, rows: &[Row], year: i32, now: i64, backend: &str) -> String {
    let quarter_labels: Vec<String> = rows
        .iter()
        .map(|r| r.summary.quarters.len())
        .max()
        .map(|n| {
            rows.iter()
                .find(|r| r.summary.quarters.len() == n)
                .map(|r| r.summary.quarters.iter().map(|q| q.label.clone()).collect())
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let stale_after = 7 * 24 * 3600 * 1000;
    page(
        "Tổng hợp",
        Some(user),
        html! {
            h2 { "Tình hình xử lý văn bản của " (rows.len()) " đơn vị" }
            p.muted { "Tỷ lệ đúng hạn so với chỉ tiêu 95 %, tính từ dữ liệu đã đồng bộ. Cập nhật lúc " (instant(Some(now))) "." }
            table #units {
                thead {
                    tr {
                        th { "Đơn vị" } th { "Tổ chức" } th { "Đồng bộ gần nhất" }
                        th { "Văn bản đến" } th { "Đang xử lý" } th { "Quá hạn" }
                        @for q in &quarter_labels { th { "Đúng hạn " (q) } }
                        th { "Cập nhật tình trạng" }
                        th title="Báo cáo định kỳ đã nộp / phải nộp (đã đến hạn)" { "Báo cáo đã nộp " (year) }
                        th title="Nộp lần đầu không muộn hơn hạn nộp (giờ Việt Nam)" { "Nộp đúng hạn" }
                        th { "Tỉnh xem xét" }
                    }
                }
                tbody {
                    @for r in rows {
                        @let last = last_sync(&r.activity);
                        tr class=(if last.is_none_or(|t| now - t > stale_after) { "stale" } else { "" }) {
                            td { a href=(format!("/units/{}", r.unit.code)) { (r.unit.name) } br; span.muted { (r.unit.code) } }
                            td { (r.unit.organisation) }
                            td { (instant(last)) br; span.muted { (r.activity.devices) " thiết bị" } }
                            td.num { (r.documents) }
                            td.num { (r.summary.open) }
                            td.num { @if r.summary.overdue > 0 { span.bad { (r.summary.overdue) } } @else { "0" } }
                            @for i in 0..quarter_labels.len() {
                                @match r.summary.quarters.get(i) {
                                    Some(q) => (rate_cell(&q.rate)),
                                    None => td.num { span.muted { "—" } },
                                }
                            }
                            @match &r.summary.freshness {
                                Some(f) if f.rate.is_some() => td.num title=(format!("{} việc chưa cập nhật quá {} ngày làm việc", f.stale_ids.len(), f.max_idle_working_days)) {
                                    span class=(if f.met_target { "ok" } else { "bad" }) { (percent(f.rate)) }
                                },
                                _ => td.num { span.muted { "—" } },
                            }
                            @let t = &r.reports;
                            td.num { a href=(format!("/units/{}/reports?year={year}", r.unit.code)) { (share(t.submitted, t.expected, t.completeness())) } }
                            td.num { (share(t.on_time, t.expected, t.timeliness())) }
                            td {
                                @if t.submitted == 0 { span.muted { "—" } } @else {
                                    (t.accepted) " chấp nhận"
                                    @if t.returned > 0 { ", " span.bad { (t.returned) " trả lại" } }
                                    @if t.waiting > 0 { ", " (t.waiting) " chờ" }
                                }
                            }
                        }
                    }
                }
            }
            p.muted { "Lưu trữ: " (backend) "." }
        },
    )
}

pub(super) fn unit_header(unit: &Unit, activity: &UnitActivity, active: &str) -> Markup {
    html! {
        h2 { (unit.name) " (" (unit.code) ")" }
        p {
            a href="/" { "← Tổng hợp" } " · "
            @if active == "incoming" { b { "Sổ văn bản đến" } } @else { a href=(format!("/units/{}", unit.code)) { "Sổ văn bản đến" } }
            " · "
            @if active == "outgoing" { b { "Sổ văn bản đi" } } @else { a href=(format!("/units/{}/outgoing", unit.code)) { "Sổ văn bản đi" } }
            " · "
            @if active == "reports" { b { "Báo cáo định kỳ" } } @else { a href=(format!("/units/{}/reports", unit.code)) { "Báo cáo định kỳ" } }
            " · "
            @if active == "audit" { b { "Nhật ký thao tác" } } @else { a href=(format!("/units/{}/audit", unit.code)) { "Nhật ký thao tác" } }
            " · " span.muted { "Đồng bộ gần nhất: " (instant(last_sync(activity))) }
        }
    }
}

pub fn unit_incoming(
    user: &str,
    unit: &Unit,
    activity: &UnitActivity,
    s: &UnitSummary,
    docs: &[IncomingRow],
    today: NaiveDate,
) -> String {
    page(
        &unit.name,
        Some(user),
        html! {
            (unit_header(unit, activity, "incoming"))
            div.cards {
                div.card { b { (s.open) } "đang xử lý" }
                div.card { b class=(if s.overdue > 0 { "bad" } else { "ok" }) { (s.overdue) } "quá hạn" }
                @for q in &s.quarters {
                    div.card { b class=(if q.rate.met_target { "ok" } else if q.rate.rate.is_some() { "bad" } else { "muted" }) { (percent(q.rate.rate)) } "đúng hạn " (q.label) }
                }
            }
            table #incoming {
                thead { tr {
                    th { "Số đến" } th { "Ngày đến" } th { "Tác giả" } th { "Số, ký hiệu" }
                    th { "Trích yếu nội dung" } th { "Người xử lý" } th { "Thời hạn" } th { "Tình trạng" }
                } }
                tbody {
                    @for d in docs {
                        @let late = d.completed_on.is_none() && d.deadline.is_some_and(|x| x < today);
                        tr {
                            td.num { (d.arrival_no) "/" (d.year) }
                            td { (date(Some(d.arrival_date))) }
                            td { (d.issuer) }
                            td { (d.symbol) }
                            td { (d.summary) }
                            td { (d.assignee.clone().unwrap_or_default()) }
                            td class=(if late { "bad" } else { "" }) { (date(d.deadline)) }
                            td { (status_vi(&d.status)) @if late { " — " span.bad { "quá hạn" } } }
                        }
                    }
                }
            }
        },
    )
}

fn status_vi(code: &str) -> String {
    vanthu_core::incoming::IncomingStatus::parse(code)
        .map(|s| s.label_vi().to_string())
        .unwrap_or_else(|_| code.to_string())
}

pub fn unit_outgoing(user: &str, unit: &Unit, docs: &[OutgoingRow]) -> String {
    page(
        &unit.name,
        Some(user),
        html! {
            (unit_header(unit, &UnitActivity::default(), "outgoing"))
            table #outgoing {
                thead { tr {
                    th { "Số, ký hiệu" } th { "Ngày tháng" } th { "Trích yếu" } th { "Người ký" } th { "Nơi nhận" } th { "Tình trạng" }
                } }
                tbody {
                    @for d in docs {
                        tr {
                            td { (d.symbol.clone().unwrap_or_else(|| "(chưa cấp số)".into())) }
                            td { (date(d.issued_date)) }
                            td { (d.summary) }
                            td { (d.signer.clone().unwrap_or_default()) }
                            td { (d.recipients.join("; ")) }
                            td { (vanthu_core::outgoing::OutgoingStatus::parse(&d.status).map(|s| s.label_vi().to_string()).unwrap_or_else(|_| d.status.clone())) }
                        }
                    }
                }
            }
        },
    )
}
