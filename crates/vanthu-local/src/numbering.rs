//! Yearly number series. The increment happens inside the caller's write transaction, so a
//! rolled-back registration gives its number back and two writers can never share one.

use crate::Result;
use rusqlite::Transaction;

/// Series name of the incoming register's "số đến".
pub const INCOMING_SERIES: &str = "incoming";

/// Takes the next number of `series` in `year` (1 for the first of the year).
pub fn take_next(tx: &Transaction<'_>, series: &str, year: i32) -> Result<i64> {
    let n = tx
        .prepare_cached(
            "INSERT INTO number_series (series, year, last) VALUES (?1, ?2, 1)
         ON CONFLICT (series, year) DO UPDATE SET last = last + 1
         RETURNING last",
        )?
        .query_row(rusqlite::params![series, year], |r| r.get(0))?;
    Ok(n)
}
