//! Signing with a PKCS#11 token (the USB "chữ ký số" Vietnamese CAs issue): the private key never
//! leaves the token, so OpenSSL's CMS signing, which needs the key in memory, cannot be used.
//! Instead RustCrypto's `cms` builder assembles the SignedData and asks the token, through
//! `cryptoki` (the vendor's module loaded at run time), to sign only the DER of the signed
//! attributes. The result is the same detached CAdES signature [`crate::sign()`] makes from a
//! .p12 file and is checked by the same OpenSSL verifier.
//!
//! Tested against SoftHSM2 (Debian's `softhsm2`) with RSA and EC P-256 keys; a vendor token
//! behaves the same through its own module (e.g. `libvnptca.so`, `viettel-ca_v5.so`), which is
//! what `--pkcs11` names.

use crate::SignError;
use cms::builder::{SignedDataBuilder, SignerInfoBuilder, create_signing_time_attribute};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::ContentInfo;
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use cryptoki::context::{CInitializeArgs, Pkcs11};
use cryptoki::error::{Error as P11Error, RvError};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{
    Attribute, AttributeType, CertificateType, KeyType, ObjectClass, ObjectHandle,
};
use cryptoki::session::{Session, UserType};
use cryptoki::slot::Slot;
use cryptoki::types::AuthPin;
use der::asn1::{OctetString, SetOfVec, UintRef};
use der::{Any, Decode, Encode, Sequence};
use serde::Serialize;
use sha2::{Digest, Sha256};
use spki::{AlgorithmIdentifierOwned, DynSignatureAlgorithmIdentifier, ObjectIdentifier};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use x509_cert::Certificate;
use x509_cert::attr::Attribute as CmsAttribute;

/// Which token, which key and the PIN.
#[derive(Debug, Clone)]
pub struct TokenSpec {
    /// The vendor's PKCS#11 module (a `.so` on Linux, a `.dll` on Windows).
    pub module: PathBuf,
    /// The token's label; may be left out when exactly one token is plugged in.
    pub token_label: Option<String>,
    /// The label of the key (or of its certificate); may be left out when the token holds
    /// exactly one signing key.
    pub key_label: Option<String>,
    /// The user PIN. Never logged or stored.
    pub pin: String,
}

/// A token as listed for the user to choose from (no PIN needed: certificates are public).
#[derive(Debug, Clone, Serialize)]
pub struct TokenListing {
    pub slot: u64,
    pub label: String,
    pub manufacturer: String,
    pub model: String,
    pub serial: String,
    pub certificates: Vec<TokenCertificate>,
}

/// A certificate on a token.
#[derive(Debug, Clone, Serialize)]
pub struct TokenCertificate {
    pub label: String,
    /// CKA_ID in hex: what ties the certificate to its private key.
    pub id: String,
    pub subject: Option<String>,
    pub issuer: Option<String>,
    /// Not after, RFC 3339 (UTC).
    pub not_after: Option<String>,
}

const OID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const OID_SHA256_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const OID_ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const OID_ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
/// id-aa-signingCertificateV2 (RFC 5035), the ESS attribute CAdES / PAdES require.
const OID_SIGNING_CERT_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");

/// One token conversation at a time in this process: a PKCS#11 module is initialized once per
/// process (a second `C_Initialize` is refused) and finalized when its context is dropped, so
/// two overlapping uses would pull the module from under each other. Signing is a rare,
/// user-driven action; waiting for the previous one is the right behaviour.
static MODULE_LOCK: Mutex<()> = Mutex::new(());

fn module_lock() -> MutexGuard<'static, ()> {
    // A panic while holding the lock leaves no state behind worth refusing over.
    MODULE_LOCK.lock().unwrap_or_else(|p| p.into_inner())
}

/// Loads the module and initializes it. The context finalizes the module when dropped.
fn open_module(module: &Path) -> Result<Pkcs11, SignError> {
    let bad = |reason: String| SignError::TokenModule {
        path: module.display().to_string(),
        reason,
    };
    if !module.is_file() {
        return Err(bad("không có tệp này".into()));
    }
    let p11 = Pkcs11::new(module).map_err(|e| bad(e.to_string()))?;
    p11.initialize(CInitializeArgs::OsThreads)
        .map_err(|e| bad(e.to_string()))?;
    Ok(p11)
}

