//! Province administration, shared by the `vanthu-server admin …` commands and the dashboard:
//! units, enrolment codes, devices, staff, and what the province sends down (documents,
//! holiday decisions, deadline rules, report templates).

use crate::auth;
use crate::error::ServerError;
use crate::storage::{Result, Staff, Storage, Unit};
use sha2::Digest;
use std::path::Path;
use vanthu_protocol::{BLOB_CHUNK_BYTES, Op, ProvinceAttachment, ProvinceDocument, entity};

/// Creates a unit with its short code (used in enrolment and the dashboard's addresses).
pub async fn create_unit(
    storage: &dyn Storage,
    code: &str,
    name: &str,
    organisation: &str,
    numbering_style: &str,
    now: i64,
) -> Result<Unit> {
    let code = code.trim().to_uppercase();
    if code.is_empty()
        || code.len() > 32
        || !code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(ServerError::BadRequest(
            "mã đơn vị: 1–32 chữ cái không dấu, chữ số, '-' hoặc '_'".into(),
        ));
    }
    let name = name.trim();
    if name.is_empty() {
        return Err(ServerError::BadRequest("tên đơn vị: bắt buộc".into()));
    }
    if !matches!(numbering_style, "state" | "party") {
        return Err(ServerError::BadRequest(
            "kiểu ghi số: state (Nhà nước) hoặc party (Đảng)".into(),
        ));
    }
    let unit = Unit {
        id: uuid::Uuid::now_v7().to_string(),
        code,
        name: name.to_string(),
        organisation: organisation.trim().to_string(),
        numbering_style: numbering_style.to_string(),
        created_at: now,
    };
    storage.create_unit(&unit).await?;
    tracing::info!(unit = %unit.code, "unit created");
    Ok(unit)
}

/// The unit named by id or code.
pub async fn find_unit(storage: &dyn Storage, id_or_code: &str) -> Result<Unit> {
    let key = id_or_code.trim();
    match storage.unit(key).await? {
        Some(u) => Ok(u),
        None => storage
            .unit(&key.to_uppercase())
            .await?
            .ok_or_else(|| ServerError::NotFound(format!("đơn vị {key}"))),
    }
}

/// Issues a one-time enrolment code for a unit; returns the code (shown once) and its expiry.
pub async fn issue_enrol_code(
    storage: &dyn Storage,
    unit: &Unit,
    ttl_ms: i64,
    now: i64,
) -> Result<(String, i64)> {
    let code = auth::new_enrol_code();
    let expires_at = now + ttl_ms;
    storage
        .add_enrol_code(&unit.id, &auth::code_hash(&code), expires_at, now)
        .await?;
    tracing::info!(unit = %unit.code, expires_at, "enrolment code issued");
    Ok((code, expires_at))
}

/// Creates (or resets the password of) a staff account.
pub async fn create_staff(
    storage: &dyn Storage,
    username: &str,
    display_name: &str,
    password: &str,
    now: i64,
) -> Result<()> {
    let username = username.trim().to_lowercase();
    if username.is_empty() || username.len() > 64 {
        return Err(ServerError::BadRequest("tên đăng nhập: 1–64 ký tự".into()));
    }
    if password.chars().count() < 10 {
        return Err(ServerError::BadRequest("mật khẩu: ít nhất 10 ký tự".into()));
    }
    let hash = auth::hash_password(password).map_err(ServerError::Internal)?;
    storage
        .create_staff(
            &Staff {
                username,
                display_name: display_name.trim().to_string(),
                password_hash: hash,
            },
            now,
        )
        .await
}

/// Stores a file as a blob (in chunks, like an upload) and returns its reference.
pub async fn store_file(
    storage: &dyn Storage,
    path: &Path,
    now: i64,
) -> Result<ProvinceAttachment> {
    let bytes = tokio::fs::read(path)
        .await
        .map_err(|e| ServerError::BadRequest(format!("không đọc được {}: {e}", path.display())))?;
    let sha = hex::encode(sha2::Sha256::digest(&bytes));
    let size = bytes.len() as i64;
    let mut offset = storage.blob(&sha).await?.map(|b| b.received).unwrap_or(0);
    if size == 0 {
        return Err(ServerError::BadRequest(format!("{} rỗng", path.display())));
    }
    while offset < size {
        let end = (offset as usize + BLOB_CHUNK_BYTES).min(bytes.len());
        let b = storage
            .blob_append(&sha, size, offset, &bytes[offset as usize..end], now)
            .await?;
        if b.complete {
            break;
        }
        offset = b.received;
    }
    Ok(ProvinceAttachment {
        sha256: sha,
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "tep-dinh-kem".into()),
        size,
    })
}

