//! Tasks, meetings and indicators end to end through `vanthu`, with an independent iCalendar
//! parser (`ical`) reading what we export.

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;
use std::path::{Path, PathBuf};

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

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/plan-tasks-from-seeds.csv")
}

#[test]
fn the_fixture_plan_imports_as_six_tasks_with_their_ranges() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let now = "2026-05-04";
    let fixture = fixture();
    let file = fixture.to_str().unwrap();
    // A dry run shows the preview and writes nothing.
    let preview = json(
        d,
        now,
        &[
            "task",
            "import",
            file,
            "--plan",
            "Kế hoạch 27-KH/ĐU",
            "--dry-run",
        ],
    );
    assert_eq!(preview["rows"], 6);
    assert_eq!(preview["imported"], 0);
    assert_eq!(json(d, now, &["task", "list"]).as_array().unwrap().len(), 0);
    let report = json(
        d,
        now,
        &["task", "import", file, "--plan", "Kế hoạch 27-KH/ĐU"],
    );
    assert_eq!(report["imported"], 6);
    let tasks = json(d, now, &["task", "list"]);
    let got: Vec<(String, String, String)> = tasks
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["period_from"].as_str().unwrap().into(),
                t["period_to"].as_str().unwrap().into(),
                t["lead_unit"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(got.len(), 6);
    assert_eq!(
        got[0],
        (
            "2026-04-01".into(),
            "2026-06-30".into(),
            "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã".into()
        )
    );
    assert_eq!(
        (got[1].0.as_str(), got[1].1.as_str()),
        ("2026-04-01", "2026-09-30")
    );
    for t in &got[2..] {
        assert_eq!((t.0.as_str(), t.1.as_str()), ("2026-07-01", "2026-09-30"));
    }
    let first = &tasks[0];
    assert_eq!(first["deadline"], "2026-06-30");
    assert_eq!(first["leader"], "Chủ tịch UBND xã");
    assert_eq!(first["time_frame"], "Quý II năm 2026");
    assert_eq!(first["plan_row"], 1);
    // Re-importing the same plan adds nothing.
    let again = json(
        d,
        now,
        &["task", "import", file, "--plan", "Kế hoạch 27-KH/ĐU"],
    );
    assert_eq!(
        (
            again["imported"].as_u64(),
            again["already_present"].as_u64()
        ),
        (Some(0), Some(6))
    );
}

#[test]
fn progress_overdue_and_kpi() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let now = "2026-05-04";
    let file = fixture();
    json(
        d,
        now,
        &["task", "import", file.to_str().unwrap(), "--plan", "KH"],
    );
    let tasks = json(d, now, &["task", "list"]);
    let q2 = tasks[0]["id"].as_str().unwrap().to_string();
    let tail = &q2[q2.len() - 8..];
    json(
        d,
        now,
        &["task", "assign", tail, "--assignee", "Trần Thị Lan"],
    );
    let t = json(
        d,
        "2026-05-20",
        &[
            "task",
            "progress",
            tail,
            "--percent",
            "40",
            "--note",
            "Đã khảo sát đường truyền",
        ],
    );
    assert_eq!(t["status"], "in_progress");
    vanthu(d, now)
        .args(["task", "progress", tail, "--percent", "140"])
        .assert()
        .code(1)
        .stderr(contains("0–100"));
    // After 30/06 the Q2 task is overdue and counts against the quarter's KPI.
    let overdue = json(d, "2026-07-02", &["task", "list", "--overdue"]);
    assert_eq!(overdue.as_array().unwrap().len(), 1);
    let kpi = json(d, "2026-07-02", &["kpi", "--period", "2026-Q2"]);
    assert_eq!(kpi["report"]["overall"]["overdue_open"], 1);
    assert_eq!(kpi["report"]["by_category"][0]["key"], "nhiem_vu");
    // Finished late in Q3.
    let done = json(
        d,
        "2026-07-10",
        &[
            "task",
            "progress",
            tail,
            "--percent",
            "100",
            "--note",
            "Hoàn thành",
        ],
    );
    assert_eq!(
        (done["status"].as_str(), done["completed_on"].as_str()),
        (Some("done"), Some("2026-07-10"))
    );
    let q3 = json(d, "2026-10-01", &["kpi", "--period", "2026-Q3"]);
    assert_eq!(q3["report"]["overall"]["late"], 1);
    vanthu(d, "2026-07-11")
        .args(["task", "progress", tail, "--percent", "50"])
        .assert()
        .code(1);
    let shown = json(d, now, &["task", "show", tail]);
    let actions: Vec<&str> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "assign", "progress", "progress"]);
}

