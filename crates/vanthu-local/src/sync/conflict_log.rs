//! The conflict log as the clerk reads it ("Xung đột đã giải quyết" on the Đồng bộ screen):
//! which record, which field, the value kept and the one that lost, on which device and by whom
//! each was made, when, and how it was resolved — in plain Vietnamese — plus the "Đã xem"
//! acknowledgement, stored on this laptop only (migration 0009).
//!
//! The server resolves a field two devices changed concurrently by the later stamp (design §4);
//! each stamp ends with the id of the device that made the change, so "this laptop" or "another
//! laptop of the unit" is exact. Who made it is not on the wire: it is read from the record's
//! own history: the event of the document written at the change's instant (a workflow step
//! writes its event in the same transaction, at the same instant, as the change, and the stamp
//! takes that instant unless the laptop had seen a later one). For a record without a history
//! (tasks, meetings …), an event not received yet, or a stamp that matches no event within
//! [`PERSON_WINDOW_MS`], the person is left unknown rather than guessed.

use super::device::device;
use crate::Result;
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::Value;
use vanthu_protocol::hlc;

/// Whose change a side of a conflict was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConflictSide {
    /// The value as the clerk reads it: dates dd/mm/yyyy, statuses by name, "(để trống)".
    pub value: String,
    /// When the change was made (the stamp's instant), if known.
    pub at: Option<i64>,
    /// "máy này" or "máy khác của đơn vị"; `None` when the stamp does not say.
    pub device: Option<String>,
    /// Whether it was this laptop's change.
    pub this_device: bool,
    /// Who made it, from the record's history, when it can be told.
    pub person: Option<String>,
}

/// One entry of the log, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictView {
    pub id: String,
    /// `incoming_document`, `outgoing_document`, `task` …
    pub entity: String,
    pub entity_id: String,
    /// "Văn bản đến số 3/2026: Triển khai …"; the kind of record when it is not found here.
    pub record_label: String,
    /// The field's code as in the record (`assignee`).
    pub field: String,
    /// Its name on screen ("Người xử lý").
    pub field_label: String,
    pub kept: ConflictSide,
    pub lost: ConflictSide,
    /// How it was resolved, one sentence.
    pub resolution: String,
    /// When the conflict was resolved (server time), and when this laptop received it.
    pub at: i64,
    pub received_at: i64,
    /// When "Đã xem" was pressed here; `None`: new.
    pub seen_at: Option<i64>,
}

/// Conflicts not acknowledged here yet (the count beside the Đồng bộ menu item). Uses the
/// partial index `sync_conflicts_unseen`.
pub fn unseen_conflicts(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM sync_conflicts WHERE seen_at IS NULL")?
        .query_row([], |r| r.get(0))?)
}

/// Marks `ids` as seen at `now` ("Đã xem"); ids already seen keep their first time. Returns
/// how many were new. Only the entries the clerk had on screen are passed, so a conflict that
/// arrives meanwhile stays new.
pub fn acknowledge_conflicts(tx: &Transaction<'_>, ids: &[String], now: i64) -> Result<usize> {
    let mut stmt = tx.prepare_cached(
        "UPDATE sync_conflicts SET seen_at = ?2 WHERE id = ?1 AND seen_at IS NULL",
    )?;
    let mut n = 0;
    for id in ids {
        n += stmt.execute(rusqlite::params![id, now])?;
    }
    Ok(n)
}

