//! Backups end to end: backup → wipe → restore gives identical records; a corrupted backup is
//! reported and never restored; rotation keeps the newest.

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;
use std::path::Path;

fn vanthu(dir: &Path, now: &str) -> Command {
    let mut c = Command::cargo_bin("vanthu").unwrap();
    c.env("VANTHU_DATA_DIR", dir)
        .env("VANTHU_NOW", now)
        .env_remove("VANTHU_USER");
    c
}

fn json(dir: &Path, now: &str, args: &[&str]) -> Value {
    let out = vanthu(dir, now)
        .args(args)
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

fn snapshot(dir: &Path) -> (Value, Value) {
    let now = "2026-11-24T10:00";
    (
        json(dir, now, &["incoming", "list", "--limit", "1000"]),
        json(dir, now, &["outgoing", "list", "--limit", "1000"]),
    )
}

#[test]
fn backup_wipe_restore_gives_identical_records() {
    let data = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    let d = data.path();
    let now = "2026-11-24T09:00";
    json(
        d,
        now,
        &["generate", "--count", "150", "--from-year", "2025"],
    );
    let pdf = d.join("cong-van.pdf");
    std::fs::write(&pdf, b"%PDF-1.4 noi dung cong van").unwrap();
    vanthu(d, now)
        .args(["incoming", "attach", "1/2025", pdf.to_str().unwrap()])
        .assert()
        .success();
    let before = snapshot(d);

    let made = json(
        d,
        now,
        &["backup", "create", "--dir", usb.path().to_str().unwrap()],
    );
    let path = made["path"].as_str().unwrap().to_string();
    assert_eq!(made["manifest"]["counts"]["attachments"], 1);
    json(d, now, &["backup", "verify", &path]);
    let list = json(
        d,
        now,
        &["backup", "list", "--dir", usb.path().to_str().unwrap()],
    );
    assert_eq!(list.as_array().unwrap().len(), 1);

    // The laptop's data is lost.
    for entry in std::fs::read_dir(d).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            std::fs::remove_dir_all(&p).unwrap()
        } else {
            std::fs::remove_file(&p).unwrap()
        }
    }
    // Preview first: nothing is written.
    let preview = json(d, now, &["backup", "restore", &path]);
    assert_eq!(preview["verification"]["ok"], true);
    assert_eq!(
        preview["preview"]["manifest"]["counts"]["incoming_documents"],
        150
    );
    vanthu(d, now)
        .args(["backup", "restore", &path, "--yes"])
        .assert()
        .success()
        .stdout(contains("Đã khôi phục"));
    assert_eq!(snapshot(d), before);
    let shown = json(d, now, &["incoming", "show", "1/2025"]);
    let sha = shown["attachments"][0]["sha256"]
        .as_str()
        .unwrap()
        .to_string();
    let blob = d.join("blobs").join(&sha[..2]).join(&sha);
    assert_eq!(std::fs::read(blob).unwrap(), b"%PDF-1.4 noi dung cong van");
}

#[test]
fn a_corrupted_backup_is_reported_and_never_restored() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let now = "2026-11-24T09:00";
    json(
        d,
        now,
        &["generate", "--count", "60", "--from-year", "2026"],
    );
    let pdf = d.join("a.pdf");
    std::fs::write(&pdf, b"%PDF-1.4 x").unwrap();
    vanthu(d, now)
        .args(["incoming", "attach", "1/2026", pdf.to_str().unwrap()])
        .assert()
        .success();
    let made = json(d, now, &["backup", "create"]);
    let path = std::path::PathBuf::from(made["path"].as_str().unwrap());

    // Flip bytes in the middle of the copied database.
    let db = path.join("vanthu.db");
    let mut bytes = std::fs::read(&db).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 64] {
        *b ^= 0xA5;
    }
    std::fs::write(&db, &bytes).unwrap();
    vanthu(d, now)
        .args(["backup", "verify", path.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(contains("SHA-256"));
    // Add a document, then try to restore the bad backup: refused, the new document survives.
    vanthu(d, now)
        .args([
            "incoming",
            "add",
            "--issuer",
            "Sở Nội vụ",
            "--symbol",
            "99/KH-SNV",
            "--date",
            "20/11/2026",
            "--type",
            "KH",
            "--summary",
            "Sau sao lưu",
        ])
        .assert()
        .success();
    vanthu(d, now)
        .args(["backup", "restore", path.to_str().unwrap(), "--yes"])
        .assert()
        .code(1)
        .stderr(contains("không hợp lệ"));
    let list = json(d, now, &["incoming", "list", "--limit", "500"]);
    assert_eq!(list["items"].as_array().unwrap().len(), 61);

    // A backup missing an attachment is reported too.
    let made = json(d, "2026-11-24T09:05", &["backup", "create"]);
    let path = std::path::PathBuf::from(made["path"].as_str().unwrap());
    let blobs = path.join("blobs");
    let shard = std::fs::read_dir(&blobs)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::remove_dir_all(shard).unwrap();
    let v = {
        let out = vanthu(d, now)
            .args(["backup", "verify", path.to_str().unwrap(), "--json"])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice::<Value>(&out).unwrap()
    };
    assert!(v["problems"][0].as_str().unwrap().contains("tệp đính kèm"));
}

#[test]
fn daily_backups_rotate() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    json(
        d,
        "2026-11-20T09:00",
        &["generate", "--count", "10", "--from-year", "2026"],
    );
    let first = json(d, "2026-11-20T09:00", &["backup", "auto", "--keep", "2"]);
    assert!(first["path"].is_string());
    // Less than a day later: nothing to do.
    assert!(json(d, "2026-11-20T18:00", &["backup", "auto", "--keep", "2"]).is_null());
    json(d, "2026-11-21T09:00", &["backup", "auto", "--keep", "2"]);
    json(d, "2026-11-22T09:00", &["backup", "auto", "--keep", "2"]);
    let list = json(d, "2026-11-22T09:00", &["backup", "list"]);
    let reasons: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["manifest"]["created_at"].as_i64().unwrap())
        .collect();
    assert_eq!(reasons.len(), 2);
    assert!(reasons[0] > reasons[1]);
}
