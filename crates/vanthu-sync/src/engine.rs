//! One sync round and the background loop around it.

use crate::client::{self, PushReply, Remote};
use crate::{Backoff, ErrorInfo, Phase, Progress, SyncError, SyncStatus, blobs};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::{Mutex, Notify, watch};
use vanthu_local::sync::{self as local, Enrolment};
use vanthu_local::{Clock, Context, Store, SystemClock, audit};
use vanthu_protocol::audit::{AuditPushRequest, CAPABILITY_AUDIT};
use vanthu_protocol::{EnrolRequest, EnrolResponse, PushRequest};

/// Tunables (defaults suit a commune's slow link).
#[derive(Clone)]
pub struct SyncOptions {
    /// Changes per push.
    pub batch_size: usize,
    /// Log entries per pull page.
    pub pull_page: u32,
    pub request_timeout: Duration,
    /// Quiet time after a local change before syncing.
    pub debounce: Duration,
    /// Time between rounds when all is well.
    pub period: Duration,
    pub backoff: Backoff,
    pub clock: Arc<dyn Clock>,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            batch_size: 500,
            pull_page: 500,
            request_timeout: Duration::from_secs(120),
            debounce: Duration::from_secs(3),
            period: Duration::from_secs(5 * 60),
            backoff: Backoff::default(),
            clock: Arc::new(SystemClock),
        }
    }
}

/// What one round did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SyncReport {
    pub pushed: i64,
    pub push_batches: u32,
    pub pulled: i64,
    pub applied: u32,
    pub conflicts: u32,
    pub unapplied: u32,
    pub blobs_uploaded: u32,
    pub blobs_downloaded: u32,
    /// Audit rows stored by the province this round.
    pub audit_uploaded: i64,
    pub clock_skew_ms: i64,
    pub clock_warning: Option<String>,
}

/// The sync engine of one data directory.
pub struct SyncEngine {
    data_dir: PathBuf,
    /// The engine's own connection, for [`with_store`].
    store: SharedStore,
    options: SyncOptions,
    http: reqwest::Client,
    status: Arc<watch::Sender<SyncStatus>>,
    /// One round at a time.
    round: Mutex<()>,
    wake: Notify,
}

/// The engine's connection to the local store, opened once and reused on the blocking pool
/// (opening runs the migration check under an exclusive lock: too dear for every step).
struct StoreSlot {
    dir: PathBuf,
    store: std::sync::Mutex<Option<Store>>,
    /// Set by [`SyncEngine::close_store`]: the connection stays closed for good (a restore is
    /// about to replace the database file), even for work queued before the close.
    closed: AtomicBool,
}

type SharedStore = Arc<StoreSlot>;

/// Runs `f` on the store on the blocking pool.
async fn with_store<T: Send + 'static>(
    shared: &SharedStore,
    f: impl FnOnce(&mut Store) -> vanthu_local::Result<T> + Send + 'static,
) -> Result<T, SyncError> {
    let slot = shared.clone();
    tokio::task::spawn_blocking(move || {
        let mut guard = slot.store.lock().unwrap_or_else(|p| p.into_inner());
        if slot.closed.load(Ordering::SeqCst) {
            *guard = None;
            return Err(vanthu_local::LocalError::Sync {
                code: "sync_stopped",
                message: "Đồng bộ đã dừng (dữ liệu đang được khôi phục).".into(),
            });
        }
        if guard.is_none() {
            *guard = Some(Store::open(&slot.dir)?);
        }
        f(guard.as_mut().expect("opened above"))
    })
    .await
    .map_err(|e| SyncError::Protocol(format!("tác vụ nền bị dừng: {e}")))?
    .map_err(SyncError::Local)
}

impl SyncEngine {
    pub fn new(data_dir: &Path, options: SyncOptions) -> Result<Arc<SyncEngine>, SyncError> {
        let http = client::http_client(options.request_timeout)?;
        let (tx, _) = watch::channel(SyncStatus::idle());
        Ok(Arc::new(SyncEngine {
            data_dir: data_dir.to_path_buf(),
            store: Arc::new(StoreSlot {
                dir: data_dir.to_path_buf(),
                store: std::sync::Mutex::new(None),
                closed: AtomicBool::new(false),
            }),
            options,
            http,
            status: Arc::new(tx),
            round: Mutex::new(()),
            wake: Notify::new(),
        }))
    }

