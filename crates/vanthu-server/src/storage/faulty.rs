//! A storage wrapper that makes writes fail the way a real database does under pressure:
//! "database is locked" (busy) and "disk full". The failure happens before the inner call, so
//! like a rolled-back transaction it leaves nothing behind; clients must retry and converge.
//! Used by the fault-injection harness (`vanthu-server serve --inject-faults RATE`).

use super::{
    AuditOutcome, Blob, CodeProblem, Device, LogRow, NewDevice, PushOutcome, Result, Staff,
    Storage, StoredAuditRow, Unit, UnitActivity,
};
use crate::error::ServerError;
use async_trait::async_trait;
use rand::{Rng, SeedableRng, rngs::StdRng};
use std::sync::Mutex;
use vanthu_protocol::audit::AuditPushRequest;
use vanthu_protocol::{Op, PullResponse, PushRequest, ReportReview};

/// Wraps `inner`; each write fails with probability `rate` (half busy, half disk full).
pub struct Faulty<S> {
    inner: S,
    rate: f64,
    rng: Mutex<StdRng>,
}

impl<S: Storage> Faulty<S> {
    pub fn new(inner: S, rate: f64, seed: u64) -> Faulty<S> {
        Faulty {
            inner,
            rate,
            rng: Mutex::new(StdRng::seed_from_u64(seed)),
        }
    }

    fn maybe_fail(&self, what: &str) -> Result<()> {
        let (hit, full) = {
            let mut rng = self.rng.lock().unwrap_or_else(|p| p.into_inner());
            (rng.gen_bool(self.rate.clamp(0.0, 1.0)), rng.gen_bool(0.5))
        };
        if hit {
            tracing::warn!(operation = what, disk_full = full, "injected storage fault");
            return Err(if full {
                ServerError::DiskFull
            } else {
                ServerError::Busy
            });
        }
        Ok(())
    }
}

#[async_trait]
impl<S: Storage> Storage for Faulty<S> {
    fn backend(&self) -> &'static str {
        self.inner.backend()
    }
    async fn create_unit(&self, unit: &Unit) -> Result<()> {
        self.inner.create_unit(unit).await
    }
    async fn units(&self) -> Result<Vec<Unit>> {
        self.inner.units().await
    }
    async fn unit(&self, id_or_code: &str) -> Result<Option<Unit>> {
        self.inner.unit(id_or_code).await
    }
    async fn add_enrol_code(
        &self,
        unit_id: &str,
        code_hash: &str,
        expires_at: i64,
        now: i64,
    ) -> Result<()> {
        self.inner
            .add_enrol_code(unit_id, code_hash, expires_at, now)
            .await
    }
    async fn enrol(
        &self,
        code_hash: &str,
        device: &NewDevice,
        now: i64,
    ) -> Result<std::result::Result<Unit, CodeProblem>> {
        self.maybe_fail("enrol")?;
        self.inner.enrol(code_hash, device, now).await
    }
    async fn device(&self, id: &str) -> Result<Option<Device>> {
        self.inner.device(id).await
    }
    async fn devices(&self, unit_id: Option<&str>) -> Result<Vec<Device>> {
        self.inner.devices(unit_id).await
    }
    async fn revoke_device(&self, id: &str, now: i64) -> Result<bool> {
        self.inner.revoke_device(id, now).await
    }
    async fn unit_activity(&self, unit_id: &str) -> Result<UnitActivity> {
        self.inner.unit_activity(unit_id).await
    }
    async fn push(&self, device: &Device, req: &PushRequest, now: i64) -> Result<PushOutcome> {
        self.maybe_fail("push")?;
        self.inner.push(device, req, now).await
    }
    async fn pull(
        &self,
        device: &Device,
        after: i64,
        limit: u32,
        now: i64,
    ) -> Result<PullResponse> {
        self.maybe_fail("pull")?;
        self.inner.pull(device, after, limit, now).await
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
        self.inner
            .publish(unit_ids, entity, entity_id, op, payload, blobs, now)
            .await
    }
    async fn province_records(&self, entity: &str) -> Result<Vec<String>> {
        self.inner.province_records(entity).await
    }
    async fn records(&self, unit_id: &str, entity: &str) -> Result<Vec<String>> {
        self.inner.records(unit_id, entity).await
    }
    async fn log(&self, unit_id: &str) -> Result<Vec<LogRow>> {
        self.inner.log(unit_id).await
    }
    async fn add_report_review(
        &self,
        unit_id: &str,
        review: &ReportReview,
        now: i64,
    ) -> Result<bool> {
        self.maybe_fail("add_report_review")?;
        self.inner.add_report_review(unit_id, review, now).await
    }
    async fn audit_head(&self, device_id: &str) -> Result<(i64, String)> {
        self.inner.audit_head(device_id).await
    }
    async fn push_audit(
        &self,
        device: &Device,
        req: &AuditPushRequest,
        now: i64,
    ) -> Result<AuditOutcome> {
        self.maybe_fail("push_audit")?;
        self.inner.push_audit(device, req, now).await
    }
    async fn audit_rows(&self, unit_id: &str, limit: Option<u32>) -> Result<Vec<StoredAuditRow>> {
        self.inner.audit_rows(unit_id, limit).await
    }
    async fn report_reviews(&self, unit_id: &str) -> Result<Vec<ReportReview>> {
        self.inner.report_reviews(unit_id).await
    }
    async fn blob(&self, sha256: &str) -> Result<Option<Blob>> {
        self.inner.blob(sha256).await
    }
    async fn blob_referenced(&self, unit_id: &str, sha256: &str) -> Result<bool> {
        self.inner.blob_referenced(unit_id, sha256).await
    }
    async fn blob_append(
        &self,
        sha256: &str,
        size: i64,
        offset: i64,
        data: &[u8],
        now: i64,
    ) -> Result<Blob> {
        self.maybe_fail("blob_append")?;
        self.inner
            .blob_append(sha256, size, offset, data, now)
            .await
    }
    async fn blob_read(&self, sha256: &str, offset: i64, len: i64) -> Result<Vec<u8>> {
        self.inner.blob_read(sha256, offset, len).await
    }
    async fn missing_blobs(&self, unit_id: &str) -> Result<Vec<String>> {
        self.inner.missing_blobs(unit_id).await
    }
    async fn create_staff(&self, staff: &Staff, now: i64) -> Result<()> {
        self.inner.create_staff(staff, now).await
    }
    async fn staff(&self, username: &str) -> Result<Option<Staff>> {
        self.inner.staff(username).await
    }
    async fn create_session(
        &self,
        token_hash: &str,
        username: &str,
        expires_at: i64,
    ) -> Result<()> {
        self.inner
            .create_session(token_hash, username, expires_at)
            .await
    }
    async fn session(&self, token_hash: &str, now: i64) -> Result<Option<String>> {
        self.inner.session(token_hash, now).await
    }
    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        self.inner.delete_session(token_hash).await
    }
}
