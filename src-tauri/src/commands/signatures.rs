//! Digital signatures: the PDFs attached to incoming documents, checked when attached and on
//! demand ("Kiểm tra chữ ký số") against the trust anchors in `<data dir>/trust/`; and the
//! leader's signature on an outgoing document's PDF, with a .p12 file or a USB token (PKCS#11).

use crate::commands::incoming::detail;
use crate::dto::given;
use crate::dto::incoming::{AttachmentDto, IncomingDetail, SignatureCheckDto};
use crate::dto::outgoing::{DigitalSignForm, OutgoingDetail, TokenDto};
use crate::error::{AppError, CmdResult};
use crate::state::{AppState, Env, blocking};
use std::path::PathBuf;
use tauri::{AppHandle, State};
use vanthu_local::attachments;
use vanthu_local::incoming::resolve_ref;
use vanthu_local::signatures::{
    SignOutgoingInput, load_trust, sign_outgoing, stored_for, verify_document_attachments,
};
use vanthu_sign::{SignOptions, SigningKey, TokenSpec};

/// A document's files with the last signature check of each PDF (`kind`: incoming, outgoing).
pub(crate) fn with_signatures(
    conn: &rusqlite::Connection,
    kind: &str,
    id: &str,
) -> CmdResult<Vec<AttachmentDto>> {
    let checks = stored_for(conn, kind, id)?;
    Ok(attachments::list_for(conn, kind, id)?
        .into_iter()
        .map(|a| {
            let check = checks.iter().find(|c| c.attachment_id == a.id);
            let mut dto = AttachmentDto::from(a);
            dto.signature = check.map(SignatureCheckDto::from);
            dto
        })
        .collect())
}

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

/// The leader signs the PDF of an approved outgoing document: the signed file is attached, its
/// signature checked, and the "ký" step recorded with the certificate's name.
#[tauri::command]
pub async fn sign_outgoing_pdf(
    state: State<'_, AppState>,
    id: String,
    form: DigitalSignForm,
) -> CmdResult<OutgoingDetail> {
    blocking(&state, move |env| {
        let missing = |what: &str| AppError::new("missing_field", format!("Thiếu {what}."));
        let pdf_path = PathBuf::from(form.pdf_path.trim());
        if form.pdf_path.trim().is_empty() {
            return Err(missing("tệp PDF của văn bản cần ký"));
        }
        let read = |p: &PathBuf| {
            std::fs::read(p).map_err(|e| {
                AppError::new("io", format!("Không đọc được tệp {}: {e}.", p.display()))
            })
        };
        let pdf = read(&pdf_path)?;
        let file_name = pdf_path
            .file_stem()
            .map(|n| format!("{}-da-ky.pdf", n.to_string_lossy()))
            .unwrap_or_else(|| "van-ban-da-ky.pdf".into());
        let p12;
        let spec;
        let key = match form.method.as_str() {
            "p12" => {
                let path = given(&form.p12_path).ok_or_else(|| missing("tệp chứng thư số .p12"))?;
                p12 = read(&PathBuf::from(path))?;
                SigningKey::P12 {
                    der: &p12,
                    password: &form.secret,
                }
            }
            "token" => {
                let module =
                    given(&form.module).ok_or_else(|| missing("thư viện PKCS#11 của token"))?;
                if form.secret.is_empty() {
                    return Err(missing("mã PIN của token"));
                }
                spec = TokenSpec {
                    module: PathBuf::from(module),
                    token_label: given(&form.token_label),
                    key_label: given(&form.key_label),
                    pin: form.secret.clone(),
                };
                SigningKey::Token(&spec)
            }
            other => {
                return Err(AppError::new(
                    "invalid_value",
                    format!("Cách ký \"{other}\" không có (chọn tệp .p12 hoặc token)."),
                ));
            }
        };
        let done = env.write(|tx, ctx, dir| {
            let trust = load_trust(dir, None)?;
            let input = SignOutgoingInput {
                pdf: &pdf,
                file_name: &file_name,
                key,
                options: SignOptions {
                    reason: given(&form.reason),
                    location: None,
                    contact: None,
                },
            };
            sign_outgoing(tx, ctx, dir, &id, &input, &trust)
        })?;
        tracing::info!(
            document = %done.document.id,
            method = %form.method,
            status = ?done.check.status,
            "outgoing document signed digitally"
        );
        crate::commands::outgoing::detail(env, &done.document.id)
    })
    .await
}

/// The tokens plugged in and their certificates (no PIN needed), for `module`.
#[tauri::command]
pub async fn list_signing_tokens(module: String) -> CmdResult<Vec<TokenDto>> {
    tauri::async_runtime::spawn_blocking(move || {
        vanthu_sign::list_tokens(std::path::Path::new(module.trim()))
            .map(|ts| ts.into_iter().map(TokenDto::from).collect())
            .map_err(|e| AppError::from(vanthu_local::LocalError::from(e)))
    })
    .await
    .map_err(AppError::internal)?
}

/// Picks a file for signing: `pdf` (the document), `p12` (the certificate file) or `module`
/// (the token's PKCS#11 library). `None` when cancelled.
#[tauri::command]
pub async fn pick_signing_file(app: AppHandle, kind: String) -> CmdResult<Option<String>> {
    let (title, filter, ext): (&'static str, &'static str, &'static [&'static str]) =
        match kind.as_str() {
            "pdf" => ("Chọn tệp PDF của văn bản cần ký", "PDF", &["pdf"]),
            "p12" => ("Chọn tệp chứng thư số", "Chứng thư số", &["p12", "pfx"]),
            _ => (
                "Chọn thư viện PKCS#11 của token",
                "Thư viện PKCS#11",
                &["so", "dll", "dylib"],
            ),
        };
    Ok(super::pick_one_file(app, title, filter, ext)
        .await?
        .map(|p| p.display().to_string()))
}
