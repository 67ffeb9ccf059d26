//! Where a store's key is kept. First choice is the OS keyring (`keyring` crate: Windows
//! Credential Manager, macOS Keychain, the Secret Service on Linux), which the OS encrypts
//! with the user's login. When no keyring service answers (CI, a server without a desktop
//! session, `VANTHU_KEYRING=off`) the key goes to a file outside the data directory, readable
//! by the user only, so copying the data directory (a USB backup, a shared folder) never
//! carries the key with it.

use super::DbKey;
use crate::{LocalError, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The plaintext sidecar in the data directory (and in each backup of an encrypted store).
pub const SIDECAR_FILE: &str = "vanthu-encryption.json";
/// Overrides the key file folder (tests, servers).
pub const KEY_DIR_ENV: &str = "VANTHU_KEY_DIR";
/// `off` keeps keys out of the OS keyring (key files only).
pub const KEYRING_ENV: &str = "VANTHU_KEYRING";
/// The keyring service name; the entry's user is the store id.
const KEYRING_SERVICE: &str = "VanThu";

/// Where one store's key was put.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum KeyPlace {
    /// The OS keyring, service `VanThu`, user = store id.
    Keyring,
    /// A key file (hex, mode 0600).
    File { path: PathBuf },
}

impl KeyPlace {
    /// In Vietnamese, for messages.
    pub fn describe(&self) -> String {
        match self {
            KeyPlace::Keyring => "kho khóa của hệ điều hành".into(),
            KeyPlace::File { path } => format!("tệp khóa {}", path.display()),
        }
    }
}

/// The sidecar: names the store and where its key lives; never the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyInfo {
    pub format: u32,
    pub store_id: String,
    /// What protects the data, for a person reading the file.
    pub cipher: String,
    pub key_place: KeyPlace,
    pub encrypted_at: i64,
}

impl KeyInfo {
    pub fn new(store_id: String, key_place: KeyPlace, now_ms: i64) -> KeyInfo {
        KeyInfo {
            format: 1,
            store_id,
            cipher:
                "SQLCipher 4 (AES-256, khóa ngẫu nhiên 256 bit); tệp đính kèm XChaCha20-Poly1305"
                    .into(),
            key_place,
            encrypted_at: now_ms,
        }
    }

    /// The sidecar in `dir`, `None` if there is none (a plaintext store).
    pub fn read(dir: &Path) -> Result<Option<KeyInfo>> {
        let path = dir.join(SIDECAR_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(serde_json::from_slice(&bytes)?)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(LocalError::io(&path, e)),
        }
    }

    /// Writes the sidecar into `dir` (temporary file, then rename).
    pub fn write(&self, dir: &Path) -> Result<()> {
        let path = dir.join(SIDECAR_FILE);
        let tmp = dir.join(format!("{SIDECAR_FILE}.tmp"));
        std::fs::write(&tmp, serde_json::to_vec_pretty(self)?)
            .and_then(|_| sync_file(&tmp))
            .and_then(|_| std::fs::rename(&tmp, &path))
            .map_err(|e| LocalError::io(&path, e))
    }
}

fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::File::open(path)?.sync_all()
}

/// The places keys are saved to and looked up in.
#[derive(Debug, Clone)]
pub struct KeyStorage {
    /// Try the OS keyring first.
    pub keyring: bool,
    /// Folder of key files (outside every data directory).
    pub key_dir: PathBuf,
}