/// The tokens plugged in and the certificates on each.
pub fn list_tokens(module: &Path) -> Result<Vec<TokenListing>, SignError> {
    let _lock = module_lock();
    let p11 = open_module(module)?;
    let mut out = Vec::new();
    for slot in p11.get_slots_with_token().map_err(token_err)? {
        let info = p11.get_token_info(slot).map_err(token_err)?;
        // A blank token (never initialized, e.g. SoftHSM2's spare slot) has nothing to sign with.
        if !info.token_initialized() {
            continue;
        }
        let session = p11.open_ro_session(slot).map_err(token_err)?;
        let certificates = certificates(&session)?
            .into_iter()
            .map(|c| c.listing)
            .collect();
        out.push(TokenListing {
            slot: slot.id(),
            label: info.label().trim().to_string(),
            manufacturer: info.manufacturer_id().trim().to_string(),
            model: info.model().trim().to_string(),
            serial: info.serial_number().trim().to_string(),
            certificates,
        });
    }
    Ok(out)
}

struct FoundCert {
    listing: TokenCertificate,
    id: Vec<u8>,
    der: Vec<u8>,
}

fn certificates(session: &Session) -> Result<Vec<FoundCert>, SignError> {
    let handles = session
        .find_objects(&[
            Attribute::Class(ObjectClass::CERTIFICATE),
            Attribute::CertificateType(CertificateType::X_509),
        ])
        .map_err(token_err)?;
    let mut out = Vec::new();
    for h in handles {
        let (label, id, value) = label_id_value(session, h)?;
        let Some(der) = value else { continue };
        let parsed = openssl::x509::X509::from_der(&der).ok();
        let name = |n: &openssl::x509::X509NameRef| crate::verify::cert_name(n).display();
        out.push(FoundCert {
            listing: TokenCertificate {
                label,
                id: hex::encode(&id),
                subject: parsed.as_ref().map(|c| name(c.subject_name())),
                issuer: parsed.as_ref().map(|c| name(c.issuer_name())),
                not_after: parsed
                    .as_ref()
                    .and_then(|c| asn1_time_rfc3339(c.not_after())),
            },
            id,
            der,
        });
    }
    Ok(out)
}

fn asn1_time_rfc3339(t: &openssl::asn1::Asn1TimeRef) -> Option<String> {
    let epoch = openssl::asn1::Asn1Time::from_unix(0).ok()?;
    let d = epoch.diff(t).ok()?;
    let secs = i64::from(d.days) * 86_400 + i64::from(d.secs);
    chrono::DateTime::from_timestamp(secs, 0).map(|t| t.to_rfc3339())
}

/// CKA_LABEL (as text), CKA_ID and CKA_VALUE of an object.
type LabelIdValue = (String, Vec<u8>, Option<Vec<u8>>);

/// Reads [`LabelIdValue`] (attributes the object lacks come back empty).
fn label_id_value(session: &Session, h: ObjectHandle) -> Result<LabelIdValue, SignError> {
    let attrs = session
        .get_attributes(
            h,
            &[
                AttributeType::Label,
                AttributeType::Id,
                AttributeType::Value,
            ],
        )
        .map_err(token_err)?;
    let (mut label, mut id, mut value) = (String::new(), Vec::new(), None);
    for a in attrs {
        match a {
            Attribute::Label(l) => label = String::from_utf8_lossy(&l).trim().to_string(),
            Attribute::Id(i) => id = i,
            Attribute::Value(v) => value = Some(v),
            _ => {}
        }
    }
    Ok((label, id, value))
}

