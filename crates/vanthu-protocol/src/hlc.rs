//! Hybrid logical clock stamps as fixed-width strings, so they compare as strings:
//! `{unix ms:013}-{counter:010}`; the server appends `-{device id}` to break ties between
//! devices deterministically. The local store stamps each captured change in the capture
//! transaction (migration 0004), taking the maximum of the wall clock and every stamp seen so
//! far, so an edit made after seeing another device's edit always sorts after it even when the
//! laptop's clock is behind.

/// Formats a stamp.
pub fn format(ms: i64, counter: i64) -> String {
    format!("{:013}-{:010}", ms.max(0), counter.max(0))
}

/// Parses `ms-counter[-device]` into (ms, counter).
pub fn parse(stamp: &str) -> Option<(i64, i64)> {
    let mut parts = stamp.splitn(3, '-');
    let ms = parts.next()?;
    let counter = parts.next()?;
    if ms.len() != 13 || counter.len() != 10 {
        return None;
    }
    if !ms
        .bytes()
        .chain(counter.bytes())
        .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    Some((ms.parse().ok()?, counter.parse().ok()?))
}

/// A device's stamp made total: the device id breaks ties.
pub fn with_origin(stamp: &str, origin: &str) -> String {
    format!("{stamp}-{origin}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_as_strings() {
        let a = format(1_700_000_000_000, 9);
        let b = format(1_700_000_000_000, 10);
        let c = format(1_700_000_000_001, 0);
        assert!(a < b && b < c);
        assert_eq!(parse(&b), Some((1_700_000_000_000, 10)));
        assert_eq!(parse(&with_origin(&c, "dev")), Some((1_700_000_000_001, 0)));
        assert_eq!(parse("12-3"), None);
        assert_eq!(parse("abcdefghijklm-0000000000"), None);
    }
}
