//! The incoming register (sổ đăng ký văn bản đến) and its follow-up workflow.

mod query;
mod record;
mod register;
mod workflow;

pub use query::{IncomingFilter, IncomingPage, get_incoming, history, list_incoming, resolve_ref};
pub(crate) use record::COLUMNS;
pub use record::{IncomingDocument, IncomingEvent};
pub use register::{IncomingInput, Registered, register_incoming};
pub use workflow::{TransitionInput, transition_incoming};
