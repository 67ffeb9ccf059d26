//! Periodic reports: the list with the reports still expected, create for a period, the
//! editor (figures recomputed while draft, section autosave, signer and recipients), issue
//! with a number, submit to the province, export PDF/DOCX and print.
//!
//! "In" writes the PDF to a temporary file and opens it in the system viewer: WebKitGTK cannot
//! show a PDF inline, and the viewer's own print dialog knows the printers.

use crate::dto::reports::{
    DetailsForm, ExportedDto, NewReportForm, ReportDetailDto, ReportRow, ReportsPageDto,
    SectionForm, SubmittedDto, TemplateChoice,
};
use crate::dto::{given, iso};
use crate::error::{AppError, CmdResult};
use crate::state::{AppState, Env, blocking};
use std::path::PathBuf;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;
use vanthu_local::report::{
    self, NewReport, ReportDetails, ReportFilter, ReportStatus, SectionEdit,
};
use vanthu_report::{Format, ReportError};

/// When set, exports skip the save dialog and write into this folder under the suggested
/// file name (the end-to-end tests cannot drive the native GTK dialog).
pub const EXPORT_DIR_ENV: &str = "VANTHU_EXPORT_DIR";

impl From<ReportError> for AppError {
    fn from(e: ReportError) -> AppError {
        if !e.is_refusal() {
            tracing::error!(code = e.code(), error = %e, "report rendering failed");
        }
        AppError::new(e.code(), e.to_string())
    }
}

/// The reports list (newest period first), the reports expected and not yet created, and
/// the templates offered for a new one.
#[tauri::command]
pub async fn list_reports_page(
    state: State<'_, AppState>,
    year: Option<i32>,
) -> CmdResult<ReportsPageDto> {
    blocking(&state, move |env| {
        let conn = env.store.conn();
        let items = report::list_reports(conn, &ReportFilter { year, status: None })?
            .into_iter()
            .map(|i| {
                // Only a returned report has comments worth a line in the list.
                let comments = match i.status {
                    ReportStatus::Returned => report::get_report(conn, &i.id)?
                        .review
                        .and_then(|r| r.comments),
                    _ => None,
                };
                Ok(ReportRow::new(i, comments))
            })
            .collect::<CmdResult<Vec<_>>>()?;
        Ok(ReportsPageDto {
            items,
            expected: report::expected_reports(conn, env.today())?
                .into_iter()
                .map(Into::into)
                .collect(),
            templates: report::list_templates(conn)?
                .iter()
                .map(TemplateChoice::from)
                .collect(),
        })
    })
    .await
}

fn detail(env: &Env<'_>, id: &str) -> CmdResult<ReportDetailDto> {
    let conn = env.store.conn();
    let r = report::get_report(conn, id)?;
    Ok(ReportDetailDto::new(&r, report::report_versions(conn, id)?))
}

/// Creates the draft of a period's report: figures computed, sections pre-drafted.
#[tauri::command]
pub async fn create_report_draft(
    state: State<'_, AppState>,
    form: NewReportForm,
) -> CmdResult<ReportDetailDto> {
    blocking(&state, move |env| {
        let input = NewReport {
            period: form.period.trim().to_string(),
            template: given(&form.template),
            signer: given(&form.signer),
        };
        let r = env.write(|tx, ctx, _| report::create_report(tx, ctx, &input))?;
        tracing::info!(period = %r.period.code(), template = %r.template_id, "report created");
        detail(env, &r.id)
    })
    .await
}

/// Opens a report in the editor; a draft's figures are recomputed first (untouched sections
/// follow them), as `vanthu report show` does.
#[tauri::command]
pub async fn open_report(state: State<'_, AppState>, id: String) -> CmdResult<ReportDetailDto> {
    blocking(&state, move |env| {
        env.write(|tx, ctx, _| report::refresh_report(tx, ctx, &id))?;
        detail(env, &id)
    })
    .await
}

/// Saves one section (autosave or explicit). Every save is kept as a version.
#[tauri::command]
pub async fn save_report_section(
    state: State<'_, AppState>,
    id: String,
    form: SectionForm,
) -> CmdResult<ReportDetailDto> {
    blocking(&state, move |env| {
        let edit = SectionEdit {
            key: form.key,
            text: form.text,
            autosave: form.autosave,
            base_revision: form.base_revision,
        };
        env.write(|tx, ctx, _| report::edit_section(tx, ctx, &id, &edit))?;
        detail(env, &id)
    })
    .await
}

/// Changes the signer and the "Nơi nhận" lines.
#[tauri::command]
pub async fn save_report_details(
    state: State<'_, AppState>,
    id: String,
    form: DetailsForm,
) -> CmdResult<ReportDetailDto> {
    blocking(&state, move |env| {
        let details = ReportDetails {
            signer: given(&form.signer),
            recipients: form.recipients.map(|lines| {
                lines
                    .into_iter()
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty())
                    .collect()
            }),
            archive: given(&form.archive),
            ..Default::default()
        };
        env.write(|tx, ctx, _| report::edit_report_details(tx, ctx, &id, &details))?;
        detail(env, &id)
    })
    .await
}

