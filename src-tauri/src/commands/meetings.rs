//! The meeting calendar: week and month views with recurrences expanded, add, and iCalendar
//! export and import through the system's save and open dialogs.

use crate::dto::plan::{CalendarDto, IcsImportDto, MeetingDto, MeetingForm, OccurrenceDto};
use crate::dto::{given, iso};
use crate::error::{AppError, CmdResult};
use crate::state::{AppState, blocking};
use chrono::{Datelike, Duration, NaiveDate};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use vanthu_core::time::vietnam_midnight_ms;
use vanthu_local::plan::meetings::{
    MeetingInput, create_meeting, export_ics, import_ics, occurrences,
};

/// The days a view shows around `anchor`: `(first, after last, previous anchor, next anchor,
/// label)`. A week runs Monday to Sunday, as Vietnamese wall calendars do.
fn span(view: &str, anchor: NaiveDate) -> (NaiveDate, NaiveDate, NaiveDate, NaiveDate, String) {
    if view == "month" {
        let first = anchor.with_day(1).unwrap_or(anchor);
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(first);
        let prev = first
            .checked_sub_months(chrono::Months::new(1))
            .unwrap_or(first);
        let label = format!("Tháng {} năm {}", first.month(), first.year());
        return (first, next, prev, next, label);
    }
    let monday = anchor - Duration::days(anchor.weekday().num_days_from_monday() as i64);
    let next = monday + Duration::days(7);
    let label = format!(
        "Tuần từ {} đến {}",
        monday.format("%d/%m/%Y"),
        (next - Duration::days(1)).format("%d/%m/%Y")
    );
    (monday, next, monday - Duration::days(7), next, label)
}

/// A week (`view = "week"`, the default) or a month of meetings around `date` (ISO; default
/// today), every recurrence expanded.
#[tauri::command]
pub async fn list_meetings(
    state: State<'_, AppState>,
    view: Option<String>,
    date: Option<String>,
) -> CmdResult<CalendarDto> {
    blocking(&state, move |env| {
        let today = env.today();
        let anchor = match given(&date) {
            Some(d) => vanthu_core::time::parse_date("ngày", &d)?,
            None => today,
        };
        let view = if view.as_deref() == Some("month") {
            "month"
        } else {
            "week"
        };
        let (from, to, prev, next, label) = span(view, anchor);
        let list = occurrences(
            env.store.conn(),
            vietnam_midnight_ms(from),
            vietnam_midnight_ms(to),
        )?;
        Ok(CalendarDto {
            view: view.into(),
            label,
            from: iso(from),
            to: iso(to),
            prev: iso(prev),
            next: iso(next),
            today: iso(today),
            occurrences: list.into_iter().map(OccurrenceDto::from).collect(),
        })
    })
    .await
}

/// Adds a meeting; `repeat` is empty, `weekly` or `monthly`.
#[tauri::command]
pub async fn create_meeting_item(
    state: State<'_, AppState>,
    form: MeetingForm,
) -> CmdResult<MeetingDto> {
    blocking(&state, move |env| {
        let input = MeetingInput {
            title: form.title,
            start: form.start,
            end: given(&form.end),
            place: given(&form.place),
            online_link: given(&form.online_link),
            chair: given(&form.chair),
            participants: form
                .participants
                .into_iter()
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
            agenda: given(&form.agenda),
            related_docs: Vec::new(),
            repeat: given(&form.repeat),
            reminder_minutes: form.reminder_minutes,
        };
        let m = env.write(|tx, ctx, _| create_meeting(tx, ctx, &input))?;
        tracing::info!(id = %m.id, "meeting created");
        Ok(m.into())
    })
    .await
}

/// Writes every meeting to an .ics file chosen in the save dialog; the path, or `None` when
/// cancelled.
#[tauri::command]
pub async fn export_meetings_ics(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<Option<String>> {
    let text = blocking(&state, |env| Ok(export_ics(env.store.conn())?)).await?;
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title("Lưu lịch họp (.ics)")
            .set_file_name("lich-hop.ics")
            .add_filter("Lịch (iCalendar)", &["ics"])
            .blocking_save_file()
    })
    .await
    .map_err(AppError::internal)?;
    let Some(path) = picked.and_then(|f| f.into_path().ok()) else {
        return Ok(None);
    };
    std::fs::write(&path, text)
        .map_err(|e| AppError::new("io", format!("Không ghi được tệp {}: {e}", path.display())))?;
    Ok(Some(path.display().to_string()))
}

/// Imports the meetings of an .ics file picked in the open dialog; `None` when cancelled.
/// Meetings already known by their UID are left as they are.
#[tauri::command]
pub async fn import_meetings_ics(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<Option<IcsImportDto>> {
    let picked =
        super::pick_one_file(app, "Chọn tệp lịch (.ics)", "Lịch (iCalendar)", &["ics"]).await?;
    let Some(path) = picked else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| AppError::new("io", format!("Không đọc được tệp {}: {e}", path.display())))?;
    blocking(&state, move |env| {
        let r = env.write(|tx, ctx, _| import_ics(tx, ctx, &text))?;
        Ok(Some(IcsImportDto {
            created: r.created as u32,
            already_present: r.already_present as u32,
            skipped: r.skipped,
        }))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::span;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_week_runs_monday_to_sunday() {
        // Tuesday 24/11/2026.
        let (from, to, prev, next, label) = span("week", d(2026, 11, 24));
        assert_eq!((from, to), (d(2026, 11, 23), d(2026, 11, 30)));
        assert_eq!((prev, next), (d(2026, 11, 16), d(2026, 11, 30)));
        assert_eq!(label, "Tuần từ 23/11/2026 đến 29/11/2026");
    }

    #[test]
    fn a_month_crosses_the_year_end() {
        let (from, to, prev, next, label) = span("month", d(2026, 12, 15));
        assert_eq!((from, to), (d(2026, 12, 1), d(2027, 1, 1)));
        assert_eq!((prev, next), (d(2026, 11, 1), d(2027, 1, 1)));
        assert_eq!(label, "Tháng 12 năm 2026");
    }
}
