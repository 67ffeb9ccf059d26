//! Reading outgoing documents.

use super::record::{COLUMNS, OutgoingDocument, OutgoingEvent};
use crate::{LocalError, Result};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use vanthu_core::outgoing::OutgoingStatus;

/// Finds an outgoing document by id or by its symbol (newest year first), e.g. `01/BC-UBND`.
pub fn resolve_outgoing_ref(conn: &Connection, reference: &str) -> Result<String> {
    let r = reference.trim();
    // Two indexed look-ups rather than one `id = ? OR symbol = ?`, which SQLite answers
    // with a full scan.
    let by_id: Option<String> = conn
        .prepare_cached("SELECT id FROM outgoing_documents WHERE id = ?1")?
        .query_row([r], |row| row.get(0))
        .optional()?;
    if let Some(id) = by_id {
        return Ok(id);
    }
    conn.prepare_cached(
        "SELECT id FROM outgoing_documents WHERE symbol = ?1 ORDER BY year DESC LIMIT 1",
    )?
    .query_row([r], |row| row.get(0))
    .optional()?
    .ok_or_else(|| LocalError::NotFound {
        what: "văn bản đi",
        key: r.to_string(),
    })
}

/// One document by id.
pub fn get_outgoing(conn: &Connection, id: &str) -> Result<OutgoingDocument> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM outgoing_documents WHERE id = ?1"
    ))?
    .query_row([id], OutgoingDocument::from_row)
    .optional()?
    .ok_or_else(|| LocalError::NotFound {
        what: "văn bản đi",
        key: id.to_string(),
    })
}

/// Its history, oldest first.
pub fn outgoing_history(conn: &Connection, id: &str) -> Result<Vec<OutgoingEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, document_id, at, actor, action, from_status, to_status, note, data_json
         FROM outgoing_events WHERE document_id = ?1 ORDER BY at, rowid",
    )?;
    let rows = stmt.query_map([id], OutgoingEvent::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Filters for the outgoing list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OutgoingFilter {
    pub year: Option<i32>,
    pub status: Option<OutgoingStatus>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// Outgoing documents, issued ones by number (newest first), then drafts by creation.
pub fn list_outgoing(conn: &Connection, filter: &OutgoingFilter) -> Result<Vec<OutgoingDocument>> {
    let mut clauses = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    if let Some(y) = filter.year {
        clauses.push("year = ?");
        params.push(Value::Integer(y.into()));
    }
    if let Some(s) = filter.status {
        clauses.push("status = ?");
        params.push(Value::Text(s.code().into()));
    }
    let where_sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM outgoing_documents {where_sql}
         ORDER BY year DESC NULLS FIRST, number DESC, created_at DESC LIMIT {} OFFSET {}",
        filter.limit.unwrap_or(50).clamp(1, 1000),
        filter.offset.unwrap_or(0)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        rusqlite::params_from_iter(params),
        OutgoingDocument::from_row,
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}
