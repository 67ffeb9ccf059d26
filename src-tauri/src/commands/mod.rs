//! Tauri commands: each takes the state, calls one use case of `vanthu-local` on a blocking
//! thread and maps its error to `{code, message}`. No domain logic lives here.

pub mod app;
pub mod backup;
pub mod incoming;
pub mod indicators;
pub mod meetings;
pub mod outgoing;
pub mod reports;
pub mod settings;
pub mod sync;
pub mod tasks;
