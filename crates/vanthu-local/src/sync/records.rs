//! How a synced record's JSON (the payload the use cases captured) maps back onto its table.
//!
//! Payload fields are the record structs' serde names; most equal the column names. Each entity
//! lists its table, the few renamed fields and the derived columns (folded search keys) that are
//! not in the payload. Fields with no column are ignored; JSON arrays and objects are stored as
//! JSON text (the tables keep them that way), booleans as 0/1.

use crate::Result;
use rusqlite::Transaction;
use rusqlite::types::Value as Sql;
use serde_json::{Map, Value};
use vanthu_core::text::fold;

/// Whether the record is replaced (merged state) or only ever added (an event).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    State,
    Event,
}

/// Extra columns computed from the payload.
pub(crate) type Derive = fn(&Map<String, Value>) -> Vec<(&'static str, Sql)>;
/// A follow-up in the writing transaction.
pub(crate) type After = fn(&Transaction<'_>, &Map<String, Value>) -> Result<()>;

pub(crate) struct Spec {
    pub entity: &'static str,
    pub table: &'static str,
    pub kind: Kind,
    /// (payload field, column).
    pub renames: &'static [(&'static str, &'static str)],
    pub derive: Derive,
    /// Conflict target of the upsert.
    pub key: &'static str,
    /// Follow-up in the same transaction (number series).
    pub after: Option<After>,
}

fn text(m: &Map<String, Value>, k: &str) -> String {
    m.get(k)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn no_derive(_: &Map<String, Value>) -> Vec<(&'static str, Sql)> {
    Vec::new()
}

/// Same key as the incoming register's duplicate check (`incoming::register`): folded, no
/// spaces. Kept in step with it by the sync tests, which compare a pulled store's duplicate
/// warnings with the original's.
fn symbol_key(symbol: &str) -> String {
    fold(symbol).replace(' ', "")
}

fn bump_series(tx: &Transaction<'_>, series: &str, year: i64, number: i64) -> Result<()> {
    crate::store::exec(
        tx,
        "INSERT INTO number_series (series, year, last) VALUES (?1, ?2, ?3)
         ON CONFLICT (series, year) DO UPDATE SET last = max(last, excluded.last)",
        rusqlite::params![series, year, number],
    )?;
    Ok(())
}

pub(crate) const SPECS: &[Spec] = &[
    Spec {
        entity: "unit_profile",
        table: "unit_profile",
        kind: Kind::State,
        renames: &[("leaders", "leaders_json")],
        derive: |_| vec![("id", Sql::Integer(1))],
        key: "id",
        after: None,
    },
    Spec {
        entity: "incoming_document",
        table: "incoming_documents",
        kind: Kind::State,
        renames: &[
            ("symbol_number", "sym_number"),
            ("symbol_year", "sym_year"),
            ("symbol_type", "sym_type"),
            ("symbol_issuer", "sym_issuer"),
        ],
        derive: |m| {
            vec![
                ("issuer_key", Sql::Text(fold(&text(m, "issuer")))),
                ("symbol_key", Sql::Text(symbol_key(&text(m, "symbol")))),
                ("summary_key", Sql::Text(fold(&text(m, "summary")))),
            ]
        },
        key: "id",
        after: Some(|tx, m| {
            match (
                m.get("year").and_then(Value::as_i64),
                m.get("arrival_no").and_then(Value::as_i64),
            ) {
                (Some(y), Some(n)) => bump_series(tx, crate::numbering::INCOMING_SERIES, y, n),
                _ => Ok(()),
            }
        }),
    },
    Spec {
        entity: "incoming_event",
        table: "incoming_events",
        kind: Kind::Event,
        renames: &[("data", "data_json")],
        derive: no_derive,
        key: "id",
        after: None,
    },
    Spec {
        entity: "outgoing_document",
        table: "outgoing_documents",
        kind: Kind::State,
        renames: &[],
        derive: |m| vec![("summary_key", Sql::Text(fold(&text(m, "summary"))))],
        key: "id",
        after: Some(|tx, m| {
            match (
                m.get("series").and_then(Value::as_str),
                m.get("year").and_then(Value::as_i64),
                m.get("number").and_then(Value::as_i64),
            ) {
                (Some(s), Some(y), Some(n)) => bump_series(tx, s, y, n),
                _ => Ok(()),
            }
        }),
    },
    Spec {
        entity: "outgoing_event",
        table: "outgoing_events",
        kind: Kind::Event,
        renames: &[("data", "data_json")],
        derive: no_derive,
        key: "id",
        after: None,
    },
    Spec {
        entity: "attachment",
        table: "attachments",
        kind: Kind::Event,
        renames: &[],
        derive: no_derive,
        key: "id",
        after: None,
    },
    Spec {
        entity: "task",
        table: "tasks",
        kind: Kind::State,
        renames: &[],
        derive: |m| vec![("title_key", Sql::Text(fold(&text(m, "title"))))],
        key: "id",
        after: None,
    },
    Spec {
        entity: "task_update",
        table: "task_updates",
        kind: Kind::Event,
        renames: &[("data", "data_json")],
        derive: no_derive,
        key: "id",
        after: None,
    },
    Spec {
        entity: "meeting",
        table: "meetings",
        kind: Kind::State,
        renames: &[],
        derive: no_derive,
        key: "id",
        after: None,
    },
    Spec {
        entity: "indicator",
        table: "indicators",
        kind: Kind::State,
        renames: &[],
        derive: |m| vec![("name_key", Sql::Text(fold(&text(m, "name"))))],
        key: "id",
        after: None,
    },
    Spec {
        entity: "indicator_actual",
        table: "indicator_actuals",
        kind: Kind::State,
        renames: &[],
        derive: no_derive,
        key: "id",
        after: None,
    },
    Spec {
        entity: "report",
        table: "reports",
        kind: Kind::State,
        // `status` is derived (below): the payload may carry the status the screen showed
        // (accepted/returned), the table keeps only draft/submitted.
        renames: &[
            ("template", "template_json"),
            ("figures", "figures_json"),
            ("sections", "sections_json"),
            ("signature", "signature_json"),
            ("recipients", "recipients_json"),
            ("status", "_status"),
        ],
        derive: report_columns,
        key: "id",
        after: None,
    },
    Spec {
        entity: "report_version",
        table: "report_versions",
        kind: Kind::State,
        renames: &[],
        derive: no_derive,
        key: "id",
        after: None,
    },
    Spec {
        entity: "report_submission",
        table: "report_submissions",
        kind: Kind::Event,
        renames: &[("snapshot", "snapshot_json")],
        derive: no_derive,
        key: "id",
        after: None,
    },
];

/// A report's stored status and period bounds, from its payload.
fn report_columns(m: &Map<String, Value>) -> Vec<(&'static str, Sql)> {
    let status = if text(m, "status") == "draft" {
        "draft"
    } else {
        "submitted"
    };
    let mut out = vec![("status", Sql::Text(status.into()))];
    if let Ok(p) = vanthu_core::calendar::Period::parse(&text(m, "period")) {
        out.push(("period_from", Sql::Text(p.from().to_string())));
        out.push(("period_to", Sql::Text(p.to().to_string())));
    }
    out
}

pub(crate) fn spec(entity: &str) -> Option<&'static Spec> {
    SPECS.iter().find(|s| s.entity == entity)
}

fn to_sql(v: &Value) -> Sql {
    match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => n
            .as_i64()
            .map(Sql::Integer)
            .or_else(|| n.as_f64().map(Sql::Real))
            .unwrap_or(Sql::Null),
        Value::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

/// The table's column names.
fn columns(tx: &Transaction<'_>, table: &str) -> Result<Vec<String>> {
    let mut stmt = tx.prepare_cached("SELECT name FROM pragma_table_info(?1)")?;
    let rows = stmt.query_map([table], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Writes `record` into the spec's table: insert, or (state records) replace the columns the
/// payload carries. `now` fills bookkeeping columns some payloads leave out.
pub(crate) fn write(
    tx: &Transaction<'_>,
    spec: &Spec,
    record: &Map<String, Value>,
    now: i64,
) -> Result<()> {
    let cols = columns(tx, spec.table)?;
    let has = |c: &str| cols.iter().any(|n| n == c);
    let mut names: Vec<&str> = Vec::new();
    let mut values: Vec<Sql> = Vec::new();
    for (field, value) in record {
        let col = spec
            .renames
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, c)| *c)
            .unwrap_or(field.as_str());
        if has(col) && !names.contains(&col) {
            names.push(col);
            values.push(to_sql(value));
        }
    }
    for (col, value) in (spec.derive)(record) {
        if has(col) && !names.contains(&col) {
            names.push(col);
            values.push(value);
        }
    }
    for stamp in ["created_at", "updated_at"] {
        if has(stamp) && !names.contains(&stamp) {
            names.push(stamp);
            values.push(Sql::Integer(now));
        }
    }
    let placeholders = (1..=names.len())
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let quoted = names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = match spec.kind {
        Kind::Event => format!(
            "INSERT INTO {} ({quoted}) VALUES ({placeholders}) ON CONFLICT ({}) DO NOTHING",
            spec.table, spec.key
        ),
        Kind::State => {
            let updates = names
                .iter()
                .filter(|n| **n != spec.key && **n != "created_at")
                .map(|n| format!("\"{n}\" = excluded.\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ");
            format!(
                "INSERT INTO {} ({quoted}) VALUES ({placeholders}) ON CONFLICT ({}) DO UPDATE SET {updates}",
                spec.table, spec.key
            )
        }
    };
    tx.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(values))?;
    if let Some(after) = spec.after {
        after(tx, record)?;
    }
    Ok(())
}

/// Removes a state record (a delete change).
pub(crate) fn delete(tx: &Transaction<'_>, spec: &Spec, id: &str) -> Result<()> {
    if spec.entity == "unit_profile" {
        return Ok(());
    }
    tx.prepare_cached(&format!(
        "DELETE FROM {} WHERE {} = ?1",
        spec.table, spec.key
    ))?
    .execute([id])?;
    Ok(())
}
