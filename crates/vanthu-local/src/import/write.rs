//! Writing checked import rows: documents, their import event, import keys, outbox and audit,
//! all in the caller's transaction.
//!
//! Measured on a 100,000-row register (docs/benchmarks.md), the costs that mattered were not
//! the rows themselves but how SQLite was made to write them:
//! - the statement journal: an `INSERT` into `incoming_documents` fires the search trigger, so
//!   SQLite keeps a statement journal for it; once one statement's journal outgrows 64 KiB the
//!   journal becomes a temporary file for the rest of the transaction and every later statement
//!   writes its pages there. The documents are written `INSERT OR FAIL`, which needs no statement
//!   journal (a failing row leaves the statement's earlier changes in place instead of undoing
//!   them) — safe here because any error rolls back the whole transaction anyway;
//! - the page cache: the default 2 MiB spills dirty pages to the WAL in the middle of the
//!   transaction and reads them back; [`BigCache`] raises it for the import and restores it;
//! - the search index, written once by the store before commit in rowid order (see
//!   `search::flush_pending`).

use super::rows::ImportRow;
use crate::incoming::{IncomingEvent, get_incoming};
use crate::numbering::{self, INCOMING_SERIES};
use crate::outbox::{self, Op};
use crate::{Context, Result};
use rusqlite::{Connection, Transaction};
use std::collections::BTreeMap;
use vanthu_core::incoming::IncomingStatus;
use vanthu_core::text::fold;
use vanthu_core::time::vietnam_midnight_ms;

/// Page cache for a big import, in KiB (SQLite's negative `cache_size`): enough to keep the
/// documents' indexes and the outbox/audit tails in memory for a 100,000-row register.
const IMPORT_CACHE_KIB: i64 = 128 * 1024;

/// Rows below which the default cache is left alone (a small import touches few pages).
const BIG_IMPORT_ROWS: usize = 2_000;

/// Raises the connection's page cache while alive and puts the previous size back when
/// dropped, on success and on error alike (the connection outlives the import).
struct BigCache<'c> {
    conn: &'c Connection,
    previous: Option<i64>,
}

impl<'c> BigCache<'c> {
    fn raise(conn: &'c Connection, rows: usize) -> Result<BigCache<'c>> {
        let mut previous = None;
        if rows >= BIG_IMPORT_ROWS {
            let now: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
            // A positive size counts pages, a negative one KiB: compare in KiB at 4 KiB pages.
            let now_kib = if now < 0 { -now } else { now * 4 };
            if now_kib < IMPORT_CACHE_KIB {
                conn.pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
                previous = Some(now);
            }
        }
        Ok(BigCache { conn, previous })
    }
}

impl Drop for BigCache<'_> {
    fn drop(&mut self) {
        if let Some(p) = self.previous {
            // Best effort: a failure leaves a bigger cache, never a wrong result.
            let _ = self.conn.pragma_update(None, "cache_size", p);
        }
    }
}

/// Writes the rows: the numbered ones first, with the series moved past the largest số đến of
/// each year, then the unnumbered ones, which take the next numbers.
pub(super) fn write_rows(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    source: &str,
    rows: &[&ImportRow],
) -> Result<()> {
    let _cache = BigCache::raise(tx, rows.len())?;
    let mut max: BTreeMap<i32, i64> = BTreeMap::new();
    for r in rows {
        if let Some(n) = r.arrival_no {
            let m = max.entry(r.year).or_default();
            *m = (*m).max(n);
        }
    }
    for (year, last) in max {
        crate::store::exec(
            tx,
            "INSERT INTO number_series (series, year, last) VALUES (?1, ?2, ?3)
             ON CONFLICT (series, year) DO UPDATE SET last = max(last, excluded.last)",
            rusqlite::params![INCOMING_SERIES, year, last],
        )?;
    }
    let numbered = rows.iter().filter(|r| r.arrival_no.is_some());
    let unnumbered = rows.iter().filter(|r| r.arrival_no.is_none());
    for row in numbered.chain(unnumbered) {
        let no = match row.arrival_no {
            Some(n) => n,
            None => numbering::take_next(tx, INCOMING_SERIES, row.year)?,
        };
        write_row(tx, ctx, source, row, no)?;
    }
    Ok(())
}

/// The folded symbol the register's duplicate checks compare (no diacritics, no spaces).
pub(super) fn symbol_key_of(symbol: &str) -> String {
    fold(symbol).replace(' ', "")
}

fn write_row(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    source: &str,
    row: &ImportRow,
    arrival_no: i64,
) -> Result<()> {
    let now = ctx.clock.now_ms();
    let id = ctx.new_id();
    let s = &row.symbol;
    // OR FAIL: no statement journal (see the module comment); a constraint still fails the
    // import, and the caller's transaction is then rolled back whole.
    crate::store::exec(
        tx,
        "INSERT OR FAIL INTO incoming_documents (id, year, arrival_no, arrival_date, arrived_at,
             issuer, issuer_key, symbol, symbol_key, sym_number, sym_year, sym_type, sym_issuer,
             doc_date, doc_type, summary, summary_key, urgency, recipient, transfer_date, signer,
             receipt_signature, notes, status, assignee, deadline, last_update_at, created_at,
             updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
             ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?27, ?27)",
        rusqlite::params![
            id,
            row.year,
            arrival_no,
            row.arrival_date,
            vietnam_midnight_ms(row.arrival_date),
            row.issuer,
            fold(&row.issuer),
            s.original,
            symbol_key_of(&s.original),
            s.number,
            s.year,
            s.type_abbr,
            s.issuer_abbr,
            row.doc_date,
            row.doc_type.code(),
            row.summary,
            fold(&row.summary),
            row.urgency.code(),
            row.recipient,
            row.transfer_date,
            row.signer,
            row.receipt_signature,
            row.notes,
            IncomingStatus::Filed.code(),
            row.assignee,
            row.deadline,
            now,
        ],
    )?;
    let event = IncomingEvent {
        id: ctx.new_id(),
        document_id: id.clone(),
        at: now,
        actor: ctx.actor.to_string(),
        action: "import".into(),
        from_status: None,
        to_status: IncomingStatus::Filed,
        note: Some(format!("Nhập từ sổ cũ: {source}, dòng {}", row.line)),
        data: serde_json::json!({
            "arrival_no": arrival_no, "year": row.year, "source": source,
            "sheet": row.sheet, "line": row.line,
        }),
    };
    event.insert(tx)?;
    crate::store::exec(
        tx,
        "INSERT INTO import_keys (key, document_kind, document_id, source, imported_at)
         VALUES (?1, 'incoming', ?2, ?3, ?4)",
        rusqlite::params![row.key, id, source, now],
    )?;
    // Read back rather than rebuilt: the outbox must carry the row exactly as stored (column
    // defaults included); one primary-key lookup of a page still in the cache.
    let document = get_incoming(tx, &id)?;
    outbox::record_created(tx, ctx, "incoming_document", &id, &document)?;
    outbox::record(tx, ctx, "incoming_event", &event.id, Op::Append, &event)?;
    Ok(())
}
