//! The `vanthu` binary end to end on temporary data directories, as a clerk would use it.

use assert_cmd::Command;
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

fn register_fixtures(dir: &Path) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/incoming-from-seeds.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    for (i, r) in reader.records().enumerate() {
        let r = r.unwrap();
        vanthu(dir)
            .args([
                "incoming",
                "add",
                "--symbol",
                &r[0],
                "--date",
                &r[1],
                "--issuer",
                &r[2],
                "--type",
                &r[3],
                "--summary",
                &r[4],
            ])
            .assert()
            .success()
            .stdout(contains(format!("số đến {}/2026", i + 1)));
    }
}

#[test]
fn fixture_documents_register_in_order_and_list_as_json() {
    let dir = tempfile::tempdir().unwrap();
    register_fixtures(dir.path());
    let page = json(dir.path(), &["incoming", "list", "--limit", "100"]);
    let items = page["items"].as_array().unwrap();
    let mut numbers: Vec<i64> = items
        .iter()
        .map(|d| d["arrival_no"].as_i64().unwrap())
        .collect();
    numbers.sort();
    assert_eq!(numbers, (1..=16).collect::<Vec<_>>());
    let first = items.iter().find(|d| d["arrival_no"] == 1).unwrap();
    assert_eq!(first["symbol"], "57-NQ/TW");
    assert_eq!(first["symbol_type"], "NQ");
    assert_eq!(first["symbol_issuer"], "TW");
    assert_eq!(first["status"], "registered");

    // Registering one again warns of the duplicate and stores nothing.
    vanthu(dir.path())
        .args([
            "incoming",
            "add",
            "--symbol",
            "35/KH-UBND",
            "--date",
            "04/02/2026",
            "--issuer",
            "Ủy ban nhân dân tỉnh Thái Nguyên",
            "--type",
            "KH",
            "--summary",
            "Lặp lại",
        ])
        .assert()
        .code(1)
        .stderr(contains("có thể đã được đăng ký").and(contains("số đến 12/2026")));
    // A secret document is refused with a Vietnamese message, nothing stored.
    vanthu(dir.path())
        .args([
            "incoming",
            "add",
            "--symbol",
            "01/KH-CAT",
            "--date",
            "04/02/2026",
            "--issuer",
            "Công an tỉnh",
            "--type",
            "KH",
            "--summary",
            "Mật",
            "--secrecy",
            "Mật",
        ])
        .assert()
        .code(1)
        .stderr(contains("bí mật nhà nước"));
    let page = json(dir.path(), &["incoming", "list", "--limit", "100"]);
    assert_eq!(page["items"].as_array().unwrap().len(), 16);
    // The clerk confirms it is a different document: registered as 17.
    vanthu(dir.path())
        .args([
            "incoming",
            "add",
            "--symbol",
            "35/KH-UBND",
            "--date",
            "04/02/2026",
            "--issuer",
            "Ủy ban nhân dân tỉnh Thái Nguyên",
            "--type",
            "KH",
            "--summary",
            "Bản gửi lại",
            "--allow-duplicate",
        ])
        .assert()
        .success()
        .stdout(contains("số đến 17/2026"));
}

use predicates::prelude::PredicateBooleanExt;

