//! "Văn bản nhận từ tỉnh": documents the province sent down, registered in the incoming
//! register with one action (attachments included, from the blobs sync downloaded).

use crate::incoming::{IncomingInput, Registered, register_incoming};
use crate::{Context, LocalError, Result, attachments::blob_path, store::exec};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;
use std::path::Path;
use vanthu_protocol::ProvinceDocument;

/// One document of the inbox.
#[derive(Debug, Clone, Serialize)]
pub struct InboxItem {
    pub document: ProvinceDocument,
    pub received_at: i64,
    /// Set once registered: the incoming document's id.
    pub registered_incoming_id: Option<String>,
    pub registered_at: Option<i64>,
    /// Whether every attachment has been downloaded.
    pub attachments_ready: bool,
}

/// The inbox, newest first; `waiting_only` hides registered documents.
pub fn list_inbox(
    conn: &Connection,
    data_dir: &Path,
    waiting_only: bool,
) -> Result<Vec<InboxItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT payload, received_at, registered_incoming_id, registered_at FROM province_inbox
         WHERE (?1 = 0 OR registered_incoming_id IS NULL) ORDER BY received_at DESC, id DESC",
    )?;
    let rows = stmt.query_map([waiting_only as i64], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<i64>>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (payload, received_at, registered_incoming_id, registered_at) = row?;
        let document: ProvinceDocument = serde_json::from_str(&payload)?;
        let attachments_ready = document
            .attachments
            .iter()
            .all(|a| blob_path(data_dir, &a.sha256).exists());
        out.push(InboxItem {
            document,
            received_at,
            registered_incoming_id,
            registered_at,
            attachments_ready,
        });
    }
    Ok(out)
}

/// Finds an inbox document by id or by the last characters of its id.
fn resolve(tx: &Transaction<'_>, reference: &str) -> Result<(String, String, Option<String>)> {
    let reference = reference.trim();
    let mut stmt = tx.prepare_cached(
        "SELECT id, payload, registered_incoming_id FROM province_inbox
         WHERE id = ?1 OR (length(?1) >= 6 AND id LIKE '%' || ?1)",
    )?;
    let rows = stmt
        .query_map([reference], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    match rows.len() {
        1 => Ok(rows.into_iter().next().expect("one row")),
        0 => Err(LocalError::NotFound {
            what: "văn bản nhận từ tỉnh",
            key: reference.into(),
        }),
        _ => Err(LocalError::Sync {
            code: "ambiguous",
            message: format!("Có nhiều văn bản khớp \"{reference}\"; hãy nhập đủ mã."),
        }),
    }
}

/// Registers an inbox document as an incoming document (số đến taken now), with its
/// attachments, and marks it registered — all in `tx`.
pub fn register_from_inbox(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    data_dir: &Path,
    reference: &str,
    arrival_date: Option<String>,
) -> Result<Registered> {
    let (id, payload, registered) = resolve(tx, reference)?;
    if let Some(existing) = registered {
        return Err(LocalError::Sync {
            code: "already_registered",
            message: format!("Văn bản này đã được vào sổ (mã văn bản đến {existing})."),
        });
    }
    let doc: ProvinceDocument = serde_json::from_str(&payload)?;
    // Blobs are content-addressed files; `attach` names the attachment after the source file,
    // so each blob is linked under its original name through a staging copy.
    let staging = data_dir.join("tmp").join(ctx.new_id());
    let mut files = Vec::new();
    for a in &doc.attachments {
        let blob = blob_path(data_dir, &a.sha256);
        if !blob.exists() {
            return Err(LocalError::Sync {
                code: "attachment_missing",
                message: format!(
                    "Tệp đính kèm \"{}\" chưa tải về xong. Hãy đồng bộ lại rồi vào sổ.",
                    a.file_name
                ),
            });
        }
        let dir = staging.join(files.len().to_string());
        std::fs::create_dir_all(&dir).map_err(|e| LocalError::io(&dir, e))?;
        let name = Path::new(&a.file_name)
            .file_name()
            .map(|n| n.to_owned())
            .unwrap_or_else(|| "tep-dinh-kem".into());
        let target = dir.join(name);
        // Decrypted for the moment it takes to register (the staging folder is removed below;
        // `attach` finds the blob already stored under its hash and does not write it again).
        let plain = crate::attachments::read_blob(data_dir, &a.sha256)?;
        std::fs::write(&target, plain).map_err(|e| LocalError::io(&target, e))?;
        files.push(target);
    }
    let input = IncomingInput {
        issuer: doc.issuer.clone(),
        symbol: doc.symbol.clone(),
        doc_date: doc.doc_date.clone(),
        doc_type: doc.doc_type.clone(),
        summary: doc.summary.clone(),
        urgency: doc.urgency.clone(),
        signer: doc.signer.clone(),
        notes: doc.notes.clone(),
        arrival_date,
        attachments: files,
        ..IncomingInput::default()
    };
    let result = register_incoming(tx, ctx, data_dir, &input);
    let _ = std::fs::remove_dir_all(&staging);
    let registered = result?;
    exec(
        tx,
        "UPDATE province_inbox SET registered_incoming_id = ?1, registered_at = ?2 WHERE id = ?3",
        rusqlite::params![registered.document.id, ctx.clock.now_ms(), id],
    )?;
    Ok(registered)
}

/// The inbox document an incoming document was registered from, if any.
pub fn inbox_origin(conn: &Connection, incoming_id: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT id FROM province_inbox WHERE registered_incoming_id = ?1",
            [incoming_id],
            |r| r.get(0),
        )
        .optional()?)
}
