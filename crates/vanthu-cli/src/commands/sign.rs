//! `vanthu sign …`: verify the digital signatures of a PDF or of a registered document's PDF
//! attachments, sign a PDF with a .p12 file, and the leader's digital signature on an outgoing
//! document.

use super::Env;
use crate::output::print_json;
use clap::Subcommand;
use std::path::{Path, PathBuf};
use vanthu_core::CoreError;
use vanthu_local::LocalError;
use vanthu_local::signatures::{
    AttachmentSignatures, SignOutgoingInput, load_trust, sign_outgoing, trust_dir,
    verify_document_attachments,
};
use vanthu_sign::{SignOptions, SignatureReport, SignatureStatus, SigningKey};

#[derive(Debug, Subcommand)]
pub enum SignCommand {
    /// Liệt kê các token chữ ký số đang cắm và chứng thư trên từng token (không cần mã PIN).
    Tokens {
        /// Thư viện PKCS#11 của token (tệp .so/.dll của nhà cung cấp).
        #[arg(long)]
        pkcs11: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Kiểm tra chữ ký số trong một tệp PDF (người ký, CA cấp, thời điểm ký, hợp lệ hay không).
    /// Mã thoát 1 khi có chữ ký "Không hợp lệ" hoặc "Lỗi định dạng".
    Verify {
        file: PathBuf,
        /// Thư mục chứng thư gốc tin cậy (PEM/DER; mặc định: <thư mục dữ liệu>/trust).
        #[arg(long)]
        trust: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Ký số một tệp PDF bằng tệp chứng thư số .p12/.pfx hoặc token PKCS#11 (chữ ký PAdES, SHA-256).
    Pdf {
        input: PathBuf,
        #[command(flatten)]
        key: KeyArgs,
        /// Tệp PDF đã ký.
        #[arg(long)]
        out: PathBuf,
        /// Lý do ký, ví dụ "Phê duyệt ban hành".
        #[arg(long)]
        reason: Option<String>,
        /// Nơi ký, ví dụ "UBND xã Tân Lập".
        #[arg(long)]
        location: Option<String>,
        #[arg(long)]
        trust: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Kiểm tra chữ ký số của các tệp PDF đính kèm một văn bản đến (số đến/năm hoặc mã) và lưu kết quả.
    Incoming {
        reference: String,
        #[arg(long)]
        trust: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Lãnh đạo ký số tệp PDF của văn bản đi đã duyệt (ghi nhận bước "ký"), đính kèm tệp đã ký.
    Outgoing {
        /// Văn bản đi (mã hoặc số ký hiệu).
        reference: String,
        /// Tệp PDF của văn bản cần ký.
        #[arg(long)]
        pdf: PathBuf,
        #[command(flatten)]
        key: KeyArgs,
        #[arg(long)]
        reason: Option<String>,
        #[arg(long)]
        location: Option<String>,
        #[arg(long)]
        trust: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

/// Where the signing key is: a .p12 file, or a PKCS#11 token (`--pkcs11`).
#[derive(Debug, clap::Args)]
pub struct KeyArgs {
    /// Tệp chứng thư số .p12/.pfx có khóa bí mật.
    #[arg(long, required_unless_present = "pkcs11", conflicts_with = "pkcs11")]
    p12: Option<PathBuf>,
    /// Tên biến môi trường chứa mật khẩu tệp .p12 hoặc mã PIN của token (không ghi trên dòng lệnh).
    #[arg(long, visible_alias = "pin-env")]
    password_env: String,
    /// Thư viện PKCS#11 của token (tệp .so/.dll của nhà cung cấp, ví dụ của VNPT-CA, Viettel-CA).
    #[arg(long)]
    pkcs11: Option<PathBuf>,
    /// Nhãn của token (khi cắm nhiều token).
    #[arg(long, requires = "pkcs11")]
    token: Option<String>,
    /// Nhãn của khóa hoặc chứng thư trên token (khi token có nhiều khóa ký).
    #[arg(long, requires = "pkcs11")]
    key_label: Option<String>,
}

/// The key read from the arguments: the .p12 bytes, or the token to open.
enum KeySource {
    P12 { der: Vec<u8>, password: String },
    Token(vanthu_sign::TokenSpec),
}

impl KeyArgs {
    fn load(self) -> anyhow::Result<KeySource> {
        let secret = secret_from(&self.password_env, self.pkcs11.is_some())?;
        Ok(match (self.pkcs11, self.p12) {
            (Some(module), _) => KeySource::Token(vanthu_sign::TokenSpec {
                module,
                token_label: self.token,
                key_label: self.key_label,
                pin: secret,
            }),
            (None, Some(p12)) => KeySource::P12 {
                der: read(&p12)?,
                password: secret,
            },
            (None, None) => unreachable!("clap requires --p12 or --pkcs11"),
        })
    }
}

impl KeySource {
    fn key(&self) -> SigningKey<'_> {
        match self {
            KeySource::P12 { der, password } => SigningKey::P12 { der, password },
            KeySource::Token(spec) => SigningKey::Token(spec),
        }
    }
}

impl SignCommand {
    pub fn json(&self) -> bool {
        match self {
            SignCommand::Tokens { json, .. }
            | SignCommand::Verify { json, .. }
            | SignCommand::Pdf { json, .. }
            | SignCommand::Incoming { json, .. }
            | SignCommand::Outgoing { json, .. } => *json,
        }
    }

    /// Commands on files alone, which need no database (run before the store is opened).
    pub fn is_standalone(&self) -> bool {
        matches!(
            self,
            SignCommand::Verify { .. } | SignCommand::Pdf { .. } | SignCommand::Tokens { .. }
        )
    }
}

/// `verify` and `pdf`: files in, files or a report out.
pub fn run_standalone(data_dir: &Path, cmd: SignCommand) -> anyhow::Result<()> {
    match cmd {
        SignCommand::Verify { file, trust, json } => {
            let trust_dir_used = trust.clone().unwrap_or_else(|| trust_dir(data_dir));
            let trust = load_trust(data_dir, trust.as_deref())?;
            let bytes = read(&file)?;
            let reports = vanthu_sign::verify(&bytes, &trust).map_err(LocalError::from)?;
            if json {
                print_json(&serde_json::json!({
                    "file": file, "trust_anchors": trust.len(), "signatures": reports
                }))?;
            } else {
                println!("Tệp: {} — {}", file.display(), count_vi(reports.len()));
                print_reports(&reports);
                print_trust_note(&trust_dir_used, trust.len());
            }
            exit_if_bad(&reports);
            Ok(())
        }
        SignCommand::Tokens { pkcs11, json } => {
            let tokens = vanthu_sign::list_tokens(&pkcs11).map_err(LocalError::from)?;
            if json {
                print_json(&tokens)?;
            } else if tokens.is_empty() {
                println!("Không thấy token nào được cắm ({}).", pkcs11.display());
            } else {
                for t in &tokens {
                    println!(
                        "Token \"{}\" ({} {}, số sê-ri {}) — {} chứng thư:",
                        t.label,
                        t.manufacturer,
                        t.model,
                        t.serial,
                        t.certificates.len()
                    );
                    for c in &t.certificates {
                        println!(
                            "  - nhãn \"{}\": {} — cấp bởi {}; hết hạn {}",
                            c.label,
                            c.subject.as_deref().unwrap_or("?"),
                            c.issuer.as_deref().unwrap_or("?"),
                            c.not_after.as_deref().map(date_vi).unwrap_or_default()
                        );
                    }
                }
            }
            Ok(())
        }
        SignCommand::Pdf {
            input,
            key,
            out,
            reason,
            location,
            trust,
            json,
        } => {
            let source = key.load()?;
            let signed = vanthu_sign::sign_with(
                &read(&input)?,
                source.key(),
                &SignOptions {
                    reason,
                    location,
                    contact: None,
                },
            )
            .map_err(LocalError::from)?;
            std::fs::write(&out, &signed).map_err(|e| LocalError::Io {
                path: out.display().to_string(),
                source: e,
            })?;
            let trust = load_trust(data_dir, trust.as_deref())?;
            let reports = vanthu_sign::verify(&signed, &trust).map_err(LocalError::from)?;
            if json {
                print_json(&serde_json::json!({ "out": out, "signatures": reports }))?;
            } else {
                println!("Đã ký số và ghi tệp {}.", out.display());
                if let Some(r) = reports.last() {
                    println!("Kiểm tra lại chữ ký vừa ký:");
                    print_reports(std::slice::from_ref(r));
                }
            }
            Ok(())
        }
        _ => unreachable!("only standalone commands come here"),
    }
}

/// `incoming` and `outgoing`: documents of the store.
pub fn run(env: &mut Env, cmd: SignCommand) -> anyhow::Result<()> {
    match cmd {
        SignCommand::Incoming {
            reference,
            trust,
            json,
        } => {
            let checks = env.write(|tx, ctx, dir| {
                let id = vanthu_local::incoming::resolve_ref(tx, &reference)?;
                let trust = load_trust(dir, trust.as_deref())?;
                verify_document_attachments(tx, ctx, dir, "incoming", &id, &trust)
            })?;
            if json {
                print_json(&checks)?;
            } else {
                print_checks(&reference, &checks);
            }
            Ok(())
        }
        SignCommand::Outgoing {
            reference,
            pdf,
            key,
            reason,
            location,
            trust,
            json,
        } => {
            let source = key.load()?;
            let pdf_bytes = read(&pdf)?;
            let file_name = pdf
                .file_name()
                .map(|n| n.to_string_lossy().replace(".pdf", "") + "-da-ky.pdf")
                .unwrap_or_else(|| "van-ban-da-ky.pdf".into());
            let done = env.write(|tx, ctx, dir| {
                let trust = load_trust(dir, trust.as_deref())?;
                let input = SignOutgoingInput {
                    pdf: &pdf_bytes,
                    file_name: &file_name,
                    key: source.key(),
                    options: SignOptions {
                        reason,
                        location,
                        contact: None,
                    },
                };
                sign_outgoing(tx, ctx, dir, &reference, &input, &trust)
            })?;
            if json {
                print_json(&done)?;
            } else {
                println!(
                    "Đã ký số văn bản đi \"{}\" (trạng thái: {}; người ký: {}), đính kèm tệp {}.",
                    done.document.summary,
                    done.document.status.label_vi(),
                    done.document.signer.as_deref().unwrap_or("—"),
                    done.attachment.file_name
                );
                print_reports(&done.check.reports);
            }
            Ok(())
        }
        _ => unreachable!("standalone commands are run before the store is opened"),
    }
}

fn read(path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| {
        LocalError::Io {
            path: path.display().to_string(),
            source: e,
        }
        .into()
    })
}

/// The .p12 password or the token PIN, from the environment variable named on the command line
/// (never the value itself, which would stay in the shell history and the process list).
fn secret_from(var: &str, token: bool) -> anyhow::Result<String> {
    std::env::var(var).map_err(|_| {
        CoreError::MissingField {
            field: if token {
                "mã PIN của token (biến môi trường ghi trong --pin-env chưa được đặt)"
            } else {
                "mật khẩu tệp .p12 (biến môi trường ghi trong --password-env chưa được đặt)"
            },
        }
        .into()
    })
}

/// "2027-12-07T…" → "07/12/2027".
fn date_vi(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|_| rfc3339.to_string())
}

fn count_vi(n: usize) -> String {
    if n == 0 {
        "không có chữ ký số".into()
    } else {
        format!("{n} chữ ký số")
    }
}

/// Exit code 1 when a signature is invalid or unreadable, so scripts can rely on it.
fn exit_if_bad(reports: &[SignatureReport]) {
    if reports.iter().any(|r| {
        matches!(
            r.status,
            SignatureStatus::Invalid | SignatureStatus::Malformed
        )
    }) {
        std::process::exit(1);
    }
}

fn print_reports(reports: &[SignatureReport]) {
    for (i, r) in reports.iter().enumerate() {
        println!("Chữ ký {} ({}): {}", i + 1, r.field, r.summary_vi());
        let name = |n: &Option<vanthu_sign::CertName>| {
            n.as_ref()
                .map(|n| n.display())
                .unwrap_or_else(|| "—".into())
        };
        println!("  Người ký:     {}", name(&r.signer));
        println!("  CA cấp:       {}", name(&r.issuer));
        println!(
            "  Thời điểm ký: {}",
            r.claimed_signing_time
                .as_deref()
                .map(|t| format!(
                    "{} (giờ Việt Nam; do máy người ký tự ghi, không có dấu thời gian xác thực)",
                    vn_time(t)
                ))
                .unwrap_or_else(|| "—".into())
        );
        println!(
            "  Phạm vi ký:   {}",
            if r.covers_whole_document {
                "toàn bộ tệp"
            } else {
                "KHÔNG phải toàn bộ tệp (có phần thêm vào sau khi ký)"
            }
        );
        if let Some(reason) = &r.reason {
            println!("  Lý do:        {reason}");
        }
        if let Some(location) = &r.location {
            println!("  Nơi ký:       {location}");
        }
        if let Some(sf) = &r.sub_filter {
            println!("  Kiểu chữ ký:  {sf}");
        }
        for p in &r.problems {
            println!("  ! {p}");
        }
    }
}

fn print_checks(reference: &str, checks: &[AttachmentSignatures]) {
    if checks.is_empty() {
        println!("Văn bản đến {reference} không có tệp PDF đính kèm.");
        return;
    }
    for c in checks {
        println!("Tệp {}: {}", c.file_name, c.summary_vi());
        print_reports(&c.reports);
    }
}

fn print_trust_note(dir: &Path, anchors: usize) {
    if anchors == 0 {
        println!(
            "Chưa có chứng thư gốc tin cậy: hãy chép tệp chứng thư gốc (PEM/DER) do tỉnh cung cấp vào {} hoặc dùng --trust.",
            dir.display()
        );
    }
}

/// An RFC 3339 time as `dd/mm/yyyy HH:MM:SS` in Vietnam time.
fn vn_time(t: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(t)
        .map(|d| {
            d.with_timezone(&vanthu_core::time::vietnam_offset())
                .format("%d/%m/%Y %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|_| t.to_string())
}
