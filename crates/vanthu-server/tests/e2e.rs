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
