//! The sync API (`/v1`): enrol, hello, push, pull, attachments. Each handler checks the protocol
//! version and the device token, decodes with limits, and calls one storage operation. Every
//! refusal is a `{code, message}` with a 4xx status and is logged (who, what, why).

use crate::error::ServerError;
use crate::storage::{AuditOutcome, CodeProblem, Device, NewDevice, PushOutcome};
use crate::{AppState, auth};
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use vanthu_protocol::audit::{AuditPushRequest, AuditPushResponse, CAPABILITY_AUDIT};
use vanthu_protocol::{
    BlobStatus, CONTENT_TYPE_PACKED, EnrolRequest, EnrolResponse, HEADER_PROTOCOL, Hello,
    MAX_BLOB_BYTES, MAX_BODY_BYTES, MAX_PULL_PAGE, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION,
    PushRequest, PushResponse, entity,
};

/// Largest blob chunk accepted in one request.
const MAX_CHUNK_BYTES: usize = 4 * 1024 * 1024;
/// Largest blob range served in one response.
const MAX_SERVE_BYTES: i64 = 4 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/enrol", post(enrol))
        .route("/v1/hello", get(hello))
        .route("/v1/push", post(push))
        .route("/v1/pull", get(pull))
        .route("/v1/audit", post(push_audit))
        .route("/v1/blobs/{sha256}", get(blob_download).put(blob_upload))
        .route("/v1/blobs/{sha256}/status", get(blob_status))
        .route("/healthz", get(|| async { "ok" }))
}

type ApiResult<T> = Result<T, ServerError>;

/// Logs a refusal and passes it on.
fn refused(err: ServerError, device: Option<&str>, action: &str) -> ServerError {
    if err.status().is_client_error() {
        tracing::warn!(code = err.code(), device = device.unwrap_or("-"), action, reason = %err, "refused");
    }
    err
}

fn check_protocol(headers: &HeaderMap) -> ApiResult<()> {
    let v = headers
        .get(HEADER_PROTOCOL)
        .ok_or_else(|| ServerError::BadRequest(format!("thiếu tiêu đề {HEADER_PROTOCOL}")))?
        .to_str()
        .ok()
        .and_then(|s| s.trim().parse::<u32>().ok())
        .ok_or_else(|| ServerError::BadRequest(format!("{HEADER_PROTOCOL} không hợp lệ")))?;
    if !(MIN_PROTOCOL_VERSION..=PROTOCOL_VERSION).contains(&v) {
        return Err(ServerError::Protocol(v));
    }
    Ok(())
}

/// The device named by the bearer token, if the token is right and not revoked.
async fn authenticate(state: &AppState, headers: &HeaderMap, action: &str) -> ApiResult<Device> {
    check_protocol(headers)?;
    let header = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let Some((device_id, token)) = auth::parse_bearer(header) else {
        return Err(refused(ServerError::Unauthorized, None, action));
    };
    let device = state.storage.device(device_id).await?;
    let Some(device) =
        device.filter(|d| auth::same_digest(&d.token_hash, &auth::sha256_hex(token.as_bytes())))
    else {
        return Err(refused(ServerError::Unauthorized, Some(device_id), action));
    };
    if device.revoked_at.is_some() {
        return Err(refused(ServerError::Revoked, Some(device_id), action));
    }
    Ok(device)
}

async fn read_body(body: Body, limit: usize) -> ApiResult<Bytes> {
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        // axum exposes no type for its length-limit error; its chain says so in words.
        let mut source: Option<&dyn std::error::Error> = Some(&e);
        let mut too_large = false;
        while let Some(s) = source {
            too_large |= s.to_string().contains("length limit");
            source = s.source();
        }
        if too_large {
            ServerError::TooLarge
        } else {
            ServerError::BadRequest(format!("không đọc được nội dung: {e}"))
        }
    })
}

fn packed(bytes: Vec<u8>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(CONTENT_TYPE_PACKED),
        )],
        bytes,
    )
        .into_response()
}

