//! Signing a PDF with a PKCS#12 (.p12/.pfx) file or a PKCS#11 token: an incremental update that adds an invisible
//! signature field whose value is a detached CMS (CAdES) signature over the whole file.
//!
//! lopdf writes the incremental update (changed catalog and page, the new field and signature
//! dictionary, cross-reference section and trailer). The final step cannot be done by any PDF
//! library: the /ByteRange must name the offsets of the /Contents string in the bytes as
//! written, and the signature is computed over exactly those bytes. So the update is written
//! with placeholders of fixed width, which are then patched in place by hand.

use crate::SignError;
use crate::pdf;
use chrono::{FixedOffset, Utc};
use lopdf::{Dictionary, IncrementalDocument, Object, ObjectId, StringFormat};
use openssl::cms::{CMSOptions, CmsContentInfo};
use openssl::pkcs12::Pkcs12;
use openssl::stack::Stack;
use openssl::x509::X509;

/// What the signer writes into the signature dictionary.
#[derive(Debug, Clone, Default)]
pub struct SignOptions {
    /// /Reason, e.g. "Phê duyệt ban hành".
    pub reason: Option<String>,
    /// /Location, e.g. "UBND xã Tân Lập".
    pub location: Option<String>,
    /// /ContactInfo.
    pub contact: Option<String>,
}

/// Bytes reserved for the DER signature (hex doubles it in the file). A CMS with an RSA-4096
/// signature and a chain of three certificates is about 6 KB.
const RESERVED: usize = 16 * 1024;
/// Fixed-width ByteRange placeholder numbers; ten digits cover files up to 9.3 GB.
const PLACEHOLDER: i64 = 9_999_999_999;
/// OpenSSL's CMS_CADES flag (adds the ESS signingCertificateV2 attribute PAdES requires);
/// the `openssl` crate does not name it.
const CMS_CADES: u32 = 0x100000;

/// Where the signing key is.
#[derive(Debug, Clone, Copy)]
pub enum SigningKey<'a> {
    /// A .p12/.pfx file's bytes and its password.
    P12 { der: &'a [u8], password: &'a str },
    /// A PKCS#11 token (the key stays on it).
    Token(&'a crate::TokenSpec),
}

/// Signs `pdf` with the key and certificate in `p12` (opened with `password`). Returns the
/// signed file: the original bytes unchanged, followed by the update.
pub fn sign(
    pdf_bytes: &[u8],
    p12: &[u8],
    password: &str,
    options: &SignOptions,
) -> Result<Vec<u8>, SignError> {
    sign_with(pdf_bytes, SigningKey::P12 { der: p12, password }, options)
}

/// The key opened: OpenSSL holds a .p12's key in memory, a token keeps its own.
enum Signer {
    P12 {
        cert: X509,
        key: openssl::pkey::PKey<openssl::pkey::Private>,
        chain: Option<Stack<X509>>,
    },
    Token(Box<crate::token::TokenSigner>),
}

impl Signer {
    fn open(key: SigningKey<'_>) -> Result<Signer, SignError> {
        match key {
            SigningKey::P12 { der, password } => {
                let parsed = Pkcs12::from_der(der)
                    .and_then(|p| p.parse2(password))
                    .map_err(|_| SignError::P12)?;
                let cert = parsed.cert.ok_or(SignError::P12Incomplete {
                    missing: "chứng thư của người ký",
                })?;
                let key = parsed.pkey.ok_or(SignError::P12Incomplete {
                    missing: "khóa bí mật",
                })?;
                Ok(Signer::P12 {
                    cert,
                    key,
                    chain: chain_stack(parsed.ca)?,
                })
            }
            SigningKey::Token(spec) => Ok(Signer::Token(Box::new(
                crate::token::TokenSigner::open(spec)?,
            ))),
        }
    }

    fn common_name(&self) -> Result<Option<String>, SignError> {
        let cert = match self {
            Signer::P12 { cert, .. } => cert.clone(),
            Signer::Token(t) => t.certificate()?,
        };
        Ok(crate::verify::cert_name(cert.subject_name()).common_name)
    }

    /// The detached CAdES SignedData over the signed byte ranges.
    fn detached_cms(&self, content: &[u8]) -> Result<Vec<u8>, SignError> {
        match self {
            Signer::P12 { cert, key, chain } => {
                let flags = CMSOptions::DETACHED
                    | CMSOptions::BINARY
                    | CMSOptions::NOSMIMECAP
                    | CMSOptions::from_bits_retain(CMS_CADES);
                let cms = CmsContentInfo::sign(
                    Some(cert),
                    Some(key),
                    chain.as_deref(),
                    Some(content),
                    flags,
                )?;
                Ok(cms.to_der()?)
            }
            Signer::Token(t) => t.detached_cms(content),
        }
    }
}

