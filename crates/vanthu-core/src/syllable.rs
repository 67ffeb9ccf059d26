//! The structure of one Vietnamese written syllable: initial consonant, vowel nucleus, final
//! consonant and the one tone mark.
//!
//! Three features need it: placing the tone mark canonically ("hoà" and "hòa" are one word),
//! recognising legacy-encoded text (a TCVN3 or VNI string decoded the wrong way yields
//! non-syllables) and collation (tones sort after letters). No crate models Vietnamese
//! orthography, so this is written by hand from the standard spelling rules (initials per
//! Quy định 240/QĐ-1984 chính tả; nucleus list from the Vietnamese vowel inventory).

use unicode_normalization::UnicodeNormalization;

/// The five tone marks, in the order Vietnamese dictionaries (and CLDR's `vi` collation) sort
/// them after the unmarked level tone: huyền, hỏi, ngã, sắc, nặng.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tone {
    Grave,
    Hook,
    Tilde,
    Acute,
    Dot,
}

impl Tone {
    /// The combining mark (NFD) of the tone.
    pub fn mark(self) -> char {
        match self {
            Tone::Grave => '\u{300}',
            Tone::Hook => '\u{309}',
            Tone::Tilde => '\u{303}',
            Tone::Acute => '\u{301}',
            Tone::Dot => '\u{323}',
        }
    }

    /// The tone a combining mark stands for, if it is one.
    pub fn from_mark(c: char) -> Option<Tone> {
        Some(match c {
            '\u{300}' => Tone::Grave,
            '\u{309}' => Tone::Hook,
            '\u{303}' => Tone::Tilde,
            '\u{301}' => Tone::Acute,
            '\u{323}' => Tone::Dot,
            _ => return None,
        })
    }

    /// 1–5, for sort keys (0 is the unmarked tone).
    pub fn rank(self) -> u8 {
        self as u8 + 1
    }
}

/// One written letter split into its base (lower case, with its vowel-quality mark: ă â ê ô ơ
/// ư, and đ), its tone and its case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Letter {
    pub base: char,
    pub tone: Option<Tone>,
    pub upper: bool,
}

impl Letter {
    /// Whether the base is one of the twelve Vietnamese vowels.
    pub fn is_vowel(&self) -> bool {
        is_vowel(self.base)
    }

    /// Whether the vowel carries a quality mark (ă â ê ô ơ ư): the tone goes there first.
    fn has_quality(&self) -> bool {
        matches!(self.base, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư')
    }

    /// The letter as NFC text.
    pub fn to_text(self) -> String {
        let mut s = String::new();
        if self.upper {
            s.extend(self.base.to_uppercase());
        } else {
            s.push(self.base);
        }
        if let Some(t) = self.tone {
            s.push(t.mark());
        }
        s.nfc().collect()
    }
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

/// Splits a word into letters. `None` when it holds something that is not a Latin letter
/// with Vietnamese marks (a digit, a foreign accent, two tones on one letter).
pub fn letters(word: &str) -> Option<Vec<Letter>> {
    let mut out: Vec<Letter> = Vec::with_capacity(word.len());
    for c in word.nfd() {
        if let Some(t) = Tone::from_mark(c) {
            let last = out.last_mut()?;
            if last.tone.is_some() {
                return None;
            }
            last.tone = Some(t);
            continue;
        }
        if matches!(c, '\u{302}' | '\u{306}' | '\u{31b}') {
            let last = out.last_mut()?;
            last.base = match (last.base, c) {
                ('a', '\u{302}') => 'â',
                ('a', '\u{306}') => 'ă',
                ('e', '\u{302}') => 'ê',
                ('o', '\u{302}') => 'ô',
                ('o', '\u{31b}') => 'ơ',
                ('u', '\u{31b}') => 'ư',
                _ => return None,
            };
            continue;
        }
        let upper = c.is_uppercase();
        let base = match c {
            'Đ' | 'Ð' | 'đ' => 'đ',
            c if c.is_ascii_alphabetic() => c.to_ascii_lowercase(),
            _ => return None,
        };
        out.push(Letter {
            base,
            tone: None,
            upper,
        });
    }
    Some(out)
}

const INITIALS: &[&str] = &[
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];
const FINALS: &[&str] = &["ch", "ng", "nh", "c", "m", "n", "p", "t"];
/// Vowel nuclei without tones (single vowels are always valid).
const NUCLEI: &[&str] = &[
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi",
    "ơi", "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê", "iêu",
    "yêu", "oai", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyê", "uyu",
];

/// A word parsed as one syllable: index ranges into its letters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Syllable {
    pub letters: Vec<Letter>,
    /// Letters `0..nucleus_start` are the initial consonant (with the u of "qu", the i of "gi").
    pub nucleus_start: usize,
    /// Letters `nucleus_end..` are the final consonant.
    pub nucleus_end: usize,
}

impl Syllable {
    /// Parses a word as a Vietnamese syllable; `None` when it cannot be one (an acronym, a
    /// foreign word, a legacy-encoded fragment).
    pub fn parse(word: &str) -> Option<Syllable> {
        let letters = letters(word)?;
        let bases: String = letters.iter().map(|l| l.base).collect();
        let n = letters.len();
        let mut start = 0;
        for init in INITIALS {
            if bases.starts_with(init) {
                let len = init.chars().count();
                // "gi"/"qu" own their vowel only when another vowel follows ("gì" is g + ì).
                let ok =
                    !matches!(*init, "gi" | "qu") || letters.get(len).is_some_and(Letter::is_vowel);
                if ok {
                    start = len;
                    break;
                }
            }
        }
        let mut end = start;
        while end < n && letters[end].is_vowel() {
            end += 1;
        }
        if end == start {
            // "gi" alone ("gì" handled above) — any other vowel-less word is not a syllable.
            return None;
        }
        let nucleus: String = bases.chars().skip(start).take(end - start).collect();
        let fin: String = bases.chars().skip(end).collect();
        if !(fin.is_empty() || FINALS.contains(&fin.as_str())) {
            return None;
        }
        if end - start > 1 && !NUCLEI.contains(&nucleus.as_str()) {
            return None;
        }
        if letters.iter().filter(|l| l.tone.is_some()).count() > 1
            || letters[..start]
                .iter()
                .chain(&letters[end..])
                .any(|l| l.tone.is_some() && !l.is_vowel())
        {
            return None;
        }
        Some(Syllable {
            letters,
            nucleus_start: start,
            nucleus_end: end,
        })
    }

