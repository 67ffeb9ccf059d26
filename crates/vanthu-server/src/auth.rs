//! Secrets: device tokens, enrolment codes, staff passwords and session cookies.
//!
//! - Device tokens and session ids are 256 random bits. The server stores SHA-256 of them, not
//!   argon2: a slow hash protects guessable secrets (passwords); nobody can enumerate 2^256
//!   tokens, so a fast hash loses nothing, while argon2 on every sync request would cost the
//!   province's server ~50 ms of CPU per call for no gain.
//! - Enrolment codes are 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), read
//!   over the phone as `K7M2-9QXD`: ~40 bits, single use, expiring (72 h by default), stored
//!   hashed; every failed attempt is logged.
//! - Staff passwords: argon2id with a per-password salt (PHC string).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use rand::Rng;
use sha2::{Digest, Sha256};

/// Alphabet of enrolment codes: digits and capitals without 0, 1, I, L, O.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
pub const CODE_LEN: usize = 8;

/// SHA-256 in hex.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// A new 256-bit secret, base64url without padding (43 characters).
pub fn new_secret() -> String {
    let bytes: [u8; 32] = rand::thread_rng().r#gen();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A new enrolment code, formatted for reading aloud: `K7M2-9QXD`.
pub fn new_enrol_code() -> String {
    let mut rng = rand::thread_rng();
    let raw: String = (0..CODE_LEN)
        .map(|_| CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char)
        .collect();
    format!("{}-{}", &raw[..4], &raw[4..])
}

/// The canonical form of a typed code: upper case, without spaces or dashes.
pub fn normalize_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// The stored hash of a code as typed.
pub fn code_hash(code: &str) -> String {
    sha256_hex(normalize_code(code).as_bytes())
}

/// Compares two hex digests without an early exit.
pub fn same_digest(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Whether `s` looks like a SHA-256 hex digest.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// argon2id PHC string of a password.
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Checks a password against its stored PHC string.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Splits `Authorization: Bearer <device id>.<token>`.
pub fn parse_bearer(header: &str) -> Option<(&str, &str)> {
    let rest = header.strip_prefix("Bearer ")?;
    let (device, token) = rest.split_once('.')?;
    (!device.is_empty() && !token.is_empty() && device.len() <= 64 && token.len() <= 128)
        .then_some((device, token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_over_the_phone() {
        let c = new_enrol_code();
        assert_eq!(c.len(), 9);
        assert_eq!(
            code_hash(&c),
            code_hash(&c.to_lowercase().replace('-', " "))
        );
        assert!(!c.contains(['0', '1', 'I', 'L', 'O']));
    }

    #[test]
    fn passwords_and_tokens() {
        let h = hash_password("mật khẩu tỉnh").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("mật khẩu tỉnh", &h));
        assert!(!verify_password("sai", &h));
        assert_eq!(new_secret().len(), 43);
        assert_eq!(parse_bearer("Bearer abc.def"), Some(("abc", "def")));
        assert_eq!(parse_bearer("Bearer abc"), None);
        assert!(same_digest(&sha256_hex(b"x"), &sha256_hex(b"x")));
        assert!(!same_digest(&sha256_hex(b"x"), &sha256_hex(b"y")));
    }
}
