//! Reading the incoming register: one document, its history, filtered pages.

use super::record::{COLUMNS, IncomingDocument, IncomingEvent};
use crate::{LocalError, Result};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use vanthu_core::doc_type::DocumentType;
use vanthu_core::incoming::IncomingStatus;
use vanthu_core::marks::Urgency;

/// Finds a document's id from what a person types: the id, or the register's `số đến/năm`
/// (e.g. `5/2026`).
pub fn resolve_ref(conn: &Connection, reference: &str) -> Result<String> {
    let r = reference.trim();
    let not_found = || LocalError::NotFound {
        what: "văn bản đến",
        key: r.to_string(),
    };
    if let Some((no, year)) = r.split_once('/')
        && let (Ok(no), Ok(year)) = (no.trim().parse::<i64>(), year.trim().parse::<i32>())
    {
        return conn
            .prepare_cached(
                "SELECT id FROM incoming_documents WHERE year = ?1 AND arrival_no = ?2",
            )?
            .query_row(rusqlite::params![year, no], |row| row.get(0))
            .optional()?
            .ok_or_else(not_found);
    }
    conn.query_row(
        "SELECT id FROM incoming_documents WHERE id = ?1",
        [r],
        |row| row.get(0),
    )
    .optional()?
    .ok_or_else(not_found)
}

/// One document by id.
pub fn get_incoming(conn: &Connection, id: &str) -> Result<IncomingDocument> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM incoming_documents WHERE id = ?1"
    ))?
    .query_row([id], IncomingDocument::from_row)
    .optional()?
    .ok_or_else(|| LocalError::NotFound {
        what: "văn bản đến",
        key: id.to_string(),
    })
}

/// The document's full history, oldest first.
pub fn history(conn: &Connection, id: &str) -> Result<Vec<IncomingEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, document_id, at, actor, action, from_status, to_status, note, data_json
         FROM incoming_events WHERE document_id = ?1 ORDER BY at, rowid",
    )?;
    let rows = stmt.query_map([id], IncomingEvent::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Filters for a register page. Every field narrows; `None` means "any".
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IncomingFilter {
    pub year: Option<i32>,
    pub status: Option<IncomingStatus>,
    pub urgency: Option<Urgency>,
    pub doc_type: Option<DocumentType>,
    pub assignee: Option<String>,
    /// Only documents still open whose deadline is before this date.
    pub overdue_on: Option<NaiveDate>,
    /// Only documents still open whose deadline lies in this range (inclusive): "due soon" is
    /// today up to the date the unit's threshold of working days reaches.
    pub due_between: Option<(NaiveDate, NaiveDate)>,
    pub arrival_from: Option<NaiveDate>,
    pub arrival_to: Option<NaiveDate>,
    /// Page size (default 50, at most 1000).
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// A page of the register, newest số đến first.
#[derive(Debug, Clone, Serialize)]
pub struct IncomingPage {
    pub items: Vec<IncomingDocument>,
    pub offset: u32,
    pub limit: u32,
    /// Whether another page follows (found by reading one row more, which avoids counting a
    /// million rows for every page).
    pub has_more: bool,
}

/// One filtered page of the incoming register.
pub fn list_incoming(conn: &Connection, filter: &IncomingFilter) -> Result<IncomingPage> {
    let mut clauses: Vec<&str> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    let mut push = |clause: &'static str, v: Value| {
        clauses.push(clause);
        params.push(v);
    };
    if let Some(y) = filter.year {
        push("year = ?", Value::Integer(y.into()));
    }
    if let Some(s) = filter.status {
        push("status = ?", Value::Text(s.code().into()));
    }
    if let Some(u) = filter.urgency {
        push("urgency = ?", Value::Text(u.code().into()));
    }
    if let Some(t) = filter.doc_type {
        push("doc_type = ?", Value::Text(t.code()));
    }
    if let Some(a) = &filter.assignee {
        push(
            "assignee = ?",
            Value::Text(vanthu_core::text::normalize_line("người xử lý", a)?),
        );
    }
    if let Some(d) = filter.overdue_on {
        push(
            "status IN ('assigned', 'in_progress', 'registered', 'submitted') AND deadline < ?",
            Value::Text(d.to_string()),
        );
    }
    if let Some((from, to)) = filter.due_between {
        push(
            "status IN ('assigned', 'in_progress', 'registered', 'submitted') AND deadline >= ?",
            Value::Text(from.to_string()),
        );
        push("deadline <= ?", Value::Text(to.to_string()));
    }
    if let Some(d) = filter.arrival_from {
        push("arrival_date >= ?", Value::Text(d.to_string()));
    }
    if let Some(d) = filter.arrival_to {
        push("arrival_date <= ?", Value::Text(d.to_string()));
    }
    let limit = filter.limit.unwrap_or(50).clamp(1, 1000);
    let offset = filter.offset.unwrap_or(0);
    let where_sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM incoming_documents {where_sql}
         ORDER BY year DESC, arrival_no DESC LIMIT {} OFFSET {offset}",
        limit + 1
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut items: Vec<IncomingDocument> = stmt
        .query_map(
            rusqlite::params_from_iter(params),
            IncomingDocument::from_row,
        )?
        .collect::<Result<_, _>>()?;
    let has_more = items.len() > limit as usize;
    items.truncate(limit as usize);
    Ok(IncomingPage {
        items,
        offset,
        limit,
        has_more,
    })
}
