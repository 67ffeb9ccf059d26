//! Vietnamese text at the boundary: one normal form for storage, one folded key for search.
//!
//! Input arrives from Unikey/VNI/Telex keyboards and pasted Word text as NFC or NFD; comparing
//! or indexing it raw makes "chuyển" and "chuyển" two different words. Every stored text passes
//! through [`normalize_line`] or [`normalize_block`]; every search key through [`fold`].

use crate::CoreError;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Normalises a one-line field: NFC, trimmed, inner whitespace runs collapsed to one space.
/// Control characters (other than whitespace) are refused: they come from broken copy-paste
/// and would corrupt printed registers.
pub fn normalize_line(field: &'static str, input: &str) -> Result<String, CoreError> {
    refuse_controls(field, input)?;
    let nfc: String = input.nfc().collect();
    Ok(nfc.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Normalises a multi-line field (notes, instructions): NFC, each line trimmed at the end,
/// line breaks kept as `\n`, leading/trailing blank lines removed.
pub fn normalize_block(field: &'static str, input: &str) -> Result<String, CoreError> {
    refuse_controls(field, input)?;
    let nfc: String = input.nfc().collect();
    let lines: Vec<String> = nfc
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    Ok(lines.join("\n").trim().to_string())
}

/// Like [`normalize_line`] but an empty result is a [`CoreError::MissingField`].
pub fn required_line(field: &'static str, input: &str) -> Result<String, CoreError> {
    let s = normalize_line(field, input)?;
    if s.is_empty() {
        return Err(CoreError::MissingField { field });
    }
    Ok(s)
}

/// Normalises an optional one-line field; empty becomes `None`.
pub fn optional_line(
    field: &'static str,
    input: Option<&str>,
) -> Result<Option<String>, CoreError> {
    match input {
        None => Ok(None),
        Some(s) => {
            let s = normalize_line(field, s)?;
            Ok((!s.is_empty()).then_some(s))
        }
    }
}

fn refuse_controls(field: &'static str, input: &str) -> Result<(), CoreError> {
    if let Some(c) = input.chars().find(|c| c.is_control() && !c.is_whitespace()) {
        return Err(CoreError::InvalidField {
            field,
            reason: format!("chứa ký tự điều khiển không hợp lệ (U+{:04X})", c as u32),
        });
    }
    Ok(())
}

/// The search key: lower case, no diacritics, and đ/Đ (and the look-alike Ð, U+00D0) folded to
/// d — SQLite's `remove_diacritics` does not fold đ, so the key is computed here.
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'đ' | 'Đ' | 'Ð' | 'ð' => out.push('d'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfd_input_becomes_nfc() {
        let nfd: String = "Chuyển đổi số".nfd().collect();
        assert_ne!(nfd, "Chuyển đổi số");
        assert_eq!(normalize_line("x", &nfd).unwrap(), "Chuyển đổi số");
    }

    #[test]
    fn whitespace_is_collapsed_and_controls_refused() {
        assert_eq!(normalize_line("x", "  a \t b  ").unwrap(), "a b");
        let err = normalize_line("trích yếu", "a\u{0007}b").unwrap_err();
        assert_eq!(err.code(), "invalid_field");
        assert!(err.to_string().contains("trích yếu"));
    }

    #[test]
    fn fold_removes_diacritics_and_d_stroke() {
        assert_eq!(fold("Chuyển ĐỔI số"), "chuyen doi so");
        assert_eq!(fold("Ðảng ủy"), "dang uy");
        assert_eq!(fold("BCĐTW"), "bcdtw");
    }

    #[test]
    fn required_line_refuses_blank() {
        assert_eq!(
            required_line("cơ quan ban hành", "   ").unwrap_err(),
            CoreError::MissingField {
                field: "cơ quan ban hành"
            }
        );
    }
}
