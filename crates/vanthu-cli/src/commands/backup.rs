//! `vanthu backup …`: create, list, verify and restore backups; the daily automatic backup.

use super::Env;
use crate::output::{print_json, table};
use clap::Subcommand;
use std::path::{Path, PathBuf};
use vanthu_local::Context;
use vanthu_local::backup::{
    BackupInfo, backup_root, count_labels, create_backup, ensure_daily, list_backups, read_backup,
    restore_backup, rotate, verify_backup,
};

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Sao lưu ngay (vào thư mục đã chọn, ví dụ ổ USB).
    Create {
        /// Thư mục chứa bản sao lưu (mặc định: thư mục sao lưu của đơn vị).
        #[arg(long)]
        dir: Option<PathBuf>,
        #[arg(long, default_value = "thu cong")]
        reason: String,
        /// Giữ lại bao nhiêu bản mới nhất.
        #[arg(long, default_value_t = 14)]
        keep: usize,
        #[arg(long)]
        json: bool,
    },
    /// Sao lưu hằng ngày nếu bản gần nhất đã quá 24 giờ (dùng cho lịch tự động).
    Auto {
        #[arg(long, default_value_t = 14)]
        keep: usize,
        #[arg(long)]
        json: bool,
    },
    /// Danh sách bản sao lưu.
    List {
        #[arg(long)]
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Kiểm tra một bản sao lưu (mở, kiểm tra toàn vẹn, đối chiếu số bản ghi và tệp đính kèm).
    Verify {
        path: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Khôi phục từ bản sao lưu: không có --yes thì chỉ xem trước nội dung.
    Restore {
        path: PathBuf,
        #[arg(long)]
        yes: bool,
        #[arg(long)]
        json: bool,
    },
}

impl BackupCommand {
    pub fn json(&self) -> bool {
        match self {
            BackupCommand::Create { json, .. }
            | BackupCommand::Auto { json, .. }
            | BackupCommand::List { json, .. }
            | BackupCommand::Verify { json, .. }
            | BackupCommand::Restore { json, .. } => *json,
        }
    }

    /// Whether the command replaces the database (the store must be closed first).
    pub fn is_restore(&self) -> bool {
        matches!(self, BackupCommand::Restore { yes: true, .. })
    }
}

pub fn run(env: &mut Env, cmd: BackupCommand) -> anyhow::Result<()> {
    let ctx = Context {
        actor: &env.actor,
        clock: env.clock.as_ref(),
    };
    match cmd {
        BackupCommand::Create {
            dir,
            reason,
            keep,
            json,
        } => {
            let root = match dir {
                Some(d) => d,
                None => backup_root(&env.store)?,
            };
            let info = create_backup(&env.store, &ctx, &root, &reason)?;
            rotate(&root, keep)?;
            if json {
                return print_json(&info);
            }
            println!("Đã sao lưu và kiểm tra: {}", info.path.display());
            print_counts(&info);
            Ok(())
        }
        BackupCommand::Auto { keep, json } => {
            let made = ensure_daily(&env.store, &ctx, keep)?;
            if json {
                return print_json(&made);
            }
            match made {
                Some(info) => println!("Đã sao lưu hằng ngày: {}", info.path.display()),
                None => println!("Bản sao lưu gần nhất chưa quá 24 giờ: không cần sao lưu."),
            }
            Ok(())
        }
        BackupCommand::List { dir, json } => {
            let root = match dir {
                Some(d) => d,
                None => backup_root(&env.store)?,
            };
            let list = list_backups(&root)?;
            if json {
                return print_json(&list);
            }
            let mut t = table(&["Thời điểm", "Lý do", "Văn bản đến", "Văn bản đi", "Thư mục"]);
            for b in &list {
                t.add_row(vec![
                    when(b.manifest.created_at),
                    b.manifest.reason.clone(),
                    b.manifest
                        .counts
                        .get("incoming_documents")
                        .copied()
                        .unwrap_or(0)
                        .to_string(),
                    b.manifest
                        .counts
                        .get("outgoing_documents")
                        .copied()
                        .unwrap_or(0)
                        .to_string(),
                    b.path.display().to_string(),
                ]);
            }
            println!("{t}");
            Ok(())
        }
        BackupCommand::Verify { path, json } => {
            let v = verify_backup(&path)?;
            if json {
                print_json(&v)?;
            } else if v.ok {
                println!("Bản sao lưu hợp lệ: {}", path.display());
            }
            if !v.ok {
                anyhow::bail!(vanthu_local::LocalError::BackupInvalid {
                    path: path.display().to_string(),
                    problems: v.problems.join("; ")
                });
            }
            Ok(())
        }
        BackupCommand::Restore { path, json, .. } => {
            // Preview only (the real restore runs with the store closed: see `restore`).
            let v = verify_backup(&path)?;
            let info = read_backup(&path)?;
            if json {
                return print_json(&serde_json::json!({ "preview": info, "verification": v }));
            }
            println!(
                "Bản sao lưu lúc {} ({}):",
                when(info.manifest.created_at),
                info.manifest.reason
            );
            print_counts(&info);
            if !v.ok {
                anyhow::bail!(vanthu_local::LocalError::BackupInvalid {
                    path: path.display().to_string(),
                    problems: v.problems.join("; ")
                });
            }
            println!("Thêm --yes để khôi phục (dữ liệu hiện tại sẽ được sao lưu trước).");
            Ok(())
        }
    }
}

/// The real restore, called with no store open.
pub fn restore(
    data_dir: &Path,
    actor: &str,
    clock: &dyn vanthu_local::Clock,
    cmd: BackupCommand,
) -> anyhow::Result<()> {
    let BackupCommand::Restore { path, json, .. } = cmd else {
        unreachable!("only restore")
    };
    let ctx = Context { actor, clock };
    let info = restore_backup(&path, data_dir, &ctx)?;
    if json {
        return print_json(&info);
    }
    println!(
        "Đã khôi phục dữ liệu từ bản sao lưu lúc {}.",
        when(info.manifest.created_at)
    );
    print_counts(&info);
    Ok(())
}

fn when(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| {
            t.with_timezone(&vanthu_core::time::vietnam_offset())
                .format("%H:%M %d/%m/%Y")
                .to_string()
        })
        .unwrap_or_default()
}

fn print_counts(info: &BackupInfo) {
    for (table, label) in count_labels() {
        if let Some(n) = info.manifest.counts.get(*table) {
            println!("- {n} {label}");
        }
    }
    if let (Some(a), Some(b)) = (&info.manifest.first_arrival, &info.manifest.last_arrival) {
        println!("- văn bản đến từ {a} đến {b}");
    }
}
