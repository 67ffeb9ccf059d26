//! Time frames from the provincial plans and their variants, with expected ranges written by hand.

use chrono::NaiveDate;
use proptest::prelude::*;
use vanthu_core::plan::timeframe::TimeFrame;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn range(s: &str) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let t = TimeFrame::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
    assert_eq!(
        t.original,
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    (t.from, t.to)
}

#[test]
fn every_phrase_of_the_fixture_plan() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/plan-tasks-from-seeds.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    let expected = [
        (d(2026, 4, 1), d(2026, 6, 30)),
        (d(2026, 4, 1), d(2026, 9, 30)),
        (d(2026, 7, 1), d(2026, 9, 30)),
        (d(2026, 7, 1), d(2026, 9, 30)),
        (d(2026, 7, 1), d(2026, 9, 30)),
        (d(2026, 7, 1), d(2026, 9, 30)),
    ];
    let mut n = 0;
    for (i, row) in reader.records().enumerate() {
        let row = row.unwrap();
        assert_eq!(
            range(&row[6]),
            (Some(expected[i].0), Some(expected[i].1)),
            "{}",
            &row[6]
        );
        n += 1;
    }
    assert_eq!(n, 6);
}

#[test]
fn quarter_variants() {
    let q3 = (Some(d(2026, 7, 1)), Some(d(2026, 9, 30)));
    for s in [
        "Quý III năm 2026",
        "quý 3 năm 2026",
        "QUÝ III/2026",
        "quy iii nam 2026",
        "Q3 2026",
        "Q3/2026",
        "Trong quý III năm 2026",
        "Quý 3-2026",
        "Quý 3 - 2026",
        "Quý III – 2026",
        "quy 3 - nam 2026",
    ] {
        assert_eq!(range(s), q3, "{s}");
    }
    assert_eq!(
        range("Quý IV năm 2026"),
        (Some(d(2026, 10, 1)), Some(d(2026, 12, 31)))
    );
    assert_eq!(
        range("Quý I năm 2027"),
        (Some(d(2027, 1, 1)), Some(d(2027, 3, 31)))
    );
    assert_eq!(
        range("Từ quý II đến quý III năm 2026"),
        (Some(d(2026, 4, 1)), Some(d(2026, 9, 30)))
    );
    assert_eq!(
        range("tu quy 2 den quy 3 nam 2026"),
        (Some(d(2026, 4, 1)), Some(d(2026, 9, 30)))
    );
    assert_eq!(
        range("Từ quý IV năm 2026 đến quý I năm 2027"),
        (Some(d(2026, 10, 1)), Some(d(2027, 3, 31)))
    );
}

#[test]
fn months_halves_years_dates_and_ongoing() {
    assert_eq!(
        range("Tháng 6/2026"),
        (Some(d(2026, 6, 1)), Some(d(2026, 6, 30)))
    );
    for s in ["Tháng 6 - 2026", "tháng 6-2026", "T6 - 2026"] {
        assert_eq!(range(s), (Some(d(2026, 6, 1)), Some(d(2026, 6, 30))), "{s}");
    }
    // A real range written with a spaced dash still reads as a range.
    assert_eq!(
        range("Tháng 3 - tháng 6/2026"),
        (Some(d(2026, 3, 1)), Some(d(2026, 6, 30)))
    );
    assert_eq!(
        range("tháng 2 năm 2028"),
        (Some(d(2028, 2, 1)), Some(d(2028, 2, 29)))
    );
    assert_eq!(
        range("12/2026"),
        (Some(d(2026, 12, 1)), Some(d(2026, 12, 31)))
    );
    assert_eq!(
        range("Từ tháng 3 đến tháng 6/2026"),
        (Some(d(2026, 3, 1)), Some(d(2026, 6, 30)))
    );
    assert_eq!(
        range("6 tháng đầu năm 2026"),
        (Some(d(2026, 1, 1)), Some(d(2026, 6, 30)))
    );
    assert_eq!(
        range("6 tháng cuối năm 2026"),
        (Some(d(2026, 7, 1)), Some(d(2026, 12, 31)))
    );
    assert_eq!(
        range("Năm 2026"),
        (Some(d(2026, 1, 1)), Some(d(2026, 12, 31)))
    );
    assert_eq!(range("2026"), (Some(d(2026, 1, 1)), Some(d(2026, 12, 31))));
    assert_eq!(
        range("Giai đoạn 2026 - 2030"),
        (Some(d(2026, 1, 1)), Some(d(2030, 12, 31)))
    );
    assert_eq!(range("Trước ngày 30/6/2026"), (None, Some(d(2026, 6, 30))));
    assert_eq!(
        range("Ngày 15/08/2026"),
        (Some(d(2026, 8, 15)), Some(d(2026, 8, 15)))
    );
    for s in ["Thường xuyên", "Hằng năm", "hàng năm"] {
        let t = TimeFrame::parse(s).unwrap();
        assert!(t.ongoing && t.to.is_none(), "{s}");
    }
}

#[test]
fn unreadable_or_reversed_phrases_are_refused_by_name() {
    for s in [
        "Sớm nhất có thể",
        "Quý V năm 2026",
        "Tháng 13/2026",
        "Từ quý III đến quý II năm 2026",
    ] {
        let e = TimeFrame::parse(s).unwrap_err();
        assert!(e.to_string().contains("thời gian thực hiện"), "{s}: {e}");
    }
}

proptest! {
    /// Every quarter and month phrase, written any of the supported ways, is a non-empty range
    /// inside its year, and quarter ranges tile the year.
    #[test]
    fn quarter_and_month_ranges_are_well_formed(year in 1990i32..2100, q in 1u32..=4, m in 1u32..=12, roman in any::<bool>()) {
        let numeral = if roman { ["I", "II", "III", "IV"][q as usize - 1].to_string() } else { q.to_string() };
        let t = TimeFrame::parse(&format!("Quý {numeral} năm {year}")).unwrap();
        let (from, to) = (t.from.unwrap(), t.to.unwrap());
        prop_assert!(from <= to);
        prop_assert_eq!(from, d(year, (q - 1) * 3 + 1, 1));
        let next = if q == 4 { d(year + 1, 1, 1) } else { d(year, q * 3 + 1, 1) };
        prop_assert_eq!(to.succ_opt().unwrap(), next);
        let mt = TimeFrame::parse(&format!("Tháng {m}/{year}")).unwrap();
        prop_assert!(mt.from.unwrap() >= from.min(mt.from.unwrap()));
        prop_assert_eq!(mt.from.unwrap(), d(year, m, 1));
        prop_assert!(mt.to.unwrap() >= mt.from.unwrap());
        // A range from quarter a to quarter b covers exactly a's start to b's end.
        let b = 4u32.min(q + 1);
        let r = TimeFrame::parse(&format!("Từ quý {q} đến quý {b} năm {year}")).unwrap();
        prop_assert_eq!(r.from, Some(from));
        prop_assert_eq!(r.to.unwrap().succ_opt().unwrap(), if b == 4 { d(year + 1, 1, 1) } else { d(year, b * 3 + 1, 1) });
    }
}
