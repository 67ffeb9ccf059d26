//! Checks on a decoded push before anything touches storage: a wrong field is named, and a
//! refused batch stores nothing.

use crate::{Change, MAX_BATCH_CHANGES, MAX_PAYLOAD_BYTES, Op, PushRequest, entity, hlc};
use thiserror::Error;

/// A push field that breaks the protocol.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
#[error("{field}: {reason}")]
pub struct ValidationError {
    pub field: String,
    pub reason: String,
}

fn bad(field: impl Into<String>, reason: impl Into<String>) -> ValidationError {
    ValidationError {
        field: field.into(),
        reason: reason.into(),
    }
}

fn is_id(s: &str) -> bool {
    (1..=100).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

impl PushRequest {
    /// Validates the batch shape and every change.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.after < 0 {
            return Err(bad("after", "must not be negative"));
        }
        if self.changes.len() > MAX_BATCH_CHANGES {
            return Err(bad(
                "changes",
                format!("at most {MAX_BATCH_CHANGES} changes per batch"),
            ));
        }
        let mut prev = self.after;
        for (i, c) in self.changes.iter().enumerate() {
            if c.seq <= prev {
                return Err(bad(
                    format!("changes[{i}].seq"),
                    format!(
                        "{} must be greater than {prev} (strictly increasing)",
                        c.seq
                    ),
                ));
            }
            prev = c.seq;
            c.validate()
                .map_err(|e| bad(format!("changes[{i}].{}", e.field), e.reason))?;
        }
        Ok(())
    }
}

impl Change {
    /// Validates one change (ids, names, JSON payload, clock stamp).
    pub fn validate(&self) -> Result<(), ValidationError> {
        if !is_id(&self.change_id) {
            return Err(bad("change_id", "not a valid id"));
        }
        if !entity::is_valid_name(&self.entity) {
            return Err(bad("entity", "not a valid entity name"));
        }
        if !is_id(&self.entity_id) {
            return Err(bad("entity_id", "not a valid id"));
        }
        if self.payload.len() > MAX_PAYLOAD_BYTES {
            return Err(bad("payload", "too large"));
        }
        match serde_json::from_str::<serde_json::Value>(&self.payload) {
            Ok(serde_json::Value::Object(_)) => {}
            Ok(_) => return Err(bad("payload", "must be a JSON object")),
            Err(e) => return Err(bad("payload", format!("not JSON: {e}"))),
        }
        if hlc::parse(&self.hlc).is_none() || self.hlc.len() != 24 {
            return Err(bad("hlc", "not a clock stamp"));
        }
        if let Some(base) = &self.base {
            if self.op != Op::Upsert {
                return Err(bad("base", "only an upsert has a base"));
            }
            match serde_json::from_str::<serde_json::Value>(base) {
                Ok(serde_json::Value::Object(_)) => {}
                _ => return Err(bad("base", "must be a JSON object")),
            }
        }
        Ok(())
    }
}
