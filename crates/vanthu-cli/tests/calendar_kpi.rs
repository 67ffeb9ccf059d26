//! `vanthu calendar` and `vanthu kpi` end to end, against dates computed by hand.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn vanthu(dir: &Path, now: &str) -> Command {
    let mut c = Command::cargo_bin("vanthu").unwrap();
    c.env("VANTHU_DATA_DIR", dir).env("VANTHU_NOW", now);
    c
}

fn stdout(dir: &Path, now: &str, args: &[&str]) -> String {
    let out = vanthu(dir, now)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

fn json(dir: &Path, now: &str, args: &[&str]) -> Value {
    serde_json::from_str(&stdout(dir, now, &[args, &["--json"]].concat())).unwrap()
}

#[test]
fn holidays_2026_with_names() {
    let dir = tempfile::tempdir().unwrap();
    let days = json(dir.path(), "2026-01-05", &["calendar", "holidays", "2026"]);
    let dates: Vec<&str> = days
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    // Labour Code 2019 art. 112 for 2026, computed by hand: Tết (lunar 1/1 = 17/02) from
    // 29 tháng Chạp to mùng 4; Giỗ Tổ 10/3 = Sunday 26/04, compensated Monday 27/04.
    assert_eq!(
        dates,
        [
            "2026-01-01",
            "2026-02-16",
            "2026-02-17",
            "2026-02-18",
            "2026-02-19",
            "2026-02-20",
            "2026-04-26",
            "2026-04-27",
            "2026-04-30",
            "2026-05-01",
            "2026-09-01",
            "2026-09-02"
        ]
    );
    assert_eq!(days[0]["name"], "Tết Dương lịch");
    assert!(days[7]["name"].as_str().unwrap().starts_with("Nghỉ bù"));
}

#[test]
fn add_workdays_skips_tet_and_honours_the_official_2025_swap() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let now = "2026-01-05";
    // Friday 13/02/2026 + 3 working days: 16–20/02 are Tết, so 23, 24, 25.
    assert_eq!(
        stdout(d, now, &["calendar", "add-workdays", "2026-02-13", "3"]).trim(),
        "25/02/2026"
    );
    // Computed defaults for 2025: 30/4 and 1/5 off, Friday 2/5 a working day.
    assert_eq!(
        stdout(d, now, &["calendar", "add-workdays", "29/04/2025", "1"]).trim(),
        "02/05/2025"
    );
    // The official 2025 decision: Friday 2/5 off, Saturday 26/4 worked in exchange.
    vanthu(d, now)
        .args([
            "calendar",
            "override",
            "set",
            "2025",
            "--source",
            "Thông báo hoán đổi ngày làm việc dịp 30/4–1/5/2025",
        ])
        .args([
            "--day-off",
            "02/05/2025=Nghỉ hoán đổi",
            "--working-day",
            "26/04/2025=Làm bù cho ngày 02/05/2025",
        ])
        .assert()
        .success();
    assert_eq!(
        stdout(d, now, &["calendar", "add-workdays", "29/04/2025", "1"]).trim(),
        "05/05/2025"
    );
    assert_eq!(
        stdout(d, now, &["calendar", "add-workdays", "25/04/2025", "1"]).trim(),
        "26/04/2025"
    );
    let days = json(d, now, &["calendar", "holidays", "2025"]);
    assert!(
        days.as_array()
            .unwrap()
            .iter()
            .any(|x| x["date"] == "2025-05-02")
    );
    // An override for a date outside its year is refused.
    vanthu(d, now)
        .args([
            "calendar",
            "override",
            "set",
            "2024",
            "--day-off",
            "02/05/2025=Sai năm",
        ])
        .assert()
        .code(1);
    vanthu(d, now)
        .args(["calendar", "override", "clear", "2025"])
        .assert()
        .success();
    assert_eq!(
        stdout(d, now, &["calendar", "add-workdays", "29/04/2025", "1"]).trim(),
        "02/05/2025"
    );
}

fn add(d: &Path, now: &str, n: u32, urgency: &str) {
    vanthu(d, now)
        .args([
            "incoming",
            "add",
            "--issuer",
            "UBND tỉnh",
            "--symbol",
            &format!("{n}/KH-UBND"),
            "--date",
            now,
            "--type",
            "KH",
            "--summary",
            &format!("Việc {n}"),
            "--urgency",
            urgency,
        ])
        .assert()
        .success();
}

