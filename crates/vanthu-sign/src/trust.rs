//! Trust anchors: the root (and intermediate) CA certificates a signature must chain to.
//!
//! They live as PEM or DER files in a folder (`<data dir>/trust/` by default), so the province
//! can hand out the Vietnamese national root CA file and communes copy it there; nothing is
//! trusted implicitly (not even the operating system's web CAs, which are for TLS, not for
//! document signatures).

use crate::SignError;
use openssl::x509::X509;
use openssl::x509::store::{X509Store, X509StoreBuilder};
use openssl::x509::verify::X509VerifyParam;
use std::path::Path;

/// A set of trusted CA certificates.
#[derive(Clone, Default)]
pub struct TrustStore {
    certs: Vec<X509>,
}

impl std::fmt::Debug for TrustStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrustStore")
            .field("certs", &self.certs.len())
            .finish()
    }
}

/// File extensions read from a trust folder.
const EXTENSIONS: [&str; 5] = ["pem", "crt", "cer", "der", "ca-bundle"];

impl TrustStore {
    /// No anchors: every signature with correct math is reported as "Không rõ CA".
    pub fn empty() -> TrustStore {
        TrustStore::default()
    }

    /// Every certificate in the `.pem/.crt/.cer/.der` files of `dir` (not recursive). A missing
    /// folder is an empty store; an unreadable certificate file is an error naming the file,
    /// so a broken anchor is noticed instead of silently making every signature untrusted.
    pub fn from_dir(dir: &Path) -> Result<TrustStore, SignError> {
        let mut store = TrustStore::empty();
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(store),
            Err(e) => return Err(SignError::io(dir, e)),
        };
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && p.extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
            })
            .collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).map_err(|e| SignError::io(&path, e))?;
            store
                .add_bytes(&bytes)
                .map_err(|reason| SignError::TrustAnchor {
                    path: path.display().to_string(),
                    reason,
                })?;
        }
        Ok(store)
    }

    /// Adds the certificates of one PEM (one or more blocks) or DER file.
    pub fn add_bytes(&mut self, bytes: &[u8]) -> Result<usize, String> {
        let certs = if bytes.windows(11).any(|w| w == b"-----BEGIN ") {
            X509::stack_from_pem(bytes).map_err(|e| e.to_string())?
        } else {
            vec![X509::from_der(bytes).map_err(|e| e.to_string())?]
        };
        if certs.is_empty() {
            return Err("không có chứng thư nào".into());
        }
        let n = certs.len();
        self.certs.extend(certs);
        Ok(n)
    }

    /// Adds one certificate.
    pub fn add(&mut self, cert: X509) {
        self.certs.push(cert);
    }

    pub fn len(&self) -> usize {
        self.certs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.certs.is_empty()
    }

    /// An OpenSSL store of the anchors that checks validity periods at `at` (Unix seconds)
    /// rather than now: a signature made while the certificate was valid stays verifiable
    /// after the certificate expires.
    pub(crate) fn openssl_store(&self, at: Option<i64>) -> Result<X509Store, SignError> {
        let mut builder = X509StoreBuilder::new()?;
        for c in &self.certs {
            builder.add_cert(c.clone())?;
        }
        if let Some(t) = at {
            let mut param = X509VerifyParam::new()?;
            param.set_time(t as _);
            builder.set_param(&param)?;
        }
        Ok(builder.build())
    }
}
