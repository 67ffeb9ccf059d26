//! What verifying one signature found, in a shape the CLI, the store and the app all share.

use serde::{Deserialize, Serialize};

/// The verdict on one signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureStatus {
    /// The signed bytes are unchanged, the signature is mathematically correct and the signer's
    /// certificate chains to a trust anchor.
    Valid,
    /// The signed bytes were changed after signing, or the signature does not match them.
    Invalid,
    /// The signature is mathematically correct but the signer's certificate does not chain to
    /// any trusted root (or the chain does not verify, e.g. expired at the claimed signing time).
    UnknownCa,
    /// The signature dictionary or the CMS structure cannot be read, or its kind is not supported.
    Malformed,
}

impl SignatureStatus {
    pub const ALL: [SignatureStatus; 4] = [
        SignatureStatus::Valid,
        SignatureStatus::Invalid,
        SignatureStatus::UnknownCa,
        SignatureStatus::Malformed,
    ];

    /// The stable code, as stored and serialised.
    pub fn code(self) -> &'static str {
        match self {
            SignatureStatus::Valid => "valid",
            SignatureStatus::Invalid => "invalid",
            SignatureStatus::UnknownCa => "unknown_ca",
            SignatureStatus::Malformed => "malformed",
        }
    }

    /// Vietnamese label for people.
    pub fn label_vi(self) -> &'static str {
        match self {
            SignatureStatus::Valid => "Hợp lệ",
            SignatureStatus::Invalid => "Không hợp lệ",
            SignatureStatus::UnknownCa => "Không rõ CA",
            SignatureStatus::Malformed => "Lỗi định dạng",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<SignatureStatus> {
        SignatureStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// How bad it is, for choosing the worst of several signatures (higher is worse).
    pub fn severity(self) -> u8 {
        match self {
            SignatureStatus::Valid => 0,
            SignatureStatus::UnknownCa => 1,
            SignatureStatus::Malformed => 2,
            SignatureStatus::Invalid => 3,
        }
    }
}

/// A name from a certificate: the common name and organisation, plus the whole subject line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertName {
    /// CN.
    pub common_name: Option<String>,
    /// O.
    pub organization: Option<String>,
    /// The full distinguished name, one line (`CN=…, O=…, C=VN`).
    pub full: String,
}

impl CertName {
    /// "CN (O)" or whatever of it exists.
    pub fn display(&self) -> String {
        match (&self.common_name, &self.organization) {
            (Some(cn), Some(o)) if cn != o => format!("{cn} ({o})"),
            (Some(cn), _) => cn.clone(),
            (None, Some(o)) => o.clone(),
            (None, None) => self.full.clone(),
        }
    }
}

/// The report on one signature field of a PDF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureReport {
    /// The field's name (/T), or a generated one when the signature has no field.
    pub field: String,
    pub status: SignatureStatus,
    /// The signature dictionary's /SubFilter (adbe.pkcs7.detached, ETSI.CAdES.detached …).
    pub sub_filter: Option<String>,
    /// The signer's certificate subject.
    pub signer: Option<CertName>,
    /// The signer's certificate issuer (the CA that issued it).
    pub issuer: Option<CertName>,
    /// The signer certificate's serial number, hex.
    pub serial: Option<String>,
    /// The signing time the signer claims (signingTime signed attribute, else the dictionary's
    /// /M), RFC 3339 in UTC. Claimed by the signer's computer, not proven by a timestamp.
    pub claimed_signing_time: Option<String>,
    /// The /ByteRange as found.
    pub byte_range: Vec<i64>,
    /// Whether the signed byte range reaches the end of the file. `false` means bytes were
    /// added after signing (an incremental update: more signatures, annotations, or changes).
    pub covers_whole_document: bool,
    /// /Reason and /Location of the signature dictionary, as the signer wrote them.
    pub reason: Option<String>,
    pub location: Option<String>,
    /// Vietnamese explanations of anything not fine (why invalid, which chain error …).
    pub problems: Vec<String>,
}

impl SignatureReport {
    /// The status with the coverage caveat, for one line of text.
    pub fn summary_vi(&self) -> String {
        let mut s = self.status.label_vi().to_string();
        if !self.covers_whole_document && self.status != SignatureStatus::Malformed {
            s.push_str(" — tài liệu đã được bổ sung, sửa đổi sau khi ký");
        }
        s
    }
}

/// The worst status among `reports` (none when there are no signatures).
pub fn worst(reports: &[SignatureReport]) -> Option<SignatureStatus> {
    reports
        .iter()
        .map(|r| r.status)
        .max_by_key(|s| s.severity())
}
