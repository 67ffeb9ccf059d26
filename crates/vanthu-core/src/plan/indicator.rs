//! Indicators (chỉ tiêu) with targets as plans write them ("100%", "≥ 80 %", "Tối thiểu 03",
//! "Không quá 5 ngày") and whether an actual value achieves them.

use crate::text::fold;
use serde::{Deserialize, Serialize};

/// How an actual is compared with the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The actual must reach the target (the usual case: "100%", "tối thiểu 3").
    AtLeast,
    /// The actual must not exceed it ("không quá", "tối đa", "≤").
    AtMost,
}

/// A target read from its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub original: String,
    /// The number in it, if any ("100%" → 100, "03 mô hình" → 3, "94,5%" → 94.5).
    pub value: Option<f64>,
    pub direction: Direction,
}

impl Target {
    /// Reads a target; text without a number is kept as a qualitative target.
    pub fn parse(text: &str) -> Target {
        let folded = fold(text);
        let direction = if folded.contains("khong qua")
            || folded.contains("toi da")
            || folded.contains("duoi")
            || text.contains('≤')
            || text.contains("<=")
        {
            Direction::AtMost
        } else {
            Direction::AtLeast
        };
        Target {
            original: text.trim().to_string(),
            value: first_number(text),
            direction,
        }
    }

    /// Whether `actual` achieves the target; `None` when either has no number to compare.
    pub fn achieved_by(&self, actual: &str) -> Option<bool> {
        let (target, actual) = (self.value?, first_number(actual)?);
        Some(match self.direction {
            Direction::AtLeast => actual >= target,
            Direction::AtMost => actual <= target,
        })
    }
}

/// The first number in a text, reading a Vietnamese decimal comma ("94,5") as a point.
pub fn first_number(text: &str) -> Option<f64> {
    let mut digits = String::new();
    let mut started = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            started = true;
        } else if started && (c == ',' || c == '.') && !digits.contains('.') {
            digits.push('.');
        } else if started {
            break;
        }
    }
    digits.trim_end_matches('.').parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_and_achievement() {
        let t = Target::parse("100%");
        assert_eq!((t.value, t.direction), (Some(100.0), Direction::AtLeast));
        assert_eq!(t.achieved_by("100 %"), Some(true));
        assert_eq!(t.achieved_by("94,5%"), Some(false));
        let m = Target::parse("Không quá 5 ngày");
        assert_eq!(m.direction, Direction::AtMost);
        assert_eq!(m.achieved_by("3"), Some(true));
        assert_eq!(m.achieved_by("7"), Some(false));
        assert_eq!(Target::parse("Tối thiểu 03 mô hình").value, Some(3.0));
        assert_eq!(Target::parse("Hoàn thành").achieved_by("xong"), None);
    }
}
