//! Pre-Unicode Vietnamese text: TCVN3 (ABC, the ".VnTime" fonts) and VNI ("VNI-Times" fonts).
//!
//! Old registers were typed in Word/Excel with these fonts: the file holds ordinary 8-bit
//! characters and only the font turned them into Vietnamese letters, so Excel and a CSV export
//! show "Sè ®Õn" (TCVN3) or "Soá ñeán" (VNI) for "Số đến". Here such text, as the characters
//! U+0000–U+00FF that Excel stores for those bytes, is turned into Unicode.
//!
//! The tables are written by hand because no maintained crate converts these encodings:
//! - TCVN3 = the VN3 subset of TCVN 5712:1993 (lower-case letters and the seven base capitals
//!   Ă Â Ê Ô Ơ Ư Đ at 0xA1–0xFE), as in glibc's `localedata/charmaps/TCVN5712-1` (positions
//!   that only VN1 uses for capitals are left alone: the ABC fonts do not have them). All-caps
//!   text used the ".VnTimeH"-style fonts, which draw those lower-case codes as capitals, so
//!   such text is upper-cased after decoding.
//! - VNI Windows = a base letter followed by one mark character ("a" + "ù" = á), plus single
//!   characters for đ, ơ, ư and the i/ỵ tones, as published in VNI's font tables and mirrored by
//!   Unikey's and xvnkb's converters (`vni.h`).
//!
//! Which encoding a text is in: the cell's font says so when known ([`font_hint`]); otherwise
//! every candidate decoding is scored by how many of its words are Vietnamese syllables
//! ([`quality`]), which is what tells "Sè" (a valid-looking Unicode word) from TCVN3 "Số"
//! only together with the rest of the sheet — see [`convert`]'s `bias`.

use crate::syllable::{Letter, Syllable, Tone};
use serde::{Deserialize, Serialize};

/// A legacy Vietnamese encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LegacyEncoding {
    Tcvn3,
    Vni,
}

impl LegacyEncoding {
    /// The name clerks know it by.
    pub fn label(self) -> &'static str {
        match self {
            LegacyEncoding::Tcvn3 => "TCVN3 (ABC)",
            LegacyEncoding::Vni => "VNI",
        }
    }

    /// Decodes `text` (characters up to U+00FF standing for bytes) to Unicode NFC.
    pub fn decode(self, text: &str) -> String {
        match self {
            LegacyEncoding::Tcvn3 => decode_tcvn3(text),
            LegacyEncoding::Vni => decode_vni(text),
        }
    }
}

/// What a font name tells about the text written in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FontHint {
    pub encoding: LegacyEncoding,
    /// A ".VnTimeH"-style font: lower-case codes are drawn as capitals.
    pub capitals: bool,
}

/// The encoding implied by a font name: ".VnTime", ".VnArial", ".VnTimeH" … are TCVN3 (the
/// trailing "H" marks the capitals fonts); "VNI-Times", "VNI-Helve" … are VNI.
pub fn font_hint(font_name: &str) -> Option<FontHint> {
    let name = font_name.trim();
    let lower = name.to_ascii_lowercase();
    if lower.starts_with(".vn") {
        return Some(FontHint {
            encoding: LegacyEncoding::Tcvn3,
            capitals: name.ends_with('H'),
        });
    }
    (lower.starts_with("vni-") || lower.starts_with("vni ")).then_some(FontHint {
        encoding: LegacyEncoding::Vni,
        capitals: false,
    })
}

