//! Report templates as data (mẫu báo cáo thống nhất từ tỉnh đến xã): where the app finds them.
//!
//! Templates are province-owned (design §4). The model and the built-in default set live in
//! `vanthu_core::report_template` (the provincial server reads the same ones to know which
//! reports are due); a template the province sends is stored in `report_templates` by sync
//! ([`apply_report_template`]) and replaces the built-in one with the same id.

use crate::{LocalError, Result};
use rusqlite::{Connection, OptionalExtension, Transaction};
use vanthu_core::calendar::Period;
pub use vanthu_core::report_template::{
    DueRule, FigureBlock, Prefill, ReportTemplate, SectionSpec, TemplatePeriod, builtin_templates,
    effective_templates,
};

/// Every template offered for new reports: the province's active ones, then the built-in ones
/// the province has not replaced.
pub fn list_templates(conn: &Connection) -> Result<Vec<ReportTemplate>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, body_json, active FROM report_templates ORDER BY id")?;
    let stored: Vec<(String, String, bool)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let published = stored
        .iter()
        .map(|(_, body, active)| Ok((serde_json::from_str::<ReportTemplate>(body)?, *active)))
        .collect::<Result<Vec<_>>>()?;
    Ok(effective_templates(&published))
}

/// One template by id (province-sent first, then built-in), even if withdrawn.
pub fn get_template(conn: &Connection, id: &str) -> Result<ReportTemplate> {
    let stored: Option<String> = conn
        .prepare_cached("SELECT body_json FROM report_templates WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    if let Some(body) = stored {
        return Ok(serde_json::from_str(&body)?);
    }
    builtin_templates()
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| LocalError::NotFound {
            what: "mẫu báo cáo",
            key: id.to_string(),
        })
}

/// The template used when none is named: the first offered one whose period kind fits.
pub fn default_template_for(conn: &Connection, period: &Period) -> Result<ReportTemplate> {
    let all = list_templates(conn)?;
    let exact = all
        .iter()
        .find(|t| t.period_kind != TemplatePeriod::AdHoc && t.period_kind.fits(period));
    exact
        .or_else(|| all.iter().find(|t| t.period_kind == TemplatePeriod::AdHoc))
        .cloned()
        .ok_or_else(|| LocalError::NotFound {
            what: "mẫu báo cáo cho kỳ",
            key: period.code(),
        })
}

/// Stores a template the province sent (called by sync). A revision older than the stored one
/// is ignored, so replays and late deliveries are harmless. Not written to the outbox: the
/// unit never sends templates back.
pub fn apply_report_template(
    tx: &Transaction<'_>,
    now_ms: i64,
    template: &ReportTemplate,
    revision: i64,
    active: bool,
) -> Result<bool> {
    template.validate()?;
    let stored: Option<i64> = tx
        .query_row(
            "SELECT revision FROM report_templates WHERE id = ?1",
            [&template.id],
            |r| r.get(0),
        )
        .optional()?;
    if stored.is_some_and(|r| r > revision) {
        return Ok(false);
    }
    crate::store::exec(
        tx,
        "INSERT INTO report_templates (id, body_json, revision, active, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET body_json = ?2, revision = ?3, active = ?4,
             received_at = ?5",
        rusqlite::params![
            template.id,
            serde_json::to_string(template)?,
            revision,
            active,
            now_ms
        ],
    )?;
    Ok(true)
}