    /// Closes the engine's connection to the store for good and waits until no step holds it
    /// (a step already running finishes first; later ones fail with `sync_stopped`). Called
    /// before a restore replaces the database file; a new engine is made afterwards.
    pub async fn close_store(&self) {
        self.store.closed.store(true, Ordering::SeqCst);
        let slot = self.store.clone();
        let _ = tokio::task::spawn_blocking(move || {
            slot.store.lock().unwrap_or_else(|p| p.into_inner()).take();
        })
        .await;
    }

    /// The current status, at once.
    pub fn status(&self) -> SyncStatus {
        self.status.borrow().clone()
    }

    /// A receiver that sees every status change (progress, errors, success).
    pub fn subscribe(&self) -> watch::Receiver<SyncStatus> {
        self.status.subscribe()
    }

    fn progress(&self) -> Progress {
        Progress {
            tx: self.status.clone(),
        }
    }

    /// Re-reads the persisted part of the status (pending count, last success …).
    pub async fn refresh_status(&self) -> Result<SyncStatus, SyncError> {
        let s = with_store(&self.store, |st| local::local_status(st.conn())).await?;
        self.status.send_modify(|st| {
            st.enrolled = s.enrolled;
            st.pending = s.pending;
            st.last_success_at = s.last_success_at;
            st.clock_skew_ms = s.clock_skew_ms;
            st.clock_warning = s.clock_warning.clone();
            st.conflicts = s.conflicts;
            st.inbox_waiting = s.inbox_waiting;
            if st.last_error.is_none() {
                st.last_error = s.last_error.clone().map(|m| ErrorInfo {
                    code: "previous".into(),
                    message: m,
                });
            }
        });
        Ok(self.status())
    }

    /// Exchanges a one-time code for this laptop's device identity and stores it.
    pub async fn enrol(
        &self,
        server_url: &str,
        code: &str,
        device_name: &str,
    ) -> Result<EnrolResponse, SyncError> {
        let base = with_store(&self.store, |s| local::device::outbox_base(s.conn())).await?;
        let resp = client::enrol(
            &self.http,
            server_url,
            &EnrolRequest {
                code: code.to_string(),
                device_name: device_name.to_string(),
                outbox_base: base,
            },
        )
        .await?;
        let e = Enrolment {
            server_url: server_url.trim_end_matches('/').to_string(),
            device_id: resp.device_id.clone(),
            token: resp.token.clone(),
            unit_id: resp.unit.id.clone(),
            unit_code: resp.unit.code.clone(),
            unit_name: resp.unit.name.clone(),
            organisation: resp.unit.organisation.clone(),
            enrolled_at: self.options.clock.now_ms(),
        };
        with_store(&self.store, move |s| {
            s.write(|tx| local::save_enrolment(tx, &e))
        })
        .await?;
        self.refresh_status().await?;
        Ok(resp)
    }

    /// Asks the background loop for a round now ("Đồng bộ ngay").
    pub fn request_sync(&self) {
        self.wake.notify_one();
    }

    /// One full round: hello, push everything, upload attachments, pull everything, download
    /// attachments. Records the outcome for the status.
    pub async fn sync_now(&self) -> Result<SyncReport, SyncError> {
        let _round = self.round.lock().await;
        let result = self.round().await;
        let now = self.options.clock.now_ms();
        let error = result.as_ref().err().map(|e| e.to_string());
        let err_for_store = error.clone();
        let _ = with_store(&self.store, move |s| {
            s.write(|tx| local::device::record_outcome(tx, now, err_for_store.as_deref()))
        })
        .await;
        self.status.send_modify(|s| {
            s.phase = Phase::Idle;
            s.last_error = result.as_ref().err().map(|e| ErrorInfo {
                code: e.code(),
                message: e.to_string(),
            });
        });
        let _ = self.refresh_status().await;
        result
    }