/// The log, newest first (new ones before seen ones of the same instant).
pub fn conflict_log(conn: &Connection) -> Result<Vec<ConflictView>> {
    let own = device(conn)?.map(|d| d.device_id);
    let mut stmt = conn.prepare_cached(
        "SELECT id, entity, entity_id, field, kept_value, lost_value, kept_hlc, lost_hlc, at,
                received_at, seen_at
         FROM sync_conflicts ORDER BY at DESC, seen_at IS NOT NULL, id",
    )?;
    type Row = (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        i64,
        i64,
        Option<i64>,
    );
    let rows: Vec<Row> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, entity, entity_id, field, kept, lost, kept_hlc, lost_hlc, at, received_at, seen_at) in
        rows
    {
        let side = |raw: &str, stamp: &str| -> Result<ConflictSide> {
            let (ms, origin) = split_stamp(stamp);
            let this_device = origin.is_some() && origin == own.as_deref();
            Ok(ConflictSide {
                value: display_value(&field, &json(raw)),
                at: ms,
                device: origin.map(|_| {
                    if this_device {
                        "máy này".to_string()
                    } else {
                        "máy khác của đơn vị".to_string()
                    }
                }),
                this_device,
                person: match ms {
                    Some(ms) => person_at(conn, &entity, &entity_id, ms)?,
                    None => None,
                },
            })
        };
        let kept = side(&kept, &kept_hlc)?;
        let lost = side(&lost, &lost_hlc)?;
        let field_label = field_label(&field).to_string();
        let resolution = resolution(&field, &field_label, &kept, &lost);
        out.push(ConflictView {
            record_label: record_label(conn, &entity, &entity_id)?,
            id,
            entity,
            entity_id,
            field,
            field_label,
            kept,
            lost,
            resolution,
            at,
            received_at,
            seen_at,
        });
    }
    Ok(out)
}

fn json(raw: &str) -> Value {
    serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.to_string()))
}

/// `ms-counter-device` → (ms, device). The server appends the device id to every stamp it
/// merges by; a stamp without it (a numbering clash logged here) says nothing.
fn split_stamp(stamp: &str) -> (Option<i64>, Option<&str>) {
    let ms = hlc::parse(stamp).map(|(ms, _)| ms);
    let origin = stamp.splitn(3, '-').nth(2).filter(|s| !s.is_empty());
    (ms, origin)
}

/// How far before a change's stamp its history event may lie (the stamp is never earlier).
pub const PERSON_WINDOW_MS: i64 = 2_000;

/// Who acted on the document at `ms`: the newest history event within the window before it.
fn person_at(conn: &Connection, entity: &str, id: &str, ms: i64) -> Result<Option<String>> {
    let sql = match entity {
        "incoming_document" => {
            "SELECT actor FROM incoming_events WHERE document_id = ?1 AND at BETWEEN ?2 - ?3 AND ?2
             ORDER BY at DESC LIMIT 1"
        }
        "outgoing_document" => {
            "SELECT actor FROM outgoing_events WHERE document_id = ?1 AND at BETWEEN ?2 - ?3 AND ?2
             ORDER BY at DESC LIMIT 1"
        }
        _ => return Ok(None),
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row(rusqlite::params![id, ms, PERSON_WINDOW_MS], |r| r.get(0))
        .optional()?)
}

