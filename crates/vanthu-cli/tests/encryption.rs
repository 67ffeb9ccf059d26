//! Encryption at rest through the CLI, each step a separate process as a clerk would run it:
//! `vanthu encrypt` on a store in use, backups of the encrypted store, a wrong key, the
//! recovery code on a new laptop; `vanthu init` encrypted by default.
//!
//! Every command runs with `VANTHU_KEYRING=off` and its own `VANTHU_KEY_DIR`: the tests never
//! touch the OS keyring or the real home.

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;
use std::path::{Path, PathBuf};
use vanthu_local::crypto::{self, KeyInfo, KeyStorage};

const NOW: &str = "2026-11-24T09:00";
const MARKER: &str = "ZQX-CLI-MARKER-4412";
const SUMMARY: &str = "Về việc hỗ trợ hộ nghèo khắc phục hậu quả lũ quét";

fn vanthu(dir: &Path, keys: &Path) -> Command {
    let mut c = Command::cargo_bin("vanthu").unwrap();
    c.env("VANTHU_DATA_DIR", dir)
        .env("VANTHU_KEY_DIR", keys)
        .env("VANTHU_KEYRING", "off")
        .env("VANTHU_NOW", NOW)
        .env_remove("VANTHU_USER");
    c
}

fn json(dir: &Path, keys: &Path, args: &[&str]) -> Value {
    let out = vanthu(dir, keys)
        .args(args)
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

fn records(dir: &Path, keys: &Path) -> (Value, Value) {
    (
        json(dir, keys, &["incoming", "list", "--limit", "1000"]),
        json(dir, keys, &["outgoing", "list", "--limit", "1000"]),
    )
}

/// Files under `root` containing the marker or the Vietnamese summary.
fn plaintext_hits(root: &Path) -> Vec<PathBuf> {
    let needles = [MARKER.as_bytes(), SUMMARY.as_bytes()];
    let mut hits = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else {
            let bytes = std::fs::read(&p).unwrap();
            if needles
                .iter()
                .any(|n| bytes.windows(n.len()).any(|w| w == *n))
            {
                hits.push(p);
            }
        }
    }
    hits
}

fn add_marked_document(dir: &Path, keys: &Path, files: &Path) {
    let pdf = files.join("cong-van.pdf");
    std::fs::write(&pdf, format!("%PDF-1.4 {MARKER} {SUMMARY}")).unwrap();
    vanthu(dir, keys)
        .args([
            "incoming",
            "add",
            "--issuer",
            "Ủy ban nhân dân huyện Đại Từ",
            "--symbol",
            "88/UBND-LĐTBXH",
            "--date",
            "20/11/2026",
            "--type",
            "Công văn",
            "--summary",
            SUMMARY,
            "--notes",
            MARKER,
            "--attach",
            pdf.to_str().unwrap(),
        ])
        .assert()
        .success();
}

