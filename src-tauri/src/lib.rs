//! VanThu's desktop shell (Tauri 2): window, plugins, logging and the IPC commands over
//! `vanthu-local`. Everything the focal point does goes through the same use cases as the
//! `vanthu` CLI; this crate only adapts them to the webview.

pub mod bindings;
pub mod commands;
pub mod daily_backup;
pub mod dto;
pub mod error;
pub mod reminders;
pub mod session;
pub mod state;
pub mod sync_loop;
mod webview_tuning;

use state::{AppState, Shared};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;
use tauri::Manager;

/// Environment variable naming a file the app writes when the UI first becomes interactive
/// (used by `scripts/bench-app.sh` to time cold start).
pub const READY_FILE_ENV: &str = "VANTHU_READY_FILE";

/// When the process started, for the "interactive after … ms" log line.
struct Started(Instant);

/// Logs go to `<data dir>/logs/vanthu.log.<date>` (daily files) and to stderr in debug builds.
fn init_logging(log_dir: &Path) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    use tracing_subscriber::prelude::*;
    let filter = tracing_subscriber::EnvFilter::try_from_env("VANTHU_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let (file, guard) = match std::fs::create_dir_all(log_dir) {
        Ok(()) => {
            let appender = tracing_appender::rolling::daily(log_dir, "vanthu.log");
            let (writer, guard) = tracing_appender::non_blocking(appender);
            (
                Some(
                    tracing_subscriber::fmt::layer()
                        .with_ansi(false)
                        .with_writer(writer),
                ),
                Some(guard),
            )
        }
        Err(e) => {
            eprintln!(
                "VanThu: cannot create the log folder {}: {e}",
                log_dir.display()
            );
            (None, None)
        }
    };
    let stderr = cfg!(debug_assertions)
        .then(|| tracing_subscriber::fmt::layer().with_writer(std::io::stderr));
    // A second init (tests) fails harmlessly.
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(file)
        .with(stderr)
        .try_init();
    guard
}

/// Called by the UI once its first screen has data: logs the time to interactive and, for
/// the benchmark, writes it to the file named by `VANTHU_READY_FILE`.
#[tauri::command]
fn ui_ready(started: tauri::State<'_, Started>) {
    let ms = started.0.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(ms = format!("{ms:.0}"), "interactive");
    if let Some(path) = std::env::var_os(READY_FILE_ENV) {
        let _ = std::fs::write(PathBuf::from(path), format!("{ms:.1}\n"));
    }
}

/// Starts the app; returns when the last window closes.
pub fn run() {
    let started = Started(Instant::now());
    let data_dir = vanthu_local::paths::resolve_data_dir(None);
    let log_dir = data_dir.join("logs");
    let _guard = init_logging(&log_dir);
    tracing::info!(data_dir = %data_dir.display(), version = env!("CARGO_PKG_VERSION"), "VanThu starting");
    let shared: AppState = Arc::new(Shared::open(data_dir, log_dir));

    let app = tauri::Builder::default()
        // Must be first: a second launch hands over to the running app and exits.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .manage(shared)
        .manage(started)
        .setup(|app| {
            if let Some(w) = app.get_webview_window("main") {
                webview_tuning::apply(&w);
            }
            // Sync runs on the async runtime, which exists from here on.
            let shared = app.state::<AppState>();
            if let Err(e) = shared.sync.start() {
                tracing::error!(error = %e, "cannot start sync");
            }
            reminders::spawn(app.handle().clone(), shared.inner().clone());
            daily_backup::spawn(shared.inner().clone());
            Ok(())
        })
        // Every command passes the session gate first (login, idle lock).
        .invoke_handler(session::guarded(tauri::generate_handler![
            ui_ready,
            commands::accounts::auth_status,
            commands::accounts::login,
            commands::accounts::logout,
            commands::accounts::lock,
            commands::accounts::unlock,
            commands::accounts::touch_session,
            commands::accounts::change_password,
            commands::accounts::list_user_accounts,
            commands::accounts::create_user_account,
            commands::accounts::update_user_account,
            commands::accounts::set_idle_minutes,
            commands::backup_status::backup_status_card,
            commands::app::app_info,
            commands::app::setup_app,
            commands::app::home,
            commands::incoming::list_incoming_page,
            commands::incoming::get_incoming_detail,
            commands::incoming::register_incoming_doc,
            commands::incoming::transition_incoming_doc,
            commands::incoming::attach_incoming_files,
            commands::incoming::open_attachment,
            commands::outgoing::list_outgoing_page,
            commands::outgoing::get_outgoing_detail,
            commands::outgoing::create_outgoing_doc,
            commands::outgoing::step_outgoing_doc,
            commands::reports::list_reports_page,
            commands::reports::create_report_draft,
            commands::reports::open_report,
            commands::reports::save_report_section,
            commands::reports::save_report_details,
            commands::reports::issue_report_number,
            commands::reports::submit_report_to_province,
            commands::reports::export_report_file,
            commands::reports::print_report,
            commands::tasks::list_task_rows,
            commands::tasks::get_task_detail,
            commands::tasks::create_task_item,
            commands::tasks::assign_task_item,
            commands::tasks::report_task_progress,
            commands::tasks::pick_plan_file,
            commands::tasks::import_plan_file,
            commands::meetings::list_meetings,
            commands::meetings::create_meeting_item,
            commands::meetings::export_meetings_ics,
            commands::meetings::import_meetings_ics,
            commands::indicators::indicator_table_for,
            commands::indicators::add_indicator_item,
            commands::indicators::record_indicator_actual,
            commands::indicators::pick_indicator_file,
            commands::indicators::import_indicator_file,
            commands::settings::get_settings,
            commands::settings::save_rules,
            commands::settings::add_holiday_override,
            commands::settings::remove_holiday_override,
            commands::sync::sync_state,
            commands::sync::enrol_device,
            commands::sync::request_sync,
            commands::sync::list_province_inbox,
            commands::sync::register_province_doc,
            commands::signatures::verify_incoming_signatures,
            commands::signatures::sign_outgoing_pdf,
            commands::signatures::list_signing_tokens,
            commands::signatures::pick_signing_file,
            commands::recovery::recovery_status,
            commands::recovery::confirm_recovery_code_saved,
            commands::sync_records::record_sync_state,
            commands::sync_records::record_sync_states,
            commands::sync_records::sync_conflict_log,
            commands::sync_records::unseen_sync_conflicts,
            commands::sync_records::acknowledge_sync_conflicts,
            commands::backup::list_backup_folder,
            commands::backup::pick_backup_folder,
            commands::backup::create_backup_now,
            commands::backup::verify_backup_at,
            commands::backup::restore_backup_at,
        ]))
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            tracing::error!(error = %e, "cannot start the window");
            eprintln!("VanThu: không khởi động được cửa sổ ứng dụng: {e}");
            std::process::exit(1);
        }
    }
}
