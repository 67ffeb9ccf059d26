//! Encryption at rest (issue 9, item 3): no known plaintext in the database, its WAL or the
//! attachment blobs; a wrong or missing key fails cleanly; migrating a plaintext store loses
//! nothing and leaves no plaintext copy; recovery codes; backups of an encrypted store.
//!
//! Keys go to key files in a temporary folder (`KeyStorage::files_only`): these tests never
//! touch the OS keyring or the real home.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use vanthu_local::crypto::{
    self, KeyInfo, KeyPlace, KeyStorage, RecoveryCode, create_encrypted, encrypt_store, recover,
    recover_for_backup,
};
use vanthu_local::incoming::{IncomingInput, register_incoming};
use vanthu_local::{Clock, Context, FixedClock, Store, attachments, audit, backup};

/// A Vietnamese summary and an ASCII marker that must never appear on disk in the clear.
const SUMMARY: &str = "Kế hoạch phòng chống lụt bão và tìm kiếm cứu nạn năm 2026 của xã Tân Cương";
const MARKER: &str = "ZQX-MARKER-7731";
const FILE_TEXT: &str = "Nội dung tệp đính kèm: báo cáo thiệt hại do bão số 3 ZQX-MARKER-7731";

fn clock() -> FixedClock {
    FixedClock::new(vn(2026, 11, 24, 9, 0, 0))
}

struct Laptop {
    data: tempfile::TempDir,
    keys: tempfile::TempDir,
    files: tempfile::TempDir,
}

impl Laptop {
    fn new() -> Laptop {
        Laptop {
            data: tempfile::tempdir().unwrap(),
            keys: tempfile::tempdir().unwrap(),
            files: tempfile::tempdir().unwrap(),
        }
    }
    fn dir(&self) -> &Path {
        self.data.path()
    }
    fn storage(&self) -> KeyStorage {
        KeyStorage::files_only(self.keys.path())
    }
    fn open(&self) -> Store {
        Store::open_with_keys(self.dir(), &self.storage()).unwrap()
    }
}

/// Registers `n` documents carrying the summary, the marker and one attachment each.
fn fill(store: &mut Store, laptop: &Laptop, n: usize) {
    let clock = clock();
    let ctx = Context {
        actor: "Văn thư",
        clock: &clock,
    };
    for i in 0..n {
        let file = laptop.files.path().join(format!("bao-cao-{i}.txt"));
        std::fs::write(&file, format!("{FILE_TEXT} #{i}")).unwrap();
        let input = IncomingInput {
            notes: Some(format!("{MARKER} ghi chú {i}")),
            attachments: vec![file],
            ..incoming(
                &format!("{}/KH-UBND", 10 + i),
                &format!("{SUMMARY} (đợt {i})"),
            )
        };
        let dir = store.data_dir().to_path_buf();
        store
            .write(|tx| register_incoming(tx, &ctx, &dir, &input))
            .unwrap();
    }
}

/// Every file under `root` whose bytes contain one of the known plaintexts.
fn files_with_plaintext(root: &Path) -> Vec<PathBuf> {
    let needles: Vec<&[u8]> = vec![
        SUMMARY.as_bytes(),
        MARKER.as_bytes(),
        "phòng chống lụt bão".as_bytes(),
        "thiệt hại do bão".as_bytes(),
    ];
    let mut hits = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else {
            let bytes = std::fs::read(&p).unwrap();
            if needles
                .iter()
                .any(|n| bytes.windows(n.len()).any(|w| w == *n))
            {
                hits.push(p);
            }
        }
    }
    hits
}

/// Every row of every ordinary table, as text, for full-record comparisons.
fn snapshot(store: &Store) -> Vec<(String, Vec<String>)> {
    let conn = store.conn();
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let width = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                Ok((0..width)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        rows.sort();
        out.push((t, rows));
    }
    out
}

