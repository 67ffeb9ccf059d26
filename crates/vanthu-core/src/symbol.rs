//! Number and symbol (số, ký hiệu) of a document: lenient parsing of what arrives, exact
//! composition of what the unit issues.
//!
//! Two styles meet in a commune's register (van-thu-rules §3):
//! - state style (NĐ 30): `35/KH-UBND`, `33/2025/QĐ-TTg`, công văn `05/UBND-VP`;
//! - Party style (Hướng dẫn 36-HD/VPTW): `41-KH/TU`, `27-KH/ĐU`, công văn `15-CV/ĐU`.

use crate::CoreError;
use crate::doc_type::DocumentType;
use crate::text::{fold, normalize_line};
use serde::{Deserialize, Serialize};

/// How a unit writes its symbols.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberingStyle {
    /// `05/BC-UBND` (Nghị định 30/2020).
    #[default]
    State,
    /// `05-BC/ĐU` (Hướng dẫn 36-HD/VPTW).
    Party,
}

impl NumberingStyle {
    /// Parses `state`/`nha-nuoc`/`nhà nước` or `party`/`dang`/`Đảng`.
    pub fn parse(input: &str) -> Result<NumberingStyle, CoreError> {
        match fold(input).replace(['-', '_'], " ").as_str() {
            "state" | "nha nuoc" | "chinh quyen" => Ok(NumberingStyle::State),
            "party" | "dang" => Ok(NumberingStyle::Party),
            _ => Err(CoreError::InvalidField {
                field: "kiểu ghi số, ký hiệu",
                reason: format!(
                    "\"{}\" không hợp lệ (dùng \"state\" cho kiểu Nhà nước 05/BC-UBND hoặc \"party\" cho kiểu Đảng 05-BC/ĐU)",
                    input.trim()
                ),
            }),
        }
    }

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            NumberingStyle::State => "Nhà nước (05/BC-UBND)",
            NumberingStyle::Party => "Đảng (05-BC/ĐU)",
        }
    }
}

/// What could be read from a number/symbol. The original text is always kept; every parsed
/// part is optional because real registers hold every kind of variation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedSymbol {
    pub original: String,
    pub style: Option<NumberingStyle>,
    pub number: Option<u32>,
    pub year: Option<i32>,
    /// Type abbreviation as written (e.g. `KH`); `None` for công văn in state style.
    pub type_abbr: Option<String>,
    /// The type that abbreviation stands for, when it is one of NĐ 30's.
    pub doc_type: Option<DocumentType>,
    /// The issuer part, e.g. `UBND`, `TU`, `MTTQ-BTT`, `BCĐTW`.
    pub issuer_abbr: Option<String>,
}

/// Parses a number/symbol leniently. Never fails on odd text: what cannot be read is `None`.
/// Only an empty or control-character-bearing input is an error.
pub fn parse_symbol(input: &str) -> Result<ParsedSymbol, CoreError> {
    let original = normalize_line("số, ký hiệu", input)?;
    if original.is_empty() {
        return Err(CoreError::MissingField {
            field: "số, ký hiệu",
        });
    }
    let body = strip_so_prefix(&original).replace(' ', "");
    let mut parsed = ParsedSymbol {
        original: original.clone(),
        style: None,
        number: None,
        year: None,
        type_abbr: None,
        doc_type: None,
        issuer_abbr: None,
    };
    let parts: Vec<&str> = body.split('/').filter(|p| !p.is_empty()).collect();
    if parts.len() < 2 {
        parsed.number = leading_number(&body);
        return Ok(parsed);
    }
    let first = parts[0];
    if let Some((num, ty)) = first.split_once('-') {
        // Party style: N-TYPE/ISSUER (the issuer may itself carry a year in rare forms).
        parsed.style = Some(NumberingStyle::Party);
        parsed.number = leading_number(num);
        set_type(&mut parsed, ty);
        let rest: Vec<&str> = parts[1..].iter().copied().filter(|p| !is_year(p)).collect();
        parsed.year = parts[1..]
            .iter()
            .find(|p| is_year(p))
            .and_then(|p| p.parse().ok());
        parsed.issuer_abbr = (!rest.is_empty()).then(|| rest.join("/"));
    } else {
        // State style: N/TYPE-ISSUER, N/YEAR/TYPE-ISSUER, or công văn N/ISSUER-UNIT.
        parsed.style = Some(NumberingStyle::State);
        parsed.number = leading_number(first);
        let mut tail = &parts[1..];
        if tail.len() >= 2 && is_year(tail[0]) {
            parsed.year = tail[0].parse().ok();
            tail = &tail[1..];
        }
        let last = tail.join("/");
        match last.split_once('-') {
            Some((head, rest)) if abbreviation_type(head).is_some() => {
                set_type(&mut parsed, head);
                parsed.issuer_abbr = Some(rest.to_string());
            }
            _ if abbreviation_type(&last).is_some() => set_type(&mut parsed, &last),
            _ => {
                parsed.doc_type = Some(DocumentType::CongVan);
                parsed.issuer_abbr = Some(last);
            }
        }
    }
    Ok(parsed)
}

fn strip_so_prefix(s: &str) -> &str {
    let lower = fold(s);
    for prefix in ["so:", "so "] {
        if lower.starts_with(prefix) {
            // "Số" is three chars in NFC; skip by char count to stay on a boundary.
            let skip: usize = s.chars().take(prefix.len()).map(char::len_utf8).sum();
            return s[skip..].trim_start_matches([':', ' ']);
        }
    }
    s
}

