//! Vietnam civil time. Business dates (arrival, document date, deadline) are civil dates in
//! Asia/Ho_Chi_Minh; instants are UTC milliseconds. Vietnam has kept UTC+7 without daylight
//! saving since 1975, so a fixed offset is exact for every date the product handles and avoids
//! shipping a time-zone database.

use crate::CoreError;
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

/// UTC+7, Vietnam's offset.
pub fn vietnam_offset() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("7 hours is a valid offset")
}

/// The civil date in Vietnam at a UTC instant given in unix milliseconds.
pub fn vietnam_date(unix_ms: i64) -> NaiveDate {
    let utc = DateTime::<Utc>::from_timestamp_millis(unix_ms).unwrap_or_default();
    utc.with_timezone(&vietnam_offset()).date_naive()
}

/// The UTC instant (unix ms) of midnight at the start of a Vietnam civil date.
pub fn vietnam_midnight_ms(date: NaiveDate) -> i64 {
    vietnam_offset()
        .from_local_datetime(&date.and_hms_opt(0, 0, 0).expect("midnight exists"))
        .single()
        .expect("fixed offsets have no gaps")
        .timestamp_millis()
}

/// Parses a civil date as users and files write it: `dd/mm/yyyy` (also `d/m/yyyy`, `dd-mm-yyyy`,
/// `dd.mm.yyyy`) or ISO `yyyy-mm-dd`.
pub fn parse_date(field: &'static str, input: &str) -> Result<NaiveDate, CoreError> {
    let s = input.trim();
    let invalid = || CoreError::InvalidField {
        field,
        reason: format!("\"{s}\" không phải ngày hợp lệ (dùng dạng dd/mm/yyyy)"),
    };
    if s.len() == 10 && s.as_bytes()[4] == b'-' {
        return NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| invalid());
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    if parts.len() != 3 || parts[2].len() != 4 {
        return Err(invalid());
    }
    let nums: Result<Vec<u32>, _> = parts.iter().map(|p| p.parse::<u32>()).collect();
    let nums = nums.map_err(|_| invalid())?;
    NaiveDate::from_ymd_opt(nums[2] as i32, nums[1], nums[0]).ok_or_else(invalid)
}

/// Formats a civil date the Vietnamese way, `dd/mm/yyyy`.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn midnight_in_vietnam_is_17h_utc_the_day_before() {
        let d = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        let ms = vietnam_midnight_ms(d);
        assert_eq!(vietnam_date(ms), d);
        assert_eq!(
            vietnam_date(ms - 1),
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
        );
        let utc = DateTime::<Utc>::from_timestamp_millis(ms).unwrap();
        assert_eq!(utc.to_rfc3339(), "2026-12-31T17:00:00+00:00");
    }

    #[test]
    fn parses_both_date_styles() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(parse_date("x", "05/03/2026").unwrap(), d);
        assert_eq!(parse_date("x", "5/3/2026").unwrap(), d);
        assert_eq!(parse_date("x", "2026-03-05").unwrap(), d);
        assert_eq!(format_date(d), "05/03/2026");
        let e = parse_date("ngày đến", "31/02/2026").unwrap_err();
        assert!(e.to_string().contains("ngày đến"));
        assert!(parse_date("x", "hôm qua").is_err());
    }
}
