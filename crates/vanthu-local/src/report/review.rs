//! The province's review of a submitted report: accepted, or returned with comments.
//!
//! Reviews are province-owned (design §4): only the server writes them, and they reach the
//! laptop through sync, which calls [`apply_report_review`]. They never enter the outbox.

use crate::Result;
use rusqlite::{Connection, OptionalExtension, Transaction};
use vanthu_core::CoreError;
use vanthu_core::text::normalize_block;

/// One decision, as the server sends it (entity `report_review`, see docs/reports.md).
pub use vanthu_protocol::ReportReview;

/// Stores a review from the province. Idempotent: a replayed review changes nothing.
/// Returns whether it was new.
///
/// # Errors
/// [`CoreError::InvalidField`] for an unknown decision or a return without comments.
pub fn apply_report_review(
    tx: &Transaction<'_>,
    received_at_ms: i64,
    review: &ReportReview,
) -> Result<bool> {
    if !matches!(review.decision.as_str(), "accepted" | "returned") {
        return Err(CoreError::InvalidField {
            field: "kết quả xem xét báo cáo",
            reason: format!("\"{}\" (chỉ có accepted hoặc returned)", review.decision),
        }
        .into());
    }
    let comments = review
        .comments
        .as_deref()
        .map(|c| normalize_block("ý kiến của tỉnh", c))
        .transpose()?
        .filter(|c| !c.is_empty());
    if review.decision == "returned" && comments.is_none() {
        return Err(CoreError::MissingField {
            field: "ý kiến khi trả lại báo cáo",
        }
        .into());
    }
    let inserted = crate::store::exec(
        tx,
        "INSERT OR IGNORE INTO report_reviews (id, report_id, submission_id, decision, comments,
             reviewer, reviewed_at, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        rusqlite::params![
            review.id,
            review.report_id,
            review.submission_id,
            review.decision,
            comments,
            review.reviewer,
            review.reviewed_at,
            received_at_ms
        ],
    )?;
    Ok(inserted > 0)
}

const COLUMNS: &str = "id, report_id, submission_id, decision, comments, reviewer, reviewed_at";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReportReview> {
    Ok(ReportReview {
        id: r.get(0)?,
        report_id: r.get(1)?,
        submission_id: r.get(2)?,
        decision: r.get(3)?,
        comments: r.get(4)?,
        reviewer: r.get(5)?,
        reviewed_at: r.get(6)?,
    })
}

/// The latest decision on one submission.
pub(super) fn latest_review(
    conn: &Connection,
    submission_id: &str,
) -> Result<Option<ReportReview>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM report_reviews WHERE submission_id = ?1
             ORDER BY reviewed_at DESC, id DESC LIMIT 1"
        ))?
        .query_row([submission_id], from_row)
        .optional()?)
}

/// Every review of a report, oldest first.
pub fn reviews(conn: &Connection, report_id: &str) -> Result<Vec<ReportReview>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM report_reviews WHERE report_id = ?1 ORDER BY reviewed_at, id"
    ))?;
    let rows = stmt.query_map([report_id], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}
