//! Importing old registers: clean files, bad rows, TCVN3 and VNI text (with and without the
//! font in the workbook), Windows-1258 CSV, repeat imports, and the number series afterwards.

mod common;
mod import_support;

use common::*;
use import_support::*;
use std::path::Path;
use vanthu_core::legacy_encoding::{LegacyEncoding, decode_tcvn3, decode_vni};
use vanthu_local::import::{ImportOptions, ImportReport, import_incoming, read_file};
use vanthu_local::incoming::{
    IncomingFilter, get_incoming, history, list_incoming, register_incoming, resolve_ref,
};
use vanthu_local::search::{SearchSort, search_incoming};
use vanthu_local::{Context, FixedClock, LocalError, Store};

const HEADER: [&str; 8] = [
    "STT",
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu",
    "Ngày tháng",
    "Tên loại và trích yếu nội dung",
    "Ghi chú",
];

fn header() -> Vec<C<'static>> {
    HEADER.iter().map(|h| C::S(h)).collect()
}

fn run(store: &mut Store, path: &Path, opts: &ImportOptions) -> Result<ImportReport, LocalError> {
    let clock = FixedClock::new(vn(2026, 11, 24, 9, 0, 0));
    let ctx = Context {
        actor: "test",
        clock: &clock,
    };
    let parsed = read_file(path, opts)?;
    store.write(|tx| import_incoming(tx, &ctx, &parsed, opts))
}

fn doc(store: &Store, reference: &str) -> vanthu_local::incoming::IncomingDocument {
    let id = resolve_ref(store.conn(), reference).unwrap();
    get_incoming(store.conn(), &id).unwrap()
}

fn clean_rows() -> Vec<Vec<C<'static>>> {
    vec![
        vec![
            C::N(1.0),
            C::D(2019, 1, 3),
            C::N(1.0),
            C::S("UBND tỉnh Thái Nguyên"),
            C::S("12/KH-UBND"),
            C::D(2019, 1, 2),
            C::S("Kế hoạch: Chuyển đổi số năm 2019"),
            C::Blank,
        ],
        vec![
            C::N(2.0),
            C::S("04/01/2019"),
            C::S("02"),
            C::S("Sở Nội vụ"),
            C::S("05/SNV-VP"),
            C::N(43467.0), // 2019-01-02 as an Excel serial number in a plain cell
            C::S("V/v rà soát cán bộ, công chức"),
            C::S("Bản photo"),
        ],
        vec![
            C::Blank,
            C::S("Tháng 2"),
            C::Blank,
            C::Blank,
            C::Blank,
            C::Blank,
            C::Blank,
            C::Blank,
        ],
        vec![
            C::N(3.0),
            C::S("ngày 12 tháng 2 năm 2019"),
            C::N(7.0),
            C::S("Ban Thường vụ Tỉnh ủy"),
            C::S("41-KH/TU"),
            C::S("11/2/2019"),
            C::S("Thực hiện Nghị quyết số 57-NQ/TW"),
            C::Blank,
        ],
    ]
}

