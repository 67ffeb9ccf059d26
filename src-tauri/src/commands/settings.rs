//! Settings: time limits and reminder thresholds, days off and their yearly corrections.

use crate::dto::app::UnitDto;
use crate::dto::settings::{
    HolidayDto, OverrideDto, OverrideForm, RulesDto, SettingsDto, YearCalendarDto,
};
use crate::dto::{given, iso};
use crate::error::{AppError, CmdResult};
use crate::state::{AppState, Env, blocking};
use chrono::{Datelike, Duration, NaiveDate};
use tauri::State;
use vanthu_core::calendar::{OverrideEntry, YearOverrides};
use vanthu_core::time::parse_date;
use vanthu_local::calendar as cal;

fn year_calendar(env: &Env<'_>, year: i32) -> CmdResult<YearCalendarDto> {
    let conn = env.store.conn();
    let calendar = cal::work_calendar(conn, year - 1..=year + 1)?;
    let days_off = calendar
        .holidays()
        .days_off_in(year)
        .map(|d| HolidayDto {
            date: iso(d.date),
            name: d.name.clone(),
        })
        .collect();
    let start = NaiveDate::from_ymd_opt(year, 1, 1)
        .ok_or_else(|| AppError::new("invalid_field", format!("Năm {year} không hợp lệ.")))?;
    let working_days = (0..366)
        .map(|i| start + Duration::days(i))
        .filter(|d| d.year() == year)
        .filter_map(|d| {
            calendar
                .holidays()
                .working_day_override(d)
                .map(|name| HolidayDto {
                    date: iso(d),
                    name: name.to_string(),
                })
        })
        .collect();
    let stored = cal::load_overrides(conn)?.for_year(year).cloned();
    let overrides = stored
        .iter()
        .flat_map(|y| y.entries.iter())
        .map(|e| match e {
            OverrideEntry::DayOff { date, name } => OverrideDto {
                kind: "day_off".into(),
                date: iso(*date),
                name: Some(name.clone()),
            },
            OverrideEntry::WorkingDay { date, name } => OverrideDto {
                kind: "working_day".into(),
                date: iso(*date),
                name: Some(name.clone()),
            },
            OverrideEntry::Removed { date } => OverrideDto {
                kind: "removed".into(),
                date: iso(*date),
                name: None,
            },
        })
        .collect();
    Ok(YearCalendarDto {
        year,
        days_off,
        working_days,
        overrides,
        source: stored.and_then(|y| y.source),
    })
}

fn settings(env: &Env<'_>, state: &AppState, year: i32) -> CmdResult<SettingsDto> {
    let conn = env.store.conn();
    let rules = cal::deadline_rules(conn)?;
    Ok(SettingsDto {
        unit: vanthu_local::unit::get_unit(conn)?.map(UnitDto::from),
        actor: state
            .prefs
            .lock()
            .map_err(AppError::internal)?
            .actor
            .clone(),
        data_dir: state.data_dir.display().to_string(),
        log_dir: state.log_dir.display().to_string(),
        rules: RulesDto {
            normal: rules.defaults.normal,
            khan: rules.defaults.khan,
            thuong_khan: rules.defaults.thuong_khan,
            hoa_toc: rules.defaults.hoa_toc,
            due_soon_days: cal::due_soon_days(conn)?,
            freshness_days: cal::freshness_days(conn)?,
            category_rules: rules.rules.len() as u32,
        },
        calendar: year_calendar(env, year)?,
    })
}

/// The settings screen for `year` (default: this year).
#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>, year: Option<i32>) -> CmdResult<SettingsDto> {
    let shared = state.inner().clone();
    blocking(&state, move |env| {
        let year = year.unwrap_or_else(|| env.today().year());
        settings(env, &shared, year)
    })
    .await
}

/// Saves the default time limits and thresholds; per-category rules are kept as they are.
#[tauri::command]
pub async fn save_rules(state: State<'_, AppState>, rules: RulesDto) -> CmdResult<SettingsDto> {
    let shared = state.inner().clone();
    blocking(&state, move |env| {
        let mut stored = cal::deadline_rules(env.store.conn())?;
        stored.defaults.normal = rules.normal;
        stored.defaults.khan = rules.khan;
        stored.defaults.thuong_khan = rules.thuong_khan;
        stored.defaults.hoa_toc = rules.hoa_toc;
        env.write(|tx, ctx, _| {
            cal::set_setting(tx, ctx, cal::DEADLINE_RULES, &stored)?;
            cal::set_setting(tx, ctx, cal::DUE_SOON_DAYS, &rules.due_soon_days)?;
            cal::set_setting(tx, ctx, cal::FRESHNESS_DAYS, &rules.freshness_days)
        })?;
        let year = env.today().year();
        settings(env, &shared, year)
    })
    .await
}

/// Adds (or replaces, for the same date) one official correction of a year.
#[tauri::command]
pub async fn add_holiday_override(
    state: State<'_, AppState>,
    form: OverrideForm,
) -> CmdResult<YearCalendarDto> {
    blocking(&state, move |env| {
        let date = parse_date("ngày", &form.date)?;
        let name = given(&form.name);
        let need_name = || {
            name.clone().ok_or_else(|| {
                AppError::from(vanthu_core::CoreError::MissingField {
                    field: "tên ngày"
                })
            })
        };
        let entry = match form.kind.as_str() {
            "day_off" => OverrideEntry::DayOff {
                date,
                name: need_name()?,
            },
            "working_day" => OverrideEntry::WorkingDay {
                date,
                name: need_name()?,
            },
            "removed" => OverrideEntry::Removed { date },
            other => {
                return Err(AppError::new(
                    "invalid_field",
                    format!("Loại điều chỉnh \"{other}\" không hợp lệ."),
                ));
            }
        };
        let mut year = cal::load_overrides(env.store.conn())?
            .for_year(form.year)
            .cloned()
            .unwrap_or_else(|| YearOverrides::new(form.year));
        year.entries.retain(|e| e.date() != date);
        year.entries.push(entry);
        env.write(|tx, ctx, _| cal::set_year_overrides(tx, ctx, &year))?;
        year_calendar(env, form.year)
    })
    .await
}

/// Removes the correction of one date (`date` dd/mm/yyyy or ISO).
#[tauri::command]
pub async fn remove_holiday_override(
    state: State<'_, AppState>,
    year: i32,
    date: String,
) -> CmdResult<YearCalendarDto> {
    blocking(&state, move |env| {
        let date = parse_date("ngày", &date)?;
        if let Some(mut y) = cal::load_overrides(env.store.conn())?
            .for_year(year)
            .cloned()
        {
            y.entries.retain(|e| e.date() != date);
            env.write(|tx, ctx, _| cal::set_year_overrides(tx, ctx, &y))?;
        }
        year_calendar(env, year)
    })
    .await
}
