//! Sync as seen on each record and in the conflict log: the badge on a document's detail view
//! and the register's mark (per-record state), and "Xung đột đã giải quyết" on the Đồng bộ
//! screen. The wording of the badge is the UI's (it formats dates); the conflict's sentences
//! come from `vanthu_local::sync::conflict_log`, so the CLI could say the same.

use serde::Serialize;
use ts_rs::TS;
use vanthu_local::sync::{ConflictSide, ConflictView, RecordSyncState};

/// Where one record stands in sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RecordSyncDto {
    pub id: String,
    /// `local` (this laptop is not enrolled), `pending` (changed here, not yet sent),
    /// `synced` (the province has it).
    pub state: String,
    /// Pending: when the oldest unsent change was made.
    #[ts(type = "number | null")]
    pub since: Option<i64>,
    /// Pending: how many changes of the record wait.
    #[ts(type = "number")]
    pub changes: i64,
    /// Synced: when it was last acknowledged or received.
    #[ts(type = "number | null")]
    pub synced_at: Option<i64>,
    /// Synced: conflicts resolved on this record (in the conflict log).
    #[ts(type = "number")]
    pub conflicts: i64,
}

impl RecordSyncDto {
    pub fn new(id: String, s: RecordSyncState) -> RecordSyncDto {
        let mut dto = RecordSyncDto {
            id,
            state: String::new(),
            since: None,
            changes: 0,
            synced_at: None,
            conflicts: 0,
        };
        match s {
            RecordSyncState::Local => dto.state = "local".into(),
            RecordSyncState::Pending { since, changes } => {
                dto.state = "pending".into();
                dto.since = Some(since);
                dto.changes = changes;
            }
            RecordSyncState::Synced { at, conflicts } => {
                dto.state = "synced".into();
                dto.synced_at = at;
                dto.conflicts = conflicts;
            }
        }
        dto
    }
}

/// One side of a conflict: the value and whose change it was.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ConflictSideDto {
    pub value: String,
    #[ts(type = "number | null")]
    pub at: Option<i64>,
    /// "máy này" / "máy khác của đơn vị".
    pub device: Option<String>,
    pub this_device: bool,
    pub person: Option<String>,
}

impl From<ConflictSide> for ConflictSideDto {
    fn from(s: ConflictSide) -> ConflictSideDto {
        ConflictSideDto {
            value: s.value,
            at: s.at,
            device: s.device,
            this_device: s.this_device,
            person: s.person,
        }
    }
}

/// One resolved conflict.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ConflictDto {
    pub id: String,
    /// `incoming_document`, `outgoing_document`, … (the UI links the first two).
    pub entity: String,
    pub entity_id: String,
    pub record_label: String,
    pub field: String,
    pub field_label: String,
    pub kept: ConflictSideDto,
    pub lost: ConflictSideDto,
    /// How it was resolved, in plain Vietnamese.
    pub resolution: String,
    #[ts(type = "number")]
    pub at: i64,
    /// Acknowledged here ("Đã xem"); null: new.
    #[ts(type = "number | null")]
    pub seen_at: Option<i64>,
}

impl From<ConflictView> for ConflictDto {
    fn from(c: ConflictView) -> ConflictDto {
        ConflictDto {
            id: c.id,
            entity: c.entity,
            entity_id: c.entity_id,
            record_label: c.record_label,
            field: c.field,
            field_label: c.field_label,
            kept: c.kept.into(),
            lost: c.lost.into(),
            resolution: c.resolution,
            at: c.at,
            seen_at: c.seen_at,
        }
    }
}

/// The conflict log, newest first, with how many are new.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ConflictLogDto {
    pub entries: Vec<ConflictDto>,
    #[ts(type = "number")]
    pub unseen: i64,
}
