//! PostgreSQL storage (production): tokio-postgres with a deadpool connection pool.
//!
//! Why tokio-postgres rather than sqlx: the server already is tokio; tokio-postgres is the
//! driver sqlx itself grew from, with a small dependency tree, plain SQL strings and no
//! compile-time database; sqlx's macros would need a live database at build time, and its
//! runtime API adds little over this for about twenty statements.
//!
//! A push locks its unit's row first (`SELECT … FOR UPDATE`), so pushes of one unit serialize —
//! positions in the unit's log are then committed in order and a pull never skips one — while
//! different units ingest in parallel. Each push is a handful of round trips whatever its size
//! (arrays through `unnest`), which is what the ingest benchmark measures.

use super::{
    AuditOutcome, Blob, CodeProblem, Device, LogRow, NewDevice, NewLogEntry, PushOutcome, Result,
    Staff, Storage, StoredAuditRow, Unit, UnitActivity, new_changes, plan_audit, plan_push,
    record_key,
};
use crate::error::ServerError;
use crate::merge::RecordState;
use async_trait::async_trait;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Transaction};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::str::FromStr;
use tokio_postgres::{NoTls, Row};
use vanthu_protocol::audit::{AuditPushRequest, AuditRow, GENESIS};
use vanthu_protocol::{LogEntry, Op, PullResponse, PushRequest, ReportReview, entity};

const MIGRATIONS: &[(i32, &str)] = &[
    (
        1,
        include_str!("../../../../migrations/server/postgres/0001_init.sql"),
    ),
    (
        2,
        include_str!("../../../../migrations/server/postgres/0002_report_reviews.sql"),
    ),
    (
        3,
        include_str!("../../../../migrations/server/postgres/0003_audit.sql"),
    ),
];

/// The PostgreSQL backend.
pub struct Postgres {
    pool: Pool,
}

const UNIT_COLS: &str = "id, code, name, organisation, numbering_style, created_at";
const DEVICE_COLS: &str =
    "id, unit_id, name, token_hash, high_water, created_at, revoked_at, last_push_at, last_pull_at";

/// The device's last stored audit row (seq, hash).
async fn audit_head_of(
    c: &impl deadpool_postgres::GenericClient,
    device_id: &str,
) -> Result<(i64, String)> {
    Ok(c.query_opt(
        "SELECT seq, hash FROM audit_rows WHERE device_id = $1 ORDER BY seq DESC LIMIT 1",
        &[&device_id],
    )
    .await?
    .map(|r| (r.get(0), r.get(1)))
    .unwrap_or_else(|| (0, GENESIS.to_string())))
}

fn unit_row(r: &Row) -> Unit {
    Unit {
        id: r.get(0),
        code: r.get(1),
        name: r.get(2),
        organisation: r.get(3),
        numbering_style: r.get(4),
        created_at: r.get(5),
    }
}

fn device_row(r: &Row) -> Device {
    Device {
        id: r.get(0),
        unit_id: r.get(1),
        name: r.get(2),
        token_hash: r.get(3),
        high_water: r.get(4),
        created_at: r.get(5),
        revoked_at: r.get(6),
        last_push_at: r.get(7),
        last_pull_at: r.get(8),
    }
}

