//! The sync protocol between a unit's devices and the provincial server (design §5).
//!
//! Versioned by [`PROTOCOL_VERSION`]: every request carries it in the [`HEADER_PROTOCOL`] header
//! and the server refuses versions it does not speak with a clear `{code, message}`. Enrolment
//! and hello are small JSON bodies; push and pull bodies are MessagePack (structs as arrays)
//! compressed with zstd ([`codec`]), because commune internet is slow and metered.
//!
//! The guarantees these types carry:
//! - every change has the device's monotonic `seq`; a push names the seq it continues from
//!   (`after`), so the server can apply exactly the changes above its high-water mark, ignore
//!   replays and answer a gap with the seq it expects;
//! - a pull page carries the per-unit log cursor, stored by the app in the same transaction as the
//!   applied changes.

pub mod audit;
pub mod codec;
pub mod entity;
pub mod hlc;
mod validate;

pub use codec::{
    CAPABILITY_PUSH_DICTIONARY, DecodeError, PUSH_DICTIONARY, decode, encode,
    encode_with_dictionary,
};
pub use validate::ValidationError;

use serde::{Deserialize, Serialize};

/// The protocol this build speaks.
pub const PROTOCOL_VERSION: u32 = 1;
/// The oldest protocol the server still accepts.
pub const MIN_PROTOCOL_VERSION: u32 = 1;
/// Request header with the client's protocol version.
pub const HEADER_PROTOCOL: &str = "x-vanthu-protocol";
/// Content type of compressed MessagePack bodies.
pub const CONTENT_TYPE_PACKED: &str = "application/x-vanthu-msgpack+zstd";

/// Largest compressed push body the server reads.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// Largest body after decompression (a zstd bomb stops here).
pub const MAX_DECODED_BYTES: usize = 64 * 1024 * 1024;
/// Most changes in one push.
pub const MAX_BATCH_CHANGES: usize = 2_000;
/// Largest single record payload (JSON).
pub const MAX_PAYLOAD_BYTES: usize = 512 * 1024;
/// Most log entries in one pull page.
pub const MAX_PULL_PAGE: u32 = 2_000;
/// Upload chunk size for attachments (resumable by byte range).
pub const BLOB_CHUNK_BYTES: usize = 256 * 1024;
/// Largest attachment the server stores.
pub const MAX_BLOB_BYTES: i64 = 100 * 1024 * 1024;

/// What a change does to its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// The record's full state; merged per field (last writer by HLC wins).
    Upsert,
    /// An append-only record (an event): merged by union.
    Append,
    /// The record is gone (tombstone).
    Delete,
}

impl Op {
    pub fn code(self) -> &'static str {
        match self {
            Op::Upsert => "upsert",
            Op::Append => "append",
            Op::Delete => "delete",
        }
    }

    pub fn parse(s: &str) -> Option<Op> {
        match s {
            "upsert" => Some(Op::Upsert),
            "append" => Some(Op::Append),
            "delete" => Some(Op::Delete),
            _ => None,
        }
    }
}

/// `POST /v1/enrol` (JSON): exchanges a one-time code for a device identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrolRequest {
    /// The code read over the phone, e.g. `K7M2-9QXD` (case, spaces and dashes ignored).
    pub code: String,
    /// A name people recognise in the device list, e.g. the laptop's host name.
    pub device_name: String,
    /// The device's outbox seq already accounted for: changes at or below it are never sent
    /// (0 for a store that never synced).
    pub outbox_base: i64,
}

/// The unit as the province registered it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitInfo {
    pub id: String,
    pub code: String,
    pub name: String,
    pub organisation: String,
    /// `state` or `party`.
    pub numbering_style: String,
}

/// Answer to an enrolment: the secret token is shown once and stored only as a hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrolResponse {
    pub device_id: String,
    pub token: String,
    pub unit: UnitInfo,
    pub server_time_ms: i64,
}

/// `GET /v1/hello` (JSON, authenticated).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hello {
    pub protocol_version: u32,
    pub min_protocol_version: u32,
    /// The server's clock, for the clock-skew warning.
    pub server_time_ms: i64,
    /// E.g. `zstd`, `msgpack`, `blob-ranges`.
    pub capabilities: Vec<String>,
    pub unit: UnitInfo,
    pub device_id: String,
    /// The device's high-water mark on the server (last applied seq).
    pub acked_seq: i64,
    /// The last audit row of this device the server stores (0: none); servers without
    /// [`audit::CAPABILITY_AUDIT`] leave it out.
    #[serde(default)]
    pub audit_acked: i64,
}

