//! The unit's working-day calendar and time limits, from the core's computed holidays plus the
//! yearly overrides and deadline rules stored locally (province-ownable data).

use crate::{Context, Result};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Serialize, de::DeserializeOwned};
use std::ops::RangeInclusive;
use vanthu_core::calendar::{
    DeadlineRules, HolidayCalendar, HolidayOverrides, WorkCalendar, YearOverrides,
};

/// Settings keys.
pub const DEADLINE_RULES: &str = "deadline_rules";
pub const DUE_SOON_DAYS: &str = "due_soon_days";
pub const FRESHNESS_DAYS: &str = "freshness_days";

/// Defaults when a setting was never written: "due soon" within 2 working days; a status not
/// updated for 5 working days (a working week) is stale.
pub const DEFAULT_DUE_SOON_DAYS: u32 = 2;
pub const DEFAULT_FRESHNESS_DAYS: u32 = 5;

/// Every stored yearly override.
pub fn load_overrides(conn: &Connection) -> Result<HolidayOverrides> {
    let mut stmt = conn.prepare_cached("SELECT data_json FROM holiday_overrides ORDER BY year")?;
    let years = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .map(|j| Ok(serde_json::from_str::<YearOverrides>(&j?)?))
        .collect::<Result<Vec<_>>>()?;
    Ok(HolidayOverrides { years })
}

/// Stores (replacing) one year's official decisions after validating them.
pub fn set_year_overrides(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    year: &YearOverrides,
) -> Result<()> {
    crate::accounts::require(tx, ctx, vanthu_core::authz::Permission::ManageSettings)?;
    use chrono::Datelike;
    let dates = year
        .entries
        .iter()
        .map(|e| e.date())
        .chain(year.tet_days.iter().flatten().copied());
    if let Some(stray) = dates.into_iter().find(|d| d.year() != year.year) {
        return Err(vanthu_core::CoreError::InvalidField {
            field: "ngày điều chỉnh",
            reason: format!(
                "ngày {} không thuộc năm {}",
                vanthu_core::time::format_date(stray),
                year.year
            ),
        }
        .into());
    }
    let all = HolidayOverrides {
        years: vec![year.clone()],
    };
    all.validate()?;
    // Building the year's calendar proves the data applies (e.g. dates inside the year).
    HolidayCalendar::for_year(year.year, &all)?;
    crate::store::exec(
        tx,
        "INSERT INTO holiday_overrides (year, data_json, owner, updated_at) VALUES (?1, ?2, 'local', ?3)
         ON CONFLICT (year) DO UPDATE SET data_json = ?2, owner = 'local', updated_at = ?3",
        rusqlite::params![year.year, serde_json::to_string(year)?, ctx.clock.now_ms()],
    )?;
    Ok(())
}

/// Removes a year's overrides: the computed defaults apply again.
pub fn clear_year_overrides(tx: &Transaction<'_>, ctx: &Context<'_>, year: i32) -> Result<bool> {
    crate::accounts::require(tx, ctx, vanthu_core::authz::Permission::ManageSettings)?;
    Ok(crate::store::exec(tx, "DELETE FROM holiday_overrides WHERE year = ?1", [year])? > 0)
}

/// The working calendar for `years` with the stored overrides.
pub fn work_calendar(conn: &Connection, years: RangeInclusive<i32>) -> Result<WorkCalendar> {
    let overrides = load_overrides(conn)?;
    Ok(WorkCalendar::new(HolidayCalendar::new(years, &overrides)?))
}

/// A calendar covering every date the register holds plus a year either side and `today`, so
/// deadline arithmetic near year ends never runs off the calendar.
pub fn work_calendar_around(conn: &Connection, today: chrono::NaiveDate) -> Result<WorkCalendar> {
    use chrono::Datelike;
    // Register years and the latest deadline, each read from an index (a scan of the dates
    // read every document's page: most of a cold start on a large store).
    let (first, last, deadline): (Option<i32>, Option<i32>, Option<String>) = conn.query_row(
        "SELECT (SELECT min(year) FROM incoming_documents),
                (SELECT max(year) FROM incoming_documents),
                (SELECT max(deadline) FROM incoming_documents WHERE deadline IS NOT NULL)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let deadline_year = deadline.and_then(|s| s.get(..4).and_then(|y| y.parse::<i32>().ok()));
    let lo = first.unwrap_or(today.year()).min(today.year()) - 1;
    let hi = last
        .max(deadline_year)
        .unwrap_or(today.year())
        .max(today.year())
        + 1;
    work_calendar(conn, lo.max(1901)..=hi.min(2198))
}

fn get_setting<T: DeserializeOwned>(conn: &Connection, key: &str) -> Result<Option<T>> {
    let raw: Option<String> = conn
        .prepare_cached("SELECT value_json FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    Ok(raw.map(|j| serde_json::from_str(&j)).transpose()?)
}

/// Writes a setting (locally owned).
pub fn set_setting<T: Serialize>(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    key: &str,
    value: &T,
) -> Result<()> {
    crate::accounts::require(tx, ctx, vanthu_core::authz::Permission::ManageSettings)?;
    crate::store::exec(
        tx,
        "INSERT INTO settings (key, value_json, owner, updated_at) VALUES (?1, ?2, 'local', ?3)
         ON CONFLICT (key) DO UPDATE SET value_json = ?2, owner = 'local', updated_at = ?3",
        rusqlite::params![key, serde_json::to_string(value)?, ctx.clock.now_ms()],
    )?;
    Ok(())
}

/// The unit's time limits (defaults: 10 / 3 / 1 / 0 working days by urgency).
pub fn deadline_rules(conn: &Connection) -> Result<DeadlineRules> {
    Ok(get_setting(conn, DEADLINE_RULES)?.unwrap_or_default())
}

/// Working days within which an open item counts as "due soon".
pub fn due_soon_days(conn: &Connection) -> Result<u32> {
    Ok(get_setting(conn, DUE_SOON_DAYS)?.unwrap_or(DEFAULT_DUE_SOON_DAYS))
}

/// Working days without an update after which an open item's status is stale.
pub fn freshness_days(conn: &Connection) -> Result<u32> {
    Ok(get_setting(conn, FRESHNESS_DAYS)?.unwrap_or(DEFAULT_FRESHNESS_DAYS))
}

/// The deadline range that counts as "due soon" today: from today to the day the unit's
/// threshold of working days reaches.
pub fn due_soon_window(
    conn: &Connection,
    today: chrono::NaiveDate,
) -> Result<(chrono::NaiveDate, chrono::NaiveDate)> {
    let calendar = work_calendar_around(conn, today)?;
    Ok((
        today,
        calendar.add_working_days(today, due_soon_days(conn)?)?,
    ))
}

/// Where one document's deadline stands today (due soon, overdue, done on time …).
pub fn deadline_state(
    conn: &Connection,
    deadline: Option<chrono::NaiveDate>,
    completed_on: Option<chrono::NaiveDate>,
    today: chrono::NaiveDate,
) -> Result<vanthu_core::calendar::ItemState> {
    let calendar = work_calendar_around(conn, today)?;
    Ok(vanthu_core::calendar::item_state(
        deadline,
        completed_on,
        today,
        due_soon_days(conn)?,
        &calendar,
    )?)
}