#[test]
fn encrypt_then_backup_wrong_key_and_restore_on_a_new_laptop() {
    let data = tempfile::tempdir().unwrap();
    let keys = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    let (d, k) = (data.path(), keys.path());
    json(d, k, &["generate", "--count", "60", "--from-year", "2026"]);
    add_marked_document(d, k, files.path());
    // A plaintext backup made before encryption.
    json(d, k, &["backup", "create"]);
    let before = records(d, k);
    assert!(
        !plaintext_hits(d).is_empty(),
        "the marker is findable before"
    );

    let out = json(d, k, &["encrypt"]);
    let code = out["recovery_code"].as_str().unwrap().to_string();
    assert_eq!(code.split('-').count(), 14);
    assert_eq!(out["blobs_sealed"], 1);
    assert_eq!(out["key_place"]["kind"], "file");
    assert_eq!(out["removed_plaintext"].as_array().unwrap().len(), 1);
    assert_eq!(plaintext_hits(d), Vec::<PathBuf>::new());
    assert_eq!(records(d, k), before, "nothing lost");
    json(d, k, &["audit", "verify"]);
    let status = json(d, k, &["key", "status"]);
    assert_eq!(status["encrypted"], true);
    assert_eq!(status["key_found"], true);
    // Running it again is refused with a clear message.
    vanthu(d, k)
        .arg("encrypt")
        .assert()
        .code(1)
        .stderr(contains("đã được mã hóa"));

    // Backups stay encrypted and verify.
    let made = json(
        d,
        k,
        &["backup", "create", "--dir", usb.path().to_str().unwrap()],
    );
    let path = made["path"].as_str().unwrap().to_string();
    json(d, k, &["backup", "verify", &path]);
    assert_eq!(plaintext_hits(usb.path()), Vec::<PathBuf>::new());

    // A wrong key: refused cleanly (exit 1, Vietnamese, what to do), nothing changed.
    let info = KeyInfo::read(d).unwrap().unwrap();
    let key_file = k.join(format!("{}.key", info.store_id));
    let right = std::fs::read(&key_file).unwrap();
    std::fs::write(&key_file, crypto::DbKey::generate().to_hex().as_bytes()).unwrap();
    vanthu(d, k)
        .args(["incoming", "list"])
        .assert()
        .code(1)
        .stderr(contains("Khóa giải mã không mở được"))
        .stderr(contains("vanthu key recover"));
    let err = vanthu(d, k)
        .args(["incoming", "list", "--json"])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err: Value = serde_json::from_slice(&err).unwrap();
    assert_eq!(err["code"], "key_wrong");
    // The recovery code puts the right key back.
    vanthu(d, k)
        .args(["key", "recover", &code])
        .assert()
        .success()
        .stdout(contains("Mã khôi phục đúng"));
    assert_eq!(std::fs::read(&key_file).unwrap(), right);
    assert_eq!(records(d, k), before);

    // A new laptop: empty data directory, no key.
    let data2 = tempfile::tempdir().unwrap();
    let keys2 = tempfile::tempdir().unwrap();
    let (d2, k2) = (data2.path(), keys2.path());
    vanthu(d2, k2)
        .args(["backup", "verify", &path])
        .assert()
        .code(1)
        .stderr(contains("không tìm thấy khóa giải mã"));
    let mut typo = code.clone().into_bytes();
    typo[0] = if typo[0] == b'7' { b'8' } else { b'7' };
    vanthu(d2, k2)
        .args([
            "key",
            "recover",
            &String::from_utf8(typo).unwrap(),
            "--backup",
            &path,
        ])
        .assert()
        .code(1)
        .stderr(contains("Mã khôi phục không hợp lệ"));
    vanthu(d2, k2)
        .args(["key", "recover", &code.to_lowercase(), "--backup", &path])
        .assert()
        .success();
    vanthu(d2, k2)
        .args(["backup", "restore", &path, "--yes"])
        .assert()
        .success()
        .stdout(contains("Đã khôi phục"));
    assert_eq!(
        records(d2, k2),
        before,
        "identical records on the new laptop"
    );
    assert_eq!(plaintext_hits(d2), Vec::<PathBuf>::new());
    // The attachment came across sealed and opens with the key from the recovery code.
    let shown = json(d2, k2, &["incoming", "show", "61/2026"]);
    let sha = shown["attachments"][0]["sha256"].as_str().unwrap();
    let info = KeyInfo::read(d2).unwrap().unwrap();
    let key = KeyStorage::files_only(k2).load(&info).unwrap().unwrap();
    let sealed = std::fs::read(vanthu_local::attachments::blob_path(d2, sha)).unwrap();
    let plain = crypto::open_blob(Some(&key.blob_key()), sha, &sealed).unwrap();
    assert!(String::from_utf8(plain).unwrap().contains(MARKER));
}

#[test]
fn init_encrypts_new_stores_by_default() {
    let data = tempfile::tempdir().unwrap();
    let keys = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let (d, k) = (data.path(), keys.path());
    vanthu(d, k)
        .arg("init")
        .assert()
        .success()
        .stdout(contains("MÃ KHÔI PHỤC"))
        .stdout(contains("vanthu key recover"));
    add_marked_document(d, k, files.path());
    assert_eq!(plaintext_hits(d), Vec::<PathBuf>::new());
    assert!(!crypto::is_plaintext_db(&d.join("vanthu.db")));
    vanthu(d, k)
        .arg("init")
        .assert()
        .code(1)
        .stderr(contains("đã có dữ liệu"));

    let plain = tempfile::tempdir().unwrap();
    let out = json(plain.path(), k, &["init", "--no-encrypt"]);
    assert_eq!(out["encrypted"], false);
    assert!(crypto::is_plaintext_db(&plain.path().join("vanthu.db")));
    let status = json(plain.path(), k, &["key", "status"]);
    assert_eq!(status["encrypted"], false);
}
