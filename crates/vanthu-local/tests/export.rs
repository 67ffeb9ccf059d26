//! Exporting a year's register to .xlsx in the NĐ 30 layout, reading it back, and the round
//! trip export → import.

mod common;

use calamine::{Data, Reader, open_workbook_auto};
use chrono::NaiveDate;
use std::io::Read;
use vanthu_local::export::{RegisterKind, export_register};
use vanthu_local::generate::{GenerateOptions, generate};
use vanthu_local::import::{ImportOptions, import_incoming, read_file};
use vanthu_local::incoming::{IncomingFilter, list_incoming};
use vanthu_local::{Context, FixedClock, Store};

fn generated(dir: &std::path::Path) -> Store {
    let mut store = Store::open(dir).unwrap();
    let opts = GenerateOptions {
        count: 120,
        from_year: 2025,
        to_year: 2026,
        seed: 7,
        today: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
    };
    generate(&mut store, &opts).unwrap();
    store
}

fn all_incoming(store: &Store, year: i32) -> Vec<vanthu_local::incoming::IncomingDocument> {
    let filter = IncomingFilter {
        year: Some(year),
        limit: Some(1000),
        ..Default::default()
    };
    let mut items = list_incoming(store.conn(), &filter).unwrap().items;
    items.sort_by_key(|d| d.arrival_no);
    items
}

fn zip_text(path: &std::path::Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn incoming_register_is_written_in_the_nd30_layout_with_print_settings() {
    let dir = tempfile::tempdir().unwrap();
    let store = generated(&dir.path().join("data"));
    let out = dir.path().join("so-den-2025.xlsx");
    let report = export_register(store.conn(), RegisterKind::Incoming, 2025, &out).unwrap();
    let docs = all_incoming(&store, 2025);
    assert_eq!(report.rows, docs.len());
    assert!(report.rows > 20);

    let mut book = open_workbook_auto(&out).unwrap();
    assert_eq!(book.sheet_names(), ["Năm 2025"]);
    let range = book.worksheet_range("Năm 2025").unwrap();
    let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(1, 0), Data::String("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN".into()));
    let headers: Vec<String> = (0..13).map(|c| cell(4, c).to_string()).collect();
    assert_eq!(
        headers,
        [
            "Ngày đến",
            "Số đến",
            "Tác giả",
            "Số, ký hiệu",
            "Ngày tháng",
            "Tên loại và trích yếu nội dung",
            "Đơn vị hoặc người nhận",
            "Ngày chuyển",
            "Ký nhận",
            "Ghi chú",
            "Thời hạn giải quyết",
            "Tiến độ giải quyết",
            "Số, ký hiệu văn bản trả lời"
        ]
    );
    assert_eq!(cell(5, 0), Data::String("(1)".into()));
    let first = &docs[0];
    assert!(
        matches!(cell(6, 0), Data::DateTime(_)),
        "dates are Excel dates"
    );
    assert_eq!(cell(6, 1), Data::Float(1.0));
    assert_eq!(cell(6, 2), Data::String(first.issuer.clone()));
    assert_eq!(
        cell(6, 5),
        Data::String(format!("{}: {}", first.doc_type.name_vi(), first.summary))
    );

    let sheet = zip_text(&out, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("orientation=\"landscape\""), "{sheet}");
    assert!(sheet.contains("paperSize=\"9\""));
    assert!(sheet.contains("fitToPage=\"1\""));
    assert!(sheet.contains("wrapText") || zip_text(&out, "xl/styles.xml").contains("wrapText"));
    assert!(zip_text(&out, "xl/workbook.xml").contains("_xlnm.Print_Titles"));
}

#[test]
fn outgoing_register_lists_issued_documents() {
    let dir = tempfile::tempdir().unwrap();
    let store = generated(&dir.path().join("data"));
    let out = dir.path().join("so-di-2025.xlsx");
    let report = export_register(store.conn(), RegisterKind::Outgoing, 2025, &out).unwrap();
    let issued: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM outgoing_documents WHERE year = 2025 AND number IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(report.rows as i64, issued);
    let mut book = open_workbook_auto(&out).unwrap();
    let range = book.worksheet_range("Năm 2025").unwrap();
    assert_eq!(range.get_value((4, 4)).unwrap().to_string(), "Nơi nhận");
    assert_eq!(
        range.get_value((1, 0)).unwrap().to_string(),
        "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
    );
}

#[test]
fn exported_register_imports_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = generated(&dir.path().join("data"));
    let out = dir.path().join("so-den-2025.xlsx");
    export_register(store.conn(), RegisterKind::Incoming, 2025, &out).unwrap();
    let original = all_incoming(&store, 2025);

    let clock = FixedClock::new(1_795_000_000_000);
    let ctx = Context {
        actor: "test",
        clock: &clock,
    };
    let opts = ImportOptions::default();
    let parsed = read_file(&out, &opts).unwrap();
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);

    // Into a fresh store: every row, same numbers and content.
    let mut fresh = Store::open(&dir.path().join("fresh")).unwrap();
    let report = fresh
        .write(|tx| import_incoming(tx, &ctx, &parsed, &opts))
        .unwrap();
    assert_eq!(report.imported, original.len());
    let back = all_incoming(&fresh, 2025);
    for (a, b) in original.iter().zip(&back) {
        assert_eq!(
            (
                a.arrival_no,
                a.arrival_date,
                &a.issuer,
                &a.symbol,
                a.doc_date
            ),
            (
                b.arrival_no,
                b.arrival_date,
                &b.issuer,
                &b.symbol,
                b.doc_date
            )
        );
        assert_eq!(
            (a.doc_type, &a.summary, a.deadline),
            (b.doc_type, &b.summary, b.deadline)
        );
    }

    // Into the store it came from: everything is already there.
    let report = store
        .write(|tx| import_incoming(tx, &ctx, &parsed, &opts))
        .unwrap();
    assert_eq!((report.imported, report.duplicates), (0, original.len()));
}