impl KeyStorage {
    /// The keyring unless `VANTHU_KEYRING=off`; key files in `VANTHU_KEY_DIR`, else
    /// `<config dir>/vanthu/keys` (Linux `$XDG_CONFIG_HOME/vanthu/keys`, Windows
    /// `%APPDATA%\vanthu\keys`).
    pub fn from_env() -> KeyStorage {
        let keyring = !std::env::var(KEYRING_ENV)
            .is_ok_and(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "off" | "0" | "no"));
        let key_dir = std::env::var_os(KEY_DIR_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                dirs::config_dir()
                    .unwrap_or_else(|| PathBuf::from("."))
                    .join("vanthu")
                    .join("keys")
            });
        KeyStorage { keyring, key_dir }
    }

    /// Key files in `key_dir` only, never the keyring (tests).
    pub fn files_only(key_dir: impl Into<PathBuf>) -> KeyStorage {
        KeyStorage {
            keyring: false,
            key_dir: key_dir.into(),
        }
    }

    fn key_file(&self, store_id: &str) -> PathBuf {
        self.key_dir.join(format!("{store_id}.key"))
    }

    /// Saves `key` in the keyring if one answers (and reads it back), else in the key file.
    pub fn save(&self, store_id: &str, key: &DbKey) -> Result<KeyPlace> {
        if self.keyring {
            match save_in_keyring(store_id, key) {
                Ok(()) => return Ok(KeyPlace::Keyring),
                Err(e) => tracing_note(&format!("keyring unavailable, using a key file: {e}")),
            }
        }
        let path = self.key_file(store_id);
        write_private(&self.key_dir, &path, key.to_hex().as_bytes())?;
        Ok(KeyPlace::File { path })
    }

    /// The key of the store `info` describes: from the kind of place the sidecar names first,
    /// then the other (a key put back by a recovery code may be in either). `None` if neither
    /// has it.
    pub fn load(&self, info: &KeyInfo) -> Result<Option<DbKey>> {
        // Only this storage's folder: the path in the sidecar says where the key was put on
        // the laptop that wrote it, which a copied backup must not reach.
        let from_file = || -> Result<Option<DbKey>> {
            let path = self.key_file(&info.store_id);
            match std::fs::read_to_string(&path) {
                Ok(text) => DbKey::from_hex(&text)
                    .map(Some)
                    .ok_or_else(|| LocalError::Encryption {
                        code: "key_file_damaged",
                        message: format!(
                            "Tệp khóa {} bị hỏng. Hãy nhập mã khôi phục: vanthu key recover <MÃ KHÔI PHỤC>.",
                            path.display()
                        ),
                    }),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(LocalError::io(&path, e)),
            }
        };
        let from_keyring = || {
            if self.keyring {
                load_from_keyring(&info.store_id)
            } else {
                None
            }
        };
        Ok(match info.key_place {
            KeyPlace::Keyring => match from_keyring() {
                Some(k) => Some(k),
                None => from_file()?,
            },
            KeyPlace::File { .. } => match from_file()? {
                Some(k) => Some(k),
                None => from_keyring(),
            },
        })
    }
}

/// The keyring is best effort by design (the key file and the recovery code back it up), so
/// its failures are logged for whoever debugs, not raised.
fn tracing_note(message: &str) {
    tracing::info!("{message}");
}

fn save_in_keyring(store_id: &str, key: &DbKey) -> std::result::Result<(), String> {
    let entry = keyring::Entry::new(KEYRING_SERVICE, store_id).map_err(|e| e.to_string())?;
    entry
        .set_password(&key.to_hex())
        .map_err(|e| e.to_string())?;
    // Some backends accept a write and keep nothing (a mock or a locked session store):
    // only a key read back counts as saved.
    match entry.get_password() {
        Ok(back) if DbKey::from_hex(&back).is_some_and(|k| k.as_bytes() == key.as_bytes()) => {
            Ok(())
        }
        Ok(_) => Err("the keyring returned a different value".into()),
        Err(e) => Err(e.to_string()),
    }
}

fn load_from_keyring(store_id: &str) -> Option<DbKey> {
    let entry = keyring::Entry::new(KEYRING_SERVICE, store_id).ok()?;
    match entry.get_password() {
        Ok(text) => DbKey::from_hex(&text),
        Err(e) => {
            tracing_note(&format!("keyring: {e}"));
            None
        }
    }
}

/// Writes a file only its owner can read (0600 in a 0700 folder on Unix; on Windows the
/// per-user config folder is already private to the account).
fn write_private(dir: &Path, path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    std::fs::create_dir_all(dir).map_err(|e| LocalError::io(dir, e))?;
    let tmp = path.with_extension("key.tmp");
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
        opts.mode(0o600);
    }
    let mut f = opts.open(&tmp).map_err(|e| LocalError::io(&tmp, e))?;
    f.write_all(bytes)
        .and_then(|_| f.write_all(b"\n"))
        .and_then(|_| f.sync_all())
        .map_err(|e| LocalError::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| LocalError::io(path, e))
}
