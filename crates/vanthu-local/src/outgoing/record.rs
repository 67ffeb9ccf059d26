//! The stored shape of an outgoing document and its events.

use chrono::NaiveDate;
use rusqlite::Row;
use serde::{Deserialize, Serialize};
use vanthu_core::doc_type::DocumentType;
use vanthu_core::outgoing::OutgoingStatus;

/// One outgoing document; once issued, a row of the outgoing register (NĐ 30 Phụ lục IV).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutgoingDocument {
    pub id: String,
    pub status: OutgoingStatus,
    pub doc_type: DocumentType,
    /// Trích yếu.
    pub summary: String,
    pub drafter: Option<String>,
    /// Người ký.
    pub signer: Option<String>,
    /// A legal normative document (văn bản QPPL): own series, year in the symbol.
    pub normative: bool,
    pub drafting_unit: Option<String>,
    /// The number series it was numbered in (`regular`, or `qppl-<type>`).
    pub series: Option<String>,
    pub year: Option<i32>,
    pub number: Option<i64>,
    /// Số, ký hiệu, e.g. `01/BC-UBND`.
    pub symbol: Option<String>,
    /// Ngày tháng (of issue).
    pub issued_date: Option<NaiveDate>,
    /// Nơi nhận.
    pub recipients: Vec<String>,
    /// Số lượng bản.
    pub copies: Option<i64>,
    /// Ngày chuyển.
    pub transfer_date: Option<NaiveDate>,
    /// Đơn vị, người nhận bản lưu.
    pub archive_holder: Option<String>,
    /// The incoming document this one answers.
    pub reply_to_incoming_id: Option<String>,
    pub notes: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

pub(crate) const COLUMNS: &str = "id, status, doc_type, summary, drafter, signer, normative,
    drafting_unit, series, year, number, symbol, issued_date, recipients, copies, transfer_date,
    archive_holder, reply_to_incoming_id, notes, created_at, updated_at, version";

fn enum_col<T: serde::de::DeserializeOwned>(row: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let s: String = row.get(i)?;
    serde_json::from_value(serde_json::Value::String(s)).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

impl OutgoingDocument {
    pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<OutgoingDocument> {
        let recipients: Option<String> = r.get(13)?;
        Ok(OutgoingDocument {
            id: r.get(0)?,
            status: enum_col(r, 1)?,
            doc_type: enum_col(r, 2)?,
            summary: r.get(3)?,
            drafter: r.get(4)?,
            signer: r.get(5)?,
            normative: r.get(6)?,
            drafting_unit: r.get(7)?,
            series: r.get(8)?,
            year: r.get(9)?,
            number: r.get(10)?,
            symbol: r.get(11)?,
            issued_date: r.get(12)?,
            recipients: recipients
                .map(|s| serde_json::from_str(&s).unwrap_or_default())
                .unwrap_or_default(),
            copies: r.get(14)?,
            transfer_date: r.get(15)?,
            archive_holder: r.get(16)?,
            reply_to_incoming_id: r.get(17)?,
            notes: r.get(18)?,
            created_at: r.get(19)?,
            updated_at: r.get(20)?,
            version: r.get(21)?,
        })
    }
}

/// One appended step of an outgoing document's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutgoingEvent {
    pub id: String,
    pub document_id: String,
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub from_status: Option<OutgoingStatus>,
    pub to_status: OutgoingStatus,
    pub note: Option<String>,
    pub data: serde_json::Value,
}

impl OutgoingEvent {
    pub(crate) fn insert(&self, tx: &rusqlite::Transaction<'_>) -> crate::Result<()> {
        crate::store::exec(
            tx,
            "INSERT INTO outgoing_events (id, document_id, at, actor, action, from_status,
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

    pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<OutgoingEvent> {
        let from: Option<String> = r.get(5)?;
        let data: String = r.get(8)?;
        Ok(OutgoingEvent {
            id: r.get(0)?,
            document_id: r.get(1)?,
            at: r.get(2)?,
            actor: r.get(3)?,
            action: r.get(4)?,
            from_status: from.and_then(|s| OutgoingStatus::parse(&s).ok()),
            to_status: enum_col(r, 6)?,
            note: r.get(7)?,
            data: serde_json::from_str(&data).unwrap_or(serde_json::Value::Null),
        })
    }
}
