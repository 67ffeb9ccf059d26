//! Embedded SQL migrations (`migrations/local/`), applied in one transaction and recorded in
//! `PRAGMA user_version`. A database from a newer VanThu is refused untouched.

use crate::{LocalError, Result};
use rusqlite::{Connection, TransactionBehavior};

/// (version, SQL). Released entries are never edited; new ones are appended.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../../migrations/local/0001_init.sql")),
    (
        2,
        include_str!("../../../migrations/local/0002_calendar.sql"),
    ),
    (3, include_str!("../../../migrations/local/0003_search.sql")),
    (4, include_str!("../../../migrations/local/0004_sync.sql")),
    (
        5,
        include_str!("../../../migrations/local/0005_reports.sql"),
    ),
    (6, include_str!("../../../migrations/local/0006_plans.sql")),
    (
        7,
        include_str!("../../../migrations/local/0007_security.sql"),
    ),
    (
        8,
        include_str!("../../../migrations/local/0008_signatures.sql"),
    ),
    (
        9,
        include_str!("../../../migrations/local/0009_sync_ack.sql"),
    ),
    (
        10,
        include_str!("../../../migrations/local/0010_kpi_index.sql"),
    ),
    (
        11,
        include_str!("../../../migrations/local/0011_outbox_stamp.sql"),
    ),
];

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map(|m| m.0).unwrap_or(0)
}

/// Brings the database up to [`latest_version`], or refuses a newer one.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
    let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let latest = latest_version();
    if current > latest {
        return Err(LocalError::NewerDatabase {
            found: current,
            supported: latest,
        });
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
    }
    tx.commit()?;
    Ok(())
}
