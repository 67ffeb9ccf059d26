//! Time and identity passed into every use case (design §3: never read the wall clock deep
//! inside), so tests can stand at midnight on 31 December and the generator can write history.

use chrono::NaiveDate;
use std::sync::atomic::{AtomicI64, Ordering};
use uuid::{NoContext, Timestamp, Uuid};

/// A source of "now" as UTC unix milliseconds.
pub trait Clock: Send + Sync {
    fn now_ms(&self) -> i64;

    /// Today's civil date in Vietnam.
    fn today(&self) -> NaiveDate {
        vanthu_core::time::vietnam_date(self.now_ms())
    }
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        chrono::Utc::now().timestamp_millis()
    }
}

/// A settable clock for tests, the generator and `VANTHU_NOW`.
#[derive(Debug, Default)]
pub struct FixedClock(AtomicI64);

impl FixedClock {
    pub fn new(unix_ms: i64) -> FixedClock {
        FixedClock(AtomicI64::new(unix_ms))
    }

    pub fn set(&self, unix_ms: i64) {
        self.0.store(unix_ms, Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Who acts and when: handed to every use case.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The person acting, as recorded in events (accounts and roles come with their own issue).
    pub actor: &'a str,
    pub clock: &'a dyn Clock,
}

impl Context<'_> {
    /// A new UUIDv7 stamped with the context's clock, so ids sort by the time they describe.
    pub fn new_id(&self) -> String {
        let ms = self.clock.now_ms().max(0) as u64;
        let ts = Timestamp::from_unix(NoContext, ms / 1000, ((ms % 1000) * 1_000_000) as u32);
        Uuid::new_v7(ts).to_string()
    }
}
