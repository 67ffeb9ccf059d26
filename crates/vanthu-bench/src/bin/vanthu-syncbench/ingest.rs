//! Server ingest: many enrolled devices push at once against a real server process. Each device
//! sends its own copy of real batches (ids rewritten, so no two devices share a record) one
//! after another, as the engine does (the next batch after the acknowledgement). Bodies are
//! encoded before the clock starts, so the load generator spends as little of the shared CPU
//! as it can; the server still decodes, validates, merges and commits every change.

use crate::changes;
use crate::server::{self, ServerProc, provision};
use anyhow::{Context as _, Result, bail};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use std::time::{Duration, Instant};
use vanthu_protocol::{
    CONTENT_TYPE_PACKED, EnrolRequest, HEADER_PROTOCOL, PROTOCOL_VERSION, PushRequest, PushResponse,
};

/// What one run measured.
pub struct Ingest {
    pub devices: usize,
    pub units: usize,
    pub changes: u64,
    pub secs: f64,
    pub batch_ms: Vec<f64>,
    pub server_cpu_secs: Option<f64>,
    /// CPU of the database processes (PostgreSQL), when their root pid is known.
    pub db_cpu_secs: Option<f64>,
    /// CPU of this load generator (the same two cores).
    pub client_cpu_secs: Option<f64>,
}

impl Ingest {
    pub fn rate(&self) -> f64 {
        self.changes as f64 / self.secs
    }

    /// Push latency percentile (nearest rank), ms.
    pub fn batch_percentile(&self, p: f64) -> f64 {
        let mut v = self.batch_ms.clone();
        v.sort_by(f64::total_cmp);
        let rank = ((p / 100.0) * v.len() as f64).ceil().max(1.0) as usize - 1;
        v.get(rank.min(v.len().saturating_sub(1)))
            .copied()
            .unwrap_or(f64::NAN)
    }
}

/// One device's identity and its encoded pushes.
struct Device {
    auth: String,
    bodies: Vec<(Vec<u8>, i64)>,
}

/// Sets up `units` units with `devices` devices in all on a fresh database `db`, starts the
/// server, enrols every device, then lets them all push `source` at once.
pub async fn run(
    db: &str,
    units: usize,
    devices: usize,
    source: &[PushRequest],
    db_root_pid: Option<u32>,
) -> Result<Ingest> {
    if units == 0 || !devices.is_multiple_of(units) {
        bail!("--devices must be a multiple of --units");
    }
    let codes = provision(db, units, devices / units).await?;
    let srv = ServerProc::start(db)?;
    let base = srv.url();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(600))
        .pool_max_idle_per_host(devices)
        .build()?;
    let mut all = Vec::with_capacity(devices);
    for (i, code) in codes.iter().enumerate() {
        let enrolled = vanthu_sync::client::enrol(
            &http,
            &base,
            &EnrolRequest {
                code: code.clone(),
                device_name: format!("Máy {}", i + 1),
                outbox_base: 0,
            },
        )
        .await
        .with_context(|| format!("enrolling device {}", i + 1))?;
        let pushes = changes::for_device(source, i as u32 + 1);
        all.push(Device {
            auth: format!("Bearer {}.{}", enrolled.device_id, enrolled.token),
            bodies: pushes
                .iter()
                .map(|p| {
                    let last = p.changes.last().map(|c| c.seq).unwrap_or(p.after);
                    (vanthu_protocol::encode_with_dictionary(p), last)
                })
                .collect(),
        });
    }
    let cpu_before = srv.cpu_seconds();
    let db_before = db_root_pid.and_then(server::tree_cpu_seconds);
    let me = std::process::id();
    let client_before = server::cpu_seconds(me);
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(devices);
    for d in all {
        let (http, url) = (http.clone(), format!("{base}/v1/push"));
        tasks.push(tokio::spawn(async move { push_all(&http, &url, d).await }));
    }
    let mut applied = 0u64;
    let mut batch_ms = Vec::new();
    for t in tasks {
        let (n, ms) = t.await??;
        applied += n;
        batch_ms.extend(ms);
    }
    let secs = start.elapsed().as_secs_f64();
    let delta = |a: Option<f64>, b: Option<f64>| a.zip(b).map(|(a, b)| b - a);
    let server_cpu_secs = delta(cpu_before, srv.cpu_seconds());
    let db_cpu_secs = delta(db_before, db_root_pid.and_then(server::tree_cpu_seconds));
    let client_cpu_secs = delta(client_before, server::cpu_seconds(me));
    let expected: usize = source.iter().map(|p| p.changes.len()).sum::<usize>() * devices;
    if applied as usize != expected {
        bail!("the server applied {applied} changes, {expected} were pushed");
    }
    Ok(Ingest {
        devices,
        units,
        changes: applied,
        secs,
        batch_ms,
        server_cpu_secs,
        db_cpu_secs,
        client_cpu_secs,
    })
}

/// One device's pushes in order; returns the changes applied and each push's latency.
async fn push_all(http: &reqwest::Client, url: &str, d: Device) -> Result<(u64, Vec<f64>)> {
    let mut applied = 0u64;
    let mut ms = Vec::with_capacity(d.bodies.len());
    for (body, last) in d.bodies {
        let t = Instant::now();
        let resp = http
            .post(url)
            .header(AUTHORIZATION, &d.auth)
            .header(HEADER_PROTOCOL, PROTOCOL_VERSION.to_string())
            .header(CONTENT_TYPE, CONTENT_TYPE_PACKED)
            .body(body)
            .send()
            .await?;
        let status = resp.status();
        let bytes = resp.bytes().await?;
        if !status.is_success() {
            bail!(
                "push refused ({status}): {}",
                String::from_utf8_lossy(&bytes)
            );
        }
        let r: PushResponse = vanthu_protocol::decode(&bytes)?;
        if r.acked != last {
            bail!("acknowledged {} instead of {last}", r.acked);
        }
        applied += u64::from(r.applied);
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    Ok((applied, ms))
}