#[test]
fn a_task_from_an_incoming_document_and_an_xlsx_plan_with_a_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let now = "2026-03-02";
    vanthu(d, now)
        .args([
            "incoming",
            "add",
            "--issuer",
            "Ban Thường vụ Tỉnh ủy",
            "--symbol",
            "41-KH/TU",
            "--date",
            "15/01/2026",
            "--type",
            "KH",
            "--summary",
            "Triển khai Đề án chuyển đổi số",
        ])
        .assert()
        .success();
    let t = json(
        d,
        now,
        &[
            "task",
            "add",
            "--from-incoming",
            "1/2026",
            "--time-frame",
            "Tháng 6/2026",
        ],
    );
    assert!(t["title"].as_str().unwrap().contains("41-KH/TU"));
    assert_eq!(t["deadline"], "2026-06-30");
    assert!(t["source_incoming_id"].is_string());

    // An Excel appendix: a title row above the header, one unreadable time frame.
    let xlsx = d.join("phu-luc.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write(0, 0, "PHỤ LỤC NHIỆM VỤ NĂM 2026").unwrap();
    for (c, h) in [
        "STT",
        "Tên nhiệm vụ",
        "Cơ quan chủ trì",
        "Thời gian thực hiện",
    ]
    .iter()
    .enumerate()
    {
        sheet.write(2, c as u16, *h).unwrap();
    }
    let rows = [
        ("1", "Số hóa hồ sơ lưu trữ", "Văn phòng", "Quý IV/2026"),
        (
            "2",
            "Tập huấn kỹ năng số",
            "Văn hóa - Xã hội",
            "sớm nhất có thể",
        ),
        (
            "3",
            "Rà soát thủ tục",
            "Văn phòng",
            "Từ tháng 9 đến tháng 11/2026",
        ),
    ];
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 3;
        sheet.write(r, 0, row.0.parse::<f64>().unwrap()).unwrap();
        sheet.write(r, 1, row.1).unwrap();
        sheet.write(r, 2, row.2).unwrap();
        sheet.write(r, 3, row.3).unwrap();
    }
    book.save(&xlsx).unwrap();
    let path = xlsx.to_str().unwrap();
    vanthu(d, now)
        .args(["task", "import", path])
        .assert()
        .code(1)
        .stderr(contains("dòng 5, cột Thời gian thực hiện"));
    assert_eq!(
        json(d, now, &["task", "list"]).as_array().unwrap().len(),
        1,
        "nothing half-imported"
    );
    let report = json(d, now, &["task", "import", path, "--skip-bad-rows"]);
    assert_eq!(report["imported"], 2);
    let tasks = json(d, now, &["task", "list", "--plan", "phu-luc"]);
    let ranges: Vec<(&str, &str)> = tasks
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["period_from"].as_str().unwrap(),
                t["period_to"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ranges,
        [("2026-09-01", "2026-11-30"), ("2026-10-01", "2026-12-31")]
    );
}

