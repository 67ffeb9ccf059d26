//! `vanthu export register` and `vanthu import` end to end: a register exported from one data
//! directory imports into another; legacy CSV; bad rows exit 1 and write nothing.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;
use std::path::Path;

fn vanthu(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("vanthu").unwrap();
    c.env("VANTHU_DATA_DIR", dir)
        .env("VANTHU_NOW", "2026-11-24T09:00:00+07:00");
    c
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let out = vanthu(dir)
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
fn export_then_import_into_another_unit() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    vanthu(&a)
        .args([
            "generate",
            "--count",
            "80",
            "--from-year",
            "2025",
            "--to-year",
            "2025",
        ])
        .assert()
        .success();
    let file = tmp.path().join("so-den-2025.xlsx");
    let file_s = file.to_str().unwrap();
    let exported = json(
        &a,
        &[
            "export", "register", "--kind", "incoming", "--year", "2025", "--out", file_s,
        ],
    );
    let rows = exported["rows"].as_u64().unwrap();
    assert!(rows > 10);
    vanthu(&a)
        .args([
            "export", "register", "--kind", "outgoing", "--year", "2025", "--out",
        ])
        .arg(tmp.path().join("so-di-2025.xlsx"))
        .assert()
        .success()
        .stdout(contains("Đã xuất sổ văn bản đi năm 2025"));

    let preview = json(&b, &["import", file_s, "--dry-run"]);
    assert_eq!(preview["imported"].as_u64(), Some(rows));
    assert_eq!(preview["committed"], false);
    vanthu(&b)
        .args(["import", file_s, "--dry-run"])
        .assert()
        .success()
        .stdout(contains("Xem trước").and(contains("chưa có gì được ghi")));
    let list = json(&b, &["incoming", "list", "--year", "2025"]);
    assert!(list["items"].as_array().unwrap().is_empty());

    vanthu(&b)
        .args(["import", file_s])
        .assert()
        .success()
        .stdout(contains(format!("Đã nhập {rows} dòng")));
    let again = json(&b, &["import", file_s]);
    assert_eq!(again["imported"], 0);
    assert_eq!(again["duplicates"].as_u64(), Some(rows));
}

#[test]
fn legacy_csv_and_bad_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    // "Số đến;Ngày đến;Tác giả;Số, ký hiệu;Ngày tháng;Trích yếu" and two rows, in TCVN3 bytes.
    let mut bytes: Vec<u8> = Vec::new();
    bytes.extend(b"S\xe8 \xae\xd5n;Ng\xb5y \xae\xd5n;T\xb8c gi\xb6;S\xe8, k\xfd hi\xd6u;Ng\xb5y th\xb8ng;Tr\xddch y\xd5u\n");
    bytes
        .extend(b"1;02/01/2015;S\xeb N\xe9i v\xf4;01/SNV;01/01/2015;K\xd5 ho\xb9ch c\xb8n b\xe9\n");
    bytes.extend(b"2;31/13/2015;S\xeb N\xe9i v\xf4;02/SNV;01/01/2015;Th\xabng b\xb8o\n");
    let csv = tmp.path().join("so-cu.csv");
    std::fs::write(&csv, bytes).unwrap();
    let csv_s = csv.to_str().unwrap();

    vanthu(&dir)
        .args(["import", csv_s])
        .assert()
        .code(1)
        .stderr(contains(
            "dòng 3, cột Ngày đến: \"31/13/2015\" không phải ngày hợp lệ",
        ));
    let list = json(&dir, &["incoming", "list", "--year", "2015"]);
    assert!(list["items"].as_array().unwrap().is_empty());

    let report = json(&dir, &["import", csv_s, "--skip-bad-rows"]);
    assert_eq!(report["encoding"]["file_charset"], "TCVN3 (ABC)");
    assert_eq!(report["imported"], 1);
    assert_eq!(report["skipped_bad"], 1);
    let show = json(&dir, &["incoming", "show", "1/2015"]);
    assert_eq!(show["document"]["issuer"], "Sở Nội vụ");
    assert_eq!(show["document"]["summary"], "Kế hoạch cán bộ");
    vanthu(&dir)
        .args(["import", "--json"])
        .arg(tmp.path().join("khong-co.docx"))
        .assert()
        .code(1)
        .stderr(contains("import_file").and(contains(".xlsx").not().or(contains("xlsx"))));
}