fn json_object(s: &str) -> Map<String, Value> {
    match serde_json::from_str(s) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

impl Postgres {
    /// Connects to `url` (`postgres://user:pass@host:port/db`) and applies migrations.
    pub async fn connect(url: &str) -> Result<Postgres> {
        let config = tokio_postgres::Config::from_str(url)
            .map_err(|e| ServerError::Internal(format!("PostgreSQL URL: {e}")))?;
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(16)
            .build()
            .map_err(ServerError::internal)?;
        let pg = Postgres { pool };
        pg.migrate().await?;
        Ok(pg)
    }

    async fn migrate(&self) -> Result<()> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // One migrator at a time, even with several server processes starting together.
        tx.execute("SELECT pg_advisory_xact_lock(7429001)", &[])
            .await?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS vanthu_schema (version INTEGER NOT NULL)")
            .await?;
        let current: i32 = tx
            .query_opt("SELECT max(version) FROM vanthu_schema", &[])
            .await?
            .and_then(|r| r.get::<_, Option<i32>>(0))
            .unwrap_or(0);
        let latest = MIGRATIONS.last().map(|m| m.0).unwrap_or(0);
        if current > latest {
            return Err(ServerError::Internal(format!(
                "database schema {current} is newer than this server ({latest})"
            )));
        }
        for (v, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
            tx.batch_execute(sql).await?;
            tx.execute("INSERT INTO vanthu_schema (version) VALUES ($1)", &[v])
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Drops every table (test suites start from an empty database).
    pub async fn reset_for_tests(&self) -> Result<()> {
        let client = self.pool.get().await?;
        client
            .batch_execute(
                "DROP TABLE IF EXISTS audit_rows, report_reviews, sessions, staff, blob_refs, blob_chunks, blobs, records,
                     changes, devices, enrol_codes, province_records, units, vanthu_schema CASCADE",
            )
            .await?;
        drop(client);
        self.migrate().await
    }
}

async fn append_log(
    tx: &Transaction<'_>,
    unit_id: &str,
    entries: &[NewLogEntry],
    now: i64,
) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let n = entries.len() as i64;
    let head: i64 = tx
        .query_one(
            "UPDATE units SET log_head = log_head + $1 WHERE id = $2 RETURNING log_head",
            &[&n, &unit_id],
        )
        .await?
        .get(0);
    let first = head - n + 1;
    let pos: Vec<i64> = (0..n).map(|i| first + i).collect();
    let change_ids: Vec<Option<String>> = entries.iter().map(|e| e.change_id.clone()).collect();
    let origins: Vec<Option<String>> = entries.iter().map(|e| e.origin.clone()).collect();
    let origin_seqs: Vec<Option<i64>> = entries.iter().map(|e| e.origin_seq).collect();
    let echo: Vec<bool> = entries.iter().map(|e| e.echo).collect();
    let ents: Vec<&str> = entries.iter().map(|e| e.entity.as_str()).collect();
    let ids: Vec<&str> = entries.iter().map(|e| e.entity_id.as_str()).collect();
    let ops: Vec<&str> = entries.iter().map(|e| e.op.code()).collect();
    let payloads: Vec<&str> = entries.iter().map(|e| e.payload.as_str()).collect();
    let hlcs: Vec<&str> = entries.iter().map(|e| e.hlc.as_str()).collect();
    tx.execute(
        "INSERT INTO changes (unit_id, pos, change_id, origin, origin_seq, echo, entity, entity_id,
             op, payload, hlc, received_at)
         SELECT $1::text, *, $12::bigint FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[],
             $6::bool[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])",
        &[
            &unit_id, &pos, &change_ids, &origins, &origin_seqs, &echo, &ents, &ids, &ops,
            &payloads, &hlcs, &now,
        ],
    )
    .await?;
    Ok(())
}

