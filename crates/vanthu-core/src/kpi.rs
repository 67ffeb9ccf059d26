//! KPI arithmetic: on-time rate, breakdowns, trend, status freshness.
