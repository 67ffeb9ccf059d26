//! Meeting reminders as desktop notifications. The use case (`due_reminders`, the same one
//! `vanthu meeting reminders` prints) decides which occurrences are inside their reminder
//! window; this loop asks it every half minute and shows each occurrence once per run of the
//! app, through the notification plugin (the system's notification service: D-Bus on Linux,
//! the Action Center on Windows).

use crate::state::{AppState, blocking};
use std::collections::HashSet;
use std::time::Duration;
use tauri::AppHandle;
use tauri_plugin_notification::NotificationExt;
use vanthu_local::plan::meetings::{Occurrence, due_reminders};

/// How often the calendar is checked.
const PERIOD: Duration = Duration::from_secs(30);

/// Occurrences already announced in this run: (meeting, start).
#[derive(Default)]
pub struct Announced(HashSet<(String, i64)>);

impl Announced {
    /// The due occurrences not announced yet; remembers them as announced.
    pub fn fresh(&mut self, due: Vec<Occurrence>) -> Vec<Occurrence> {
        due.into_iter()
            .filter(|o| self.0.insert((o.meeting_id.clone(), o.starts_at)))
            .collect()
    }
}

/// "Họp: TITLE" and "14:00 – 16:30, 28/09/2026 · PLACE" in Vietnam time.
pub fn notification_text(o: &Occurrence) -> (String, String) {
    let at = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .map(|t| t.with_timezone(&vanthu_core::time::vietnam_offset()))
    };
    let mut body = match (at(o.starts_at), at(o.ends_at)) {
        (Some(s), Some(e)) => format!(
            "{} – {}, {}",
            s.format("%H:%M"),
            e.format("%H:%M"),
            s.format("%d/%m/%Y")
        ),
        _ => String::new(),
    };
    if let Some(where_) = o.place.as_deref().or(o.online_link.as_deref()) {
        body.push_str(" · ");
        body.push_str(where_);
    }
    (format!("Sắp đến giờ họp: {}", o.title), body)
}

/// Starts the reminder loop (called once the async runtime exists).
pub fn spawn(app: AppHandle, state: AppState) {
    tauri::async_runtime::spawn(async move {
        let mut announced = Announced::default();
        loop {
            let due = blocking(&state, |env| {
                Ok(due_reminders(env.store.conn(), env.clock.now_ms())?)
            })
            .await;
            match due {
                Ok(due) => {
                    for o in announced.fresh(due) {
                        let (title, body) = notification_text(&o);
                        tracing::info!(meeting = %o.meeting_id, %title, "meeting reminder");
                        if let Err(e) = app
                            .notification()
                            .builder()
                            .title(&title)
                            .body(&body)
                            .show()
                        {
                            // No notification service (e.g. a bare X session): the log keeps it.
                            tracing::warn!(error = %e, "cannot show the reminder");
                        }
                    }
                }
                // Not set up yet, or the store failed to open: nothing to remind of.
                Err(e) => tracing::debug!(error = %e.message, "reminders skipped"),
            }
            tokio::time::sleep(PERIOD).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occ(id: &str, starts_at: i64) -> Occurrence {
        Occurrence {
            meeting_id: id.into(),
            title: "Giao ban trực tuyến quý IV".into(),
            starts_at,
            ends_at: starts_at + 90 * 60_000,
            place: Some("Hội trường UBND xã".into()),
            online_link: None,
            chair: None,
            recurring: true,
        }
    }

    #[test]
    fn each_occurrence_is_announced_once() {
        let mut a = Announced::default();
        assert_eq!(a.fresh(vec![occ("m1", 1_000)]).len(), 1);
        assert!(a.fresh(vec![occ("m1", 1_000)]).is_empty());
        // The next week's occurrence of the same recurring meeting is new.
        assert_eq!(a.fresh(vec![occ("m1", 1_000), occ("m1", 2_000)]).len(), 1);
    }

    #[test]
    fn text_is_in_vietnam_time() {
        // 28/09/2026 07:00 UTC = 14:00 in Vietnam.
        let start = chrono::NaiveDate::from_ymd_opt(2026, 9, 28)
            .unwrap()
            .and_hms_opt(7, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis();
        let (title, body) = notification_text(&occ("m1", start));
        assert_eq!(title, "Sắp đến giờ họp: Giao ban trực tuyến quý IV");
        assert_eq!(body, "14:00 – 15:30, 28/09/2026 · Hội trường UBND xã");
    }
}