/// TCVN3 byte → Unicode, for 0xA1..=0xFE (`None`: not used by the ABC fonts).
#[rustfmt::skip]
const TCVN3_HIGH: [Option<char>; 94] = {
    let mut t = [None; 94];
    let pairs: [(u8, char); 74] = [
        (0xA1, 'Ă'), (0xA2, 'Â'), (0xA3, 'Ê'), (0xA4, 'Ô'), (0xA5, 'Ơ'), (0xA6, 'Ư'), (0xA7, 'Đ'),
        (0xA8, 'ă'), (0xA9, 'â'), (0xAA, 'ê'), (0xAB, 'ô'), (0xAC, 'ơ'), (0xAD, 'ư'), (0xAE, 'đ'),
        (0xB5, 'à'), (0xB6, 'ả'), (0xB7, 'ã'), (0xB8, 'á'), (0xB9, 'ạ'),
        (0xBB, 'ằ'), (0xBC, 'ẳ'), (0xBD, 'ẵ'), (0xBE, 'ắ'), (0xC6, 'ặ'),
        (0xC7, 'ầ'), (0xC8, 'ẩ'), (0xC9, 'ẫ'), (0xCA, 'ấ'), (0xCB, 'ậ'),
        (0xCC, 'è'), (0xCE, 'ẻ'), (0xCF, 'ẽ'), (0xD0, 'é'), (0xD1, 'ẹ'),
        (0xD2, 'ề'), (0xD3, 'ể'), (0xD4, 'ễ'), (0xD5, 'ế'), (0xD6, 'ệ'),
        (0xD7, 'ì'), (0xD8, 'ỉ'), (0xDC, 'ĩ'), (0xDD, 'í'), (0xDE, 'ị'),
        (0xDF, 'ò'), (0xE1, 'ỏ'), (0xE2, 'õ'), (0xE3, 'ó'), (0xE4, 'ọ'),
        (0xE5, 'ồ'), (0xE6, 'ổ'), (0xE7, 'ỗ'), (0xE8, 'ố'), (0xE9, 'ộ'),
        (0xEA, 'ờ'), (0xEB, 'ở'), (0xEC, 'ỡ'), (0xED, 'ớ'), (0xEE, 'ợ'),
        (0xEF, 'ù'), (0xF1, 'ủ'), (0xF2, 'ũ'), (0xF3, 'ú'), (0xF4, 'ụ'),
        (0xF5, 'ừ'), (0xF6, 'ử'), (0xF7, 'ữ'), (0xF8, 'ứ'), (0xF9, 'ự'),
        (0xFA, 'ỳ'), (0xFB, 'ỷ'), (0xFC, 'ỹ'), (0xFD, 'ý'), (0xFE, 'ỵ'),
    ];
    let mut i = 0;
    while i < pairs.len() {
        t[(pairs[i].0 - 0xA1) as usize] = Some(pairs[i].1);
        i += 1;
    }
    t
};

fn tcvn3_char(c: char) -> Option<char> {
    let b = c as u32;
    if (0xA1..=0xFE).contains(&b) {
        TCVN3_HIGH[(b - 0xA1) as usize]
    } else {
        None
    }
}

/// TCVN3 → Unicode; characters outside the table pass through.
pub fn decode_tcvn3(text: &str) -> String {
    text.chars().map(|c| tcvn3_char(c).unwrap_or(c)).collect()
}

/// A VNI mark character: (vowel quality: '^' circumflex or '(' breve, tone).
fn vni_mark(c: char) -> Option<(Option<char>, Option<Tone>)> {
    use Tone::*;
    Some(match c.to_lowercase().next()? {
        'ù' => (None, Some(Acute)),
        'ø' => (None, Some(Grave)),
        'û' => (None, Some(Hook)),
        'õ' => (None, Some(Tilde)),
        'ï' => (None, Some(Dot)),
        'â' => (Some('^'), None),
        'á' => (Some('^'), Some(Acute)),
        'à' => (Some('^'), Some(Grave)),
        'å' => (Some('^'), Some(Hook)),
        'ã' => (Some('^'), Some(Tilde)),
        'ä' => (Some('^'), Some(Dot)),
        'ê' => (Some('('), None),
        'é' => (Some('('), Some(Acute)),
        'è' => (Some('('), Some(Grave)),
        'ú' => (Some('('), Some(Hook)),
        'ü' => (Some('('), Some(Tilde)),
        'ë' => (Some('('), Some(Dot)),
        _ => return None,
    })
}