    async fn round(&self) -> Result<SyncReport, SyncError> {
        let progress = self.progress();
        progress.phase(Phase::Connecting);
        let dir = self.data_dir.clone();
        let device = with_store(&self.store, |s| local::device::require_device(s.conn())).await?;
        if device.token.is_empty() {
            return Err(SyncError::NeedsReEnrolment);
        }
        let mut remote = Remote::new(
            self.http.clone(),
            &device.server_url,
            &device.device_id,
            &device.token,
        );
        let mut report = SyncReport::default();

        // Hello: protocol, clock skew, and the server's mark for this device (a previous run
        // may have been killed after the server applied a batch but before the outbox was
        // trimmed: trimming now saves resending it).
        let t0 = self.options.clock.now_ms();
        let hello = remote.hello().await?;
        let t1 = self.options.clock.now_ms();
        remote.adopt_capabilities(&hello);
        let skew = hello.server_time_ms - (t0 + t1) / 2;
        report.clock_skew_ms = skew;
        report.clock_warning = local::status::clock_warning(skew);
        let acked = hello.acked_seq;
        with_store(&self.store, move |s| {
            s.write(|tx| {
                local::device::record_attempt(tx, t1, Some(skew))?;
                local::acknowledge(tx, acked, t1)
            })
        })
        .await?;

        self.push_all(&remote, &progress, &mut report).await?;

        // Pull.
        progress.phase(Phase::Pulling { received: 0 });
        let clock = self.options.clock.clone();
        loop {
            let cursor = with_store(&self.store, |s| {
                Ok(local::device::require_device(s.conn())?.pull_cursor)
            })
            .await?;
            let page = remote.pull(cursor, self.options.pull_page).await?;
            let more = page.has_more && page.cursor > cursor;
            report.pulled += page.entries.len() as i64;
            let clock = clock.clone();
            let applied = with_store(&self.store, move |s| {
                let ctx = Context {
                    actor: "Đồng bộ",
                    clock: clock.as_ref(),
                };
                s.write(|tx| local::apply_pulled(tx, &ctx, &page.entries, page.cursor))
            })
            .await?;
            report.applied += applied.applied;
            report.conflicts += applied.conflicts;
            report.unapplied += applied.unapplied;
            progress.phase(Phase::Pulling {
                received: report.pulled,
            });
            if !more {
                break;
            }
        }
        // Applying can make local changes (a số đến clash renumbered here): send them now.
        if with_store(&self.store, |s| Ok(local::local_status(s.conn())?.pending)).await? > 0 {
            self.push_all(&remote, &progress, &mut report).await?;
        }
        let d2 = dir.clone();
        let wanted = with_store(&self.store, move |s| local::missing_blobs(s.conn(), &d2)).await?;
        if !wanted.is_empty() {
            progress.phase(Phase::Downloading { bytes: 0 });
            report.blobs_downloaded = blobs::download(&remote, &dir, &wanted, &progress).await?;
        }
        if hello.capabilities.iter().any(|c| c == CAPABILITY_AUDIT) {
            report.audit_uploaded = self.push_audit(&remote, hello.audit_acked).await?;
        }
        Ok(report)
    }

    /// Uploads the audit rows the server lacks, in order (design: the province keeps a copy
    /// of every unit's trail). Last in the round: documents matter more on a slow link, and a
    /// trail the server refuses (edited on this laptop) must not hold back the registers.
    async fn push_audit(&self, remote: &Remote, server_acked: i64) -> Result<i64, SyncError> {
        let size = self.options.batch_size as u32;
        let mut after = server_acked;
        let mut uploaded = 0;
        let mut gaps = 0;
        loop {
            let rows = with_store(&self.store, move |s| {
                audit::rows_after(s.conn(), after, size)
            })
            .await?;
            let n = rows.len();
            if n == 0 {
                break;
            }
            match remote.push_audit(&AuditPushRequest { after, rows }).await? {
                Ok(resp) => {
                    if resp.acked <= after {
                        return Err(SyncError::Protocol(
                            "máy chủ không nhận thêm dòng nhật ký nào".into(),
                        ));
                    }
                    uploaded += i64::from(resp.applied);
                    after = resp.acked;
                    if n < size as usize {
                        break;
                    }
                }
                // The server holds fewer rows than its hello said (restored, or a race with
                // another round): resend from there. The local trail is never trimmed.
                Err(expected) if gaps < 3 && expected >= 1 => {
                    gaps += 1;
                    after = expected - 1;
                }
                Err(expected) => {
                    return Err(SyncError::Protocol(format!(
                        "máy chủ liên tục đòi nhật ký từ dòng {expected}"
                    )));
                }
            }
        }
        Ok(uploaded)
    }

