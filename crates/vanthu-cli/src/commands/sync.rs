//! `vanthu sync …` (enrol with the province, sync now, status, conflicts) and `vanthu inbox …`
//! (documents the province sent down, registered with one action).

use super::Env;
use crate::output::{print_json, table};
use clap::Subcommand;
use vanthu_local::LocalError;
use vanthu_local::sync as local;
use vanthu_sync::{SyncEngine, SyncError, SyncOptions};

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Đăng ký máy này với máy chủ của tỉnh bằng mã dùng một lần (tỉnh đọc qua điện thoại).
    Enrol {
        /// Mã đăng ký, ví dụ K7M2-9QXD.
        code: String,
        /// Địa chỉ máy chủ của tỉnh, ví dụ https://vanthu.tinh.gov.vn
        #[arg(long)]
        server: String,
        /// Tên máy hiển thị ở tỉnh (mặc định: tên máy tính).
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Đồng bộ ngay: gửi thay đổi, tải tệp đính kèm, nhận dữ liệu mới.
    Now {
        #[arg(long)]
        json: bool,
    },
    /// Tình trạng đồng bộ: lần thành công gần nhất, số thay đổi chờ gửi, cảnh báo giờ máy.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Các xung đột đã được giải quyết (giá trị bị thay thế vẫn được giữ lại ở đây).
    Conflicts {
        #[arg(long)]
        json: bool,
    },
}

