//! Reading a CMS SignedData structure: the signer's certificate, the other certificates it
//! carries (the chain), and the claimed signing time. RustCrypto's `cms` parses the structure;
//! OpenSSL does the cryptography (see `verify.rs`).

use cms::cert::CertificateChoices;
use cms::cert::x509::der::{Decode, Encode};
use cms::cert::x509::spki::ObjectIdentifier;
use cms::cert::x509::time::Time;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use openssl::x509::X509;

/// id-signedData (RFC 5652).
const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
/// id-signingTime (RFC 5652 §11.3).
const ID_SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
/// id-aa-signingCertificateV2 (RFC 5035), required by PAdES baseline signatures.
const ID_SIGNING_CERT_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");

/// What the structure says, before any cryptographic check.
pub(crate) struct CmsInfo {
    pub signer: Option<X509>,
    /// Every certificate in the message except the signer's (untrusted chain candidates).
    pub others: Vec<X509>,
    /// The signingTime signed attribute, Unix seconds.
    pub signing_time: Option<i64>,
    pub signer_count: usize,
    pub has_signing_cert_v2: bool,
}

/// Parses `der` as a ContentInfo holding SignedData.
pub(crate) fn read(der: &[u8]) -> Result<CmsInfo, String> {
    let ci = ContentInfo::from_der(der).map_err(|e| format!("cấu trúc CMS hỏng ({e})"))?;
    if ci.content_type != ID_SIGNED_DATA {
        return Err("cấu trúc CMS không phải SignedData".into());
    }
    let sd: SignedData = ci
        .content
        .decode_as()
        .map_err(|e| format!("SignedData hỏng ({e})"))?;
    let signer_info = sd
        .signer_infos
        .0
        .iter()
        .next()
        .ok_or("SignedData không có người ký")?;
    let certs: Vec<cms::cert::x509::Certificate> = sd
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => Some(c.clone()),
            CertificateChoices::Other(_) => None,
        })
        .collect();
    let signer_index = certs.iter().position(|c| match &signer_info.sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => {
            c.tbs_certificate.issuer == ias.issuer
                && c.tbs_certificate.serial_number == ias.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => {
            c.tbs_certificate.extensions.iter().flatten().any(|e| {
                e.extn_id == SKI_OID && e.extn_value.as_bytes().ends_with(ski.0.as_bytes())
            })
        }
    });
    let mut signer = None;
    let mut others = Vec::new();
    for (i, c) in certs.iter().enumerate() {
        let der = c.to_der().map_err(|e| format!("chứng thư hỏng ({e})"))?;
        let x = X509::from_der(&der).map_err(|e| format!("chứng thư hỏng ({e})"))?;
        if Some(i) == signer_index {
            signer = Some(x);
        } else {
            others.push(x);
        }
    }
    let attrs = signer_info.signed_attrs.iter().flat_map(|a| a.iter());
    let mut signing_time = None;
    let mut has_signing_cert_v2 = false;
    for attr in attrs {
        if attr.oid == ID_SIGNING_TIME {
            signing_time = attr
                .values
                .iter()
                .next()
                .and_then(|v| v.to_der().ok())
                .and_then(|der| Time::from_der(&der).ok())
                .map(|t| t.to_unix_duration().as_secs() as i64);
        } else if attr.oid == ID_SIGNING_CERT_V2 {
            has_signing_cert_v2 = true;
        }
    }
    Ok(CmsInfo {
        signer,
        others,
        signing_time,
        signer_count: sd.signer_infos.0.len(),
        has_signing_cert_v2,
    })
}

/// id-ce-subjectKeyIdentifier.
const SKI_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.14");