#[test]
fn meetings_recur_and_round_trip_through_ics() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let now = "2026-11-24T09:00";
    json(
        d,
        now,
        &[
            "meeting",
            "add",
            "--title",
            "Giao ban trực tuyến chuyển đổi số quý",
            "--start",
            "07/12/2026 08:00",
            "--end",
            "07/12/2026 10:30",
            "--link",
            "https://hop.example.vn/giao-ban",
            "--chair",
            "Nguyễn Văn Thắng",
            "--participant",
            "Văn phòng",
            "--participant",
            "Công an xã",
            "--repeat",
            "FREQ=MONTHLY;INTERVAL=3;COUNT=4",
            "--remind",
            "60",
        ],
    );
    json(
        d,
        now,
        &[
            "meeting",
            "add",
            "--title",
            "Họp Ủy ban nhân dân xã thường kỳ",
            "--start",
            "2026-11-30 14:00",
            "--place",
            "Hội trường Ủy ban nhân dân xã",
        ],
    );
    // Recurrence: the quarterly briefing falls in December, March, June and September.
    let months: Vec<usize> = [
        "2026-12", "2027-01", "2027-03", "2027-06", "2027-09", "2027-12",
    ]
    .iter()
    .map(|m| {
        json(d, now, &["meeting", "list", "--month", m])
            .as_array()
            .unwrap()
            .len()
    })
    .collect();
    assert_eq!(months, [1, 0, 1, 1, 1, 0]);
    let week = json(d, now, &["meeting", "list", "--week", "30/11/2026"]);
    assert_eq!(week.as_array().unwrap().len(), 1);
    assert_eq!(week[0]["title"], "Họp Ủy ban nhân dân xã thường kỳ");
    // Reminder due one hour before (07:00 on 07/12 in Vietnam time).
    let due = json(d, "2026-12-07T07:10", &["meeting", "reminders"]);
    assert_eq!(due.as_array().unwrap().len(), 1);
    assert_eq!(
        json(d, "2026-12-07T06:00", &["meeting", "reminders"])
            .as_array()
            .unwrap()
            .len(),
        0
    );

    let ics = d.join("lich-hop.ics");
    vanthu(d, now)
        .args(["meeting", "export", "--out", ics.to_str().unwrap()])
        .assert()
        .success();
    // An independent parser reads our file.
    let reader = ical::IcalParser::new(std::io::BufReader::new(std::fs::File::open(&ics).unwrap()));
    let cals: Vec<_> = reader.map(|c| c.unwrap()).collect();
    assert_eq!(cals.len(), 1);
    let events = &cals[0].events;
    assert_eq!(events.len(), 2);
    let prop = |e: &ical::parser::ical::component::IcalEvent, name: &str| -> Option<String> {
        e.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
    };
    let briefing = events.iter().find(|e| prop(e, "RRULE").is_some()).unwrap();
    assert_eq!(
        prop(briefing, "SUMMARY").unwrap(),
        "Giao ban trực tuyến chuyển đổi số quý"
    );
    assert_eq!(prop(briefing, "DTSTART").unwrap(), "20261207T010000Z");
    assert_eq!(
        prop(briefing, "RRULE").unwrap(),
        "FREQ=MONTHLY;INTERVAL=3;COUNT=4"
    );
    assert_eq!(briefing.alarms.len(), 1);

    // Import into an empty store: the same occurrences; a second import adds nothing.
    let other = tempfile::tempdir().unwrap();
    let o = other.path();
    let r = json(o, now, &["meeting", "import", ics.to_str().unwrap()]);
    assert_eq!(r["created"], 2);
    let r = json(o, now, &["meeting", "import", ics.to_str().unwrap()]);
    assert_eq!(
        (r["created"].as_u64(), r["already_present"].as_u64()),
        (Some(0), Some(2))
    );
    let june = json(o, now, &["meeting", "list", "--month", "06/2027"]);
    assert_eq!(june[0]["title"], "Giao ban trực tuyến chuyển đổi số quý");
    assert_eq!(june[0]["chair"], "Nguyễn Văn Thắng");
    // The reminder came along: due at 07:10 on 07/12 in the new store too, not at 06:00.
    let due = |at: &str| {
        json(o, at, &["meeting", "reminders"])
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!((due("2026-12-07T07:10"), due("2026-12-07T06:00")), (1, 0));
    // Lossless: exporting the imported meetings gives the same events, property by property
    // (read back with the independent parser), VanThu's own fields and the alarm included.
    let ics2 = o.join("lai.ics");
    vanthu(o, now)
        .args(["meeting", "export", "--out", ics2.to_str().unwrap()])
        .assert()
        .success();
    let read = |path: &Path| {
        let cal =
            ical::IcalParser::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()))
                .next()
                .unwrap()
                .unwrap();
        let mut events: Vec<Vec<(String, Option<String>)>> = cal
            .events
            .iter()
            .map(|e| {
                let mut props: Vec<(String, Option<String>)> = e
                    .properties
                    .iter()
                    .filter(|p| p.name != "DTSTAMP")
                    .map(|p| (p.name.clone(), p.value.clone()))
                    .collect();
                for a in &e.alarms {
                    props.extend(
                        a.properties
                            .iter()
                            .filter(|p| p.name != "DTSTAMP")
                            .map(|p| (format!("ALARM-{}", p.name), p.value.clone())),
                    );
                }
                props.sort();
                props
            })
            .collect();
        events.sort();
        events
    };
    let (first, again) = (read(&ics), read(&ics2));
    assert_eq!(first, again);
    let names: Vec<&str> = first[0]
        .iter()
        .chain(&first[1])
        .map(|(n, _)| n.as_str())
        .collect();
    for wanted in [
        "X-VANTHU-CHAIR",
        "X-VANTHU-PARTICIPANTS",
        "ALARM-TRIGGER",
        "URL",
        "LOCATION",
    ] {
        assert!(names.contains(&wanted), "{wanted} missing from {names:?}");
    }
    assert_eq!(
        june[0]["starts_at"],
        json(d, now, &["meeting", "list", "--month", "06/2027"])[0]["starts_at"]
    );
    vanthu(d, now)
        .args(["meeting", "add", "--title", "x", "--start", "mai 8 giờ"])
        .assert()
        .code(1)
        .stderr(contains("thời gian bắt đầu"));
}

