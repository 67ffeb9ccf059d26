//! Reporting periods (kỳ báo cáo): month, quarter, half-year, year, or custom dates.
//!
//! Plans and reports name periods in words ("Quý III năm 2026", "6 tháng đầu năm 2026"); the
//! product stores them as short codes and shows the words.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::CoreError;

/// The shape of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    Year(i32),
    /// First (1) or second (2) half.
    Half(i32, u32),
    /// Quarter 1–4.
    Quarter(i32, u32),
    /// Month 1–12.
    Month(i32, u32),
    Custom,
}

/// An inclusive span of civil dates with a name. `from ≤ to` always holds.
///
/// Serialised as its code: "2026", "2026-H1", "2026-Q3", "2026-06", or "2026-01-15..2026-03-31".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Period {
    kind: PeriodKind,
    from: NaiveDate,
    to: NaiveDate,
}

fn out_of_range(what: String) -> CoreError {
    CoreError::InvalidPeriod(what)
}

fn ymd(year: i32, month: u32, day: u32) -> Result<NaiveDate, CoreError> {
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| out_of_range(format!("ngày {day}/{month}/{year} không tồn tại")))
}

/// The last day of `month` in `year`.
fn month_end(year: i32, month: u32) -> Result<NaiveDate, CoreError> {
    let next = if month == 12 {
        ymd(year + 1, 1, 1)?
    } else {
        ymd(year, month + 1, 1)?
    };
    next.pred_opt()
        .ok_or_else(|| out_of_range(format!("tháng {month}/{year}")))
}

fn months(kind: PeriodKind, year: i32, first: u32, last: u32) -> Result<Period, CoreError> {
    Ok(Period {
        kind,
        from: ymd(year, first, 1)?,
        to: month_end(year, last)?,
    })
}

impl Period {
    /// The calendar year.
    ///
    /// # Errors
    /// [`CoreError::InvalidPeriod`] for a year chrono cannot represent.
    pub fn year(year: i32) -> Result<Self, CoreError> {
        months(PeriodKind::Year(year), year, 1, 12)
    }

    /// Half-year 1 (January–June) or 2 (July–December).
    ///
    /// # Errors
    /// [`CoreError::InvalidPeriod`] for another half or an unrepresentable year.
    pub fn half(year: i32, half: u32) -> Result<Self, CoreError> {
        match half {
            1 | 2 => months(PeriodKind::Half(year, half), year, half * 6 - 5, half * 6),
            _ => Err(out_of_range(format!("nửa năm {half} (chỉ có 1 hoặc 2)"))),
        }
    }

    /// Quarter 1–4.
    ///
    /// # Errors
    /// [`CoreError::InvalidPeriod`] for another quarter or an unrepresentable year.
    pub fn quarter(year: i32, quarter: u32) -> Result<Self, CoreError> {
        match quarter {
            1..=4 => months(
                PeriodKind::Quarter(year, quarter),
                year,
                quarter * 3 - 2,
                quarter * 3,
            ),
            _ => Err(out_of_range(format!("quý {quarter} (chỉ có quý 1–4)"))),
        }
    }

    /// Month 1–12.
    ///
    /// # Errors
    /// [`CoreError::InvalidPeriod`] for another month or an unrepresentable year.
    pub fn month(year: i32, month: u32) -> Result<Self, CoreError> {
        match month {
            1..=12 => months(PeriodKind::Month(year, month), year, month, month),
            _ => Err(out_of_range(format!("tháng {month} (chỉ có tháng 1–12)"))),
        }
    }

    /// Any span from `from` to `to`, both included.
    ///
    /// # Errors
    /// [`CoreError::InvalidPeriod`] when `from` is after `to`.
    pub fn custom(from: NaiveDate, to: NaiveDate) -> Result<Self, CoreError> {
        if from > to {
            return Err(out_of_range(format!(
                "ngày bắt đầu {} sau ngày kết thúc {}",
                from.format("%d/%m/%Y"),
                to.format("%d/%m/%Y")
            )));
        }
        Ok(Period {
            kind: PeriodKind::Custom,
            from,
            to,
        })
    }

    /// The four quarters of `year`, in order.
    ///
    /// # Errors
    /// [`CoreError::InvalidPeriod`] for an unrepresentable year.
    pub fn quarters(year: i32) -> Result<[Period; 4], CoreError> {
        Ok([
            Period::quarter(year, 1)?,
            Period::quarter(year, 2)?,
            Period::quarter(year, 3)?,
            Period::quarter(year, 4)?,
        ])
    }

