//! Roles and what each may do (phân quyền). Checked inside the use cases, so the desktop app,
//! the CLI and any future shell enforce the same rules.

use crate::CoreError;
use crate::text::fold;
use serde::{Deserialize, Serialize};

/// A local account's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Văn thư / đầu mối: registers, drafts, issues, settings, accounts, backups.
    Clerk,
    /// Lãnh đạo: approves, signs, assigns, sets deadlines.
    Leader,
    /// Cán bộ: handles what is assigned to them, drafts.
    Staff,
    /// Chỉ xem.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Clerk, Role::Leader, Role::Staff, Role::Viewer];

    pub fn code(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Leader => "leader",
            Role::Staff => "staff",
            Role::Viewer => "viewer",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Role::Clerk => "Văn thư (đầu mối)",
            Role::Leader => "Lãnh đạo",
            Role::Staff => "Cán bộ",
            Role::Viewer => "Chỉ xem",
        }
    }

    /// Reads a code or a Vietnamese name ("văn thư", "lãnh đạo", "cán bộ", "chỉ xem").
    pub fn parse(input: &str) -> Result<Role, CoreError> {
        match fold(input).replace(['_', '-'], " ").as_str() {
            "clerk" | "van thu" | "dau moi" => Ok(Role::Clerk),
            "leader" | "lanh dao" => Ok(Role::Leader),
            "staff" | "can bo" => Ok(Role::Staff),
            "viewer" | "chi xem" | "xem" => Ok(Role::Viewer),
            _ => Err(CoreError::InvalidField {
                field: "vai trò",
                reason: format!(
                    "\"{}\" không hợp lệ (clerk, leader, staff, viewer)",
                    input.trim()
                ),
            }),
        }
    }
}

/// Something a use case does that not every role may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Register incoming documents, attach files, import registers.
    RegisterIncoming,
    /// Submit to the leader (trình) or file for information (lưu).
    RouteIncoming,
    /// Assign, reassign, set or extend deadlines.
    AssignWork,
    /// Report progress on or complete work (for staff: only their own).
    HandleWork,
    /// Create and edit drafts of outgoing documents and reports.
    Draft,
    /// Approve, return, sign.
    Approve,
    /// Give a number and issue, send.
    Issue,
    /// Tasks, meetings, indicators: create and import.
    ManagePlans,
    /// Unit profile, calendar overrides, deadline rules.
    ManageSettings,
    /// Accounts: create, reset passwords, change roles.
    ManageAccounts,
    /// Backups and restores.
    ManageBackups,
}

impl Permission {
    /// What the action is called in a refusal.
    pub fn label_vi(self) -> &'static str {
        match self {
            Permission::RegisterIncoming => "đăng ký văn bản đến",
            Permission::RouteIncoming => "trình hoặc lưu văn bản",
            Permission::AssignWork => "giao việc, đặt hoặc gia hạn thời hạn",
            Permission::HandleWork => "cập nhật tiến độ, hoàn thành công việc",
            Permission::Draft => "soạn thảo văn bản, báo cáo",
            Permission::Approve => "duyệt, trả lại, ký văn bản",
            Permission::Issue => "cấp số, ban hành, gửi văn bản",
            Permission::ManagePlans => "quản lý nhiệm vụ, lịch họp, chỉ tiêu",
            Permission::ManageSettings => "thay đổi cấu hình đơn vị",
            Permission::ManageAccounts => "quản lý tài khoản",
            Permission::ManageBackups => "sao lưu, khôi phục dữ liệu",
        }
    }
}

/// Whether `role` may do `permission`. Staff's `HandleWork` is further limited by the use case to
/// work assigned to them.
pub fn allows(role: Role, permission: Permission) -> bool {
    use Permission as P;
    match role {
        Role::Clerk => !matches!(permission, P::Approve),
        Role::Leader => matches!(
            permission,
            P::RouteIncoming
                | P::AssignWork
                | P::HandleWork
                | P::Draft
                | P::Approve
                | P::ManagePlans
        ),
        Role::Staff => matches!(permission, P::HandleWork | P::Draft),
        Role::Viewer => false,
    }
}

/// [`allows`] as a refusal naming the role and the action.
pub fn require(role: Role, permission: Permission) -> Result<(), CoreError> {
    if allows(role, permission) {
        Ok(())
    } else {
        Err(CoreError::Forbidden {
            role: role.label_vi().into(),
            action: permission.label_vi().into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issue_rules() {
        assert!(!allows(Role::Staff, Permission::Approve));
        assert!(!allows(Role::Staff, Permission::Issue));
        assert!(allows(Role::Staff, Permission::HandleWork));
        for p in [
            Permission::RegisterIncoming,
            Permission::Draft,
            Permission::HandleWork,
            Permission::ManageBackups,
        ] {
            assert!(!allows(Role::Viewer, p));
        }
        assert!(allows(Role::Leader, Permission::Approve));
        assert!(allows(Role::Leader, Permission::AssignWork));
        assert!(!allows(Role::Leader, Permission::Issue));
        assert!(allows(Role::Clerk, Permission::Issue));
        assert!(!allows(Role::Clerk, Permission::Approve));
        let e = require(Role::Staff, Permission::Approve).unwrap_err();
        assert_eq!(e.code(), "forbidden");
        assert!(e.to_string().contains("Cán bộ"));
    }
}
