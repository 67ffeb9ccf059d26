//! The app as a whole: first-run state, the unit profile, reference lists, the home screen.

use super::incoming::IncomingRow;
use super::{Choice, iso};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use vanthu_core::doc_type::DocumentType;
use vanthu_core::marks::Urgency;
use vanthu_local::unit::{Leader, UnitProfile};

/// A leader whose name and title appear in signature blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LeaderDto {
    pub name: String,
    pub title: String,
}

/// The unit's profile as shown and edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UnitDto {
    pub name: String,
    pub superior: String,
    pub abbreviation: String,
    pub place_name: String,
    /// `state` (NĐ 30: 05/BC-UBND) or `party` (05-BC/ĐU).
    pub numbering_style: String,
    pub commune_code: Option<String>,
    pub leaders: Vec<LeaderDto>,
}

impl From<UnitProfile> for UnitDto {
    fn from(u: UnitProfile) -> UnitDto {
        UnitDto {
            name: u.name,
            superior: u.superior,
            abbreviation: u.abbreviation,
            place_name: u.place_name,
            numbering_style: match u.numbering_style {
                vanthu_core::symbol::NumberingStyle::State => "state".into(),
                vanthu_core::symbol::NumberingStyle::Party => "party".into(),
            },
            commune_code: u.commune_code,
            leaders: u
                .leaders
                .into_iter()
                .map(|Leader { name, title }| LeaderDto { name, title })
                .collect(),
        }
    }
}

/// The setup wizard's (and the settings screen's) form.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SetupInput {
    pub unit: UnitDto,
    /// The person using this laptop, recorded in every history event.
    pub actor: String,
}

/// A document type for selects: code, Vietnamese name, abbreviation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DocTypeDto {
    pub code: String,
    pub name: String,
    pub abbreviation: Option<String>,
}

/// Sync with the provincial server as Home's card shows it, read from the store: "not set up"
/// only when the laptop is not enrolled (the app never pretends to have synced).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncDto {
    /// Enrolled with the province.
    pub configured: bool,
    #[ts(type = "number | null")]
    pub last_success_at: Option<i64>,
    /// Changes made here and not yet acknowledged by the province.
    #[ts(type = "number")]
    pub pending: i64,
    /// The last attempt failed (its message is on the Đồng bộ screen).
    pub failing: bool,
    /// Documents from the province waiting to be registered.
    #[ts(type = "number")]
    pub inbox_waiting: i64,
}

/// What the UI needs before the first screen.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub log_dir: String,
    /// `None` until the setup wizard has run.
    pub unit: Option<UnitDto>,
    pub actor: Option<String>,
    /// Today in Vietnam (ISO), by the app's clock.
    pub today: String,
    pub doc_types: Vec<DocTypeDto>,
    pub urgencies: Vec<Choice>,
    pub incoming_statuses: Vec<Choice>,
    pub outgoing_statuses: Vec<Choice>,
}

pub fn doc_types() -> Vec<DocTypeDto> {
    DocumentType::all()
        .map(|t| DocTypeDto {
            code: t.code(),
            name: t.name_vi().into(),
            abbreviation: t.abbreviation().map(str::to_string),
        })
        .collect()
}

pub fn urgencies() -> Vec<Choice> {
    [
        Urgency::Normal,
        Urgency::Khan,
        Urgency::ThuongKhan,
        Urgency::HoaToc,
    ]
    .into_iter()
    .map(|u| Choice::new(u.code(), u.label_vi()))
    .collect()
}

pub fn incoming_statuses() -> Vec<Choice> {
    vanthu_core::incoming::IncomingStatus::ALL
        .into_iter()
        .map(|s| Choice::new(s.code(), s.label_vi()))
        .collect()
}

pub fn outgoing_statuses() -> Vec<Choice> {
    vanthu_core::outgoing::OutgoingStatus::ALL
        .into_iter()
        .map(|s| Choice::new(s.code(), s.label_vi()))
        .collect()
}

/// A few rows of a home list, and whether more exist.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RowSlice {
    pub items: Vec<IncomingRow>,
    pub more: bool,
}

/// One quarter of the on-time trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TrendDto {
    pub label: String,
    pub rate: Option<f64>,
}

/// The on-time rate of a period against the target (definitions in docs/kpi.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct KpiDto {
    pub label: String,
    pub from: String,
    pub to: String,
    pub target: f64,
    /// `None` when nothing was due yet in the period.
    pub rate: Option<f64>,
    pub on_time: u32,
    pub late: u32,
    pub overdue_open: u32,
    pub denominator: u32,
    pub met_target: bool,
    pub trend: Vec<TrendDto>,
}

impl From<vanthu_local::kpi::KpiSummary> for KpiDto {
    fn from(s: vanthu_local::kpi::KpiSummary) -> KpiDto {
        let o = s.report.overall;
        KpiDto {
            label: s.label,
            from: iso(s.from),
            to: iso(s.to),
            target: s.target,
            rate: o.rate,
            on_time: o.on_time,
            late: o.late,
            overdue_open: o.overdue_open,
            denominator: o.denominator,
            met_target: o.met_target,
            trend: s
                .trend
                .into_iter()
                .map(|p| TrendDto {
                    label: p.period_label,
                    rate: p.rate.rate,
                })
                .collect(),
        }
    }
}

/// "Việc cần làm hôm nay".
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct HomeDto {
    pub today: String,
    pub overdue: RowSlice,
    pub due_soon: RowSlice,
    /// Registered or submitted, not yet assigned to anyone.
    pub waiting: RowSlice,
    pub kpi: KpiDto,
    pub sync: SyncDto,
    /// Overdue and due-soon tasks, today's meetings.
    pub plan: super::plan::PlanHomeDto,
}
