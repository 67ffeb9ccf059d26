//! `vanthu user …` (accounts and roles) and `vanthu audit …` (the hash-chained audit trail).

use super::Env;
use crate::output::{print_json, table};
use clap::Subcommand;
use vanthu_local::accounts::{
    AccountInput, change_password, create_account, list_accounts, update_account,
};
use vanthu_local::audit::{recent, verify_chain};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Tạo tài khoản (tài khoản đầu tiên phải là văn thư).
    Add {
        #[arg(long)]
        username: String,
        /// Họ tên.
        #[arg(long)]
        name: String,
        /// clerk (văn thư), leader (lãnh đạo), staff (cán bộ), viewer (chỉ xem).
        #[arg(long)]
        role: String,
        /// Mật khẩu ban đầu (ít nhất 8 ký tự; người dùng phải đổi khi đăng nhập lần đầu).
        #[arg(long, env = "VANTHU_NEW_PASSWORD")]
        password: String,
        #[arg(long)]
        json: bool,
    },
    /// Danh sách tài khoản.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Đổi mật khẩu của chính mình.
    Passwd {
        #[arg(long)]
        old: String,
        #[arg(long, env = "VANTHU_NEW_PASSWORD")]
        new: String,
    },
    /// Đặt lại mật khẩu, đổi vai trò hoặc khóa/mở tài khoản (chỉ văn thư).
    Update {
        username: String,
        #[arg(long, env = "VANTHU_NEW_PASSWORD")]
        reset_password: Option<String>,
        #[arg(long)]
        role: Option<String>,
        #[arg(long, conflicts_with = "enable")]
        disable: bool,
        #[arg(long)]
        enable: bool,
        #[arg(long)]
        json: bool,
    },
}

impl UserCommand {
    pub fn json(&self) -> bool {
        match self {
            UserCommand::Add { json, .. }
            | UserCommand::List { json }
            | UserCommand::Update { json, .. } => *json,
            UserCommand::Passwd { .. } => false,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Kiểm tra toàn bộ chuỗi nhật ký: phát hiện dòng bị sửa, chèn hoặc xóa.
    Verify {
        #[arg(long)]
        json: bool,
    },
    /// Các thay đổi gần nhất (có thể lọc theo mã bản ghi).
    Log {
        #[arg(long)]
        id: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
}

impl AuditCommand {
    pub fn json(&self) -> bool {
        match self {
            AuditCommand::Verify { json } | AuditCommand::Log { json, .. } => *json,
        }
    }
}

pub fn run_user(env: &mut Env, cmd: UserCommand) -> anyhow::Result<()> {
    match cmd {
        UserCommand::Add {
            username,
            name,
            role,
            password,
            json,
        } => {
            let input = AccountInput {
                username,
                full_name: name,
                role,
                password,
            };
            let a = env.write(|tx, ctx, _| create_account(tx, ctx, &input))?;
            if json {
                return print_json(&a);
            }
            println!(
                "Đã tạo tài khoản {} ({}, {}).",
                a.username,
                a.full_name,
                a.role.label_vi()
            );
            Ok(())
        }
        UserCommand::List { json } => {
            let list = list_accounts(env.store.conn())?;
            if json {
                return print_json(&list);
            }
            let mut t = table(&["Tên đăng nhập", "Họ tên", "Vai trò", "Trạng thái"]);
            for a in list {
                t.add_row(vec![
                    a.username,
                    a.full_name,
                    a.role.label_vi().into(),
                    if a.active {
                        "Hoạt động"
                    } else {
                        "Đã khóa"
                    }
                    .into(),
                ]);
            }
            println!("{t}");
            Ok(())
        }
        UserCommand::Passwd { old, new } => {
            env.write(|tx, ctx, _| change_password(tx, ctx, &old, &new))?;
            println!("Đã đổi mật khẩu.");
            Ok(())
        }
        UserCommand::Update {
            username,
            reset_password,
            role,
            disable,
            enable,
            json,
        } => {
            let active = if disable {
                Some(false)
            } else if enable {
                Some(true)
            } else {
                None
            };
            let a = env.write(|tx, ctx, _| {
                update_account(
                    tx,
                    ctx,
                    &username,
                    reset_password.as_deref(),
                    role.as_deref(),
                    active,
                )
            })?;
            if json {
                return print_json(&a);
            }
            println!(
                "Đã cập nhật tài khoản {} ({}).",
                a.username,
                a.role.label_vi()
            );
            Ok(())
        }
    }
}

pub fn run_audit(env: &mut Env, cmd: AuditCommand) -> anyhow::Result<()> {
    match cmd {
        AuditCommand::Verify { json } => {
            let r = verify_chain(env.store.conn())?;
            if json {
                print_json(&r)?;
            } else if r.ok {
                println!(
                    "Nhật ký toàn vẹn: {} dòng, không có dòng nào bị sửa, chèn hay xóa.",
                    r.rows
                );
            }
            if !r.ok {
                anyhow::bail!(vanthu_local::LocalError::AuditBroken {
                    problem: r.problem.unwrap_or_default()
                });
            }
            Ok(())
        }
        AuditCommand::Log { id, limit, json } => {
            let rows = recent(env.store.conn(), id.as_deref(), limit)?;
            if json {
                return print_json(&rows);
            }
            let mut t = table(&[
                "STT",
                "Thời điểm",
                "Người thực hiện",
                "Đối tượng",
                "Mã",
                "Thao tác",
            ]);
            for r in rows {
                let when = chrono::DateTime::from_timestamp_millis(r.at)
                    .map(|t| {
                        t.with_timezone(&vanthu_core::time::vietnam_offset())
                            .format("%d/%m/%Y %H:%M:%S")
                            .to_string()
                    })
                    .unwrap_or_default();
                t.add_row(vec![
                    r.seq.to_string(),
                    when,
                    r.actor,
                    r.entity,
                    r.entity_id,
                    r.op,
                ]);
            }
            println!("{t}");
            Ok(())
        }
    }
}
