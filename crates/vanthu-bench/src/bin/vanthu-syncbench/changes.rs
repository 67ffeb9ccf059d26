//! Realistic changes and the push batches the client would send for them: a store filled by the
//! generator (documents registered, routed, answered and closed through the real use cases),
//! its outbox read with the client's own `pending_batch` at the engine's batch size, and the
//! bodies sized with the real encoder.

use anyhow::{Result, bail};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;
use vanthu_local::Store;
use vanthu_local::generate::{GenerateOptions, generate};
use vanthu_local::sync::{acknowledge, pending_batch};
use vanthu_protocol::{Change, PushRequest};

/// Fills a new store at `dir` with generated documents and keeps exactly the first `changes`
/// outbox entries (a prefix of the real history: the later ones are dropped, never altered).
pub fn make_store(dir: &Path, changes: usize, seed: u64) -> Result<Store> {
    let mut store = Store::open(dir)?;
    let opts = GenerateOptions {
        // About twelve captured changes per generated document (measured); generous margin.
        count: changes / 8 + 50,
        from_year: 2024,
        to_year: 2026,
        seed,
        today: NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid date"),
    };
    generate(&mut store, &opts)?;
    let have: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))?;
    if (have as usize) < changes {
        bail!("the generator made only {have} changes, {changes} wanted");
    }
    store.conn().execute(
        "DELETE FROM outbox WHERE seq > (SELECT seq FROM outbox ORDER BY seq LIMIT 1 OFFSET ?1)",
        [changes as i64 - 1],
    )?;
    Ok(store)
}

/// Every push the client would make for the store's pending changes with `batch_size`,
/// read with the client's functions in a transaction that is rolled back (the store is left
/// untouched for the real sync). The store must be enrolled.
pub fn push_batches(store: &Store, batch_size: usize) -> Result<Vec<PushRequest>> {
    let tx = store.conn().unchecked_transaction()?;
    let mut out = Vec::new();
    loop {
        let (after, changes) = pending_batch(&tx, batch_size)?;
        let Some(last) = changes.last().map(|c| c.seq) else {
            break;
        };
        out.push(PushRequest { after, changes });
        acknowledge(&tx, last, 0)?;
    }
    drop(tx); // rolled back
    Ok(out)
}

/// Sizes of a set of pushes, all in bytes.
pub struct Sizes {
    /// As the client sends them to a server that lists the push dictionary (every current one).
    pub sent: usize,
    /// Compressed without the dictionary (an older server).
    pub plain_zstd: usize,
    /// Uncompressed MessagePack.
    pub raw: usize,
    pub changes: usize,
}

pub fn sizes(pushes: &[PushRequest]) -> Sizes {
    let mut out = Sizes {
        sent: 0,
        plain_zstd: 0,
        raw: 0,
        changes: 0,
    };
    for p in pushes {
        out.sent += vanthu_protocol::encode_with_dictionary(p).len();
        out.plain_zstd += vanthu_protocol::encode(p).len();
        out.raw += rmp_serde::to_vec(p).map(|v| v.len()).unwrap_or(0);
        out.changes += p.changes.len();
    }
    out
}

/// Trains a zstd dictionary of `dict_bytes` on the MessagePack bodies of `pushes`: how the
/// protocol's built-in push dictionary is made (`vanthu-syncbench --train-dictionary FILE`).
pub fn train_dictionary(pushes: &[PushRequest], dict_bytes: usize) -> Result<Vec<u8>> {
    let samples: Vec<Vec<u8>> = pushes
        .iter()
        .map(rmp_serde::to_vec)
        .collect::<Result<_, _>>()?;
    Ok(zstd::dict::from_samples(&samples, dict_bytes)?)
}

/// The same changes as pushed one user action at a time (each document upsert starts a new
/// push, with the events that follow it): what a clerk's debounced sync sends during the day.
pub fn per_action(pushes: &[PushRequest]) -> Vec<PushRequest> {
    let mut out: Vec<PushRequest> = Vec::new();
    let mut after = pushes.first().map(|p| p.after).unwrap_or(0);
    let mut group: Vec<Change> = Vec::new();
    for c in pushes.iter().flat_map(|p| p.changes.iter()) {
        let starts = c.entity.ends_with("_document") && !group.is_empty();
        if starts {
            let last = group.last().map(|c| c.seq).unwrap_or(after);
            out.push(PushRequest {
                after,
                changes: std::mem::take(&mut group),
            });
            after = last;
        }
        group.push(c.clone());
    }
    if !group.is_empty() {
        out.push(PushRequest {
            after,
            changes: group,
        });
    }
    out
}

/// The changes of another device: every UUID (change ids, record ids, references inside
/// payloads) gets `device` in its first eight hex digits. The rest of each UUID is unique
/// within the source (checked by [`check_unique_tails`]), so devices never share a record.
pub fn for_device(pushes: &[PushRequest], device: u32) -> Vec<PushRequest> {
    let prefix = format!("{device:08x}");
    pushes
        .iter()
        .map(|p| PushRequest {
            after: p.after,
            changes: p
                .changes
                .iter()
                .map(|c| Change {
                    change_id: rewrite(&c.change_id, &prefix),
                    entity_id: rewrite(&c.entity_id, &prefix),
                    payload: rewrite(&c.payload, &prefix),
                    base: c.base.as_deref().map(|b| rewrite(b, &prefix)),
                    ..c.clone()
                })
                .collect(),
        })
        .collect()
}

/// Fails if two UUIDs of the source differ only in their first eight digits.
pub fn check_unique_tails(pushes: &[PushRequest]) -> Result<()> {
    let mut heads: HashMap<&str, &str> = HashMap::new();
    for c in pushes.iter().flat_map(|p| &p.changes) {
        for text in [&c.change_id, &c.entity_id, &c.payload] {
            for at in uuid_positions(text) {
                let (head, tail) = (&text[at..at + 8], &text[at + 8..at + 36]);
                if *heads.entry(tail).or_insert(head) != head {
                    bail!("two UUIDs share the tail {tail}");
                }
            }
        }
    }
    Ok(())
}

fn rewrite(text: &str, prefix: &str) -> String {
    let mut out = text.to_string();
    for at in uuid_positions(text) {
        out.replace_range(at..at + 8, prefix);
    }
    out
}

/// Byte offsets of every canonical UUID (8-4-4-4-12 hex digits) in `text`.
fn uuid_positions(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 36 <= b.len() {
        let is_uuid = (0..36).all(|k| match k {
            8 | 13 | 18 | 23 => b[i + k] == b'-',
            _ => b[i + k].is_ascii_hexdigit(),
        }) && (i == 0 || !b[i - 1].is_ascii_hexdigit());
        if is_uuid {
            out.push(i);
            i += 36;
        } else {
            i += 1;
        }
    }
    out
}
