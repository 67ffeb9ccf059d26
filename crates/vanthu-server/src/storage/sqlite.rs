//! SQLite storage: one file, WAL, one writer connection (SQLite has one writer anyway) and a few
//! reader connections for pulls and the dashboard. Blocking calls run on tokio's blocking pool.

use super::checkpoint::{Checkpointer, WRITER_SAFETY_PAGES};
use super::{
    AuditOutcome, Blob, CodeProblem, Device, LogRow, NewDevice, NewLogEntry, PushOutcome, Result,
    Staff, Storage, StoredAuditRow, Unit, UnitActivity, new_changes, plan_audit, plan_push,
    record_key,
};
use crate::error::ServerError;
use crate::merge::RecordState;
use async_trait::async_trait;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use vanthu_protocol::audit::{AuditPushRequest, AuditRow, GENESIS};
use vanthu_protocol::{LogEntry, Op, PullResponse, PushRequest, ReportReview, entity};

const MIGRATIONS: &[(i64, &str)] = &[
    (
        1,
        include_str!("../../../../migrations/server/sqlite/0001_init.sql"),
    ),
    (
        2,
        include_str!("../../../../migrations/server/sqlite/0002_report_reviews.sql"),
    ),
    (
        3,
        include_str!("../../../../migrations/server/sqlite/0003_audit.sql"),
    ),
];
const READERS: usize = 4;

/// The SQLite backend.
pub struct Sqlite {
    path: PathBuf,
    checkpointer: Arc<Checkpointer>,
    writer: Arc<Mutex<Connection>>,
    readers: Arc<Vec<Mutex<Connection>>>,
    next_reader: AtomicUsize,
}

fn open_conn(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
    )?;
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // FULL: a push is acknowledged only once it is on disk. Clients delete acknowledged
    // changes from their outbox, so a commit lost to a power cut (possible with NORMAL in WAL
    // mode) could never be resent. Costs one fsync per commit.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

impl Sqlite {
    /// Opens (creating) the database file and applies migrations.
    pub fn open(path: &Path) -> Result<Sqlite> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(ServerError::internal)?;
        }
        let mut writer = open_conn(path)?;
        migrate(&mut writer)?;
        writer.pragma_update(None, "wal_autocheckpoint", WRITER_SAFETY_PAGES)?;
        let checkpointer = Arc::new(Checkpointer::start(open_conn(path)?, path));
        let readers = (0..READERS)
            .map(|_| open_conn(path).map(Mutex::new))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Sqlite {
            path: path.to_path_buf(),
            checkpointer,
            writer: Arc::new(Mutex::new(writer)),
            readers: Arc::new(readers),
            next_reader: AtomicUsize::new(0),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let writer = self.writer.clone();
        let checkpointer = self.checkpointer.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = writer.lock().unwrap_or_else(|p| p.into_inner());
            let out = f(&mut conn);
            checkpointer.committed();
            out
        })
        .await
        .map_err(ServerError::internal)?
    }

    async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let readers = self.readers.clone();
        let i = self.next_reader.fetch_add(1, Ordering::Relaxed) % READERS;
        tokio::task::spawn_blocking(move || {
            let mut conn = readers[i].lock().unwrap_or_else(|p| p.into_inner());
            f(&mut conn)
        })
        .await
        .map_err(ServerError::internal)?
    }
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
    let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let latest = MIGRATIONS.last().map(|m| m.0).unwrap_or(0);
    if current > latest {
        return Err(ServerError::Internal(format!(
            "database schema {current} is newer than this server ({latest})"
        )));
    }
    for (v, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", v)?;
    }
    tx.commit()?;
    Ok(())
}