#[test]
fn workflow_through_the_cli_with_history() {
    let dir = tempfile::tempdir().unwrap();
    register_fixtures(dir.path());
    let d = dir.path();
    vanthu(d)
        .args(["incoming", "transition", "12/2026", "submit"])
        .assert()
        .success()
        .stdout(contains("Đã trình lãnh đạo"));
    vanthu(d)
        .args([
            "incoming",
            "transition",
            "12/2026",
            "assign",
            "--assignee",
            "Trần Thị Lan",
            "--deadline",
            "04/12/2026",
            "--instructions",
            "Tham mưu kế hoạch của xã",
        ])
        .assert()
        .success();
    vanthu(d)
        .args([
            "incoming",
            "transition",
            "12/2026",
            "extend",
            "--deadline",
            "11/12/2026",
        ])
        .assert()
        .code(1)
        .stderr(contains("lý do"));
    vanthu(d)
        .args([
            "incoming",
            "transition",
            "12/2026",
            "extend",
            "--deadline",
            "11/12/2026",
            "--reason",
            "Chờ số liệu các thôn",
        ])
        .assert()
        .success();
    vanthu(d)
        .args([
            "incoming",
            "transition",
            "12/2026",
            "progress",
            "--note",
            "Đã dự thảo",
        ])
        .assert()
        .success();
    vanthu(d)
        .args(["incoming", "transition", "12/2026", "submit"])
        .assert()
        .code(1)
        .stderr(contains("Không thể trình lãnh đạo"));
    vanthu(d)
        .args([
            "incoming",
            "transition",
            "12/2026",
            "done",
            "--result",
            "Đã ban hành kế hoạch",
        ])
        .assert()
        .success()
        .stdout(contains("Đã hoàn thành"));
    let shown = json(d, &["incoming", "show", "12/2026"]);
    assert_eq!(shown["document"]["status"], "done");
    assert_eq!(shown["document"]["deadline"], "2026-12-11");
    assert_eq!(shown["document"]["assignee"], "Trần Thị Lan");
    assert_eq!(shown["document"]["transfer_date"], "2026-11-24");
    let actions: Vec<&str> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "register",
            "submit",
            "assign",
            "extend_deadline",
            "progress",
            "complete"
        ]
    );
    // Filing from "registered", and an unknown reference.
    vanthu(d)
        .args(["incoming", "transition", "1/2026", "file"])
        .assert()
        .success();
    vanthu(d)
        .args(["incoming", "show", "99/2026"])
        .assert()
        .code(1)
        .stderr(contains("Không tìm thấy"));
    // Overdue filter: 2/2026 assigned with a deadline already past.
    vanthu(d)
        .args([
            "incoming",
            "transition",
            "2/2026",
            "assign",
            "--assignee",
            "Lê Minh Đức",
            "--deadline",
            "20/11/2026",
        ])
        .assert()
        .success();
    let overdue = json(d, &["incoming", "list", "--overdue"]);
    let refs: Vec<i64> = overdue["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["arrival_no"].as_i64().unwrap())
        .collect();
    assert_eq!(refs, [2]);
}

fn issue_report(style: &str, abbr: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    vanthu(d)
        .args([
            "setup",
            "--name",
            "Ủy ban nhân dân xã Tân Cương",
            "--superior",
            "Ủy ban nhân dân tỉnh Thái Nguyên",
            "--abbr",
            abbr,
            "--place",
            "Tân Cương",
            "--style",
            style,
            "--leader",
            "Nguyễn Văn Thắng|Chủ tịch",
        ])
        .assert()
        .success();
    let draft = json(
        d,
        &[
            "outgoing",
            "create",
            "--type",
            "Báo cáo",
            "--summary",
            "Kết quả chuyển đổi số quý III năm 2026",
            "--signer",
            "Nguyễn Văn Thắng",
        ],
    );
    let id = draft["id"].as_str().unwrap().to_string();
    assert_eq!(draft["status"], "draft");
    vanthu(d)
        .args(["outgoing", "issue", &id])
        .assert()
        .code(1)
        .stderr(contains("Không thể cấp số"));
    for step in ["submit", "approve", "sign"] {
        vanthu(d)
            .args(["outgoing", "transition", &id, step])
            .assert()
            .success();
    }
    let issued = json(d, &["outgoing", "issue", &id]);
    assert_eq!(issued["number"], 1);
    let sent = json(
        d,
        &[
            "outgoing",
            "transition",
            &id,
            "send",
            "--recipient",
            "Ủy ban nhân dân tỉnh",
            "--recipient",
            "Lưu: VT",
        ],
    );
    assert_eq!(sent["status"], "sent");
    assert_eq!(sent["copies"], 3);
    issued["symbol"].as_str().unwrap().to_string()
}

#[test]
fn outgoing_reports_are_numbered_in_the_units_style() {
    assert_eq!(issue_report("state", "UBND"), "01/BC-UBND");
    assert_eq!(issue_report("party", "ĐU"), "01-BC/ĐU");
}

