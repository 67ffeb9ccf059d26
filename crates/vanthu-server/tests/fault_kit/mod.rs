//! Tools of the fault-injection harness (and the slow-link benchmark).

pub mod proxy;
