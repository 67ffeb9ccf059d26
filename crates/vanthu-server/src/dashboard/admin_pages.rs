//! Province administration on the web (the same use cases as `vanthu-server admin …`): create a
//! unit, issue a one-time enrolment code (shown once, to be read over the phone), list every
//! unit's devices and revoke one (a stolen laptop). Every province staff account may do this;
//! forms are POSTs protected by the session cookie's `SameSite=Strict`.

use super::pages::{instant, page};
use super::staff;
use crate::AppState;
use crate::error::ServerError;
use crate::storage::{Device, Unit};
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

/// What the page says above the tables after an action.
enum Notice<'a> {
    None,
    Error(&'a str),
    Code {
        unit: &'a Unit,
        code: &'a str,
        expires_at: i64,
    },
}

async fn render(state: &AppState, user: &str, notice: Notice<'_>) -> Result<String, ServerError> {
    let units = state.storage.units().await?;
    let devices = state.storage.devices(None).await?;
    Ok(admin_page(user, &units, &devices, &notice))
}

fn admin_page(user: &str, units: &[Unit], devices: &[Device], notice: &Notice<'_>) -> String {
    let unit_name = |id: &str| {
        units
            .iter()
            .find(|u| u.id == id)
            .map(|u| format!("{} ({})", u.name, u.code))
            .unwrap_or_else(|| id.to_string())
    };
    page(
        "Quản trị",
        Some(user),
        html! {
            p { a href="/" { "← Tổng hợp" } }
            h2 { "Quản trị đơn vị và thiết bị" }
            @match notice {
                Notice::None => {},
                Notice::Error(msg) => p.error #admin-error { "Không thực hiện được: " (msg) },
                Notice::Code { unit, code, expires_at } => div.card #enrol-code {
                    "Mã đăng ký thiết bị cho " strong { (unit.name) } ": "
                    b { (code) }
                    span.muted { "Dùng một lần, hết hạn lúc " (instant(Some(*expires_at))) ". Mã chỉ hiện một lần: hãy đọc cho đầu mối của đơn vị qua điện thoại." }
                },
            }
            h2 { "Đơn vị (" (units.len()) ")" }
            table #admin-units {
                thead { tr { th { "Mã" } th { "Tên đơn vị" } th { "Tổ chức" } th { "Kiểu ghi số" } th { "Thiết bị đang dùng" } th {} } }
                tbody {
                    @for u in units {
                        tr data-code=(u.code) {
                            td { a href=(format!("/units/{}", u.code)) { (u.code) } }
                            td { (u.name) }
                            td { (u.organisation) }
                            td { @if u.numbering_style == "party" { "Đảng" } @else { "Nhà nước" } }
                            td.num { (devices.iter().filter(|d| d.unit_id == u.id && d.revoked_at.is_none()).count()) }
                            td {
                                form.inline method="post" action=(format!("/admin/units/{}/enrol-code", u.code)) {
                                    button type="submit" { "Cấp mã đăng ký" }
                                }
                            }
                        }
                    }
                }
            }
            (unit_form())
            h2 { "Thiết bị (" (devices.len()) ")" }
            table #admin-devices {
                thead { tr { th { "Thiết bị" } th { "Đơn vị" } th { "Đăng ký lúc" } th { "Gửi gần nhất" } th { "Nhận gần nhất" } th { "Trạng thái" } th {} } }
                tbody {
                    @for d in devices {
                        tr data-device=(d.id) {
                            td { (d.name) }
                            td { (unit_name(&d.unit_id)) }
                            td { (instant(Some(d.created_at))) }
                            td { (instant(d.last_push_at)) }
                            td { (instant(d.last_pull_at)) }
                            td {
                                @match d.revoked_at {
                                    Some(t) => span.bad { "Đã thu hồi " (instant(Some(t))) },
                                    None => span.ok { "Đang dùng" },
                                }
                            }
                            td {
                                @if d.revoked_at.is_none() {
                                    form.inline method="post" action=(format!("/admin/devices/{}/revoke", d.id)) {
                                        button.return type="submit" { "Thu hồi" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn unit_form() -> Markup {
    html! {
        form.admin #new-unit method="post" action="/admin/units" {
            h2 { "Thêm đơn vị" }
            label for="u-code" { "Mã đơn vị (chữ không dấu, số, - hoặc _)" }
            input #u-code name="code" required maxlength="32";
            label for="u-name" { "Tên đơn vị" }
            input #u-name name="name" required placeholder="Ủy ban nhân dân xã …";
            label for="u-org" { "Tổ chức" }
            input #u-org name="organisation" placeholder="UBND, Đảng ủy, MTTQ, Hội Nông dân …";
            label for="u-style" { "Kiểu ghi số và thể thức" }
            select #u-style name="numbering_style" {
                option value="state" { "Nhà nước (Quốc hiệu, tiêu ngữ)" }
                option value="party" { "Đảng (tiêu đề Đảng Cộng sản Việt Nam)" }
            }
            button type="submit" { "Thêm đơn vị" }
        }
    }
}

fn reply(result: Result<String, ServerError>, status: StatusCode) -> Response {
    match result {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => e.into_response(),
    }
}

pub(super) async fn show(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let user = match staff(&state, &headers).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    reply(render(&state, &user, Notice::None).await, StatusCode::OK)
}

#[derive(Deserialize)]
pub(super) struct UnitForm {
    code: String,
    name: String,
    #[serde(default)]
    organisation: String,
    numbering_style: String,
}

pub(super) async fn create_unit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<UnitForm>,
) -> Response {
    let user = match staff(&state, &headers).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let made = crate::admin::create_unit(
        state.storage.as_ref(),
        &f.code,
        &f.name,
        &f.organisation,
        &f.numbering_style,
        state.now(),
    )
    .await;
    match made {
        // 303: a reload shows the page, it does not create the unit again.
        Ok(_) => Redirect::to("/admin").into_response(),
        Err(e) => refused(&state, &user, e).await,
    }
}

/// A refused action: the page again with the reason, 400 (or 404, 409) like the API.
async fn refused(state: &AppState, user: &str, e: ServerError) -> Response {
    let status = e.status();
    if status.is_server_error() {
        // The API's answer: logged in full, a plain message to the browser.
        return e.into_response();
    }
    let msg = e.to_string();
    tracing::warn!(user, error = %msg, "dashboard admin action refused");
    reply(render(state, user, Notice::Error(&msg)).await, status)
}

pub(super) async fn enrol_code(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let user = match staff(&state, &headers).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let issued = async {
        let unit = crate::admin::find_unit(state.storage.as_ref(), &code).await?;
        let (code, expires_at) = crate::admin::issue_enrol_code(
            state.storage.as_ref(),
            &unit,
            state.config.enrol_code_ttl_ms,
            state.now(),
        )
        .await?;
        Ok::<_, ServerError>((unit, code, expires_at))
    }
    .await;
    match issued {
        Ok((unit, code, expires_at)) => {
            tracing::info!(user, unit = %unit.code, "enrolment code issued on the web");
            let notice = Notice::Code {
                unit: &unit,
                code: &code,
                expires_at,
            };
            reply(render(&state, &user, notice).await, StatusCode::OK)
        }
        Err(e) => refused(&state, &user, e).await,
    }
}

pub(super) async fn revoke(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let user = match staff(&state, &headers).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    match state.storage.revoke_device(&id, state.now()).await {
        Ok(true) => {
            tracing::info!(user, device = %id, "device revoked on the web");
            Redirect::to("/admin").into_response()
        }
        Ok(false) => {
            refused(
                &state,
                &user,
                ServerError::NotFound(format!("thiết bị {id}")),
            )
            .await
        }
        Err(e) => refused(&state, &user, e).await,
    }
}
