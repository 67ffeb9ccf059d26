//! Signing on a PKCS#11 token, against SoftHSM2 (Debian's `softhsm2`, installed by
//! `scripts/setup.sh`) standing in for a USB token (see `common/softhsm.rs`). The signed PDFs are
//! checked by the same OpenSSL verifier as incoming documents, and by poppler's `pdfsig` (NSS).

mod common;

use common::softhsm::{EC_KEY, PIN, RSA_KEY, TOKEN, fixture};
use common::{make_ca, make_pdf};
use std::path::PathBuf;
use vanthu_sign::{
    SignError, SignOptions, SignatureStatus, SigningKey, TokenSpec, TrustStore, list_tokens,
    sign_with, verify,
};

fn spec(key: Option<&str>, pin: &str) -> TokenSpec {
    TokenSpec {
        module: fixture().module.clone(),
        token_label: Some(TOKEN.into()),
        key_label: key.map(String::from),
        pin: pin.into(),
    }
}

fn trust() -> TrustStore {
    let mut t = TrustStore::empty();
    t.add(fixture().ca.cert.clone());
    t
}

fn options() -> SignOptions {
    SignOptions {
        reason: Some("Phê duyệt ban hành".into()),
        location: Some("Xã Tân Lập".into()),
        contact: None,
    }
}

fn sign_on_token(key: &str, text: &str) -> Vec<u8> {
    sign_with(
        &make_pdf(text),
        SigningKey::Token(&spec(Some(key), PIN)),
        &options(),
    )
    .unwrap()
}

fn check_valid(signed: &[u8], cn: &str) {
    let reports = verify(signed, &trust()).unwrap();
    assert_eq!(reports.len(), 1);
    let r = &reports[0];
    assert_eq!(r.status, SignatureStatus::Valid, "{:?}", r.problems);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(r.covers_whole_document);
    assert_eq!(r.sub_filter.as_deref(), Some("ETSI.CAdES.detached"));
    let signer = r.signer.as_ref().unwrap();
    assert_eq!(signer.common_name.as_deref(), Some(cn));
    assert_eq!(
        r.issuer.as_ref().unwrap().common_name.as_deref(),
        Some("CA Thử nghiệm Token")
    );
    assert_eq!(r.reason.as_deref(), Some("Phê duyệt ban hành"));
    let t =
        chrono::DateTime::parse_from_rfc3339(r.claimed_signing_time.as_deref().unwrap()).unwrap();
    assert!((chrono::Utc::now() - t.to_utc()).num_seconds().abs() < 600);
}

#[test]
fn rsa_key_on_the_token_signs_a_valid_pades_signature() {
    let signed = sign_on_token(RSA_KEY, "Quyet dinh so 5");
    check_valid(&signed, "Nguyễn Văn Thắng");
    // The original bytes are untouched (an incremental update) …
    let original = make_pdf("Quyet dinh so 5");
    assert_eq!(&signed[..original.len()], &original[..]);
    // … and one changed byte inside the signed range makes it invalid.
    let mut tampered = signed.clone();
    let at = tampered
        .windows(5)
        .position(|w| w == b"so 5)")
        .expect("text in the PDF");
    tampered[at + 3] = b'6';
    let r = &verify(&tampered, &trust()).unwrap()[0];
    assert_eq!(r.status, SignatureStatus::Invalid, "{:?}", r.problems);
}

#[test]
fn ec_key_on_the_token_signs_a_valid_pades_signature() {
    let signed = sign_on_token(EC_KEY, "Cong van so 8");
    check_valid(&signed, "Trần Thị Hoa");
}

#[test]
fn token_signature_from_an_unknown_ca_is_reported_so() {
    let signed = sign_on_token(RSA_KEY, "Thong bao so 2");
    let mut other = TrustStore::empty();
    other.add(make_ca("CA Khác").cert);
    let r = &verify(&signed, &other).unwrap()[0];
    assert_eq!(r.status, SignatureStatus::UnknownCa, "{:?}", r.problems);
}

