//! KPI arithmetic: on-time rate, breakdowns, quarterly trend, status freshness.
//!
//! The provincial plans evaluate each commune on work processed on time (target ≥ 95 %) and on
//! status kept up to date. These functions are plain arithmetic over [`KpiItem`]s so the desktop
//! app, the CLI and the provincial server compute the same numbers. Exact definitions, with worked
//! examples, are in `docs/kpi.md`; the doc comments below state them briefly.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::WorkCalendar;
pub use crate::calendar::period::{Period, PeriodKind};
use crate::error::CoreError;

/// The plans' on-time target: 95 % of documents and work processed on time.
pub const ON_TIME_TARGET: f64 = 0.95;

/// One document or task as KPI sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiItem {
    pub id: String,
    /// The group of work (nhóm việc).
    pub category: String,
    /// The current assignee; a reassigned item counts once, for whoever holds it now.
    pub assignee: Option<String>,
    /// The effective deadline, after extensions ([`crate::calendar::Deadline::effective`]).
    pub deadline: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    /// The last day its processing status was updated.
    pub last_update_on: NaiveDate,
}

/// How an item counts in a period's on-time rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Completed in the period, on or before its deadline: numerator and denominator.
    OnTime,
    /// Completed in the period, after its deadline: denominator only.
    Late,
    /// Deadline in the period, already passed at the period's end, not completed by then:
    /// denominator only.
    OverdueOpen,
}

/// How `item` counts in `period`, judged once the period is over; `None` when it does not count.
///
/// - No deadline: never counts.
/// - Completed in the period: `OnTime` if completed on or before the deadline, else `Late`.
/// - Completed before the period: does not count (it counted in the period it was completed in).
/// - Not completed by the period's end (open, or completed later): `OverdueOpen` when the deadline
///   lies in the period (its last day included: once the period is over, that day has passed).
pub fn outcome(item: &KpiItem, period: &Period) -> Option<Outcome> {
    outcome_as_of(item, period, period.to().succ_opt().unwrap_or(period.to()))
}

/// Like [`outcome`] for a period still running on `today`: completions up to and including today
/// count, but only deadlines before today can be overdue (today is not over yet). For a `today`
/// after the period, this is [`outcome`].
pub fn outcome_as_of(item: &KpiItem, period: &Period, today: NaiveDate) -> Option<Outcome> {
    let deadline = item.deadline?;
    let end = period.to().min(today);
    match item.completed_on {
        Some(done) if done >= period.from() && done <= end => Some(if done <= deadline {
            Outcome::OnTime
        } else {
            Outcome::Late
        }),
        Some(done) if done < period.from() => None,
        _ => (period.contains(deadline) && deadline < today).then_some(Outcome::OverdueOpen),
    }
}

/// A ratio with its parts, so reports can show "19/20 (95 %)" and recompute nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OnTimeRate {
    pub on_time: u32,
    pub late: u32,
    pub overdue_open: u32,
    /// `on_time`.
    pub numerator: u32,
    /// `on_time + late + overdue_open`.
    pub denominator: u32,
    /// `numerator / denominator` as a fraction (0.95 = 95 %); `None` when there is nothing to measure.
    pub rate: Option<f64>,
    pub target: f64,
    /// `rate ≥ target`; false when `rate` is `None` (nothing measured is not a met target).
    pub met_target: bool,
}

impl OnTimeRate {
    fn new(target: f64) -> Self {
        OnTimeRate {
            on_time: 0,
            late: 0,
            overdue_open: 0,
            numerator: 0,
            denominator: 0,
            rate: None,
            target,
            met_target: false,
        }
    }

    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::OnTime => self.on_time += 1,
            Outcome::Late => self.late += 1,
            Outcome::OverdueOpen => self.overdue_open += 1,
        }
        self.numerator = self.on_time;
        self.denominator = self.on_time + self.late + self.overdue_open;
        let rate = ratio(self.numerator, self.denominator);
        self.rate = rate;
        self.met_target = rate.is_some_and(|r| r >= self.target);
    }
}

/// `n / d`, or `None` for `d = 0`. Division is correctly rounded, so 19/20 compares equal to 0.95.
fn ratio(n: u32, d: u32) -> Option<f64> {
    (d > 0).then(|| f64::from(n) / f64::from(d))
}

/// The on-time rate of `items` in `period` (see [`outcome`]).
pub fn on_time_rate(items: &[KpiItem], period: &Period, target: f64) -> OnTimeRate {
    on_time_rate_as_of(items, period, after(period), target)
}

/// The on-time rate of a period still running on `today` (see [`outcome_as_of`]).
pub fn on_time_rate_as_of(
    items: &[KpiItem],
    period: &Period,
    today: NaiveDate,
    target: f64,
) -> OnTimeRate {
    let mut rate = OnTimeRate::new(target);
    items
        .iter()
        .filter_map(|i| outcome_as_of(i, period, today))
        .for_each(|o| rate.add(o));
    rate
}