/// The record as the clerk knows it.
fn record_label(conn: &Connection, entity: &str, id: &str) -> Result<String> {
    let found: Option<String> = match entity {
        "incoming_document" => conn
            .prepare_cached(
                "SELECT 'Văn bản đến số ' || arrival_no || '/' || year || ': ' || summary
                 FROM incoming_documents WHERE id = ?1",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?,
        "outgoing_document" => conn
            .prepare_cached(
                "SELECT CASE WHEN symbol IS NULL THEN 'Dự thảo văn bản đi: ' || summary
                        ELSE 'Văn bản đi số ' || symbol || ': ' || summary END
                 FROM outgoing_documents WHERE id = ?1",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?,
        _ => None,
    };
    Ok(found.unwrap_or_else(|| entity_label(entity).to_string()))
}

fn entity_label(entity: &str) -> &'static str {
    match entity {
        "incoming_document" => "Văn bản đến",
        "outgoing_document" => "Văn bản đi",
        "task" => "Nhiệm vụ",
        "meeting" => "Cuộc họp",
        "indicator" | "indicator_actual" => "Chỉ tiêu",
        "report" | "report_version" | "report_submission" => "Báo cáo định kỳ",
        "unit_profile" => "Thông tin đơn vị",
        _ => "Bản ghi",
    }
}

/// The field's name as the forms and the register call it.
pub fn field_label(field: &str) -> &str {
    match field {
        "arrival_no" => "Số đến",
        "assignee" => "Người xử lý",
        "recipient" => "Đơn vị, người nhận",
        "instructions" => "Ý kiến chỉ đạo",
        "deadline" => "Hạn xử lý",
        "status" => "Tình trạng",
        "summary" => "Trích yếu",
        "issuer" => "Cơ quan ban hành",
        "symbol" => "Số, ký hiệu",
        "doc_date" => "Ngày văn bản",
        "doc_type" => "Loại văn bản",
        "urgency" => "Độ khẩn",
        "signer" => "Người ký",
        "notes" => "Ghi chú",
        "result" => "Kết quả xử lý",
        "transfer_date" => "Ngày chuyển",
        "completed_on" => "Ngày hoàn thành",
        "drafter" => "Người soạn thảo",
        "recipients" => "Nơi nhận",
        "issued_date" => "Ngày ban hành",
        "title" => "Tên",
        "progress" => "Tiến độ",
        other => other,
    }
}

/// A value as text: empty as "(để trống)", ISO dates as dd/mm/yyyy, statuses by their name.
fn display_value(field: &str, v: &Value) -> String {
    match v {
        Value::Null => "(để trống)".into(),
        Value::String(s) if s.trim().is_empty() => "(để trống)".into(),
        Value::String(s) => {
            if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                return vanthu_core::time::format_date(d);
            }
            if field == "status" {
                if let Ok(st) = vanthu_core::incoming::IncomingStatus::parse(s) {
                    return st.label_vi().into();
                }
                if let Ok(st) = vanthu_core::outgoing::OutgoingStatus::parse(s) {
                    return st.label_vi().into();
                }
            }
            s.clone()
        }
        Value::Bool(b) => if *b { "có" } else { "không" }.into(),
        Value::Array(items) => items
            .iter()
            .map(|i| display_value(field, i))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

fn whose(side: &ConflictSide) -> String {
    let device = side.device.as_deref().unwrap_or("máy khác của đơn vị");
    match &side.person {
        Some(p) => format!("{p}, {device}"),
        None => device.to_string(),
    }
}

/// How the conflict was resolved, in one plain sentence.
fn resolution(field: &str, label: &str, kept: &ConflictSide, lost: &ConflictSide) -> String {
    if field == "arrival_no" && kept.device.is_none() {
        // Logged by the renumbering of a clash (sync::renumber): not a last-writer choice.
        return format!(
            "Hai máy cùng cấp số đến {} cho hai văn bản khác nhau khi chưa đồng bộ. Văn bản vào sổ trước giữ số; văn bản này được cấp lại số {}. Hãy sửa số đến ghi trên văn bản giấy.",
            lost.value, kept.value
        );
    }
    format!(
        "Hai máy cùng sửa “{}” khi chưa nhận được thay đổi của nhau. Theo quy tắc, giữ lần sửa sau cùng ({}); lần sửa trước ({}) không được dùng nhưng giá trị vẫn lưu ở đây để đối chiếu.",
        lower_first(label),
        whose(kept),
        whose(lost)
    )
}

/// Field names start with a capital on screen, but read mid-sentence in lower case.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_name_their_device() {
        let s = hlc::with_origin(&hlc::format(1_764_000_000_000, 3), "0199-abcd-ef");
        assert_eq!(
            split_stamp(&s),
            (Some(1_764_000_000_000), Some("0199-abcd-ef"))
        );
        assert_eq!(split_stamp(""), (None, None));
        assert_eq!(split_stamp(&hlc::format(5, 0)).1, None);
    }

    #[test]
    fn values_read_plainly() {
        assert_eq!(
            display_value("deadline", &Value::from("2026-11-30")),
            "30/11/2026"
        );
        assert_eq!(
            display_value("status", &Value::from("assigned")),
            "Đã chuyển giao"
        );
        assert_eq!(display_value("assignee", &Value::Null), "(để trống)");
        assert_eq!(
            display_value("arrival_no", &Value::from("3/2026")),
            "3/2026"
        );
        assert_eq!(lower_first("Người xử lý"), "người xử lý");
    }
}
