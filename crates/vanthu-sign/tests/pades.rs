//! PAdES signing and verification on PDFs these tests make and sign themselves with their own
//! test CA: valid, tampered, unknown CA, appended after signing, unsigned, garbage.

mod common;

use common::{P12_PASSWORD, make_ca, make_pdf, make_signer_p12};
use std::sync::OnceLock;
use vanthu_sign::{SignError, SignOptions, SignatureStatus, TrustStore, sign, verify};

struct Fixture {
    ca_pem: Vec<u8>,
    signed: Vec<u8>,
    unknown_signed: Vec<u8>,
}

/// RSA key generation is the slow part: make the PKI and the signed files once.
fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let ca = make_ca("CA Thử nghiệm Tỉnh");
        let p12 = make_signer_p12(&ca, "Nguyễn Văn An", "UBND xã Tân Lập");
        let opts = SignOptions {
            reason: Some("Phê duyệt ban hành".into()),
            location: Some("Xã Tân Lập".into()),
            contact: None,
        };
        let signed = sign(&make_pdf("Cong van so 12"), &p12, P12_PASSWORD, &opts).unwrap();
        let stranger = make_ca("CA Lạ");
        let p12b = make_signer_p12(&stranger, "Trần Thị Bình", "Công ty Lạ");
        let unknown_signed = sign(&make_pdf("Cong van so 13"), &p12b, P12_PASSWORD, &opts).unwrap();
        Fixture {
            ca_pem: ca.cert.to_pem().unwrap(),
            signed,
            unknown_signed,
        }
    })
}

fn trust() -> TrustStore {
    let mut t = TrustStore::empty();
    t.add_bytes(&fixture().ca_pem).unwrap();
    t
}

#[test]
fn own_signature_is_valid_with_signer_ca_and_time() {
    let f = fixture();
    let reports = verify(&f.signed, &trust()).unwrap();
    assert_eq!(reports.len(), 1);
    let r = &reports[0];
    assert_eq!(r.status, SignatureStatus::Valid, "{:?}", r.problems);
    assert!(r.covers_whole_document);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.sub_filter.as_deref(), Some("ETSI.CAdES.detached"));
    let signer = r.signer.as_ref().unwrap();
    assert_eq!(signer.common_name.as_deref(), Some("Nguyễn Văn An"));
    assert_eq!(signer.organization.as_deref(), Some("UBND xã Tân Lập"));
    let issuer = r.issuer.as_ref().unwrap();
    assert_eq!(issuer.common_name.as_deref(), Some("CA Thử nghiệm Tỉnh"));
    assert_eq!(r.reason.as_deref(), Some("Phê duyệt ban hành"));
    assert_eq!(r.location.as_deref(), Some("Xã Tân Lập"));
    // The claimed time comes from the signingTime attribute: today, to the minute or so.
    let t =
        chrono::DateTime::parse_from_rfc3339(r.claimed_signing_time.as_deref().unwrap()).unwrap();
    assert!((chrono::Utc::now() - t.to_utc()).num_seconds().abs() < 600);
    // The original bytes are untouched: the signature is an incremental update.
    let original = make_pdf("Cong van so 12");
    assert_eq!(&f.signed[..original.len()], &original[..]);
}

#[test]
fn tampered_byte_inside_signed_range_is_invalid() {
    let mut pdf = fixture().signed.clone();
    let at = find(&pdf, b"Cong van so 12").unwrap();
    pdf[at] = b'X';
    let r = &verify(&pdf, &trust()).unwrap()[0];
    assert_eq!(r.status, SignatureStatus::Invalid);
    assert_eq!(r.status.label_vi(), "Không hợp lệ");
    assert!(
        r.problems.iter().any(|p| p.contains("sửa sau khi ký")),
        "{:?}",
        r.problems
    );
}

#[test]
fn signer_from_unknown_ca_is_unknown_ca() {
    let r = &verify(&fixture().unknown_signed, &trust()).unwrap()[0];
    assert_eq!(r.status, SignatureStatus::UnknownCa, "{:?}", r.problems);
    assert_eq!(r.status.label_vi(), "Không rõ CA");
    assert_eq!(
        r.signer.as_ref().unwrap().common_name.as_deref(),
        Some("Trần Thị Bình")
    );
    // With no anchors at all, even our own CA's signature is "unknown CA", never "valid".
    let r = &verify(&fixture().signed, &TrustStore::empty()).unwrap()[0];
    assert_eq!(r.status, SignatureStatus::UnknownCa);
}

