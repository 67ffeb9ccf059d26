//! Vietnamese sort order for names and titles: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s
//! t u ư v x y, then tones (none, huyền, hỏi, ngã, sắc, nặng), then case (lower first).
//!
//! Hand-written rather than ICU4X's `icu_collator` on purpose: VanThu needs one language, the
//! rules are CLDR's `vi` tailoring (`&A<ă<â &D<đ &E<ê &O<ô<ơ &U<ư` and the tone order
//! `̀ << ̉ << ̃ << ́ << ̣`), small and stable since 1984, and ICU4X would add about fifteen crates
//! and a megabyte of data for every locale to an offline app aimed at old laptops. A byte key
//! also lets SQLite sort with the same order (`COLLATE vi`, registered by the local store).
//! Letters outside Vietnamese (f, j, w, z) sort in Latin order; other characters by code point
//! after all letters; spaces first, so "An Giang" comes before "Anh" (word by word).

use crate::syllable::{Letter, letters};
use std::cmp::Ordering;
use unicode_normalization::UnicodeNormalization;

const ALPHABET: &str = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";

fn primary(base: char) -> u32 {
    ALPHABET
        .chars()
        .position(|c| c == base)
        .map(|p| 0x40 + p as u32)
        .unwrap_or(0)
}

/// A key whose byte order is the Vietnamese order of `text`: primary letters for the whole
/// text first, then tones, then case (a three-level key as in the Unicode Collation Algorithm).
pub fn sort_key(text: &str) -> Vec<u8> {
    let mut prim: Vec<u8> = Vec::with_capacity(text.len() * 2);
    let mut tones: Vec<u8> = Vec::new();
    let mut cases: Vec<u8> = Vec::new();
    let nfc: String = text.nfc().collect();
    for c in nfc.chars() {
        let letter = letters(c.encode_utf8(&mut [0; 4])).and_then(|l| l.first().copied());
        match letter {
            Some(Letter { base, tone, upper }) if primary(base) > 0 => {
                push_u32(&mut prim, primary(base));
                tones.push(tone.map(|t| t.rank()).unwrap_or(0));
                cases.push(u8::from(upper));
            }
            _ if c.is_whitespace() => push_u32(&mut prim, 1),
            _ if c.is_ascii_digit() => push_u32(&mut prim, 0x10 + (c as u32 - '0' as u32)),
            _ => {
                // Everything else after the letters, by code point.
                push_u32(&mut prim, 0x100 + c as u32);
                tones.push(0);
                cases.push(0);
            }
        }
    }
    prim.push(0);
    prim.extend(tones.iter().map(|t| t + 1));
    prim.push(0);
    prim.extend(cases.iter().map(|c| c + 1));
    prim
}

/// Variable-length but order-preserving: codes below 0x80 take one byte.
fn push_u32(out: &mut Vec<u8>, v: u32) {
    if v < 0x80 {
        out.push(v as u8);
    } else {
        let bytes = v.to_be_bytes();
        out.push(0x80 | bytes[1]);
        out.push(bytes[2]);
        out.push(bytes[3]);
    }
}

/// Compares two texts in Vietnamese order.
pub fn compare(a: &str, b: &str) -> Ordering {
    sort_key(a).cmp(&sort_key(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| compare(a, b));
        v
    }

    #[test]
    fn letters_follow_the_vietnamese_alphabet() {
        assert_eq!(
            sorted(&[
                "ơ", "đ", "ư", "b", "â", "o", "a", "ă", "d", "ô", "u", "e", "ê"
            ]),
            [
                "a", "ă", "â", "b", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư"
            ]
        );
        // Byte order would put Đ (U+0110) after every ASCII letter.
        assert_eq!(
            sorted(&["Đặng", "Dương", "Em", "Đinh"]),
            ["Dương", "Đặng", "Đinh", "Em"]
        );
    }

    #[test]
    fn tones_order_after_letters() {
        assert_eq!(
            sorted(&["mạ", "má", "mã", "mả", "mà", "ma"]),
            ["ma", "mà", "mả", "mã", "má", "mạ"]
        );
        // Letters decide first over the whole text, tones only break ties.
        assert_eq!(sorted(&["mạc", "man", "mác"]), ["mác", "mạc", "man"]);
    }

    #[test]
    fn words_compare_word_by_word_and_case_last() {
        assert_eq!(sorted(&["Anh", "An Giang"]), ["An Giang", "Anh"]);
        assert_eq!(sorted(&["Lan", "lan"]), ["lan", "Lan"]);
        assert_eq!(
            sorted(&[
                "Trần Thị Lan",
                "Nguyễn Văn Hùng",
                "Lê Minh Đức",
                "Đặng Quốc Khánh"
            ]),
            [
                "Đặng Quốc Khánh",
                "Lê Minh Đức",
                "Nguyễn Văn Hùng",
                "Trần Thị Lan"
            ]
        );
    }
}
