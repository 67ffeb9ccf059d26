//! VanThu's local application: the SQLite store on the focal point's laptop and the use cases
//! that the desktop app and the `vanthu` CLI both call.
//!
//! Use cases are plain functions over an open write transaction
//! (`fn register_incoming(tx, ctx, input)`), so a caller can batch several in one transaction
//! and every mutation writes its outbox entries atomically with the data (design §5).

pub mod accounts;
pub mod attachments;
pub mod audit;
pub mod backup;
pub mod calendar;
pub mod clock;
pub mod crypto;
pub mod error;
pub mod export;
pub mod generate;
pub mod import;
pub mod incoming;
pub mod kpi;
mod migrate;
pub mod numbering;
pub mod outbox;
pub mod outgoing;
pub mod paths;
pub mod plan;
pub mod report;
pub mod search;
pub mod signatures;
pub mod store;
pub mod sync;
pub mod unit;

pub use clock::{Clock, Context, FixedClock, SystemClock};
pub use error::LocalError;
pub use store::Store;

/// Result type of the local application.
pub type Result<T, E = LocalError> = std::result::Result<T, E>;