#[test]
fn clean_register_keeps_numbers_and_history_and_moves_the_series() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("so-den-2019.xlsx");
    write_xlsx(&file, &[("2019", header(), clean_rows())]);
    let mut store = Store::open(&dir.path().join("data")).unwrap();

    let preview = run(
        &mut store,
        &file,
        &ImportOptions {
            dry_run: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((preview.imported, preview.committed), (3, false));
    assert_eq!(count(&store, "incoming_documents"), 0);
    assert_eq!(preview.sheets[0].header_line, 3);

    let report = run(&mut store, &file, &ImportOptions::default()).unwrap();
    assert_eq!(
        (report.imported, report.duplicates, report.errors.len()),
        (3, 0, 0)
    );
    assert_eq!(report.blank_rows, 1);
    let d = doc(&store, "1/2019");
    assert_eq!(d.doc_type.name_vi(), "Kế hoạch");
    assert_eq!(d.summary, "Chuyển đổi số năm 2019");
    assert_eq!(d.arrival_date.to_string(), "2019-01-03");
    assert_eq!(d.status.code(), "filed");
    let d2 = doc(&store, "2/2019");
    assert_eq!(
        (d2.doc_date.to_string(), d2.notes.as_deref()),
        ("2019-01-02".into(), Some("Bản photo"))
    );
    // The type comes from the symbol when the summary does not name it.
    assert_eq!(doc(&store, "7/2019").doc_type.name_vi(), "Kế hoạch");
    assert_eq!(doc(&store, "7/2019").arrival_date.to_string(), "2019-02-12");
    let events = history(store.conn(), &d.id).unwrap();
    assert_eq!(events[0].action, "import");
    assert!(count(&store, "outbox") >= 6);

    // Imported history is searchable.
    let hits = search_incoming(
        store.conn(),
        "chuyen doi so",
        &IncomingFilter::default(),
        SearchSort::Newest,
    )
    .unwrap();
    assert_eq!(hits.items.len(), 1);

    // The same file again adds nothing.
    let again = run(&mut store, &file, &ImportOptions::default()).unwrap();
    assert_eq!((again.imported, again.duplicates), (0, 3));
    assert_eq!(count(&store, "incoming_documents"), 3);

    // New registrations in 2019 continue after the largest imported số đến.
    let clock = FixedClock::new(vn(2019, 3, 1, 9, 0, 0));
    let ctx = Context {
        actor: "test",
        clock: &clock,
    };
    let data = store.data_dir().to_path_buf();
    let input = incoming("99/KH-UBND", "Văn bản mới");
    let input = vanthu_local::incoming::IncomingInput {
        doc_date: "2019-02-28".into(),
        ..input
    };
    let r = store
        .write(|tx| register_incoming(tx, &ctx, &data, &input))
        .unwrap();
    assert_eq!(r.document.arrival_ref(), "8/2019");
}

#[test]
fn bad_rows_refuse_the_whole_import_unless_skipping_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("loi.xlsx");
    let mut rows = clean_rows();
    rows.push(vec![
        C::N(4.0),
        C::S("31/02/2019"),
        C::N(8.0),
        C::S("Sở Y tế"),
        C::S("3/SYT"),
        C::S("01/02/2019"),
        C::S("Phòng dịch"),
        C::Blank,
    ]);
    rows.push(vec![
        C::N(5.0),
        C::S("01/03/2019"),
        C::N(9.0),
        C::Blank,
        C::S("4/SYT"),
        C::S("01/03/2019"),
        C::S("Thiếu tác giả"),
        C::Blank,
    ]);
    rows.push(vec![
        C::N(6.0),
        C::S("02/03/2019"),
        C::N(7.0),
        C::S("Sở Y tế"),
        C::S("5/SYT"),
        C::S("01/03/2019"),
        C::S("Trùng số đến 7"),
        C::Blank,
    ]);
    write_xlsx(&file, &[("2019", header(), rows)]);
    let mut store = Store::open(&dir.path().join("data")).unwrap();

    let err = run(&mut store, &file, &ImportOptions::default()).unwrap_err();
    assert_eq!(err.code(), "import_rejected");
    let msg = err.to_string();
    assert!(
        msg.contains("dòng 8, cột Ngày đến: \"31/02/2019\" không phải ngày hợp lệ"),
        "{msg}"
    );
    assert!(
        msg.contains("dòng 9, cột Tác giả: thiếu thông tin bắt buộc"),
        "{msg}"
    );
    assert!(
        msg.contains("dòng 10, cột Số đến: số đến 7/2019 trùng với dòng 7"),
        "{msg}"
    );
    assert!(msg.contains("--skip-bad-rows"));
    assert_eq!(count(&store, "incoming_documents"), 0);
    assert_eq!(count(&store, "outbox"), 0);

    let report = run(
        &mut store,
        &file,
        &ImportOptions {
            skip_bad_rows: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        (report.imported, report.skipped_bad, report.errors.len()),
        (3, 3, 3)
    );
    assert_eq!(count(&store, "incoming_documents"), 3);
}

#[test]
fn secret_rows_and_unknown_columns_are_refused_with_clear_messages() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mat.xlsx");
    let mut h = header();
    h.push(C::S("Độ mật"));
    let mut rows = clean_rows();
    rows[0].push(C::S("Mật"));
    write_xlsx(&file, &[("2019", h, rows)]);
    let mut store = Store::open(&dir.path().join("data")).unwrap();
    let msg = run(&mut store, &file, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("dòng 4, cột Độ mật: văn bản có độ mật \"Mật\""),
        "{msg}"
    );

    // A sheet whose summary column has an unusual name: mapped by hand.
    let odd = dir.path().join("cot-la.xlsx");
    let mut h = header();
    h[6] = C::S("Về việc");
    write_xlsx(&odd, &[("2019", h, clean_rows())]);
    let err = run(&mut store, &odd, &ImportOptions::default()).unwrap_err();
    assert_eq!(err.code(), "import_file");
    assert!(err.to_string().contains("\"Trích yếu\""), "{err}");
    let opts = ImportOptions {
        map: vec!["Về việc=trich_yeu".into()],
        dry_run: true,
        ..Default::default()
    };
    assert_eq!(run(&mut store, &odd, &opts).unwrap().imported, 3);
    let opts = ImportOptions {
        map: vec!["G=trich_yeu".into()],
        dry_run: true,
        ..Default::default()
    };
    assert_eq!(run(&mut store, &odd, &opts).unwrap().imported, 3);
}