async fn push_tx(
    tx: &Transaction<'_>,
    device: &Device,
    req: &PushRequest,
    now: i64,
) -> Result<PushOutcome> {
    // The unit's row first: serializes this unit's pushes (see module docs).
    tx.execute(
        "SELECT 1 FROM units WHERE id = $1 FOR UPDATE",
        &[&device.unit_id],
    )
    .await?;
    let row = tx
        .query_one(
            "SELECT high_water, revoked_at FROM devices WHERE id = $1 FOR UPDATE",
            &[&device.id],
        )
        .await?;
    let (high_water, revoked): (i64, Option<i64>) = (row.get(0), row.get(1));
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
    let ids: Vec<&str> = candidates.iter().map(|c| c.change_id.as_str()).collect();
    let mut known = std::collections::HashSet::new();
    for r in tx
        .query(
            "SELECT change_id, unit_id FROM changes WHERE change_id = ANY($1)",
            &[&ids],
        )
        .await?
    {
        let (id, unit): (String, String) = (r.get(0), r.get(1));
        // Pushed before under an earlier enrolment of this unit: a replay. Another unit's
        // change id: refused.
        if unit != device.unit_id {
            return Err(ServerError::ForeignRecord {
                entity: "change".into(),
                id,
            });
        }
        known.insert(id);
    }
    let fresh: Vec<_> = candidates
        .into_iter()
        .filter(|c| !known.contains(&c.change_id))
        .collect();
    let keys: Vec<(String, String)> = fresh
        .iter()
        .map(|c| record_key(&device.unit_id, c))
        .collect();
    let ents: Vec<&str> = keys.iter().map(|k| k.0.as_str()).collect();
    let eids: Vec<&str> = keys.iter().map(|k| k.1.as_str()).collect();
    let mut existing = HashMap::new();
    for r in tx
        .query(
            "SELECT r.entity, r.entity_id, r.unit_id, r.payload, r.clocks, r.deleted FROM records r
             JOIN unnest($1::text[], $2::text[]) AS k(entity, entity_id)
               ON r.entity = k.entity AND r.entity_id = k.entity_id",
            &[&ents, &eids],
        )
        .await?
    {
        let (entity, entity_id): (String, String) = (r.get(0), r.get(1));
        let payload: String = r.get(3);
        let clocks: String = r.get(4);
        existing.insert(
            (entity.clone(), entity_id.clone()),
            RecordState {
                unit_id: r.get(2),
                entity,
                entity_id,
                payload: json_object(&payload),
                clocks: json_object(&clocks),
                deleted: r.get(5),
            },
        );
    }
    let applied = fresh.len() as u32;
    let plan = plan_push(&device.unit_id, &device.id, &fresh, existing, now)?;
    append_log(tx, &device.unit_id, &plan.log, now).await?;
    if !plan.records.is_empty() {
        let e: Vec<&str> = plan.records.iter().map(|r| r.entity.as_str()).collect();
        let i: Vec<&str> = plan.records.iter().map(|r| r.entity_id.as_str()).collect();
        let p: Vec<String> = plan
            .records
            .iter()
            .map(|r| Value::Object(r.payload.clone()).to_string())
            .collect();
        let c: Vec<String> = plan
            .records
            .iter()
            .map(|r| Value::Object(r.clocks.clone()).to_string())
            .collect();
        let d: Vec<bool> = plan.records.iter().map(|r| r.deleted).collect();
        tx.execute(
            "INSERT INTO records (entity, entity_id, unit_id, payload, clocks, deleted, updated_at)
             SELECT k.e, k.i, $1::text, k.p, k.c, k.d, $7::bigint
               FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bool[]) AS k(e, i, p, c, d)
             ON CONFLICT (entity, entity_id) DO UPDATE SET payload = excluded.payload,
                 clocks = excluded.clocks, deleted = excluded.deleted, updated_at = excluded.updated_at",
            &[&device.unit_id, &e, &i, &p, &c, &d, &now],
        )
        .await?;
    }
    if !plan.blob_refs.is_empty() {
        tx.execute(
            "INSERT INTO blob_refs (unit_id, sha256) SELECT $1::text, s FROM unnest($2::text[]) AS s
             ON CONFLICT DO NOTHING",
            &[&device.unit_id, &plan.blob_refs],
        )
        .await?;
    }
    tx.execute(
        "UPDATE devices SET high_water = $1, last_push_at = $2 WHERE id = $3",
        &[&last, &now, &device.id],
    )
    .await?;
    Ok(PushOutcome::Applied {
        acked: last,
        applied,
    })
}

