//! The incoming register: list and search, register, detail, workflow, attachments.

use crate::dto::incoming::{
    DeadlineJudge, IncomingDetail, IncomingForm, IncomingPageDto, IncomingQuery, IncomingRow,
    TransitionForm, allowed_actions,
};
use crate::dto::{DocLink, given, iso, iso_opt};
use crate::error::{AppError, CmdResult};
use crate::state::{AppState, Env, blocking};
use std::path::PathBuf;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;
use vanthu_core::doc_type::DocumentType;
use vanthu_core::incoming::IncomingStatus;
use vanthu_core::marks::Urgency;
use vanthu_local::attachments::{self, attach};
use vanthu_local::incoming::{
    IncomingFilter, IncomingInput, TransitionInput, get_incoming, history, list_incoming,
    register_incoming, resolve_ref, transition_incoming,
};
use vanthu_local::search::{SearchSort, search_incoming};

fn filter_of(env: &Env<'_>, q: &IncomingQuery) -> CmdResult<IncomingFilter> {
    let today = env.today();
    let opt = |s: &Option<String>| given(s);
    Ok(IncomingFilter {
        year: q.year,
        status: opt(&q.status)
            .map(|s| IncomingStatus::parse(&s))
            .transpose()?,
        urgency: opt(&q.urgency).map(|s| Urgency::parse(&s)).transpose()?,
        doc_type: opt(&q.doc_type)
            .map(|s| DocumentType::parse(&s))
            .transpose()?,
        overdue_on: (q.view.as_deref() == Some("overdue")).then_some(today),
        due_between: match q.view.as_deref() {
            Some("due_soon") => Some(vanthu_local::calendar::due_soon_window(
                env.store.conn(),
                today,
            )?),
            _ => None,
        },
        limit: q.limit,
        offset: q.offset,
        ..Default::default()
    })
}

/// A page of the register; with `q`, a search with or without diacritics (FTS, newest first).
#[tauri::command]
pub async fn list_incoming_page(
    state: State<'_, AppState>,
    query: IncomingQuery,
) -> CmdResult<IncomingPageDto> {
    blocking(&state, move |env| {
        let filter = filter_of(env, &query)?;
        let conn = env.store.conn();
        let judge = DeadlineJudge::load(conn, env.today())?;
        match given(&query.q) {
            Some(q) => {
                let page = search_incoming(conn, &q, &filter, SearchSort::Newest)?;
                Ok(IncomingPageDto {
                    items: page.items.iter().map(|h| judge.row(&h.document)).collect(),
                    offset: page.offset,
                    limit: page.limit,
                    has_more: page.has_more,
                })
            }
            None => {
                let page = list_incoming(conn, &filter)?;
                Ok(IncomingPageDto {
                    items: page.items.iter().map(|d| judge.row(d)).collect(),
                    offset: page.offset,
                    limit: page.limit,
                    has_more: page.has_more,
                })
            }
        }
    })
    .await
}

pub(crate) fn detail(env: &Env<'_>, id: &str) -> CmdResult<IncomingDetail> {
    let conn = env.store.conn();
    let today = env.today();
    let doc = get_incoming(conn, id)?;
    let judge = DeadlineJudge::load(conn, today)?;
    let reply = match &doc.reply_outgoing_id {
        Some(rid) => {
            let o = vanthu_local::outgoing::get_outgoing(conn, rid)?;
            Some(DocLink {
                id: o.id.clone(),
                label: o.symbol.clone().unwrap_or_else(|| o.summary.clone()),
            })
        }
        None => None,
    };
    let default_deadline = vanthu_local::calendar::deadline_rules(conn)?
        .default_deadline(
            &doc.category,
            doc.urgency,
            doc.arrival_date,
            &judge.calendar,
        )
        .unwrap_or(None);
    Ok(IncomingDetail {
        row: judge.row(&doc),
        recipient: doc.recipient.clone(),
        signer: doc.signer.clone(),
        notes: doc.notes.clone(),
        instructions: doc.instructions.clone(),
        transfer_date: iso_opt(doc.transfer_date),
        completed_on: iso_opt(doc.completed_on),
        result: doc.result.clone(),
        category: doc.category.clone(),
        reply,
        history: history(conn, id)?.into_iter().map(Into::into).collect(),
        attachments: super::signatures::with_signatures(conn, "incoming", id)?,
        actions: allowed_actions(doc.status),
        default_deadline: default_deadline.map(iso),
    })
}

/// One document with its history, files and allowed steps; `reference` is the id or `5/2026`.
#[tauri::command]
pub async fn get_incoming_detail(
    state: State<'_, AppState>,
    reference: String,
) -> CmdResult<IncomingDetail> {
    blocking(&state, move |env| {
        let id = resolve_ref(env.store.conn(), &reference)?;
        detail(env, &id)
    })
    .await
}