#[test]
fn default_deadlines_follow_urgency_in_working_days() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let now = "2026-07-01"; // a Wednesday
    add(d, now, 1, "");
    add(d, now, 2, "Khẩn");
    add(d, now, 3, "Hỏa tốc");
    for r in ["1/2026", "2/2026", "3/2026"] {
        vanthu(d, now)
            .args(["incoming", "transition", r, "assign", "--assignee", "An"])
            .assert()
            .success();
    }
    let deadline = |r: &str| {
        json(d, now, &["incoming", "show", r])["document"]["deadline"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(deadline("1/2026"), "2026-07-15"); // 10 working days
    assert_eq!(deadline("2/2026"), "2026-07-06"); // 3 working days
    assert_eq!(deadline("3/2026"), "2026-07-01"); // same day
    let due_soon = |now: &str| -> Vec<i64> {
        json(d, now, &["incoming", "list", "--due-soon"])["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["arrival_no"].as_i64().unwrap())
            .collect()
    };
    // On 01/07 only the Hỏa tốc one (due today) is due soon; 06/07 is 3 working days away.
    assert_eq!(due_soon(now), [3]);
    // On 02/07 it is overdue and the Khẩn one (2 working days left) is due soon.
    assert_eq!(due_soon("2026-07-02"), [2]);
    assert_eq!(
        json(d, "2026-07-02", &["incoming", "show", "3/2026"])["deadline_state"],
        "overdue"
    );
    assert_eq!(
        json(d, "2026-07-02", &["incoming", "show", "1/2026"])["deadline_state"],
        "not_due"
    );
    vanthu(d, "2026-07-02")
        .args([
            "incoming",
            "transition",
            "3/2026",
            "done",
            "--result",
            "Xong",
        ])
        .assert()
        .success();
    assert_eq!(
        json(d, "2026-07-02", &["incoming", "show", "3/2026"])["deadline_state"],
        "done_late"
    );
}

#[test]
fn kpi_on_a_scenario_built_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let t0 = "2026-07-01";
    for n in 1..=6 {
        add(d, t0, n, "");
    }
    let step = |now: &str, args: &[&str]| {
        vanthu(d, now)
            .args(["incoming", "transition"])
            .args(args)
            .assert()
            .success()
    };
    // 1: on time. 2: late. 3: open and overdue at the end of Q3. 4: open, due in Q4.
    // 5: extended from 10/07 to 30/07, done 20/07: on time. 6: filed, never counted.
    step(
        t0,
        &[
            "1/2026",
            "assign",
            "--assignee",
            "An",
            "--deadline",
            "2026-07-10",
        ],
    );
    step("2026-07-08", &["1/2026", "done", "--result", "Xong"]);
    step(
        t0,
        &[
            "2/2026",
            "assign",
            "--assignee",
            "Bình",
            "--deadline",
            "2026-07-10",
        ],
    );
    step("2026-07-20", &["2/2026", "done", "--result", "Xong muộn"]);
    step(
        t0,
        &[
            "3/2026",
            "assign",
            "--assignee",
            "Bình",
            "--deadline",
            "2026-08-14",
        ],
    );
    step(
        t0,
        &[
            "4/2026",
            "assign",
            "--assignee",
            "An",
            "--deadline",
            "2026-10-15",
        ],
    );
    step(
        t0,
        &[
            "5/2026",
            "assign",
            "--assignee",
            "Chi",
            "--deadline",
            "2026-07-10",
        ],
    );
    step(
        "2026-07-09",
        &[
            "5/2026",
            "extend",
            "--deadline",
            "2026-07-30",
            "--reason",
            "Chờ số liệu",
        ],
    );
    step(
        "2026-07-09",
        &[
            "5/2026",
            "reassign",
            "--assignee",
            "An",
            "--reason",
            "Chi nghỉ phép",
        ],
    );
    step("2026-07-20", &["5/2026", "done", "--result", "Xong"]);
    step(t0, &["6/2026", "file"]);
    let k = json(d, "2026-10-05", &["kpi", "--period", "2026-Q3"]);
    let o = &k["report"]["overall"];
    assert_eq!(
        (
            o["on_time"].as_u64(),
            o["late"].as_u64(),
            o["overdue_open"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(o["rate"].as_f64(), Some(0.5));
    assert_eq!(o["met_target"], false);
    // Reassigned item 5 counts for its current assignee.
    let an = k["report"]["by_assignee"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == "An")
        .unwrap();
    assert_eq!(an["rate"]["on_time"], 2);
    // Q4 has started on 05/10 but item 4 (due 15/10) is not overdue yet.
    let q4 = json(d, "2026-10-05", &["kpi", "--period", "2026-Q4"]);
    assert_eq!(q4["report"]["overall"]["denominator"], 0);
    // Past its deadline, and counted from a custom range too.
    let later = json(
        d,
        "2026-10-20",
        &["kpi", "--from", "01/10/2026", "--to", "31/10/2026"],
    );
    assert_eq!(later["report"]["overall"]["overdue_open"], 1);
    // Month and half-year periods parse; a bad period is refused with a clear message.
    json(d, "2026-10-05", &["kpi", "--period", "2026-07"]);
    json(d, "2026-10-05", &["kpi", "--period", "2026-H2"]);
    vanthu(d, "2026-10-05")
        .args(["kpi", "--period", "2026-Q5"])
        .assert()
        .code(1);
}
