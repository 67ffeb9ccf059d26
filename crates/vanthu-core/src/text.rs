//! Vietnamese text at the boundary: one normal form for storage, one folded key for search.
//!
//! Input arrives from Unikey/VNI/Telex keyboards and pasted Word text as NFC or NFD; comparing
//! or indexing it raw makes "chuyển" and "chuyển" two different words. Every stored text passes
//! through [`normalize_line`] or [`normalize_block`]; every search key through [`fold`].
//!
//! Keyboards also disagree on where the tone mark goes in an open "oa", "oe", "uy" syllable
//! ("hoà"/"hòa", "thuý"/"thúy", "khoẻ"/"khỏe"). VanThu stores one spelling: the tone on the
//! first vowel of such a syllable, the placement NĐ 30 itself uses ("CỘNG HÒA", "Hỏa tốc",
//! "Bản thỏa thuận") — Unikey calls it "kiểu cũ", some editors call it the new style; the rule
//! is in [`crate::syllable::Syllable::canonical_tone_index`]. The look-alike Ð (U+00D0, from
//! some fonts and keyboards) is stored as Đ.

use crate::CoreError;
use crate::syllable::Syllable;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Normalises a one-line field: NFC, trimmed, inner whitespace runs collapsed to one space.
/// Control characters (other than whitespace) are refused: they come from broken copy-paste
/// and would corrupt printed registers.
pub fn normalize_line(field: &'static str, input: &str) -> Result<String, CoreError> {
    refuse_controls(field, input)?;
    let nfc = canonical_spelling(input);
    Ok(nfc.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Normalises a multi-line field (notes, instructions): NFC, each line trimmed at the end,
/// line breaks kept as `\n`, leading/trailing blank lines removed.
pub fn normalize_block(field: &'static str, input: &str) -> Result<String, CoreError> {
    refuse_controls(field, input)?;
    let nfc = canonical_spelling(input);
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

/// NFC, Ð→Đ, and every Vietnamese syllable's tone mark on its canonical vowel. Words that
/// are not Vietnamese syllables (acronyms, numbers, foreign names) are left as they are.
/// Does not trim or collapse whitespace: that is the callers' job.
pub fn canonical_spelling(input: &str) -> String {
    let nfc: String = input
        .nfc()
        .map(|c| match c {
            'Ð' => 'Đ',
            'ð' => 'đ',
            c => c,
        })
        .collect();
    if nfc.is_ascii() {
        return nfc;
    }
    let mut out = String::with_capacity(nfc.len());
    let mut word_start: Option<usize> = None;
    for (i, c) in nfc.char_indices() {
        if c.is_alphabetic() {
            word_start.get_or_insert(i);
            continue;
        }
        if let Some(s) = word_start.take() {
            push_word(&mut out, &nfc[s..i]);
        }
        out.push(c);
    }
    if let Some(s) = word_start {
        push_word(&mut out, &nfc[s..]);
    }
    out
}

/// The base letter of a character (lower case) and whether it carries a vowel-quality mark
/// (ă â ê ô ơ ư), without allocating.
fn base_letter(c: char) -> (char, bool) {
    let (mut base, mut quality) = (c, false);
    unicode_normalization::char::decompose_canonical(c, |d| match d {
        '\u{302}' | '\u{306}' | '\u{31b}' => quality = true,
        d if !is_combining_mark(d) => base = d,
        _ => {}
    });
    (base.to_ascii_lowercase(), quality)
}

/// Whether the word has a plain "oa", "oe" or "uy" (any case, any tone), the only nuclei whose
/// tone placement keyboards disagree on: every other word keeps its spelling without being
/// parsed, which keeps normalising a register row cheap.
fn may_need_tone_move(word: &str) -> bool {
    let mut prev = ' ';
    for c in word.chars() {
        let (base, quality) = base_letter(c);
        let cur = if quality { ' ' } else { base };
        if matches!((prev, cur), ('o', 'a') | ('o', 'e') | ('u', 'y')) {
            return true;
        }
        prev = cur;
    }
    false
}

fn push_word(out: &mut String, word: &str) {
    if !word.is_ascii()
        && may_need_tone_move(word)
        && let Some(syl) = Syllable::parse(word)
        && syl.tone().is_some()
    {
        out.push_str(&syl.canonical());
        return;
    }
    out.push_str(word);
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
    // Marks are dropped, so their canonical order does not matter: decomposing char by char
    // avoids the NFD iterator's reordering buffer (fold runs for every indexed document).
    let mut space = true;
    for c in input.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
                space = true;
            }
            continue;
        }
        space = false;
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        match c {
            'đ' | 'Đ' | 'Ð' | 'ð' => out.push('d'),
            _ => unicode_normalization::char::decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    out.extend(d.to_lowercase());
                }
            }),
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
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
    fn tone_placement_is_canonical_and_fold_agrees() {
        assert_eq!(
            normalize_line("x", "Cộng hoà xã hội, sức khoẻ, Thuỷ lợi, HOÁ").unwrap(),
            "Cộng hòa xã hội, sức khỏe, Thủy lợi, HÓA"
        );
        let nfd_old: String = "hoà bình".nfd().collect();
        assert_eq!(normalize_line("x", &nfd_old).unwrap(), "hòa bình");
        assert_eq!(normalize_line("x", "Ðảng ủy").unwrap(), "Đảng ủy");
        assert_eq!(fold("hoà thuý"), fold("hòa thúy"));
        // Non-Vietnamese words keep their spelling.
        assert_eq!(
            normalize_line("x", "José café UBND").unwrap(),
            "José café UBND"
        );
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