async fn enrol(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Json<EnrolResponse>> {
    check_protocol(&headers)?;
    let bytes = read_body(body, 16 * 1024).await?;
    let req: EnrolRequest = serde_json::from_slice(&bytes)
        .map_err(|e| refused(ServerError::BadRequest(e.to_string()), None, "enrol"))?;
    let name = req.device_name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ServerError::BadRequest("device_name: 1–100 ký tự".into()));
    }
    if req.outbox_base < 0 {
        return Err(ServerError::BadRequest("outbox_base: không được âm".into()));
    }
    let code = auth::normalize_code(&req.code);
    if code.len() != auth::CODE_LEN {
        return Err(refused(ServerError::CodeUnknown, None, "enrol"));
    }
    let token = auth::new_secret();
    let device = NewDevice {
        id: uuid::Uuid::now_v7().to_string(),
        name: name.to_string(),
        token_hash: auth::sha256_hex(token.as_bytes()),
        high_water: req.outbox_base,
    };
    let now = state.now();
    match state
        .storage
        .enrol(&auth::code_hash(&code), &device, now)
        .await?
    {
        Ok(unit) => {
            tracing::info!(device = %device.id, unit = %unit.code, name, "device enrolled");
            Ok(Json(EnrolResponse {
                device_id: device.id,
                token,
                unit: unit.info(),
                server_time_ms: now,
            }))
        }
        Err(problem) => Err(refused(
            match problem {
                CodeProblem::Unknown => ServerError::CodeUnknown,
                CodeProblem::Used => ServerError::CodeUsed,
                CodeProblem::Expired => ServerError::CodeExpired,
            },
            None,
            "enrol",
        )),
    }
}

async fn hello(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Json<Hello>> {
    let device = authenticate(&state, &headers, "hello").await?;
    let unit = state
        .storage
        .unit(&device.unit_id)
        .await?
        .ok_or_else(|| ServerError::NotFound("đơn vị".into()))?;
    Ok(Json(Hello {
        protocol_version: PROTOCOL_VERSION,
        min_protocol_version: MIN_PROTOCOL_VERSION,
        server_time_ms: state.now(),
        capabilities: vec![
            "msgpack".into(),
            "zstd".into(),
            vanthu_protocol::CAPABILITY_PUSH_DICTIONARY.into(),
            "blob-ranges".into(),
            CAPABILITY_AUDIT.into(),
        ],
        unit: unit.info(),
        device_id: device.id.clone(),
        acked_seq: device.high_water,
        audit_acked: state.storage.audit_head(&device.id).await?.0,
    }))
}

async fn push(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let device = authenticate(&state, &headers, "push").await?;
    let id = Some(device.id.as_str());
    let req: PushRequest = packed_body(body, &device.id, "push").await?;
    req.validate()
        .map_err(|e| refused(ServerError::BadRequest(e.to_string()), id, "push"))?;
    if let Some(c) = req
        .changes
        .iter()
        .find(|c| entity::is_province_owned(&c.entity))
    {
        return Err(refused(
            ServerError::ProvinceOwned {
                entity: c.entity.clone(),
            },
            id,
            "push",
        ));
    }
    let outcome = state
        .storage
        .push(&device, &req, state.now())
        .await
        .map_err(|e| refused(e, id, "push"))?;
    match outcome {
        PushOutcome::Applied { acked, applied } => {
            let missing_blobs = state.storage.missing_blobs(&device.unit_id).await?;
            Ok(packed(vanthu_protocol::encode(&PushResponse {
                acked,
                applied,
                missing_blobs,
            })))
        }
        PushOutcome::Gap { expected } => Err(refused(ServerError::Gap { expected }, id, "push")),
    }
}

/// Decodes a packed body within the protocol's limits.
async fn packed_body<T: serde::de::DeserializeOwned>(
    body: Body,
    device: &str,
    action: &str,
) -> ApiResult<T> {
    let bytes = read_body(body, MAX_BODY_BYTES)
        .await
        .map_err(|e| refused(e, Some(device), action))?;
    vanthu_protocol::decode(&bytes).map_err(|e| {
        refused(
            match e {
                vanthu_protocol::DecodeError::TooLarge(_) => ServerError::TooLarge,
                other => ServerError::BadRequest(other.to_string()),
            },
            Some(device),
            action,
        )
    })
}

/// `POST /v1/audit`: the device's audit rows, stored only if they continue its chain.
async fn push_audit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let device = authenticate(&state, &headers, "audit").await?;
    let id = Some(device.id.as_str());
    let req: AuditPushRequest = packed_body(body, &device.id, "audit").await?;
    req.validate()
        .map_err(|e| refused(ServerError::BadRequest(e.to_string()), id, "audit"))?;
    match state
        .storage
        .push_audit(&device, &req, state.now())
        .await
        .map_err(|e| refused(e, id, "audit"))?
    {
        AuditOutcome::Stored { acked, applied } => {
            Ok(packed(vanthu_protocol::encode(&AuditPushResponse {
                acked,
                applied,
            })))
        }
        AuditOutcome::Gap { expected } => Err(refused(ServerError::Gap { expected }, id, "audit")),
    }
}

#[derive(Debug, Deserialize)]
struct PullQuery {
    after: Option<i64>,
    limit: Option<u32>,
}

