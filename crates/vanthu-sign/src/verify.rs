//! Verifying every signature of a PDF: coverage of the file, digest and signature (OpenSSL
//! CMS), and the certificate chain to the trust anchors.

use crate::cms_info;
use crate::pdf::{self, RawSignature, SignedRanges};
use crate::report::{CertName, SignatureReport, SignatureStatus};
use crate::{SignError, TrustStore};
use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use openssl::cms::{CMSOptions, CmsContentInfo};
use openssl::nid::Nid;
use openssl::stack::Stack;
use openssl::x509::{X509, X509NameRef, X509StoreContext, X509VerifyResult};

/// Verifies every signature dictionary of `pdf` against `trust`. An unsigned PDF gives an
/// empty list; bytes that are not a readable PDF give an error. Never panics on bad input.
pub fn verify(pdf: &[u8], trust: &TrustStore) -> Result<Vec<SignatureReport>, SignError> {
    let doc = pdf::load(pdf)?;
    Ok(pdf::find_signatures(&doc)
        .into_iter()
        .map(|raw| check(pdf, raw, trust))
        .collect())
}

/// Subfilters whose /Contents is a detached CMS SignedData over the byte ranges.
const DETACHED: [&str; 2] = ["adbe.pkcs7.detached", "ETSI.CAdES.detached"];

fn check(pdf: &[u8], raw: RawSignature, trust: &TrustStore) -> SignatureReport {
    let mut report = SignatureReport {
        field: raw.field.clone(),
        status: SignatureStatus::Malformed,
        sub_filter: raw.sub_filter.clone(),
        signer: None,
        issuer: None,
        serial: None,
        claimed_signing_time: raw.m.as_deref().and_then(parse_pdf_date).map(rfc3339),
        byte_range: raw.byte_range.clone(),
        covers_whole_document: false,
        reason: raw.reason.clone(),
        location: raw.location.clone(),
        problems: Vec::new(),
    };
    match examine(pdf, &raw, trust, &mut report) {
        Ok(status) | Err(status) => report.status = status,
    }
    report
}

/// Fills `report` and returns the verdict (`Err` only to stop early with a verdict).
fn examine(
    pdf: &[u8],
    raw: &RawSignature,
    trust: &TrustStore,
    report: &mut SignatureReport,
) -> Result<SignatureStatus, SignatureStatus> {
    use SignatureStatus::*;
    let problems = &mut report.problems;
    let ranges = SignedRanges::parse(&raw.byte_range, pdf.len()).map_err(|p| {
        problems.push(p);
        Malformed
    })?;
    report.covers_whole_document = ranges.first.start == 0 && ranges.second.end == pdf.len();
    if ranges.second.end < pdf.len() {
        problems.push(format!(
            "Có {} byte được thêm vào sau phần đã ký (bản cập nhật bổ sung sau khi ký: thêm chữ ký, ghi chú hoặc sửa đổi); chữ ký chỉ bảo đảm phiên bản lúc ký.",
            pdf.len() - ranges.second.end
        ));
    }
    if ranges.first.start != 0 {
        problems.push("Phần được ký không bắt đầu từ đầu tệp.".into());
        return Err(Invalid);
    }
    match raw.sub_filter.as_deref() {
        Some(s) if DETACHED.contains(&s) => {}
        Some("ETSI.RFC3161") => {
            problems.push(
                "Đây là dấu thời gian tài liệu (RFC 3161); VanThu chưa kiểm tra dấu thời gian."
                    .into(),
            );
            return Err(Malformed);
        }
        Some(other) => {
            problems.push(format!(
                "Kiểu chữ ký {other} chưa được hỗ trợ (chỉ hỗ trợ adbe.pkcs7.detached và ETSI.CAdES.detached)."
            ));
            return Err(Malformed);
        }
        None => problems.push("Từ điển chữ ký thiếu /SubFilter; coi như CMS tách rời.".into()),
    }
    // The gap must be exactly the /Contents string: otherwise unsigned bytes could carry
    // content a reader shows (signature wrapping).
    let gap = pdf::decode_gap(ranges.gap(pdf)).map_err(|p| {
        problems.push(format!("Phần không được ký không hợp lệ: {p}."));
        Invalid
    })?;
    if gap != raw.contents {
        problems.push("Chuỗi /Contents của chữ ký không nằm đúng ở phần không được ký.".into());
        return Err(Invalid);
    }
    let der_len = pdf::der_len(&gap).ok_or_else(|| {
        problems.push("/Contents không chứa cấu trúc CMS (DER) đọc được.".into());
        Malformed
    })?;
    let der = &gap[..der_len];
    let info = cms_info::read(der).map_err(|p| {
        problems.push(format!("Không đọc được chữ ký: {p}."));
        Malformed
    })?;
    if let Some(t) = info.signing_time {
        report.claimed_signing_time = DateTime::<Utc>::from_timestamp(t, 0).map(rfc3339);
    }
    if info.signer_count > 1 {
        problems.push(format!(
            "Chữ ký có {} người ký; chỉ người ký đầu tiên được hiển thị.",
            info.signer_count
        ));
    }
    if raw.sub_filter.as_deref() == Some("ETSI.CAdES.detached") && !info.has_signing_cert_v2 {
        problems.push(
            "Thiếu thuộc tính signingCertificateV2 mà chuẩn PAdES yêu cầu (vẫn kiểm tra được chữ ký)."
                .into(),
        );
    }
    let Some(signer) = info.signer.as_ref() else {
        problems.push("Chữ ký không kèm chứng thư của người ký.".into());
        return Err(Malformed);
    };
    report.signer = Some(cert_name(signer.subject_name()));
    report.issuer = Some(cert_name(signer.issuer_name()));
    report.serial = signer
        .serial_number()
        .to_bn()
        .ok()
        .and_then(|b| b.to_hex_str().ok())
        .map(|s| s.to_string());

    // Digest of the signed ranges and the signature over the signed attributes.
    let mut cms = CmsContentInfo::from_der(der).map_err(|e| {
        problems.push(format!("OpenSSL không đọc được chữ ký CMS ({e})."));
        Malformed
    })?;
    let crypto = || -> Result<Stack<X509>, openssl::error::ErrorStack> {
        let mut certs = Stack::new()?;
        certs.push(signer.clone())?;
        for c in &info.others {
            certs.push(c.clone())?;
        }
        Ok(certs)
    };
    let certs = crypto().map_err(|e| {
        problems.push(format!("Lỗi thư viện mật mã ({e})."));
        Malformed
    })?;
    let signed = ranges.signed_bytes(pdf);
    if let Err(e) = cms.verify(
        Some(&certs),
        None,
        Some(&signed),
        None,
        CMSOptions::NO_SIGNER_CERT_VERIFY | CMSOptions::BINARY,
    ) {
        problems.push(format!(
            "Chữ ký không khớp với nội dung đã ký: tài liệu đã bị sửa sau khi ký hoặc chữ ký bị giả mạo (OpenSSL: {}).",
            first_reason(&e)
        ));
        return Err(Invalid);
    }

    // The chain, at the claimed signing time.
    if trust.is_empty() {
        problems.push(
            "Chưa có chứng thư gốc tin cậy nào (thư mục trust trống), nên không xác định được CA."
                .into(),
        );
        return Ok(UnknownCa);
    }
    match chain_ok(signer, &info.others, trust, info.signing_time) {
        Ok(()) => Ok(Valid),
        Err(p) => {
            problems.push(p);
            Ok(UnknownCa)
        }
    }
}

