//! VanThu's digital signatures on PDF files: verifying PAdES / PKCS#7 signatures of incoming
//! documents and signing a PDF with a PKCS#12 (.p12/.pfx) certificate file or a PKCS#11 token.
//!
//! Pure of the database and the clock of the application: bytes in, report out. OpenSSL
//! (vendored, the same build SQLCipher uses) does CMS and X.509; lopdf reads and incrementally
//! updates PDFs; RustCrypto's `cms` builder and `cryptoki` sign on tokens. What is not built: revocation (OCSP/CRL), timestamps, LTV —
//! see `docs/security.md`.

mod cms_info;
mod error;
mod pdf;
mod report;
mod sign;
mod token;
mod trust;
mod verify;

pub use error::SignError;
pub use report::{CertName, SignatureReport, SignatureStatus, worst};
pub use sign::{SignOptions, SigningKey, sign, sign_with};
pub use token::{TokenCertificate, TokenListing, TokenSpec, list_tokens};
pub use trust::TrustStore;
pub use verify::verify;