/// Registers a document from the fast add form. A likely duplicate is refused with code
/// `duplicate` unless `allow_duplicate` (the clerk chose "Vẫn đăng ký").
#[tauri::command]
pub async fn register_incoming_doc(
    state: State<'_, AppState>,
    form: IncomingForm,
) -> CmdResult<IncomingRow> {
    blocking(&state, move |env| {
        let input = IncomingInput {
            arrival_date: given(&form.arrival_date),
            issuer: form.issuer,
            symbol: form.symbol,
            doc_date: form.doc_date,
            doc_type: form.doc_type,
            summary: form.summary,
            urgency: given(&form.urgency),
            secrecy: None,
            recipient: given(&form.recipient),
            signer: given(&form.signer),
            notes: given(&form.notes),
            category: None,
            attachments: Vec::new(),
            allow_duplicate: form.allow_duplicate,
        };
        let registered = env.write(|tx, ctx, dir| register_incoming(tx, ctx, dir, &input))?;
        let judge = DeadlineJudge::load(env.store.conn(), env.today())?;
        tracing::info!(no = %registered.document.arrival_ref(), "incoming registered");
        Ok(judge.row(&registered.document))
    })
    .await
}

/// One workflow step (trình, chuyển giao, giao lại, gia hạn, tiến độ, hoàn thành, lưu).
#[tauri::command]
pub async fn transition_incoming_doc(
    state: State<'_, AppState>,
    id: String,
    form: TransitionForm,
) -> CmdResult<IncomingDetail> {
    blocking(&state, move |env| {
        let input = TransitionInput {
            action: form.action,
            assignee: given(&form.assignee),
            instructions: given(&form.instructions),
            deadline: given(&form.deadline),
            reason: given(&form.reason),
            note: given(&form.note),
            result: given(&form.result),
            reply: given(&form.reply),
        };
        env.write(|tx, ctx, _| transition_incoming(tx, ctx, &id, &input))?;
        detail(env, &id)
    })
    .await
}

/// Lets the clerk pick files in the system dialog and attaches them. `None` when cancelled.
#[tauri::command]
pub async fn attach_incoming_files(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
) -> CmdResult<Option<IncomingDetail>> {
    // The dialog blocks its thread until closed, so it runs here on the async side and the
    // store is only taken once files are chosen.
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title("Chọn tệp đính kèm")
            .blocking_pick_files()
    })
    .await
    .map_err(AppError::internal)?;
    let Some(files) = picked else {
        return Ok(None);
    };
    let paths: Vec<PathBuf> = files
        .into_iter()
        .filter_map(|f| f.into_path().ok())
        .collect();
    blocking(&state, move |env| {
        env.write(|tx, ctx, dir| {
            paths
                .iter()
                .map(|p| attach(tx, ctx, dir, "incoming", &id, p))
                .collect::<Result<Vec<_>, _>>()
        })?;
        // The files are kept even if the check cannot run (e.g. a bad file in the trust
        // folder); "Kiểm tra chữ ký số" then shows why.
        if let Err(e) = crate::commands::signatures::check_incoming(env, &id) {
            tracing::warn!(error = %e.message, "signature check after attaching failed");
        }
        detail(env, &id).map(Some)
    })
    .await
}

/// Opens an attachment with the system's viewer. The blob is stored under its hash, so a copy
/// named as the original file goes to a temporary folder first (the viewer picks the program
/// by the extension).
#[tauri::command]
pub async fn open_attachment(
    app: AppHandle,
    state: State<'_, AppState>,
    document_id: String,
    attachment_id: String,
    kind: Option<String>,
) -> CmdResult<()> {
    // The register the document is in: incoming (the default) or outgoing (a signed PDF).
    let kind = match kind.as_deref() {
        None | Some("incoming") => "incoming",
        Some("outgoing") => "outgoing",
        Some(other) => {
            return Err(AppError::new(
                "invalid_value",
                format!("Loại văn bản \"{other}\" không có."),
            ));
        }
    };
    let path = blocking(&state, move |env| {
        let att = attachments::list_for(env.store.conn(), kind, &document_id)?
            .into_iter()
            .find(|a| a.id == attachment_id)
            .ok_or_else(|| vanthu_local::LocalError::NotFound {
                what: "tệp đính kèm",
                key: attachment_id.clone(),
            })?;
        let (sha, name) = (att.sha256, att.file_name);
        // Decrypted (in an encrypted store) and checked against its hash: the viewer gets a
        // plain temporary copy, never the sealed blob.
        let content = attachments::read_blob(env.store.data_dir(), &sha)?;
        let dir = std::env::temp_dir().join("VanThu").join(&sha[..12]);
        let target = dir.join(sanitize(&name));
        std::fs::create_dir_all(&dir)
            .and_then(|_| std::fs::write(&target, &content))
            .map_err(|e| AppError::new("io", format!("Không mở được tệp {name}: {e}")))?;
        Ok(target)
    })
    .await?;
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| AppError::new("io", format!("Không mở được tệp: {e}")))
}

/// A stored file name made safe as a single path component on every OS.
fn sanitize(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    match cleaned.trim_matches(['.', ' ']) {
        "" => "tep-dinh-kem".into(),
        s => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sanitize_keeps_vietnamese_and_drops_separators() {
        assert_eq!(super::sanitize("Kế hoạch 35.pdf"), "Kế hoạch 35.pdf");
        assert_eq!(super::sanitize("../a/b:c.txt"), "_a_b_c.txt");
        assert_eq!(super::sanitize(".."), "tep-dinh-kem");
    }
}