/// Signs `pdf` with the given key. Returns the signed file: the original bytes unchanged,
/// followed by the update. The key is opened first, so a wrong password or PIN fails before
/// any work on the PDF.
pub fn sign_with(
    pdf_bytes: &[u8],
    key: SigningKey<'_>,
    options: &SignOptions,
) -> Result<Vec<u8>, SignError> {
    let signer = Signer::open(key)?;
    let doc = pdf::load(pdf_bytes)?;
    if doc.is_encrypted() || doc.trailer.has(b"Encrypt") {
        return Err(SignError::EncryptedPdf);
    }
    let existing = pdf::find_signatures(&doc).len();
    let signer_cn = signer.common_name()?;
    let mut inc = IncrementalDocument::create_from(pdf_bytes.to_vec(), doc);
    add_signature_objects(&mut inc, existing, signer_cn.as_deref(), options)?;

    let mut out = Vec::with_capacity(pdf_bytes.len() + 2 * RESERVED + 4096);
    inc.save_to(&mut out)
        .map_err(|e| SignError::BadPdf(e.to_string()))?;
    let (contents_start, contents_end) = patch_byte_range(&mut out, pdf_bytes.len())?;

    let mut signed = Vec::with_capacity(out.len());
    signed.extend_from_slice(&out[..contents_start]);
    signed.extend_from_slice(&out[contents_end..]);
    let der = signer.detached_cms(&signed)?;
    if der.len() > RESERVED {
        return Err(SignError::SignatureTooLarge {
            needed: der.len(),
            reserved: RESERVED,
        });
    }
    let hex = hex::encode_upper(&der);
    out[contents_start + 1..contents_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out)
}

fn chain_stack(chain: Option<Stack<X509>>) -> Result<Option<Stack<X509>>, SignError> {
    Ok(match chain {
        Some(s) if !s.is_empty() => Some(s),
        _ => None,
    })
}

/// Adds the signature dictionary and its field (a zero-size widget on the first page), and
/// links the field from the catalog's /AcroForm and the page's /Annots.
fn add_signature_objects(
    inc: &mut IncrementalDocument,
    existing: usize,
    signer_cn: Option<&str>,
    options: &SignOptions,
) -> Result<(), SignError> {
    let bad = |m: &str| SignError::BadPdf(m.to_string());
    let prev = inc.get_prev_documents();
    let root = prev
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| bad("thiếu /Root"))?;
    let page = *prev
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| bad("tệp không có trang nào"))?;

    let vn = FixedOffset::east_opt(7 * 3600).expect("valid offset");
    let now = Utc::now().with_timezone(&vn);
    let mut sig = Dictionary::new();
    sig.set("Type", Object::Name(b"Sig".to_vec()));
    sig.set("Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
    sig.set("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec()));
    sig.set(
        "ByteRange",
        Object::Array(vec![
            Object::Integer(0),
            Object::Integer(PLACEHOLDER),
            Object::Integer(PLACEHOLDER),
            Object::Integer(PLACEHOLDER),
        ]),
    );
    sig.set(
        "Contents",
        Object::String(vec![0u8; RESERVED], StringFormat::Hexadecimal),
    );
    sig.set(
        "M",
        Object::string_literal(now.format("D:%Y%m%d%H%M%S+07'00'").to_string()),
    );
    if let Some(name) = signer_cn {
        sig.set("Name", lopdf::text_string(name));
    }
    for (key, value) in [
        ("Reason", &options.reason),
        ("Location", &options.location),
        ("ContactInfo", &options.contact),
    ] {
        if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            sig.set(key, lopdf::text_string(v));
        }
    }
    let sig_id = inc.new_document.add_object(Object::Dictionary(sig));

    let mut field = Dictionary::new();
    field.set("Type", Object::Name(b"Annot".to_vec()));
    field.set("Subtype", Object::Name(b"Widget".to_vec()));
    field.set("FT", Object::Name(b"Sig".to_vec()));
    field.set(
        "T",
        Object::string_literal(format!("Signature{}", existing + 1)),
    );
    field.set("V", Object::Reference(sig_id));
    field.set(
        "Rect",
        Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]),
    );
    // Print + Locked: an invisible signature that readers must not let anyone move.
    field.set("F", Object::Integer(132));
    field.set("P", Object::Reference(page));
    let field_id = inc.new_document.add_object(Object::Dictionary(field));

    append_to_array(inc, page, b"Annots", field_id)?;
    // /AcroForm: in the catalog directly, or an indirect dictionary.
    inc.opt_clone_object_to_new_document(root)
        .map_err(|e| SignError::BadPdf(e.to_string()))?;
    let acro_ref = inc
        .new_document
        .get_dictionary(root)
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|o| o.as_reference().ok());
    let form_id = match acro_ref {
        Some(id) => id,
        None => {
            // Move a direct (or missing) /AcroForm into its own object, simpler to update.
            let catalog = inc
                .new_document
                .get_dictionary_mut(root)
                .map_err(|e| SignError::BadPdf(e.to_string()))?;
            let form = match catalog.get(b"AcroForm") {
                Ok(Object::Dictionary(d)) => d.clone(),
                _ => Dictionary::new(),
            };
            let id = inc.new_document.add_object(Object::Dictionary(form));
            inc.new_document
                .get_dictionary_mut(root)
                .map_err(|e| SignError::BadPdf(e.to_string()))?
                .set("AcroForm", Object::Reference(id));
            id
        }
    };
    append_to_array(inc, form_id, b"Fields", field_id)?;
    inc.opt_clone_object_to_new_document(form_id).ok();
    let form = inc
        .new_document
        .get_dictionary_mut(form_id)
        .map_err(|e| SignError::BadPdf(e.to_string()))?;
    // SignaturesExist + AppendOnly.
    form.set("SigFlags", Object::Integer(3));
    Ok(())
}