#[test]
fn bytes_appended_after_signing_are_reported() {
    let mut pdf = fixture().signed.clone();
    pdf.extend_from_slice("\n% thêm sau khi ký\n1 0 obj\n<< >>\nendobj\n".as_bytes());
    let r = &verify(&pdf, &trust()).unwrap()[0];
    assert!(!r.covers_whole_document);
    // The signed revision itself is intact, so the math still holds; the caveat is explicit.
    assert_eq!(r.status, SignatureStatus::Valid);
    assert!(r.summary_vi().contains("sau khi ký"), "{}", r.summary_vi());
    assert!(
        r.problems.iter().any(|p| p.contains("byte được thêm vào")),
        "{:?}",
        r.problems
    );
}

#[test]
fn second_signature_keeps_first_and_both_verify() {
    let ca = make_ca("CA Thử nghiệm Tỉnh 2");
    let p12 = make_signer_p12(&ca, "Lê Văn Cường", "UBND xã Tân Lập");
    let once = sign(
        &make_pdf("Hai chu ky"),
        &p12,
        P12_PASSWORD,
        &SignOptions::default(),
    )
    .unwrap();
    let twice = sign(&once, &p12, P12_PASSWORD, &SignOptions::default()).unwrap();
    let mut t = TrustStore::empty();
    t.add(ca.cert.clone());
    let reports = verify(&twice, &t).unwrap();
    assert_eq!(reports.len(), 2);
    assert!(reports.iter().all(|r| r.status == SignatureStatus::Valid));
    assert!(
        !reports[0].covers_whole_document,
        "the first is followed by the second"
    );
    assert!(reports[1].covers_whole_document);
    assert_eq!(reports[1].field, "Signature2");
}

#[test]
fn unsigned_pdf_has_no_signatures() {
    assert!(verify(&make_pdf("Khong ky"), &trust()).unwrap().is_empty());
}

#[test]
fn garbage_is_a_clear_error_not_a_panic() {
    let e = verify(b"this is not a pdf at all", &trust()).unwrap_err();
    assert!(matches!(e, SignError::NotPdf));
    assert_eq!(e.code(), "not_pdf");
    assert!(e.to_string().contains("không phải là PDF"));
    let e = verify(b"%PDF-1.7\n garbage \x00\xff trailer", &trust()).unwrap_err();
    assert_eq!(e.code(), "bad_pdf");
    // A truncated signed file: whatever happens, no panic.
    let f = &fixture().signed;
    for cut in [f.len() / 3, f.len() / 2, f.len() - 40] {
        let _ = verify(&f[..cut], &trust());
    }
}

#[test]
fn corrupted_signature_contents_is_reported_not_panicking() {
    let mut pdf = fixture().signed.clone();
    // The /Contents hex string starts where the first signed range ends: break its DER header.
    let at = verify(&pdf, &trust()).unwrap()[0].byte_range[1] as usize + 1;
    pdf[at..at + 4].copy_from_slice(b"FFFF");
    let r = &verify(&pdf, &trust()).unwrap()[0];
    assert_eq!(r.status, SignatureStatus::Malformed, "{:?}", r.problems);
    assert_eq!(r.status.label_vi(), "Lỗi định dạng");
}

#[test]
fn wrong_p12_password_and_garbage_p12_are_refused() {
    let ca = make_ca("CA Mật khẩu");
    let p12 = make_signer_p12(&ca, "A", "B");
    let e = sign(&make_pdf("x"), &p12, "sai", &SignOptions::default()).unwrap_err();
    assert_eq!(e.code(), "p12_unreadable");
    let e = sign(&make_pdf("x"), b"rac", "sai", &SignOptions::default()).unwrap_err();
    assert_eq!(e.code(), "p12_unreadable");
    let e = sign(b"not a pdf", &p12, P12_PASSWORD, &SignOptions::default()).unwrap_err();
    assert_eq!(e.code(), "not_pdf");
}

#[test]
fn trust_folder_reads_pem_and_der_and_names_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let ca = make_ca("CA Thư mục");
    std::fs::write(dir.path().join("goc.pem"), ca.cert.to_pem().unwrap()).unwrap();
    std::fs::write(dir.path().join("goc2.cer"), ca.cert.to_der().unwrap()).unwrap();
    std::fs::write(dir.path().join("ghi-chu.txt"), "bỏ qua").unwrap();
    assert_eq!(TrustStore::from_dir(dir.path()).unwrap().len(), 2);
    assert!(
        TrustStore::from_dir(&dir.path().join("khong-co"))
            .unwrap()
            .is_empty()
    );
    std::fs::write(dir.path().join("hong.crt"), "không phải chứng thư").unwrap();
    let e = TrustStore::from_dir(dir.path()).unwrap_err();
    assert_eq!(e.code(), "trust_anchor");
    assert!(e.to_string().contains("hong.crt"));
}

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}