    /// Parses a period code: "2026", "2026-H1", "2026-Q3", "2026-06", or a custom span
    /// "A..B" whose ends are dates ("2026-01-15") or codes ("2026-Q2..2026-Q3" runs from the start
    /// of A to the end of B). Case and surrounding spaces are ignored.
    ///
    /// # Errors
    /// [`CoreError::InvalidPeriod`] for anything else.
    pub fn parse(input: &str) -> Result<Self, CoreError> {
        let s = input.trim().to_uppercase();
        let invalid = || {
            out_of_range(format!(
                "\"{}\" (dùng dạng 2026, 2026-H1, 2026-Q3, 2026-06 hoặc 2026-01-15..2026-03-31)",
                input.trim()
            ))
        };
        if let Some((a, b)) = s.split_once("..") {
            let start = parse_end(a).ok_or_else(invalid)?;
            let end = parse_end(b).ok_or_else(invalid)?;
            return Period::custom(start.from, end.to);
        }
        parse_simple(&s).ok_or_else(invalid)?
    }

    pub fn kind(&self) -> PeriodKind {
        self.kind
    }

    /// First day, included.
    pub fn from(&self) -> NaiveDate {
        self.from
    }

    /// Last day, included.
    pub fn to(&self) -> NaiveDate {
        self.to
    }

    /// Whether `date` lies in the period (ends included).
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// The stable code, e.g. "2026-Q3" (what [`Period::parse`] reads).
    pub fn code(&self) -> String {
        match self.kind {
            PeriodKind::Year(y) => format!("{y}"),
            PeriodKind::Half(y, h) => format!("{y}-H{h}"),
            PeriodKind::Quarter(y, q) => format!("{y}-Q{q}"),
            PeriodKind::Month(y, m) => format!("{y}-{m:02}"),
            PeriodKind::Custom => format!("{}..{}", self.from, self.to),
        }
    }

    /// The Vietnamese name used in reports, e.g. "Quý III năm 2026".
    pub fn label_vi(&self) -> String {
        const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
        match self.kind {
            PeriodKind::Year(y) => format!("Năm {y}"),
            PeriodKind::Half(y, 1) => format!("6 tháng đầu năm {y}"),
            PeriodKind::Half(y, _) => format!("6 tháng cuối năm {y}"),
            PeriodKind::Quarter(y, q) => format!("Quý {} năm {y}", ROMAN[(q as usize - 1) % 4]),
            PeriodKind::Month(y, m) => format!("Tháng {m} năm {y}"),
            PeriodKind::Custom => format!(
                "Từ ngày {} đến ngày {}",
                self.from.format("%d/%m/%Y"),
                self.to.format("%d/%m/%Y")
            ),
        }
    }
}

/// One end of a custom span: an ISO date (a one-day span) or a period code.
fn parse_end(s: &str) -> Option<Period> {
    let s = s.trim();
    if s.len() == 10
        && let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d")
    {
        return Period::custom(d, d).ok();
    }
    parse_simple(s)?.ok()
}

/// "YYYY", "YYYY-Hn", "YYYY-Qn", "YYYY-MM" (already upper case); `None` when the shape is wrong.
fn parse_simple(s: &str) -> Option<Result<Period, CoreError>> {
    let digits = |n: &str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
    let year_of = |y: &str| {
        (y.len() == 4 && digits(y))
            .then(|| y.parse::<i32>().ok())
            .flatten()
    };
    let number = |n: &str| {
        (n.len() <= 2 && digits(n))
            .then(|| n.parse::<u32>().ok())
            .flatten()
    };
    match s.split_once('-') {
        None => year_of(s).map(Period::year),
        Some((y, rest)) => {
            let year = year_of(y)?;
            if let Some(h) = rest.strip_prefix('H') {
                Some(Period::half(year, number(h)?))
            } else if let Some(q) = rest.strip_prefix('Q') {
                Some(Period::quarter(year, number(q)?))
            } else {
                Some(Period::month(year, number(rest)?))
            }
        }
    }
}

impl FromStr for Period {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Period::parse(s)
    }
}

impl TryFrom<String> for Period {
    type Error = CoreError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Period::parse(&s)
    }
}

impl From<Period> for String {
    fn from(p: Period) -> String {
        p.code()
    }
}

impl fmt::Display for Period {
    /// The Vietnamese label.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label_vi())
    }
}
