//! VanThu's domain core: the rules of Vietnamese clerical work (Nghị định 30/2020) as pure code.
//!
//! Nothing here touches a file, a database, the network or the wall clock: callers pass in dates
//! and instants. That keeps every rule testable on its own and lets the desktop app, the CLI and
//! the provincial server share one definition of a document, a number, a deadline and a KPI.

pub mod authz;
pub mod calendar;
pub mod collate;
pub mod doc_type;
pub mod error;
pub mod incoming;
pub mod kpi;
pub mod legacy_encoding;
pub mod marks;
pub mod outgoing;
pub mod plan;
pub mod report_template;
pub mod syllable;
pub mod symbol;
pub mod text;
pub mod time;

pub use error::CoreError;