async fn pull(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<PullQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    let device = authenticate(&state, &headers, "pull").await?;
    let Query(q) = query.map_err(|e| ServerError::BadRequest(e.body_text()))?;
    let after = q.after.unwrap_or(0);
    if after < 0 {
        return Err(ServerError::BadRequest("after: không được âm".into()));
    }
    let limit = q.limit.unwrap_or(500).clamp(1, MAX_PULL_PAGE);
    let page = state
        .storage
        .pull(&device, after, limit, state.now())
        .await?;
    Ok(packed(vanthu_protocol::encode(&page)))
}

/// A blob the device's unit may touch.
async fn blob_access(
    state: &AppState,
    headers: &HeaderMap,
    sha: &str,
    action: &str,
) -> ApiResult<Device> {
    let device = authenticate(state, headers, action).await?;
    if !auth::is_sha256(sha) {
        return Err(ServerError::BadRequest("mã SHA-256 không hợp lệ".into()));
    }
    if !state.storage.blob_referenced(&device.unit_id, sha).await? {
        return Err(refused(
            ServerError::BlobForbidden,
            Some(&device.id),
            action,
        ));
    }
    Ok(device)
}

async fn blob_status(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(sha): Path<String>,
) -> ApiResult<Json<BlobStatus>> {
    blob_access(&state, &headers, &sha, "blob_status").await?;
    let b = state.storage.blob(&sha).await?;
    Ok(Json(BlobStatus {
        sha256: sha,
        size: b.as_ref().map(|b| b.size),
        received: b.as_ref().map(|b| b.received).unwrap_or(0),
        complete: b.as_ref().is_some_and(|b| b.complete),
    }))
}

/// `Content-Range: bytes START-END/TOTAL`.
fn content_range(headers: &HeaderMap) -> ApiResult<(i64, i64, i64)> {
    let bad = || ServerError::BadRequest("Content-Range: cần dạng bytes START-END/TOTAL".into());
    let v = headers
        .get(header::CONTENT_RANGE)
        .and_then(|h| h.to_str().ok())
        .ok_or_else(bad)?;
    let rest = v.strip_prefix("bytes ").ok_or_else(bad)?;
    let (range, total) = rest.split_once('/').ok_or_else(bad)?;
    let (start, end) = range.split_once('-').ok_or_else(bad)?;
    let p = |s: &str| s.trim().parse::<i64>().map_err(|_| bad());
    let (start, end, total) = (p(start)?, p(end)?, p(total)?);
    if start < 0 || end < start || end >= total {
        return Err(bad());
    }
    Ok((start, end, total))
}

async fn blob_upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(sha): Path<String>,
    body: Body,
) -> ApiResult<Json<BlobStatus>> {
    let device = blob_access(&state, &headers, &sha, "blob_upload").await?;
    let (start, end, total) = content_range(&headers)?;
    if total > MAX_BLOB_BYTES {
        return Err(refused(
            ServerError::TooLarge,
            Some(&device.id),
            "blob_upload",
        ));
    }
    let data = read_body(body, MAX_CHUNK_BYTES).await?;
    if data.len() as i64 != end - start + 1 {
        return Err(ServerError::BadRequest(
            "độ dài nội dung không khớp Content-Range".into(),
        ));
    }
    let b = state
        .storage
        .blob_append(&sha, total, start, &data, state.now())
        .await?;
    Ok(Json(BlobStatus {
        sha256: sha,
        size: Some(b.size),
        received: b.received,
        complete: b.complete,
    }))
}

async fn blob_download(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(sha): Path<String>,
) -> ApiResult<Response> {
    blob_access(&state, &headers, &sha, "blob_download").await?;
    let b = state
        .storage
        .blob(&sha)
        .await?
        .filter(|b| b.complete)
        .ok_or_else(|| ServerError::NotFound("tệp trên máy chủ".into()))?;
    let start = headers
        .get(header::RANGE)
        .and_then(|h| h.to_str().ok())
        .and_then(|r| r.strip_prefix("bytes="))
        .and_then(|r| r.split('-').next())
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or(0);
    if start >= b.size && b.size > 0 {
        return Err(ServerError::BadRequest(
            "Range vượt quá kích thước tệp".into(),
        ));
    }
    let len = (b.size - start).min(MAX_SERVE_BYTES);
    let data = state.storage.blob_read(&sha, start, len).await?;
    let end = start + data.len() as i64 - 1;
    let status = if start == 0 && data.len() as i64 == b.size {
        StatusCode::OK
    } else {
        StatusCode::PARTIAL_CONTENT
    };
    let mut resp = (status, data).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if status == StatusCode::PARTIAL_CONTENT
        && let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{end}/{}", b.size))
    {
        h.insert(header::CONTENT_RANGE, v);
    }
    Ok(resp)
}
