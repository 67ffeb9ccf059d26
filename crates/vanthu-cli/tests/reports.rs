//! `vanthu report …` and `vanthu export register --format pdf` end to end: a quarter's report
//! drafted from generated data, edited, issued, rendered to PDF and DOCX, submitted; the
//! register printed as PDF.

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;
use std::path::Path;

fn vanthu(dir: &Path, now: &str) -> Command {
    let mut c = Command::cargo_bin("vanthu").unwrap();
    c.env("VANTHU_DATA_DIR", dir).env("VANTHU_NOW", now);
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

const OCT: &str = "2026-10-02";

#[test]
fn quarterly_report_from_draft_to_submission() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    vanthu(d, OCT)
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
            "--leader",
            "Nguyễn Văn Thắng|Chủ tịch",
        ])
        .assert()
        .success();
    vanthu(d, OCT)
        .args([
            "generate",
            "--count",
            "300",
            "--from-year",
            "2026",
            "--to-year",
            "2026",
        ])
        .assert()
        .success();

    let r = json(d, OCT, &["report", "new", "--period", "2026-Q3"]);
    let id = r["id"].as_str().unwrap().to_string();
    assert_eq!(r["status"], "draft");
    let total = r["figures"]["incoming"]["total"].as_u64().unwrap();
    assert!(total > 0, "the generator filled quarter III");
    // The pre-drafted summary states the same count the figures hold.
    let ket_qua = r["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "ket_qua")
        .unwrap()["text"]
        .as_str()
        .unwrap()
        .to_string();
    let said = format!(
        "tiếp nhận {} văn bản đến",
        vanthu_local::report::vi::int(total as i64)
    );
    assert!(ket_qua.contains(&said), "{ket_qua}");

    vanthu(d, OCT)
        .args(["report", "new", "--period", "2026-Q3"])
        .assert()
        .code(1)
        .stderr(contains("Đã có báo cáo cho kỳ này"));

    vanthu(d, OCT)
        .args([
            "report",
            "edit",
            "2026-Q3",
            "--section",
            "kho_khan",
            "--text",
            "Đường truyền chậm.",
        ])
        .assert()
        .success()
        .stdout(contains("phiên bản 2"));
    vanthu(d, OCT)
        .args([
            "report",
            "edit",
            "2026-Q3",
            "--section",
            "khong_co",
            "--text",
            "x",
        ])
        .assert()
        .code(1)
        .stderr(contains("không có trong mẫu"));

    vanthu(d, OCT)
        .args(["report", "show", "2026-Q3", "--versions"])
        .assert()
        .success()
        .stdout(contains("III. KHÓ KHĂN, VƯỚNG MẮC"))
        .stdout(contains("Đường truyền chậm."));

    let pdf = d.join("bc.pdf");
    vanthu(d, OCT)
        .args(["report", "render", "2026-Q3", "--format", "pdf", "--out"])
        .arg(&pdf)
        .assert()
        .success();
    assert_eq!(&std::fs::read(&pdf).unwrap()[..5], b"%PDF-");
    let docx = d.join("bc.docx");
    vanthu(d, OCT)
        .args(["report", "render", &id, "--format", "docx", "--out"])
        .arg(&docx)
        .assert()
        .success();
    assert_eq!(&std::fs::read(&docx).unwrap()[..2], b"PK");
    vanthu(d, OCT)
        .args(["report", "render", &id, "--format", "odt", "--out"])
        .arg(d.join("x.odt"))
        .assert()
        .code(1)
        .stderr(contains("chưa được hỗ trợ"));

    let issued = json(d, "2026-10-05", &["report", "issue", "2026-Q3"]);
    let symbol = issued["issued_as"]["symbol"].as_str().unwrap();
    assert!(symbol.ends_with("/BC-UBND"), "{symbol}");
    let sub = json(d, "2026-10-05", &["report", "submit", "2026-Q3"]);
    assert_eq!(sub["on_time"], true);
    assert_eq!(sub["attempt"], 1);
    let list = json(d, "2026-10-06", &["report", "list", "--year", "2026"]);
    assert_eq!(list[0]["status"], "submitted");
    assert_eq!(list[0]["symbol"], symbol);
    vanthu(d, "2026-10-06")
        .args([
            "report",
            "edit",
            "2026-Q3",
            "--section",
            "de_xuat",
            "--text",
            "x",
        ])
        .assert()
        .code(1)
        .stderr(contains("Đã gửi"));
}

#[test]
fn register_exports_as_pdf_and_the_format_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    vanthu(d, OCT)
        .args([
            "generate",
            "--count",
            "120",
            "--from-year",
            "2026",
            "--to-year",
            "2026",
        ])
        .assert()
        .success();
    let out = d.join("so-den.pdf");
    let done = json(
        d,
        OCT,
        &[
            "export",
            "register",
            "--kind",
            "incoming",
            "--year",
            "2026",
            "--format",
            "pdf",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(done["rows"], 120);
    assert_eq!(&std::fs::read(&out).unwrap()[..5], b"%PDF-");
    // The extension alone chooses PDF too.
    let out2 = d.join("so-di.pdf");
    vanthu(d, OCT)
        .args([
            "export", "register", "--kind", "outgoing", "--year", "2026", "--out",
        ])
        .arg(&out2)
        .assert()
        .success()
        .stdout(contains("PDF khổ A4 ngang"));
    vanthu(d, OCT)
        .args([
            "export", "register", "--kind", "incoming", "--year", "2026", "--format", "odt",
            "--out",
        ])
        .arg(d.join("x"))
        .assert()
        .code(1)
        .stderr(contains("xlsx hoặc pdf"));
}