#[test]
fn legacy_encoders_round_trip_through_the_decoders() {
    let text = "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc. Ủy ban nhân dân \
                tỉnh Thái Nguyên; Sở Nông nghiệp và Môi trường; khuyến khích người dân ứng dụng \
                chữ ký số, giữ gìn an ninh trật tự, tuyển quân năm 2019";
    assert_eq!(decode_vni(&to_vni(text)), text);
    assert_eq!(
        decode_vni(&to_vni(&text.to_uppercase())),
        text.to_uppercase()
    );
    let lower = text.to_lowercase();
    assert_eq!(decode_tcvn3(&to_tcvn3(&lower)), lower);
    assert_eq!(decode_tcvn3(&to_tcvn3("Ă Â Đ Ê Ô Ơ Ư")), "Ă Â Đ Ê Ô Ơ Ư");
    // Every letter of both tables.
    let all = "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵ";
    assert_eq!(decode_tcvn3(&to_tcvn3(all)), all);
    assert_eq!(decode_vni(&to_vni(all)), all);
    assert_eq!(decode_vni(&to_vni(&all.to_uppercase())), all.to_uppercase());
}

#[test]
fn tcvn3_workbook_is_converted_using_cell_fonts_and_detection() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tcvn3.xlsx");
    // Headers typed lower-case in the capitals font .VnTimeH, as old registers were.
    let headers: Vec<String> = [
        "ngày đến",
        "số đến",
        "tác giả",
        "số, ký hiệu",
        "ngày tháng",
        "trích yếu",
    ]
    .iter()
    .map(|h| to_tcvn3(h))
    .collect();
    let issuer_caps = to_tcvn3("ủy ban nhân dân huyện đồng hỷ");
    let summary_font = to_tcvn3("Về việc tổ chức Tết trồng cây");
    let summary_plain = to_tcvn3("Kế hoạch phòng chống thiên tai");
    let issuer = to_tcvn3("Sở Nông nghiệp");
    let h: Vec<C<'_>> = headers.iter().map(|h| C::F(".VnTimeH", h)).collect();
    let rows = vec![
        vec![
            C::S("05/01/2018"),
            C::N(1.0),
            C::F(".VnTimeH", &issuer_caps),
            C::S("01/UBND-VP"),
            C::S("04/01/2018"),
            C::F(".VnTime", &summary_font),
        ],
        // No font information: detection alone.
        vec![
            C::S("06/01/2018"),
            C::N(2.0),
            C::S(&issuer),
            C::S("02/KH-SNN"),
            C::S("05/01/2018"),
            C::S(&summary_plain),
        ],
    ];
    write_xlsx(&file, &[("Sheet1", h, rows)]);
    let mut store = Store::open(&dir.path().join("data")).unwrap();
    let report = run(&mut store, &file, &ImportOptions::default()).unwrap();
    assert_eq!(report.imported, 2, "{:?}", report.errors);
    assert!(report.encoding.tcvn3_cells >= 10);
    let d1 = doc(&store, "1/2018");
    assert_eq!(d1.issuer, "ỦY BAN NHÂN DÂN HUYỆN ĐỒNG HỶ");
    assert_eq!(d1.summary, "Về việc tổ chức Tết trồng cây");
    let d2 = doc(&store, "2/2018");
    assert_eq!(d2.issuer, "Sở Nông nghiệp");
    assert_eq!(d2.summary, "Kế hoạch phòng chống thiên tai");
    assert_eq!(report.sheets[0].columns[5].header, "TRÍCH YẾU");
}

