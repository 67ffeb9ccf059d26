//! Digital signatures on documents (issue 9): verifying the PAdES / PKCS#7 signatures inside
//! PDF attachments, and the leader signing an approved outgoing document's PDF with a PKCS#12
//! certificate file. The cryptography and PDF work are in `vanthu-sign`; this module reads
//! attachments through [`attachments::read_blob`] (which decrypts sealed blobs), stores the
//! latest check per attachment and ties signing into the outgoing workflow.
//!
//! A check result is derived data (verifying again re-creates it): it is stored locally for the
//! screens, not synced and not written to the audit trail.

use crate::attachments::{self, Attachment};
use crate::outbox::{self, Op};
use crate::outgoing::{
    OutgoingDocument, StepInput, get_outgoing, resolve_outgoing_ref, step_outgoing,
};
use crate::{Context, LocalError, Result};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;
use std::path::{Path, PathBuf};
use vanthu_core::CoreError;
use vanthu_core::outgoing::OutgoingStatus;
use vanthu_sign::{SignOptions, SignatureReport, SignatureStatus, SigningKey, TrustStore};

/// The folder of trust anchors (root and intermediate CA certificates, PEM or DER):
/// `<data dir>/trust/`. The province hands out the national root CA file to copy there.
pub fn trust_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("trust")
}

/// The trust anchors of `dir`, or of the data directory's trust folder.
pub fn load_trust(data_dir: &Path, dir: Option<&Path>) -> Result<TrustStore> {
    let default = trust_dir(data_dir);
    Ok(TrustStore::from_dir(dir.unwrap_or(&default))?)
}

/// The latest signature check of one attachment.
#[derive(Debug, Clone, Serialize)]
pub struct AttachmentSignatures {
    pub attachment_id: String,
    pub file_name: String,
    pub checked_at: i64,
    pub checked_by: String,
    /// The worst status among the signatures; `None` when the PDF is not signed.
    pub status: Option<SignatureStatus>,
    /// Every signature's byte range reaches the end of the file.
    pub covers_whole: bool,
    pub reports: Vec<SignatureReport>,
    /// Why the file could not be read as a PDF at all.
    pub error: Option<String>,
}

impl AttachmentSignatures {
    /// One line in Vietnamese: "Hợp lệ", "Không có chữ ký số", "Không hợp lệ — …".
    pub fn summary_vi(&self) -> String {
        if let Some(e) = &self.error {
            return format!("{}: {e}", SignatureStatus::Malformed.label_vi());
        }
        match self.status {
            None => "Không có chữ ký số".into(),
            Some(s) => {
                let mut line = s.label_vi().to_string();
                if !self.covers_whole && s != SignatureStatus::Malformed {
                    line.push_str(" — tệp đã được bổ sung, sửa đổi sau khi ký");
                }
                line
            }
        }
    }
}

/// Whether the bytes look like a PDF (the header within the first 1024 bytes).
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

/// Verifies the signatures of attachment `attachment_id` and stores the result.
pub fn verify_attachment(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    data_dir: &Path,
    attachment_id: &str,
    trust: &TrustStore,
) -> Result<AttachmentSignatures> {
    // Reading is open to every valid account; this refuses unknown or disabled ones.
    crate::accounts::acting_role(tx, ctx)?;
    let att = get_attachment(tx, attachment_id)?;
    let bytes = attachments::read_blob(data_dir, &att.sha256)?;
    let checked = check_bytes(ctx, &att, &bytes, trust);
    store(tx, &checked)?;
    Ok(checked)
}

/// Verifies every PDF attachment of a document (`kind` is `incoming` or `outgoing`); other
/// files are skipped.
pub fn verify_document_attachments(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    data_dir: &Path,
    kind: &str,
    document_id: &str,
    trust: &TrustStore,
) -> Result<Vec<AttachmentSignatures>> {
    crate::accounts::acting_role(tx, ctx)?;
    let mut out = Vec::new();
    for att in attachments::list_for(tx, kind, document_id)? {
        let bytes = attachments::read_blob(data_dir, &att.sha256)?;
        if !is_pdf(&bytes) {
            continue;
        }
        let checked = check_bytes(ctx, &att, &bytes, trust);
        store(tx, &checked)?;
        out.push(checked);
    }
    Ok(out)
}

/// The stored checks of a document's attachments (those checked at least once).
pub fn stored_for(
    conn: &Connection,
    kind: &str,
    document_id: &str,
) -> Result<Vec<AttachmentSignatures>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.attachment_id, a.file_name, s.checked_at, s.checked_by, s.status,
                s.covers_whole, s.reports, s.error
         FROM attachment_signatures s JOIN attachments a ON a.id = s.attachment_id
         WHERE a.document_kind = ?1 AND a.document_id = ?2
         ORDER BY a.added_at, a.id",
    )?;
    let rows = stmt.query_map(rusqlite::params![kind, document_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, bool>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, Option<String>>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (attachment_id, file_name, checked_at, checked_by, status, covers, reports, error) =
            row?;
        out.push(AttachmentSignatures {
            attachment_id,
            file_name,
            checked_at,
            checked_by,
            status: status.as_deref().and_then(SignatureStatus::parse),
            covers_whole: covers,
            reports: serde_json::from_str(&reports)?,
            error,
        });
    }
    Ok(out)
}

fn check_bytes(
    ctx: &Context<'_>,
    att: &Attachment,
    bytes: &[u8],
    trust: &TrustStore,
) -> AttachmentSignatures {
    let (reports, error) = match vanthu_sign::verify(bytes, trust) {
        Ok(r) => (r, None),
        Err(e) => (Vec::new(), Some(e.to_string())),
    };
    AttachmentSignatures {
        attachment_id: att.id.clone(),
        file_name: att.file_name.clone(),
        checked_at: ctx.clock.now_ms(),
        checked_by: ctx.actor.to_string(),
        status: if error.is_some() {
            Some(SignatureStatus::Malformed)
        } else {
            vanthu_sign::worst(&reports)
        },
        covers_whole: reports.iter().all(|r| r.covers_whole_document),
        reports,
        error,
    }
}