fn chain_ok(
    signer: &X509,
    others: &[X509],
    trust: &TrustStore,
    at: Option<i64>,
) -> Result<(), String> {
    let run = || -> Result<X509VerifyResult, SignError> {
        let store = trust.openssl_store(at)?;
        let mut chain = Stack::new()?;
        for c in others {
            chain.push(c.clone())?;
        }
        let mut ctx = X509StoreContext::new()?;
        Ok(ctx.init(&store, signer, &chain, |c| {
            c.verify_cert()?;
            Ok(c.error())
        })?)
    };
    let result = run().map_err(|e| e.to_string())?;
    if result == X509VerifyResult::OK {
        return Ok(());
    }
    Err(format!(
        "Không xác minh được chuỗi chứng thư đến CA tin cậy: {}.",
        chain_error_vi(result)
    ))
}

/// Vietnamese for the chain errors people meet; OpenSSL's English text otherwise.
fn chain_error_vi(r: X509VerifyResult) -> String {
    match r.as_raw() {
        2 | 20 => "không tìm thấy CA cấp chứng thư trong danh sách tin cậy".into(),
        18 | 19 => "chứng thư tự ký hoặc CA gốc không nằm trong danh sách tin cậy".into(),
        9 => "chứng thư chưa có hiệu lực vào thời điểm ký".into(),
        10 => "chứng thư đã hết hạn vào thời điểm ký".into(),
        7 => "chữ ký trên chứng thư không đúng".into(),
        24 => "chứng thư trung gian không phải CA".into(),
        _ => format!("{} (mã {})", r.error_string(), r.as_raw()),
    }
}

fn first_reason(e: &openssl::error::ErrorStack) -> String {
    e.errors()
        .first()
        .and_then(|x| x.reason().map(str::to_string))
        .unwrap_or_else(|| e.to_string())
}

/// CN, O and the one-line subject of an X.509 name.
pub(crate) fn cert_name(name: &X509NameRef) -> CertName {
    let get = |nid: Nid| {
        name.entries_by_nid(nid)
            .next()
            .and_then(|e| e.data().to_string().ok())
    };
    let full = name
        .entries()
        .filter_map(|e| {
            let key = e.object().nid().short_name().ok()?;
            let value = e.data().to_string().ok()?;
            Some(format!("{key}={value}"))
        })
        .collect::<Vec<_>>()
        .join(", ");
    CertName {
        common_name: get(Nid::COMMONNAME),
        organization: get(Nid::ORGANIZATIONNAME),
        full,
    }
}

/// Reads a PDF date (`D:YYYYMMDDHHmmSS+07'00'`, `…Z`); None when it is not one.
pub(crate) fn parse_pdf_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim().trim_start_matches("D:").replace('\'', "");
    if s.len() < 14 {
        return None;
    }
    let (local, zone) = s.split_at(14);
    let naive = NaiveDateTime::parse_from_str(local, "%Y%m%d%H%M%S").ok()?;
    let offset = match zone {
        "" | "Z" => FixedOffset::east_opt(0)?,
        z => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let digits: String = z.chars().filter(char::is_ascii_digit).collect();
            let h: i32 = digits.get(..2)?.parse().ok()?;
            let m: i32 = digits.get(2..4).unwrap_or("0").parse().ok()?;
            FixedOffset::east_opt(sign * (h * 3600 + m * 60))?
        }
    };
    Some(
        naive
            .and_local_timezone(offset)
            .single()?
            .with_timezone(&Utc),
    )
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
