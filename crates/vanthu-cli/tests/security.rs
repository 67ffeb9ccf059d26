//! Accounts, roles and the audit trail through `vanthu`: what each role must not do is refused
//! by the use cases themselves, and tampering with the audit table is detected.

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use serde_json::Value;
use std::path::Path;

fn as_user(dir: &Path, user: Option<(&str, &str)>) -> Command {
    let mut c = Command::cargo_bin("vanthu").unwrap();
    c.env("VANTHU_DATA_DIR", dir)
        .env("VANTHU_NOW", "2026-11-24T09:00:00+07:00")
        .env_remove("VANTHU_USER")
        .env_remove("VANTHU_PASSWORD");
    if let Some((u, p)) = user {
        c.env("VANTHU_USER", u).env("VANTHU_PASSWORD", p);
    }
    c
}

const CLERK: (&str, &str) = ("lan.vt", "matkhau-vanthu");
const LEADER: (&str, &str) = ("thang.ct", "matkhau-lanhdao");
const STAFF: (&str, &str) = ("duc.cb", "matkhau-canbo");
const VIEWER: (&str, &str) = ("xem", "matkhau-chixem");

fn setup(dir: &Path) {
    // The first account must be a clerk; it needs no login (single-user mode until then).
    as_user(dir, None)
        .args([
            "user",
            "add",
            "--username",
            "thang.ct",
            "--name",
            "Nguyễn Văn Thắng",
            "--role",
            "leader",
            "--password",
            LEADER.1,
        ])
        .assert()
        .code(1)
        .stderr(contains("tài khoản đầu tiên"));
    as_user(dir, None)
        .args([
            "user",
            "add",
            "--username",
            CLERK.0,
            "--name",
            "Trần Thị Lan",
            "--role",
            "clerk",
            "--password",
            CLERK.1,
        ])
        .assert()
        .success();
    for (u, name, role) in [
        (LEADER, "Nguyễn Văn Thắng", "leader"),
        (STAFF, "Lê Minh Đức", "staff"),
        (VIEWER, "Khách", "viewer"),
    ] {
        as_user(dir, Some(CLERK))
            .args([
                "user",
                "add",
                "--username",
                u.0,
                "--name",
                name,
                "--role",
                role,
                "--password",
                u.1,
            ])
            .assert()
            .success();
    }
    as_user(dir, Some(CLERK))
        .args([
            "setup",
            "--name",
            "Ủy ban nhân dân xã Tân Cương",
            "--superior",
            "Ủy ban nhân dân tỉnh Thái Nguyên",
            "--abbr",
            "UBND",
            "--place",
            "Tân Cương",
        ])
        .assert()
        .success();
}

