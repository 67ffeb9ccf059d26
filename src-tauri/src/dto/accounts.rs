//! Accounts and the session as the login, lock and Người dùng screens see them, and Home's
//! backup card.

use super::Choice;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use vanthu_core::authz::{Permission, Role, allows};
use vanthu_local::accounts::Account;

/// Every permission with the code the UI knows it by. The UI uses these only to hide what a
/// role cannot do; the use cases refuse it regardless.
const PERMISSIONS: [Permission; 11] = [
    Permission::RegisterIncoming,
    Permission::RouteIncoming,
    Permission::AssignWork,
    Permission::HandleWork,
    Permission::Draft,
    Permission::Approve,
    Permission::Issue,
    Permission::ManagePlans,
    Permission::ManageSettings,
    Permission::ManageAccounts,
    Permission::ManageBackups,
];

/// The UI's code of a permission (exhaustive: a new permission must be named here).
pub fn permission_code(p: Permission) -> &'static str {
    match p {
        Permission::RegisterIncoming => "register_incoming",
        Permission::RouteIncoming => "route_incoming",
        Permission::AssignWork => "assign_work",
        Permission::HandleWork => "handle_work",
        Permission::Draft => "draft",
        Permission::Approve => "approve",
        Permission::Issue => "issue",
        Permission::ManagePlans => "manage_plans",
        Permission::ManageSettings => "manage_settings",
        Permission::ManageAccounts => "manage_accounts",
        Permission::ManageBackups => "manage_backups",
    }
}

/// What `role` may do (everything in single-user mode, `None`).
pub fn permissions_of(role: Option<Role>) -> Vec<String> {
    PERMISSIONS
        .iter()
        .filter(|p| role.is_none_or(|r| allows(r, **p)))
        .map(|p| permission_code(*p).to_string())
        .collect()
}

/// An account as listed (never with its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AccountDto {
    pub username: String,
    pub full_name: String,
    /// `clerk`, `leader`, `staff`, `viewer`.
    pub role: String,
    pub role_label: String,
    pub active: bool,
    /// Must change the password at the next login.
    pub must_change: bool,
}

impl From<Account> for AccountDto {
    fn from(a: Account) -> AccountDto {
        AccountDto {
            username: a.username,
            full_name: a.full_name,
            role: a.role.code().into(),
            role_label: a.role.label_vi().into(),
            active: a.active,
            must_change: a.must_change,
        }
    }
}

/// Who uses the app now, for the login and lock screens and for hiding what a role cannot do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuthStatusDto {
    /// Accounts exist (otherwise single-user mode: no login).
    pub accounts_exist: bool,
    /// The logged-in account (also while locked).
    pub user: Option<AccountDto>,
    /// The session is locked (by the user or after the idle limit).
    pub locked: bool,
    /// Seconds without input before the session locks.
    pub idle_seconds: u32,
    /// The setting as entered in Cài đặt, in minutes.
    pub idle_minutes: u32,
    /// Permission codes of the acting person (all of them in single-user mode).
    pub permissions: Vec<String>,
    /// The unit's name, shown on the login screen (`null` before setup).
    pub unit_name: Option<String>,
    /// The roles with their Vietnamese names, for the account form.
    pub roles: Vec<Choice>,
}

/// The focal point's form for a new account.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewAccountForm {
    pub username: String,
    pub full_name: String,
    pub role: String,
    /// The initial password (at least 8 characters).
    pub password: String,
}

/// A change to an account by the focal point: any of role, active, a new password (which the
/// user must change at the next login).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AccountChangeForm {
    pub username: String,
    pub role: Option<String>,
    pub active: Option<bool>,
    pub new_password: Option<String>,
}

/// Home's backup card: the newest backup in the unit's backup folder that verifies now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupStatusDto {
    /// The folder looked at.
    pub folder: String,
    /// When the newest verified backup was made (unix ms), if there is one.
    #[ts(type = "number | null")]
    pub verified_at: Option<i64>,
    /// Its folder name.
    pub verified_name: Option<String>,
    /// Older than [`BackupStatusDto::stale_after_days`] (or none at all): the card warns.
    pub stale: bool,
    pub stale_after_days: u32,
    /// Newer backups that failed verification (the card says so).
    pub failed_newer: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_may_not_approve_or_issue_and_single_user_may_all() {
        let staff = permissions_of(Some(Role::Staff));
        assert!(staff.contains(&"draft".to_string()));
        assert!(!staff.contains(&"approve".to_string()));
        assert!(!staff.contains(&"issue".to_string()));
        assert!(permissions_of(Some(Role::Viewer)).is_empty());
        assert_eq!(permissions_of(None).len(), PERMISSIONS.len());
        assert!(permissions_of(Some(Role::Clerk)).contains(&"manage_accounts".to_string()));
    }
}
