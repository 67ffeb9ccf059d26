//! Tauri commands: each takes the state, calls one use case of `vanthu-local` on a blocking
//! thread and maps its error to `{code, message}`. No domain logic lives here.

pub mod accounts;
pub mod app;
pub mod backup;
pub mod backup_status;
pub mod incoming;
pub mod indicators;
pub mod meetings;
pub mod outgoing;
pub mod recovery;
pub mod reports;
pub mod settings;
pub mod signatures;
pub mod sync;
pub mod sync_records;
pub mod tasks;
