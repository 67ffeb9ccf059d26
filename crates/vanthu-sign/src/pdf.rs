//! Finding signature dictionaries in a PDF and the bytes they sign.
//!
//! lopdf parses the file (cross-reference tables and streams, object streams, incremental
//! updates) and gives the dictionaries. What it cannot give is the byte-level view a signature
//! is about: the /ByteRange names offsets in the raw file, and the /Contents hex string must be
//! exactly the gap between the two ranges. Those checks are written here by hand, because no
//! PDF library exposes them and they are what stops signature-wrapping tricks.

use crate::SignError;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;

/// One signature dictionary as found in the file.
#[derive(Debug, Clone)]
pub(crate) struct RawSignature {
    pub field: String,
    pub byte_range: Vec<i64>,
    /// /Contents as lopdf parsed it.
    pub contents: Vec<u8>,
    pub sub_filter: Option<String>,
    pub reason: Option<String>,
    pub location: Option<String>,
    /// /M, the signing time written in the dictionary (PDF date string).
    pub m: Option<String>,
}

/// Refuses anything that is not a PDF before handing it to the parser.
pub(crate) fn load(pdf: &[u8]) -> Result<Document, SignError> {
    // The header may follow some junk within the first 1024 bytes (ISO 32000-1, annex H).
    let head = &pdf[..pdf.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(SignError::NotPdf);
    }
    // A PDF with a signature but an encryption dictionary still loads: signature /Contents
    // strings are never encrypted (ISO 32000-1, 7.6.1).
    Document::load_mem(pdf).map_err(|e| SignError::BadPdf(e.to_string()))
}

/// Every signature dictionary of the document, in file order (by where its signed range ends).
pub(crate) fn find_signatures(doc: &Document) -> Vec<RawSignature> {
    // Field name of each signature value: /FT /Sig fields point at their /V.
    let mut names: HashMap<ObjectId, String> = HashMap::new();
    let mut inline: Vec<(String, &Dictionary)> = Vec::new();
    for (id, obj) in &doc.objects {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"FT").and_then(Object::as_name).ok() != Some(b"Sig") {
            continue;
        }
        let name = field_name(doc, dict).unwrap_or_else(|| format!("Trường {}", id.0));
        match dict.get(b"V") {
            Ok(Object::Reference(v)) => {
                names.insert(*v, name);
            }
            Ok(Object::Dictionary(v)) => inline.push((name, v)),
            _ => {}
        }
    }
    let mut found: Vec<RawSignature> = Vec::new();
    for (id, obj) in &doc.objects {
        let Ok(dict) = obj.as_dict() else { continue };
        if !is_signature(dict) {
            continue;
        }
        let name = names
            .get(id)
            .cloned()
            .unwrap_or_else(|| format!("Chữ ký (đối tượng {})", id.0));
        found.push(raw(name, dict));
    }
    found.extend(
        inline
            .into_iter()
            .filter(|(_, d)| is_signature(d))
            .map(|(n, d)| raw(n, d)),
    );
    found.sort_by_key(|s| s.byte_range.get(2).copied().unwrap_or(i64::MAX));
    found
}

fn is_signature(dict: &Dictionary) -> bool {
    let typed = matches!(
        dict.get(b"Type").and_then(Object::as_name),
        Ok(b"Sig") | Ok(b"DocTimeStamp")
    );
    typed || (dict.has(b"ByteRange") && dict.has(b"Contents") && dict.has(b"Filter"))
}

/// The fully qualified field name (parent names joined by dots), as readers show it.
fn field_name(doc: &Document, dict: &Dictionary) -> Option<String> {
    let mut parts = Vec::new();
    let mut current = Some(dict);
    let mut depth = 0;
    while let Some(d) = current {
        if let Ok(t) = d.get(b"T") {
            parts.push(lopdf::decode_text_string(t).ok()?);
        }
        depth += 1;
        current = match d.get(b"Parent") {
            Ok(Object::Reference(p)) if depth < 32 => doc.get_dictionary(*p).ok(),
            _ => None,
        };
    }
    parts.reverse();
    (!parts.is_empty()).then(|| parts.join("."))
}