fn leading_number(s: &str) -> Option<u32> {
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

fn is_year(s: &str) -> bool {
    s.len() == 4
        && s.chars().all(|c| c.is_ascii_digit())
        && (s.starts_with("19") || s.starts_with("20"))
}

/// Abbreviation lookup that forgives a missing stroke ("QD" for "QĐ") but keeps QyĐ ≠ QĐ.
fn abbreviation_type(abbr: &str) -> Option<DocumentType> {
    DocumentType::from_abbreviation(abbr).or_else(|| {
        let key = fold(abbr);
        DocumentType::all().find(|t| t.party_abbreviation().is_some_and(|a| fold(a) == key))
    })
}

fn set_type(parsed: &mut ParsedSymbol, abbr: &str) {
    parsed.type_abbr = Some(abbr.to_string());
    parsed.doc_type = abbreviation_type(abbr);
}

/// What is needed to compose an outgoing symbol.
#[derive(Debug, Clone)]
pub struct SymbolSpec<'a> {
    pub style: NumberingStyle,
    pub number: u32,
    pub doc_type: DocumentType,
    /// The issuing unit's abbreviation, e.g. `UBND`, `ĐU`.
    pub unit_abbr: &'a str,
    /// For legal normative documents (QPPL), whose symbol carries the year: `01/2026/QĐ-UBND`.
    pub normative_year: Option<i32>,
    /// Optional drafting unit appended in state style: `05/UBND-VP`.
    pub drafting_unit: Option<&'a str>,
}

/// Composes an outgoing number/symbol. Numbers below 10 get a leading zero (NĐ 30).
pub fn compose_symbol(spec: &SymbolSpec<'_>) -> String {
    let n = format!("{:02}", spec.number);
    let draft = spec
        .drafting_unit
        .map(|d| format!("-{d}"))
        .unwrap_or_default();
    match spec.style {
        NumberingStyle::State => {
            let year = spec
                .normative_year
                .map(|y| format!("{y}/"))
                .unwrap_or_default();
            match spec.doc_type.abbreviation() {
                Some(t) => format!("{n}/{year}{t}-{}{draft}", spec.unit_abbr),
                None => format!("{n}/{year}{}{draft}", spec.unit_abbr),
            }
        }
        NumberingStyle::Party => {
            let t = spec.doc_type.party_abbreviation().unwrap_or("CV");
            format!("{n}-{t}/{}", spec.unit_abbr)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> ParsedSymbol {
        parse_symbol(s).unwrap()
    }

    #[test]
    fn state_and_party_styles() {
        let s = p("35/KH-UBND");
        assert_eq!(
            (s.number, s.type_abbr.as_deref(), s.issuer_abbr.as_deref()),
            (Some(35), Some("KH"), Some("UBND"))
        );
        assert_eq!(s.style, Some(NumberingStyle::State));
        let q = p("Số 41-KH/TU");
        assert_eq!(
            (q.number, q.type_abbr.as_deref(), q.issuer_abbr.as_deref()),
            (Some(41), Some("KH"), Some("TU"))
        );
        assert_eq!(q.style, Some(NumberingStyle::Party));
        let y = p("Số: 33/2025/QĐ-TTg");
        assert_eq!(
            (y.number, y.year, y.doc_type),
            (Some(33), Some(2025), Some(DocumentType::QuyetDinh))
        );
        let cv = p("05/UBND-VP");
        assert_eq!(
            (cv.doc_type, cv.issuer_abbr.as_deref()),
            (Some(DocumentType::CongVan), Some("UBND-VP"))
        );
    }

    #[test]
    fn odd_text_is_kept_not_refused() {
        let s = p("không số");
        assert_eq!(s.original, "không số");
        assert_eq!(s.number, None);
        assert!(parse_symbol("  ").is_err());
    }

    #[test]
    fn composes_both_styles() {
        let spec = SymbolSpec {
            style: NumberingStyle::State,
            number: 1,
            doc_type: DocumentType::BaoCao,
            unit_abbr: "UBND",
            normative_year: None,
            drafting_unit: None,
        };
        assert_eq!(compose_symbol(&spec), "01/BC-UBND");
        assert_eq!(
            compose_symbol(&SymbolSpec {
                style: NumberingStyle::Party,
                unit_abbr: "ĐU",
                ..spec.clone()
            }),
            "01-BC/ĐU"
        );
        assert_eq!(
            compose_symbol(&SymbolSpec {
                doc_type: DocumentType::CongVan,
                number: 5,
                drafting_unit: Some("VP"),
                ..spec.clone()
            }),
            "05/UBND-VP"
        );
        assert_eq!(
            compose_symbol(&SymbolSpec {
                doc_type: DocumentType::QuyetDinh,
                number: 12,
                normative_year: Some(2026),
                ..spec.clone()
            }),
            "12/2026/QĐ-UBND"
        );
        assert_eq!(
            compose_symbol(&SymbolSpec {
                style: NumberingStyle::Party,
                doc_type: DocumentType::CongVan,
                unit_abbr: "ĐU",
                number: 123,
                ..spec
            }),
            "123-CV/ĐU"
        );
    }
}
