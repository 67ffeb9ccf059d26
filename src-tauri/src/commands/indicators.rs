//! Indicators (chỉ tiêu): the table of targets with the actual of a chosen period, add an
//! indicator, import the plan's indicator table, record an actual. Achieved or not is judged by
//! the use case.

use crate::dto::plan::{
    ActualForm, IndicatorForm, IndicatorImportDto, IndicatorImportForm, IndicatorRow,
    IndicatorTableDto,
};
use crate::dto::{Choice, given};
use crate::error::CmdResult;
use crate::state::{AppState, Env, blocking};
use chrono::Datelike;
use std::path::PathBuf;
use tauri::{AppHandle, State};
use vanthu_core::calendar::Period;
use vanthu_local::plan::indicator_import::import_indicators;
use vanthu_local::plan::indicators::{
    IndicatorInput, add_indicator, get_indicator, indicator_table, record_actual,
};

/// The periods offered for actuals: quarters, halves and the whole year, this year and last.
fn period_choices(year: i32) -> CmdResult<Vec<Choice>> {
    let mut out = Vec::new();
    for y in [year, year - 1] {
        let mut periods: Vec<Period> = Period::quarters(y)?.to_vec();
        periods.push(Period::half(y, 1)?);
        periods.push(Period::half(y, 2)?);
        periods.push(Period::year(y)?);
        out.extend(
            periods
                .into_iter()
                .map(|p| Choice::new(p.code(), p.label_vi())),
        );
    }
    Ok(out)
}

fn table(env: &Env<'_>, period: Option<String>) -> CmdResult<IndicatorTableDto> {
    let today = env.today();
    let period = match period {
        Some(p) => Period::parse(&p)?,
        None => Period::quarter(today.year(), today.month0() / 3 + 1)?,
    };
    let code = period.code();
    let rows = indicator_table(env.store.conn(), Some(&code))?
        .into_iter()
        .map(IndicatorRow::from)
        .collect();
    Ok(IndicatorTableDto {
        period: code,
        period_label: period.label_vi(),
        periods: period_choices(today.year())?,
        rows,
    })
}

/// The indicator table with each actual of `period` (a code like `2026-Q4`; default: the
/// current quarter).
#[tauri::command]
pub async fn indicator_table_for(
    state: State<'_, AppState>,
    period: Option<String>,
) -> CmdResult<IndicatorTableDto> {
    blocking(&state, move |env| table(env, given(&period))).await
}

/// Adds an indicator (the same name twice is refused as `duplicate`).
#[tauri::command]
pub async fn add_indicator_item(
    state: State<'_, AppState>,
    form: IndicatorForm,
) -> CmdResult<IndicatorRow> {
    blocking(&state, move |env| {
        let input = IndicatorInput {
            name: form.name,
            unit: given(&form.unit),
            target: form.target,
            responsible_unit: given(&form.responsible_unit),
            notes: given(&form.notes),
        };
        let ind = env.write(|tx, ctx, _| add_indicator(tx, ctx, &input))?;
        Ok(IndicatorRow {
            id: ind.id,
            name: ind.name,
            unit: ind.unit,
            target: ind.target,
            responsible_unit: ind.responsible_unit,
            notes: ind.notes,
            actual: None,
        })
    })
    .await
}

/// Records (or corrects) an indicator's actual for a period; answers the updated row.
#[tauri::command]
pub async fn record_indicator_actual(
    state: State<'_, AppState>,
    form: ActualForm,
) -> CmdResult<IndicatorRow> {
    blocking(&state, move |env| {
        let evidence = given(&form.evidence);
        let actual = env.write(|tx, ctx, _| {
            record_actual(
                tx,
                ctx,
                &form.indicator_id,
                &form.period,
                &form.value,
                evidence.as_deref(),
            )
        })?;
        let ind = get_indicator(env.store.conn(), &form.indicator_id)?;
        Ok(IndicatorRow {
            id: ind.id,
            name: ind.name,
            unit: ind.unit,
            target: ind.target,
            responsible_unit: ind.responsible_unit,
            notes: ind.notes,
            actual: Some(actual.into()),
        })
    })
    .await
}

/// Lets the clerk pick the plan's indicator table (.csv, .xlsx, .xls). `None` when cancelled.
#[tauri::command]
pub async fn pick_indicator_file(app: AppHandle) -> CmdResult<Option<String>> {
    super::pick_table_file(app, "Chọn bảng chỉ tiêu của kế hoạch").await
}

/// Imports (or, with `dry_run`, previews) a plan's indicator table. With bad rows and without
/// `skip_bad_rows` nothing is written; the report lists the rows' errors either way.
#[tauri::command]
pub async fn import_indicator_file(
    state: State<'_, AppState>,
    form: IndicatorImportForm,
) -> CmdResult<IndicatorImportDto> {
    blocking(&state, move |env| {
        let path = PathBuf::from(form.path.trim());
        let report = env.write(|tx, ctx, _| {
            import_indicators(tx, ctx, &path, form.dry_run, form.skip_bad_rows)
        })?;
        tracing::info!(
            dry_run = form.dry_run,
            imported = report.imported,
            errors = report.errors.len(),
            "indicator table import"
        );
        Ok(report.into())
    })
    .await
}

#[cfg(test)]
mod tests {
    #[test]
    fn periods_offer_this_year_first() {
        let p = super::period_choices(2026).unwrap();
        assert_eq!(p[0].code, "2026-Q1");
        assert_eq!(p[2].label, "Quý III năm 2026");
        assert_eq!(p[6].code, "2026");
        assert_eq!(p[7].code, "2025-Q1");
        assert_eq!(p.len(), 14);
    }
}
