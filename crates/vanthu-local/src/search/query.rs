//! Turning what a clerk types into FTS5 query strings.
//!
//! Every word becomes a quoted phrase (so FTS5 operators and punctuation in the input are never
//! syntax), the words are ANDed, and the last word is a prefix while the clerk is still typing
//! it. A word with punctuation inside ("35/KH-UBND") is the phrase of its parts, in order.

use vanthu_core::text::{canonical_spelling, fold};

/// The two forms of one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FtsQuery {
    /// The words as typed (canonical spelling, lower case); `None` when the query has no
    /// diacritics, since then "exact" and "folded" are the same search.
    pub exact: Option<String>,
    /// The words folded: matches with or without diacritics.
    pub folded: String,
}

impl FtsQuery {
    /// Builds both forms; `None` when the input has no word at all.
    pub fn parse(input: &str) -> Option<FtsQuery> {
        let typing = !input.ends_with(char::is_whitespace);
        let text = canonical_spelling(input).to_lowercase();
        let words: Vec<Vec<&str>> = text
            .split_whitespace()
            .map(|w| {
                w.split(|c: char| !c.is_alphanumeric())
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
            })
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            return None;
        }
        let render = |fold_it: bool| -> String {
            words
                .iter()
                .enumerate()
                .map(|(i, tokens)| {
                    let body: Vec<String> = tokens
                        .iter()
                        .map(|t| if fold_it { fold(t) } else { t.to_string() })
                        .collect();
                    let star = if typing && i + 1 == words.len() {
                        "*"
                    } else {
                        ""
                    };
                    format!("\"{}\"{star}", body.join(" "))
                })
                .collect::<Vec<_>>()
                .join(" AND ")
        };
        let exact = render(false);
        let folded = render(true);
        Some(FtsQuery {
            exact: (exact != folded).then_some(exact),
            folded,
        })
    }

    /// The folded-only tier: matches without diacritics that are not exact matches.
    pub fn folded_only(&self) -> String {
        match &self.exact {
            Some(e) => format!("({}) NOT ({e})", self.folded),
            None => self.folded.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_exact_and_folded_phrases() {
        let q = FtsQuery::parse("Chuyển đổi số").unwrap();
        assert_eq!(
            q.exact.as_deref(),
            Some("\"chuyển\" AND \"đổi\" AND \"số\"*")
        );
        assert_eq!(q.folded, "\"chuyen\" AND \"doi\" AND \"so\"*");
        let q = FtsQuery::parse("35/KH-UBND ").unwrap();
        assert_eq!(q.exact, None);
        assert_eq!(q.folded, "\"35 kh ubnd\"");
        // Old-style tone placement is searched in the canonical spelling.
        assert_eq!(
            FtsQuery::parse("hoà").unwrap().exact.as_deref(),
            Some("\"hòa\"*")
        );
        assert_eq!(FtsQuery::parse(" - \" * ( "), None);
        assert_eq!(
            FtsQuery::parse("NOT AND").unwrap().folded,
            "\"not\" AND \"and\"*"
        );
    }
}