fn json(dir: &Path, user: (&str, &str), args: &[&str]) -> Value {
    let out = as_user(dir, Some(user))
        .args(args)
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn each_role_is_held_to_its_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    setup(d);
    // No login, or a wrong password: refused.
    as_user(d, None)
        .args(["incoming", "list"])
        .assert()
        .code(1)
        .stderr(contains("đăng nhập"));
    as_user(d, Some((CLERK.0, "sai-mat-khau")))
        .args(["incoming", "list"])
        .assert()
        .code(1)
        .stderr(contains("không đúng"));
    // The viewer reads but cannot write.
    as_user(d, Some(VIEWER))
        .args(["incoming", "list"])
        .assert()
        .success();
    let add = [
        "incoming",
        "add",
        "--issuer",
        "Sở Nội vụ",
        "--symbol",
        "12/KH-SNV",
        "--date",
        "20/11/2026",
        "--type",
        "KH",
        "--summary",
        "Kế hoạch cải cách hành chính",
    ];
    as_user(d, Some(VIEWER))
        .args(add)
        .assert()
        .code(1)
        .stderr(contains("Chỉ xem").and(contains("không được phép")));
    as_user(d, Some(CLERK)).args(add).assert().success();
    // Staff cannot assign; the leader can. Staff handles only their own work.
    as_user(d, Some(STAFF))
        .args([
            "incoming",
            "transition",
            "1/2026",
            "assign",
            "--assignee",
            "Lê Minh Đức",
        ])
        .assert()
        .code(1)
        .stderr(contains("không được phép"));
    as_user(d, Some(LEADER))
        .args([
            "incoming",
            "transition",
            "1/2026",
            "assign",
            "--assignee",
            "Lê Minh Đức",
        ])
        .assert()
        .success();
    as_user(d, Some(STAFF))
        .args([
            "incoming",
            "transition",
            "1/2026",
            "progress",
            "--note",
            "Đang soạn",
        ])
        .assert()
        .success();
    as_user(d, Some(CLERK))
        .args(add.map(|a| if a == "12/KH-SNV" { "13/KH-SNV" } else { a }))
        .assert()
        .success();
    as_user(d, Some(LEADER))
        .args([
            "incoming",
            "transition",
            "2/2026",
            "assign",
            "--assignee",
            "Người khác",
        ])
        .assert()
        .success();
    as_user(d, Some(STAFF))
        .args(["incoming", "transition", "2/2026", "done", "--result", "x"])
        .assert()
        .code(1)
        .stderr(contains("không được giao cho mình"));
    // Outgoing: staff drafts and submits, but cannot approve or issue; the leader approves and
    // signs but does not issue; the clerk issues.
    let draft = json(
        d,
        STAFF,
        &[
            "outgoing",
            "create",
            "--type",
            "BC",
            "--summary",
            "Báo cáo kết quả cải cách hành chính",
            "--signer",
            "Nguyễn Văn Thắng",
        ],
    );
    let id = draft["id"].as_str().unwrap().to_string();
    as_user(d, Some(STAFF))
        .args(["outgoing", "transition", &id, "submit"])
        .assert()
        .success();
    as_user(d, Some(STAFF))
        .args(["outgoing", "transition", &id, "approve"])
        .assert()
        .code(1)
        .stderr(contains("Cán bộ"));
    as_user(d, Some(CLERK))
        .args(["outgoing", "transition", &id, "approve"])
        .assert()
        .code(1);
    as_user(d, Some(LEADER))
        .args(["outgoing", "transition", &id, "approve"])
        .assert()
        .success();
    as_user(d, Some(LEADER))
        .args(["outgoing", "transition", &id, "sign"])
        .assert()
        .success();
    as_user(d, Some(STAFF))
        .args(["outgoing", "issue", &id])
        .assert()
        .code(1);
    as_user(d, Some(LEADER))
        .args(["outgoing", "issue", &id])
        .assert()
        .code(1);
    let issued = json(d, CLERK, &["outgoing", "issue", &id]);
    assert_eq!(issued["symbol"], "01/BC-UBND");
    // Accounts: only the clerk manages them; the last clerk cannot be demoted.
    as_user(d, Some(LEADER))
        .args([
            "user",
            "add",
            "--username",
            "moi",
            "--name",
            "Mới",
            "--role",
            "staff",
            "--password",
            "12345678",
        ])
        .assert()
        .code(1);
    as_user(d, Some(CLERK))
        .args(["user", "update", CLERK.0, "--role", "staff"])
        .assert()
        .code(1)
        .stderr(contains("ít nhất một tài khoản văn thư"));
    // A disabled account can no longer log in.
    as_user(d, Some(CLERK))
        .args(["user", "update", VIEWER.0, "--disable"])
        .assert()
        .success();
    as_user(d, Some(VIEWER))
        .args(["incoming", "list"])
        .assert()
        .code(1)
        .stderr(contains("khóa"));
    // Events record the account that acted.
    let shown = json(d, CLERK, &["incoming", "show", "1/2026"]);
    let actors: Vec<&str> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["actor"].as_str().unwrap())
        .collect();
    assert_eq!(actors, ["lan.vt", "thang.ct", "duc.cb"]);
}

#[test]
fn tampering_with_the_audit_trail_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    setup(d);
    for n in 1..=3 {
        as_user(d, Some(CLERK))
            .args([
                "incoming",
                "add",
                "--issuer",
                "Sở Y tế",
                "--symbol",
                &format!("{n}/TB-SYT"),
                "--date",
                "20/11/2026",
                "--type",
                "TB",
                "--summary",
                "Thông báo lịch tiêm chủng",
            ])
            .assert()
            .success();
    }
    let ok = json(d, CLERK, &["audit", "verify"]);
    assert_eq!(ok["ok"], true);
    let rows = ok["rows"].as_u64().unwrap();
    assert!(
        rows >= 10,
        "accounts, unit, documents and events are all audited: {rows}"
    );
    let log = json(d, CLERK, &["audit", "log", "--limit", "100"]);
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|r| r["entity"] == "incoming_document" && r["actor"] == "lan.vt")
    );

    let db = d.join("vanthu.db");
    let tamper = |sql: &str| {
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch(sql)
            .unwrap()
    };
    // Someone edits a summary in the audit trail by hand.
    tamper(
        "UPDATE audit_log SET after_json = replace(after_json, 'tiêm chủng', 'tiêm phòng') WHERE seq = (SELECT min(seq) FROM audit_log WHERE entity = 'incoming_document')",
    );
    as_user(d, Some(CLERK))
        .args(["audit", "verify"])
        .assert()
        .code(1)
        .stderr(contains("bị sửa"));
    let report = {
        let out = as_user(d, Some(CLERK))
            .args(["audit", "verify", "--json"])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice::<Value>(&out).unwrap()
    };
    assert_eq!(report["ok"], false);
    assert!(report["first_bad_seq"].as_i64().unwrap() > 0);

    // Deleting a row is detected too (on a fresh copy).
    let dir2 = tempfile::tempdir().unwrap();
    setup(dir2.path());
    let db2 = dir2.path().join("vanthu.db");
    rusqlite::Connection::open(&db2)
        .unwrap()
        .execute_batch("DELETE FROM audit_log WHERE seq = 2")
        .unwrap();
    as_user(dir2.path(), Some(CLERK))
        .args(["audit", "verify"])
        .assert()
        .code(1)
        .stderr(contains("xóa"));
}