fn store(tx: &Transaction<'_>, c: &AttachmentSignatures) -> Result<()> {
    crate::store::exec(
        tx,
        "INSERT INTO attachment_signatures (attachment_id, checked_at, checked_by, status,
             signature_count, covers_whole, reports, error)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (attachment_id) DO UPDATE SET checked_at = excluded.checked_at,
             checked_by = excluded.checked_by, status = excluded.status,
             signature_count = excluded.signature_count, covers_whole = excluded.covers_whole,
             reports = excluded.reports, error = excluded.error",
        rusqlite::params![
            c.attachment_id,
            c.checked_at,
            c.checked_by,
            c.status.map(SignatureStatus::code),
            c.reports.len() as i64,
            c.covers_whole,
            serde_json::to_string(&c.reports)?,
            c.error,
        ],
    )?;
    Ok(())
}

fn get_attachment(conn: &Connection, id: &str) -> Result<Attachment> {
    conn.query_row(
        "SELECT id, document_kind, document_id, sha256, file_name, size, added_at
         FROM attachments WHERE id = ?1",
        [id],
        |r| {
            Ok(Attachment {
                id: r.get(0)?,
                document_kind: r.get(1)?,
                document_id: r.get(2)?,
                sha256: r.get(3)?,
                file_name: r.get(4)?,
                size: r.get(5)?,
                added_at: r.get(6)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| LocalError::NotFound {
        what: "tệp đính kèm",
        key: id.to_string(),
    })
}

/// The leader's digital signature on an outgoing document, as input.
pub struct SignOutgoingInput<'a> {
    /// The PDF to sign (the document as it will be issued).
    pub pdf: &'a [u8],
    /// The name the signed file is attached under.
    pub file_name: &'a str,
    /// The .p12/.pfx file and its password, or the PKCS#11 token.
    pub key: SigningKey<'a>,
    pub options: SignOptions,
}

/// What signing an outgoing document did.
#[derive(Debug, Clone, Serialize)]
pub struct SignedOutgoing {
    pub document: OutgoingDocument,
    pub attachment: Attachment,
    pub check: AttachmentSignatures,
}

/// The leader signs the PDF of an outgoing document with a .p12 file or a token. Allowed to those who may
/// sign (lãnh đạo); the document must be approved (the `sign` step is then taken, with the
/// certificate's name as signer) or already signed, issued or sent (the signed file is added).
/// The signed PDF becomes an attachment of the document and its check is stored.
pub fn sign_outgoing(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    data_dir: &Path,
    reference: &str,
    input: &SignOutgoingInput<'_>,
    trust: &TrustStore,
) -> Result<SignedOutgoing> {
    crate::accounts::require(tx, ctx, vanthu_core::authz::Permission::Approve)?;
    let id = resolve_outgoing_ref(tx, reference)?;
    let doc = get_outgoing(tx, &id)?;
    use OutgoingStatus as S;
    if !matches!(doc.status, S::Approved | S::Signed | S::Issued | S::Sent) {
        return Err(CoreError::InvalidTransition {
            state: doc.status.label_vi().into(),
            action: "ký số (văn bản phải được duyệt trước)".into(),
        }
        .into());
    }
    let signed = vanthu_sign::sign_with(input.pdf, input.key, &input.options)?;
    let attachment = link_signed_pdf(tx, ctx, data_dir, &id, input.file_name, &signed)?;
    let check = check_bytes(ctx, &attachment, &signed, trust);
    store(tx, &check)?;
    let document = if doc.status == S::Approved {
        let signer = check
            .reports
            .last()
            .and_then(|r| r.signer.as_ref())
            .and_then(|s| s.common_name.clone());
        step_outgoing(
            tx,
            ctx,
            &id,
            &StepInput {
                action: "sign".into(),
                signer: doc.signer.clone().or(signer),
                note: Some(
                    match input.key {
                        SigningKey::P12 { .. } => "Ký số bằng chứng thư số (.p12)",
                        SigningKey::Token(_) => "Ký số bằng token chữ ký số (PKCS#11)",
                    }
                    .into(),
                ),
                ..StepInput::default()
            },
        )?
    } else {
        doc
    };
    Ok(SignedOutgoing {
        document,
        attachment,
        check,
    })
}

/// Stores the signed PDF and links it to the outgoing document. Not [`attachments::attach_bytes`]:
/// that one requires the clerk's permission to register documents, and here the leader, who
/// may sign but not register, attaches the file they have just signed.
fn link_signed_pdf(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    data_dir: &Path,
    document_id: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<Attachment> {
    let (sha256, size) = attachments::write_blob(data_dir, bytes)?;
    let att = Attachment {
        id: ctx.new_id(),
        document_kind: "outgoing".into(),
        document_id: document_id.into(),
        sha256,
        file_name: vanthu_core::text::normalize_line("tên tệp", file_name)?,
        size,
        added_at: ctx.clock.now_ms(),
    };
    crate::store::exec(
        tx,
        "INSERT INTO attachments (id, document_kind, document_id, sha256, file_name, size, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        rusqlite::params![
            att.id,
            att.document_kind,
            att.document_id,
            att.sha256,
            att.file_name,
            att.size,
            att.added_at
        ],
    )?;
    outbox::record(tx, ctx, "attachment", &att.id, Op::Append, &att)?;
    Ok(att)
}
