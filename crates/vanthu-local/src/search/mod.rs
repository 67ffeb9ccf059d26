//! Full-text search over the registers (FTS5, migration 0003), with the register filters.
//!
//! Order of results: documents that contain every word exactly as typed, diacritics included,
//! come first; then those that match only without diacritics; inside each tier the register's
//! own order, newest first (or the issuing agency in Vietnamese order on request). Relevance
//! scoring (bm25) was measured and dropped: on a register, the common words of a query
//! ("kế hoạch", "chuyển đổi số") hit tens of thousands of documents that score alike, and
//! scoring all of them costs far more than the 10 ms a keystroke may take, while the
//! newest-first order lets FTS5 stop after one page.

mod query;
mod spelling;

pub use query::FtsQuery;

use crate::incoming::{IncomingDocument, IncomingFilter};
use crate::outgoing::{OutgoingDocument, OutgoingFilter};
use crate::{LocalError, Result};
use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use vanthu_core::CoreError;

/// Registers the SQL functions the search triggers call (`vanthu_fold`, `vanthu_search_text`)
/// and the `vi` collation. The store does this on every connection before migrating; any other
/// connection that writes documents must do it too.
pub fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8
        | FunctionFlags::SQLITE_DETERMINISTIC
        | FunctionFlags::SQLITE_INNOCUOUS;
    conn.create_scalar_function("vanthu_fold", 1, flags, |ctx| {
        Ok(ctx
            .get_raw(0)
            .as_str_or_null()?
            .map(vanthu_core::text::fold))
    })?;
    let spelling = spelling::SearchSpelling::default();
    conn.create_scalar_function("vanthu_search_text", 1, flags, move |ctx| {
        Ok(ctx
            .get_raw(0)
            .as_str_or_null()?
            .map(|s| spelling.convert(s)))
    })?;
    conn.create_collation("vi", vanthu_core::collate::compare)
}

/// Queued documents from which a flush raises FTS5's pending-data limit (`hashsize`).
const BULK_FLUSH: i64 = 5_000;

/// FTS5's pending-data limit during a bulk flush. At the default 1 MiB a 100,000-document
/// import wrote about a hundred level-0 segments that FTS5 then merged again and again; at
/// 64 MiB it writes a handful (memory is only used while the flush runs).
const BULK_HASHSIZE: i64 = 64 * 1024 * 1024;

/// FTS5's own default, put back after a bulk flush.
const DEFAULT_HASHSIZE: i64 = 1024 * 1024;

/// Indexes the documents the triggers queued (migration 0003) and empties the queue, in a few
/// statements whatever the number of documents: FTS5 then writes one index segment, not one per
/// document. The store runs this before every write transaction commits and when it opens.
///
/// The documents go in in rowid order: FTS5 flushes its pending terms to a new segment whenever
/// a rowid is not larger than the previous one, so a queue read in id order (random UUIDs) made
/// one tiny segment per document; sorted, a 100,000-row import is indexed several times faster.
pub fn flush_pending(conn: &Connection) -> rusqlite::Result<()> {
    let queued: i64 = conn.query_row("SELECT count(*) FROM search_queue", [], |r| r.get(0))?;
    if queued == 0 {
        return Ok(());
    }
    let bulk = queued >= BULK_FLUSH;
    for kind in ["incoming", "outgoing"] {
        if bulk {
            set_hashsize(conn, kind, BULK_HASHSIZE)?;
        }
        conn.execute(
            &format!(
                "DELETE FROM {kind}_fts WHERE rowid IN
                 (SELECT old_key FROM search_queue WHERE kind = ?1 AND old_key IS NOT NULL)"
            ),
            [kind],
        )?;
        conn.execute(
            &format!(
                "INSERT INTO {kind}_fts (rowid, exact, folded)
                 SELECT key, exact, vanthu_fold(exact) || ' ' || doc_type FROM {kind}_search_text
                 WHERE id IN (SELECT doc_id FROM search_queue WHERE kind = ?1) ORDER BY key"
            ),
            [kind],
        )?;
        if bulk {
            set_hashsize(conn, kind, DEFAULT_HASHSIZE)?;
        }
    }
    conn.execute("DELETE FROM search_queue", [])?;
    Ok(())
}

/// Sets an FTS5 table's pending-data limit (stored in its config table, in this transaction).
fn set_hashsize(conn: &Connection, kind: &str, bytes: i64) -> rusqlite::Result<()> {
    conn.execute(
        &format!("INSERT INTO {kind}_fts ({kind}_fts, rank) VALUES ('hashsize', ?1)"),
        [bytes],
    )?;
    Ok(())
}

