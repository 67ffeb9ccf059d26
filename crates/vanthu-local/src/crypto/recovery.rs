//! The recovery code: the database key itself, written for a person to copy on paper and type
//! back. 32 key bytes and a 3-byte checksum make 35 bytes = 56 Crockford base32 characters,
//! shown as 14 groups of 4. Crockford's alphabet has no I, L, O or U, reads I/L as 1 and O as 0,
//! and ignores case, so the usual misreadings still decode; the checksum refuses a mistyped
//! code (a wrong character passes with odds of 1 in 16 million) instead of trying a wrong key.

use super::DbKey;
use crate::{LocalError, Result};
use data_encoding::{Encoding, Specification};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;
use zeroize::Zeroizing;

const CHECK_LEN: usize = 3;
const CHARS: usize = 56;
const GROUP: usize = 4;

/// A recovery code as printed (`ABCD-EFGH-…`). Wiped from memory when dropped.
pub struct RecoveryCode(Zeroizing<String>);

impl std::fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCode(…)")
    }
}

fn crockford() -> &'static Encoding {
    static ENC: OnceLock<Encoding> = OnceLock::new();
    ENC.get_or_init(|| {
        let mut spec = Specification::new();
        spec.symbols.push_str("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
        spec.translate.from.push_str("abcdefghjkmnpqrstvwxyziloILO");
        spec.translate.to.push_str("ABCDEFGHJKMNPQRSTVWXYZ110110");
        spec.ignore.push_str("- \t\n");
        spec.encoding().expect("a valid base32 specification")
    })
}

fn checksum(key: &[u8; 32]) -> [u8; CHECK_LEN] {
    let digest = Sha256::new()
        .chain_update(b"VanThu recovery code v1")
        .chain_update(key)
        .finalize();
    [digest[0], digest[1], digest[2]]
}

impl RecoveryCode {
    /// The code for `key`.
    pub fn of(key: &DbKey) -> RecoveryCode {
        let mut bytes = Zeroizing::new(Vec::with_capacity(32 + CHECK_LEN));
        bytes.extend_from_slice(key.as_bytes());
        bytes.extend_from_slice(&checksum(key.as_bytes()));
        let plain = Zeroizing::new(crockford().encode(&bytes));
        let grouped = plain
            .as_bytes()
            .chunks(GROUP)
            .map(|c| std::str::from_utf8(c).expect("base32 is ASCII"))
            .collect::<Vec<_>>()
            .join("-");
        RecoveryCode(Zeroizing::new(grouped))
    }

    /// The printed form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key a typed code stands for. Dashes, spaces and case do not matter; a wrong length,
    /// a character outside the alphabet or a failing checksum is
    /// [`LocalError::RecoveryCode`] with what is wrong in Vietnamese.
    pub fn parse(typed: &str) -> Result<DbKey> {
        let refuse = |reason: String| LocalError::RecoveryCode { reason };
        let mut letters = 0;
        for c in typed.chars() {
            if matches!(c, '-' | ' ' | '\t' | '\n') {
                continue;
            }
            letters += 1;
            if !c.is_ascii_alphanumeric() || c.eq_ignore_ascii_case(&'u') {
                return Err(refuse(format!("ký tự \"{c}\" không có trong mã")));
            }
        }
        if letters != CHARS {
            return Err(refuse(format!(
                "mã có {CHARS} ký tự ({} nhóm {GROUP} ký tự), đã nhập {letters} ký tự",
                CHARS / GROUP
            )));
        }
        let bytes = Zeroizing::new(
            crockford()
                .decode(typed.as_bytes())
                .map_err(|e| refuse(format!("không đọc được mã ({e})")))?,
        );
        let key: [u8; 32] = bytes[..32].try_into().expect("35 bytes decoded");
        let key = DbKey::from_bytes(key);
        if bytes[32..] != checksum(key.as_bytes()) {
            return Err(refuse(
                "có ký tự bị nhập sai (mã kiểm tra ở cuối không khớp)".into(),
            ));
        }
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_round_trips_with_any_case_and_spacing() {
        let key = DbKey::generate();
        let code = RecoveryCode::of(&key);
        assert_eq!(code.as_str().len(), CHARS + CHARS / GROUP - 1);
        assert_eq!(code.as_str().split('-').count(), 14);
        let back = RecoveryCode::parse(code.as_str()).unwrap();
        assert_eq!(back.as_bytes(), key.as_bytes());
        let sloppy = code.as_str().to_lowercase().replace('-', " ");
        let back = RecoveryCode::parse(&sloppy).unwrap();
        assert_eq!(back.as_bytes(), key.as_bytes());
    }

    #[test]
    fn misread_letters_decode_as_digits() {
        let key = DbKey::from_bytes([0u8; 32]);
        let code = RecoveryCode::of(&key);
        let misread = code.as_str().replace('0', "O");
        assert_eq!(
            RecoveryCode::parse(&misread).unwrap().as_bytes(),
            key.as_bytes()
        );
    }

    #[test]
    fn every_single_character_typo_is_refused() {
        let key = DbKey::generate();
        let code = RecoveryCode::of(&key);
        let chars: Vec<char> = code.as_str().chars().collect();
        for i in (0..chars.len()).filter(|i| chars[*i] != '-') {
            let mut typo = chars.clone();
            typo[i] = if typo[i] == 'A' { 'B' } else { 'A' };
            let typed: String = typo.into_iter().collect();
            let err = RecoveryCode::parse(&typed).unwrap_err();
            assert_eq!(err.code(), "recovery_code_invalid", "position {i}");
        }
        let short = &code.as_str()[..code.as_str().len() - 5];
        assert!(
            RecoveryCode::parse(short)
                .unwrap_err()
                .to_string()
                .contains("đã nhập 52 ký tự")
        );
        // A U (not in Crockford's alphabet) in place of the first character: replacing an
        // "A" instead would change nothing in the one code out of six that has none.
        let with_u = format!("U{}", &code.as_str()[1..]);
        let err = RecoveryCode::parse(&with_u).unwrap_err();
        assert!(err.to_string().contains("ký tự \"U\""), "{err}");
    }
}