#[test]
fn reply_links_and_returned_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    register_fixtures(d);
    vanthu(d)
        .args([
            "setup",
            "--name",
            "UBND xã Tân Cương",
            "--superior",
            "UBND tỉnh",
            "--abbr",
            "UBND",
            "--place",
            "Tân Cương",
        ])
        .assert()
        .success();
    let draft = json(
        d,
        &[
            "outgoing",
            "create",
            "--type",
            "CV",
            "--summary",
            "Về việc góp ý kế hoạch",
            "--reply-to",
            "15/2026",
            "--drafting-unit",
            "VP",
        ],
    );
    let id = draft["id"].as_str().unwrap().to_string();
    assert!(draft["reply_to_incoming_id"].is_string());
    vanthu(d)
        .args(["outgoing", "transition", &id, "submit"])
        .assert()
        .success();
    vanthu(d)
        .args(["outgoing", "transition", &id, "return"])
        .assert()
        .code(1)
        .stderr(contains("lý do trả lại"));
    vanthu(d)
        .args([
            "outgoing",
            "transition",
            &id,
            "return",
            "--note",
            "Sửa trích yếu",
        ])
        .assert()
        .success();
    for step in ["submit", "approve"] {
        vanthu(d)
            .args(["outgoing", "transition", &id, step])
            .assert()
            .success();
    }
    vanthu(d)
        .args(["outgoing", "transition", &id, "sign"])
        .assert()
        .code(1)
        .stderr(contains("người ký"));
    vanthu(d)
        .args([
            "outgoing",
            "transition",
            &id,
            "sign",
            "--signer",
            "Nguyễn Văn Thắng",
        ])
        .assert()
        .success();
    let issued = json(d, &["outgoing", "issue", &id, "--date", "25/11/2026"]);
    assert_eq!(issued["symbol"], "01/UBND-VP");
    assert_eq!(issued["issued_date"], "2026-11-25");
    vanthu(d)
        .args([
            "incoming",
            "transition",
            "15/2026",
            "assign",
            "--assignee",
            "Văn phòng",
        ])
        .assert()
        .success();
    let done = json(
        d,
        &[
            "incoming",
            "transition",
            "15/2026",
            "done",
            "--result",
            "Đã góp ý",
            "--reply",
            "01/UBND-VP",
        ],
    );
    assert_eq!(done["reply_outgoing_id"], id.as_str());
}

#[test]
fn usage_errors_exit_2_and_bad_fields_are_named() {
    let dir = tempfile::tempdir().unwrap();
    vanthu(dir.path())
        .args(["incoming", "add", "--symbol", "1/KH"])
        .assert()
        .code(2);
    vanthu(dir.path())
        .args(["incoming", "frobnicate"])
        .assert()
        .code(2);
    vanthu(dir.path())
        .args([
            "incoming",
            "add",
            "--symbol",
            "1/KH-UBND",
            "--date",
            "31/02/2026",
            "--issuer",
            "UBND tỉnh",
            "--type",
            "KH",
            "--summary",
            "x",
        ])
        .assert()
        .code(1)
        .stderr(contains("ngày văn bản"));
    vanthu(dir.path())
        .args([
            "incoming",
            "add",
            "--symbol",
            "1/KH-UBND",
            "--date",
            "01/02/2026",
            "--issuer",
            "UBND tỉnh",
            "--type",
            "Thư tình",
            "--summary",
            "x",
            "--json",
        ])
        .assert()
        .code(1)
        .stderr(contains("\"code\":\"invalid_field\""));
    vanthu(dir.path())
        .args(["outgoing", "create", "--type", "BC", "--summary", "x"])
        .assert()
        .success();
    let out = json(dir.path(), &["outgoing", "list"]);
    let id = out[0]["id"].as_str().unwrap().to_string();
    for s in ["submit", "approve", "sign"] {
        vanthu(dir.path())
            .args(["outgoing", "transition", &id, s, "--signer", "A"])
            .assert()
            .success();
    }
    vanthu(dir.path())
        .args(["outgoing", "issue", &id])
        .assert()
        .code(1)
        .stderr(contains("chưa được thiết lập"));
}

#[test]
fn generator_makes_consistent_data() {
    let dir = tempfile::tempdir().unwrap();
    let out = json(
        dir.path(),
        &["generate", "--count", "300", "--from-year", "2024"],
    );
    assert_eq!(out["report"]["incoming"], 300);
    assert!(out["report"]["outgoing"].as_i64().unwrap() > 0);
    // Every year's số đến runs 1..n without a gap.
    let conn = rusqlite::Connection::open(dir.path().join("vanthu.db")).unwrap();
    let gaps: i64 = conn
        .query_row("SELECT count(*) FROM (SELECT year, max(arrival_no) m, count(*) c FROM incoming_documents GROUP BY year) WHERE m != c", [], |r| r.get(0))
        .unwrap();
    assert_eq!(gaps, 0);
    let years: i64 = conn
        .query_row(
            "SELECT count(DISTINCT year) FROM incoming_documents",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(years, 3);
}
