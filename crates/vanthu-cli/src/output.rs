//! Printing: JSON for scripts (`--json`), readable tables with Vietnamese headers for people,
//! and errors as `Lỗi: …` (or `{code, message}` JSON) with the documented exit codes.

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;
use std::process::ExitCode;
use vanthu_core::CoreError;
use vanthu_local::LocalError;

/// Prints a value as pretty JSON on stdout.
pub fn print_json(value: &impl Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// A table with the given Vietnamese headers, wrapped to the terminal.
pub fn table(headers: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.iter().copied());
    t
}

/// `dd/mm/yyyy`, or empty.
pub fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(vanthu_core::time::format_date).unwrap_or_default()
}

/// Prints the error and chooses the exit code: 1 refused by a rule, 3 the machine failed.
pub fn report_error(err: &anyhow::Error, json: bool) -> ExitCode {
    let (code, message, refusal) = if let Some(e) = err.downcast_ref::<LocalError>() {
        (e.code(), e.to_string(), e.is_refusal())
    } else if let Some(e) = err.downcast_ref::<vanthu_report::ReportError>() {
        (e.code(), e.to_string(), e.is_refusal())
    } else if let Some(e) = err.downcast_ref::<CoreError>() {
        (e.code(), e.to_string(), true)
    } else {
        ("internal", format!("{err:#}"), false)
    };
    if json {
        eprintln!(
            "{}",
            serde_json::json!({ "code": code, "message": message })
        );
    } else {
        eprintln!("Lỗi: {message}");
        if code == "duplicate" {
            eprintln!("Nếu đúng là văn bản khác, thêm --allow-duplicate để vẫn đăng ký.");
        }
    }
    ExitCode::from(if refusal { 1 } else { 3 })
}

/// A rate as Vietnamese write it, one decimal with a comma: `94,9 %`; `—` when nothing was
/// measured.
pub fn percent(rate: Option<f64>) -> String {
    match rate {
        Some(r) => format!("{:.1} %", r * 100.0).replace('.', ","),
        None => "—".into(),
    }
}

/// The Vietnamese name of a weekday.
pub fn weekday_vi(d: chrono::NaiveDate) -> &'static str {
    use chrono::{Datelike, Weekday};
    match d.weekday() {
        Weekday::Mon => "Thứ Hai",
        Weekday::Tue => "Thứ Ba",
        Weekday::Wed => "Thứ Tư",
        Weekday::Thu => "Thứ Năm",
        Weekday::Fri => "Thứ Sáu",
        Weekday::Sat => "Thứ Bảy",
        Weekday::Sun => "Chủ nhật",
    }
}

/// After a table import (plan tasks, indicators): the rows' errors on stderr, and exit code 1
/// when bad rows kept the whole file out (neither a dry run nor `--skip-bad-rows`).
pub fn finish_table_import(
    field: &'static str,
    errors: &[vanthu_local::plan::task_import::RowError],
    dry_run: bool,
    skip_bad_rows: bool,
    json: bool,
) -> anyhow::Result<()> {
    if !json {
        for e in errors {
            eprintln!("Lỗi: {}", e.message);
        }
    }
    if !errors.is_empty() && !skip_bad_rows && !dry_run {
        anyhow::bail!(vanthu_local::LocalError::Core(
            vanthu_core::CoreError::InvalidField {
                field,
                reason: format!(
                    "{} dòng lỗi, không nhập dòng nào (dùng --skip-bad-rows để bỏ qua dòng lỗi)",
                    errors.len()
                ),
            }
        ));
    }
    Ok(())
}
