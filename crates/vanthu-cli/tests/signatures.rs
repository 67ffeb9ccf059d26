//! `vanthu sign …` end to end: a PDF signed with a .p12 made at run time by the tests' own CA,
//! verified from a file and as an attachment of a registered incoming document; the leader's
//! digital signature on an approved outgoing document.

#[path = "../../vanthu-sign/tests/common/mod.rs"]
mod pki;

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;
use std::path::Path;

fn vanthu(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("vanthu").unwrap();
    c.env("VANTHU_DATA_DIR", dir)
        .env("VANTHU_NOW", "2026-11-24T09:00:00+07:00")
        .env("P12_PASS", pki::P12_PASSWORD);
    c
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let out = vanthu(dir)
        .args(args)
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

/// A data dir whose trust folder holds the test CA, a signer .p12 and an unsigned PDF.
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let ca = pki::make_ca("CA Thử nghiệm Tỉnh");
        std::fs::create_dir_all(dir.path().join("trust")).unwrap();
        std::fs::write(dir.path().join("trust/goc.pem"), ca.cert.to_pem().unwrap()).unwrap();
        std::fs::write(
            dir.path().join("lanh-dao.p12"),
            pki::make_signer_p12(&ca, "Nguyễn Văn Thắng", "UBND xã Tân Lập"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("cong-van.pdf"),
            pki::make_pdf("Cong van 15"),
        )
        .unwrap();
        Setup { dir }
    }
    fn d(&self) -> &Path {
        self.dir.path()
    }
    fn path(&self, name: &str) -> String {
        self.d().join(name).display().to_string()
    }
    fn sign(&self, input: &str, out: &str) {
        vanthu(self.d())
            .args([
                "sign",
                "pdf",
                &self.path(input),
                "--p12",
                &self.path("lanh-dao.p12"),
            ])
            .args(["--password-env", "P12_PASS", "--out", &self.path(out)])
            .args(["--reason", "Phê duyệt", "--location", "Xã Tân Lập"])
            .assert()
            .success()
            .stdout(contains("Đã ký số"))
            .stdout(contains("Hợp lệ"));
    }
}

#[test]
fn sign_then_verify_a_file_valid_then_tampered() {
    let s = Setup::new();
    s.sign("cong-van.pdf", "da-ky.pdf");
    vanthu(s.d())
        .args(["sign", "verify", &s.path("da-ky.pdf")])
        .assert()
        .success()
        .stdout(contains("Chữ ký 1 (Signature1): Hợp lệ"))
        .stdout(contains("Người ký:     Nguyễn Văn Thắng (UBND xã Tân Lập)"))
        .stdout(contains("CA cấp:       CA Thử nghiệm Tỉnh"))
        .stdout(contains("Phạm vi ký:   toàn bộ tệp"));
    let out = json(s.d(), &["sign", "verify", &s.path("da-ky.pdf")]);
    assert_eq!(out["signatures"][0]["status"], "valid");
    assert_eq!(out["trust_anchors"], 1);

    // One byte inside the signed range changed: "Không hợp lệ", exit code 1.
    let mut bytes = std::fs::read(s.d().join("da-ky.pdf")).unwrap();
    let at = bytes.windows(11).position(|w| w == b"Cong van 15").unwrap();
    bytes[at + 9] = b'6';
    std::fs::write(s.d().join("sua.pdf"), &bytes).unwrap();
    vanthu(s.d())
        .args(["sign", "verify", &s.path("sua.pdf")])
        .assert()
        .code(1)
        .stdout(contains("Không hợp lệ"));

    // Without the trust folder the same file is "Không rõ CA" and says where anchors go.
    let empty = tempfile::tempdir().unwrap();
    vanthu(s.d())
        .args(["sign", "verify", &s.path("da-ky.pdf")])
        .args(["--trust", &empty.path().display().to_string()])
        .assert()
        .success()
        .stdout(contains("Không rõ CA"))
        .stdout(contains("Chưa có chứng thư gốc tin cậy"));

    // Garbage: a clear error, not a panic.
    std::fs::write(s.d().join("rac.pdf"), "không phải PDF").unwrap();
    vanthu(s.d())
        .args(["sign", "verify", &s.path("rac.pdf")])
        .assert()
        .code(1)
        .stderr(contains("Lỗi: Tệp không phải là PDF"));
    // A wrong .p12 password is refused.
    vanthu(s.d())
        .env("P12_PASS", "sai")
        .args([
            "sign",
            "pdf",
            &s.path("cong-van.pdf"),
            "--p12",
            &s.path("lanh-dao.p12"),
        ])
        .args(["--password-env", "P12_PASS", "--out", &s.path("x.pdf")])
        .assert()
        .code(1)
        .stderr(contains("sai mật khẩu"));
}