/// The device's last stored audit row (seq, hash).
fn audit_head_of(c: &Connection, device_id: &str) -> Result<(i64, String)> {
    Ok(c.prepare_cached(
        "SELECT seq, hash FROM audit_rows WHERE device_id = ?1 ORDER BY seq DESC LIMIT 1",
    )?
    .query_row([device_id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()?
    .unwrap_or_else(|| (0, GENESIS.to_string())))
}

fn unit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Unit> {
    Ok(Unit {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        organisation: r.get(3)?,
        numbering_style: r.get(4)?,
        created_at: r.get(5)?,
    })
}
const UNIT_COLS: &str = "id, code, name, organisation, numbering_style, created_at";

fn device_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Device> {
    Ok(Device {
        id: r.get(0)?,
        unit_id: r.get(1)?,
        name: r.get(2)?,
        token_hash: r.get(3)?,
        high_water: r.get(4)?,
        created_at: r.get(5)?,
        revoked_at: r.get(6)?,
        last_push_at: r.get(7)?,
        last_pull_at: r.get(8)?,
    })
}
const DEVICE_COLS: &str =
    "id, unit_id, name, token_hash, high_water, created_at, revoked_at, last_push_at, last_pull_at";

fn json_object(s: &str) -> Map<String, Value> {
    match serde_json::from_str(s) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// Appends log entries at the unit's next positions (the caller holds the write lock).
fn append_log(
    tx: &rusqlite::Transaction<'_>,
    unit_id: &str,
    entries: &[NewLogEntry],
    now: i64,
) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let head: i64 = tx.query_row(
        "UPDATE units SET log_head = log_head + ?1 WHERE id = ?2 RETURNING log_head",
        params![entries.len() as i64, unit_id],
        |r| r.get(0),
    )?;
    let first = head - entries.len() as i64 + 1;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO changes (unit_id, pos, change_id, origin, origin_seq, echo, entity,
             entity_id, op, payload, hlc, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for (i, e) in entries.iter().enumerate() {
        stmt.execute(params![
            unit_id,
            first + i as i64,
            e.change_id,
            e.origin,
            e.origin_seq,
            e.echo,
            e.entity,
            e.entity_id,
            e.op.code(),
            e.payload,
            e.hlc,
            now
        ])?;
    }
    Ok(())
}

fn write_record(tx: &rusqlite::Transaction<'_>, r: &RecordState, now: i64) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO records (entity, entity_id, unit_id, payload, clocks, deleted, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (entity, entity_id) DO UPDATE SET payload = excluded.payload,
             clocks = excluded.clocks, deleted = excluded.deleted, updated_at = excluded.updated_at",
    )?
    .execute(params![
        r.entity,
        r.entity_id,
        r.unit_id,
        Value::Object(r.payload.clone()).to_string(),
        Value::Object(r.clocks.clone()).to_string(),
        r.deleted,
        now
    ])?;
    Ok(())
}

fn push_blocking(
    conn: &mut Connection,
    device: &Device,
    req: &PushRequest,
    now: i64,
) -> Result<PushOutcome> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (high_water, revoked): (i64, Option<i64>) = tx.query_row(
        "SELECT high_water, revoked_at FROM devices WHERE id = ?1",
        [&device.id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if revoked.is_some() {
        return Err(ServerError::Revoked);
    }
    if req.after > high_water {
        return Ok(PushOutcome::Gap {
            expected: high_water + 1,
        });
    }
    let candidates = new_changes(req, high_water);
    let Some(last) = candidates.last().map(|c| c.seq) else {
        return Ok(PushOutcome::Applied {
            acked: high_water,
            applied: 0,
        });
    };
    let mut fresh = Vec::with_capacity(candidates.len());
    {
        let mut known = tx.prepare_cached("SELECT unit_id FROM changes WHERE change_id = ?1")?;
        for c in candidates {
            match known
                .query_row([&c.change_id], |r| r.get::<_, String>(0))
                .optional()?
            {
                None => fresh.push(c),
                // Pushed before (under an earlier enrolment of this unit): a replay.
                Some(unit) if unit == device.unit_id => {}
                Some(_) => {
                    return Err(ServerError::ForeignRecord {
                        entity: "change".into(),
                        id: c.change_id.clone(),
                    });
                }
            }
        }
    }
    let mut existing = HashMap::new();
    {
        let mut load = tx.prepare_cached(
            "SELECT unit_id, payload, clocks, deleted FROM records WHERE entity = ?1 AND entity_id = ?2",
        )?;
        for c in &fresh {
            let key = record_key(&device.unit_id, c);
            if existing.contains_key(&key) {
                continue;
            }
            let row = load
                .query_row(params![key.0, key.1], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, bool>(3)?,
                    ))
                })
                .optional()?;
            if let Some((unit_id, payload, clocks, deleted)) = row {
                existing.insert(
                    key.clone(),
                    RecordState {
                        unit_id,
                        entity: key.0.clone(),
                        entity_id: key.1.clone(),
                        payload: json_object(&payload),
                        clocks: json_object(&clocks),
                        deleted,
                    },
                );
            }
        }
    }
    let applied = fresh.len() as u32;
    let plan = plan_push(&device.unit_id, &device.id, &fresh, existing, now)?;
    append_log(&tx, &device.unit_id, &plan.log, now)?;
    for r in &plan.records {
        write_record(&tx, r, now)?;
    }
    for sha in &plan.blob_refs {
        tx.prepare_cached("INSERT OR IGNORE INTO blob_refs (unit_id, sha256) VALUES (?1, ?2)")?
            .execute(params![device.unit_id, sha])?;
    }
    tx.execute(
        "UPDATE devices SET high_water = ?1, last_push_at = ?2 WHERE id = ?3",
        params![last, now, device.id],
    )?;
    tx.commit()?;
    Ok(PushOutcome::Applied {
        acked: last,
        applied,
    })
}