/// An open, logged-in session with the chosen key and its certificate.
pub(crate) struct TokenSigner {
    // Field order matters: the session must close before the module is finalized.
    session: Session,
    _p11: Pkcs11,
    key: ObjectHandle,
    kind: KeyKind,
    cert_der: Vec<u8>,
    /// The other certificates on the token (the CA chain, when the vendor stores it).
    chain_der: Vec<Vec<u8>>,
    /// Held until the module is finalized (dropped last).
    _lock: MutexGuard<'static, ()>,
}

#[derive(Debug, Clone, Copy)]
enum KeyKind {
    Rsa,
    Ec,
}

impl TokenSigner {
    /// Finds the token and the key, and logs in with the PIN.
    pub(crate) fn open(spec: &TokenSpec) -> Result<TokenSigner, SignError> {
        let lock = module_lock();
        let p11 = open_module(&spec.module)?;
        let slot = choose_slot(&p11, spec.token_label.as_deref())?;
        let session = p11.open_ro_session(slot).map_err(token_err)?;
        match session.login(UserType::User, Some(&AuthPin::new(spec.pin.clone()))) {
            Ok(()) => {}
            Err(P11Error::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => {}
            Err(P11Error::Pkcs11(RvError::PinIncorrect | RvError::PinLenRange, _)) => {
                return Err(SignError::TokenPin);
            }
            Err(P11Error::Pkcs11(RvError::PinLocked, _)) => return Err(SignError::TokenLocked),
            Err(e) => return Err(token_err(e)),
        }
        let certs = certificates(&session)?;
        let keys = session
            .find_objects(&[
                Attribute::Class(ObjectClass::PRIVATE_KEY),
                Attribute::Sign(true),
            ])
            .map_err(token_err)?;
        let mut candidates = Vec::new();
        for k in keys {
            let (label, id, _) = label_id_value(&session, k)?;
            let cert = certs.iter().find(|c| !id.is_empty() && c.id == id);
            let matches = match spec.key_label.as_deref() {
                None => true,
                Some(want) => label == want || cert.is_some_and(|c| c.listing.label == want),
            };
            if matches {
                candidates.push((k, label, cert));
            }
        }
        let names = || {
            candidates
                .iter()
                .map(|(_, l, _)| l.clone())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (key, label, cert) = match candidates.len() {
            1 => candidates[0].clone(),
            0 => {
                return Err(SignError::TokenKeyNotFound {
                    detail: match &spec.key_label {
                        Some(l) => format!("không có khóa ký nào mang nhãn \"{l}\""),
                        None => "token không có khóa ký nào".into(),
                    },
                });
            }
            _ => {
                return Err(SignError::TokenKeyNotFound {
                    detail: format!(
                        "token có nhiều khóa ký ({}), hãy chọn một bằng nhãn",
                        names()
                    ),
                });
            }
        };
        let cert = cert.ok_or_else(|| SignError::TokenKeyNotFound {
            detail: format!("khóa \"{label}\" không có chứng thư số đi kèm trên token"),
        })?;
        let kind = match session
            .get_attributes(key, &[AttributeType::KeyType])
            .map_err(token_err)?
            .first()
        {
            Some(Attribute::KeyType(t)) if *t == KeyType::RSA => KeyKind::Rsa,
            Some(Attribute::KeyType(t)) if *t == KeyType::EC => KeyKind::Ec,
            other => {
                return Err(SignError::Token(format!(
                    "loại khóa {other:?} chưa được hỗ trợ (chỉ RSA và EC)"
                )));
            }
        };
        let cert_der = cert.der.clone();
        let chain_der = certs
            .iter()
            .filter(|c| c.der != cert_der)
            .map(|c| c.der.clone())
            .collect();
        Ok(TokenSigner {
            session,
            _p11: p11,
            key,
            kind,
            cert_der,
            chain_der,
            _lock: lock,
        })
    }

    /// The signer's certificate (for the /Name of the signature dictionary).
    pub(crate) fn certificate(&self) -> Result<openssl::x509::X509, SignError> {
        Ok(openssl::x509::X509::from_der(&self.cert_der)?)
    }

    /// A detached CAdES SignedData over `content`, signed on the token.
    pub(crate) fn detached_cms(&self, content: &[u8]) -> Result<Vec<u8>, SignError> {
        let malformed = |e: der::Error| SignError::Token(format!("chứng thư trên token: {e}"));
        let cert = Certificate::from_der(&self.cert_der).map_err(malformed)?;
        let digest = Sha256::digest(content);
        let eci = EncapsulatedContentInfo {
            econtent_type: OID_ID_DATA,
            econtent: None,
        };
        let sha256 = AlgorithmIdentifierOwned {
            oid: OID_SHA256,
            parameters: None,
        };
        let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: cert.tbs_certificate.issuer.clone(),
            serial_number: cert.tbs_certificate.serial_number.clone(),
        });
        let key = TokenKey {
            signer: self,
            last_error: RefCell::new(None),
        };
        let build = || -> Result<ContentInfo, cms::builder::Error> {
            let mut info =
                SignerInfoBuilder::new(&key, sid, sha256.clone(), &eci, Some(digest.as_slice()))?;
            info.add_signed_attribute(create_signing_time_attribute()?)?;
            info.add_signed_attribute(signing_certificate_v2(&self.cert_der)?)?;
            let mut data = SignedDataBuilder::new(&eci);
            data.add_digest_algorithm(sha256.clone())?;
            data.add_certificate(CertificateChoices::Certificate(cert.clone()))?;
            for c in &self.chain_der {
                data.add_certificate(CertificateChoices::Certificate(Certificate::from_der(c)?))?;
            }
            data.add_signer_info::<_, TokenSignature>(info)?;
            data.build()
        };
        let built = build();
        if let Some(e) = key.last_error.borrow_mut().take() {
            return Err(e);
        }
        let content_info = built.map_err(|e| SignError::Token(format!("dựng CMS: {e}")))?;
        content_info
            .to_der()
            .map_err(|e| SignError::Token(format!("mã hóa CMS: {e}")))
    }
}