/// VNI single characters that are letters by themselves.
fn vni_single(c: char) -> Option<Letter> {
    let upper = c.is_uppercase();
    let (base, tone) = match c.to_lowercase().next()? {
        'í' => ('i', Some(Tone::Acute)),
        'ì' => ('i', Some(Tone::Grave)),
        'æ' => ('i', Some(Tone::Hook)),
        'ó' => ('i', Some(Tone::Tilde)),
        'ò' => ('i', Some(Tone::Dot)),
        'î' => ('y', Some(Tone::Dot)),
        'ñ' => ('đ', None),
        'ô' => ('ơ', None),
        'ö' => ('ư', None),
        _ => return None,
    };
    Some(Letter { base, tone, upper })
}

/// VNI → Unicode NFC; characters that are not VNI sequences pass through.
pub fn decode_vni(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let base = match c.to_ascii_lowercase() {
            'a' | 'e' | 'o' | 'u' | 'y' => Some(Letter {
                base: c.to_ascii_lowercase(),
                tone: None,
                upper: c.is_ascii_uppercase(),
            }),
            _ => vni_single(c).filter(|l| matches!(l.base, 'ơ' | 'ư')),
        };
        if let Some(mut letter) = base
            && let Some((quality, tone)) = chars.get(i + 1).and_then(|m| vni_mark(*m))
        {
            let qualified = match (letter.base, quality) {
                (b, None) => Some(b),
                ('a', Some('^')) => Some('â'),
                ('e', Some('^')) => Some('ê'),
                ('o', Some('^')) => Some('ô'),
                ('a', Some('(')) => Some('ă'),
                _ => None,
            };
            if let Some(b) = qualified {
                letter.base = b;
                letter.tone = tone;
                out.push_str(&letter.to_text());
                i += 2;
                continue;
            }
        }
        match vni_single(c) {
            Some(l) => out.push_str(&l.to_text()),
            None => out.push(c),
        }
        i += 1;
    }
    out
}

/// Whether `text` could be legacy-encoded at all: it has characters in U+0080–U+00FF and no
/// letter that only Unicode Vietnamese has (ă ơ ư đ ĩ ũ, U+1EA0–U+1EF9). Cheap; lets an import
/// skip the scoring for the Unicode and plain-ASCII cells that are almost all of a file.
pub fn may_be_legacy(text: &str) -> bool {
    let mut high = false;
    for c in text.chars() {
        match c as u32 {
            0x80..=0xFF => high = true,
            0x100..=0x1B0 | 0x1EA0..=0x1EF9 => return false,
            _ => {}
        }
    }
    high
}

/// How Vietnamese a text looks: +2 per word with non-ASCII letters that is a syllable, −3 per
/// such word that is not, −3 per stray non-ASCII symbol (TCVN3 "®", "§", "¸" decoded wrongly).
pub fn quality(text: &str) -> i64 {
    fn flush(word: &mut String, score: &mut i64) {
        if !word.is_ascii() {
            *score += if Syllable::parse(word).is_some() {
                2
            } else {
                -3
            };
        }
        word.clear();
    }
    let mut score = 0;
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut score);
            if !c.is_ascii()
                && !c.is_whitespace()
                && !matches!(c, '–' | '—' | '“' | '”' | '‘' | '’' | '…')
            {
                score -= 3;
            }
        }
    }
    flush(&mut word, &mut score);
    score
}

/// Scores of the three readings of `text`: as Unicode, as TCVN3, as VNI.
pub fn scores(text: &str) -> [i64; 3] {
    [
        quality(text),
        quality(&decode_tcvn3(text)),
        quality(&decode_vni(text)),
    ]
}