#[async_trait]
impl Storage for Sqlite {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn create_unit(&self, unit: &Unit) -> Result<()> {
        let u = unit.clone();
        self.write(move |c| {
            let exists: bool = c
                .prepare("SELECT 1 FROM units WHERE code = ?1")?
                .exists([&u.code])?;
            if exists {
                return Err(ServerError::Exists(format!("Đơn vị mã {}", u.code)));
            }
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT INTO units (id, code, name, organisation, numbering_style, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    u.id,
                    u.code,
                    u.name,
                    u.organisation,
                    u.numbering_style,
                    u.created_at
                ],
            )?;
            // The province-wide records so far open the new unit's log.
            let entries = {
                let mut s = tx.prepare(
                    "SELECT entity, entity_id, op, payload, updated_at FROM province_records
                     ORDER BY updated_at, entity, entity_id",
                )?;
                s.query_map([], |r| {
                    let op: String = r.get(2)?;
                    Ok(NewLogEntry {
                        change_id: None,
                        origin: None,
                        origin_seq: None,
                        echo: true,
                        entity: r.get(0)?,
                        entity_id: r.get(1)?,
                        op: Op::parse(&op).unwrap_or(Op::Upsert),
                        payload: r.get(3)?,
                        hlc: vanthu_protocol::hlc::format(r.get(4)?, 0),
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?
            };
            append_log(&tx, &u.id, &entries, u.created_at)?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn units(&self) -> Result<Vec<Unit>> {
        self.read(|c| {
            let mut s = c.prepare(&format!("SELECT {UNIT_COLS} FROM units ORDER BY code"))?;
            let rows = s.query_map([], unit_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    async fn unit(&self, id_or_code: &str) -> Result<Option<Unit>> {
        let key = id_or_code.to_string();
        self.read(move |c| {
            Ok(c.query_row(
                &format!("SELECT {UNIT_COLS} FROM units WHERE id = ?1 OR code = ?1"),
                [&key],
                unit_row,
            )
            .optional()?)
        })
        .await
    }

    async fn add_enrol_code(
        &self,
        unit_id: &str,
        code_hash: &str,
        expires_at: i64,
        now: i64,
    ) -> Result<()> {
        let (u, h) = (unit_id.to_string(), code_hash.to_string());
        self.write(move |c| {
            c.execute(
                "INSERT INTO enrol_codes (code_hash, unit_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
                params![h, u, now, expires_at],
            )?;
            Ok(())
        })
        .await
    }

    async fn enrol(
        &self,
        code_hash: &str,
        device: &NewDevice,
        now: i64,
    ) -> Result<std::result::Result<Unit, CodeProblem>> {
        let (h, d) = (code_hash.to_string(), device.clone());
        self.write(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let row: Option<(String, i64, Option<i64>)> = tx
                .query_row(
                    "SELECT unit_id, expires_at, used_at FROM enrol_codes WHERE code_hash = ?1",
                    [&h],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let Some((unit_id, expires_at, used_at)) = row else {
                return Ok(Err(CodeProblem::Unknown));
            };
            if used_at.is_some() {
                return Ok(Err(CodeProblem::Used));
            }
            if expires_at < now {
                return Ok(Err(CodeProblem::Expired));
            }
            tx.execute(
                "UPDATE enrol_codes SET used_at = ?1, device_id = ?2 WHERE code_hash = ?3",
                params![now, d.id, h],
            )?;
            tx.execute(
                "INSERT INTO devices (id, unit_id, name, token_hash, high_water, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![d.id, unit_id, d.name, d.token_hash, d.high_water, now],
            )?;
            let unit = tx.query_row(
                &format!("SELECT {UNIT_COLS} FROM units WHERE id = ?1"),
                [&unit_id],
                unit_row,
            )?;
            tx.commit()?;
            Ok(Ok(unit))
        })
        .await
    }

    async fn device(&self, id: &str) -> Result<Option<Device>> {
        let id = id.to_string();
        self.read(move |c| {
            Ok(
                c.prepare_cached(&format!("SELECT {DEVICE_COLS} FROM devices WHERE id = ?1"))?
                    .query_row([&id], device_row)
                    .optional()?,
            )
        })
        .await
    }

    async fn devices(&self, unit_id: Option<&str>) -> Result<Vec<Device>> {
        let unit = unit_id.map(str::to_string);
        self.read(move |c| {
            let mut s = c.prepare(&format!(
                "SELECT {DEVICE_COLS} FROM devices WHERE ?1 IS NULL OR unit_id = ?1 ORDER BY unit_id, created_at"
            ))?;
            let rows = s.query_map([&unit], device_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    async fn revoke_device(&self, id: &str, now: i64) -> Result<bool> {
        let id = id.to_string();
        self.write(move |c| {
            Ok(c.execute(
                "UPDATE devices SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL",
                params![now, id],
            )? > 0)
        })
        .await
    }

    async fn unit_activity(&self, unit_id: &str) -> Result<UnitActivity> {
        let id = unit_id.to_string();
        self.read(move |c| {
            Ok(c.query_row(
                "SELECT count(*), max(last_push_at), max(last_pull_at) FROM devices
                 WHERE unit_id = ?1 AND revoked_at IS NULL",
                [&id],
                |r| {
                    Ok(UnitActivity {
                        devices: r.get(0)?,
                        last_push_at: r.get(1)?,
                        last_pull_at: r.get(2)?,
                    })
                },
            )?)
        })
        .await
    }

    async fn push(&self, device: &Device, req: &PushRequest, now: i64) -> Result<PushOutcome> {
        let (d, r) = (device.clone(), req.clone());
        self.write(move |c| push_blocking(c, &d, &r, now)).await
    }

    async fn pull(
        &self,
        device: &Device,
        after: i64,
        limit: u32,
        now: i64,
    ) -> Result<PullResponse> {
        let d = device.clone();
        let page = self
            .read(move |c| {
                let tx = c.transaction()?;
                let mut entries = Vec::new();
                {
                    let mut s = tx.prepare_cached(
                        "SELECT c.pos, c.entity, c.entity_id, c.op,
                                CASE WHEN c.op = 'upsert' AND r.payload IS NOT NULL AND NOT r.deleted
                                     THEN r.payload ELSE c.payload END,
                                c.hlc, c.origin
                         FROM changes c LEFT JOIN records r
                           ON r.entity = c.entity AND r.entity_id = c.entity_id AND r.unit_id = c.unit_id
                         WHERE c.unit_id = ?1 AND c.pos > ?2 AND (c.origin IS NULL OR c.origin != ?3 OR c.echo)
                         ORDER BY c.pos LIMIT ?4",
                    )?;
                    let mut rows = s.query(params![d.unit_id, after, d.id, limit])?;
                    while let Some(r) = rows.next()? {
                        let op: String = r.get(3)?;
                        entries.push(LogEntry {
                            cursor: r.get(0)?,
                            entity: r.get(1)?,
                            entity_id: r.get(2)?,
                            op: Op::parse(&op).unwrap_or(Op::Upsert),
                            payload: r.get(4)?,
                            hlc: r.get(5)?,
                            origin: r.get(6)?,
                        });
                    }
                }
                let head: i64 =
                    tx.query_row("SELECT log_head FROM units WHERE id = ?1", [&d.unit_id], |r| {
                        r.get(0)
                    })?;
                let cursor = if entries.len() as u32 == limit {
                    entries.last().map(|e| e.cursor).unwrap_or(after)
                } else {
                    head.max(after)
                };
                Ok(PullResponse {
                    has_more: cursor < head,
                    entries,
                    cursor,
                })
            })
            .await?;
        let id = device.id.clone();
        // Best effort: a busy writer must not fail a pull over a dashboard timestamp.
        let _ = self
            .write(move |c| {
                c.execute(
                    "UPDATE devices SET last_pull_at = ?1 WHERE id = ?2",
                    params![now, id],
                )?;
                Ok(())
            })
            .await;
        Ok(page)
    }

    async fn publish(
        &self,
        unit_ids: Option<&[String]>,
        entity: &str,
        entity_id: &str,
        op: Op,
        payload: &str,
        blobs: &[String],
        now: i64,
    ) -> Result<()> {
        let (targets, e, id, p, b) = (
            unit_ids.map(<[String]>::to_vec),
            entity.to_string(),
            entity_id.to_string(),
            payload.to_string(),
            blobs.to_vec(),
        );
        self.write(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let units = match targets {
                Some(units) => units,
                None => {
                    tx.execute(
                        "INSERT INTO province_records (entity, entity_id, op, payload, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5)
                         ON CONFLICT (entity, entity_id) DO UPDATE SET op = excluded.op,
                             payload = excluded.payload, updated_at = excluded.updated_at",
                        params![e, id, op.code(), p, now],
                    )?;
                    let mut s = tx.prepare("SELECT id FROM units")?;
                    s.query_map([], |r| r.get(0))?
                        .collect::<rusqlite::Result<Vec<String>>>()?
                }
            };
            for unit in &units {
                let entry = NewLogEntry {
                    change_id: None,
                    origin: None,
                    origin_seq: None,
                    echo: true,
                    entity: e.clone(),
                    entity_id: id.clone(),
                    op,
                    payload: p.clone(),
                    hlc: vanthu_protocol::hlc::format(now, 0),
                };
                append_log(&tx, unit, &[entry], now)?;
                for sha in &b {
                    tx.execute(
                        "INSERT OR IGNORE INTO blob_refs (unit_id, sha256) VALUES (?1, ?2)",
                        params![unit, sha],
                    )?;
                }
            }
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn province_records(&self, entity: &str) -> Result<Vec<String>> {
        let e = entity.to_string();
        self.read(move |c| {
            let mut s = c.prepare_cached(
                "SELECT payload FROM province_records WHERE entity = ?1 AND op != 'delete' ORDER BY entity_id",
            )?;
            let rows = s.query_map([&e], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    async fn records(&self, unit_id: &str, entity: &str) -> Result<Vec<String>> {
        let (u, e) = (unit_id.to_string(), entity.to_string());
        self.read(move |c| {
            let mut s = c.prepare_cached(
                "SELECT payload FROM records WHERE unit_id = ?1 AND entity = ?2 AND NOT deleted",
            )?;
            let rows = s.query_map([&u, &e], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    async fn log(&self, unit_id: &str) -> Result<Vec<LogRow>> {
        let u = unit_id.to_string();
        self.read(move |c| {
            let mut s = c.prepare(
                "SELECT pos, change_id, origin, origin_seq, entity, entity_id FROM changes
                 WHERE unit_id = ?1 ORDER BY pos",
            )?;
            let rows = s.query_map([&u], |r| {
                Ok(LogRow {
                    cursor: r.get(0)?,
                    change_id: r.get(1)?,
                    origin: r.get(2)?,
                    origin_seq: r.get(3)?,
                    entity: r.get(4)?,
                    entity_id: r.get(5)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    async fn audit_head(&self, device_id: &str) -> Result<(i64, String)> {
        let d = device_id.to_string();
        self.read(move |c| audit_head_of(c, &d)).await
    }

    async fn push_audit(
        &self,
        device: &Device,
        req: &AuditPushRequest,
        now: i64,
    ) -> Result<AuditOutcome> {
        let (dev, unit, req) = (device.id.clone(), device.unit_id.clone(), req.clone());
        self.write(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let (head_seq, head_hash) = audit_head_of(&tx, &dev)?;
            let new = match plan_audit((head_seq, &head_hash), &req)? {
                Ok(new) => new,
                Err(expected) => return Ok(AuditOutcome::Gap { expected }),
            };
            {
                let mut ins = tx.prepare_cached(
                    "INSERT INTO audit_rows (device_id, seq, unit_id, at, actor, entity, entity_id,
                         op, before_json, after_json, prev_hash, hash, received_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                )?;
                for r in new {
                    ins.execute(params![
                        dev,
                        r.seq,
                        unit,
                        r.at,
                        r.actor,
                        r.entity,
                        r.entity_id,
                        r.op,
                        r.before,
                        r.after,
                        r.prev_hash,
                        r.hash,
                        now
                    ])?;
                }
            }
            let acked = new.last().map(|r| r.seq).unwrap_or(head_seq);
            let applied = new.len() as u32;
            tx.commit()?;
            Ok(AuditOutcome::Stored { acked, applied })
        })
        .await
    }

    async fn audit_rows(&self, unit_id: &str, limit: Option<u32>) -> Result<Vec<StoredAuditRow>> {
        let u = unit_id.to_string();
        self.read(move |c| {
            // Newest `limit` of each device, returned in chain order.
            let mut s = c.prepare_cached(
                "SELECT device_id, seq, at, actor, entity, entity_id, op, before_json, after_json,
                        prev_hash, hash, received_at
                 FROM audit_rows a
                 WHERE unit_id = ?1 AND (?2 IS NULL OR seq > (
                     SELECT coalesce(max(seq), 0) - ?2 FROM audit_rows b WHERE b.device_id = a.device_id))
                 ORDER BY device_id, seq",
            )?;
            let rows = s.query_map(params![u, limit], |r| {
                Ok(StoredAuditRow {
                    device_id: r.get(0)?,
                    row: AuditRow {
                        seq: r.get(1)?,
                        at: r.get(2)?,
                        actor: r.get(3)?,
                        entity: r.get(4)?,
                        entity_id: r.get(5)?,
                        op: r.get(6)?,
                        before: r.get(7)?,
                        after: r.get(8)?,
                        prev_hash: r.get(9)?,
                        hash: r.get(10)?,
                    },
                    received_at: r.get(11)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    async fn add_report_review(
        &self,
        unit_id: &str,
        review: &ReportReview,
        now: i64,
    ) -> Result<bool> {
        let (u, r) = (unit_id.to_string(), review.clone());
        self.write(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let known = tx
                .prepare_cached("SELECT 1 FROM report_reviews WHERE id = ?1")?
                .exists([&r.id])?;
            if known {
                return Ok(false);
            }
            let submitted = tx
                .prepare_cached(
                    "SELECT 1 FROM records WHERE entity = ?1 AND entity_id = ?2 AND unit_id = ?3
                     AND NOT deleted",
                )?
                .exists(params![entity::REPORT_SUBMISSION, r.submission_id, u])?;
            if !submitted {
                return Err(ServerError::NotFound(format!(
                    "lần nộp báo cáo {}",
                    r.submission_id
                )));
            }
            tx.execute(
                "INSERT INTO report_reviews (id, unit_id, report_id, submission_id, decision,
                     comments, reviewer, reviewed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    r.id,
                    u,
                    r.report_id,
                    r.submission_id,
                    r.decision,
                    r.comments,
                    r.reviewer,
                    r.reviewed_at
                ],
            )?;
            let entry = NewLogEntry {
                change_id: None,
                origin: None,
                origin_seq: None,
                echo: true,
                entity: entity::REPORT_REVIEW.into(),
                entity_id: r.id.clone(),
                op: Op::Upsert,
                payload: serde_json::to_string(&r).map_err(ServerError::internal)?,
                hlc: vanthu_protocol::hlc::format(now, 0),
            };
            append_log(&tx, &u, &[entry], now)?;
            tx.commit()?;
            Ok(true)
        })
        .await
    }

    async fn report_reviews(&self, unit_id: &str) -> Result<Vec<ReportReview>> {
        let u = unit_id.to_string();
        self.read(move |c| {
            let mut s = c.prepare_cached(
                "SELECT id, report_id, submission_id, decision, comments, reviewer, reviewed_at
                 FROM report_reviews WHERE unit_id = ?1 ORDER BY reviewed_at, id",
            )?;
            let rows = s.query_map([&u], |r| {
                Ok(ReportReview {
                    id: r.get(0)?,
                    report_id: r.get(1)?,
                    submission_id: r.get(2)?,
                    decision: r.get(3)?,
                    comments: r.get(4)?,
                    reviewer: r.get(5)?,
                    reviewed_at: r.get(6)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    async fn blob(&self, sha256: &str) -> Result<Option<Blob>> {
        let sha = sha256.to_string();
        self.read(move |c| {
            Ok(c.query_row(
                "SELECT sha256, size, received, complete FROM blobs WHERE sha256 = ?1",
                [&sha],
                |r| {
                    Ok(Blob {
                        sha256: r.get(0)?,
                        size: r.get(1)?,
                        received: r.get(2)?,
                        complete: r.get(3)?,
                    })
                },
            )
            .optional()?)
        })
        .await
    }

    async fn blob_referenced(&self, unit_id: &str, sha256: &str) -> Result<bool> {
        let (u, s) = (unit_id.to_string(), sha256.to_string());
        self.read(move |c| {
            Ok(
                c.prepare_cached("SELECT 1 FROM blob_refs WHERE unit_id = ?1 AND sha256 = ?2")?
                    .exists([&u, &s])?,
            )
        })
        .await
    }

    async fn blob_append(
        &self,
        sha256: &str,
        size: i64,
        offset: i64,
        data: &[u8],
        now: i64,
    ) -> Result<Blob> {
        let (sha, bytes) = (sha256.to_string(), data.to_vec());
        self.write(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?1, ?2, ?3)",
                params![sha, size, now],
            )?;
            let (known_size, received, complete): (i64, i64, bool) = tx.query_row(
                "SELECT size, received, complete FROM blobs WHERE sha256 = ?1",
                [&sha],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            let blob = |received, complete| Blob {
                sha256: sha.clone(),
                size: known_size,
                received,
                complete,
            };
            if complete {
                return Ok(blob(received, true));
            }
            if known_size != size {
                return Err(ServerError::BadRequest("kích thước tệp không khớp".into()));
            }
            if offset != received {
                return Err(ServerError::BlobOffset { received });
            }
            let end = received + bytes.len() as i64;
            if end > size {
                return Err(ServerError::BadRequest("vượt quá kích thước tệp".into()));
            }
            tx.execute(
                "INSERT INTO blob_chunks (sha256, start_at, data) VALUES (?1, ?2, ?3)",
                params![sha, received, bytes],
            )?;
            let mut result = blob(end, false);
            if end == size {
                let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
                let mut s = tx.prepare("SELECT data FROM blob_chunks WHERE sha256 = ?1 ORDER BY start_at")?;
                let mut rows = s.query([&sha])?;
                while let Some(r) = rows.next()? {
                    sha2::Digest::update(&mut hasher, r.get_ref(0)?.as_blob().map_err(ServerError::internal)?);
                }
                drop(rows);
                drop(s);
                if hex::encode(sha2::Digest::finalize(hasher)) == sha {
                    tx.execute(
                        "UPDATE blobs SET received = ?1, complete = 1, completed_at = ?2 WHERE sha256 = ?3",
                        params![end, now, sha],
                    )?;
                    result = blob(end, true);
                } else {
                    tracing::warn!(sha256 = %sha, "uploaded content does not match its hash; discarded");
                    tx.execute("DELETE FROM blob_chunks WHERE sha256 = ?1", [&sha])?;
                    tx.execute("UPDATE blobs SET received = 0 WHERE sha256 = ?1", [&sha])?;
                    tx.commit()?;
                    return Err(ServerError::BadRequest(
                        "nội dung tệp không khớp mã SHA-256; hãy tải lên lại".into(),
                    ));
                }
            } else {
                tx.execute(
                    "UPDATE blobs SET received = ?1 WHERE sha256 = ?2",
                    params![end, sha],
                )?;
            }
            tx.commit()?;
            Ok(result)
        })
        .await
    }

    async fn blob_read(&self, sha256: &str, offset: i64, len: i64) -> Result<Vec<u8>> {
        let sha = sha256.to_string();
        self.read(move |c| {
            let mut out = Vec::new();
            let mut s = c.prepare_cached(
                "SELECT start_at, data FROM blob_chunks WHERE sha256 = ?1
                 AND start_at + length(data) > ?2 AND start_at < ?3 ORDER BY start_at",
            )?;
            let mut rows = s.query(params![sha, offset, offset + len])?;
            while let Some(r) = rows.next()? {
                let start: i64 = r.get(0)?;
                let data = r.get_ref(1)?.as_blob().map_err(ServerError::internal)?;
                let from = (offset - start).max(0) as usize;
                let to = ((offset + len - start) as usize).min(data.len());
                out.extend_from_slice(&data[from..to]);
            }
            Ok(out)
        })
        .await
    }

    async fn missing_blobs(&self, unit_id: &str) -> Result<Vec<String>> {
        let u = unit_id.to_string();
        self.read(move |c| {
            let mut s = c.prepare_cached(
                "SELECT r.sha256 FROM blob_refs r LEFT JOIN blobs b ON b.sha256 = r.sha256
                 WHERE r.unit_id = ?1 AND coalesce(b.complete, 0) = 0 ORDER BY r.sha256",
            )?;
            let rows = s.query_map([&u], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    async fn create_staff(&self, staff: &Staff, now: i64) -> Result<()> {
        let s = staff.clone();
        self.write(move |c| {
            c.execute(
                "INSERT INTO staff (username, display_name, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name,
                     password_hash = excluded.password_hash",
                params![s.username, s.display_name, s.password_hash, now],
            )?;
            Ok(())
        })
        .await
    }

    async fn staff(&self, username: &str) -> Result<Option<Staff>> {
        let u = username.to_string();
        self.read(move |c| {
            Ok(c.query_row(
                "SELECT username, display_name, password_hash FROM staff WHERE username = ?1",
                [&u],
                |r| {
                    Ok(Staff {
                        username: r.get(0)?,
                        display_name: r.get(1)?,
                        password_hash: r.get(2)?,
                    })
                },
            )
            .optional()?)
        })
        .await
    }

    async fn create_session(
        &self,
        token_hash: &str,
        username: &str,
        expires_at: i64,
    ) -> Result<()> {
        let (t, u) = (token_hash.to_string(), username.to_string());
        self.write(move |c| {
            c.execute(
                "INSERT INTO sessions (token_hash, username, expires_at) VALUES (?1, ?2, ?3)",
                params![t, u, expires_at],
            )?;
            Ok(())
        })
        .await
    }

    async fn session(&self, token_hash: &str, now: i64) -> Result<Option<String>> {
        let t = token_hash.to_string();
        self.read(move |c| {
            Ok(c.query_row(
                "SELECT username FROM sessions WHERE token_hash = ?1 AND expires_at > ?2",
                params![t, now],
                |r| r.get(0),
            )
            .optional()?)
        })
        .await
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        let t = token_hash.to_string();
        self.write(move |c| {
            c.execute("DELETE FROM sessions WHERE token_hash = ?1", [&t])?;
            Ok(())
        })
        .await
    }
}