#[test]
fn incoming_pdf_attachments_are_verified_and_stored() {
    let s = Setup::new();
    s.sign("cong-van.pdf", "den-da-ky.pdf");
    std::fs::write(s.d().join("ghi-chu.txt"), "không phải PDF").unwrap();
    vanthu(s.d())
        .args([
            "incoming",
            "add",
            "--symbol",
            "15/UBND-VP",
            "--date",
            "20/11/2026",
        ])
        .args([
            "--issuer",
            "UBND huyện",
            "--type",
            "Công văn",
            "--summary",
            "Về chuyển đổi số",
        ])
        .args([
            "--attach",
            &s.path("den-da-ky.pdf"),
            "--attach",
            &s.path("cong-van.pdf"),
        ])
        .args(["--attach", &s.path("ghi-chu.txt")])
        .assert()
        .success();
    let checks = json(s.d(), &["sign", "incoming", "1/2026"]);
    let checks = checks.as_array().unwrap();
    assert_eq!(checks.len(), 2, "the .txt is skipped: {checks:?}");
    let by_name = |n: &str| checks.iter().find(|c| c["file_name"] == n).unwrap();
    let signed = by_name("den-da-ky.pdf");
    assert_eq!(signed["status"], "valid");
    assert_eq!(
        signed["reports"][0]["signer"]["common_name"],
        "Nguyễn Văn Thắng"
    );
    assert_eq!(
        by_name("cong-van.pdf")["status"],
        Value::Null,
        "unsigned PDF"
    );
    vanthu(s.d())
        .args(["sign", "incoming", "1/2026"])
        .assert()
        .success()
        .stdout(contains("Tệp den-da-ky.pdf: Hợp lệ"))
        .stdout(contains("Tệp cong-van.pdf: Không có chữ ký số"));
}

#[test]
fn leader_signs_an_approved_outgoing_document() {
    let s = Setup::new();
    let d = s.d();
    vanthu(d)
        .args([
            "setup",
            "--name",
            "Ủy ban nhân dân xã Tân Lập",
            "--superior",
        ])
        .args([
            "Ủy ban nhân dân tỉnh Thái Nguyên",
            "--abbr",
            "UBND",
            "--place",
            "Tân Lập",
        ])
        .args(["--style", "state", "--leader", "Nguyễn Văn Thắng|Chủ tịch"])
        .assert()
        .success();
    let draft = json(
        d,
        &[
            "outgoing",
            "create",
            "--type",
            "Công văn",
            "--summary",
            "Về lịch họp tháng 12",
        ],
    );
    let id = draft["id"].as_str().unwrap().to_string();
    let sign_args = |c: &mut Command| {
        c.args(["sign", "outgoing", &id, "--pdf", &s.path("cong-van.pdf")])
            .args([
                "--p12",
                &s.path("lanh-dao.p12"),
                "--password-env",
                "P12_PASS",
            ]);
    };
    // A draft cannot be signed.
    let mut c = vanthu(d);
    sign_args(&mut c);
    c.assert().code(1).stderr(contains("phải được duyệt trước"));
    for step in ["submit", "approve"] {
        vanthu(d)
            .args(["outgoing", "transition", &id, step])
            .assert()
            .success();
    }
    let mut c = vanthu(d);
    sign_args(&mut c);
    let out = c
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let done: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(done["document"]["status"], "signed");
    assert_eq!(done["document"]["signer"], "Nguyễn Văn Thắng");
    assert_eq!(done["check"]["status"], "valid");
    assert_eq!(done["attachment"]["file_name"], "cong-van-da-ky.pdf");
    // The number is still taken at issue, as before.
    let issued = json(d, &["outgoing", "issue", &id]);
    assert_eq!(issued["status"], "issued");
}

