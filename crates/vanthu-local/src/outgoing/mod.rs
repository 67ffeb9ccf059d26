//! Outgoing documents (văn bản đi): drafting, approval, signing, numbering at issue, sending.

mod lifecycle;
mod query;
mod record;

pub use lifecycle::{OutgoingInput, StepInput, create_outgoing, step_outgoing};
pub use query::{
    OutgoingFilter, get_outgoing, list_outgoing, outgoing_history, resolve_outgoing_ref,
};
pub(crate) use record::COLUMNS;
pub use record::{OutgoingDocument, OutgoingEvent};
