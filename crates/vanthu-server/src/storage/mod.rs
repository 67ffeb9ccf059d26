//! The server's storage behind one trait, with an embedded SQLite implementation (the default:
//! one file, nothing to install) and a PostgreSQL one (production); both pass the same test
//! suite (`tests/storage_*.rs`). [`faulty::Faulty`] wraps either to inject "database locked" and
//! "disk full" for the fault-injection harness.
//!
//! The sync guarantees live in [`Storage::push`]: in ONE transaction it checks the device's
//! high-water mark, applies every change above it (merged per field, see [`crate::merge`]),
//! appends them to the unit's ordered log and stores the new mark. The merge planning is shared
//! ([`plan_push`]); the backends only load and write.

mod checkpoint;
pub mod faulty;
pub mod postgres;
pub mod sqlite;

use crate::error::ServerError;
use crate::merge::{self, RecordState};
use async_trait::async_trait;
use serde::Serialize;
use std::collections::HashMap;
use vanthu_protocol::audit::{AuditPushRequest, AuditRow, GENESIS};
use vanthu_protocol::{Change, Op, PullResponse, PushRequest, ReportReview, UnitInfo, entity};

pub type Result<T, E = ServerError> = std::result::Result<T, E>;

/// A unit as the province registered it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unit {
    pub id: String,
    pub code: String,
    pub name: String,
    pub organisation: String,
    pub numbering_style: String,
    pub created_at: i64,
}

impl Unit {
    pub fn info(&self) -> UnitInfo {
        UnitInfo {
            id: self.id.clone(),
            code: self.code.clone(),
            name: self.name.clone(),
            organisation: self.organisation.clone(),
            numbering_style: self.numbering_style.clone(),
        }
    }
}

/// An enrolled device.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Device {
    pub id: String,
    pub unit_id: String,
    pub name: String,
    #[serde(skip)]
    pub token_hash: String,
    /// Last applied outbox seq of this device.
    pub high_water: i64,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    pub last_push_at: Option<i64>,
    pub last_pull_at: Option<i64>,
}

/// A device about to be created by an enrolment.
#[derive(Debug, Clone)]
pub struct NewDevice {
    pub id: String,
    pub name: String,
    pub token_hash: String,
    pub high_water: i64,
}

/// Why an enrolment code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeProblem {
    Unknown,
    Used,
    Expired,
}

/// What a push did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushOutcome {
    /// Everything up to `acked` is applied; `applied` of this batch were new.
    Applied { acked: i64, applied: u32 },
    /// The batch continues from a seq the server never received: send from `expected`.
    Gap { expected: i64 },
}

/// An attachment's upload state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    pub sha256: String,
    pub size: i64,
    pub received: i64,
    pub complete: bool,
}

/// A province staff account.
#[derive(Debug, Clone)]
pub struct Staff {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
}

/// The last sync activity of a unit (for the dashboard).
#[derive(Debug, Clone, Default, Serialize)]
pub struct UnitActivity {
    pub devices: i64,
    pub last_push_at: Option<i64>,
    pub last_pull_at: Option<i64>,
}