fn shas(store: &Store) -> Vec<String> {
    store
        .conn()
        .prepare("SELECT sha256 FROM attachments ORDER BY sha256")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn encrypted_store_files_hold_no_known_plaintext() {
    let laptop = Laptop::new();
    let (mut store, code, place) =
        create_encrypted(laptop.dir(), &laptop.storage(), clock().now_ms()).unwrap();
    assert!(store.is_encrypted());
    assert!(matches!(place, KeyPlace::File { .. }));
    fill(&mut store, &laptop, 3);
    // The WAL still holds the latest pages while the store is open: check it too.
    let wal = laptop.dir().join("vanthu.db-wal");
    assert!(wal.metadata().unwrap().len() > 0, "the WAL is in use");
    assert_eq!(files_with_plaintext(laptop.dir()), Vec::<PathBuf>::new());
    assert!(!crypto::is_plaintext_db(&laptop.dir().join("vanthu.db")));

    // The sidecar names the key's place, never the key; the key file is private.
    let key = RecoveryCode::parse(code.as_str()).unwrap();
    let sidecar = std::fs::read_to_string(laptop.dir().join(crypto::SIDECAR_FILE)).unwrap();
    assert!(!sidecar.contains(key.to_hex().as_str()));
    let info = KeyInfo::read(laptop.dir()).unwrap().unwrap();
    let KeyPlace::File { path } = info.key_place else {
        panic!("key file expected")
    };
    assert!(path.starts_with(laptop.keys.path()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(path.metadata().unwrap().permissions().mode() & 0o777, 0o600);
    }

    // Through the store everything reads back: records, the search index, attachments.
    let hits = vanthu_local::search::search_incoming(
        store.conn(),
        "phong chong lut bao",
        &Default::default(),
        vanthu_local::search::SearchSort::Newest,
    )
    .unwrap();
    assert_eq!(
        hits.items.len(),
        3,
        "accent-insensitive search works on SQLCipher"
    );
    for (i, sha) in shas(&store).iter().enumerate() {
        let plain = attachments::read_blob(laptop.dir(), sha).unwrap();
        assert!(
            String::from_utf8(plain).unwrap().starts_with(FILE_TEXT),
            "{i}"
        );
    }
    drop(store);
    assert_eq!(files_with_plaintext(laptop.dir()), Vec::<PathBuf>::new());
}

#[test]
fn a_tampered_attachment_is_an_error_not_garbage() {
    let laptop = Laptop::new();
    let (mut store, _, _) =
        create_encrypted(laptop.dir(), &laptop.storage(), clock().now_ms()).unwrap();
    fill(&mut store, &laptop, 1);
    let sha = shas(&store).remove(0);
    let path = attachments::blob_path(laptop.dir(), &sha);
    let mut bytes = std::fs::read(&path).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    std::fs::write(&path, bytes).unwrap();
    let err = attachments::read_blob(laptop.dir(), &sha).unwrap_err();
    assert_eq!(err.code(), "attachment_tampered");
    assert!(err.to_string().contains("bị thay đổi hoặc hỏng"), "{err}");
}

#[test]
fn a_wrong_or_missing_key_fails_cleanly() {
    let laptop = Laptop::new();
    let (mut store, _, _) =
        create_encrypted(laptop.dir(), &laptop.storage(), clock().now_ms()).unwrap();
    fill(&mut store, &laptop, 1);
    drop(store);
    let db = laptop.dir().join("vanthu.db");
    let before = std::fs::read(&db).unwrap();
    let info = KeyInfo::read(laptop.dir()).unwrap().unwrap();
    let key_file = laptop.keys.path().join(format!("{}.key", info.store_id));

    std::fs::write(&key_file, crypto::DbKey::generate().to_hex().as_bytes()).unwrap();
    let err = Store::open_with_keys(laptop.dir(), &laptop.storage())
        .err()
        .expect("a wrong key must not open the store");
    assert_eq!(err.code(), "key_wrong");
    assert!(err.to_string().contains("vanthu key recover"), "{err}");

    std::fs::remove_file(&key_file).unwrap();
    let err = Store::open_with_keys(laptop.dir(), &laptop.storage())
        .err()
        .expect("a missing key must not open the store");
    assert_eq!(err.code(), "key_missing");
    assert!(err.to_string().contains("mã khôi phục"), "{err}");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "a failed open changes nothing"
    );
}

#[test]
fn migrating_a_plaintext_store_loses_nothing_and_leaves_no_plaintext() {
    let laptop = Laptop::new();
    let mut store = laptop.open();
    assert!(!store.is_encrypted());
    fill(&mut store, &laptop, 4);
    let clock = clock();
    let ctx = Context {
        actor: "Văn thư",
        clock: &clock,
    };
    // Plaintext copies that must not survive: a regular backup and a pre-migration copy.
    let old_backup = backup::create_backup(&store, &ctx, &laptop.dir().join("backups"), "cu")
        .unwrap()
        .path;
    let pre = laptop
        .dir()
        .join("backups/vanthu-truoc-nang-cap-v9-20261101000000");
    std::fs::create_dir_all(&pre).unwrap();
    std::fs::copy(old_backup.join("vanthu.db"), pre.join("vanthu.db")).unwrap();
    let before = snapshot(&store);
    let audit_rows = common::count(&store, "audit_log");
    assert!(audit_rows > 0, "the documents were audited");
    let blobs_before = shas(&store);
    drop(store);
    assert!(
        !files_with_plaintext(laptop.dir()).is_empty(),
        "the test data is findable"
    );

    let outcome = encrypt_store(laptop.dir(), &ctx, &laptop.storage(), false).unwrap();
    assert!(outcome.tables > 10, "{}", outcome.tables);
    assert!(outcome.rows > 4);
    assert_eq!(outcome.blobs_sealed, 4);
    assert!(outcome.removed_plaintext.contains(&old_backup));
    assert!(outcome.removed_plaintext.contains(&pre));
    assert!(!old_backup.exists() && !pre.exists());
    let new_backup = outcome.backup.clone().unwrap();
    assert!(backup::verify_backup(&new_backup).unwrap().ok);

    assert_eq!(files_with_plaintext(laptop.dir()), Vec::<PathBuf>::new());
    for leftover in ["vanthu.db.encrypting", "vanthu.db-wal", "vanthu.db-shm"] {
        assert!(!laptop.dir().join(leftover).exists(), "{leftover}");
    }

    let store = laptop.open();
    assert!(store.is_encrypted());
    assert_eq!(snapshot(&store), before, "every record is identical");
    assert_eq!(shas(&store), blobs_before);
    let chain = audit::verify_chain(store.conn()).unwrap();
    assert!(chain.ok && chain.rows as i64 == audit_rows, "{chain:?}");
    for sha in &blobs_before {
        assert!(
            String::from_utf8(attachments::read_blob(laptop.dir(), sha).unwrap())
                .unwrap()
                .starts_with(FILE_TEXT)
        );
    }
    // The code printed opens the store: it is the key.
    let key = RecoveryCode::parse(outcome.recovery_code.as_str()).unwrap();
    let conn = rusqlite::Connection::open(laptop.dir().join("vanthu.db")).unwrap();
    crypto::unlock(&conn, &key, &laptop.dir().join("vanthu.db")).unwrap();

    // Running it again finds nothing to do.
    drop(store);
    let again = encrypt_store(laptop.dir(), &ctx, &laptop.storage(), false).unwrap_err();
    assert_eq!(again.code(), "already_encrypted");
}

#[test]
fn recovery_code_puts_a_lost_key_back_and_a_mistyped_one_is_refused() {
    let laptop = Laptop::new();
    let (mut store, code, _) =
        create_encrypted(laptop.dir(), &laptop.storage(), clock().now_ms()).unwrap();
    fill(&mut store, &laptop, 2);
    let before = snapshot(&store);
    drop(store);

    // The laptop's key file is lost (a new laptop, a wiped profile).
    std::fs::remove_dir_all(laptop.keys.path()).unwrap();
    let err = Store::open_with_keys(laptop.dir(), &laptop.storage())
        .err()
        .unwrap();
    assert_eq!(err.code(), "key_missing");

    let now = clock().now_ms();
    let mut typo: Vec<char> = code.as_str().chars().collect();
    typo[7] = if typo[7] == 'X' { 'Y' } else { 'X' };
    let typo: String = typo.into_iter().collect();
    let err = recover(laptop.dir(), &typo, &laptop.storage(), now).unwrap_err();
    assert_eq!(err.code(), "recovery_code_invalid");
    assert!(
        err.to_string().starts_with("Mã khôi phục không hợp lệ"),
        "{err}"
    );

    let other = Laptop::new();
    let (_, other_code, _) = create_encrypted(other.dir(), &other.storage(), now).unwrap();
    let err = recover(laptop.dir(), other_code.as_str(), &laptop.storage(), now).unwrap_err();
    assert_eq!(err.code(), "recovery_code_wrong_store");

    let typed = code.as_str().to_lowercase().replace('-', " ");
    recover(laptop.dir(), &typed, &laptop.storage(), now).unwrap();
    let store = laptop.open();
    assert_eq!(snapshot(&store), before);
}

#[test]
fn backup_wipe_restore_on_another_laptop_with_the_recovery_code() {
    let laptop = Laptop::new();
    let (mut store, code, _) =
        create_encrypted(laptop.dir(), &laptop.storage(), clock().now_ms()).unwrap();
    fill(&mut store, &laptop, 3);
    let clock = clock();
    let ctx = Context {
        actor: "Văn thư",
        clock: &clock,
    };
    let usb = tempfile::tempdir().unwrap();
    let made = backup::create_backup(&store, &ctx, usb.path(), "usb").unwrap();
    assert!(made.path.join(crypto::SIDECAR_FILE).exists());
    assert!(!crypto::is_plaintext_db(&made.path.join("vanthu.db")));
    assert_eq!(files_with_plaintext(usb.path()), Vec::<PathBuf>::new());
    assert!(backup::verify_backup(&made.path).unwrap().ok);
    let before = snapshot(&store);
    let blobs = shas(&store);
    drop(store);

    // Same laptop: wipe the data directory, restore.
    std::fs::remove_dir_all(laptop.dir()).unwrap();
    std::fs::create_dir_all(laptop.dir()).unwrap();
    backup::restore_backup(&made.path, laptop.dir(), &ctx).unwrap();
    let restored = laptop.open();
    assert_eq!(
        snapshot(&restored)
            .into_iter()
            .filter(|(t, _)| t != "sync_device")
            .collect::<Vec<_>>(),
        before
            .iter()
            .filter(|(t, _)| t != "sync_device")
            .cloned()
            .collect::<Vec<_>>()
    );
    drop(restored);

    // Another laptop: no key anywhere until the recovery code is typed.
    let new = Laptop::new();
    let err = recover_for_backup(&made.path, "ABCD-1234", &new.storage()).unwrap_err();
    assert_eq!(err.code(), "recovery_code_invalid");
    recover_for_backup(&made.path, code.as_str(), &new.storage()).unwrap();
    assert!(backup::verify_backup(&made.path).unwrap().ok);
    backup::restore_backup(&made.path, new.dir(), &ctx).unwrap();
    let store = new.open();
    assert_eq!(
        snapshot(&store)
            .into_iter()
            .filter(|(t, _)| t != "sync_device")
            .collect::<Vec<_>>(),
        before
            .into_iter()
            .filter(|(t, _)| t != "sync_device")
            .collect::<Vec<_>>()
    );
    for sha in &blobs {
        attachments::read_blob(new.dir(), sha).unwrap();
    }

    // A corrupted encrypted backup is reported.
    let blob = attachments::blob_path(&made.path, &blobs[0]);
    let mut bytes = std::fs::read(&blob).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&blob, bytes).unwrap();
    let v = backup::verify_backup(&made.path).unwrap();
    assert!(
        !v.ok && v.problems.iter().any(|p| p.contains("tệp đính kèm")),
        "{v:?}"
    );
}
