//! Keeps the webview light on an old office laptop (issue: ≤ 150 MB at idle).
//!
//! Measured with `scripts/bench-app.sh`: WebKitGTK's web process held ≈ 160–210 MB at idle,
//! most of it the accelerated-compositing path (GL buffers, and under a software GL driver
//! Mesa's LLVM) that a register table, forms and a few cards never need. With the hardware
//! acceleration policy at `Never` it draws the same pages in software, without compositing
//! layers, in about half that. The `DocumentViewer` cache model drops the memory caches a
//! browser keeps for back/forward navigation between sites, which a single-page app never uses.
//!
//! In that mode WebKit's WebDriver screenshot waits for the view's next presentation update,
//! which a page that does not change never sends; the end-to-end tests therefore change one
//! pixel while they take a screenshot (`tests/e2e/driver.js`, `screenshot`). Nothing a person
//! does in the app asks for a snapshot.

/// Applies the settings to the main window's webview (Linux: WebKitGTK). Best effort: a
/// failure leaves the defaults, which only cost memory. `VANTHU_WEBVIEW_DEFAULTS=1` keeps
/// WebKit's defaults: an escape hatch, and the "before" of the benchmark.
#[cfg(target_os = "linux")]
pub fn apply(window: &tauri::WebviewWindow) {
    if std::env::var_os("VANTHU_WEBVIEW_DEFAULTS").is_some_and(|v| v == "1") {
        tracing::info!("webview defaults kept (VANTHU_WEBVIEW_DEFAULTS=1)");
        return;
    }
    let done = window.with_webview(|wv| {
        use webkit2gtk::{
            CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
        };
        let view = wv.inner();
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
        if let Some(context) = view.context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
    });
    if let Err(e) = done {
        tracing::warn!(error = %e, "webview settings not applied");
    }
}

/// Other platforms' webviews (WebView2, WKWebView) manage their memory themselves.
#[cfg(not(target_os = "linux"))]
pub fn apply(_window: &tauri::WebviewWindow) {}
