//! The stored shape of an incoming document and its events.

use chrono::NaiveDate;
use rusqlite::Row;
use serde::{Deserialize, Serialize};
use vanthu_core::doc_type::DocumentType;
use vanthu_core::incoming::IncomingStatus;
use vanthu_core::marks::Urgency;

/// One row of the incoming register with its follow-up columns (NĐ 30 Phụ lục IV).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncomingDocument {
    pub id: String,
    /// Year of the số đến series (the arrival date's year in Vietnam time).
    pub year: i32,
    /// Số đến.
    pub arrival_no: i64,
    /// Ngày đến.
    pub arrival_date: NaiveDate,
    pub arrived_at: i64,
    /// Tác giả: the issuing agency.
    pub issuer: String,
    /// Số, ký hiệu as written on the document.
    pub symbol: String,
    pub symbol_number: Option<i64>,
    pub symbol_year: Option<i32>,
    pub symbol_type: Option<String>,
    pub symbol_issuer: Option<String>,
    /// Ngày tháng of the document.
    pub doc_date: NaiveDate,
    pub doc_type: DocumentType,
    /// Trích yếu nội dung.
    pub summary: String,
    pub urgency: Urgency,
    /// Đơn vị hoặc người nhận.
    pub recipient: Option<String>,
    /// Ngày chuyển.
    pub transfer_date: Option<NaiveDate>,
    pub signer: Option<String>,
    /// Ký nhận.
    pub receipt_signature: Option<String>,
    /// Ghi chú.
    pub notes: Option<String>,
    pub status: IncomingStatus,
    pub assignee: Option<String>,
    pub instructions: Option<String>,
    /// Thời hạn giải quyết (effective, after extensions).
    pub deadline: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    pub result: Option<String>,
    pub reply_outgoing_id: Option<String>,
    pub last_update_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
    /// The group of work (nhóm việc) that selects the default time limit.
    pub category: String,
}

/// Columns in the order [`IncomingDocument::from_row`] reads them.
pub(crate) const COLUMNS: &str = "id, year, arrival_no, arrival_date, arrived_at, issuer, symbol,
    sym_number, sym_year, sym_type, sym_issuer, doc_date, doc_type, summary, urgency, recipient,
    transfer_date, signer, receipt_signature, notes, status, assignee, instructions, deadline,
    completed_on, result, reply_outgoing_id, last_update_at, created_at, updated_at, version, category";

fn enum_col<T: serde::de::DeserializeOwned>(row: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let s: String = row.get(i)?;
    serde_json::from_value(serde_json::Value::String(s)).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

impl IncomingDocument {
    pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<IncomingDocument> {
        Ok(IncomingDocument {
            id: r.get(0)?,
            year: r.get(1)?,
            arrival_no: r.get(2)?,
            arrival_date: r.get(3)?,
            arrived_at: r.get(4)?,
            issuer: r.get(5)?,
            symbol: r.get(6)?,
            symbol_number: r.get(7)?,
            symbol_year: r.get(8)?,
            symbol_type: r.get(9)?,
            symbol_issuer: r.get(10)?,
            doc_date: r.get(11)?,
            doc_type: enum_col(r, 12)?,
            summary: r.get(13)?,
            urgency: enum_col(r, 14)?,
            recipient: r.get(15)?,
            transfer_date: r.get(16)?,
            signer: r.get(17)?,
            receipt_signature: r.get(18)?,
            notes: r.get(19)?,
            status: enum_col(r, 20)?,
            assignee: r.get(21)?,
            instructions: r.get(22)?,
            deadline: r.get(23)?,
            completed_on: r.get(24)?,
            result: r.get(25)?,
            reply_outgoing_id: r.get(26)?,
            last_update_at: r.get(27)?,
            created_at: r.get(28)?,
            updated_at: r.get(29)?,
            version: r.get(30)?,
            category: r.get(31)?,
        })
    }

    /// The register's "số đến" as people write it: `5/2026`.
    pub fn arrival_ref(&self) -> String {
        format!("{}/{}", self.arrival_no, self.year)
    }
}

/// One appended step of the document's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncomingEvent {
    pub id: String,
    pub document_id: String,
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub from_status: Option<IncomingStatus>,
    pub to_status: IncomingStatus,
    pub note: Option<String>,
    pub data: serde_json::Value,
}

impl IncomingEvent {
    pub(crate) fn insert(&self, tx: &rusqlite::Transaction<'_>) -> crate::Result<()> {
        crate::store::exec(
            tx,
            "INSERT INTO incoming_events (id, document_id, at, actor, action, from_status,
                 to_status, note, data_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            rusqlite::params![
                self.id,
                self.document_id,
                self.at,
                self.actor,
                self.action,
                self.from_status.map(|s| s.code()),
                self.to_status.code(),
                self.note,
                self.data.to_string(),
            ],
        )?;
        Ok(())
    }

    pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<IncomingEvent> {
        let from: Option<String> = r.get(5)?;
        let data: String = r.get(8)?;
        Ok(IncomingEvent {
            id: r.get(0)?,
            document_id: r.get(1)?,
            at: r.get(2)?,
            actor: r.get(3)?,
            action: r.get(4)?,
            from_status: from.and_then(|s| IncomingStatus::parse(&s).ok()),
            to_status: enum_col(r, 6)?,
            note: r.get(7)?,
            data: serde_json::from_str(&data).unwrap_or(serde_json::Value::Null),
        })
    }
}
