//! Sealed attachment blobs: `VTB1` ‖ 24-byte random nonce ‖ XChaCha20-Poly1305 ciphertext and
//! tag. The blob's name (the SHA-256 of its plaintext) is the associated data, so a sealed file
//! moved under another name fails to open. A random 192-bit nonce per write needs no counter to
//! stay unique, which is why XChaCha rather than ChaCha.

use super::DbKey;
use crate::{LocalError, Result};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// Marks a sealed blob. A plaintext blob is accepted only when its SHA-256 matches its name.
const MAGIC: &[u8; 4] = b"VTB1";
const NONCE_LEN: usize = 24;

/// The attachment key of one store.
#[derive(Clone)]
pub struct BlobKey(Zeroizing<[u8; 32]>);

impl BlobKey {
    pub(super) fn derive(db: &DbKey) -> BlobKey {
        let hk = hkdf::Hkdf::<Sha256>::new(Some(b"VanThu"), db.as_bytes());
        let mut okm = Zeroizing::new([0u8; 32]);
        hk.expand(b"vanthu attachments v1", okm.as_mut())
            .expect("32 bytes is a valid HKDF-SHA256 length");
        BlobKey(okm)
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.0.as_ref().into())
    }
}

/// Seals `plain` (whose SHA-256 is `sha256`) for writing to disk.
pub fn seal_blob(key: &BlobKey, sha256: &str, plain: &[u8]) -> Vec<u8> {
    let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
    let sealed = key
        .cipher()
        .encrypt(
            &nonce,
            Payload {
                msg: plain,
                aad: sha256.as_bytes(),
            },
        )
        .expect("XChaCha20-Poly1305 encryption does not fail for in-memory buffers");
    let mut out = Vec::with_capacity(MAGIC.len() + NONCE_LEN + sealed.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    out
}

/// Whether the bytes read from a blob file are sealed.
pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// The plaintext of a blob file's `bytes`, named `sha256`. Sealed blobs need `key`; every
/// result is checked against the name, so a tampered or swapped blob is an error, never
/// garbage handed to a viewer.
pub fn open_blob(key: Option<&BlobKey>, sha256: &str, bytes: &[u8]) -> Result<Vec<u8>> {
    let plain = if is_sealed(bytes) {
        let key = key.ok_or_else(|| LocalError::Encryption {
            code: "attachment_key_missing",
            message: format!(
                "Tệp đính kèm {sha256} đã được mã hóa nhưng dữ liệu này không có khóa giải mã (thiếu tệp {}).",
                super::SIDECAR_FILE
            ),
        })?;
        if bytes.len() < MAGIC.len() + NONCE_LEN {
            return Err(tampered(sha256));
        }
        let (nonce, sealed) = bytes[MAGIC.len()..].split_at(NONCE_LEN);
        key.cipher()
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: sha256.as_bytes(),
                },
            )
            .map_err(|_| tampered(sha256))?
    } else {
        bytes.to_vec()
    };
    if hex::encode(Sha256::digest(&plain)) != sha256 {
        return Err(tampered(sha256));
    }
    Ok(plain)
}

fn tampered(sha256: &str) -> LocalError {
    LocalError::Encryption {
        code: "attachment_tampered",
        message: format!(
            "Tệp đính kèm {sha256} đã bị thay đổi hoặc hỏng (không giải mã hoặc không kiểm tra được). Hãy khôi phục tệp từ bản sao lưu."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha(b: &[u8]) -> String {
        hex::encode(Sha256::digest(b))
    }

    #[test]
    fn sealed_blob_round_trips_and_hides_the_plaintext() {
        let key = DbKey::generate().blob_key();
        let plain = "Công văn số 12/UBND về phòng chống bão".as_bytes();
        let sealed = seal_blob(&key, &sha(plain), plain);
        assert!(!sealed.windows(plain.len()).any(|w| w == plain));
        assert_eq!(open_blob(Some(&key), &sha(plain), &sealed).unwrap(), plain);
    }

    #[test]
    fn flipped_bit_wrong_key_or_wrong_name_is_an_error() {
        let key = DbKey::generate().blob_key();
        let plain = b"noi dung";
        let name = sha(plain);
        let mut sealed = seal_blob(&key, &name, plain);
        let other = DbKey::generate().blob_key();
        assert_eq!(
            open_blob(Some(&other), &name, &sealed).unwrap_err().code(),
            "attachment_tampered"
        );
        assert!(open_blob(Some(&key), &sha(b"khac"), &sealed).is_err());
        assert_eq!(
            open_blob(None, &name, &sealed).unwrap_err().code(),
            "attachment_key_missing"
        );
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert!(open_blob(Some(&key), &name, &sealed).is_err());
    }

    #[test]
    fn plaintext_blob_is_checked_against_its_name() {
        assert_eq!(open_blob(None, &sha(b"a"), b"a").unwrap(), b"a");
        assert!(open_blob(None, &sha(b"a"), b"b").is_err());
    }
}
