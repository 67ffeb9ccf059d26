//! A SoftHSM2 token standing in for a PKCS#11 USB token, shared by the signing tests of
//! vanthu-sign and of the CLI: keys generated on the token (RSA 2048 and EC P-256, never
//! exported), certificates issued for them by the tests' own CA and stored on the token as a
//! vendor does, with the CA certificate beside them.
//!
//! Without SoftHSM2 the tests that use it fail with a message naming the package; they are not
//! skipped.

use super::{Ca, issue_cert, make_ca};
use cryptoki::context::{CInitializeArgs, Pkcs11};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, CertificateType, ObjectClass};
use cryptoki::session::UserType;
use cryptoki::types::AuthPin;
use openssl::bn::{BigNum, BigNumContext};
use openssl::ec::{EcGroup, EcKey, EcPoint};
use openssl::nid::Nid;
use openssl::pkey::{PKey, Public};
use openssl::rsa::Rsa;
use std::path::PathBuf;
use std::sync::OnceLock;

pub const TOKEN: &str = "VanThu Token";
pub const PIN: &str = "123456";
const SO_PIN: &str = "87654321";
pub const RSA_KEY: &str = "lanh-dao-rsa";
pub const EC_KEY: &str = "lanh-dao-ec";

pub struct Fixture {
    pub module: PathBuf,
    pub ca: Ca,
    /// The SoftHSM2 configuration naming the token directory (for child processes).
    pub conf: PathBuf,
    /// Keeps the token directory alive for the whole test run.
    _dir: tempfile::TempDir,
}

/// Where Debian and Ubuntu put SoftHSM2's module, or `VANTHU_PKCS11_MODULE`.
fn module_path() -> PathBuf {
    if let Ok(p) = std::env::var("VANTHU_PKCS11_MODULE") {
        return PathBuf::from(p);
    }
    [
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
    .expect(
        "SoftHSM2 is needed for the token tests: apt-get install softhsm2 (scripts/setup.sh \
         installs it), or set VANTHU_PKCS11_MODULE to a PKCS#11 module",
    )
}

/// A fresh SoftHSM2 token with an RSA and an EC signing key, each with its certificate.
pub fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let tokens = dir.path().join("tokens");
        std::fs::create_dir(&tokens).unwrap();
        // SoftHSM2 reads this file when the module is initialized; cargo sets the variable
        // (.cargo/config.toml), the file is ours to write, pointing at a fresh token directory.
        let conf = PathBuf::from(
            std::env::var_os("SOFTHSM2_CONF")
                .expect("SOFTHSM2_CONF is set by .cargo/config.toml when run through cargo"),
        );
        std::fs::create_dir_all(conf.parent().unwrap()).unwrap();
        std::fs::write(
            &conf,
            format!(
                "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
                tokens.display()
            ),
        )
        .unwrap();
        let module = module_path();
        let ca = make_ca("CA Thử nghiệm Token");
        provision(&module, &ca);
        Fixture {
            module,
            ca,
            conf,
            _dir: dir,
        }
    })
}

