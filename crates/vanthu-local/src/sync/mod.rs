//! The local side of sync with the provincial server (design §5): the device's enrolment and
//! cursors, batches of captured changes to push and their acknowledgement, applying pulled
//! changes with the cursor in one transaction, the conflict log, per-record sync state and the
//! inbox of documents the province sent down.
//!
//! Network I/O lives in `vanthu-sync`; everything here is a plain function over the store so the
//! guarantees are testable without a server: a change acknowledged by the server is trimmed in
//! the same transaction that records the acknowledgement, and a pulled page is applied in the
//! same transaction that stores the cursor. Killing the process at any point therefore leaves
//! either the old or the new state, and the server's replay rules do the rest.

pub mod apply;
pub mod conflict_log;
pub mod device;
pub mod inbox;
pub mod push;
mod records;
mod renumber;
pub mod status;

pub use apply::{ApplyReport, apply_pulled};
pub use conflict_log::{
    ConflictSide, ConflictView, acknowledge_conflicts, conflict_log, unseen_conflicts,
};
pub use device::{Enrolment, SyncDevice, device, forget_device, save_enrolment};
pub use inbox::{InboxItem, list_inbox, register_from_inbox};
pub use push::{acknowledge, pending_batch};
pub use status::{
    ConflictEntry, LocalSyncStatus, RecordSyncState, conflicts, local_status, missing_blobs,
    record_state, record_states,
};

use crate::LocalError;

/// The error for a store that was never enrolled.
pub(crate) fn not_enrolled() -> LocalError {
    LocalError::Sync {
        code: "not_enrolled",
        message: "Máy này chưa đăng ký đồng bộ với tỉnh. Hãy nhập mã đăng ký do tỉnh cấp (vanthu sync enrol MÃ --server ĐỊA_CHỈ).".into(),
    }
}
