//! `vanthu search` end to end: diacritics or not, exact matches first, filters, errors.

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

/// Registers a notice (not a "Kế hoạch": its folded type name "ke hoach" would match the
/// prefix "hoa").
fn add(dir: &Path, symbol: &str, issuer: &str, summary: &str) {
    vanthu(dir)
        .args([
            "incoming",
            "add",
            "--symbol",
            symbol,
            "--date",
            "20/11/2026",
        ])
        .args([
            "--issuer",
            issuer,
            "--type",
            "Thông báo",
            "--summary",
            summary,
        ])
        .assert()
        .success();
}

fn search(dir: &Path, args: &[&str]) -> Value {
    let out = vanthu(dir)
        .arg("search")
        .args(args)
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

fn symbols(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["document"]["symbol"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn search_with_and_without_diacritics_exact_first() {
    let dir = tempfile::tempdir().unwrap();
    add(dir.path(), "1/KH-UBND", "Sở Y tế", "Kế hoạch hóa gia đình");
    add(dir.path(), "2/KH-UBND", "Sở Nội vụ", "Trồng hoa ven đường");
    add(
        dir.path(),
        "3/KH-UBND",
        "Ðảng ủy xã",
        "Công tác Đảng năm 2026",
    );

    let v = search(dir.path(), &["hóa"]);
    assert_eq!(symbols(&v), ["1/KH-UBND", "2/KH-UBND"]);
    assert_eq!(v["items"][0]["exact"], true);
    assert_eq!(v["items"][1]["exact"], false);
    assert_eq!(symbols(&search(dir.path(), &["dang", "uy"])), ["3/KH-UBND"]);
    assert_eq!(
        symbols(&search(dir.path(), &["KE", "HOACH", "HOA"])),
        ["1/KH-UBND"]
    );
    assert_eq!(
        symbols(&search(
            dir.path(),
            &[
                "hoa",
                "--type",
                "TB",
                "--year",
                "2026",
                "--status",
                "registered"
            ]
        )),
        ["2/KH-UBND", "1/KH-UBND"]
    );
    assert!(symbols(&search(dir.path(), &["hoa", "--year", "2025"])).is_empty());

    // People read a table with Vietnamese headers.
    vanthu(dir.path())
        .args(["search", "chuyen", "doi"])
        .assert()
        .success()
        .stdout(contains("Không tìm thấy văn bản đến nào"));
    vanthu(dir.path())
        .args(["search", "hoa"])
        .assert()
        .success()
        .stdout(contains("trích yếu").and(contains("không dấu")));
    // An empty query is refused (exit 1) with a Vietnamese message.
    vanthu(dir.path())
        .args(["search", "--", "---"])
        .assert()
        .code(1)
        .stderr(contains("từ khóa tìm kiếm"));
}

#[test]
fn urgency_and_arrival_range_filters_and_outgoing_refuses_what_it_cannot_filter() {
    let dir = tempfile::tempdir().unwrap();
    let add_on = |symbol: &str, arrival: &str, urgency: &str| {
        vanthu(dir.path())
            .args([
                "incoming",
                "add",
                "--symbol",
                symbol,
                "--date",
                "01/11/2026",
            ])
            .args(["--issuer", "UBND huyện", "--type", "Công văn"])
            .args(["--summary", "Về việc chuyển đổi số cấp xã"])
            .args(["--arrival-date", arrival, "--urgency", urgency])
            .assert()
            .success();
    };
    add_on("10/UBND-VP", "03/11/2026", "Thường");
    add_on("11/UBND-VP", "10/11/2026", "Hỏa tốc");
    add_on("12/UBND-VP", "17/11/2026", "Khẩn");

    assert_eq!(
        symbols(&search(
            dir.path(),
            &["chuyen doi so", "--urgency", "hoa toc"]
        )),
        ["11/UBND-VP"]
    );
    let mut in_range = symbols(&search(
        dir.path(),
        &["chuyển đổi", "--from", "05/11/2026", "--to", "17/11/2026"],
    ));
    in_range.sort();
    assert_eq!(in_range, ["11/UBND-VP", "12/UBND-VP"]);
    assert!(
        symbols(&search(
            dir.path(),
            &["so", "--from", "18/11/2026", "--urgency", "khan"]
        ))
        .is_empty()
    );

    // The outgoing register filters by year and status only: other filters are refused by
    // name rather than silently ignored.
    vanthu(dir.path())
        .args([
            "search",
            "chuyen doi",
            "--kind",
            "outgoing",
            "--urgency",
            "khan",
        ])
        .args(["--from", "01/11/2026"])
        .assert()
        .code(1)
        .stderr(
            contains("--urgency")
                .and(contains("--from"))
                .and(contains("sổ văn bản đi")),
        );
}
