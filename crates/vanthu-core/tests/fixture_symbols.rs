//! All 16 real number/symbols from the provincial plans (shared/fixtures) parse into the parts a
//! clerk would read off them. Expected values are written by hand, not produced by the parser.

use std::path::PathBuf;
use vanthu_core::doc_type::DocumentType as T;
use vanthu_core::symbol::{NumberingStyle as St, parse_symbol};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/incoming-from-seeds.csv")
}

/// (symbol, number, year, type, issuer part, style), read off each symbol by hand.
type Expected = (&'static str, u32, Option<i32>, T, &'static str, St);

#[test]
fn every_fixture_symbol_parses() {
    #[rustfmt::skip]
    let expected: &[Expected] = &[
        ("57-NQ/TW", 57, None, T::NghiQuyet, "TW", St::Party),
        ("71/NQ-CP", 71, None, T::NghiQuyet, "CP", St::State),
        ("328-KH/TU", 328, None, T::KeHoach, "TU", St::Party),
        ("02-KH/BCĐTW", 2, None, T::KeHoach, "BCĐTW", St::Party),
        ("33/2025/QĐ-TTg", 33, Some(2025), T::QuyetDinh, "TTg", St::State),
        ("03-CTr/ĐU", 3, None, T::ChuongTrinh, "ĐU", St::Party),
        ("33/KH-MTTQ-BTT", 33, None, T::KeHoach, "MTTQ-BTT", St::State),
        ("22-ĐA/TU", 22, None, T::DeAn, "TU", St::Party),
        ("41-KH/TU", 41, None, T::KeHoach, "TU", St::Party),
        ("27-KH/ĐU", 27, None, T::KeHoach, "ĐU", St::Party),
        ("08-KH/HNDT", 8, None, T::KeHoach, "HNDT", St::Party),
        ("35/KH-UBND", 35, None, T::KeHoach, "UBND", St::State),
        ("36/KH-MTTQ-BTT", 36, None, T::KeHoach, "MTTQ-BTT", St::State),
        ("185/TB-UBND", 185, None, T::ThongBao, "UBND", St::State),
        ("193/KH-UBND", 193, None, T::KeHoach, "UBND", St::State),
        ("78/KH-UBND", 78, None, T::KeHoach, "UBND", St::State),
    ];
    let mut reader = csv::Reader::from_path(fixture()).expect("shared/fixtures beside the repo");
    let mut rows = 0;
    for (i, record) in reader.records().enumerate() {
        let record = record.unwrap();
        let (sym, number, year, ty, issuer, style) = expected[i];
        assert_eq!(&record[0], sym, "fixture row {i} changed");
        let p = parse_symbol(&record[0]).unwrap();
        assert_eq!(p.number, Some(number), "{sym}");
        assert_eq!(p.year, year, "{sym}");
        assert_eq!(p.doc_type, Some(ty), "{sym}");
        assert_eq!(p.issuer_abbr.as_deref(), Some(issuer), "{sym}");
        assert_eq!(p.style, Some(style), "{sym}");
        // The fixture's own type column agrees with the abbreviation inside the symbol.
        assert_eq!(T::parse(&record[3]).unwrap(), ty, "{sym}");
        rows += 1;
    }
    assert_eq!(rows, 16);
}
