//! Time frames as plan appendices write them ("Quý III năm 2026", "Từ quý II đến quý III năm
//! 2026", "Tháng 6/2026", "6 tháng đầu năm 2026", "Năm 2026", "Trước ngày 30/6/2026",
//! "Thường xuyên") parsed into a date range, keeping the original text.
//!
//! Hand-written over `regex` because no library knows Vietnamese administrative phrasing. The
//! text is folded first (no diacritics, đ→d, lower case), so "quy 3", "Quý III", "QUÝ 3/2026"
//! and "Q3 2026" read alike.

use crate::CoreError;
use crate::text::fold;
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// A parsed time frame.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeFrame {
    /// The text as written in the plan.
    pub original: String,
    /// First day, when the text gives one ("Trước ngày 30/6/2026" does not).
    pub from: Option<NaiveDate>,
    /// Last day: the task's deadline. `None` for ongoing work ("Thường xuyên", "Hằng năm").
    pub to: Option<NaiveDate>,
    /// Ongoing or recurring work without a single deadline.
    pub ongoing: bool,
}

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(19|20)\d{2}\b").expect("valid"));
static YEAR_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:giai doan\s+)?(?:tu\s+)?(?:nam\s+)?(\d{4})\s*(?:-|den)\s*(?:nam\s+)?(\d{4})$")
        .expect("valid")
});
static QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:quy|q)\s*(iv|iii|ii|i|[1-4])\b(?:\s*(?:[/-]\s*)?(?:nam\s*)?(\d{4}))?$")
        .expect("valid")
});
static HALF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:6 thang|sau thang|nua)\s*(dau|cuoi)\s*(?:nam)?\s*(\d{4})?$").expect("valid")
});
static MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:thang|t)\s*(\d{1,2})(?:\s*(?:[/-]\s*)?(?:nam\s*)?(\d{4}))?$|^(\d{1,2})/(\d{4})$",
    )
    .expect("valid")
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:ngay\s*)?(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}))?$").expect("valid")
});
static PLAIN_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:nam|trong nam|ca nam)?\s*(\d{4})$").expect("valid"));

const ONGOING: &[&str] = &[
    "thuong xuyen",
    "hang nam",
    "hang quy",
    "hang thang",
    "lien tuc",
    "dinh ky",
];

impl TimeFrame {
    /// Parses a plan's time frame. An unreadable phrase is an error naming it.
    pub fn parse(input: &str) -> Result<TimeFrame, CoreError> {
        let original = crate::text::normalize_line("thời gian thực hiện", input)?;
        let text = fold(&original)
            .replace(['–', '—'], "-")
            .trim_end_matches('.')
            .trim()
            .to_string();
        let unreadable = || CoreError::InvalidField {
            field: "thời gian thực hiện",
            reason: format!(
                "không hiểu \"{original}\" (ví dụ hợp lệ: Quý III năm 2026, Tháng 6/2026, Từ quý II đến quý III năm 2026)"
            ),
        };
        if text.is_empty() {
            return Err(CoreError::MissingField {
                field: "thời gian thực hiện",
            });
        }
        if ONGOING.iter().any(|k| text.starts_with(k)) {
            return Ok(TimeFrame {
                original,
                from: None,
                to: None,
                ongoing: true,
            });
        }
        let default_year = YEAR
            .find_iter(&text)
            .last()
            .and_then(|m| m.as_str().parse::<i32>().ok());
        let (from, to) = if let Some(c) = YEAR_RANGE.captures(&text) {
            let (a, b) = (num(&c[1])?, num(&c[2])?);
            (Some(ymd(a, 1, 1)?), ymd(b, 12, 31)?)
        } else if let Some(rest) = text
            .strip_prefix("truoc ngay ")
            .or_else(|| text.strip_prefix("truoc "))
        {
            let (_, end) = point(rest.trim(), default_year).ok_or_else(unreadable)?;
            (None, end)
        } else if let Some((start, end)) = point(&text, default_year) {
            // A single period first: "Quý 3 - 2026" and "Tháng 6 - 2026" are one period whose
            // year follows a dash, not a range from "quý 3" to the whole of 2026.
            (Some(start), end)
        } else if let Some((a, b)) = split_range(&text) {
            let (_, end) = point(b, default_year).ok_or_else(unreadable)?;
            let (start, _) = point(a, Some(end.year())).ok_or_else(unreadable)?;
            (Some(start), end)
        } else {
            let (start, end) = point(&text, default_year).ok_or_else(unreadable)?;
            (Some(start), end)
        };
        if from.is_some_and(|f| f > to) {
            return Err(CoreError::InvalidField {
                field: "thời gian thực hiện",
                reason: format!("\"{original}\" có thời điểm bắt đầu sau thời điểm kết thúc"),
            });
        }
        Ok(TimeFrame {
            original,
            from,
            to: Some(to),
            ongoing: false,
        })
    }
}

