//! Outgoing documents at the boundary.

use super::{DocLink, EventDto, iso_opt};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use vanthu_core::outgoing::{OutgoingAction, OutgoingStatus, next_status};
use vanthu_local::outgoing::{OutgoingDocument, OutgoingEvent};

/// One line of the outgoing list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OutgoingRow {
    pub id: String,
    pub status: String,
    pub status_label: String,
    pub doc_type: String,
    pub doc_type_name: String,
    pub summary: String,
    /// Số, ký hiệu once issued (`01/BC-UBND`).
    pub symbol: Option<String>,
    pub issued_date: Option<String>,
    pub drafter: Option<String>,
    pub signer: Option<String>,
    pub recipients: Vec<String>,
}

impl From<&OutgoingDocument> for OutgoingRow {
    fn from(d: &OutgoingDocument) -> OutgoingRow {
        OutgoingRow {
            id: d.id.clone(),
            status: d.status.code().into(),
            status_label: d.status.label_vi().into(),
            doc_type: d.doc_type.code(),
            doc_type_name: d.doc_type.name_vi().into(),
            summary: d.summary.clone(),
            symbol: d.symbol.clone(),
            issued_date: iso_opt(d.issued_date),
            drafter: d.drafter.clone(),
            signer: d.signer.clone(),
            recipients: d.recipients.clone(),
        }
    }
}

/// What the outgoing screen asks for.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct OutgoingQuery {
    pub q: Option<String>,
    pub status: Option<String>,
    pub year: Option<i32>,
    pub offset: Option<u32>,
    pub limit: Option<u32>,
}

/// A page of outgoing documents.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct OutgoingPageDto {
    pub items: Vec<OutgoingRow>,
    pub offset: u32,
    pub limit: u32,
    pub has_more: bool,
}

/// A new draft.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct OutgoingForm {
    pub doc_type: String,
    pub summary: String,
    pub signer: Option<String>,
    pub drafter: Option<String>,
    /// The incoming document it answers: id or `số đến/năm`.
    pub reply_to: Option<String>,
    pub notes: Option<String>,
    pub normative: bool,
    pub drafting_unit: Option<String>,
}

/// One step of the approval flow.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct StepForm {
    /// submit | approve | return | sign | issue | send
    pub action: String,
    pub note: Option<String>,
    pub signer: Option<String>,
    pub issued_date: Option<String>,
    pub recipients: Vec<String>,
    pub copies: Option<i32>,
    pub transfer_date: Option<String>,
    pub archive_holder: Option<String>,
}

/// The outgoing detail view.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct OutgoingDetail {
    pub row: OutgoingRow,
    pub normative: bool,
    pub drafting_unit: Option<String>,
    pub copies: Option<i32>,
    pub transfer_date: Option<String>,
    pub archive_holder: Option<String>,
    pub notes: Option<String>,
    pub reply_to: Option<DocLink>,
    pub history: Vec<EventDto>,
    pub actions: Vec<String>,
}

impl From<OutgoingEvent> for EventDto {
    fn from(e: OutgoingEvent) -> EventDto {
        EventDto {
            at: e.at,
            actor: e.actor,
            action: e.action,
            from_status: e.from_status.map(|s| s.code().to_string()),
            to_status: e.to_status.code().into(),
            to_status_label: e.to_status.label_vi().into(),
            note: e.note,
        }
    }
}

/// The steps the core allows from `status`.
pub fn allowed_actions(status: OutgoingStatus) -> Vec<String> {
    [
        OutgoingAction::Submit,
        OutgoingAction::Approve,
        OutgoingAction::Return,
        OutgoingAction::Sign,
        OutgoingAction::Issue,
        OutgoingAction::Send,
    ]
    .into_iter()
    .filter(|a| next_status(status, *a).is_ok())
    .map(|a| a.code().to_string())
    .collect()
}
