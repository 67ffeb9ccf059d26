//! Local accounts (tài khoản) with roles, argon2id password hashes, and the permission check every
//! use case calls.
//!
//! Until the first account is created the unit runs in single-user mode: every action is
//! allowed to whoever uses the laptop (a fresh install must work before anyone sets up
//! accounts). Once an account exists, every write names an active account whose role allows it.

use crate::outbox::{self, Op};
use crate::store::exec;
use crate::{Context, LocalError, Result};
use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use vanthu_core::CoreError;
use vanthu_core::authz::{Permission, Role};
use vanthu_core::text::required_line;

/// An account as shown (never with its hash).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub id: String,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub active: bool,
    pub must_change: bool,
}

/// The minimum password length: long enough to resist guessing on a stolen laptop's database
/// copy together with argon2id, short enough for a part-time clerk to remember.
pub const MIN_PASSWORD_LEN: usize = 8;

fn hash(password: &str) -> Result<String> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(CoreError::InvalidField {
            field: "mật khẩu",
            reason: format!("cần ít nhất {MIN_PASSWORD_LEN} ký tự"),
        }
        .into());
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            CoreError::InvalidField {
                field: "mật khẩu",
                reason: e.to_string(),
            }
            .into()
        })
}

fn account_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Account, String)> {
    let role: String = r.get(3)?;
    Ok((
        Account {
            id: r.get(0)?,
            username: r.get(1)?,
            full_name: r.get(2)?,
            role: Role::parse(&role).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    3,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?,
            active: r.get(4)?,
            must_change: r.get(5)?,
        },
        r.get(6)?,
    ))
}

fn find(conn: &Connection, username: &str) -> Result<Option<(Account, String)>> {
    Ok(conn
        .prepare_cached("SELECT id, username, full_name, role, active, must_change, password_hash FROM users WHERE username = ?1")?
        .query_row([username.trim().to_lowercase()], account_row)
        .optional()?)
}

/// Whether any account exists (otherwise: single-user mode).
pub fn accounts_exist(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM users)")?
        .query_row([], |r| r.get(0))?)
}

/// The acting account's role, if accounts exist; refuses unknown or disabled accounts.
pub fn acting_role(conn: &Connection, ctx: &Context<'_>) -> Result<Option<Role>> {
    if !accounts_exist(conn)? {
        return Ok(None);
    }
    match find(conn, ctx.actor)? {
        Some((a, _)) if a.active => Ok(Some(a.role)),
        Some(_) => Err(LocalError::Unauthenticated {
            reason: format!("tài khoản \"{}\" đã bị khóa", ctx.actor),
        }),
        None => Err(LocalError::Unauthenticated {
            reason: format!("không có tài khoản \"{}\"", ctx.actor),
        }),
    }
}

/// The permission check at the top of every write use case.
pub fn require(conn: &Connection, ctx: &Context<'_>, permission: Permission) -> Result<()> {
    match acting_role(conn, ctx)? {
        None => Ok(()),
        Some(role) => Ok(vanthu_core::authz::require(role, permission)?),
    }
}

/// Like [`require`] for `HandleWork` on an item assigned to `assignee`: staff may only handle
/// their own work (matched by username or full name).
pub fn require_handler(conn: &Connection, ctx: &Context<'_>, assignee: Option<&str>) -> Result<()> {
    require(conn, ctx, Permission::HandleWork)?;
    if acting_role(conn, ctx)? == Some(Role::Staff) {
        let me = find(conn, ctx.actor)?.map(|(a, _)| a);
        let mine =
            me.is_some_and(|a| assignee.is_some_and(|x| x == a.username || x == a.full_name));
        if !mine {
            return Err(CoreError::Forbidden {
                role: Role::Staff.label_vi().into(),
                action: "xử lý công việc không được giao cho mình".into(),
            }
            .into());
        }
    }
    Ok(())
}

/// Checks a username and password; returns the account. The same message for an unknown user
/// and a wrong password, so the login screen does not reveal which accounts exist.
pub fn authenticate(conn: &Connection, username: &str, password: &str) -> Result<Account> {
    let wrong = || LocalError::Unauthenticated {
        reason: "tên đăng nhập hoặc mật khẩu không đúng".into(),
    };
    let Some((account, stored)) = find(conn, username)? else {
        return Err(wrong());
    };
    let parsed = PasswordHash::new(&stored).map_err(|_| wrong())?;
    if Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_err()
    {
        exec(
            conn,
            "UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = ?1",
            [&account.id],
        )?;
        return Err(wrong());
    }
    if !account.active {
        return Err(LocalError::Unauthenticated {
            reason: "tài khoản đã bị khóa".into(),
        });
    }
    exec(
        conn,
        "UPDATE users SET failed_attempts = 0 WHERE id = ?1",
        [&account.id],
    )?;
    Ok(account)
}

