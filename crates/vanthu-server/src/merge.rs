//! Per-field merge of a unit's records (design §4), pure: no storage, no clock.
//!
//! Only devices of the same unit can edit the same record. Each field of a record carries the
//! stamp (HLC + device id) of the change that last set it; an upsert that altered a field wins it
//! if its stamp is later (last writer wins per field), deterministically on every server replay.
//! The losing value is never dropped silently: it becomes a [`Conflict`] in the unit's log, so
//! every device shows it. Events (append) merge by union: a known id is ignored.
//!
//! A change's `base` (the values its fields had before, on the device) tells a sequential edit
//! from a concurrent one: overwriting a value the device had not seen is a conflict too.

use serde_json::{Map, Value};
use vanthu_protocol::{Change, Conflict, Op, hlc};

/// Bookkeeping fields: merged, never reported as conflicts. `version` takes the maximum.
const META: &[&str] = &["version", "updated_at", "last_update_at", "created_at"];

/// The server's state of one record.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordState {
    pub unit_id: String,
    pub entity: String,
    pub entity_id: String,
    pub payload: Map<String, Value>,
    /// Field → stamp of the change that set it (events: empty).
    pub clocks: Map<String, Value>,
    pub deleted: bool,
}

/// What applying one change produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The record's new state (`None`: nothing changed, e.g. a known event).
    pub state: Option<RecordState>,
    /// The payload the unit's log carries for this change: the merged record for an upsert.
    pub log_payload: String,
    /// Whether the pushing device must receive the log entry too (its value lost somewhere).
    pub echo: bool,
    pub conflicts: Vec<Conflict>,
}

