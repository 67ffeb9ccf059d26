//! The text `vanthu_search_text` indexes: canonical spelling, lower case — word by word, with
//! the words already seen remembered.
//!
//! Indexing a big import spent a third of its time in `canonical_spelling` (NFC composition
//! and tone placement over every character of every document), although a register uses a few
//! thousand distinct words. Both steps are local to a word — NFC never composes across a space,
//! tone placement and `Ð`→`Đ` work inside a word, and lower-casing needs no context across
//! whitespace — so converting each whitespace-separated word on its own gives the same text,
//! and a word seen before is a hash lookup.

use std::cell::RefCell;
use std::collections::HashMap;

/// Words remembered before the memo is emptied (bounds memory on a connection that indexes
/// millions of documents; a register's vocabulary is far smaller).
const MAX_WORDS: usize = 200_000;

/// A per-connection memo of word → canonical lower-case spelling.
#[derive(Default)]
pub(super) struct SearchSpelling {
    words: RefCell<HashMap<String, String>>,
}

impl SearchSpelling {
    /// `canonical_spelling(text).to_lowercase()`, whitespace kept as it is.
    pub(super) fn convert(&self, text: &str) -> String {
        if text.is_ascii() {
            return text.to_ascii_lowercase();
        }
        let mut words = self.words.borrow_mut();
        if words.len() > MAX_WORDS {
            words.clear();
        }
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        let mut rest = text;
        while !rest.is_empty() {
            let space = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let (word, tail) = rest.split_at(space);
            if !word.is_empty() {
                match words.get(word) {
                    Some(w) => out.push_str(w),
                    None => {
                        let w = vanthu_core::text::canonical_spelling(word).to_lowercase();
                        out.push_str(&w);
                        words.insert(word.to_string(), w);
                    }
                }
            }
            let gap = tail
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(tail.len());
            out.push_str(&tail[..gap]);
            rest = &tail[gap..];
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_converting_the_whole_text() {
        let memo = SearchSpelling::default();
        for text in [
            "Kế hoạch  chuyển đổi số\tnăm 2026",
            "Hoà bình, HOÀ BÌNH và hòa thuận; ÐỒNG Tháp",
            "Quyết định 123/QĐ-UBND\nvề khuyến khích",
            " thuỷ lợi ",
            "ASCII only TEXT",
            "ΣΟΦΟΣ Ὀδυσσεύς",
        ] {
            let whole = vanthu_core::text::canonical_spelling(text).to_lowercase();
            assert_eq!(memo.convert(text), whole, "{text:?}");
            // The second time from the memo.
            assert_eq!(memo.convert(text), whole, "{text:?}");
        }
    }
}