fn raw(field: String, dict: &Dictionary) -> RawSignature {
    let text = |key: &[u8]| {
        dict.get(key)
            .ok()
            .and_then(|o| lopdf::decode_text_string(o).ok())
    };
    RawSignature {
        field,
        byte_range: dict
            .get(b"ByteRange")
            .and_then(Object::as_array)
            .map(|a| a.iter().filter_map(|o| o.as_i64().ok()).collect())
            .unwrap_or_default(),
        contents: dict
            .get(b"Contents")
            .and_then(Object::as_str)
            .map(<[u8]>::to_vec)
            .unwrap_or_default(),
        sub_filter: dict
            .get(b"SubFilter")
            .and_then(Object::as_name)
            .ok()
            .map(|n| String::from_utf8_lossy(n).into_owned()),
        reason: text(b"Reason"),
        location: text(b"Location"),
        m: text(b"M"),
    }
}

/// The two signed ranges of the file, checked against its length.
pub(crate) struct SignedRanges {
    pub first: std::ops::Range<usize>,
    pub second: std::ops::Range<usize>,
}

impl SignedRanges {
    /// Checks a /ByteRange `[a b c d]`: four non-negative numbers, inside the file, in order.
    pub fn parse(byte_range: &[i64], file_len: usize) -> Result<SignedRanges, String> {
        let [a, b, c, d] = byte_range else {
            return Err(format!(
                "/ByteRange phải có 4 số, tệp có {}",
                byte_range.len()
            ));
        };
        let to = |v: i64| usize::try_from(v).map_err(|_| "/ByteRange có số âm".to_string());
        let (a, b, c, d) = (to(*a)?, to(*b)?, to(*c)?, to(*d)?);
        let first = a..a.checked_add(b).ok_or("/ByteRange quá lớn")?;
        let second = c..c.checked_add(d).ok_or("/ByteRange quá lớn")?;
        if first.end > second.start || second.end > file_len {
            return Err(format!(
                "/ByteRange [{a} {b} {c} {d}] vượt ra ngoài tệp ({file_len} byte)"
            ));
        }
        Ok(SignedRanges { first, second })
    }

    /// The signed bytes: both ranges, concatenated.
    pub fn signed_bytes(&self, pdf: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.first.len() + self.second.len());
        out.extend_from_slice(&pdf[self.first.clone()]);
        out.extend_from_slice(&pdf[self.second.clone()]);
        out
    }

    /// The bytes between the ranges, which must be exactly the `<hex>` /Contents string.
    pub fn gap<'a>(&self, pdf: &'a [u8]) -> &'a [u8] {
        &pdf[self.first.end..self.second.start]
    }
}

/// Decodes the gap `<hex…>` into bytes, or says why it is not a hex string.
pub(crate) fn decode_gap(gap: &[u8]) -> Result<Vec<u8>, String> {
    let inner = gap
        .strip_prefix(b"<")
        .and_then(|g| g.strip_suffix(b">"))
        .ok_or("phần không được ký không phải đúng chuỗi /Contents")?;
    let digits: Vec<u8> = inner
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let mut even = digits;
    if even.len() % 2 == 1 {
        even.push(b'0');
    }
    hex::decode(&even).map_err(|_| "chuỗi /Contents không phải dạng thập lục phân".to_string())
}

/// The length of the DER value at the start of `bytes` (tag, length, content), so the zero
/// padding of a /Contents placeholder can be cut off before parsing. Hand-written: a DER
/// header is three rules and no crate exposes "length of the first TLV" on its own.
pub(crate) fn der_len(bytes: &[u8]) -> Option<usize> {
    let first = *bytes.get(1)?;
    let (len, header) = if first < 0x80 {
        (first as usize, 2)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 {
            return None;
        }
        let mut len = 0usize;
        for i in 0..n {
            len = (len << 8) | *bytes.get(2 + i)? as usize;
        }
        (len, 2 + n)
    };
    let total = header.checked_add(len)?;
    (total <= bytes.len()).then_some(total)
}