impl SyncCommand {
    pub fn json(&self) -> bool {
        match self {
            SyncCommand::Enrol { json, .. }
            | SyncCommand::Now { json }
            | SyncCommand::Status { json }
            | SyncCommand::Conflicts { json } => *json,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum InboxCommand {
    /// Văn bản nhận từ tỉnh chưa vào sổ (--all: cả văn bản đã vào sổ).
    List {
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Vào sổ văn bản đến một văn bản nhận từ tỉnh (kèm tệp đính kèm).
    Register {
        /// Mã văn bản (hoặc 8 ký tự cuối).
        id: String,
        /// Ngày đến (mặc định: hôm nay).
        #[arg(long)]
        arrival_date: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

impl InboxCommand {
    pub fn json(&self) -> bool {
        match self {
            InboxCommand::List { json, .. } | InboxCommand::Register { json, .. } => *json,
        }
    }
}

/// Engine errors as the local error type, so the CLI prints `{code, message}` and exit codes
/// as for every other command.
fn to_local(e: SyncError) -> LocalError {
    if let SyncError::Local(l) = e {
        return l;
    }
    const KNOWN: &[&str] = &[
        "network",
        "protocol",
        "server_lost_changes",
        "blob_corrupt",
        "unauthorized",
        "revoked",
        "enrol_code_unknown",
        "enrol_code_used",
        "enrol_code_expired",
        "province_owned",
        "foreign_record",
        "bad_request",
        "too_large",
        "protocol_version",
        "busy",
        "disk_full",
        "audit_chain_broken",
    ];
    let code = e.code();
    LocalError::Sync {
        code: KNOWN
            .iter()
            .find(|k| **k == code)
            .copied()
            .unwrap_or("server_error"),
        message: e.to_string(),
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// Engine options; batch and page sizes can be lowered through `VANTHU_SYNC_BATCH` and
/// `VANTHU_SYNC_PAGE` (the fault-injection tests use tiny batches), the request timeout through
/// `VANTHU_SYNC_TIMEOUT_MS`.
fn options() -> SyncOptions {
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let mut o = SyncOptions::default();
    if let Some(n) = env("VANTHU_SYNC_BATCH") {
        o.batch_size = n.clamp(1, 2000) as usize;
    }
    if let Some(n) = env("VANTHU_SYNC_PAGE") {
        o.pull_page = n.clamp(1, 2000) as u32;
    }
    if let Some(ms) = env("VANTHU_SYNC_TIMEOUT_MS") {
        o.request_timeout = std::time::Duration::from_millis(ms.max(100));
    }
    o
}

fn host_name() -> String {
    std::env::var("COMPUTERNAME")
        .or_else(|_| std::env::var("HOSTNAME"))
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "Máy tính văn thư".into())
}

fn when(ms: Option<i64>) -> String {
    ms.and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| {
            t.with_timezone(&vanthu_core::time::vietnam_offset())
                .format("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_else(|| "chưa có".into())
}

pub fn run(env: &mut Env, command: SyncCommand) -> anyhow::Result<()> {
    let dir = env.store.data_dir().to_path_buf();
    match command {
        SyncCommand::Enrol {
            code,
            server,
            name,
            json,
        } => {
            let rt = runtime()?;
            let engine = SyncEngine::new(&dir, options()).map_err(to_local)?;
            let name = name.unwrap_or_else(host_name);
            let resp = rt
                .block_on(engine.enrol(&server, &code, &name))
                .map_err(to_local)?;
            if json {
                print_json(&serde_json::json!({
                    "device_id": resp.device_id,
                    "unit": resp.unit,
                    "server": server,
                }))?;
            } else {
                println!(
                    "Đã đăng ký máy \"{name}\" cho {} ({}). Chạy \"vanthu sync now\" để đồng bộ.",
                    resp.unit.name, resp.unit.code
                );
            }
        }
        SyncCommand::Now { json } => {
            let rt = runtime()?;
            let engine = SyncEngine::new(&dir, options()).map_err(to_local)?;
            let report = rt.block_on(engine.sync_now()).map_err(to_local)?;
            if json {
                print_json(&report)?;
            } else {
                println!(
                    "Đồng bộ xong: gửi {} thay đổi, nhận {} thay đổi, tải lên {} tệp, tải về {} tệp.",
                    report.pushed, report.pulled, report.blobs_uploaded, report.blobs_downloaded
                );
                if report.conflicts > 0 {
                    println!(
                        "Có {} xung đột đã được giải quyết; xem \"vanthu sync conflicts\".",
                        report.conflicts
                    );
                }
                if let Some(w) = report.clock_warning {
                    println!("Cảnh báo: {w}");
                }
            }
        }
        SyncCommand::Status { json } => {
            let s = local::local_status(env.store.conn())?;
            if json {
                print_json(&s)?;
            } else if !s.enrolled {
                println!(
                    "Máy này chưa đăng ký đồng bộ với tỉnh (vanthu sync enrol MÃ --server ĐỊA_CHỈ)."
                );
            } else {
                println!(
                    "Đơn vị: {} ({})",
                    s.unit_name.unwrap_or_default(),
                    s.unit_code.unwrap_or_default()
                );
                println!("Máy chủ: {}", s.server_url.unwrap_or_default());
                println!("Đồng bộ thành công gần nhất: {}", when(s.last_success_at));
                println!("Thay đổi chờ gửi: {}", s.pending);
                if let Some(e) = s.last_error {
                    println!("Lỗi lần gần nhất: {e}");
                }
                if let Some(w) = s.clock_warning {
                    println!("Cảnh báo: {w}");
                }
                if s.conflicts > 0 {
                    println!("Xung đột đã giải quyết: {}", s.conflicts);
                }
                if s.inbox_waiting > 0 {
                    println!(
                        "Văn bản nhận từ tỉnh chờ vào sổ: {} (vanthu inbox list)",
                        s.inbox_waiting
                    );
                }
            }
        }
        SyncCommand::Conflicts { json } => {
            let list = local::conflicts(env.store.conn())?;
            if json {
                print_json(&list)?;
            } else if list.is_empty() {
                println!("Không có xung đột nào.");
            } else {
                let mut t = table(&[
                    "Lúc",
                    "Bản ghi",
                    "Trường",
                    "Giá trị giữ lại",
                    "Giá trị bị thay",
                ]);
                for c in list {
                    t.add_row(vec![
                        when(Some(c.at)),
                        format!("{} {}", c.entity, c.entity_id),
                        c.field,
                        c.kept_value.to_string(),
                        c.lost_value.to_string(),
                    ]);
                }
                println!("{t}");
            }
        }
    }
    Ok(())
}

pub fn run_inbox(env: &mut Env, command: InboxCommand) -> anyhow::Result<()> {
    let dir = env.store.data_dir().to_path_buf();
    match command {
        InboxCommand::List { all, json } => {
            let items = local::list_inbox(env.store.conn(), &dir, !all)?;
            if json {
                print_json(&items)?;
            } else if items.is_empty() {
                println!("Không có văn bản nào chờ vào sổ.");
            } else {
                let mut t = table(&[
                    "Mã",
                    "Số, ký hiệu",
                    "Cơ quan ban hành",
                    "Trích yếu",
                    "Tệp",
                    "Vào sổ",
                ]);
                for i in items {
                    let d = &i.document;
                    t.add_row(vec![
                        d.id[d.id.len().saturating_sub(8)..].to_string(),
                        d.symbol.clone(),
                        d.issuer.clone(),
                        d.summary.clone(),
                        format!(
                            "{}{}",
                            d.attachments.len(),
                            if i.attachments_ready {
                                ""
                            } else {
                                " (đang tải)"
                            }
                        ),
                        if i.registered_incoming_id.is_some() {
                            "rồi".into()
                        } else {
                            "chưa".into()
                        },
                    ]);
                }
                println!("{t}");
            }
        }
        InboxCommand::Register {
            id,
            arrival_date,
            json,
        } => {
            let reg = env.write(|tx, ctx, dir| {
                local::register_from_inbox(tx, ctx, dir, &id, arrival_date.clone())
            })?;
            if json {
                print_json(&reg)?;
            } else {
                println!(
                    "Đã vào sổ văn bản đến số {} ({}), kèm {} tệp.",
                    reg.document.arrival_ref(),
                    reg.document.symbol,
                    reg.attachments.len()
                );
            }
        }
    }
    Ok(())
}