/// The best reading of one text given its font (if known) and the reading that won across the
/// whole sheet or file (`bias`, used to break ties). Returns the Unicode text and the
/// encoding it was converted from (`None`: it was Unicode already).
pub fn convert(
    text: &str,
    font: Option<FontHint>,
    bias: Option<LegacyEncoding>,
) -> (String, Option<LegacyEncoding>) {
    let (encoding, capitals) = match font {
        Some(h) => (Some(h.encoding), Some(h.capitals)),
        None if may_be_legacy(text) => (choose(scores(text), bias), None),
        None => (None, None),
    };
    let Some(encoding) = encoding else {
        return (text.to_string(), None);
    };
    let decoded = encoding.decode(text);
    // Without the font, all-caps intent shows in the typed ASCII letters: ".VnTimeH" text is
    // typed "CéNG HOµ" (capitals where the keyboard could, lower-case codes for the rest).
    let capitals = capitals.unwrap_or_else(|| {
        encoding == LegacyEncoding::Tcvn3 && {
            let ascii: Vec<char> = text.chars().filter(char::is_ascii_alphabetic).collect();
            ascii.len() >= 2 && ascii.iter().all(char::is_ascii_uppercase)
        }
    });
    let decoded = if capitals {
        decoded.to_uppercase()
    } else {
        decoded
    };
    (decoded, Some(encoding))
}

/// Picks the reading with the best score; ties go to `bias`, then to Unicode.
pub fn choose(scores: [i64; 3], bias: Option<LegacyEncoding>) -> Option<LegacyEncoding> {
    let best = *scores.iter().max().expect("three scores");
    let candidates = [None, Some(LegacyEncoding::Tcvn3), Some(LegacyEncoding::Vni)];
    if let Some(b) = bias {
        let i = if b == LegacyEncoding::Tcvn3 { 1 } else { 2 };
        if scores[i] == best {
            return Some(b);
        }
    }
    if scores[0] == best {
        return None;
    }
    candidates
        .into_iter()
        .zip(scores)
        .find(|(_, s)| *s == best)
        .and_then(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_known_samples() {
        assert_eq!(decode_tcvn3("Sè ®Õn"), "Số đến");
        assert_eq!(decode_tcvn3("ñy ban nh©n d©n"), "ủy ban nhân dân");
        assert_eq!(decode_vni("Soá ñeán"), "Số đến");
        assert_eq!(decode_vni("Coäng hoøa Vieät Nam"), "Cộng hòa Việt Nam");
        assert_eq!(decode_vni("Thöôøng tröïc Tænh uûy"), "Thường trực Tỉnh ủy");
        assert_eq!(decode_vni("ÑAÛNG"), "ĐẢNG");
    }

    #[test]
    fn fonts_and_capitals() {
        let h = font_hint(".VnTimeH").unwrap();
        assert!(h.capitals && h.encoding == LegacyEncoding::Tcvn3);
        assert!(!font_hint(".VnTime").unwrap().capitals);
        assert_eq!(
            font_hint("VNI-Times").unwrap().encoding,
            LegacyEncoding::Vni
        );
        assert_eq!(font_hint("Times New Roman"), None);
        assert_eq!(convert("ñy ban", Some(h), None).0, "ỦY BAN");
        // No font known: the typed capitals give it away.
        assert_eq!(convert("CéNG HOµ", None, None).0, "CỘNG HOÀ");
    }

    #[test]
    fn detection_leaves_unicode_alone() {
        for s in ["Số đến", "Kế hoạch chuyển đổi số", "café", "UBND", "Hà Nội"]
        {
            assert_eq!(convert(s, None, None), (s.to_string(), None), "{s}");
        }
        assert_eq!(convert("Sè ®Õn", None, None).1, Some(LegacyEncoding::Tcvn3));
        assert_eq!(convert("Soá ñeán", None, None).1, Some(LegacyEncoding::Vni));
    }
}