/// Appends `item` to the array `key` of the dictionary `owner` (the array may be direct or an
/// indirect object of its own), copying what changes into the update.
fn append_to_array(
    inc: &mut IncrementalDocument,
    owner: ObjectId,
    key: &[u8],
    item: ObjectId,
) -> Result<(), SignError> {
    let err = |e: lopdf::Error| SignError::BadPdf(e.to_string());
    inc.opt_clone_object_to_new_document(owner).map_err(err)?;
    let current = inc
        .new_document
        .get_dictionary(owner)
        .map_err(err)?
        .get(key)
        .ok()
        .cloned();
    match current {
        Some(Object::Reference(array_id)) => {
            inc.opt_clone_object_to_new_document(array_id)
                .map_err(err)?;
            inc.new_document
                .get_object_mut(array_id)
                .and_then(Object::as_array_mut)
                .map_err(err)?
                .push(Object::Reference(item));
        }
        Some(Object::Array(mut items)) => {
            items.push(Object::Reference(item));
            inc.new_document
                .get_dictionary_mut(owner)
                .map_err(err)?
                .set(key, Object::Array(items));
        }
        _ => {
            inc.new_document
                .get_dictionary_mut(owner)
                .map_err(err)?
                .set(key, Object::Array(vec![Object::Reference(item)]));
        }
    }
    Ok(())
}

/// Finds the placeholders in the written update, writes the real /ByteRange (padded with
/// spaces to the placeholder's width) and returns where the `<…>` /Contents string starts
/// and ends.
fn patch_byte_range(out: &mut [u8], update_from: usize) -> Result<(usize, usize), SignError> {
    let missing = || SignError::BadPdf("không tìm thấy chỗ dành cho chữ ký".into());
    let placeholder = format!("[0 {PLACEHOLDER} {PLACEHOLDER} {PLACEHOLDER}]");
    let br_at =
        find(&out[update_from..], placeholder.as_bytes()).ok_or_else(missing)? + update_from;
    let zeros = vec![b'0'; RESERVED * 2];
    let hex_at = find(&out[update_from..], &zeros).ok_or_else(missing)? + update_from;
    let contents_start = hex_at - 1;
    let contents_end = hex_at + zeros.len() + 1;
    if out.get(contents_start) != Some(&b'<') || out.get(contents_end - 1) != Some(&b'>') {
        return Err(missing());
    }
    let actual = format!(
        "[0 {contents_start} {contents_end} {}]",
        out.len() - contents_end
    );
    let padded = format!("{actual:<width$}", width = placeholder.len());
    out[br_at..br_at + padded.len()].copy_from_slice(padded.as_bytes());
    Ok((contents_start, contents_end))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