#[test]
fn indicators_with_targets_and_actuals() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let now = "2026-10-02";
    json(
        d,
        now,
        &[
            "indicator",
            "add",
            "--name",
            "Tỷ lệ văn bản được xử lý trên môi trường số",
            "--unit",
            "%",
            "--target",
            "100%",
            "--responsible",
            "Văn phòng",
        ],
    );
    json(
        d,
        now,
        &[
            "indicator",
            "add",
            "--name",
            "Thời gian trả kết quả thủ tục",
            "--unit",
            "ngày",
            "--target",
            "Không quá 5 ngày",
        ],
    );
    vanthu(d, now)
        .args([
            "indicator",
            "add",
            "--name",
            "ty le van ban duoc xu ly tren moi truong so",
            "--target",
            "90%",
        ])
        .assert()
        .code(1);
    let a = json(
        d,
        now,
        &[
            "indicator",
            "record",
            "Tỷ lệ văn bản được xử lý trên môi trường số",
            "--period",
            "2026-Q3",
            "--value",
            "94,5%",
            "--evidence",
            "Báo cáo quý III",
        ],
    );
    assert_eq!(a["achieved"], false);
    let b = json(
        d,
        now,
        &[
            "indicator",
            "record",
            "thoi gian tra ket qua thu tuc",
            "--period",
            "2026-Q3",
            "--value",
            "4",
        ],
    );
    assert_eq!(b["achieved"], true);
    // Correcting the quarter's value replaces it.
    json(
        d,
        now,
        &[
            "indicator",
            "record",
            "Tỷ lệ văn bản được xử lý trên môi trường số",
            "--period",
            "2026-Q3",
            "--value",
            "100%",
        ],
    );
    let table = json(d, now, &["indicator", "list", "--period", "2026-Q3"]);
    let achieved: Vec<Value> = table
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["actual"]["achieved"].clone())
        .collect();
    assert_eq!(achieved, [Value::Bool(true), Value::Bool(true)]);
    let empty = json(d, now, &["indicator", "list", "--period", "2026-Q4"]);
    assert!(empty[0]["actual"].is_null());
}