/// One captured change from the device's outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The device's monotonic outbox sequence number.
    pub seq: i64,
    /// Unique id of the change (UUID).
    pub change_id: String,
    pub entity: String,
    pub entity_id: String,
    pub op: Op,
    /// The record (upsert) or event (append) as a JSON object.
    pub payload: String,
    /// When the change was captured (unix ms, device clock).
    pub at: i64,
    /// Hybrid logical clock of the capture ([`hlc`]).
    pub hlc: String,
    /// For an upsert of a known record: JSON object of the fields this change altered, with the
    /// values they had before. `None`: a new record (every field is new).
    pub base: Option<String>,
}

/// `POST /v1/push` (packed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushRequest {
    /// The seq the batch continues from: the device's acknowledged mark when it was built.
    pub after: i64,
    /// Strictly increasing seqs, all above `after`.
    pub changes: Vec<Change>,
}

/// Answer to a push: everything up to `acked` is applied (now or earlier).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushResponse {
    pub acked: i64,
    /// How many changes of this batch were new (the rest were replays).
    pub applied: u32,
    /// Attachments the unit's records reference that the server has not fully received.
    pub missing_blobs: Vec<String>,
}

/// One entry of the unit's ordered change log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    /// Position in the unit's log (the pull cursor after this entry).
    pub cursor: i64,
    pub entity: String,
    pub entity_id: String,
    pub op: Op,
    /// The merged record (upsert) or the event (append), JSON.
    pub payload: String,
    pub hlc: String,
    /// The device that pushed it; `None` for the province (server).
    pub origin: Option<String>,
}

/// `GET /v1/pull?after=N&limit=M` (packed answer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    pub entries: Vec<LogEntry>,
    /// Store this after applying `entries` (it may be past the last entry: the device's own
    /// changes are skipped but still passed).
    pub cursor: i64,
    pub has_more: bool,
}

/// `GET /v1/blobs/{sha256}/status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobStatus {
    pub sha256: String,
    /// Total size once announced by the first chunk.
    pub size: Option<i64>,
    /// Contiguous bytes received from the start (resume from here).
    pub received: i64,
    pub complete: bool,
}

/// Every refusal: a stable `code` for programs, a Vietnamese `message` for people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    /// For `gap`: the seq the server expects next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<i64>,
    /// For `blob_offset`: the bytes the server already has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received: Option<i64>,
}

/// A document the province sends down to a unit ("received from the province" queue).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProvinceDocument {
    pub id: String,
    /// Cơ quan ban hành.
    pub issuer: String,
    /// Số, ký hiệu.
    pub symbol: String,
    /// `yyyy-mm-dd`.
    pub doc_date: String,
    /// Tên loại (Kế hoạch, Công văn …).
    pub doc_type: String,
    /// Trích yếu.
    pub summary: String,
    pub urgency: Option<String>,
    pub signer: Option<String>,
    /// Requested deadline `yyyy-mm-dd`, if the province sets one.
    pub deadline: Option<String>,
    pub notes: Option<String>,
    pub sent_at: i64,
    pub sent_by: String,
    pub attachments: Vec<ProvinceAttachment>,
}

/// An attachment of a province document (blob by SHA-256).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvinceAttachment {
    pub sha256: String,
    pub file_name: String,
    pub size: i64,
}

/// The province's decision on one submission of a report (entity `report_review`, province-owned,
/// in the unit's pull log). A review of an older submission stays in the history but does not
/// decide the report's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportReview {
    /// The server's id for the review (a UUIDv7); applying the same id twice is a no-op.
    pub id: String,
    pub report_id: String,
    /// The `report_submission` reviewed.
    pub submission_id: String,
    /// `accepted` or `returned`.
    pub decision: String,
    /// The province's comments (required when returned).
    #[serde(default)]
    pub comments: Option<String>,
    #[serde(default)]
    pub reviewer: Option<String>,
    /// When the province decided (UTC unix ms).
    pub reviewed_at: i64,
}

/// A field two devices changed concurrently: the value kept and the one that lost (design §4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub id: String,
    pub entity: String,
    pub entity_id: String,
    pub field: String,
    pub kept_value: serde_json::Value,
    pub lost_value: serde_json::Value,
    pub kept_hlc: String,
    pub lost_hlc: String,
    pub at: i64,
}
