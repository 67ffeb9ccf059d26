//! Digital signatures on the PDFs attached to incoming documents: checked when attached and on
//! demand ("Kiểm tra chữ ký số"), against the trust anchors in `<data dir>/trust/`.

use crate::commands::incoming::detail;
use crate::dto::incoming::IncomingDetail;
use crate::error::CmdResult;
use crate::state::{AppState, Env, blocking};
use tauri::State;
use vanthu_local::incoming::resolve_ref;
use vanthu_local::signatures::{load_trust, verify_document_attachments};

/// Checks every PDF attachment of incoming document `id` and stores the results.
pub(crate) fn check_incoming(env: &mut Env<'_>, id: &str) -> CmdResult<()> {
    let trust = load_trust(env.store.data_dir(), None)?;
    env.write(|tx, ctx, dir| {
        verify_document_attachments(tx, ctx, dir, "incoming", id, &trust).map(|_| ())
    })?;
    Ok(())
}

/// Re-checks the signatures of a document's PDF attachments (e.g. after the province handed
/// out its root CA file) and returns the refreshed detail.
#[tauri::command]
pub async fn verify_incoming_signatures(
    state: State<'_, AppState>,
    reference: String,
) -> CmdResult<IncomingDetail> {
    blocking(&state, move |env| {
        let id = resolve_ref(env.store.conn(), &reference)?;
        check_incoming(env, &id)?;
        detail(env, &id)
    })
    .await
}
