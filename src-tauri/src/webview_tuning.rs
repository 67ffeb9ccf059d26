//! Keeps the webview light on an old office laptop (issue: ≤ 150 MB at idle).
//!
//! The `DocumentViewer` cache model drops the memory caches a browser keeps for back/forward
//! navigation between sites, which a single-page app never uses.
//!
//! Tried and withdrawn: turning accelerated compositing off (hardware-acceleration policy
//! `Never` from the setup hook, or WebKitGTK's `WEBKIT_DISABLE_COMPOSITING_MODE` before the web
//! process starts) roughly halved the web process at idle, but on a fresh store WebKit's
//! snapshots (the WebDriver screenshots the end-to-end tests take) then never returned. A
//! rendering path the tests cannot drive is not one to ship; `scripts/bench-app.sh` measures
//! what is left.

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
        use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
        if let Some(context) = wv.inner().context() {
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