fn provision(module: &PathBuf, ca: &Ca) {
    let p11 = Pkcs11::new(module).unwrap();
    p11.initialize(CInitializeArgs::OsThreads).unwrap();
    let slot = p11.get_slots_with_token().unwrap()[0];
    p11.init_token(slot, &AuthPin::new(SO_PIN.into()), TOKEN)
        .unwrap();
    // SoftHSM2 moves an initialized token to a new slot: find it again by label.
    let slot = *p11
        .get_slots_with_token()
        .unwrap()
        .iter()
        .find(|s| p11.get_token_info(**s).unwrap().label().trim() == TOKEN)
        .unwrap();
    let session = p11.open_rw_session(slot).unwrap();
    session
        .login(UserType::So, Some(&AuthPin::new(SO_PIN.into())))
        .unwrap();
    session.init_pin(&AuthPin::new(PIN.into())).unwrap();
    session.logout().unwrap();
    session
        .login(UserType::User, Some(&AuthPin::new(PIN.into())))
        .unwrap();

    let private = |id: u8, label: &str| {
        vec![
            Attribute::Token(true),
            Attribute::Private(true),
            Attribute::Sensitive(true),
            Attribute::Sign(true),
            Attribute::Id(vec![id]),
            Attribute::Label(label.as_bytes().to_vec()),
        ]
    };
    let store_cert = |id: u8, label: &str, cert: &openssl::x509::X509| {
        session
            .create_object(&[
                Attribute::Class(ObjectClass::CERTIFICATE),
                Attribute::CertificateType(CertificateType::X_509),
                Attribute::Token(true),
                Attribute::Id(vec![id]),
                Attribute::Label(label.as_bytes().to_vec()),
                Attribute::Subject(cert.subject_name().to_der().unwrap()),
                Attribute::Value(cert.to_der().unwrap()),
            ])
            .unwrap();
    };

    // RSA 2048, generated on the token.
    let (rsa_pub, _) = session
        .generate_key_pair(
            &Mechanism::RsaPkcsKeyPairGen,
            &[
                Attribute::Token(true),
                Attribute::Verify(true),
                Attribute::ModulusBits(2048.into()),
                Attribute::PublicExponent(vec![1, 0, 1]),
                Attribute::Id(vec![1]),
                Attribute::Label(RSA_KEY.as_bytes().to_vec()),
            ],
            &private(1, RSA_KEY),
        )
        .unwrap();
    let attrs = session
        .get_attributes(
            rsa_pub,
            &[AttributeType::Modulus, AttributeType::PublicExponent],
        )
        .unwrap();
    let (mut n, mut e) = (Vec::new(), Vec::new());
    for a in attrs {
        match a {
            Attribute::Modulus(v) => n = v,
            Attribute::PublicExponent(v) => e = v,
            _ => {}
        }
    }
    let rsa = Rsa::from_public_components(
        BigNum::from_slice(&n).unwrap(),
        BigNum::from_slice(&e).unwrap(),
    )
    .unwrap();
    let rsa_key: PKey<Public> = PKey::from_rsa(rsa).unwrap();
    let cert = issue_cert(ca, &rsa_key, "Nguyễn Văn Thắng", "UBND xã Tân Lập", 7001);
    store_cert(1, RSA_KEY, &cert);

    // EC P-256, generated on the token.
    let p256_oid = vec![0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
    let (ec_pub, _) = session
        .generate_key_pair(
            &Mechanism::EccKeyPairGen,
            &[
                Attribute::Token(true),
                Attribute::Verify(true),
                Attribute::EcParams(p256_oid),
                Attribute::Id(vec![2]),
                Attribute::Label(EC_KEY.as_bytes().to_vec()),
            ],
            &private(2, EC_KEY),
        )
        .unwrap();
    let point = match session
        .get_attributes(ec_pub, &[AttributeType::EcPoint])
        .unwrap()
        .remove(0)
    {
        Attribute::EcPoint(p) => p,
        other => panic!("{other:?}"),
    };
    // CKA_EC_POINT is the DER OCTET STRING around the uncompressed point (65 bytes for P-256).
    assert_eq!(&point[..2], &[0x04, 65]);
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
    let mut ctx = BigNumContext::new().unwrap();
    let ec_point = EcPoint::from_bytes(&group, &point[2..], &mut ctx).unwrap();
    let ec_key: PKey<Public> =
        PKey::from_ec_key(EcKey::from_public_key(&group, &ec_point).unwrap()).unwrap();
    let cert = issue_cert(ca, &ec_key, "Trần Thị Hoa", "UBND xã Tân Lập", 7002);
    store_cert(2, EC_KEY, &cert);
    // The CA certificate too, as vendors store the chain.
    store_cert(9, "CA", &ca.cert);
}
