//! The province dashboard (Vietnamese): staff log in (argon2id passwords, session cookie) and
//! see one row per unit — last sync, open and overdue items, on-time rate per quarter against
//! 95 %, status freshness — with drill-down to a unit's registers.

mod admin_pages;
mod audit_page;
mod pages;
mod report_pages;
pub mod summary;

use crate::error::ServerError;
use crate::{AppState, auth};
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use summary::{IncomingRow, OutgoingRow, TaskRow};
use vanthu_core::calendar::{HolidayOverrides, YearOverrides};
use vanthu_protocol::entity;

const COOKIE: &str = "vanthu_session";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(overview))
        .route("/login", get(login_page).post(login))
        .route("/logout", axum::routing::post(logout))
        .route("/admin", get(admin_pages::show))
        .route(
            "/admin/units",
            axum::routing::post(admin_pages::create_unit),
        )
        .route(
            "/admin/units/{code}/enrol-code",
            axum::routing::post(admin_pages::enrol_code),
        )
        .route(
            "/admin/devices/{id}/revoke",
            axum::routing::post(admin_pages::revoke),
        )
        .route("/units/{code}", get(unit_incoming))
        .route("/units/{code}/outgoing", get(unit_outgoing))
        .route("/units/{code}/audit", get(audit_page::show))
        .route(
            "/units/{code}/reports",
            get(report_pages::unit_reports).post(report_pages::review),
        )
}

fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
}

/// The logged-in staff member, or a redirect to the login page.
pub(super) async fn staff(state: &AppState, headers: &HeaderMap) -> Result<String, Response> {
    let Some(token) = session_cookie(headers) else {
        return Err(Redirect::to("/login").into_response());
    };
    match state
        .storage
        .session(&auth::sha256_hex(token.as_bytes()), state.now())
        .await
    {
        Ok(Some(user)) => Ok(user),
        Ok(None) => Err(Redirect::to("/login").into_response()),
        Err(e) => Err(e.into_response()),
    }
}

async fn login_page() -> Html<String> {
    Html(pages::login(None))
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
}

async fn login(State(state): State<AppState>, Form(f): Form<LoginForm>) -> Response {
    let username = f.username.trim().to_lowercase();
    let account = match state.storage.staff(&username).await {
        Ok(a) => a,
        Err(e) => return e.into_response(),
    };
    let ok = account
        .as_ref()
        .is_some_and(|a| auth::verify_password(&f.password, &a.password_hash));
    if !ok {
        tracing::warn!(user = %username, "dashboard login refused");
        return (
            axum::http::StatusCode::UNAUTHORIZED,
            Html(pages::login(Some("Sai tên đăng nhập hoặc mật khẩu."))),
        )
            .into_response();
    }
    let token = auth::new_secret();
    let expires = state.now() + state.config.session_ttl_ms;
    if let Err(e) = state
        .storage
        .create_session(&auth::sha256_hex(token.as_bytes()), &username, expires)
        .await
    {
        return e.into_response();
    }
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{secure}",
        state.config.session_ttl_ms / 1000
    );
    let mut resp = Redirect::to("/").into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = session_cookie(&headers) {
        let _ = state
            .storage
            .delete_session(&auth::sha256_hex(token.as_bytes()))
            .await;
    }
    let mut resp = Redirect::to("/login").into_response();
    resp.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("vanthu_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"),
    );
    resp
}

pub(super) fn parse_all<T: serde::de::DeserializeOwned>(rows: Vec<String>) -> Vec<T> {
    rows.iter()
        .filter_map(|r| serde_json::from_str(r).ok())
        .collect()
}

/// The official holiday decisions the province published (they shape working days).
async fn overrides(state: &AppState) -> Result<HolidayOverrides, ServerError> {
    let years: Vec<YearOverrides> = parse_all(
        state
            .storage
            .province_records(entity::HOLIDAY_OVERRIDE)
            .await?,
    );
    Ok(HolidayOverrides { years })
}

/// `?year=2026`: the year whose periodic reports are counted (default: this year).
#[derive(Deserialize, Default)]
pub(super) struct YearQuery {
    pub year: Option<i32>,
}

async fn overview(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::extract::Query(q): axum::extract::Query<YearQuery>,
) -> Response {
    let user = match staff(&state, &headers).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let today = vanthu_core::time::vietnam_date(state.now());
    let year = q.year.unwrap_or(chrono::Datelike::year(&today));
    match overview_rows(&state, year).await {
        Ok(rows) => Html(pages::overview(
            &user,
            &rows,
            year,
            state.now(),
            state.storage.backend(),
        ))
        .into_response(),
        Err(e) => e.into_response(),
    }
}

async fn overview_rows(state: &AppState, year: i32) -> Result<Vec<pages::Row>, ServerError> {
    let today = vanthu_core::time::vietnam_date(state.now());
    let mut rows = Vec::new();
    let ov = overrides(state).await?;
    let templates = crate::reports::templates(state.storage.as_ref()).await?;
    for unit in state.storage.units().await? {
        let subs = crate::reports::submissions(state.storage.as_ref(), &unit).await?;
        let reviews = state.storage.report_reviews(&unit.id).await?;
        let reports = crate::reports::ReportTotals::of(&crate::reports::rows_for_year(
            &templates, &subs, &reviews, year, today,
        ));
        let incoming: Vec<IncomingRow> = parse_all(
            state
                .storage
                .records(&unit.id, entity::INCOMING_DOCUMENT)
                .await?,
        );
        let tasks: Vec<TaskRow> = parse_all(state.storage.records(&unit.id, entity::TASK).await?);
        let items = summary::kpi_items(&incoming, &tasks);
        let activity = state.storage.unit_activity(&unit.id).await?;
        rows.push(pages::Row {
            summary: summary::summarize(&items, today, &ov),
            documents: incoming.len(),
            unit,
            activity,
            reports,
        });
    }
    Ok(rows)
}

async fn unit_incoming(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let user = match staff(&state, &headers).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let result = async {
        let unit = crate::admin::find_unit(state.storage.as_ref(), &code).await?;
        let mut incoming: Vec<IncomingRow> = parse_all(
            state
                .storage
                .records(&unit.id, entity::INCOMING_DOCUMENT)
                .await?,
        );
        incoming.sort_by_key(|d| std::cmp::Reverse((d.year, d.arrival_no)));
        let tasks: Vec<TaskRow> = parse_all(state.storage.records(&unit.id, entity::TASK).await?);
        let today = vanthu_core::time::vietnam_date(state.now());
        let ov = overrides(&state).await?;
        let s = summary::summarize(&summary::kpi_items(&incoming, &tasks), today, &ov);
        let activity = state.storage.unit_activity(&unit.id).await?;
        Ok::<_, ServerError>(pages::unit_incoming(
            &user, &unit, &activity, &s, &incoming, today,
        ))
    }
    .await;
    match result {
        Ok(html) => Html(html).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn unit_outgoing(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let user = match staff(&state, &headers).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let result = async {
        let unit = crate::admin::find_unit(state.storage.as_ref(), &code).await?;
        let mut outgoing: Vec<OutgoingRow> = parse_all(
            state
                .storage
                .records(&unit.id, entity::OUTGOING_DOCUMENT)
                .await?,
        );
        outgoing.sort_by_key(|d| std::cmp::Reverse(d.created_at));
        Ok::<_, ServerError>(pages::unit_outgoing(&user, &unit, &outgoing))
    }
    .await;
    match result {
        Ok(html) => Html(html).into_response(),
        Err(e) => e.into_response(),
    }
}