    /// The syllable's tone, if marked.
    pub fn tone(&self) -> Option<Tone> {
        self.letters.iter().find_map(|l| l.tone)
    }

    /// Where the tone belongs in VanThu's canonical spelling: the vowel with a quality mark
    /// (the last one, for ươ); otherwise the only vowel; with a final consonant the last vowel
    /// ("hoàn", "toán"); in a three-vowel nucleus the middle one ("ngoài"); in an open
    /// two-vowel nucleus the first one — "hòa", "khỏe", "thủy", as NĐ 30 itself writes
    /// "CỘNG HÒA", "Hỏa tốc", "Bản thỏa thuận".
    pub fn canonical_tone_index(&self) -> usize {
        let (s, e) = (self.nucleus_start, self.nucleus_end);
        let nucleus = &self.letters[s..e];
        if let Some(i) = nucleus.iter().rposition(Letter::has_quality) {
            return s + i;
        }
        match nucleus.len() {
            1 => s,
            _ if e < self.letters.len() => e - 1,
            3 => s + 1,
            _ => s,
        }
    }

    /// The syllable rewritten with its tone on the canonical vowel.
    pub fn canonical(&self) -> String {
        let mut letters = self.letters.clone();
        if let Some(t) = self.tone() {
            letters.iter_mut().for_each(|l| l.tone = None);
            letters[self.canonical_tone_index()].tone = Some(t);
        }
        letters.into_iter().map(Letter::to_text).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_initials_nuclei_and_finals() {
        let s = Syllable::parse("Nguyễn").unwrap();
        assert_eq!((s.nucleus_start, s.nucleus_end), (2, 5));
        assert_eq!(s.tone(), Some(Tone::Tilde));
        assert!(Syllable::parse("gì").is_some());
        assert!(Syllable::parse("quyết").is_some());
        assert!(Syllable::parse("UBND").is_none());
        assert!(Syllable::parse("35").is_none());
        assert!(Syllable::parse("café").is_none());
    }

    #[test]
    fn canonical_tone_places() {
        for (input, want) in [
            ("hoà", "hòa"),
            ("HOÀ", "HÒA"),
            ("thuý", "thúy"),
            ("khoẻ", "khỏe"),
            ("Thuỷ", "Thủy"),
            ("hoàn", "hoàn"),
            ("quý", "quý"),
            ("giữa", "giữa"),
            ("ngoài", "ngoài"),
            ("thuở", "thuở"),
            ("tiếng", "tiếng"),
            ("khuyến", "khuyến"),
            ("mùa", "mùa"),
        ] {
            assert_eq!(Syllable::parse(input).unwrap().canonical(), want, "{input}");
        }
    }
}
