//! `vanthu init`, `vanthu encrypt`, `vanthu key …`: encryption at rest. These run before the
//! store is opened the usual way: a new store is created encrypted, an encrypted store without
//! its key cannot be opened until the recovery code is typed, and converting a store replaces
//! its database file (every connection closed).

use super::login;
use crate::cli::{Args, Command};
use crate::output::print_json;
use clap::{Args as ClapArgs, Subcommand};
use std::path::{Path, PathBuf};
use vanthu_local::crypto::{self, KeyInfo, KeyPlace, KeyStorage, RecoveryCode};
use vanthu_local::{Clock, Context, Store};

#[derive(Debug, ClapArgs)]
pub struct InitArgs {
    /// Không mã hóa (chỉ nên dùng cho dữ liệu thử nghiệm).
    #[arg(long)]
    pub no_encrypt: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, ClapArgs)]
pub struct EncryptArgs {
    /// Giữ lại các bản sao lưu chưa mã hóa (mặc định: xóa sau khi đã có bản sao lưu mã hóa).
    #[arg(long)]
    pub keep_plaintext_backups: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Dữ liệu có được mã hóa không, khóa giải mã đang lưu ở đâu.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Nhập mã khôi phục để đặt lại khóa giải mã trên máy này (máy mới, mất tệp khóa).
    Recover {
        /// Mã khôi phục (14 nhóm 4 ký tự; không phân biệt hoa thường, dấu gạch tùy ý).
        code: String,
        /// Đặt khóa cho một bản sao lưu mã hóa (để kiểm tra và khôi phục nó trên máy này).
        #[arg(long)]
        backup: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

impl KeyCommand {
    pub fn json(&self) -> bool {
        match self {
            KeyCommand::Status { json } | KeyCommand::Recover { json, .. } => *json,
        }
    }
}

/// Whether `command` is one of these (run before the store is opened).
pub fn handles(command: &Command) -> bool {
    matches!(
        command,
        Command::Init(_) | Command::Encrypt(_) | Command::Key(_)
    )
}

pub fn run(data_dir: &Path, args: &Args, clock: &dyn Clock) -> anyhow::Result<()> {
    let storage = KeyStorage::from_env();
    match &args.command {
        Command::Init(a) => init(data_dir, a, &storage, clock),
        Command::Encrypt(a) => encrypt(data_dir, args, a, &storage, clock),
        Command::Key(KeyCommand::Status { json }) => status(data_dir, *json),
        Command::Key(KeyCommand::Recover { code, backup, json }) => {
            let place = match backup {
                Some(b) => crypto::recover_for_backup(b, code, &storage)?,
                None => crypto::recover(data_dir, code, &storage, clock.now_ms())?,
            };
            if *json {
                return print_json(&serde_json::json!({ "key_place": place }));
            }
            match backup {
                Some(b) => println!(
                    "Mã khôi phục đúng. Khóa của bản sao lưu {} đã được lưu vào {}; có thể kiểm tra và khôi phục: vanthu backup restore {} --yes",
                    b.display(),
                    place.describe(),
                    b.display()
                ),
                None => println!(
                    "Mã khôi phục đúng. Khóa giải mã đã được lưu vào {}; dữ liệu mở lại bình thường.",
                    place.describe()
                ),
            }
            Ok(())
        }
        _ => unreachable!("only the commands `handles` accepts"),
    }
}

fn init(
    data_dir: &Path,
    a: &InitArgs,
    storage: &KeyStorage,
    clock: &dyn Clock,
) -> anyhow::Result<()> {
    if a.no_encrypt {
        if data_dir.join(vanthu_local::store::DB_FILE).exists() {
            anyhow::bail!(vanthu_local::LocalError::Encryption {
                code: "store_exists",
                message: format!("Thư mục {} đã có dữ liệu.", data_dir.display()),
            });
        }
        drop(Store::open(data_dir)?);
        if a.json {
            return print_json(&serde_json::json!({ "encrypted": false }));
        }
        println!(
            "Đã tạo dữ liệu KHÔNG mã hóa tại {} (ai lấy được máy đều đọc được).",
            data_dir.display()
        );
        return Ok(());
    }
    let (_store, code, place) = crypto::create_encrypted(data_dir, storage, clock.now_ms())?;
    if a.json {
        return print_json(&serde_json::json!({
            "encrypted": true,
            "key_place": place,
            "recovery_code": code.as_str(),
        }));
    }
    println!(
        "Đã tạo dữ liệu mới được mã hóa tại {}; khóa giải mã lưu trong {}.",
        data_dir.display(),
        place.describe()
    );
    print_code(&code);
    println!("Tiếp theo: thiết lập thông tin đơn vị (vanthu setup …).");
    Ok(())
}

fn encrypt(
    data_dir: &Path,
    args: &Args,
    a: &EncryptArgs,
    storage: &KeyStorage,
    clock: &dyn Clock,
) -> anyhow::Result<()> {
    // Who acts is checked against the accounts before the store is closed for the swap. An
    // interrupted conversion leaves a plaintext file the store refuses to open; the accounts
    // are read from it directly then.
    let actor = match Store::open_with_keys(data_dir, storage) {
        Ok(store) => login(store.conn(), args)?,
        Err(e) if e.code() == "encrypt_interrupted" => {
            let conn = rusqlite::Connection::open_with_flags(
                data_dir.join(vanthu_local::store::DB_FILE),
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )?;
            login(&conn, args)?
        }
        Err(e) => return Err(e.into()),
    };
    let ctx = Context {
        actor: &actor,
        clock,
    };
    let outcome = crypto::encrypt_store(data_dir, &ctx, storage, a.keep_plaintext_backups)?;
    if a.json {
        return print_json(&outcome);
    }
    println!(
        "Đã mã hóa dữ liệu: {} bảng, {} dòng đã đối chiếu khớp với bản gốc; {} tệp đính kèm đã mã hóa.",
        outcome.tables, outcome.rows, outcome.blobs_sealed
    );
    if outcome.resumed {
        println!("(Đã hoàn tất lần mã hóa trước bị gián đoạn.)");
    }
    println!("Khóa giải mã lưu trong {}.", outcome.key_place.describe());
    if let Some(b) = &outcome.backup {
        println!("Đã tạo bản sao lưu mã hóa: {}", b.display());
    }
    for p in &outcome.removed_plaintext {
        println!("Đã xóa bản chưa mã hóa: {}", p.display());
    }
    for p in &outcome.kept_plaintext {
        println!(
            "CẢNH BÁO: bản sao lưu chưa mã hóa vẫn còn (ai cầm được đều đọc được): {}",
            p.display()
        );
    }
    println!(
        "Lưu ý: bản sao lưu đã chép ra nơi khác (USB, máy khác) trước hôm nay vẫn chưa mã hóa; hãy xóa chúng."
    );
    print_code(&outcome.recovery_code);
    Ok(())
}

/// The recovery code, with what to do with it.
fn print_code(code: &RecoveryCode) {
    let groups: Vec<&str> = code.as_str().split('-').collect();
    println!();
    println!(
        "MÃ KHÔI PHỤC — chỉ hiển thị một lần. Hãy chép ra giấy, cất nơi an toàn, tách khỏi máy tính:"
    );
    println!();
    for line in groups.chunks(7) {
        println!("    {}", line.join("-"));
    }
    println!();
    println!(
        "Khi thay máy, cài lại hệ điều hành hoặc mất khóa, nhập: vanthu key recover \"<MÃ KHÔI PHỤC>\""
    );
    println!("Mất cả khóa lẫn mã khôi phục thì không ai đọc lại được dữ liệu.");
}

fn status(data_dir: &Path, json: bool) -> anyhow::Result<()> {
    let info = KeyInfo::read(data_dir)?;
    let found = info.as_ref().map(|_| crypto::key_for(data_dir).is_ok());
    if json {
        return print_json(&serde_json::json!({
            "encrypted": info.is_some(),
            "store_id": info.as_ref().map(|i| &i.store_id),
            "key_place": info.as_ref().map(|i| &i.key_place),
            "key_found": found,
        }));
    }
    match info {
        None => println!(
            "Dữ liệu tại {} CHƯA được mã hóa. Để mã hóa: vanthu encrypt",
            data_dir.display()
        ),
        Some(i) => {
            println!(
                "Dữ liệu tại {} đã được mã hóa (mã kho {}).",
                data_dir.display(),
                i.store_id
            );
            let place = match &i.key_place {
                KeyPlace::Keyring => "kho khóa của hệ điều hành".to_string(),
                p => p.describe(),
            };
            if found == Some(true) {
                println!("Khóa giải mã: có trên máy này ({place}).");
            } else {
                println!(
                    "Khóa giải mã: KHÔNG tìm thấy trên máy này. Hãy nhập mã khôi phục: vanthu key recover \"<MÃ KHÔI PHỤC>\""
                );
            }
        }
    }
    Ok(())
}
