//! Test-side encoders and fixture writers for the import tests.
//!
//! The encoders are deliberately independent of the decoder in `vanthu_core::legacy_encoding`:
//! TCVN3 is a flat list of (Unicode, byte) taken from glibc's TCVN5712-1 charmap (VN3 part),
//! VNI is generated from the rule "base letter + mark character" of the VNI Windows table.
#![allow(dead_code)]

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

const TCVN3_UNI: &str =
    "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵĂÂĐÊÔƠƯ";
const TCVN3_BYTES: [u8; 74] = [
    0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6, 0xA9, 0xC7, 0xC8, 0xC9, 0xCA,
    0xCB, 0xAE, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1, 0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xDC,
    0xDD, 0xDE, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4, 0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xAC, 0xEA, 0xEB,
    0xEC, 0xED, 0xEE, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4, 0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFB,
    0xFC, 0xFD, 0xFE, 0xA1, 0xA2, 0xA7, 0xA3, 0xA4, 0xA5, 0xA6,
];

/// Unicode → TCVN3 bytes, as Excel shows them (one char per byte, U+0000–U+00FF). Capital
/// letters with tones do not exist in TCVN3: encode such text lower-case in a ".VnTimeH" font.
pub fn to_tcvn3(text: &str) -> String {
    let table: Vec<char> = TCVN3_UNI.chars().collect();
    text.nfc()
        .map(|c| match table.iter().position(|t| *t == c) {
            Some(i) => char::from(TCVN3_BYTES[i]),
            None if c.is_ascii() => c,
            None => panic!("{c} has no TCVN3 code"),
        })
        .collect()
}

/// Unicode → VNI Windows.
pub fn to_vni(text: &str) -> String {
    // Tone suffixes in the order: none, sắc, huyền, hỏi, ngã, nặng.
    let tones = ['\u{301}', '\u{300}', '\u{309}', '\u{303}', '\u{323}'];
    let mut table: Vec<(String, String)> = Vec::new();
    let rows: [(&str, [&str; 6]); 12] = [
        ("a", ["a", "aù", "aø", "aû", "aõ", "aï"]),
        ("ă", ["aê", "aé", "aè", "aú", "aü", "aë"]),
        ("â", ["aâ", "aá", "aà", "aå", "aã", "aä"]),
        ("e", ["e", "eù", "eø", "eû", "eõ", "eï"]),
        ("ê", ["eâ", "eá", "eà", "eå", "eã", "eä"]),
        ("i", ["i", "í", "ì", "æ", "ó", "ò"]),
        ("o", ["o", "où", "oø", "oû", "oõ", "oï"]),
        ("ô", ["oâ", "oá", "oà", "oå", "oã", "oä"]),
        ("ơ", ["ô", "ôù", "ôø", "ôû", "ôõ", "ôï"]),
        ("u", ["u", "uù", "uø", "uû", "uõ", "uï"]),
        ("ư", ["ö", "öù", "öø", "öû", "öõ", "öï"]),
        ("y", ["y", "yù", "yø", "yû", "yõ", "î"]),
    ];
    for (base, codes) in rows {
        for (i, code) in codes.iter().enumerate() {
            let mut uni = base.to_string();
            if i > 0 {
                uni.push(tones[i - 1]);
            }
            let uni: String = uni.nfc().collect();
            table.push((uni.to_uppercase(), code.to_uppercase()));
            table.push((uni, code.to_string()));
        }
    }
    table.push(("đ".into(), "ñ".into()));
    table.push(("Đ".into(), "Ñ".into()));
    text.nfc()
        .map(|c| {
            let s = c.to_string();
            match table.iter().find(|(u, _)| *u == s) {
                Some((_, v)) => v.clone(),
                None if c.is_ascii() => s,
                None => panic!("{c} has no VNI code"),
            }
        })
        .collect()
}

/// Unicode → Windows-1258 bytes: 1258 has ă â ê ô ơ ư đ precomposed and the tones as
/// combining marks, so text is decomposed into that shape first.
pub fn to_cp1258(text: &str) -> Vec<u8> {
    let mut shaped = String::new();
    for c in text.nfc() {
        let d: Vec<char> = c.to_string().nfd().collect();
        let (tones, rest): (Vec<char>, Vec<char>) = d
            .into_iter()
            .partition(|m| matches!(m, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'));
        shaped.extend(rest.into_iter().collect::<String>().nfc());
        shaped.extend(tones);
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&shaped);
    assert!(!unmappable, "not encodable in Windows-1258: {text}");
    bytes.into_owned()
}

/// A cell of a fixture row.
pub enum C<'a> {
    S(&'a str),
    /// Text in a named font.
    F(&'a str, &'a str),
    N(f64),
    D(u16, u8, u8),
    Blank,
}

/// One fixture sheet: name, header row, data rows.
pub type Sheet<'a> = (&'a str, Vec<C<'a>>, Vec<Vec<C<'a>>>);

/// Writes sheets: a title line, `header` on line 3, then `rows`.
pub fn write_xlsx(path: &Path, sheets: &[Sheet<'_>]) {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (name, header, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(*name).unwrap();
        ws.write_string(0, 0, "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN").unwrap();
        for (r, row) in std::iter::once(header).chain(rows.iter()).enumerate() {
            let r = r as u32 + 2;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    C::S(s) => ws.write_string(r, c, *s).map(|_| ()),
                    C::F(font, s) => ws
                        .write_string_with_format(r, c, *s, &Format::new().set_font_name(*font))
                        .map(|_| ()),
                    C::N(n) => ws.write_number(r, c, *n).map(|_| ()),
                    C::D(y, m, d) => ws
                        .write_date_with_format(
                            r,
                            c,
                            ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                            &date,
                        )
                        .map(|_| ()),
                    C::Blank => Ok(()),
                }
                .unwrap();
            }
        }
    }
    book.save(path).unwrap();
}