#[test]
fn vni_workbook_is_converted() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("vni.xlsx");
    let headers: Vec<String> = [
        "Ngày đến",
        "Số đến",
        "Tác giả",
        "Số, ký hiệu",
        "Ngày tháng",
        "Trích yếu",
    ]
    .iter()
    .map(|h| to_vni(h))
    .collect();
    let a = to_vni("Ủy ban nhân dân tỉnh Bình Dương");
    let b = to_vni("Hướng dẫn quyết toán ngân sách xã");
    let c = to_vni("Đảng ủy xã");
    let d = to_vni("Thường trực Đảng ủy họp định kỳ");
    let h: Vec<C<'_>> = headers.iter().map(|x| C::F("VNI-Times", x)).collect();
    let rows = vec![
        vec![
            C::S("05/01/2017"),
            C::N(11.0),
            C::F("VNI-Times", &a),
            C::S("01/HD-UBND"),
            C::S("04/01/2017"),
            C::F("VNI-Times", &b),
        ],
        vec![
            C::S("06/01/2017"),
            C::N(12.0),
            C::S(&c),
            C::S("02-TB/ĐU"),
            C::S("05/01/2017"),
            C::S(&d),
        ],
    ];
    write_xlsx(&file, &[("VNI", h, rows)]);
    let mut store = Store::open(&dir.path().join("data")).unwrap();
    let report = run(&mut store, &file, &ImportOptions::default()).unwrap();
    assert_eq!(report.imported, 2, "{:?}", report.errors);
    assert!(report.encoding.vni_cells >= 8);
    assert_eq!(
        doc(&store, "11/2017").issuer,
        "Ủy ban nhân dân tỉnh Bình Dương"
    );
    assert_eq!(
        doc(&store, "11/2017").summary,
        "Hướng dẫn quyết toán ngân sách xã"
    );
    assert_eq!(doc(&store, "12/2017").issuer, "Đảng ủy xã");
    assert_eq!(
        doc(&store, "12/2017").summary,
        "Thường trực Đảng ủy họp định kỳ"
    );
}

#[test]
fn csv_in_windows_1258_tcvn3_and_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("data")).unwrap();
    let text = "Số đến;Ngày đến;Cơ quan ban hành;Số, ký hiệu;Ngày văn bản;Trích yếu\n\
                1;02/01/2016;Ủy ban nhân dân tỉnh;01/QĐ-UBND;01/01/2016;\"Quyết định giao chỉ tiêu kinh tế, xã hội\"\n\
                2;03/01/2016;Sở Giáo dục và Đào tạo;02/SGDĐT;02/01/2016;Hướng dẫn tuyển sinh lớp một\n";
    let cp1258 = dir.path().join("so-1258.csv");
    std::fs::write(&cp1258, to_cp1258(text)).unwrap();
    let report = run(
        &mut store,
        &cp1258,
        &ImportOptions {
            dry_run: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        report.encoding.file_charset.as_deref(),
        Some("Windows-1258")
    );
    assert_eq!(report.preview[0].issuer, "Ủy ban nhân dân tỉnh");
    assert_eq!(report.preview[1].summary, "Hướng dẫn tuyển sinh lớp một");
    run(&mut store, &cp1258, &ImportOptions::default()).unwrap();
    assert_eq!(
        doc(&store, "1/2016").summary,
        "Quyết định giao chỉ tiêu kinh tế, xã hội"
    );

    // The same rows saved from a TCVN3 sheet: TCVN3 bytes (no capitals with tones in TCVN3).
    let tcvn3 = dir.path().join("so-tcvn3.csv");
    let lower = text.replace("Ủy", "ủy");
    let bytes: Vec<u8> = to_tcvn3(&lower).chars().map(|c| c as u32 as u8).collect();
    std::fs::write(&tcvn3, bytes).unwrap();
    let report = run(
        &mut store,
        &tcvn3,
        &ImportOptions {
            dry_run: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        report.encoding.file_charset.as_deref(),
        Some(LegacyEncoding::Tcvn3.label())
    );
    // Already imported from the Windows-1258 file: the same rows are duplicates.
    assert_eq!((report.imported, report.duplicates), (0, 2));

    let utf8 = dir.path().join("so-utf8.csv");
    // Comma-separated, with a BOM, as Excel's "CSV UTF-8" writes it; row 1's summary differs
    // but its số đến holds the same document, so it is a duplicate too.
    let csv = text
        .replace(';', ",")
        .replace("Số, ký hiệu", "\"Số, ký hiệu\"")
        .replace(
            "\"Quyết định giao chỉ tiêu kinh tế, xã hội\"",
            "Quyết định giao chỉ tiêu",
        );
    std::fs::write(&utf8, format!("\u{feff}{csv}")).unwrap();
    let report = run(
        &mut store,
        &utf8,
        &ImportOptions {
            dry_run: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(report.encoding.file_charset.as_deref(), Some("UTF-8"));
    assert_eq!((report.rows_read, report.duplicates), (2, 2));
    let page = list_incoming(store.conn(), &IncomingFilter::default()).unwrap();
    assert_eq!(page.items.len(), 2);
}
