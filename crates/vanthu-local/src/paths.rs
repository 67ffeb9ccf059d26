//! Where the data lives: the OS's per-user data folder (Linux `$XDG_DATA_HOME` or
//! `~/.local/share`, Windows `%APPDATA%`, macOS `~/Library/Application Support`) unless
//! overridden by `--data-dir` or `VANTHU_DATA_DIR`.

use std::path::PathBuf;

/// Environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "VANTHU_DATA_DIR";

/// The default data directory for this OS, `<data dir>/VanThu`.
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("VanThu")
}

/// The explicit choice if any, else `VANTHU_DATA_DIR`, else the OS default.
pub fn resolve_data_dir(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| {
            std::env::var_os(DATA_DIR_ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .unwrap_or_else(default_data_dir)
}