/// The signingCertificateV2 attribute: the SHA-256 of the signer's certificate (hash algorithm
/// left at its DEFAULT, SHA-256, as DER requires).
fn signing_certificate_v2(cert_der: &[u8]) -> der::Result<CmsAttribute> {
    #[derive(Sequence)]
    struct EssCertIdV2 {
        cert_hash: OctetString,
    }
    #[derive(Sequence)]
    struct SigningCertificateV2 {
        certs: Vec<EssCertIdV2>,
    }
    let value = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(Sha256::digest(cert_der).to_vec())?,
        }],
    };
    Ok(CmsAttribute {
        oid: OID_SIGNING_CERT_V2,
        values: SetOfVec::try_from(vec![Any::encode_from(&value)?])?,
    })
}

fn choose_slot(p11: &Pkcs11, label: Option<&str>) -> Result<Slot, SignError> {
    let slots = p11.get_slots_with_token().map_err(token_err)?;
    let mut found = Vec::new();
    for s in slots {
        let info = p11.get_token_info(s).map_err(token_err)?;
        // A blank token (never initialized, e.g. SoftHSM2's spare slot) is not a choice.
        if info.token_initialized() {
            found.push((s, info.label().trim().to_string()));
        }
    }
    let labels = || {
        found
            .iter()
            .map(|(_, l)| format!("\"{l}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match label {
        Some(want) => found
            .iter()
            .find(|(_, l)| l == want)
            .map(|(s, _)| *s)
            .ok_or_else(|| SignError::TokenNotFound {
                detail: if found.is_empty() {
                    format!("không có token \"{want}\" (không thấy token nào được cắm)")
                } else {
                    format!("không có token \"{want}\"; đang cắm: {}", labels())
                },
            }),
        None => match found.len() {
            1 => Ok(found[0].0),
            0 => Err(SignError::TokenNotFound {
                detail: "không thấy token nào được cắm".into(),
            }),
            _ => Err(SignError::TokenNotFound {
                detail: format!(
                    "đang cắm nhiều token ({}), hãy chọn một bằng nhãn",
                    labels()
                ),
            }),
        },
    }
}

fn token_err(e: P11Error) -> SignError {
    SignError::Token(e.to_string())
}

/// The key on the token as the `cms` builder sees a signer. A failure inside the builder only
/// comes back as an opaque error, so the token's own reason is kept here and reported instead.
struct TokenKey<'t> {
    signer: &'t TokenSigner,
    last_error: RefCell<Option<SignError>>,
}

impl signature::Keypair for TokenKey<'_> {
    /// The builder never uses the verifying key; the certificate carries it.
    type VerifyingKey = ();
    fn verifying_key(&self) {}
}

