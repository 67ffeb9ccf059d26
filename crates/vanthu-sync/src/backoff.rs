//! Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And
//! Jitter"): the delay is uniform in [0, min(cap, base·2^attempt)], so a hundred laptops coming
//! back online after an outage do not knock on the province's server in step.

use rand::Rng;
use std::time::Duration;

#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub base: Duration,
    pub cap: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: Duration::from_secs(2),
            cap: Duration::from_secs(5 * 60),
        }
    }
}

impl Backoff {
    /// The upper bound of the delay after `attempt` consecutive failures (0 = first retry).
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let factor = 1u64 << attempt.min(20);
        self.base.saturating_mul(factor as u32).min(self.cap)
    }

    /// A random delay in `[0, ceiling(attempt)]`.
    pub fn delay(&self, attempt: u32) -> Duration {
        let ceiling = self.ceiling(attempt).as_millis() as u64;
        Duration::from_millis(rand::thread_rng().gen_range(0..=ceiling))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_to_the_cap_with_jitter() {
        let b = Backoff::default();
        assert_eq!(b.ceiling(0), Duration::from_secs(2));
        assert_eq!(b.ceiling(3), Duration::from_secs(16));
        assert_eq!(b.ceiling(30), Duration::from_secs(300));
        let delays: Vec<_> = (0..50).map(|_| b.delay(5)).collect();
        assert!(delays.iter().all(|d| *d <= Duration::from_secs(64)));
        assert!(delays.iter().any(|d| *d != delays[0]), "jittered");
    }
}