#[async_trait]
pub trait Storage: Send + Sync + 'static {
    /// Which backend (for logs and the dashboard footer).
    fn backend(&self) -> &'static str;

    // Units and devices.
    async fn create_unit(&self, unit: &Unit) -> Result<()>;
    async fn units(&self) -> Result<Vec<Unit>>;
    async fn unit(&self, id_or_code: &str) -> Result<Option<Unit>>;
    async fn add_enrol_code(
        &self,
        unit_id: &str,
        code_hash: &str,
        expires_at: i64,
        now: i64,
    ) -> Result<()>;
    /// Consumes the code and creates the device atomically: a code works once.
    async fn enrol(
        &self,
        code_hash: &str,
        device: &NewDevice,
        now: i64,
    ) -> Result<std::result::Result<Unit, CodeProblem>>;
    async fn device(&self, id: &str) -> Result<Option<Device>>;
    async fn devices(&self, unit_id: Option<&str>) -> Result<Vec<Device>>;
    async fn revoke_device(&self, id: &str, now: i64) -> Result<bool>;
    async fn unit_activity(&self, unit_id: &str) -> Result<UnitActivity>;

    // Sync.
    async fn push(&self, device: &Device, req: &PushRequest, now: i64) -> Result<PushOutcome>;
    /// The unit's log after `after`, without the device's own changes (unless the merge changed
    /// them). An upsert carries the record's current merged state, not the state at the time of
    /// that change: a device that skips its own later change must not be handed an older value.
    async fn pull(&self, device: &Device, after: i64, limit: u32, now: i64)
    -> Result<PullResponse>;
    /// Appends a province-owned record to the log of each of `unit_ids` (documents sent down),
    /// or of every unit (`None`: holidays, deadline rules, templates — units created later get
    /// them too).
    // One argument per column of the publication log; a struct would only be unpacked again.
    #[allow(clippy::too_many_arguments)]
    async fn publish(
        &self,
        unit_ids: Option<&[String]>,
        entity: &str,
        entity_id: &str,
        op: Op,
        payload: &str,
        blobs: &[String],
        now: i64,
    ) -> Result<()>;
    /// Current province-wide records of one entity (e.g. the published holiday decisions), JSON.
    async fn province_records(&self, entity: &str) -> Result<Vec<String>>;
    /// Current records of one entity of a unit (the dashboard's registers), JSON.
    async fn records(&self, unit_id: &str, entity: &str) -> Result<Vec<String>>;
    /// Every log entry of a unit in order: (cursor, change_id, origin device, origin seq,
    /// entity). For audits and the fault-injection harness.
    async fn log(&self, unit_id: &str) -> Result<Vec<LogRow>>;

    // The audit trail each device uploads (hash-chained rows, checked on the way in).
    /// The device's last stored audit row: (seq, hash), `(0, GENESIS)` when none.
    async fn audit_head(&self, device_id: &str) -> Result<(i64, String)>;
    /// Stores the rows of `req` that continue the device's chain, in one transaction, after
    /// [`plan_audit`] checked them against the stored head. Replayed rows are no-ops.
    async fn push_audit(
        &self,
        device: &Device,
        req: &AuditPushRequest,
        now: i64,
    ) -> Result<AuditOutcome>;
    /// The unit's audit rows, per device in chain order, optionally only the newest `limit` of
    /// each device (`None`: all, for verification).
    async fn audit_rows(&self, unit_id: &str, limit: Option<u32>) -> Result<Vec<StoredAuditRow>>;

    // Periodic reports (the submissions are the unit's `report_submission` records).
    /// Stores the province's review of one of the unit's report submissions and appends it to
    /// the unit's log (entity `report_review`), in one transaction. `Ok(false)`: a review with
    /// this id is already stored (a replay; nothing written). `NotFound` when the unit has no
    /// such submission.
    async fn add_report_review(
        &self,
        unit_id: &str,
        review: &ReportReview,
        now: i64,
    ) -> Result<bool>;
    /// Every review of the unit's reports, oldest first.
    async fn report_reviews(&self, unit_id: &str) -> Result<Vec<ReportReview>>;

    // Attachments.
    async fn blob(&self, sha256: &str) -> Result<Option<Blob>>;
    async fn blob_referenced(&self, unit_id: &str, sha256: &str) -> Result<bool>;
    /// Appends bytes at `offset` (must equal what was received). On the last byte the content
    /// is checked against its hash: a mismatch discards it.
    async fn blob_append(
        &self,
        sha256: &str,
        size: i64,
        offset: i64,
        data: &[u8],
        now: i64,
    ) -> Result<Blob>;
    async fn blob_read(&self, sha256: &str, offset: i64, len: i64) -> Result<Vec<u8>>;
    async fn missing_blobs(&self, unit_id: &str) -> Result<Vec<String>>;

    // Province staff.
    async fn create_staff(&self, staff: &Staff, now: i64) -> Result<()>;
    async fn staff(&self, username: &str) -> Result<Option<Staff>>;
    async fn create_session(&self, token_hash: &str, username: &str, expires_at: i64)
    -> Result<()>;
    async fn session(&self, token_hash: &str, now: i64) -> Result<Option<String>>;
    async fn delete_session(&self, token_hash: &str) -> Result<()>;
}

/// What an audit upload did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditOutcome {
    Stored {
        acked: i64,
        applied: u32,
    },
    /// The upload continues from a row the server never received: send from `expected`.
    Gap {
        expected: i64,
    },
}

/// An audit row as the province stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredAuditRow {
    pub device_id: String,
    pub row: AuditRow,
    pub received_at: i64,
}

