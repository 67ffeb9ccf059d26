//! Indicators (chỉ tiêu) of a plan: indicator, unit, target, responsible unit; actual values per
//! period with evidence; achieved or not yet (vanthu_core::plan::indicator::Target).

use crate::outbox::{self, Op};
use crate::store::exec;
use crate::{Context, LocalError, Result};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use vanthu_core::calendar::Period;
use vanthu_core::plan::indicator::Target;
use vanthu_core::text::{fold, normalize_block, optional_line, required_line};

/// A stored indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    pub unit: Option<String>,
    pub target: String,
    pub responsible_unit: Option<String>,
    pub notes: Option<String>,
    pub version: i64,
}

/// An actual value for one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actual {
    pub id: String,
    pub indicator_id: String,
    /// Period code, e.g. `2026-Q3`.
    pub period: String,
    pub value: String,
    pub evidence: Option<String>,
    /// `None` when target or value has no number to compare.
    pub achieved: Option<bool>,
    pub recorded_at: i64,
    pub actor: String,
}

/// An indicator with its actual for the period asked about (or its latest).
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorStatus {
    pub indicator: Indicator,
    pub actual: Option<Actual>,
}

/// A new indicator as raw text.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct IndicatorInput {
    pub name: String,
    pub unit: Option<String>,
    pub target: String,
    pub responsible_unit: Option<String>,
    pub notes: Option<String>,
}

/// Adds an indicator. Names are unique (folded): the same indicator entered twice is refused.
pub fn add_indicator(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    input: &IndicatorInput,
) -> Result<Indicator> {
    crate::accounts::require(tx, ctx, vanthu_core::authz::Permission::ManagePlans)?;
    let name = required_line("tên chỉ tiêu", &input.name)?;
    let exists: Option<String> = tx
        .prepare_cached("SELECT id FROM indicators WHERE name_key = ?1")?
        .query_row([fold(&name)], |r| r.get(0))
        .optional()?;
    if exists.is_some() {
        return Err(LocalError::Duplicate {
            existing: format!("chỉ tiêu \"{name}\""),
        });
    }
    let ind = Indicator {
        id: ctx.new_id(),
        name,
        unit: optional_line("đơn vị tính", input.unit.as_deref())?,
        target: required_line("chỉ tiêu (mục tiêu)", &input.target)?,
        responsible_unit: optional_line("đơn vị theo dõi", input.responsible_unit.as_deref())?,
        notes: match input.notes.as_deref() {
            Some(n) => Some(normalize_block("ghi chú", n)?).filter(|n| !n.is_empty()),
            None => None,
        },
        version: 1,
    };
    let now = ctx.clock.now_ms();
    exec(
        tx,
        "INSERT INTO indicators (id, name, name_key, unit, target, responsible_unit, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        rusqlite::params![ind.id, ind.name, fold(&ind.name), ind.unit, ind.target, ind.responsible_unit, ind.notes, now],
    )?;
    outbox::record(tx, ctx, "indicator", &ind.id, Op::Upsert, &ind)?;
    Ok(ind)
}

/// Finds an indicator by id or by its name (with or without diacritics).
pub fn get_indicator(conn: &Connection, reference: &str) -> Result<Indicator> {
    let r = reference.trim();
    conn.prepare_cached(
        "SELECT id, name, unit, target, responsible_unit, notes, version FROM indicators
         WHERE id = ?1 OR name_key = ?2",
    )?
    .query_row([r, &fold(r)], |row| {
        Ok(Indicator {
            id: row.get(0)?,
            name: row.get(1)?,
            unit: row.get(2)?,
            target: row.get(3)?,
            responsible_unit: row.get(4)?,
            notes: row.get(5)?,
            version: row.get(6)?,
        })
    })
    .optional()?
    .ok_or_else(|| LocalError::NotFound {
        what: "chỉ tiêu",
        key: r.into(),
    })
}

/// Records (or corrects) the actual value of an indicator for a period.
pub fn record_actual(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    reference: &str,
    period: &str,
    value: &str,
    evidence: Option<&str>,
) -> Result<Actual> {
    crate::accounts::require(tx, ctx, vanthu_core::authz::Permission::HandleWork)?;
    let ind = get_indicator(tx, reference)?;
    let period = Period::parse(period)?.code();
    let value = required_line("giá trị thực hiện", value)?;
    let actual = Actual {
        id: ctx.new_id(),
        indicator_id: ind.id.clone(),
        achieved: Target::parse(&ind.target).achieved_by(&value),
        period,
        value,
        evidence: match evidence {
            Some(e) => Some(normalize_block("minh chứng", e)?).filter(|e| !e.is_empty()),
            None => None,
        },
        recorded_at: ctx.clock.now_ms(),
        actor: ctx.actor.into(),
    };
    exec(
        tx,
        "INSERT INTO indicator_actuals (id, indicator_id, period, value, evidence, achieved, recorded_at, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (indicator_id, period) DO UPDATE SET value = ?4, evidence = ?5, achieved = ?6,
             recorded_at = ?7, actor = ?8",
        rusqlite::params![actual.id, actual.indicator_id, actual.period, actual.value, actual.evidence, actual.achieved, actual.recorded_at, actual.actor],
    )?;
    let stored: String = tx
        .prepare_cached("SELECT id FROM indicator_actuals WHERE indicator_id = ?1 AND period = ?2")?
        .query_row([&actual.indicator_id, &actual.period], |r| r.get(0))?;
    let actual = Actual {
        id: stored,
        ..actual
    };
    outbox::record(tx, ctx, "indicator_actual", &actual.id, Op::Upsert, &actual)?;
    Ok(actual)
}

/// Every indicator with its actual for `period` (a code like `2026-Q3`), or its latest actual, in
/// the order entered or imported (the plan's order: `rowid` breaks ties of one instant).
pub fn indicator_table(conn: &Connection, period: Option<&str>) -> Result<Vec<IndicatorStatus>> {
    let period = period
        .map(|p| Period::parse(p).map(|p| p.code()))
        .transpose()?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, unit, target, responsible_unit, notes, version FROM indicators ORDER BY created_at, rowid",
    )?;
    let indicators: Vec<Indicator> = stmt
        .query_map([], |row| {
            Ok(Indicator {
                id: row.get(0)?,
                name: row.get(1)?,
                unit: row.get(2)?,
                target: row.get(3)?,
                responsible_unit: row.get(4)?,
                notes: row.get(5)?,
                version: row.get(6)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut actual_stmt = conn.prepare_cached(
        "SELECT id, indicator_id, period, value, evidence, achieved, recorded_at, actor FROM indicator_actuals
         WHERE indicator_id = ?1 AND (?2 IS NULL OR period = ?2) ORDER BY recorded_at DESC LIMIT 1",
    )?;
    let mut out = Vec::new();
    for indicator in indicators {
        let actual = actual_stmt
            .query_row(rusqlite::params![indicator.id, period], |r| {
                Ok(Actual {
                    id: r.get(0)?,
                    indicator_id: r.get(1)?,
                    period: r.get(2)?,
                    value: r.get(3)?,
                    evidence: r.get(4)?,
                    achieved: r.get(5)?,
                    recorded_at: r.get(6)?,
                    actor: r.get(7)?,
                })
            })
            .optional()?;
        out.push(IndicatorStatus { indicator, actual });
    }
    Ok(out)
}