/// What the focal point enters for a new account.
#[derive(Debug, Clone, Deserialize)]
pub struct AccountInput {
    pub username: String,
    pub full_name: String,
    pub role: String,
    pub password: String,
}

/// Creates an account. The first account must be a clerk (someone must manage the others);
/// after that only a clerk may create accounts.
pub fn create_account(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    input: &AccountInput,
) -> Result<Account> {
    let first = !accounts_exist(tx)?;
    let role = Role::parse(&input.role)?;
    if first && role != Role::Clerk {
        return Err(CoreError::InvalidField {
            field: "vai trò",
            reason: "tài khoản đầu tiên phải là văn thư (đầu mối) để quản lý các tài khoản khác"
                .into(),
        }
        .into());
    }
    if !first {
        require(tx, ctx, Permission::ManageAccounts)?;
    }
    let username = required_line("tên đăng nhập", &input.username)?.to_lowercase();
    if !username
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-')
    {
        return Err(CoreError::InvalidField {
            field: "tên đăng nhập",
            reason: "chỉ dùng chữ không dấu, số, dấu chấm, gạch dưới, gạch ngang".into(),
        }
        .into());
    }
    if find(tx, &username)?.is_some() {
        return Err(LocalError::Duplicate {
            existing: format!("tài khoản \"{username}\""),
        });
    }
    let account = Account {
        id: ctx.new_id(),
        username,
        full_name: required_line("họ tên", &input.full_name)?,
        role,
        active: true,
        must_change: !first,
    };
    let now = ctx.clock.now_ms();
    exec(
        tx,
        "INSERT INTO users (id, username, full_name, role, password_hash, active, must_change, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, ?7)",
        rusqlite::params![account.id, account.username, account.full_name, account.role.code(), hash(&input.password)?, account.must_change, now],
    )?;
    outbox::record(tx, ctx, "account", &account.id, Op::Upsert, &account)?;
    Ok(account)
}

/// The user changes their own password (the old one is required).
pub fn change_password(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    old: &str,
    new: &str,
) -> Result<()> {
    let account = authenticate(tx, ctx.actor, old)?;
    exec(
        tx,
        "UPDATE users SET password_hash = ?2, must_change = 0, updated_at = ?3 WHERE id = ?1",
        rusqlite::params![account.id, hash(new)?, ctx.clock.now_ms()],
    )?;
    let id = account.id.clone();
    outbox::record(
        tx,
        ctx,
        "account",
        &id,
        Op::Upsert,
        &Account {
            must_change: false,
            ..account
        },
    )
}

/// The focal point resets someone's password (they must change it at next login), changes a
/// role, or disables an account.
pub fn update_account(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    username: &str,
    new_password: Option<&str>,
    role: Option<&str>,
    active: Option<bool>,
) -> Result<Account> {
    require(tx, ctx, Permission::ManageAccounts)?;
    let (mut account, _) = find(tx, username)?.ok_or_else(|| LocalError::NotFound {
        what: "tài khoản",
        key: username.into(),
    })?;
    if let Some(r) = role {
        account.role = Role::parse(r)?;
    }
    if let Some(a) = active {
        account.active = a;
    }
    // Never lock the unit out of its own accounts.
    let clerks: i64 = tx
        .prepare_cached(
            "SELECT count(*) FROM users WHERE role = 'clerk' AND active = 1 AND id != ?1",
        )?
        .query_row([&account.id], |r| r.get(0))?;
    if clerks == 0 && (account.role != Role::Clerk || !account.active) {
        return Err(CoreError::InvalidField {
            field: "vai trò",
            reason: "phải còn ít nhất một tài khoản văn thư đang hoạt động".into(),
        }
        .into());
    }
    if let Some(p) = new_password {
        exec(
            tx,
            "UPDATE users SET password_hash = ?2, must_change = 1 WHERE id = ?1",
            rusqlite::params![account.id, hash(p)?],
        )?;
        account.must_change = true;
    }
    exec(
        tx,
        "UPDATE users SET role = ?2, active = ?3, updated_at = ?4 WHERE id = ?1",
        rusqlite::params![
            account.id,
            account.role.code(),
            account.active,
            ctx.clock.now_ms()
        ],
    )?;
    outbox::record(tx, ctx, "account", &account.id, Op::Upsert, &account)?;
    Ok(account)
}

/// Every account.
pub fn list_accounts(conn: &Connection) -> Result<Vec<Account>> {
    let mut stmt = conn.prepare_cached("SELECT id, username, full_name, role, active, must_change, password_hash FROM users ORDER BY username")?;
    let rows = stmt.query_map([], account_row)?;
    Ok(rows.map(|r| r.map(|(a, _)| a)).collect::<Result<_, _>>()?)
}