#[async_trait]
impl Storage for Postgres {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn create_unit(&self, unit: &Unit) -> Result<()> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        if tx
            .query_opt("SELECT 1 FROM units WHERE code = $1", &[&unit.code])
            .await?
            .is_some()
        {
            return Err(ServerError::Exists(format!("Đơn vị mã {}", unit.code)));
        }
        tx.execute(
            "INSERT INTO units (id, code, name, organisation, numbering_style, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &unit.id,
                &unit.code,
                &unit.name,
                &unit.organisation,
                &unit.numbering_style,
                &unit.created_at,
            ],
        )
        .await?;
        let entries: Vec<NewLogEntry> = tx
            .query(
                "SELECT entity, entity_id, op, payload, updated_at FROM province_records
                 ORDER BY updated_at, entity, entity_id",
                &[],
            )
            .await?
            .iter()
            .map(|r| NewLogEntry {
                change_id: None,
                origin: None,
                origin_seq: None,
                echo: true,
                entity: r.get(0),
                entity_id: r.get(1),
                op: Op::parse(r.get::<_, &str>(2)).unwrap_or(Op::Upsert),
                payload: r.get(3),
                hlc: vanthu_protocol::hlc::format(r.get(4), 0),
            })
            .collect();
        append_log(&tx, &unit.id, &entries, unit.created_at).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn units(&self) -> Result<Vec<Unit>> {
        let client = self.pool.get().await?;
        Ok(client
            .query(&format!("SELECT {UNIT_COLS} FROM units ORDER BY code"), &[])
            .await?
            .iter()
            .map(unit_row)
            .collect())
    }

    async fn unit(&self, id_or_code: &str) -> Result<Option<Unit>> {
        let client = self.pool.get().await?;
        Ok(client
            .query_opt(
                &format!("SELECT {UNIT_COLS} FROM units WHERE id = $1 OR code = $1"),
                &[&id_or_code],
            )
            .await?
            .as_ref()
            .map(unit_row))
    }

    async fn add_enrol_code(
        &self,
        unit_id: &str,
        code_hash: &str,
        expires_at: i64,
        now: i64,
    ) -> Result<()> {
        let client = self.pool.get().await?;
        client
            .execute(
                "INSERT INTO enrol_codes (code_hash, unit_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
                &[&code_hash, &unit_id, &now, &expires_at],
            )
            .await?;
        Ok(())
    }

    async fn enrol(
        &self,
        code_hash: &str,
        d: &NewDevice,
        now: i64,
    ) -> Result<std::result::Result<Unit, CodeProblem>> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let Some(row) = tx
            .query_opt(
                "SELECT unit_id, expires_at, used_at FROM enrol_codes WHERE code_hash = $1 FOR UPDATE",
                &[&code_hash],
            )
            .await?
        else {
            return Ok(Err(CodeProblem::Unknown));
        };
        let (unit_id, expires_at, used_at): (String, i64, Option<i64>) =
            (row.get(0), row.get(1), row.get(2));
        if used_at.is_some() {
            return Ok(Err(CodeProblem::Used));
        }
        if expires_at < now {
            return Ok(Err(CodeProblem::Expired));
        }
        tx.execute(
            "UPDATE enrol_codes SET used_at = $1, device_id = $2 WHERE code_hash = $3",
            &[&now, &d.id, &code_hash],
        )
        .await?;
        tx.execute(
            "INSERT INTO devices (id, unit_id, name, token_hash, high_water, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[&d.id, &unit_id, &d.name, &d.token_hash, &d.high_water, &now],
        )
        .await?;
        let unit = unit_row(
            &tx.query_one(
                &format!("SELECT {UNIT_COLS} FROM units WHERE id = $1"),
                &[&unit_id],
            )
            .await?,
        );
        tx.commit().await?;
        Ok(Ok(unit))
    }

    async fn device(&self, id: &str) -> Result<Option<Device>> {
        let client = self.pool.get().await?;
        Ok(client
            .query_opt(
                &format!("SELECT {DEVICE_COLS} FROM devices WHERE id = $1"),
                &[&id],
            )
            .await?
            .as_ref()
            .map(device_row))
    }

    async fn devices(&self, unit_id: Option<&str>) -> Result<Vec<Device>> {
        let client = self.pool.get().await?;
        Ok(client
            .query(
                &format!(
                    "SELECT {DEVICE_COLS} FROM devices WHERE $1::text IS NULL OR unit_id = $1
                     ORDER BY unit_id, created_at"
                ),
                &[&unit_id],
            )
            .await?
            .iter()
            .map(device_row)
            .collect())
    }

    async fn revoke_device(&self, id: &str, now: i64) -> Result<bool> {
        let client = self.pool.get().await?;
        Ok(client
            .execute(
                "UPDATE devices SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
                &[&now, &id],
            )
            .await?
            > 0)
    }

    async fn unit_activity(&self, unit_id: &str) -> Result<UnitActivity> {
        let client = self.pool.get().await?;
        let r = client
            .query_one(
                "SELECT count(*), max(last_push_at), max(last_pull_at) FROM devices
                 WHERE unit_id = $1 AND revoked_at IS NULL",
                &[&unit_id],
            )
            .await?;
        Ok(UnitActivity {
            devices: r.get(0),
            last_push_at: r.get(1),
            last_pull_at: r.get(2),
        })
    }

    async fn push(&self, device: &Device, req: &PushRequest, now: i64) -> Result<PushOutcome> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let outcome = push_tx(&tx, device, req, now).await?;
        // A gap changes nothing: dropping the transaction rolls it back.
        if matches!(outcome, PushOutcome::Applied { .. }) {
            tx.commit().await?;
        }
        Ok(outcome)
    }

    async fn pull(
        &self,
        device: &Device,
        after: i64,
        limit: u32,
        now: i64,
    ) -> Result<PullResponse> {
        let mut client = self.pool.get().await?;
        let tx = client
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await?;
        let lim = i64::from(limit);
        let entries: Vec<LogEntry> = tx
            .query(
                "SELECT c.pos, c.entity, c.entity_id, c.op,
                        CASE WHEN c.op = 'upsert' AND r.payload IS NOT NULL AND NOT r.deleted
                             THEN r.payload ELSE c.payload END,
                        c.hlc, c.origin
                 FROM changes c LEFT JOIN records r
                   ON r.entity = c.entity AND r.entity_id = c.entity_id AND r.unit_id = c.unit_id
                 WHERE c.unit_id = $1 AND c.pos > $2 AND (c.origin IS NULL OR c.origin <> $3 OR c.echo)
                 ORDER BY c.pos LIMIT $4",
                &[&device.unit_id, &after, &device.id, &lim],
            )
            .await?
            .iter()
            .map(|r| LogEntry {
                cursor: r.get(0),
                entity: r.get(1),
                entity_id: r.get(2),
                op: Op::parse(r.get::<_, &str>(3)).unwrap_or(Op::Upsert),
                payload: r.get(4),
                hlc: r.get(5),
                origin: r.get(6),
            })
            .collect();
        let head: i64 = tx
            .query_one(
                "SELECT log_head FROM units WHERE id = $1",
                &[&device.unit_id],
            )
            .await?
            .get(0);
        tx.commit().await?;
        let cursor = if entries.len() as u32 == limit {
            entries.last().map(|e| e.cursor).unwrap_or(after)
        } else {
            head.max(after)
        };
        let _ = client
            .execute(
                "UPDATE devices SET last_pull_at = $1 WHERE id = $2",
                &[&now, &device.id],
            )
            .await;
        Ok(PullResponse {
            has_more: cursor < head,
            entries,
            cursor,
        })
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
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let units: Vec<String> = match unit_ids {
            Some(u) => u.to_vec(),
            None => {
                tx.execute(
                    "INSERT INTO province_records (entity, entity_id, op, payload, updated_at)
                     VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (entity, entity_id) DO UPDATE SET op = excluded.op,
                         payload = excluded.payload, updated_at = excluded.updated_at",
                    &[&entity, &entity_id, &op.code(), &payload, &now],
                )
                .await?;
                tx.query("SELECT id FROM units ORDER BY id", &[])
                    .await?
                    .iter()
                    .map(|r| r.get(0))
                    .collect()
            }
        };
        for unit in &units {
            let entry = NewLogEntry {
                change_id: None,
                origin: None,
                origin_seq: None,
                echo: true,
                entity: entity.to_string(),
                entity_id: entity_id.to_string(),
                op,
                payload: payload.to_string(),
                hlc: vanthu_protocol::hlc::format(now, 0),
            };
            append_log(&tx, unit, &[entry], now).await?;
            if !blobs.is_empty() {
                tx.execute(
                    "INSERT INTO blob_refs (unit_id, sha256) SELECT $1::text, s FROM unnest($2::text[]) AS s
                     ON CONFLICT DO NOTHING",
                    &[unit, &blobs],
                )
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn province_records(&self, entity: &str) -> Result<Vec<String>> {
        let client = self.pool.get().await?;
        Ok(client
            .query(
                "SELECT payload FROM province_records WHERE entity = $1 AND op <> 'delete' ORDER BY entity_id",
                &[&entity],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    async fn records(&self, unit_id: &str, entity: &str) -> Result<Vec<String>> {
        let client = self.pool.get().await?;
        Ok(client
            .query(
                "SELECT payload FROM records WHERE unit_id = $1 AND entity = $2 AND NOT deleted",
                &[&unit_id, &entity],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    async fn log(&self, unit_id: &str) -> Result<Vec<LogRow>> {
        let client = self.pool.get().await?;
        Ok(client
            .query(
                "SELECT pos, change_id, origin, origin_seq, entity, entity_id FROM changes
                 WHERE unit_id = $1 ORDER BY pos",
                &[&unit_id],
            )
            .await?
            .iter()
            .map(|r| LogRow {
                cursor: r.get(0),
                change_id: r.get(1),
                origin: r.get(2),
                origin_seq: r.get(3),
                entity: r.get(4),
                entity_id: r.get(5),
            })
            .collect())
    }

    async fn add_report_review(
        &self,
        unit_id: &str,
        review: &ReportReview,
        now: i64,
    ) -> Result<bool> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // Serializes with the unit's pushes and other reviews (the log position comes next).
        tx.query_opt("SELECT 1 FROM units WHERE id = $1 FOR UPDATE", &[&unit_id])
            .await?;
        let inserted = tx
            .execute(
                "INSERT INTO report_reviews (id, unit_id, report_id, submission_id, decision,
                     comments, reviewer, reviewed_at)
                 SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::bigint
                 WHERE EXISTS (SELECT 1 FROM records WHERE entity = $9 AND entity_id = $4
                                  AND unit_id = $2 AND NOT deleted)
                 ON CONFLICT (id) DO NOTHING",
                &[
                    &review.id,
                    &unit_id,
                    &review.report_id,
                    &review.submission_id,
                    &review.decision,
                    &review.comments,
                    &review.reviewer,
                    &review.reviewed_at,
                    &entity::REPORT_SUBMISSION,
                ],
            )
            .await?;
        if inserted == 0 {
            let known = tx
                .query_opt("SELECT 1 FROM report_reviews WHERE id = $1", &[&review.id])
                .await?
                .is_some();
            if known {
                return Ok(false);
            }
            return Err(ServerError::NotFound(format!(
                "lần nộp báo cáo {}",
                review.submission_id
            )));
        }
        let entry = NewLogEntry {
            change_id: None,
            origin: None,
            origin_seq: None,
            echo: true,
            entity: entity::REPORT_REVIEW.into(),
            entity_id: review.id.clone(),
            op: Op::Upsert,
            payload: serde_json::to_string(review).map_err(ServerError::internal)?,
            hlc: vanthu_protocol::hlc::format(now, 0),
        };
        append_log(&tx, unit_id, &[entry], now).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn audit_head(&self, device_id: &str) -> Result<(i64, String)> {
        let client = self.pool.get().await?;
        audit_head_of(&client, device_id).await
    }

    async fn push_audit(
        &self,
        device: &Device,
        req: &AuditPushRequest,
        now: i64,
    ) -> Result<AuditOutcome> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // One upload of a device at a time: its head is read under the device row's lock.
        tx.execute(
            "SELECT 1 FROM devices WHERE id = $1 FOR UPDATE",
            &[&device.id],
        )
        .await?;
        let (head_seq, head_hash) = audit_head_of(&tx, &device.id).await?;
        let new = match plan_audit((head_seq, &head_hash), req)? {
            Ok(new) => new,
            Err(expected) => return Ok(AuditOutcome::Gap { expected }),
        };
        if !new.is_empty() {
            let ins = tx
                .prepare(
                    "INSERT INTO audit_rows (device_id, seq, unit_id, at, actor, entity, entity_id,
                         op, before_json, after_json, prev_hash, hash, received_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                )
                .await?;
            for r in new {
                tx.execute(
                    &ins,
                    &[
                        &device.id,
                        &r.seq,
                        &device.unit_id,
                        &r.at,
                        &r.actor,
                        &r.entity,
                        &r.entity_id,
                        &r.op,
                        &r.before,
                        &r.after,
                        &r.prev_hash,
                        &r.hash,
                        &now,
                    ],
                )
                .await?;
            }
        }
        let acked = new.last().map(|r| r.seq).unwrap_or(head_seq);
        let applied = new.len() as u32;
        tx.commit().await?;
        Ok(AuditOutcome::Stored { acked, applied })
    }

    async fn audit_rows(&self, unit_id: &str, limit: Option<u32>) -> Result<Vec<StoredAuditRow>> {
        let client = self.pool.get().await?;
        let limit = limit.map(i64::from);
        Ok(client
            .query(
                "SELECT device_id, seq, at, actor, entity, entity_id, op, before_json, after_json,
                        prev_hash, hash, received_at
                 FROM audit_rows a
                 WHERE unit_id = $1 AND ($2::BIGINT IS NULL OR seq > (
                     SELECT coalesce(max(seq), 0) - $2 FROM audit_rows b WHERE b.device_id = a.device_id))
                 ORDER BY device_id, seq",
                &[&unit_id, &limit],
            )
            .await?
            .iter()
            .map(|r| StoredAuditRow {
                device_id: r.get(0),
                row: AuditRow {
                    seq: r.get(1),
                    at: r.get(2),
                    actor: r.get(3),
                    entity: r.get(4),
                    entity_id: r.get(5),
                    op: r.get(6),
                    before: r.get(7),
                    after: r.get(8),
                    prev_hash: r.get(9),
                    hash: r.get(10),
                },
                received_at: r.get(11),
            })
            .collect())
    }

    async fn report_reviews(&self, unit_id: &str) -> Result<Vec<ReportReview>> {
        let client = self.pool.get().await?;
        Ok(client
            .query(
                "SELECT id, report_id, submission_id, decision, comments, reviewer, reviewed_at
                 FROM report_reviews WHERE unit_id = $1 ORDER BY reviewed_at, id",
                &[&unit_id],
            )
            .await?
            .iter()
            .map(|r| ReportReview {
                id: r.get(0),
                report_id: r.get(1),
                submission_id: r.get(2),
                decision: r.get(3),
                comments: r.get(4),
                reviewer: r.get(5),
                reviewed_at: r.get(6),
            })
            .collect())
    }

    async fn blob(&self, sha256: &str) -> Result<Option<Blob>> {
        let client = self.pool.get().await?;
        Ok(client
            .query_opt(
                "SELECT sha256, size, received, complete FROM blobs WHERE sha256 = $1",
                &[&sha256],
            )
            .await?
            .map(|r| Blob {
                sha256: r.get(0),
                size: r.get(1),
                received: r.get(2),
                complete: r.get(3),
            }))
    }

    async fn blob_referenced(&self, unit_id: &str, sha256: &str) -> Result<bool> {
        let client = self.pool.get().await?;
        Ok(client
            .query_opt(
                "SELECT 1 FROM blob_refs WHERE unit_id = $1 AND sha256 = $2",
                &[&unit_id, &sha256],
            )
            .await?
            .is_some())
    }

    async fn blob_append(
        &self,
        sha: &str,
        size: i64,
        offset: i64,
        data: &[u8],
        now: i64,
    ) -> Result<Blob> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        tx.execute(
            "INSERT INTO blobs (sha256, size, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            &[&sha, &size, &now],
        )
        .await?;
        let r = tx
            .query_one(
                "SELECT size, received, complete FROM blobs WHERE sha256 = $1 FOR UPDATE",
                &[&sha],
            )
            .await?;
        let (known_size, received, complete): (i64, i64, bool) = (r.get(0), r.get(1), r.get(2));
        let blob = |received, complete| Blob {
            sha256: sha.to_string(),
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
        let end = received + data.len() as i64;
        if end > size {
            return Err(ServerError::BadRequest("vượt quá kích thước tệp".into()));
        }
        tx.execute(
            "INSERT INTO blob_chunks (sha256, start_at, data) VALUES ($1, $2, $3)",
            &[&sha, &received, &data],
        )
        .await?;
        if end == size {
            let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
            for r in tx
                .query(
                    "SELECT data FROM blob_chunks WHERE sha256 = $1 ORDER BY start_at",
                    &[&sha],
                )
                .await?
            {
                sha2::Digest::update(&mut hasher, r.get::<_, &[u8]>(0));
            }
            if hex::encode(sha2::Digest::finalize(hasher)) != sha {
                tracing::warn!(sha256 = %sha, "uploaded content does not match its hash; discarded");
                tx.execute("DELETE FROM blob_chunks WHERE sha256 = $1", &[&sha])
                    .await?;
                tx.execute("UPDATE blobs SET received = 0 WHERE sha256 = $1", &[&sha])
                    .await?;
                tx.commit().await?;
                return Err(ServerError::BadRequest(
                    "nội dung tệp không khớp mã SHA-256; hãy tải lên lại".into(),
                ));
            }
            tx.execute(
                "UPDATE blobs SET received = $1, complete = TRUE, completed_at = $2 WHERE sha256 = $3",
                &[&end, &now, &sha],
            )
            .await?;
            tx.commit().await?;
            return Ok(blob(end, true));
        }
        tx.execute(
            "UPDATE blobs SET received = $1 WHERE sha256 = $2",
            &[&end, &sha],
        )
        .await?;
        tx.commit().await?;
        Ok(blob(end, false))
    }

    async fn blob_read(&self, sha256: &str, offset: i64, len: i64) -> Result<Vec<u8>> {
        let client = self.pool.get().await?;
        let mut out = Vec::new();
        for r in client
            .query(
                "SELECT start_at, data FROM blob_chunks WHERE sha256 = $1
                 AND start_at + length(data) > $2 AND start_at < $3 ORDER BY start_at",
                &[&sha256, &offset, &(offset + len)],
            )
            .await?
        {
            let start: i64 = r.get(0);
            let data: &[u8] = r.get(1);
            let from = (offset - start).max(0) as usize;
            let to = ((offset + len - start) as usize).min(data.len());
            out.extend_from_slice(&data[from..to]);
        }
        Ok(out)
    }

    async fn missing_blobs(&self, unit_id: &str) -> Result<Vec<String>> {
        let client = self.pool.get().await?;
        Ok(client
            .query(
                "SELECT r.sha256 FROM blob_refs r LEFT JOIN blobs b ON b.sha256 = r.sha256
                 WHERE r.unit_id = $1 AND NOT coalesce(b.complete, FALSE) ORDER BY r.sha256",
                &[&unit_id],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    async fn create_staff(&self, s: &Staff, now: i64) -> Result<()> {
        let client = self.pool.get().await?;
        client
            .execute(
                "INSERT INTO staff (username, display_name, password_hash, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name,
                     password_hash = excluded.password_hash",
                &[&s.username, &s.display_name, &s.password_hash, &now],
            )
            .await?;
        Ok(())
    }

    async fn staff(&self, username: &str) -> Result<Option<Staff>> {
        let client = self.pool.get().await?;
        Ok(client
            .query_opt(
                "SELECT username, display_name, password_hash FROM staff WHERE username = $1",
                &[&username],
            )
            .await?
            .map(|r| Staff {
                username: r.get(0),
                display_name: r.get(1),
                password_hash: r.get(2),
            }))
    }

    async fn create_session(
        &self,
        token_hash: &str,
        username: &str,
        expires_at: i64,
    ) -> Result<()> {
        let client = self.pool.get().await?;
        client
            .execute(
                "INSERT INTO sessions (token_hash, username, expires_at) VALUES ($1, $2, $3)",
                &[&token_hash, &username, &expires_at],
            )
            .await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: i64) -> Result<Option<String>> {
        let client = self.pool.get().await?;
        Ok(client
            .query_opt(
                "SELECT username FROM sessions WHERE token_hash = $1 AND expires_at > $2",
                &[&token_hash, &now],
            )
            .await?
            .map(|r| r.get(0)))
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        let client = self.pool.get().await?;
        client
            .execute("DELETE FROM sessions WHERE token_hash = $1", &[&token_hash])
            .await?;
        Ok(())
    }
}
