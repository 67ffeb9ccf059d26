//! The one error type of `vanthu-sign`; `Display` is Vietnamese for people, `code()` is stable.

use thiserror::Error;

/// What signing or verifying a PDF can fail with as a whole. A single bad signature inside a
/// readable PDF is not an error: it is reported as [`crate::SignatureStatus::Malformed`] or
/// [`crate::SignatureStatus::Invalid`] in its [`crate::SignatureReport`].
#[derive(Debug, Error)]
pub enum SignError {
    /// The bytes are not a PDF file at all.
    #[error("Tệp không phải là PDF (không có phần đầu %PDF-).")]
    NotPdf,
    /// A PDF that could not be parsed.
    #[error("Không đọc được cấu trúc tệp PDF: {0}.")]
    BadPdf(String),
    /// Encrypted (password-protected) PDFs cannot be signed here.
    #[error("Tệp PDF được bảo vệ bằng mật khẩu; chưa hỗ trợ ký tệp PDF đã mã hóa.")]
    EncryptedPdf,
    /// The .p12/.pfx file could not be read or the password is wrong.
    #[error("Không mở được tệp chứng thư số (.p12/.pfx): sai mật khẩu hoặc tệp hỏng.")]
    P12,
    /// The .p12 holds no certificate or no private key.
    #[error("Tệp chứng thư số (.p12/.pfx) không có {missing}.")]
    P12Incomplete { missing: &'static str },
    /// A trust anchor file is not a PEM or DER certificate.
    #[error("Tệp chứng thư gốc tin cậy {path} không đọc được (cần PEM hoặc DER): {reason}.")]
    TrustAnchor { path: String, reason: String },
    /// A file or folder could not be read.
    #[error("Lỗi đọc tệp {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    /// The signature did not fit in the space reserved for it (a very long certificate chain).
    #[error("Chữ ký quá lớn ({needed} byte) so với chỗ dành sẵn ({reserved} byte).")]
    SignatureTooLarge { needed: usize, reserved: usize },
    /// The PKCS#11 module (the token vendor's library) could not be loaded or initialized.
    #[error("Không nạp được thư viện token PKCS#11 {path}: {reason}.")]
    TokenModule { path: String, reason: String },
    /// No token, or not the one asked for, is plugged in.
    #[error("Không tìm thấy token chữ ký số: {detail}.")]
    TokenNotFound { detail: String },
    /// The token refused the PIN.
    #[error("Mã PIN của token không đúng.")]
    TokenPin,
    /// The token is locked after too many wrong PINs.
    #[error(
        "Token đã bị khóa do nhập sai mã PIN quá số lần cho phép; cần mở khóa bằng công cụ của nhà cung cấp."
    )]
    TokenLocked,
    /// The token has no usable signing key (or several and none was chosen).
    #[error("Không chọn được khóa ký trên token: {detail}.")]
    TokenKeyNotFound { detail: String },
    /// The token or its module failed while signing.
    #[error("Lỗi token chữ ký số: {0}.")]
    Token(String),
    /// OpenSSL failed while building the signature.
    #[error("Lỗi thư viện mật mã khi ký: {0}")]
    Crypto(#[from] openssl::error::ErrorStack),
}

impl SignError {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            SignError::NotPdf => "not_pdf",
            SignError::BadPdf(_) => "bad_pdf",
            SignError::EncryptedPdf => "encrypted_pdf",
            SignError::P12 => "p12_unreadable",
            SignError::P12Incomplete { .. } => "p12_incomplete",
            SignError::TrustAnchor { .. } => "trust_anchor",
            SignError::Io { .. } => "io",
            SignError::SignatureTooLarge { .. } => "signature_too_large",
            SignError::TokenModule { .. } => "token_module",
            SignError::TokenNotFound { .. } => "token_not_found",
            SignError::TokenPin => "token_pin",
            SignError::TokenLocked => "token_locked",
            SignError::TokenKeyNotFound { .. } => "token_key_not_found",
            SignError::Token(_) => "token",
            SignError::Crypto(_) => "crypto",
        }
    }

    /// Whether the error is about the input given (a refusal), rather than the machine failing.
    pub fn is_refusal(&self) -> bool {
        !matches!(
            self,
            SignError::Io { .. } | SignError::Crypto(_) | SignError::Token(_)
        )
    }

    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> SignError {
        SignError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}