impl DynSignatureAlgorithmIdentifier for TokenKey<'_> {
    fn signature_algorithm_identifier(&self) -> spki::Result<AlgorithmIdentifierOwned> {
        Ok(match self.signer.kind {
            // RFC 4055: sha256WithRSAEncryption carries explicit NULL parameters.
            KeyKind::Rsa => AlgorithmIdentifierOwned {
                oid: OID_SHA256_RSA,
                parameters: Some(Any::null()),
            },
            // RFC 5758: ecdsa-with-SHA256 has no parameters.
            KeyKind::Ec => AlgorithmIdentifierOwned {
                oid: OID_ECDSA_SHA256,
                parameters: None,
            },
        })
    }
}

impl signature::Signer<TokenSignature> for TokenKey<'_> {
    fn try_sign(&self, msg: &[u8]) -> Result<TokenSignature, signature::Error> {
        let s = self.signer;
        let signed = match s.kind {
            // The token hashes and pads (PKCS#1 v1.5).
            KeyKind::Rsa => s
                .session
                .sign(&Mechanism::Sha256RsaPkcs, s.key, msg)
                .map(Ok),
            // CKM_ECDSA signs a hash we give it and answers r ‖ s, which CMS wants as DER.
            KeyKind::Ec => s
                .session
                .sign(&Mechanism::Ecdsa, s.key, &Sha256::digest(msg))
                .map(|raw| ecdsa_der(&raw)),
        };
        match signed {
            Ok(Ok(bytes)) => Ok(TokenSignature(bytes)),
            Ok(Err(e)) => {
                *self.last_error.borrow_mut() =
                    Some(SignError::Token(format!("chữ ký EC từ token: {e}")));
                Err(signature::Error::new())
            }
            Err(e) => {
                *self.last_error.borrow_mut() = Some(match e {
                    P11Error::Pkcs11(RvError::UserNotLoggedIn | RvError::PinExpired, _) => {
                        SignError::TokenPin
                    }
                    other => token_err(other),
                });
                Err(signature::Error::new())
            }
        }
    }
}

/// `r ‖ s` (each half the length) as the DER `SEQUENCE { r INTEGER, s INTEGER }`.
fn ecdsa_der(raw: &[u8]) -> der::Result<Vec<u8>> {
    #[derive(Sequence)]
    struct EcdsaSig<'a> {
        r: UintRef<'a>,
        s: UintRef<'a>,
    }
    if raw.is_empty() || !raw.len().is_multiple_of(2) {
        return Err(der::ErrorKind::Length {
            tag: der::Tag::Sequence,
        }
        .into());
    }
    let (r, s) = raw.split_at(raw.len() / 2);
    EcdsaSig {
        r: UintRef::new(r)?,
        s: UintRef::new(s)?,
    }
    .to_der()
}

/// The token's signature bytes, as the builder's signature type.
#[derive(Clone)]
struct TokenSignature(Vec<u8>);

impl TryFrom<&[u8]> for TokenSignature {
    type Error = signature::Error;
    fn try_from(b: &[u8]) -> Result<Self, Self::Error> {
        Ok(TokenSignature(b.to_vec()))
    }
}

impl From<TokenSignature> for Box<[u8]> {
    fn from(s: TokenSignature) -> Self {
        s.0.into_boxed_slice()
    }
}

impl signature::SignatureEncoding for TokenSignature {
    type Repr = Box<[u8]>;
}

impl spki::SignatureBitStringEncoding for TokenSignature {
    fn to_bitstring(&self) -> der::Result<der::asn1::BitString> {
        der::asn1::BitString::from_bytes(&self.0)
    }
}