/// Sends a document down to the given units (their "received from the province" queue).
pub async fn send_document(
    storage: &dyn Storage,
    units: &[Unit],
    mut doc: ProvinceDocument,
    files: &[std::path::PathBuf],
    now: i64,
) -> Result<ProvinceDocument> {
    if units.is_empty() {
        return Err(ServerError::BadRequest(
            "chọn ít nhất một đơn vị nhận".into(),
        ));
    }
    for (field, value) in [
        ("cơ quan ban hành", &doc.issuer),
        ("số, ký hiệu", &doc.symbol),
        ("ngày văn bản", &doc.doc_date),
        ("loại văn bản", &doc.doc_type),
        ("trích yếu", &doc.summary),
    ] {
        if value.trim().is_empty() {
            return Err(ServerError::BadRequest(format!("{field}: bắt buộc")));
        }
    }
    if chrono::NaiveDate::parse_from_str(&doc.doc_date, "%Y-%m-%d").is_err() {
        return Err(ServerError::BadRequest(
            "ngày văn bản: dạng yyyy-mm-dd".into(),
        ));
    }
    for f in files {
        doc.attachments.push(store_file(storage, f, now).await?);
    }
    doc.sent_at = now;
    let ids: Vec<String> = units.iter().map(|u| u.id.clone()).collect();
    let blobs: Vec<String> = doc.attachments.iter().map(|a| a.sha256.clone()).collect();
    let payload = serde_json::to_string(&doc).map_err(ServerError::internal)?;
    storage
        .publish(
            Some(&ids),
            entity::PROVINCE_DOCUMENT,
            &doc.id,
            Op::Upsert,
            &payload,
            &blobs,
            now,
        )
        .await?;
    tracing::info!(document = %doc.id, units = ids.len(), "document sent down");
    Ok(doc)
}

/// Publishes one year's official holiday decisions to every unit (validated by the core).
pub async fn set_holidays(storage: &dyn Storage, json: &str, now: i64) -> Result<i32> {
    let year: vanthu_core::calendar::YearOverrides = serde_json::from_str(json)
        .map_err(|e| ServerError::BadRequest(format!("tệp ngày nghỉ: {e}")))?;
    let all = vanthu_core::calendar::HolidayOverrides {
        years: vec![year.clone()],
    };
    all.validate()
        .map_err(|e| ServerError::BadRequest(e.to_string()))?;
    vanthu_core::calendar::HolidayCalendar::for_year(year.year, &all)
        .map_err(|e| ServerError::BadRequest(e.to_string()))?;
    let payload = serde_json::to_string(&year).map_err(ServerError::internal)?;
    storage
        .publish(
            None,
            entity::HOLIDAY_OVERRIDE,
            &year.year.to_string(),
            Op::Upsert,
            &payload,
            &[],
            now,
        )
        .await?;
    Ok(year.year)
}

/// Publishes the province's default time limits to every unit.
pub async fn set_deadline_rules(storage: &dyn Storage, json: &str, now: i64) -> Result<()> {
    let rules: vanthu_core::calendar::DeadlineRules = serde_json::from_str(json)
        .map_err(|e| ServerError::BadRequest(format!("tệp thời hạn: {e}")))?;
    let payload = serde_json::to_string(&rules).map_err(ServerError::internal)?;
    storage
        .publish(
            None,
            entity::DEADLINE_RULES,
            "default",
            Op::Upsert,
            &payload,
            &[],
            now,
        )
        .await
}

/// Publishes a report template to every unit (validated as a `ReportTemplate`). The payload is
/// the template plus `revision` (the publication time unless given: a later publication replaces
/// an earlier one on the laptops) and `active`. Returns the template id.
pub async fn add_report_template(storage: &dyn Storage, json: &str, now: i64) -> Result<String> {
    let (template, _) = crate::reports::parse_published(json)?;
    let mut value: serde_json::Value = serde_json::from_str(json)
        .map_err(|e| ServerError::BadRequest(format!("mẫu báo cáo: {e}")))?;
    if value.get("revision").and_then(|v| v.as_i64()).is_none() {
        value["revision"] = serde_json::Value::from(now);
    }
    publish_template(storage, &template.id, &value, now).await?;
    Ok(template.id)
}

/// Withdraws a template (published or built-in): units stop being asked for it and the app
/// stops offering it for new reports; reports already made from it stay.
pub async fn withdraw_report_template(storage: &dyn Storage, id: &str, now: i64) -> Result<()> {
    let id = id.trim();
    let mut current = None;
    for payload in storage.province_records(entity::REPORT_TEMPLATE).await? {
        if let Ok((t, _)) = crate::reports::parse_published(&payload)
            && t.id == id
        {
            current = Some(t);
        }
    }
    let template = current
        .or_else(|| {
            vanthu_core::report_template::builtin_templates()
                .into_iter()
                .find(|t| t.id == id)
        })
        .ok_or_else(|| ServerError::NotFound(format!("mẫu báo cáo {id}")))?;
    let mut value = serde_json::to_value(&template).map_err(ServerError::internal)?;
    value["active"] = serde_json::Value::Bool(false);
    value["revision"] = serde_json::Value::from(now);
    publish_template(storage, id, &value, now).await
}

async fn publish_template(
    storage: &dyn Storage,
    id: &str,
    value: &serde_json::Value,
    now: i64,
) -> Result<()> {
    storage
        .publish(
            None,
            entity::REPORT_TEMPLATE,
            id,
            Op::Upsert,
            &value.to_string(),
            &[],
            now,
        )
        .await
}