/// Outside a transaction, indexes in one transaction anything queued by a connection that
/// wrote without the store's `write` (run before each search and when the store opens; a
/// transaction in progress is left alone).
pub fn index_queued(conn: &Connection) -> Result<()> {
    if conn.is_autocommit() {
        let tx = conn.unchecked_transaction()?;
        flush_pending(&tx)?;
        tx.commit()?;
    }
    Ok(())
}

/// How results are ordered inside each tier.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchSort {
    /// The register's order: newest first.
    #[default]
    Newest,
    /// By issuing agency in Vietnamese alphabetical order, then newest first.
    Issuer,
}

/// One result: the document and whether it matched with diacritics exactly as typed.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit<T> {
    pub document: T,
    pub exact: bool,
}

/// A page of results.
#[derive(Debug, Clone, Serialize)]
pub struct SearchPage<T> {
    pub query: String,
    pub items: Vec<SearchHit<T>>,
    pub offset: u32,
    pub limit: u32,
    pub has_more: bool,
}

/// The parts of one search statement that differ between the registers.
struct Target<'a, T> {
    /// `FROM … WHERE` up to the MATCH placeholder; the document table is `d`.
    from: &'a str,
    /// The document's columns, qualified with `d.`, in the order `map` reads them.
    columns: &'a str,
    map: fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    clauses: Vec<String>,
    params: Vec<Value>,
    order: &'a str,
}

