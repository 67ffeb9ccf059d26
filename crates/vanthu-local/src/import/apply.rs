//! Checking imported rows against the register and writing them.

use super::rows::{ImportRow, RowError};
use super::{ImportOptions, ImportReport, ParsedFile};
use crate::incoming::{IncomingEvent, get_incoming};
use crate::numbering::{self, INCOMING_SERIES};
use crate::outbox::{self, Op};
use crate::{Context, LocalError, Result};
use rusqlite::{OptionalExtension, Transaction};
use std::collections::{BTreeMap, HashMap, HashSet};
use vanthu_core::incoming::IncomingStatus;
use vanthu_core::text::fold;
use vanthu_core::time::vietnam_midnight_ms;

/// Checks `parsed` against the register in `tx` and, unless it is a dry run, writes the new
/// rows. Refuses with [`LocalError::ImportRejected`] (nothing written) when a row is bad and
/// the clerk did not accept skipping bad rows.
///
/// A row is a duplicate (left out, not an error) when the same row was imported before
/// (same import key), or its số đến/year already holds the same document (same issuer,
/// number/symbol and date — e.g. an exported register imported back). A số đến already used by
/// another document is an error: the old register and the database disagree.
pub fn import_incoming(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    parsed: &ParsedFile,
    opts: &ImportOptions,
) -> Result<ImportReport> {
    let mut errors = parsed.errors.clone();
    let mut fresh: Vec<&ImportRow> = Vec::new();
    let mut duplicates = 0;
    let mut keys: HashSet<&str> = HashSet::new();
    let mut numbers: HashMap<(i32, i64), u32> = HashMap::new();
    let conflict = |row: &ImportRow, message: String| RowError {
        sheet: row.sheet.clone(),
        line: row.line,
        column: Some("Số đến".into()),
        message,
    };
    for row in &parsed.rows {
        if !keys.insert(&row.key) || key_exists(tx, &row.key)? {
            duplicates += 1;
            continue;
        }
        let same = |(issuer_key, symbol_key, doc_date): &(String, String, chrono::NaiveDate)| {
            *issuer_key == fold(&row.issuer)
                && *symbol_key == symbol_key_of(&row.symbol.original)
                && *doc_date == row.doc_date
        };
        if let Some(no) = row.arrival_no {
            if let Some(first) = numbers.insert((row.year, no), row.line) {
                errors.push(conflict(
                    row,
                    format!("số đến {no}/{} trùng với dòng {first}", row.year),
                ));
                continue;
            }
            match at_number(tx, row.year, no)? {
                Some(existing) if same(&existing) => {
                    duplicates += 1;
                    continue;
                }
                Some(_) => {
                    errors.push(conflict(
                        row,
                        format!(
                            "số đến {no}/{} đã được dùng cho một văn bản khác trong sổ",
                            row.year
                        ),
                    ));
                    continue;
                }
                None => {}
            }
        } else if same_document_exists(tx, row)? {
            duplicates += 1;
            continue;
        }
        fresh.push(row);
    }
    let order: HashMap<&str, usize> = parsed
        .sheets
        .iter()
        .enumerate()
        .map(|(i, s)| (s.sheet.as_str(), i))
        .collect();
    errors.sort_by_key(|e| (order.get(e.sheet.as_str()).copied(), e.line));
    if !errors.is_empty() && !opts.skip_bad_rows && !opts.dry_run {
        return Err(LocalError::ImportRejected { errors });
    }
    let bad: HashSet<(&str, u32)> = errors.iter().map(|e| (e.sheet.as_str(), e.line)).collect();
    let mut years: BTreeMap<i32, usize> = BTreeMap::new();
    for r in &fresh {
        *years.entry(r.year).or_default() += 1;
    }
    let mut report = ImportReport {
        file: parsed.source.clone(),
        dry_run: opts.dry_run,
        committed: false,
        sheets: parsed.sheets.clone(),
        skipped_sheets: parsed.skipped_sheets.clone(),
        encoding: parsed.encoding.clone(),
        rows_read: parsed.rows.len()
            + parsed
                .errors
                .iter()
                .map(|e| (e.sheet.as_str(), e.line))
                .collect::<HashSet<_>>()
                .len(),
        imported: fresh.len(),
        duplicates,
        skipped_bad: bad.len(),
        blank_rows: parsed.blank_rows,
        errors,
        years,
        preview: fresh.iter().take(10).map(|r| (*r).clone()).collect(),
    };
    if opts.dry_run || fresh.is_empty() {
        return Ok(report);
    }
    write_rows(tx, ctx, &parsed.source, &fresh)?;
    report.committed = true;
    Ok(report)
}

fn symbol_key_of(symbol: &str) -> String {
    fold(symbol).replace(' ', "")
}

fn key_exists(tx: &Transaction<'_>, key: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM import_keys WHERE key = ?1")?
        .query_row([key], |_| Ok(()))
        .optional()?
        .is_some())
}

fn at_number(
    tx: &Transaction<'_>,
    year: i32,
    no: i64,
) -> Result<Option<(String, String, chrono::NaiveDate)>> {
    Ok(tx
        .prepare_cached(
            "SELECT issuer_key, symbol_key, doc_date FROM incoming_documents
             WHERE year = ?1 AND arrival_no = ?2",
        )?
        .query_row(rusqlite::params![year, no], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?)
}

fn same_document_exists(tx: &Transaction<'_>, row: &ImportRow) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT 1 FROM incoming_documents
             WHERE symbol_key = ?1 AND doc_date = ?2 AND issuer_key = ?3 LIMIT 1",
        )?
        .query_row(
            rusqlite::params![
                symbol_key_of(&row.symbol.original),
                row.doc_date,
                fold(&row.issuer)
            ],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Writes the rows: the numbered ones first, with the series moved past the largest số đến of
/// each year, then the unnumbered ones, which take the next numbers.
fn write_rows(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    source: &str,
    rows: &[&ImportRow],
) -> Result<()> {
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
    crate::store::exec(
        tx,
        "INSERT INTO incoming_documents (id, year, arrival_no, arrival_date, arrived_at, issuer,
             issuer_key, symbol, symbol_key, sym_number, sym_year, sym_type, sym_issuer, doc_date,
             doc_type, summary, summary_key, urgency, recipient, transfer_date, signer,
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
    let document = get_incoming(tx, &id)?;
    outbox::record(tx, ctx, "incoming_document", &id, Op::Upsert, &document)?;
    outbox::record(tx, ctx, "incoming_event", &event.id, Op::Append, &event)?;
    Ok(())
}