fn object(s: &str) -> Map<String, Value> {
    match serde_json::from_str(s) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// Applies `change` from `device_id` of `unit_id` over `existing`. `new_id` names conflicts.
pub fn apply(
    existing: Option<&RecordState>,
    unit_id: &str,
    device_id: &str,
    change: &Change,
    now: i64,
    mut new_id: impl FnMut() -> String,
) -> Merged {
    let stamp = hlc::with_origin(&change.hlc, device_id);
    let incoming = object(&change.payload);
    let fresh = |payload: Map<String, Value>, clocks: Map<String, Value>, deleted| RecordState {
        unit_id: unit_id.to_string(),
        entity: change.entity.clone(),
        entity_id: change.entity_id.clone(),
        payload,
        clocks,
        deleted,
    };
    match change.op {
        Op::Delete => Merged {
            state: Some(fresh(
                existing.map(|e| e.payload.clone()).unwrap_or_default(),
                existing.map(|e| e.clocks.clone()).unwrap_or_default(),
                true,
            )),
            log_payload: change.payload.clone(),
            echo: false,
            conflicts: vec![],
        },
        Op::Append => Merged {
            state: match existing {
                Some(e) if !e.deleted => None,
                _ => Some(fresh(incoming, Map::new(), false)),
            },
            log_payload: change.payload.clone(),
            echo: false,
            conflicts: vec![],
        },
        Op::Upsert => {
            let Some(current) = existing.filter(|e| !e.deleted) else {
                let clocks = incoming
                    .keys()
                    .map(|k| (k.clone(), Value::String(stamp.clone())))
                    .collect();
                return Merged {
                    state: Some(fresh(incoming, clocks, false)),
                    log_payload: change.payload.clone(),
                    echo: false,
                    conflicts: vec![],
                };
            };
            let base = change.base.as_deref().map(object);
            let mut state = current.clone();
            let mut conflicts = Vec::new();
            for (field, value) in &incoming {
                let cur = state.payload.get(field).cloned();
                if field == "version" {
                    let v = value.as_i64().unwrap_or(0);
                    let c = cur.as_ref().and_then(Value::as_i64).unwrap_or(0);
                    state.payload.insert(field.clone(), Value::from(v.max(c)));
                    continue;
                }
                let altered = base.as_ref().is_none_or(|b| b.contains_key(field));
                if !altered {
                    if cur.is_none() {
                        state.payload.insert(field.clone(), value.clone());
                        state
                            .clocks
                            .insert(field.clone(), Value::String(stamp.clone()));
                    }
                    continue;
                }
                let cur_stamp = state
                    .clocks
                    .get(field)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let meta = META.contains(&field.as_str());
                if stamp > cur_stamp {
                    let unseen = base.as_ref().is_some_and(|b| b.get(field) != cur.as_ref());
                    if let Some(cur) = cur.filter(|c| c != value && unseen && !meta) {
                        conflicts.push(Conflict {
                            id: new_id(),
                            entity: change.entity.clone(),
                            entity_id: change.entity_id.clone(),
                            field: field.clone(),
                            kept_value: value.clone(),
                            lost_value: cur,
                            kept_hlc: stamp.clone(),
                            lost_hlc: cur_stamp.clone(),
                            at: now,
                        });
                    }
                    state.payload.insert(field.clone(), value.clone());
                    state
                        .clocks
                        .insert(field.clone(), Value::String(stamp.clone()));
                } else if cur.as_ref() != Some(value) && !meta {
                    conflicts.push(Conflict {
                        id: new_id(),
                        entity: change.entity.clone(),
                        entity_id: change.entity_id.clone(),
                        field: field.clone(),
                        kept_value: cur.unwrap_or(Value::Null),
                        lost_value: value.clone(),
                        kept_hlc: cur_stamp,
                        lost_hlc: stamp.clone(),
                        at: now,
                    });
                }
            }
            let echo = state.payload != incoming;
            Merged {
                log_payload: Value::Object(state.payload.clone()).to_string(),
                state: Some(state),
                echo,
                conflicts,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(hlc_ms: i64, payload: &str, base: Option<&str>) -> Change {
        Change {
            seq: 1,
            change_id: "c".into(),
            entity: "incoming_document".into(),
            entity_id: "d1".into(),
            op: Op::Upsert,
            payload: payload.into(),
            at: hlc_ms,
            hlc: hlc::format(hlc_ms, 0),
            base: base.map(str::to_string),
        }
    }

    fn ids() -> impl FnMut() -> String {
        let mut n = 0;
        move || {
            n += 1;
            format!("k{n}")
        }
    }

    #[test]
    fn last_writer_wins_per_field_and_loser_is_kept() {
        let first = change(
            100,
            r#"{"id":"d1","summary":"A","assignee":null,"version":1}"#,
            None,
        );
        let s0 = apply(None, "u", "dev1", &first, 0, ids()).state.unwrap();
        // Device 2 (later) changes the assignee; device 1 (earlier, pushed later) the summary.
        let d2 = change(
            300,
            r#"{"id":"d1","summary":"A","assignee":"Lan","version":2}"#,
            Some(r#"{"assignee":null}"#),
        );
        let m2 = apply(Some(&s0), "u", "dev2", &d2, 0, ids());
        assert!(m2.conflicts.is_empty() && !m2.echo);
        let s1 = m2.state.unwrap();
        let d1 = change(
            200,
            r#"{"id":"d1","summary":"B","assignee":null,"version":2}"#,
            Some(r#"{"summary":"A"}"#),
        );
        let m1 = apply(Some(&s1), "u", "dev1", &d1, 0, ids());
        assert!(m1.conflicts.is_empty(), "different fields merge cleanly");
        assert!(m1.echo, "dev1 must learn the assignee");
        let s2 = m1.state.unwrap();
        assert_eq!(s2.payload["summary"], "B");
        assert_eq!(s2.payload["assignee"], "Lan");
        // Same field, concurrent: the later stamp wins whatever the arrival order.
        let late = change(
            500,
            r#"{"id":"d1","summary":"C"}"#,
            Some(r#"{"summary":"A"}"#),
        );
        let early = change(
            400,
            r#"{"id":"d1","summary":"D"}"#,
            Some(r#"{"summary":"A"}"#),
        );
        let a = apply(Some(&s2), "u", "dev3", &late, 0, ids())
            .state
            .unwrap();
        let ab = apply(Some(&a), "u", "dev4", &early, 0, ids());
        let b = apply(Some(&s2), "u", "dev4", &early, 0, ids())
            .state
            .unwrap();
        let ba = apply(Some(&b), "u", "dev3", &late, 0, ids());
        assert_eq!(ab.state.as_ref().unwrap().payload["summary"], "C");
        assert_eq!(ba.state.as_ref().unwrap().payload["summary"], "C");
        assert_eq!(ab.conflicts[0].lost_value, "D");
        assert_eq!(ba.conflicts.len(), 1);
        assert_eq!(ba.conflicts[0].lost_value, "D");
    }

    #[test]
    fn events_merge_by_union() {
        let mut e = change(1, r#"{"id":"e1"}"#, None);
        e.op = Op::Append;
        let s = apply(None, "u", "d", &e, 0, ids()).state.unwrap();
        assert!(apply(Some(&s), "u", "d", &e, 0, ids()).state.is_none());
    }
}
