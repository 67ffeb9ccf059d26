//! Outgoing documents at the boundary.

use super::incoming::AttachmentDto;
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
    /// The document's files (the digitally signed PDF among them) with their signature checks.
    pub attachments: Vec<AttachmentDto>,
}

/// The leader's digital signature on an outgoing document's PDF: with a .p12 file or a USB
/// token (PKCS#11). Secrets travel once, to the command, and are never stored or logged.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DigitalSignForm {
    /// The PDF of the document as it will be issued.
    pub pdf_path: String,
    /// `p12` or `token`.
    pub method: String,
    pub p12_path: Option<String>,
    /// The .p12 password or the token PIN.
    pub secret: String,
    /// The token vendor's PKCS#11 module (.so / .dll).
    pub module: Option<String>,
    pub token_label: Option<String>,
    pub key_label: Option<String>,
    pub reason: Option<String>,
}

/// A token plugged in, for the leader to choose the key from.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TokenDto {
    pub label: String,
    pub maker: String,
    pub certificates: Vec<TokenCertDto>,
}

/// A certificate on a token.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TokenCertDto {
    pub label: String,
    pub subject: Option<String>,
    pub issuer: Option<String>,
    pub not_after: Option<String>,
}

impl From<vanthu_sign::TokenListing> for TokenDto {
    fn from(t: vanthu_sign::TokenListing) -> TokenDto {
        TokenDto {
            label: t.label,
            maker: format!("{} {}", t.manufacturer, t.model).trim().to_string(),
            certificates: t
                .certificates
                .into_iter()
                .map(|c| TokenCertDto {
                    label: c.label,
                    subject: c.subject,
                    issuer: c.issuer,
                    not_after: c.not_after.map(|d| d.chars().take(10).collect()),
                })
                .collect(),
        }
    }
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
