//! End to end over real processes: a `vanthu-server` on 127.0.0.1 (port 0, SQLite) and three
//! laptops driven through the `vanthu` CLI. Enrolment (single-use codes), both-way sync between
//! two devices of a unit, a field conflict resolved and logged, attachments both ways, a
//! document sent down by the province and registered with one action, a replacement laptop
//! restoring the whole history, and a revoked device refused.

mod common;

use common::{Laptop, ServerProc, admin, enrol_code, unit_with_code};

#[test]
fn two_devices_a_replacement_laptop_and_the_province_inbox() {
    let root = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", root.path().join("server.db").display());
    let server = ServerProc::start(&db, &[]);
    let code_a = unit_with_code(&db, "TC", "UBND xã Tân Cương");
    let code_b = enrol_code(&db, "TC");

    // Laptop A: the clerk's, with data made before enrolment.
    let a = Laptop::new(root.path(), "a");
    a.setup();
    let doc1 = a.add_incoming("12/SNV-VP", "Triển khai chữ ký số");
    let id1 = doc1["document"]["id"].as_str().unwrap().to_string();
    let file = root.path().join("bao-cao.pdf");
    std::fs::write(&file, b"%PDF-1.4 bao cao so lieu quy I").unwrap();
    a.ok(&["incoming", "attach", "1/2026", file.to_str().unwrap()]);
    a.ok(&[
        "sync",
        "enrol",
        &code_a,
        "--server",
        &server.url,
        "--name",
        "Máy văn thư",
    ]);
    // A code works once.
    let reuse = a.run(&["sync", "enrol", &code_a, "--server", &server.url, "--json"]);
    assert_eq!(reuse.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_slice(&reuse.stderr).unwrap();
    assert_eq!(err["code"], "enrol_code_used");
    let report = a.json(&["sync", "now", "--json"]);
    assert_eq!(
        report["pushed"], 4,
        "profile, document, event, attachment: {report}"
    );
    assert_eq!(report["blobs_uploaded"], 1);
    assert_eq!(a.json(&["sync", "status", "--json"])["pending"], 0);

    // Laptop B: the leader's, empty, gets everything (attachment included).
    let b = Laptop::new(root.path(), "b");
    b.ok(&[
        "sync",
        "enrol",
        &code_b,
        "--server",
        &server.url,
        "--name",
        "Máy lãnh đạo",
    ]);
    let rb = b.json(&["sync", "now", "--json"]);
    assert_eq!(rb["blobs_downloaded"], 1, "{rb}");
    let on_b = b.incoming();
    assert_eq!(on_b.len(), 1);
    assert_eq!(on_b[0]["summary"], "Triển khai chữ ký số");
    assert_eq!(
        b.json(&["unit", "--json"])["name"],
        "Ủy ban nhân dân xã Tân Cương"
    );
    let shown = b.json(&["incoming", "show", &id1, "--json"]);
    assert_eq!(shown["attachments"].as_array().unwrap().len(), 1, "{shown}");

    // Both edit the same document offline: B assigns it, A corrects the same field later.
    b.ok(&[
        "incoming",
        "transition",
        &id1,
        "assign",
        "--assignee",
        "Trần Thị Lan",
        "--deadline",
        "2026-02-20",
    ]);
    std::thread::sleep(std::time::Duration::from_millis(20));
    a.ok(&[
        "incoming",
        "transition",
        &id1,
        "assign",
        "--assignee",
        "Lê Văn Hùng",
        "--deadline",
        "2026-02-25",
    ]);
    let doc2 = b.add_incoming("15/UBND-VP", "Lịch tiếp công dân tháng 2");
    let id2 = doc2["document"]["id"].as_str().unwrap().to_string();
    b.ok(&["sync", "now"]);
    a.ok(&["sync", "now"]);
    b.ok(&["sync", "now"]);
    // Converged: same documents, same fields, later writer (A) won the assignee.
    for laptop in [&a, &b] {
        let docs = laptop.incoming();
        assert_eq!(docs.len(), 2);
        let d1 = docs.iter().find(|d| d["id"] == id1.as_str()).unwrap();
        assert_eq!(d1["assignee"], "Lê Văn Hùng");
        assert!(docs.iter().any(|d| d["id"] == id2.as_str()));
    }
    let ca = a.json(&["sync", "conflicts", "--json"]);
    let cb = b.json(&["sync", "conflicts", "--json"]);
    assert_eq!(ca, cb, "both devices show the same conflict log");
    let lost: Vec<_> = ca
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["lost_value"].clone())
        .collect();
    assert!(lost.contains(&serde_json::json!("Trần Thị Lan")), "{ca}");
    // Events merge by union: the history has both assignments on both laptops.
    let ha = a.json(&["incoming", "show", &id1, "--json"]);
    let hb = b.json(&["incoming", "show", &id1, "--json"]);
    assert_eq!(ha["history"].as_array().unwrap().len(), 3, "{ha}");
    assert_eq!(ha["history"], hb["history"]);

    // The province sends a document down with an attachment; A registers it with one action.
    let pdf = root.path().join("cong-van-tinh.pdf");
    std::fs::write(&pdf, b"%PDF-1.4 cong van cua tinh ve chuyen doi so").unwrap();
    admin(
        &db,
        &[
            "send-document",
            "--unit",
            "TC",
            "--issuer",
            "Ủy ban nhân dân tỉnh Thái Nguyên",
            "--symbol",
            "301/UBND-KGVX",
            "--date",
            "2026-02-10",
            "--type",
            "Công văn",
            "--summary",
            "Đôn đốc báo cáo chuyển đổi số",
            "--urgency",
            "Khẩn",
            "--attach",
            pdf.to_str().unwrap(),
        ],
    );
    a.ok(&["sync", "now"]);
    let inbox = a.json(&["inbox", "list", "--json"]);
    assert_eq!(inbox.as_array().unwrap().len(), 1, "{inbox}");
    assert_eq!(inbox[0]["attachments_ready"], true);
    let inbox_id = inbox[0]["document"]["id"].as_str().unwrap().to_string();
    let reg = a.json(&["inbox", "register", &inbox_id, "--json"]);
    assert_eq!(reg["document"]["symbol"], "301/UBND-KGVX");
    assert_eq!(reg["attachments"][0]["file_name"], "cong-van-tinh.pdf");
    assert!(
        a.json(&["inbox", "list", "--json"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    a.ok(&["sync", "now"]);

    // A replacement laptop for the unit restores the whole history from the server.
    let c = Laptop::new(root.path(), "c");
    let code_c = enrol_code(&db, "TC");
    c.ok(&["sync", "enrol", &code_c, "--server", &server.url]);
    c.ok(&["sync", "now"]);
    let (da, dc) = (a.db(), c.db());
    for table in [
        "incoming_documents",
        "incoming_events",
        "attachments",
        "outgoing_documents",
    ] {
        let q = format!("SELECT count(*) FROM {table}");
        assert_eq!(da.count(&q), dc.count(&q), "{table}");
    }
    assert_eq!(a.incoming(), c.incoming(), "registers identical");
    let blobs = dc.strings("SELECT DISTINCT sha256 FROM attachments");
    assert_eq!(blobs.len(), 2);
    for sha in blobs {
        assert!(vanthu_local::attachments::blob_path(&c.dir, &sha).exists());
    }
    // The number series continues after the restored ones.
    let next = c.add_incoming("20/SNV", "Văn bản mới trên máy thay thế");
    assert_eq!(next["document"]["arrival_no"], 4);

    // A revoked device is refused with a clear code; nothing it sends is stored.
    let devices: serde_json::Value =
        serde_json::from_str(&admin(&db, &["device", "list", "--unit", "TC", "--json"])).unwrap();
    let b_id = devices
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "Máy lãnh đạo")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    admin(&db, &["device", "revoke", &b_id]);
    b.add_incoming("99/X", "Sau khi thu hồi");
    let out = b.run(&["sync", "now", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "revoked", "{err}");
    assert_eq!(b.json(&["sync", "status", "--json"])["pending"], 2);
    drop(server);
}

/// The audit trail travels with the sync: the province holds every row each laptop wrote, checks
/// the chain on the way in, refuses a trail edited on the laptop (while the registers still
/// sync), and `admin audit` finds tampering with the server's own copy.
#[test]
fn audit_trail_reaches_the_province_and_tampering_is_found() {
    let root = tempfile::tempdir().unwrap();
    let server_db = root.path().join("server.db");
    let db = format!("sqlite:{}", server_db.display());
    let server = ServerProc::start(&db, &[]);
    let code = unit_with_code(&db, "HN", "UBND xã Hòa Ninh");
    let a = Laptop::new(root.path(), "a");
    a.setup();
    a.add_incoming("12/SNV-VP", "Triển khai chữ ký số");
    a.ok(&["incoming", "transition", "1/2026", "submit"]);
    a.ok(&["sync", "enrol", &code, "--server", &server.url]);
    let report = a.json(&["sync", "now", "--json"]);
    let local_rows = a.db().count("SELECT count(*) FROM audit_log");
    assert!(local_rows >= 3, "{local_rows}");
    assert_eq!(report["audit_uploaded"], local_rows, "{report}");
    let trail = |db: &str| -> serde_json::Value {
        serde_json::from_str(&admin(db, &["audit", "HN", "--json"])).unwrap()
    };
    let t = trail(&db);
    assert_eq!(t["devices"][0]["rows"], local_rows, "{t}");
    assert_eq!(t["devices"][0]["ok"], true);
    let actors: Vec<&str> = t["recent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["row"]["actor"].as_str().unwrap())
        .collect();
    assert!(actors.contains(&"Văn thư"), "{actors:?}");
    // A second round sends nothing again.
    assert_eq!(a.json(&["sync", "now", "--json"])["audit_uploaded"], 0);

    // New work, then someone edits the newest audit row on the laptop before it is sent.
    a.add_incoming("15/UBND-VP", "Lịch tiếp công dân tháng 2");
    assert_eq!(
        a.db().exec(
            "UPDATE audit_log SET actor = 'Người lạ' WHERE seq = (SELECT max(seq) FROM audit_log)"
        ),
        1
    );
    let out = a.run(&["sync", "now", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "audit_chain_broken", "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("không khớp mã băm"),
        "{err}"
    );
    // The registers still went through; the province's copy of the trail did not change.
    assert_eq!(a.json(&["sync", "status", "--json"])["pending"], 0);
    assert_eq!(trail(&db)["devices"][0]["rows"], local_rows);

    // The province reads it on the dashboard.
    let dash = Dashboard::login(&server.url, &db);
    let page = dash.get("/units/HN/audit");
    assert!(page.contains("<td class=\"ok\">Hợp lệ</td>"), "{page}");
    assert!(
        page.contains("Văn bản đến") && page.contains("bản ghi mới"),
        "{page}"
    );

    // Tampering with the server's database is found by `admin audit` (exit 1, row named).
    let server_file = vanthu_server_sqlite(&server_db);
    server_file
        .execute(
            "UPDATE audit_rows SET after_json = replace(after_json, 'chữ ký số', 'chu ky so')
             WHERE seq = (SELECT min(seq) FROM audit_rows WHERE entity = 'incoming_document')",
            [],
        )
        .unwrap();
    let out = std::process::Command::new(common::server_bin())
        .args(["--db", &db, "admin", "audit", "HN"])
        .env("VANTHU_LOG", "warn")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("không khớp mã băm"), "{text}");
    let page = dash.get("/units/HN/audit");
    assert!(
        page.contains("Không hợp lệ: nội dung dòng nhật ký"),
        "{page}"
    );
    drop(server);
}

/// A direct connection to the server's SQLite file (as someone with access to it).
fn vanthu_server_sqlite(path: &std::path::Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(path).unwrap();
    c.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
    c
}

/// A staff session on the dashboard: logs in and reads pages (plain HTTP, cookie by hand).
struct Dashboard {
    url: String,
    cookie: String,
    rt: tokio::runtime::Runtime,
    http: reqwest::Client,
}

impl Dashboard {
    fn login(url: &str, db: &str) -> Dashboard {
        let out = std::process::Command::new(common::server_bin())
            .args([
                "--db",
                db,
                "admin",
                "staff",
                "create",
                "canbo",
                "--name",
                "Nguyễn Thị Hoa",
            ])
            .env("VANTHU_STAFF_PASSWORD", "mat-khau-can-bo-tinh")
            .env("VANTHU_LOG", "warn")
            .output()
            .unwrap();
        assert!(out.status.success());
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let resp = rt
            .block_on(
                http.post(format!("{url}/login"))
                    .form(&[("username", "canbo"), ("password", "mat-khau-can-bo-tinh")])
                    .send(),
            )
            .unwrap();
        let cookie = resp.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        Dashboard {
            url: url.to_string(),
            cookie,
            rt,
            http,
        }
    }

    fn get(&self, path: &str) -> String {
        let resp = self
            .rt
            .block_on(
                self.http
                    .get(format!("{}{path}", self.url))
                    .header("cookie", &self.cookie)
                    .send(),
            )
            .unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        self.rt.block_on(resp.text()).unwrap()
    }

    fn post(&self, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let resp = self
            .rt
            .block_on(
                self.http
                    .post(format!("{}{path}", self.url))
                    .header("cookie", &self.cookie)
                    .form(form)
                    .send(),
            )
            .unwrap();
        let status = resp.status().as_u16();
        (status, self.rt.block_on(resp.text()).unwrap())
    }
}

/// The cells of the overview row of unit `code`, as text.
fn overview_cells(html: &str, code: &str) -> Vec<String> {
    let marker = format!("href=\"/units/{code}\"");
    let start = html.find(&marker).expect("unit row");
    let row_start = html[..start].rfind("<tr").unwrap();
    let row_end = start + html[start..].find("</tr>").unwrap();
    html[row_start..row_end]
        .split("<td")
        .skip(1)
        .map(|cell| {
            // Past the cell's own attributes, then the text outside tags.
            let body = cell.split_once('>').map_or("", |(_, b)| b);
            let mut text = String::new();
            let mut in_tag = false;
            for ch in body.chars() {
                match ch {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text.trim().to_string()
        })
        .collect()
}

#[test]
fn periodic_report_submitted_returned_resubmitted_and_accepted() {
    let root = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", root.path().join("server.db").display());
    let server = ServerProc::start(&db, &[]);
    let code = unit_with_code(&db, "TC", "Ủy ban nhân dân xã Tân Cương");
    // A unit that never submits anything.
    admin(
        &db,
        &[
            "unit",
            "create",
            "--code",
            "PX",
            "--name",
            "Ủy ban nhân dân xã Phúc Xuân",
        ],
    );
    // The province does not ask for monthly reports: it withdraws the built-in template.
    admin(&db, &["template", "--withdraw", "bc-thang"]);

    let a = Laptop::new(root.path(), "a");
    a.setup();
    a.add_incoming("12/SNV-VP", "Triển khai chữ ký số");
    a.ok(&[
        "sync",
        "enrol",
        &code,
        "--server",
        &server.url,
        "--name",
        "Máy văn thư",
    ]);
    // Quarter III of 2026 is due 05/10/2026; the unit submits a week late.
    let late = ["--now", "2026-10-12T09:00:00+07:00"];
    a.ok(&[&late[..], &["report", "new", "--period", "2026-Q3"]].concat());
    let submitted = a.json(&[&late[..], &["report", "submit", "2026-Q3", "--json"]].concat());
    assert_eq!(submitted["on_time"], false, "{submitted}");
    let report_id = submitted["report_id"].as_str().unwrap().to_string();
    a.ok(&["sync", "now"]);
    assert_eq!(a.json(&["sync", "status", "--json"])["pending"], 0);

    // The province sees it: submitted late, waiting for review.
    let list: serde_json::Value =
        serde_json::from_str(&admin(&db, &["report", "list", "--year", "2026", "--json"])).unwrap();
    let unit = |c: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|u| u["unit"] == c)
            .unwrap()
            .clone()
    };
    let tc = unit("TC");
    let q3 = tc["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["period"] == "2026-Q3" && r["template_id"] == "bc-quy")
        .unwrap()
        .clone();
    assert_eq!(q3["state"], "submitted", "{q3}");
    assert_eq!(q3["on_time"], false);
    assert_eq!(q3["first_submitted_on"], "2026-10-12");
    assert_eq!(q3["due_date"], "2026-10-05");
    assert_eq!(q3["latest"]["id"], submitted["id"]);
    assert!(
        tc["reports"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["template_id"] != "bc-thang"),
        "withdrawn template not expected"
    );

    // Returned with a comment; the laptop shows it after a sync.
    let comment = "Đề nghị bổ sung số liệu văn bản đến quá hạn và nguyên nhân.";
    admin(&db, &["report", "return", &report_id, "--comment", comment]);
    a.ok(&["sync", "now"]);
    let shown = a.ok(&["report", "show", "2026-Q3"]);
    assert!(shown.contains("[Bị trả lại]"), "{shown}");
    assert!(shown.contains(comment), "{shown}");
    let shown = a.json(&["report", "show", "2026-Q3", "--json"]);
    assert_eq!(shown["report"]["status"], "returned");
    assert_eq!(shown["report"]["review"]["comments"], comment);

    // Edited (reopens the draft) and submitted again; the province accepts the new one.
    a.ok(&[
        "report",
        "edit",
        "2026-Q3",
        "--section",
        "ton_tai",
        "--text",
        "Còn 2 văn bản đến quá hạn do thiếu cán bộ; đã giao xử lý dứt điểm trong tháng 11.",
    ]);
    let again = a.json(&["report", "submit", "2026-Q3", "--json"]);
    assert_eq!(again["attempt"], 2);
    a.ok(&["sync", "now"]);
    // Reviewing the superseded first submission is refused.
    let old = std::process::Command::new(common::server_bin())
        .args(["--db", &db, "admin", "report", "accept"])
        .arg(submitted["id"].as_str().unwrap())
        .env("VANTHU_LOG", "error")
        .output()
        .unwrap();
    assert!(!old.status.success());
    admin(&db, &["report", "accept", again["id"].as_str().unwrap()]);
    a.ok(&["sync", "now"]);
    let shown = a.ok(&["report", "show", "2026-Q3"]);
    assert!(shown.contains("[Đã được chấp nhận]"), "{shown}");

    // A second laptop of the unit gets the report, its submissions and the decision.
    let b = Laptop::new(root.path(), "b");
    let code_b = enrol_code(&db, "TC");
    b.ok(&["sync", "enrol", &code_b, "--server", &server.url]);
    b.ok(&["sync", "now"]);
    let on_b = b.json(&["report", "list", "--json"]);
    assert_eq!(on_b[0]["status"], "accepted", "{on_b}");
    assert_eq!(on_b[0]["id"], report_id.as_str());
    assert_eq!(b.db().count("SELECT count(*) FROM report_submissions"), 2);
    assert_eq!(b.db().count("SELECT count(*) FROM sync_unapplied"), 0);

    // Completeness and timeliness: TC submitted one of its due reports, late; PX nothing.
    let list: serde_json::Value =
        serde_json::from_str(&admin(&db, &["report", "list", "--year", "2026", "--json"])).unwrap();
    let (tc, px) = (unit("TC"), unit("PX"));
    let (tc, px) = (
        list.as_array()
            .unwrap()
            .iter()
            .find(|u| u["unit"] == "TC")
            .unwrap_or(&tc),
        list.as_array()
            .unwrap()
            .iter()
            .find(|u| u["unit"] == "PX")
            .unwrap_or(&px),
    );
    let expected = tc["totals"]["expected"].as_u64().unwrap();
    assert!(expected >= 4, "Q1–Q3 and 6 months of 2026 are due: {tc}");
    assert_eq!(tc["totals"]["submitted"], 1);
    assert_eq!(tc["totals"]["on_time"], 0);
    assert_eq!(tc["totals"]["accepted"], 1);
    assert_eq!(px["totals"]["expected"], expected);
    assert_eq!(px["totals"]["submitted"], 0);
    let missing = px["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["period"] == "2026-Q3")
        .unwrap();
    assert_eq!(missing["state"], "missing");

    // The dashboard shows the same figures.
    let dash = Dashboard::login(&server.url, &db);
    let overview = dash.get("/?year=2026");
    let pct = |n: u64, d: u64| format!("{:.1} %", n as f64 * 100.0 / d as f64).replace('.', ",");
    let tc_cells = overview_cells(&overview, "TC");
    let px_cells = overview_cells(&overview, "PX");
    let n = tc_cells.len();
    assert_eq!(
        tc_cells[n - 3],
        format!("1/{expected} ({})", pct(1, expected)),
        "{tc_cells:?}"
    );
    assert_eq!(
        tc_cells[n - 2],
        format!("0/{expected} ({})", pct(0, expected))
    );
    assert!(tc_cells[n - 1].starts_with("1 chấp nhận"), "{tc_cells:?}");
    assert_eq!(
        px_cells[n - 3],
        format!("0/{expected} ({})", pct(0, expected))
    );
    assert_eq!(
        px_cells[n - 2],
        format!("0/{expected} ({})", pct(0, expected))
    );
    let page = dash.get("/units/TC/reports?year=2026");
    assert!(page.contains("Quý III năm 2026"), "{page}");
    assert!(page.contains("Muộn") && page.contains("Đã chấp nhận"));
    assert!(page.contains(comment));
    let page = dash.get("/units/PX/reports?year=2026");
    assert!(page.contains("Chưa nộp"));
    // Returning without a comment is refused on the page too.
    let (status, body) = dash.post(
        "/units/TC/reports",
        &[
            ("submission_id", again["id"].as_str().unwrap()),
            ("decision", "returned"),
            ("comments", " "),
        ],
    );
    assert_eq!(status, 400);
    assert!(body.contains("ý kiến"), "{body}");
    drop(server);
}
