//! A throw-away PKI and PDF for the tests, made at run time with OpenSSL and lopdf: no
//! private key is ever committed.
#![allow(dead_code)]

pub mod softhsm;

use lopdf::{Document, Object, Stream, dictionary};
use openssl::asn1::Asn1Time;
use openssl::bn::BigNum;
use openssl::hash::MessageDigest;
use openssl::pkcs12::Pkcs12;
use openssl::pkey::{PKey, Private};
use openssl::rsa::Rsa;
use openssl::x509::extension::{BasicConstraints, KeyUsage, SubjectKeyIdentifier};
use openssl::x509::{X509, X509NameBuilder};

pub const P12_PASSWORD: &str = "mật-khẩu-thử";

pub struct Ca {
    pub cert: X509,
    pub key: PKey<Private>,
}

fn name(cn: &str, o: &str) -> openssl::x509::X509Name {
    let mut b = X509NameBuilder::new().unwrap();
    b.append_entry_by_text("C", "VN").unwrap();
    b.append_entry_by_text("O", o).unwrap();
    b.append_entry_by_text("CN", cn).unwrap();
    b.build()
}

fn key() -> PKey<Private> {
    PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap()
}

/// A self-signed root CA.
pub fn make_ca(cn: &str) -> Ca {
    let key = key();
    let mut b = X509::builder().unwrap();
    b.set_version(2).unwrap();
    b.set_serial_number(&BigNum::from_u32(1).unwrap().to_asn1_integer().unwrap())
        .unwrap();
    let n = name(cn, "Cơ quan chứng thực thử");
    b.set_subject_name(&n).unwrap();
    b.set_issuer_name(&n).unwrap();
    b.set_pubkey(&key).unwrap();
    b.set_not_before(&Asn1Time::days_from_now(0).unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::days_from_now(3650).unwrap())
        .unwrap();
    b.append_extension(BasicConstraints::new().critical().ca().build().unwrap())
        .unwrap();
    b.append_extension(
        KeyUsage::new()
            .critical()
            .key_cert_sign()
            .crl_sign()
            .build()
            .unwrap(),
    )
    .unwrap();
    let ski = SubjectKeyIdentifier::new()
        .build(&b.x509v3_context(None, None))
        .unwrap();
    b.append_extension(ski).unwrap();
    b.sign(&key, MessageDigest::sha256()).unwrap();
    Ca {
        cert: b.build(),
        key,
    }
}

/// A signer certificate issued by `ca` for a public key made elsewhere (on a token).
pub fn issue_cert<T: openssl::pkey::HasPublic>(
    ca: &Ca,
    public: &openssl::pkey::PKeyRef<T>,
    cn: &str,
    org: &str,
    serial: u32,
) -> X509 {
    let mut b = X509::builder().unwrap();
    b.set_version(2).unwrap();
    b.set_serial_number(&BigNum::from_u32(serial).unwrap().to_asn1_integer().unwrap())
        .unwrap();
    b.set_subject_name(&name(cn, org)).unwrap();
    b.set_issuer_name(ca.cert.subject_name()).unwrap();
    b.set_pubkey(public).unwrap();
    b.set_not_before(&Asn1Time::days_from_now(0).unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::days_from_now(365).unwrap())
        .unwrap();
    b.append_extension(
        KeyUsage::new()
            .critical()
            .digital_signature()
            .non_repudiation()
            .build()
            .unwrap(),
    )
    .unwrap();
    b.sign(&ca.key, MessageDigest::sha256()).unwrap();
    b.build()
}

/// A signer certificate issued by `ca`, packed with its key (and the CA) into a PKCS#12.
pub fn make_signer_p12(ca: &Ca, cn: &str, org: &str) -> Vec<u8> {
    let key = key();
    let cert = issue_cert(ca, &key, cn, org, 4242);
    let mut chain = openssl::stack::Stack::new().unwrap();
    chain.push(ca.cert.clone()).unwrap();
    Pkcs12::builder()
        .name(cn)
        .pkey(&key)
        .cert(&cert)
        .ca(chain)
        .build2(P12_PASSWORD)
        .unwrap()
        .to_der()
        .unwrap()
}

/// A one-page PDF with a line of text.
pub fn make_pdf(text: &str) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let content = format!("BT /F1 14 Tf 72 720 Td ({text}) Tj ET");
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}
