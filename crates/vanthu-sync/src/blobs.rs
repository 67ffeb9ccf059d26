//! Attachments: uploaded after the records that reference them (the server reports which it
//! lacks) and downloaded after pulling, both resumable by byte range. A download grows
//! `<blob>.part` and becomes the blob only after its SHA-256 matches, so a killed download
//! resumes and a corrupt one never becomes an attachment.

use crate::client::Remote;
use crate::{Progress, SyncError};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;
use vanthu_local::attachments::blob_path;
use vanthu_protocol::BLOB_CHUNK_BYTES;

/// Uploads each of `shas` this device has; returns how many completed.
pub async fn upload(
    remote: &Remote,
    data_dir: &Path,
    shas: &[String],
    progress: &Progress,
) -> Result<u32, SyncError> {
    let mut done = 0;
    for sha in shas {
        if !blob_path(data_dir, sha).exists() {
            continue; // another device of the unit has it
        }
        // Through the one reader that decrypts a sealed blob: the province gets the content
        // (over TLS), its hash being the name both sides agree on.
        let (dir, name) = (data_dir.to_path_buf(), sha.clone());
        let bytes =
            tokio::task::spawn_blocking(move || vanthu_local::attachments::read_blob(&dir, &name))
                .await
                .map_err(|e| SyncError::Protocol(e.to_string()))??;
        let total = bytes.len() as i64;
        let mut offset = remote.blob_status(sha).await?.received;
        while offset < total {
            let end = (offset as usize + BLOB_CHUNK_BYTES).min(bytes.len());
            let chunk = bytes[offset as usize..end].to_vec();
            match remote.blob_put(sha, offset, total, chunk).await {
                Ok(status) => {
                    progress.bytes_up(end as i64 - offset);
                    if status.complete {
                        break;
                    }
                    offset = status.received;
                }
                // The server has a different amount (an earlier upload died after it stored a
                // chunk): resume from what it has.
                Err(SyncError::Server { code, .. }) if code == "blob_offset" => {
                    offset = remote.blob_status(sha).await?.received;
                }
                Err(e) => return Err(e),
            }
        }
        done += 1;
    }
    Ok(done)
}

/// Downloads each of `wanted` (sha256, size); returns how many are now present.
pub async fn download(
    remote: &Remote,
    data_dir: &Path,
    wanted: &[(String, i64)],
    progress: &Progress,
) -> Result<u32, SyncError> {
    let mut done = 0;
    for (sha, size) in wanted {
        let target = blob_path(data_dir, sha);
        let part = target.with_extension("part");
        let dir = target.parent().expect("blob path has a parent");
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(|e| SyncError::Local(io_error(dir, e)))?;
        loop {
            let have = tokio::fs::metadata(&part)
                .await
                .map(|m| m.len() as i64)
                .unwrap_or(0);
            if have >= *size && *size > 0 {
                break;
            }
            let Some(bytes) = remote.blob_get(sha, have).await? else {
                break; // the server has not received it yet
            };
            if bytes.is_empty() {
                break;
            }
            let p = part.clone();
            let n = bytes.len() as i64;
            tokio::task::spawn_blocking(move || -> std::io::Result<()> {
                let mut f = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&p)?;
                f.write_all(&bytes)?;
                f.sync_all()
            })
            .await
            .map_err(|e| SyncError::Protocol(e.to_string()))?
            .map_err(|e| SyncError::Local(io_error(&part, e)))?;
            progress.bytes_down(n);
        }
        if !part.exists() {
            continue;
        }
        let content = tokio::fs::read(&part)
            .await
            .map_err(|e| SyncError::Local(io_error(&part, e)))?;
        if hex::encode(Sha256::digest(&content)) != *sha {
            let _ = tokio::fs::remove_file(&part).await;
            if content.len() as i64 >= *size {
                return Err(SyncError::BlobCorrupt);
            }
            continue;
        }
        // Stored like any attachment (sealed in an encrypted store), then the download removed.
        let dir = data_dir.to_path_buf();
        tokio::task::spawn_blocking(move || vanthu_local::attachments::write_blob(&dir, &content))
            .await
            .map_err(|e| SyncError::Protocol(e.to_string()))??;
        let _ = tokio::fs::remove_file(&part).await;
        done += 1;
    }
    Ok(done)
}

fn io_error(path: &Path, source: std::io::Error) -> vanthu_local::LocalError {
    vanthu_local::LocalError::Io {
        path: path.display().to_string(),
        source,
    }
}