/// "tu A den B" / "A den B" / "A - B" (when both sides name a period).
fn split_range(text: &str) -> Option<(&str, &str)> {
    let body = text.strip_prefix("tu ").unwrap_or(text);
    if let Some((a, b)) = body.split_once(" den ") {
        return Some((a.trim(), b.trim()));
    }
    let (a, b) = body.split_once(" - ")?;
    Some((a.trim(), b.trim()))
}

fn num<T: std::str::FromStr>(s: &str) -> Result<T, CoreError> {
    s.parse()
        .map_err(|_| CoreError::InvalidPeriod(s.to_string()))
}

fn ymd(y: i32, m: u32, d: u32) -> Result<NaiveDate, CoreError> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| CoreError::InvalidPeriod(format!("{d}/{m}/{y}")))
}

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

fn roman_or_digit(s: &str) -> Option<u32> {
    match s {
        "i" | "1" => Some(1),
        "ii" | "2" => Some(2),
        "iii" | "3" => Some(3),
        "iv" | "4" => Some(4),
        _ => None,
    }
}

/// One period phrase → (first day, last day), with `year` filling in a missing year.
fn point(text: &str, year: Option<i32>) -> Option<(NaiveDate, NaiveDate)> {
    let text = text.trim().trim_start_matches("trong ").trim();
    let pick =
        |m: Option<regex::Match<'_>>| m.and_then(|m| m.as_str().parse::<i32>().ok()).or(year);
    if let Some(c) = QUARTER.captures(text) {
        let q = roman_or_digit(&c[1])?;
        let y = pick(c.get(2))?;
        let first = NaiveDate::from_ymd_opt(y, (q - 1) * 3 + 1, 1)?;
        return Some((first, month_end(y, q * 3)?));
    }
    if let Some(c) = HALF.captures(text) {
        let y = pick(c.get(2))?;
        return Some(if &c[1] == "dau" {
            (
                NaiveDate::from_ymd_opt(y, 1, 1)?,
                NaiveDate::from_ymd_opt(y, 6, 30)?,
            )
        } else {
            (
                NaiveDate::from_ymd_opt(y, 7, 1)?,
                NaiveDate::from_ymd_opt(y, 12, 31)?,
            )
        });
    }
    if let Some(c) = MONTH.captures(text) {
        let (m, y) = match (c.get(1), c.get(3)) {
            (Some(m), _) => (m.as_str().parse::<u32>().ok()?, pick(c.get(2))?),
            (None, Some(m)) => (m.as_str().parse::<u32>().ok()?, pick(c.get(4))?),
            _ => return None,
        };
        if !(1..=12).contains(&m) {
            return None;
        }
        return Some((NaiveDate::from_ymd_opt(y, m, 1)?, month_end(y, m)?));
    }
    if let Some(c) = DATE.captures(text) {
        let y = pick(c.get(3))?;
        let d = NaiveDate::from_ymd_opt(y, c[2].parse().ok()?, c[1].parse().ok()?)?;
        return Some((d, d));
    }
    if let Some(c) = PLAIN_YEAR.captures(text) {
        let y: i32 = c[1].parse().ok()?;
        return Some((
            NaiveDate::from_ymd_opt(y, 1, 1)?,
            NaiveDate::from_ymd_opt(y, 12, 31)?,
        ));
    }
    None
}
