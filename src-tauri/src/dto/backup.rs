//! Backups as the Sao lưu screen shows them: when, why, how big, whether the copy checks out,
//! and what a restore would bring back.

use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;
use vanthu_local::backup::{BackupInfo, Verification, count_labels};

/// One line of a backup's contents ("12 văn bản đến").
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CountLineDto {
    pub label: String,
    #[ts(type = "number")]
    pub count: i64,
}

/// A backup folder.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BackupDto {
    /// Full path of the backup folder (what verify and restore take).
    pub path: String,
    /// The folder's name.
    pub name: String,
    #[ts(type = "number")]
    pub created_at: i64,
    /// Why it was made, in Vietnamese ("Sao lưu thủ công", "Tự động hằng ngày" …).
    pub reason_label: String,
    /// Bytes on disk (database, manifest and attachments).
    #[ts(type = "number")]
    pub size: u64,
    pub counts: Vec<CountLineDto>,
    /// Oldest and newest arrival dates of incoming documents (`yyyy-mm-dd`).
    pub first_arrival: Option<String>,
    pub last_arrival: Option<String>,
    /// The result of checking the copy now (integrity, SHA-256, counts, attachments).
    pub verified: bool,
    /// What is wrong when not verified, in Vietnamese.
    pub problems: Vec<String>,
}

/// The backups of one folder.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BackupListDto {
    /// The folder listed.
    pub folder: String,
    /// Whether it is the unit's default backup folder.
    pub is_default: bool,
    pub items: Vec<BackupDto>,
}

/// The restore's outcome.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RestoredDto {
    pub restored: BackupDto,
    /// Where the data as it was before the restore was saved (to undo a mistaken restore).
    pub safety_folder: String,
}

/// The Vietnamese name of a backup's reason (stored folded, as in the folder name).
pub fn reason_label(reason: &str) -> String {
    match vanthu_core::text::fold(reason).as_str() {
        "thu cong" => "Sao lưu thủ công".into(),
        "hang ngay" => "Tự động hằng ngày".into(),
        "truoc khoi phuc" => "Trước khi khôi phục".into(),
        _ => reason.to_string(),
    }
}

/// Bytes under `path` (files only; a folder that cannot be read counts as empty).
pub fn folder_size(path: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(path) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => folder_size(&e.path()),
            Ok(_) => e.metadata().map(|m| m.len()).unwrap_or(0),
            Err(_) => 0,
        })
        .sum()
}

impl BackupDto {
    pub fn new(info: &BackupInfo, check: &Verification) -> BackupDto {
        let m = &info.manifest;
        BackupDto {
            path: info.path.display().to_string(),
            name: info
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            created_at: m.created_at,
            reason_label: reason_label(&m.reason),
            size: folder_size(&info.path),
            counts: count_labels()
                .iter()
                .filter_map(|(table, label)| {
                    m.counts.get(*table).map(|n| CountLineDto {
                        label: label.to_string(),
                        count: *n,
                    })
                })
                .collect(),
            first_arrival: m.first_arrival.clone(),
            last_arrival: m.last_arrival.clone(),
            verified: check.ok,
            problems: check.problems.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn reasons_read_in_vietnamese() {
        assert_eq!(super::reason_label("thu cong"), "Sao lưu thủ công");
        assert_eq!(super::reason_label("hang ngay"), "Tự động hằng ngày");
        assert_eq!(
            super::reason_label("trước khôi phục"),
            "Trước khi khôi phục"
        );
        assert_eq!(super::reason_label("chuyển máy"), "chuyển máy");
    }
}

/// Whether this laptop's store is encrypted, where its key is, and the code while unconfirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RecoveryDto {
    pub encrypted: bool,
    /// Where the key is kept, in Vietnamese ("khóa trong tệp …", "kho khóa của hệ điều hành").
    pub key_place: Option<String>,
    /// The code in groups of four; only until confirmed, and only for the backup manager.
    pub code: Option<String>,
}