/// The indicator table of the seeds' plan (seed 004, "DANH MỤC CÁC MỤC TIÊU CỤ THỂ"), as CSV.
fn indicator_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plan-indicators-from-seeds.csv")
}

#[test]
fn the_seed_indicator_table_imports_with_its_groups_targets_and_units() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let now = "2026-10-02";
    let fixture = indicator_fixture();
    let file = fixture.to_str().unwrap();
    let preview = json(d, now, &["indicator", "import", file, "--dry-run"]);
    assert_eq!(preview["rows"], 10);
    assert_eq!(preview["imported"], 0);
    assert_eq!(
        preview["groups"],
        serde_json::json!([
            "Phát triển hạ tầng",
            "Phát triển nguồn lực",
            "Phát triển chuyển đổi số"
        ])
    );
    assert!(
        json(d, now, &["indicator", "list"])
            .as_array()
            .unwrap()
            .is_empty()
    );

    let r = json(d, now, &["indicator", "import", file]);
    assert_eq!(
        (r["imported"].as_u64(), r["already_present"].as_u64()),
        (Some(10), Some(0))
    );
    let list = json(d, now, &["indicator", "list"]);
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 10);
    // In the plan's order, even when the clock does not move between rows.
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["indicator"]["name"].as_str().unwrap())
        .collect();
    assert!(
        names[0].starts_with("Cán bộ cấp xã có máy tính"),
        "{names:?}"
    );
    assert!(
        names[9].starts_with("Tỷ lệ thanh toán trực tuyến"),
        "{names:?}"
    );
    let find = |start: &str| {
        rows.iter()
            .map(|r| &r["indicator"])
            .find(|i| i["name"].as_str().unwrap().starts_with(start))
            .unwrap_or_else(|| panic!("{start} not imported"))
            .clone()
    };
    let satisfaction = find("Duy trì tỷ lệ hài lòng");
    assert_eq!(satisfaction["target"], "≥98");
    assert_eq!(satisfaction["unit"], "%");
    assert_eq!(
        satisfaction["responsible_unit"],
        "Trung tâm Phục vụ hành chính công"
    );
    assert_eq!(satisfaction["notes"], "Nhóm: Phát triển chuyển đổi số");
    let computers = find("Cán bộ cấp xã có máy tính");
    assert_eq!(
        (computers["target"].as_str(), computers["notes"].as_str()),
        (Some("100"), Some("Nhóm: Phát triển hạ tầng"))
    );
    // Judged against the imported target.
    let a = json(
        d,
        now,
        &[
            "indicator",
            "record",
            satisfaction["id"].as_str().unwrap(),
            "--period",
            "2026-Q3",
            "--value",
            "97,5%",
        ],
    );
    assert_eq!(a["achieved"], false);
    // Re-importing the same table adds nothing.
    let again = json(d, now, &["indicator", "import", file]);
    assert_eq!(
        (
            again["imported"].as_u64(),
            again["already_present"].as_u64()
        ),
        (Some(0), Some(10))
    );

    // A row without a target: named by line and column, nothing written unless skipped.
    let other = tempfile::tempdir().unwrap();
    let o = other.path();
    let bad = o.join("chi-tieu-loi.csv");
    std::fs::write(
        &bad,
        "TT,Chỉ tiêu,Đơn vị tính,Mục tiêu năm 2026,Đơn vị theo dõi\n\
         1,Văn bản đi được ký số,%,100,Văn phòng\n\
         2,Hồ sơ công việc lập trên hệ thống,%,,Văn phòng\n",
    )
    .unwrap();
    let bad_path = bad.to_str().unwrap();
    vanthu(o, now)
        .args(["indicator", "import", bad_path])
        .assert()
        .code(1)
        .stderr(contains("dòng 3, cột Mục tiêu: để trống"));
    assert!(
        json(o, now, &["indicator", "list"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    let skipped = json(
        o,
        now,
        &["indicator", "import", bad_path, "--skip-bad-rows"],
    );
    assert_eq!(skipped["imported"], 1);
}