#[test]
fn only_the_leader_may_sign_an_outgoing_document() {
    let s = Setup::new();
    let d = s.d();
    let user = |u: &str, p: &str| {
        let mut c = vanthu(d);
        c.env("VANTHU_USER", u).env("VANTHU_PASSWORD", p);
        c
    };
    vanthu(d)
        .env_remove("VANTHU_USER")
        .args([
            "user",
            "add",
            "--username",
            "lan.vt",
            "--name",
            "Trần Thị Lan",
        ])
        .args(["--role", "clerk", "--password", "matkhau-vanthu"])
        .assert()
        .success();
    user("lan.vt", "matkhau-vanthu")
        .args([
            "user",
            "add",
            "--username",
            "thang.ct",
            "--name",
            "Nguyễn Văn Thắng",
        ])
        .args(["--role", "leader", "--password", "matkhau-lanhdao"])
        .assert()
        .success();
    let out = user("lan.vt", "matkhau-vanthu")
        .args([
            "outgoing",
            "create",
            "--type",
            "Công văn",
            "--summary",
            "Về họp",
            "--json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let id = serde_json::from_slice::<Value>(&out).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    user("lan.vt", "matkhau-vanthu")
        .args(["outgoing", "transition", &id, "submit"])
        .assert()
        .success();
    user("thang.ct", "matkhau-lanhdao")
        .args(["outgoing", "transition", &id, "approve"])
        .assert()
        .success();
    let sign = |c: &mut Command| {
        c.args(["sign", "outgoing", &id, "--pdf", &s.path("cong-van.pdf")])
            .args([
                "--p12",
                &s.path("lanh-dao.p12"),
                "--password-env",
                "P12_PASS",
            ])
            .assert()
    };
    sign(&mut user("lan.vt", "matkhau-vanthu"))
        .code(1)
        .stderr(contains("Văn thư"));
    sign(&mut user("thang.ct", "matkhau-lanhdao"))
        .success()
        .stdout(contains("Đã ký số văn bản đi"))
        .stdout(contains("Hợp lệ"));
}

/// The leader's USB token (SoftHSM2 standing in, see vanthu-sign/tests/common/softhsm.rs): list
/// what is plugged in, refuse a wrong PIN with nothing changed, then sign an approved outgoing
/// document on the token.
#[test]
fn leader_signs_an_outgoing_document_on_a_pkcs11_token() {
    use pki::softhsm::{PIN, RSA_KEY, TOKEN};
    let token = pki::softhsm::fixture();
    let s = Setup::new();
    let d = s.d();
    std::fs::write(
        d.join("trust/token-ca.pem"),
        token.ca.cert.to_pem().unwrap(),
    )
    .unwrap();
    let module = token.module.display().to_string();
    let on_token = || {
        let mut c = vanthu(d);
        c.env("SOFTHSM2_CONF", &token.conf).env("TOKEN_PIN", PIN);
        c
    };

    let listed = on_token()
        .args(["sign", "tokens", "--pkcs11", &module, "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let listed: Value = serde_json::from_slice(&listed).unwrap();
    let ours = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["label"] == TOKEN)
        .expect("the token is listed");
    assert!(
        ours["certificates"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["label"] == RSA_KEY
                && c["subject"].as_str().unwrap().contains("Nguyễn Văn Thắng")),
        "{ours}"
    );
    on_token()
        .args(["sign", "tokens", "--pkcs11", &module])
        .assert()
        .success()
        .stdout(contains(format!("Token \"{TOKEN}\"")))
        .stdout(contains(format!("nhãn \"{RSA_KEY}\": Nguyễn Văn Thắng")));

    vanthu(d)
        .args([
            "setup",
            "--name",
            "Ủy ban nhân dân xã Tân Lập",
            "--superior",
        ])
        .args(["Ủy ban nhân dân tỉnh Thái Nguyên", "--abbr", "UBND"])
        .args(["--place", "Tân Lập", "--style", "state"])
        .args(["--leader", "Nguyễn Văn Thắng|Chủ tịch"])
        .assert()
        .success();
    let draft = json(
        d,
        &[
            "outgoing",
            "create",
            "--type",
            "Công văn",
            "--summary",
            "Về lịch trực Tết",
        ],
    );
    let id = draft["id"].as_str().unwrap().to_string();
    for step in ["submit", "approve"] {
        vanthu(d)
            .args(["outgoing", "transition", &id, step])
            .assert()
            .success();
    }
    let sign = |c: &mut Command, extra: &[&str]| {
        c.args(["sign", "outgoing", &id, "--pdf", &s.path("cong-van.pdf")])
            .args([
                "--pkcs11",
                &module,
                "--token",
                TOKEN,
                "--key-label",
                RSA_KEY,
            ])
            .args(["--pin-env", "TOKEN_PIN"])
            .args(extra)
            .assert()
    };
    sign(on_token().env("TOKEN_PIN", "000000"), &[])
        .code(1)
        .stderr(contains("Mã PIN của token không đúng"));
    let after_refusal = json(d, &["outgoing", "show", &id]);
    assert_eq!(
        after_refusal["document"]["status"], "approved",
        "nothing changed"
    );

    let out = sign(&mut on_token(), &["--json"])
        .success()
        .get_output()
        .stdout
        .clone();
    let done: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(done["document"]["status"], "signed");
    assert_eq!(done["document"]["signer"], "Nguyễn Văn Thắng");
    assert_eq!(done["check"]["status"], "valid", "{done}");
    assert_eq!(
        done["check"]["reports"][0]["issuer"]["common_name"],
        "CA Thử nghiệm Token"
    );
    // The signed file is the document's attachment (blobs/ab/abcd…) and verifies from the store.
    let sha = done["attachment"]["sha256"].as_str().unwrap();
    let blob = d.join("blobs").join(&sha[..2]).join(sha);
    vanthu(d)
        .args(["sign", "verify", &blob.display().to_string()])
        .assert()
        .success()
        .stdout(contains("Hợp lệ"))
        .stdout(contains("CA Thử nghiệm Token"));
}
