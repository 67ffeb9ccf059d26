//! `/units/{code}/audit`: the unit's audit trail as the province holds it — each device's chain
//! verified again on every view (rows, newest entry, "hợp lệ" or the first bad row), and the
//! newest rows with who changed what.

use super::pages::{instant, page, unit_header};
use super::staff;
use crate::AppState;
use crate::audit::{UnitTrail, unit_trail};
use crate::error::ServerError;
use crate::storage::{Unit, UnitActivity};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use maud::html;
use serde_json::{Map, Value};

/// Rows shown below the verification table.
const RECENT: usize = 100;

fn entity_vi(entity: &str) -> &str {
    match entity {
        "incoming_document" => "Văn bản đến",
        "incoming_event" => "Diễn biến văn bản đến",
        "outgoing_document" => "Văn bản đi",
        "outgoing_event" => "Diễn biến văn bản đi",
        "attachment" => "Tệp đính kèm",
        "task" => "Nhiệm vụ",
        "meeting" => "Cuộc họp",
        "indicator" => "Chỉ tiêu",
        "report" => "Báo cáo",
        "report_version" => "Phiên bản báo cáo",
        "report_submission" => "Nộp báo cáo",
        "unit_profile" => "Thông tin đơn vị",
        other => other,
    }
}

fn op_vi(op: &str) -> &str {
    match op {
        "upsert" => "Ghi",
        "append" => "Thêm",
        "delete" => "Xóa",
        other => other,
    }
}

/// Vietnamese names of the fields people look for; others are shown as stored.
fn field_vi(key: &str) -> &str {
    match key {
        "status" => "tình trạng",
        "assignee" => "người xử lý",
        "deadline" => "thời hạn",
        "instructions" => "ý kiến chỉ đạo",
        "result" => "kết quả",
        "completed_on" => "ngày hoàn thành",
        "summary" => "trích yếu",
        "issuer" => "tác giả",
        "symbol" => "số, ký hiệu",
        "doc_date" => "ngày văn bản",
        "doc_type" => "loại văn bản",
        "urgency" => "độ khẩn",
        "recipient" => "đơn vị nhận",
        "recipients" => "nơi nhận",
        "signer" => "người ký",
        "notes" => "ghi chú",
        "number" => "số",
        "issued_date" => "ngày ban hành",
        "reply_outgoing_id" => "văn bản trả lời",
        "last_update_at" => "lần cập nhật tình trạng",
        "progress" => "tiến độ",
        "transfer_date" => "ngày chuyển",
        "title" => "tên",
        "name" => "tên",
        other => other,
    }
}

/// Workflow actions of the events, as the registers say them.
fn action_vi(action: &str) -> &str {
    match action {
        "register" => "vào sổ",
        "submit" => "trình",
        "assign" => "giao xử lý",
        "reassign" => "giao lại",
        "extend" => "gia hạn",
        "progress" => "cập nhật tiến độ",
        "done" => "hoàn thành",
        "file" => "lưu hồ sơ",
        "create" => "tạo dự thảo",
        "approve" => "duyệt",
        "return" => "trả lại",
        "sign" => "ký",
        "issue" => "cấp số, ban hành",
        "send" => "gửi",
        other => other,
    }
}

fn object(json: Option<&str>) -> Map<String, Value> {
    match json.map(serde_json::from_str::<Value>) {
        Some(Ok(Value::Object(m))) => m,
        _ => Map::new(),
    }
}

/// The top-level fields whose value differs between before and after ("mới" for a new record).
fn changed_fields(before: Option<&str>, after: &str) -> String {
    let (b, a) = (object(before), object(Some(after)));
    if before.is_none() {
        // An event says what happened; a new record is just new.
        return match a.get("action").and_then(Value::as_str) {
            Some(action) => format!("bản ghi mới ({})", action_vi(action)),
            None => "bản ghi mới".into(),
        };
    }
    let mut keys: Vec<&str> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(*v))
        .map(|(k, _)| k.as_str())
        .chain(b.keys().filter(|k| !a.contains_key(*k)).map(|k| k.as_str()))
        .filter(|k| !matches!(*k, "updated_at" | "version"))
        .map(field_vi)
        .collect();
    // Sorted by the Vietnamese names people read, not the stored keys.
    keys.sort_by_key(|k| vanthu_core::collate::sort_key(k));
    keys.dedup();
    if keys.is_empty() {
        return "—".into();
    }
    let more = keys.len().saturating_sub(5);
    let mut text = keys[..keys.len().min(5)].join(", ");
    if more > 0 {
        text.push_str(&format!(" và {more} trường khác"));
    }
    text
}

pub fn render(user: &str, unit: &Unit, activity: &UnitActivity, trail: &UnitTrail) -> String {
    page(
        &unit.name,
        Some(user),
        html! {
            (unit_header(unit, activity, "audit"))
            p { "Mỗi máy của đơn vị gửi lên nhật ký thao tác (ai, lúc nào, thay đổi gì) dưới dạng chuỗi băm SHA-256. "
                "Tỉnh kiểm tra chuỗi khi nhận và kiểm tra lại mỗi lần mở trang này: dòng nào bị sửa, chèn hoặc xóa đều bị phát hiện." }
            @if trail.devices.is_empty() {
                p.muted { "Chưa máy nào gửi nhật ký thao tác." }
            } @else {
                table #audit-devices {
                    thead { tr { th { "Máy" } th { "Số dòng" } th { "Dòng cuối ghi lúc" } th { "Chuỗi băm" } } }
                    tbody {
                        @for d in &trail.devices {
                            tr {
                                td { (d.device_name) }
                                td.num { (d.rows) }
                                td { (instant(d.last_at)) }
                                @match &d.problem {
                                    None => td.ok { "Hợp lệ" },
                                    Some(p) => td.bad { "Không hợp lệ: " (p) },
                                }
                            }
                        }
                    }
                }
                h3 { "Các thao tác gần nhất" }
                table #audit-rows {
                    thead { tr {
                        th { "Thời gian" } th { "Người thực hiện" } th { "Loại bản ghi" }
                        th { "Thao tác" } th { "Trường thay đổi" } th { "Máy" }
                    } }
                    tbody {
                        @for r in &trail.recent {
                            tr {
                                td { (instant(Some(r.row.at))) }
                                td { (r.row.actor) }
                                td { (entity_vi(&r.row.entity)) }
                                td { (op_vi(&r.row.op)) }
                                td { (changed_fields(r.row.before.as_deref(), &r.row.after)) }
                                td.muted { (trail.devices.iter().find(|d| d.device_id == r.device_id).map(|d| d.device_name.as_str()).unwrap_or("")) }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub(super) async fn show(
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
        let trail = unit_trail(state.storage.as_ref(), &unit.id, RECENT).await?;
        let activity = state.storage.unit_activity(&unit.id).await?;
        Ok::<_, ServerError>(render(&user, &unit, &activity, &trail))
    }
    .await;
    match result {
        Ok(html) => Html(html).into_response(),
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::changed_fields;

    #[test]
    fn changed_fields_name_what_moved() {
        assert_eq!(changed_fields(None, "{\"a\":1}"), "bản ghi mới");
        assert_eq!(
            changed_fields(
                Some("{\"status\":\"assigned\",\"assignee\":\"Lan\",\"version\":1}"),
                "{\"status\":\"done\",\"assignee\":\"Lan\",\"result\":\"xong\",\"version\":2}"
            ),
            "kết quả, tình trạng"
        );
        assert_eq!(changed_fields(Some("{\"a\":1}"), "{\"a\":1}"), "—");
    }
}