    /// Pushes every pending change in batches, then uploads the attachments the server lacks.
    async fn push_all(
        &self,
        remote: &Remote,
        progress: &Progress,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        let dir = self.data_dir.clone();
        let total = with_store(&self.store, |s| Ok(local::local_status(s.conn())?.pending)).await?;
        let mut missing: Vec<String>;
        loop {
            let size = self.options.batch_size;
            let (after, changes) =
                with_store(&self.store, move |s| local::pending_batch(s.conn(), size)).await?;
            let n = changes.len() as i64;
            match remote.push(&PushRequest { after, changes }).await? {
                PushReply::Applied(resp) => {
                    let now = self.options.clock.now_ms();
                    let acked = resp.acked;
                    with_store(&self.store, move |s| {
                        s.write(|tx| local::acknowledge(tx, acked, now))
                    })
                    .await?;
                    missing = resp.missing_blobs;
                    report.pushed += n;
                    report.push_batches += 1;
                    progress.phase(Phase::Pushing {
                        sent: report.pushed,
                        total,
                    });
                    // A short batch was the last one (an empty one still asks which
                    // attachments the server lacks).
                    if n < size as i64 {
                        break;
                    }
                }
                PushReply::Gap(expected) => {
                    // The server lacks changes before this batch. They were trimmed here only
                    // after the server acknowledged them, so it lost them (old backup).
                    return Err(SyncError::ServerLostChanges { expected });
                }
            }
        }
        if !missing.is_empty() {
            progress.phase(Phase::Uploading { bytes: 0 });
            report.blobs_uploaded += blobs::upload(remote, &dir, &missing, progress).await?;
        }
        Ok(())
    }

    /// Runs rounds in the background until the handle is dropped or stopped.
    pub fn spawn(self: &Arc<Self>) -> BackgroundHandle {
        let engine = self.clone();
        let task = tokio::spawn(async move {
            let mut failures: u32 = 0;
            loop {
                let outcome = engine.sync_now().await;
                let delay = match outcome {
                    Ok(_) => {
                        failures = 0;
                        engine.options.period
                    }
                    Err(ref e) if e.is_retryable() => {
                        let d = engine.options.backoff.delay(failures);
                        failures = failures.saturating_add(1);
                        d
                    }
                    Err(_) => engine.options.period,
                };
                if delay != engine.options.period {
                    let retry_at = engine.options.clock.now_ms() + delay.as_millis() as i64;
                    engine
                        .status
                        .send_modify(|s| s.phase = Phase::Waiting { retry_at });
                }
                tokio::select! {
                    _ = tokio::time::sleep(delay) => {}
                    _ = engine.wake.notified() => {
                        // Debounce: further changes within the quiet time join this round.
                        loop {
                            tokio::select! {
                                _ = tokio::time::sleep(engine.options.debounce) => break,
                                _ = engine.wake.notified() => continue,
                            }
                        }
                    }
                }
            }
        });
        BackgroundHandle { task }
    }

    /// Tells the background loop that the user changed something (debounced).
    pub fn local_change(&self) {
        self.wake.notify_one();
    }
}

/// The background loop; stops when dropped.
pub struct BackgroundHandle {
    task: tokio::task::JoinHandle<()>,
}

impl BackgroundHandle {
    pub fn stop(self) {
        self.task.abort();
    }
}

impl Drop for BackgroundHandle {
    fn drop(&mut self) {
        self.task.abort();
    }
}