#[test]
fn wrong_pin_is_refused_before_anything_is_signed() {
    let err = sign_with(
        &make_pdf("x"),
        SigningKey::Token(&spec(Some(RSA_KEY), "000000")),
        &options(),
    )
    .unwrap_err();
    assert!(matches!(err, SignError::TokenPin), "{err:?}");
    assert_eq!(err.code(), "token_pin");
    assert_eq!(err.to_string(), "Mã PIN của token không đúng.");
    // The right PIN still works afterwards (one wrong try does not lock SoftHSM2's token).
    check_valid(&sign_on_token(RSA_KEY, "sau"), "Nguyễn Văn Thắng");
}

#[test]
fn several_keys_and_none_chosen_names_them() {
    let err = sign_with(
        &make_pdf("x"),
        SigningKey::Token(&spec(None, PIN)),
        &options(),
    )
    .unwrap_err();
    assert_eq!(err.code(), "token_key_not_found");
    let msg = err.to_string();
    assert!(
        msg.contains(RSA_KEY) && msg.contains(EC_KEY) && msg.contains("nhiều khóa"),
        "{msg}"
    );
    let err = sign_with(
        &make_pdf("x"),
        SigningKey::Token(&spec(Some("khong-co"), PIN)),
        &options(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("\"khong-co\""), "{err}");
}

/// With one token plugged in (SoftHSM2 also shows a blank spare slot, which is not a choice), the
/// token need not be named.
#[test]
fn the_only_token_is_chosen_without_its_label() {
    let mut s = spec(Some(RSA_KEY), PIN);
    s.token_label = None;
    let signed = sign_with(&make_pdf("Bao cao so 4"), SigningKey::Token(&s), &options()).unwrap();
    check_valid(&signed, "Nguyễn Văn Thắng");
}

#[test]
fn missing_token_and_missing_module_are_clear_errors() {
    let mut s = spec(Some(RSA_KEY), PIN);
    s.token_label = Some("Token Khác".into());
    let err = sign_with(&make_pdf("x"), SigningKey::Token(&s), &options()).unwrap_err();
    assert_eq!(err.code(), "token_not_found");
    assert!(
        err.to_string().contains(TOKEN),
        "lists what is plugged in: {err}"
    );

    let mut s = spec(Some(RSA_KEY), PIN);
    s.module = PathBuf::from("/khong/co/libtoken.so");
    let err = sign_with(&make_pdf("x"), SigningKey::Token(&s), &options()).unwrap_err();
    assert_eq!(err.code(), "token_module");
    assert!(err.to_string().contains("/khong/co/libtoken.so"), "{err}");
}

#[test]
fn listing_shows_the_token_and_its_certificates_without_a_pin() {
    let tokens = list_tokens(&fixture().module).unwrap();
    let t = tokens.iter().find(|t| t.label == TOKEN).expect("our token");
    assert_eq!(t.manufacturer, "SoftHSM project");
    let mut subjects: Vec<_> = t
        .certificates
        .iter()
        .map(|c| (c.label.as_str(), c.subject.clone().unwrap_or_default()))
        .collect();
    subjects.sort();
    assert_eq!(subjects.len(), 3, "{subjects:?}");
    assert_eq!(subjects[0].0, "CA");
    assert!(subjects[1].1.contains("Trần Thị Hoa"), "{subjects:?}");
    assert!(subjects[2].1.contains("Nguyễn Văn Thắng"), "{subjects:?}");
    assert!(t.certificates.iter().all(|c| c.not_after.is_some()));
}

/// Poppler's `pdfsig` (NSS, not OpenSSL) as a second, independent verifier of the token's
/// signatures. The certificate is not in NSS's store, so only the signature itself is judged.
#[test]
fn poppler_pdfsig_also_finds_the_token_signatures_valid() {
    let dir = tempfile::tempdir().unwrap();
    for (key, cn) in [(RSA_KEY, "Nguyễn Văn Thắng"), (EC_KEY, "Trần Thị Hoa")] {
        let path = dir.path().join(format!("{key}.pdf"));
        std::fs::write(&path, sign_on_token(key, "Ke hoach so 3")).unwrap();
        let out = std::process::Command::new("pdfsig")
            .arg(&path)
            .output()
            .expect("pdfsig (poppler-utils, installed by scripts/setup.sh)");
        let text = String::from_utf8_lossy(&out.stdout);
        println!("{text}");
        assert!(
            text.contains("Signature Validation: Signature is Valid."),
            "{text}"
        );
        assert!(text.contains(cn), "{text}");
        assert!(text.contains("ETSI.CAdES.detached"), "{text}");
    }
}
