//! The province's copy of each unit's audit trail: per device, how many rows it holds, whether
//! the chain still verifies from its first row (so tampering with the server's own database is
//! found too, not only tampering on the laptop), and the newest rows for people to read.

use crate::error::ServerError;
use crate::storage::{Storage, StoredAuditRow};
use serde::Serialize;
use vanthu_protocol::audit::{AuditRow, GENESIS, check_chain};

/// One device's trail as the province holds it.
#[derive(Debug, Clone, Serialize)]
pub struct DeviceTrail {
    pub device_id: String,
    pub device_name: String,
    pub rows: i64,
    pub last_at: Option<i64>,
    pub ok: bool,
    /// Why the chain does not verify (Vietnamese).
    pub problem: Option<String>,
}

/// A unit's trail: every device's verification and the newest rows across devices.
#[derive(Debug, Clone, Serialize)]
pub struct UnitTrail {
    pub devices: Vec<DeviceTrail>,
    /// Newest first.
    pub recent: Vec<StoredAuditRow>,
}

impl UnitTrail {
    pub fn ok(&self) -> bool {
        self.devices.iter().all(|d| d.ok)
    }
}

/// Checks a device's stored rows: seqs 1, 2, 3 … and every hash linked from the genesis.
pub fn verify_rows(rows: &[AuditRow]) -> Result<(), String> {
    if let Some((i, r)) = rows
        .iter()
        .enumerate()
        .find(|(i, r)| r.seq != *i as i64 + 1)
    {
        return Err(format!(
            "thiếu dòng nhật ký {} (dòng {} đứng ở vị trí đó)",
            i + 1,
            r.seq
        ));
    }
    check_chain(GENESIS, rows).map_err(|b| b.reason)
}

/// Reads and verifies the unit's whole trail; `recent` newest rows are returned for display.
pub async fn unit_trail(
    storage: &dyn Storage,
    unit_id: &str,
    recent: usize,
) -> Result<UnitTrail, ServerError> {
    let rows = storage.audit_rows(unit_id, None).await?;
    let devices = storage.devices(Some(unit_id)).await?;
    let mut trails = Vec::new();
    for d in &devices {
        let mine: Vec<AuditRow> = rows
            .iter()
            .filter(|r| r.device_id == d.id)
            .map(|r| r.row.clone())
            .collect();
        if mine.is_empty() {
            continue;
        }
        let verdict = verify_rows(&mine);
        trails.push(DeviceTrail {
            device_id: d.id.clone(),
            device_name: d.name.clone(),
            rows: mine.len() as i64,
            last_at: mine.last().map(|r| r.at),
            ok: verdict.is_ok(),
            problem: verdict.err(),
        });
    }
    let mut newest = rows;
    newest.sort_by(|a, b| b.row.at.cmp(&a.row.at).then(b.row.seq.cmp(&a.row.seq)));
    newest.truncate(recent);
    Ok(UnitTrail {
        devices: trails,
        recent: newest,
    })
}
