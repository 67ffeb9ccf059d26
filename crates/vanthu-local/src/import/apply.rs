//! Checking imported rows against the register and writing them.

use super::rows::{ImportRow, RowError};
use super::write::{symbol_key_of, write_rows};
use super::{ImportOptions, ImportReport, ParsedFile};
use crate::{Context, LocalError, Result};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction};
use std::collections::{BTreeMap, HashMap, HashSet};
use vanthu_core::text::fold;

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
    let imported = imported_keys(tx, &parsed.rows)?;
    let taken = taken_numbers(tx, &parsed.rows)?;
    for row in &parsed.rows {
        if !keys.insert(&row.key) || imported.contains(row.key.as_str()) {
            duplicates += 1;
            continue;
        }
        let same = |(issuer_key, symbol_key, doc_date): &Stored| {
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
            match taken.get(&(row.year, no)) {
                Some(existing) if same(existing) => {
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

/// What the duplicate check compares of a stored document: issuer key, symbol key, date.
type Stored = (String, String, NaiveDate);

/// How many values one lookup statement carries (as a JSON array, so one prepared statement
/// serves any file).
const LOOKUP_CHUNK: usize = 5_000;

/// The rows' import keys already in the store, found in a few statements instead of one
/// lookup per row.
fn imported_keys(tx: &Transaction<'_>, rows: &[ImportRow]) -> Result<HashSet<String>> {
    let mut found = HashSet::new();
    let mut stmt = tx.prepare_cached(
        "SELECT k.key FROM json_each(?1) j JOIN import_keys k ON k.key = j.value",
    )?;
    for chunk in rows.chunks(LOOKUP_CHUNK) {
        let keys: Vec<&str> = chunk.iter().map(|r| r.key.as_str()).collect();
        let json = serde_json::to_string(&keys)?;
        for key in stmt.query_map([json], |r| r.get::<_, String>(0))? {
            found.insert(key?);
        }
    }
    Ok(found)
}

/// The stored documents at the số đến the file uses, per year: one range read over the
/// (year, số đến) index for each year instead of one lookup per row.
fn taken_numbers(tx: &Transaction<'_>, rows: &[ImportRow]) -> Result<HashMap<(i32, i64), Stored>> {
    let mut ranges: BTreeMap<i32, (i64, i64)> = BTreeMap::new();
    for r in rows {
        if let Some(n) = r.arrival_no {
            let e = ranges.entry(r.year).or_insert((n, n));
            *e = (e.0.min(n), e.1.max(n));
        }
    }
    let mut stmt = tx.prepare_cached(
        "SELECT arrival_no, issuer_key, symbol_key, doc_date FROM incoming_documents
         WHERE year = ?1 AND arrival_no BETWEEN ?2 AND ?3",
    )?;
    let mut taken = HashMap::new();
    for (year, (first, last)) in ranges {
        let found = stmt.query_map(rusqlite::params![year, first, last], |r| {
            Ok((r.get::<_, i64>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))
        })?;
        for f in found {
            let (no, stored) = f?;
            taken.insert((year, no), stored);
        }
    }
    Ok(taken)
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
