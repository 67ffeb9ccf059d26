//! Numbers, dates and periods as Vietnamese administrative writing has them: thousands
//! grouped with a dot (1.234), decimals with a comma (94,9 %), "ngày 05 tháng 01 năm 2026".

use chrono::{Datelike, NaiveDate};
use vanthu_core::calendar::{Period, PeriodKind};

/// An integer with dots between thousands: `1.234.567`.
pub fn int(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A number with at most one decimal, comma as separator, no trailing ",0": `94,9`, `95`.
pub fn decimal1(x: f64) -> String {
    let tenths = (x * 10.0).round() as i64;
    let whole = int(tenths / 10);
    match (tenths % 10).abs() {
        0 => whole,
        d if tenths < 0 && tenths / 10 == 0 => format!("-0,{d}"),
        d => format!("{whole},{d}"),
    }
}

/// A fraction as a percentage: `0.949` → `94,9 %`; `None` → `—`.
pub fn percent(rate: Option<f64>) -> String {
    match rate {
        Some(r) => format!("{} %", decimal1(r * 100.0)),
        None => "—".into(),
    }
}

/// `dd/mm/yyyy`.
pub fn date(d: NaiveDate) -> String {
    vanthu_core::time::format_date(d)
}

/// The date line's words (NĐ 30 Phụ lục I): days below 10 and the months January and
/// February take a leading zero: "ngày 05 tháng 01 năm 2026", "ngày 15 tháng 10 năm 2026".
pub fn date_words(d: NaiveDate) -> String {
    let month = if d.month() <= 2 {
        format!("{:02}", d.month())
    } else {
        d.month().to_string()
    };
    format!("ngày {:02} tháng {month} năm {}", d.day(), d.year())
}

/// The first letter in lower case, for a label inside a sentence: "quý III năm 2026".
pub fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The first letter in upper case, for a sentence start.
pub fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The period before `period` of the same shape (the one a report compares against);
/// `None` for a custom span.
pub fn previous_period(period: &Period) -> Option<Period> {
    match period.kind() {
        PeriodKind::Year(y) => Period::year(y - 1).ok(),
        PeriodKind::Half(y, 1) => Period::half(y - 1, 2).ok(),
        PeriodKind::Half(y, _) => Period::half(y, 1).ok(),
        PeriodKind::Quarter(y, 1) => Period::quarter(y - 1, 4).ok(),
        PeriodKind::Quarter(y, q) => Period::quarter(y, q - 1).ok(),
        PeriodKind::Month(y, 1) => Period::month(y - 1, 12).ok(),
        PeriodKind::Month(y, m) => Period::month(y, m - 1).ok(),
        PeriodKind::Custom => None,
    }
}

/// The period after `period` of the same shape (what "phương hướng, nhiệm vụ" is about).
pub fn next_period(period: &Period) -> Option<Period> {
    match period.kind() {
        PeriodKind::Year(y) => Period::year(y + 1).ok(),
        PeriodKind::Half(y, 1) => Period::half(y, 2).ok(),
        PeriodKind::Half(y, _) => Period::half(y + 1, 1).ok(),
        PeriodKind::Quarter(y, 4) => Period::quarter(y + 1, 1).ok(),
        PeriodKind::Quarter(y, q) => Period::quarter(y, q + 1).ok(),
        PeriodKind::Month(y, 12) => Period::month(y + 1, 1).ok(),
        PeriodKind::Month(y, m) => Period::month(y, m + 1).ok(),
        PeriodKind::Custom => None,
    }
}

/// How a period is named inside a sentence: "quý III năm 2026", "từ ngày 01/10/2026 đến ngày …".
pub fn period_in_sentence(period: &Period) -> String {
    lower_first(&period.label_vi())
}

/// The short name of `other` when compared with `period` in the same year: "quý II" rather
/// than "quý II năm 2026"; the full name across years.
pub fn compared_period_name(period: &Period, other: &Period) -> String {
    let full = period_in_sentence(other);
    let same_year = period.from().year() == other.from().year()
        && !matches!(other.kind(), PeriodKind::Year(_) | PeriodKind::Custom);
    match full.split_once(" năm ") {
        Some((short, _)) if same_year => short.to_string(),
        _ => full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_vietnamese_write_them() {
        assert_eq!(int(0), "0");
        assert_eq!(int(999), "999");
        assert_eq!(int(1000), "1.000");
        assert_eq!(int(1234567), "1.234.567");
        assert_eq!(int(-12345), "-12.345");
        assert_eq!(decimal1(94.94), "94,9");
        assert_eq!(decimal1(95.0), "95");
        assert_eq!(decimal1(1.25), "1,3");
        assert_eq!(decimal1(-0.4), "-0,4");
        assert_eq!(decimal1(-1.2), "-1,2");
        assert_eq!(percent(Some(118.0 / 124.0)), "95,2 %");
        assert_eq!(percent(Some(1.0)), "100 %");
        assert_eq!(percent(None), "—");
    }

    #[test]
    fn date_words_follow_nd30() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(date_words(d(2026, 1, 5)), "ngày 05 tháng 01 năm 2026");
        assert_eq!(date_words(d(2026, 10, 15)), "ngày 15 tháng 10 năm 2026");
        assert_eq!(date_words(d(2026, 3, 9)), "ngày 09 tháng 3 năm 2026");
    }

    #[test]
    fn neighbouring_periods() {
        let p = |s| Period::parse(s).unwrap();
        assert_eq!(previous_period(&p("2026-Q1")), Some(p("2025-Q4")));
        assert_eq!(next_period(&p("2026-Q4")), Some(p("2027-Q1")));
        assert_eq!(previous_period(&p("2026-H2")), Some(p("2026-H1")));
        assert_eq!(next_period(&p("2026-12")), Some(p("2027-01")));
        assert_eq!(compared_period_name(&p("2026-Q3"), &p("2026-Q2")), "quý II");
        assert_eq!(
            compared_period_name(&p("2026-Q1"), &p("2025-Q4")),
            "quý IV năm 2025"
        );
        assert_eq!(compared_period_name(&p("2026"), &p("2025")), "năm 2025");
    }
}