/// The first day after the period: judging "as of" it means judging the finished period.
fn after(period: &Period) -> NaiveDate {
    period.to().succ_opt().unwrap_or(period.to())
}

/// The on-time rate of one group (one assignee or one category).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRate {
    /// The assignee or category; `None` for items not assigned to anyone.
    pub key: Option<String>,
    pub rate: OnTimeRate,
}

/// A period's on-time rate, overall and broken down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiReport {
    pub period: Period,
    pub period_label: String,
    pub overall: OnTimeRate,
    /// Per current assignee, sorted by key (unassigned first); only groups with counted items.
    pub by_assignee: Vec<GroupRate>,
    /// Per category, sorted by key; only groups with counted items.
    pub by_category: Vec<GroupRate>,
}

/// The on-time rate of `period`, overall, per assignee and per category.
pub fn report(items: &[KpiItem], period: &Period, target: f64) -> KpiReport {
    report_as_of(items, period, after(period), target)
}

/// [`report`] for a period still running on `today` (see [`outcome_as_of`]).
pub fn report_as_of(
    items: &[KpiItem],
    period: &Period,
    today: NaiveDate,
    target: f64,
) -> KpiReport {
    let mut overall = OnTimeRate::new(target);
    let mut by_assignee: BTreeMap<Option<String>, OnTimeRate> = BTreeMap::new();
    let mut by_category: BTreeMap<Option<String>, OnTimeRate> = BTreeMap::new();
    for item in items {
        let Some(o) = outcome_as_of(item, period, today) else {
            continue;
        };
        overall.add(o);
        by_assignee
            .entry(item.assignee.clone())
            .or_insert_with(|| OnTimeRate::new(target))
            .add(o);
        by_category
            .entry(Some(item.category.clone()))
            .or_insert_with(|| OnTimeRate::new(target))
            .add(o);
    }
    let groups = |m: BTreeMap<Option<String>, OnTimeRate>| {
        m.into_iter()
            .map(|(key, rate)| GroupRate { key, rate })
            .collect()
    };
    KpiReport {
        period: *period,
        period_label: period.label_vi(),
        overall,
        by_assignee: groups(by_assignee),
        by_category: groups(by_category),
    }
}

/// One point of a trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub period: Period,
    pub period_label: String,
    pub rate: OnTimeRate,
}

/// The on-time rate of each quarter of `year`, Quý I to Quý IV, each judged as of its own end.
///
/// # Errors
/// [`CoreError::InvalidPeriod`] for a year chrono cannot represent.
pub fn quarterly_trend(
    items: &[KpiItem],
    year: i32,
    target: f64,
) -> Result<Vec<TrendPoint>, CoreError> {
    Ok(Period::quarters(year)?
        .into_iter()
        .map(|period| TrendPoint {
            period,
            period_label: period.label_vi(),
            rate: on_time_rate(items, &period, target),
        })
        .collect())
}

/// Whether open items' processing status is kept up to date, as of one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusFreshness {
    pub as_of: NaiveDate,
    pub max_idle_working_days: u32,
    /// Open items updated recently enough.
    pub numerator: u32,
    /// Open items (not completed on or before `as_of`).
    pub denominator: u32,
    pub rate: Option<f64>,
    pub target: f64,
    pub met_target: bool,
    /// Ids of the stale open items, in input order, for the reminder list.
    pub stale_ids: Vec<String>,
}

/// Open items whose status has not been updated for `max_idle_working_days` working days.
///
/// An item is open as of `as_of` unless completed on or before it. It is stale when
/// `working_days_between(last_update_on, as_of) ≥ max_idle_working_days`, i.e. at least that many
/// working days have gone by since the day of its last update. Items with or without a deadline
/// count alike: the province checks that every open item's status is kept current.
///
/// # Errors
/// [`CoreError::DateOutOfRange`] when a last update or `as_of` lies outside the calendar's years.
pub fn status_freshness(
    items: &[KpiItem],
    as_of: NaiveDate,
    max_idle_working_days: u32,
    target: f64,
    calendar: &WorkCalendar,
) -> Result<StatusFreshness, CoreError> {
    let mut open = 0;
    let mut stale_ids = Vec::new();
    for item in items {
        if item.completed_on.is_some_and(|d| d <= as_of) {
            continue;
        }
        open += 1;
        let idle = calendar.working_days_between(item.last_update_on, as_of)?;
        if idle >= i64::from(max_idle_working_days) {
            stale_ids.push(item.id.clone());
        }
    }
    let fresh = open - stale_ids.len() as u32;
    let rate = ratio(fresh, open);
    Ok(StatusFreshness {
        as_of,
        max_idle_working_days,
        numerator: fresh,
        denominator: open,
        rate,
        target,
        met_target: rate.is_some_and(|r| r >= target),
        stale_ids,
    })
}