/// The rows of an audit upload to store, given the device's stored head `(seq, hash)`.
/// A replayed row must be the one already stored (same hash at the head), or the laptop's
/// trail was rewritten after it was uploaded; the new rows must continue the chain.
pub fn plan_audit<'a>(
    head: (i64, &str),
    req: &'a AuditPushRequest,
) -> Result<std::result::Result<&'a [AuditRow], i64>> {
    let (head_seq, head_hash) = head;
    if req.after > head_seq {
        return Ok(Err(head_seq + 1));
    }
    if let Some(replayed_head) = req.rows.iter().find(|r| r.seq == head_seq)
        && replayed_head.hash != head_hash
    {
        return Err(ServerError::AuditChainBroken {
            seq: head_seq,
            reason: format!(
                "dòng {head_seq} khác với bản đã gửi tỉnh trước đó (nhật ký trên máy đã bị viết lại)"
            ),
        });
    }
    let new = match req.rows.iter().position(|r| r.seq > head_seq) {
        Some(i) => &req.rows[i..],
        None => &[][..],
    };
    let prev = if head_seq == 0 { GENESIS } else { head_hash };
    vanthu_protocol::audit::check_chain(prev, new).map_err(|b| ServerError::AuditChainBroken {
        seq: b.seq,
        reason: b.reason,
    })?;
    Ok(Ok(new))
}

/// One row of a unit's log as audits see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogRow {
    pub cursor: i64,
    pub change_id: Option<String>,
    pub origin: Option<String>,
    pub origin_seq: Option<i64>,
    pub entity: String,
    pub entity_id: String,
}

/// A log entry to append.
#[derive(Debug, Clone)]
pub struct NewLogEntry {
    pub change_id: Option<String>,
    pub origin: Option<String>,
    pub origin_seq: Option<i64>,
    pub echo: bool,
    pub entity: String,
    pub entity_id: String,
    pub op: Op,
    pub payload: String,
    pub hlc: String,
}

/// Everything one push writes, planned in memory from the records it touches.
#[derive(Debug, Default)]
pub struct PushPlan {
    pub records: Vec<RecordState>,
    pub log: Vec<NewLogEntry>,
    pub blob_refs: Vec<String>,
}

/// The (entity, entity_id) a change addresses on the server: a unit has one profile whatever
/// id each laptop gave it.
pub fn record_key(unit_id: &str, c: &Change) -> (String, String) {
    if c.entity == entity::UNIT_PROFILE {
        (c.entity.clone(), unit_id.to_string())
    } else {
        (c.entity.clone(), c.entity_id.clone())
    }
}

/// Plans the new changes of a push (already filtered to seq > high-water mark and unknown
/// change ids) over `existing` records. Refuses the whole batch if a change addresses another
/// unit's record.
pub fn plan_push(
    unit_id: &str,
    device_id: &str,
    changes: &[&Change],
    mut existing: HashMap<(String, String), RecordState>,
    now: i64,
) -> Result<PushPlan> {
    let mut plan = PushPlan::default();
    let mut touched: Vec<(String, String)> = Vec::new();
    for c in changes {
        let key = record_key(unit_id, c);
        if let Some(r) = existing.get(&key)
            && r.unit_id != unit_id
        {
            return Err(ServerError::ForeignRecord {
                entity: c.entity.clone(),
                id: c.entity_id.clone(),
            });
        }
        let mut change = (*c).clone();
        change.entity_id = key.1.clone();
        let merged = merge::apply(existing.get(&key), unit_id, device_id, &change, now, || {
            uuid::Uuid::now_v7().to_string()
        });
        if c.entity == entity::ATTACHMENT
            && let Ok(serde_json::Value::Object(m)) = serde_json::from_str(&c.payload)
            && let Some(sha) = m.get("sha256").and_then(|v| v.as_str())
            && crate::auth::is_sha256(sha)
        {
            plan.blob_refs.push(sha.to_string());
        }
        plan.log.push(NewLogEntry {
            change_id: Some(c.change_id.clone()),
            origin: Some(device_id.to_string()),
            origin_seq: Some(c.seq),
            echo: merged.echo,
            entity: key.0.clone(),
            entity_id: key.1.clone(),
            op: c.op,
            payload: merged.log_payload,
            hlc: vanthu_protocol::hlc::with_origin(&c.hlc, device_id),
        });
        for conflict in merged.conflicts {
            plan.log.push(NewLogEntry {
                change_id: None,
                origin: None,
                origin_seq: None,
                echo: true,
                entity: entity::SYNC_CONFLICT.into(),
                entity_id: conflict.id.clone(),
                op: Op::Upsert,
                payload: serde_json::to_string(&conflict).expect("conflict serializes"),
                hlc: vanthu_protocol::hlc::format(now, 0),
            });
        }
        if let Some(state) = merged.state {
            if !touched.contains(&key) {
                touched.push(key.clone());
            }
            existing.insert(key, state);
        }
    }
    plan.records = touched
        .into_iter()
        .filter_map(|k| existing.remove(&k))
        .collect();
    Ok(plan)
}

/// The changes of `req` that are new: above the mark (replays are no-ops).
pub fn new_changes(req: &PushRequest, high_water: i64) -> Vec<&Change> {
    req.changes.iter().filter(|c| c.seq > high_water).collect()
}
