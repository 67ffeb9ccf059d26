//! Attachment files, stored content-addressed by SHA-256 under `<data dir>/blobs/ab/<hash>`.
//!
//! The blob is written (atomically, via a temporary file and rename) before the linking row's
//! transaction commits. If that transaction rolls back, an unreferenced blob remains: harmless,
//! since identical content maps to the same name, and never the other way round (a row pointing
//! at a missing file).
//!
//! In an encrypted store every blob is sealed (see [`crate::crypto`]): write through
//! [`write_blob`] and read through [`read_blob`], never the file directly.

use crate::outbox::{self, Op};
use crate::{Context, LocalError, Result};
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file attached to a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: String,
    pub document_kind: String,
    pub document_id: String,
    pub sha256: String,
    pub file_name: String,
    pub size: i64,
    pub added_at: i64,
}

/// Where the blob with `sha256` lives.
pub fn blob_path(data_dir: &Path, sha256: &str) -> PathBuf {
    data_dir.join("blobs").join(&sha256[..2]).join(sha256)
}

/// Copies `source` into the blob store and returns (sha256, size).
pub fn store_blob(data_dir: &Path, source: &Path) -> Result<(String, i64)> {
    let bytes = std::fs::read(source).map_err(|e| LocalError::io(source, e))?;
    write_blob(data_dir, &bytes)
}

/// Puts `bytes` into the blob store of `data_dir` (sealed if the store is encrypted) and
/// returns (sha256, size). Content already stored is not written again.
pub fn write_blob(data_dir: &Path, bytes: &[u8]) -> Result<(String, i64)> {
    let sha = hex::encode(Sha256::digest(bytes));
    let target = blob_path(data_dir, &sha);
    if !target.exists() {
        let sealed = crate::crypto::blob_key_for(data_dir)?
            .map(|key| crate::crypto::seal_blob(&key, &sha, bytes));
        let dir = target.parent().expect("blob path has a parent");
        std::fs::create_dir_all(dir).map_err(|e| LocalError::io(dir, e))?;
        let tmp = dir.join(format!("{sha}.tmp"));
        let mut f = std::fs::File::create(&tmp).map_err(|e| LocalError::io(&tmp, e))?;
        f.write_all(sealed.as_deref().unwrap_or(bytes))
            .and_then(|_| f.sync_all())
            .map_err(|e| LocalError::io(&tmp, e))?;
        std::fs::rename(&tmp, &target).map_err(|e| LocalError::io(&target, e))?;
    }
    Ok((sha, bytes.len() as i64))
}

/// The content of the blob `sha256` of the store in `data_dir`: the one way every reader
/// (sync upload, the app's viewer, exports) gets an attachment. Sealed blobs are decrypted;
/// every blob is checked against its hash, so a tampered file is an error.
pub fn read_blob(data_dir: &Path, sha256: &str) -> Result<Vec<u8>> {
    let path = blob_path(data_dir, sha256);
    let bytes = std::fs::read(&path).map_err(|e| LocalError::io(&path, e))?;
    let key = if crate::crypto::is_sealed(&bytes) {
        crate::crypto::blob_key_for(data_dir)?
    } else {
        None
    };
    crate::crypto::open_blob(key.as_ref(), sha256, &bytes)
}

/// Stores `source` and links it to a document in the caller's transaction.
pub fn attach(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    data_dir: &Path,
    document_kind: &str,
    document_id: &str,
    source: &Path,
) -> Result<Attachment> {
    crate::accounts::require(tx, ctx, vanthu_core::authz::Permission::RegisterIncoming)?;
    let bytes = std::fs::read(source).map_err(|e| LocalError::io(source, e))?;
    let file_name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "tep-dinh-kem".into());
    attach_bytes(
        tx,
        ctx,
        data_dir,
        document_kind,
        document_id,
        &file_name,
        &bytes,
    )
}

/// [`attach`] for content already in memory (an attachment received from the province).
pub fn attach_bytes(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    data_dir: &Path,
    document_kind: &str,
    document_id: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<Attachment> {
    crate::accounts::require(tx, ctx, vanthu_core::authz::Permission::RegisterIncoming)?;
    let (sha256, size) = write_blob(data_dir, bytes)?;
    let att = Attachment {
        id: ctx.new_id(),
        document_kind: document_kind.into(),
        document_id: document_id.into(),
        sha256,
        file_name: vanthu_core::text::normalize_line("tên tệp", file_name)?,
        size,
        added_at: ctx.clock.now_ms(),
    };
    crate::store::exec(tx,
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

/// The attachments of one document, oldest first.
pub fn list_for(
    conn: &rusqlite::Connection,
    kind: &str,
    document_id: &str,
) -> Result<Vec<Attachment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, document_kind, document_id, sha256, file_name, size, added_at
         FROM attachments WHERE document_kind = ?1 AND document_id = ?2 ORDER BY added_at, id",
    )?;
    let rows = stmt.query_map(rusqlite::params![kind, document_id], |r| {
        Ok(Attachment {
            id: r.get(0)?,
            document_kind: r.get(1)?,
            document_id: r.get(2)?,
            sha256: r.get(3)?,
            file_name: r.get(4)?,
            size: r.get(5)?,
            added_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