/// Issues the report as an outgoing document: the next number of the year's series.
#[tauri::command]
pub async fn issue_report_number(
    state: State<'_, AppState>,
    id: String,
    issued_date: Option<String>,
) -> CmdResult<ReportDetailDto> {
    blocking(&state, move |env| {
        let date = given(&issued_date);
        let r = env.write(|tx, ctx, _| report::issue_report(tx, ctx, &id, date.as_deref()))?;
        tracing::info!(symbol = ?r.symbol(), "report issued");
        detail(env, &id)
    })
    .await
}

/// Submits the report to the province: figures frozen; it travels at the next sync.
#[tauri::command]
pub async fn submit_report_to_province(
    state: State<'_, AppState>,
    id: String,
) -> CmdResult<SubmittedDto> {
    blocking(&state, move |env| {
        let s = env.write(|tx, ctx, _| report::submit_report(tx, ctx, &id))?;
        tracing::info!(attempt = s.attempt, "report submitted");
        Ok(SubmittedDto {
            report: detail(env, &id)?,
            attempt: s.attempt,
            submitted_on: iso(s.submitted_on),
            on_time: s.on_time,
        })
    })
    .await
}

/// "bao-cao-2026-Q4.pdf": a file name without spaces or diacritics, safe on every OS.
fn file_name(period: &str, format: Format) -> String {
    let ext = match format {
        Format::Pdf => "pdf",
        Format::Docx => "docx",
    };
    let safe: String = period
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("bao-cao-{safe}.{ext}")
}

/// Renders the report (a draft's figures recomputed first) into `path`.
async fn render_to(
    state: &AppState,
    id: String,
    format: Format,
    path: PathBuf,
) -> CmdResult<ExportedDto> {
    blocking(state, move |env| {
        env.write(|tx, ctx, _| report::refresh_report(tx, ctx, &id))?;
        let done = vanthu_report::export_report(env.store.conn(), &id, format, &path, env.today())?;
        tracing::info!(path = %done.path, bytes = done.bytes, "report exported");
        Ok(ExportedDto {
            path: done.path,
            format: match format {
                Format::Pdf => "pdf",
                Format::Docx => "docx",
            }
            .into(),
            bytes: u32::try_from(done.bytes).unwrap_or(u32::MAX),
        })
    })
    .await
}

/// Exports to PDF or DOCX at a place chosen in the save dialog; `None` when cancelled.
#[tauri::command]
pub async fn export_report_file(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    format: String,
) -> CmdResult<Option<ExportedDto>> {
    let format = Format::parse(&format)?;
    let period = blocking(&state, {
        let id = id.clone();
        move |env| Ok(report::get_report(env.store.conn(), &id)?.period.code())
    })
    .await?;
    let name = file_name(&period, format);
    let path = match std::env::var_os(EXPORT_DIR_ENV) {
        Some(dir) => PathBuf::from(dir).join(&name),
        None => {
            let (filter, ext) = match format {
                Format::Pdf => ("Tệp PDF", "pdf"),
                Format::Docx => ("Tài liệu Word", "docx"),
            };
            // The dialog blocks its thread until closed: run it off the async runtime.
            let picked = tauri::async_runtime::spawn_blocking(move || {
                app.dialog()
                    .file()
                    .set_title("Lưu báo cáo")
                    .set_file_name(&name)
                    .add_filter(filter, &[ext])
                    .blocking_save_file()
            })
            .await
            .map_err(AppError::internal)?;
            let Some(file) = picked else {
                return Ok(None);
            };
            file.into_path().map_err(AppError::internal)?
        }
    };
    render_to(&state, id, format, path).await.map(Some)
}

/// "In": the PDF in a temporary folder, opened in the system viewer (which prints).
#[tauri::command]
pub async fn print_report(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
) -> CmdResult<ExportedDto> {
    let dir = std::env::temp_dir().join("VanThu").join("in");
    std::fs::create_dir_all(&dir)
        .map_err(|e| AppError::new("io", format!("Không tạo được thư mục tạm: {e}")))?;
    let period = blocking(&state, {
        let id = id.clone();
        move |env| Ok(report::get_report(env.store.conn(), &id)?.period.code())
    })
    .await?;
    let path = dir.join(file_name(&period, Format::Pdf));
    let done = render_to(&state, id, Format::Pdf, path).await?;
    app.opener()
        .open_path(done.path.clone(), None::<&str>)
        .map_err(|e| AppError::new("io", format!("Không mở được tệp PDF để in: {e}")))?;
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_file_names_are_plain() {
        assert_eq!(file_name("2026-Q4", Format::Pdf), "bao-cao-2026-Q4.pdf");
        assert_eq!(
            file_name("2026-10-01..2026-10-15", Format::Docx),
            "bao-cao-2026-10-01--2026-10-15.docx"
        );
    }
}