/// `"a, b"` → `"d.a, d.b"` (the registers' column lists are unqualified).
fn qualified(columns: &str) -> String {
    columns
        .split(',')
        .map(|c| format!("d.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl<T> Target<'_, T> {
    fn sql(&self, select: &str, tail: &str) -> String {
        let mut sql = format!("SELECT {select} {} ?", self.from);
        for c in &self.clauses {
            sql.push_str(" AND ");
            sql.push_str(c);
        }
        sql.push(' ');
        sql.push_str(tail);
        sql
    }

    /// One tier's rows of a page, read in the same statement as the match (`self.columns`,
    /// mapped by `self.map`): loading each hit again by id afterwards cost a third of a search.
    fn rows(&self, conn: &Connection, fts: &str, offset: u32, limit: u32) -> Result<Vec<T>> {
        let sql = self.sql(
            self.columns,
            &format!("ORDER BY {} LIMIT ? OFFSET ?", self.order),
        );
        let mut params = vec![Value::Text(fts.to_string())];
        params.extend(self.params.iter().cloned());
        params.push(Value::Integer(limit.into()));
        params.push(Value::Integer(offset.into()));
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), self.map)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn count(&self, conn: &Connection, fts: &str) -> Result<u32> {
        let mut params = vec![Value::Text(fts.to_string())];
        params.extend(self.params.iter().cloned());
        let n: i64 = conn
            .prepare_cached(&self.sql("count(*)", ""))?
            .query_row(rusqlite::params_from_iter(params), |r| r.get(0))?;
        Ok(n as u32)
    }

    /// Runs the two tiers for one page: (document, exact) pairs, one more than `limit` if more
    /// follow.
    fn page(
        &self,
        conn: &Connection,
        q: &FtsQuery,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<(T, bool)>> {
        let want = limit + 1;
        let mut out: Vec<(T, bool)> = Vec::new();
        let mut offset2 = offset;
        if let Some(exact) = &q.exact {
            out.extend(
                self.rows(conn, exact, offset, want)?
                    .into_iter()
                    .map(|d| (d, true)),
            );
            if out.len() as u32 >= want {
                return Ok(out);
            }
            // The exact tier ran out on this page; the folded tier continues where it ended.
            let exact_total = if !out.is_empty() || offset == 0 {
                offset + out.len() as u32
            } else {
                self.count(conn, exact)?
            };
            offset2 = offset.saturating_sub(exact_total);
        }
        let rest = want - out.len() as u32;
        out.extend(
            self.rows(conn, &q.folded_only(), offset2, rest)?
                .into_iter()
                .map(|d| (d, false)),
        );
        Ok(out)
    }
}

fn parse_query(query: &str) -> Result<FtsQuery> {
    FtsQuery::parse(query).ok_or_else(|| {
        LocalError::Core(CoreError::MissingField {
            field: "từ khóa tìm kiếm",
        })
    })
}

/// Searches the incoming register: `query` with or without diacritics, narrowed by `filter`
/// (the same filters as the register list), one page.
pub fn search_incoming(
    conn: &Connection,
    query: &str,
    filter: &IncomingFilter,
    sort: SearchSort,
) -> Result<SearchPage<IncomingDocument>> {
    let q = parse_query(query)?;
    index_queued(conn)?;
    let mut clauses: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    let mut push = |clause: &str, v: Value| {
        clauses.push(clause.to_string());
        params.push(v);
    };
    // Years bound the rowid (year * 1000000 + số đến), which FTS5 uses directly.
    let first_year = filter
        .year
        .into_iter()
        .chain(filter.arrival_from.map(|d| chrono::Datelike::year(&d)))
        .max();
    let last_year = filter
        .year
        .into_iter()
        .chain(filter.arrival_to.map(|d| chrono::Datelike::year(&d)))
        .min();
    if let Some(y) = first_year {
        push("f.rowid >= ?", Value::Integer(i64::from(y) * 1_000_000));
    }
    if let Some(y) = last_year {
        push(
            "f.rowid < ?",
            Value::Integer((i64::from(y) + 1) * 1_000_000),
        );
    }
    // The same narrowing as `incoming::list_incoming`, on the joined document.
    if let Some(s) = filter.status {
        push("d.status = ?", Value::Text(s.code().into()));
    }
    if let Some(u) = filter.urgency {
        push("d.urgency = ?", Value::Text(u.code().into()));
    }
    if let Some(t) = filter.doc_type {
        push("d.doc_type = ?", Value::Text(t.code()));
    }
    if let Some(a) = &filter.assignee {
        let a = vanthu_core::text::normalize_line("người xử lý", a)?;
        push("d.assignee = ?", Value::Text(a));
    }
    if let Some(d) = filter.overdue_on {
        push(
            "d.status IN ('assigned', 'in_progress', 'registered', 'submitted') AND d.deadline < ?",
            Value::Text(d.to_string()),
        );
    }
    if let Some((from, to)) = filter.due_between {
        push(
            "d.status IN ('assigned', 'in_progress', 'registered', 'submitted') AND d.deadline >= ?",
            Value::Text(from.to_string()),
        );
        push("d.deadline <= ?", Value::Text(to.to_string()));
    }
    if let Some(d) = filter.arrival_from {
        push("d.arrival_date >= ?", Value::Text(d.to_string()));
    }
    if let Some(d) = filter.arrival_to {
        push("d.arrival_date <= ?", Value::Text(d.to_string()));
    }
    static COLUMNS: OnceLock<String> = OnceLock::new();
    let target = Target {
        from: "FROM incoming_fts f JOIN incoming_documents d
               ON d.year = f.rowid / 1000000 AND d.arrival_no = f.rowid % 1000000
               WHERE f.incoming_fts MATCH",
        columns: COLUMNS.get_or_init(|| qualified(crate::incoming::COLUMNS)),
        map: IncomingDocument::from_row,
        clauses,
        params,
        order: match sort {
            SearchSort::Newest => "f.rowid DESC",
            SearchSort::Issuer => "d.issuer COLLATE vi, f.rowid DESC",
        },
    };
    let (offset, limit) = page_bounds(filter.offset, filter.limit);
    let hits = target.page(conn, &q, offset, limit)?;
    Ok(finish(query, hits, offset, limit))
}

/// Searches outgoing documents (drafts included), newest first, narrowed by year and status.
pub fn search_outgoing(
    conn: &Connection,
    query: &str,
    filter: &OutgoingFilter,
) -> Result<SearchPage<OutgoingDocument>> {
    let q = parse_query(query)?;
    index_queued(conn)?;
    let mut clauses = Vec::new();
    let mut params = Vec::new();
    if let Some(y) = filter.year {
        clauses.push("d.year = ?".to_string());
        params.push(Value::Integer(y.into()));
    }
    if let Some(s) = filter.status {
        clauses.push("d.status = ?".to_string());
        params.push(Value::Text(s.code().into()));
    }
    static COLUMNS: OnceLock<String> = OnceLock::new();
    let target = Target {
        from: "FROM outgoing_fts f JOIN outgoing_documents d ON d.rowid = f.rowid
               WHERE f.outgoing_fts MATCH",
        columns: COLUMNS.get_or_init(|| qualified(crate::outgoing::COLUMNS)),
        map: OutgoingDocument::from_row,
        clauses,
        params,
        order: "f.rowid DESC",
    };
    let (offset, limit) = page_bounds(filter.offset, filter.limit);
    let hits = target.page(conn, &q, offset, limit)?;
    Ok(finish(query, hits, offset, limit))
}

fn page_bounds(offset: Option<u32>, limit: Option<u32>) -> (u32, u32) {
    (offset.unwrap_or(0), limit.unwrap_or(50).clamp(1, 1000))
}

fn finish<T>(query: &str, hits: Vec<(T, bool)>, offset: u32, limit: u32) -> SearchPage<T> {
    let has_more = hits.len() > limit as usize;
    let items = hits
        .into_iter()
        .take(limit as usize)
        .map(|(document, exact)| SearchHit { document, exact })
        .collect();
    SearchPage {
        query: query.to_string(),
        items,
        offset,
        limit,
        has_more,
    }
}
