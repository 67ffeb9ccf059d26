//! Periodic reports at the boundary: the list with expected reports, the editor's view of one
//! report (figures, sections, signature, recipients, versions), and the forms that change it.
//! Figures mirror `vanthu_local::report::figures` field for field; nothing is recomputed here.

use super::{iso, iso_opt};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use vanthu_local::report::figures::{
    Count, IncomingFigures, OutgoingFigures, OverdueItem, OverdueKind, ProcessingFigures,
    ReportFigures, TaskFigures,
};
use vanthu_local::report::{
    ExpectedReport, Report, ReportListItem, ReportReview, ReportTemplate, ReportVersion,
};

/// One row of the reports list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReportRow {
    pub id: String,
    pub template_id: String,
    pub template_name: String,
    /// Period code: `2026-Q4`.
    pub period: String,
    pub period_label: String,
    pub summary: String,
    /// `draft`, `submitted`, `accepted`, `returned`.
    pub status: String,
    pub status_label: String,
    pub due_date: Option<String>,
    #[ts(type = "number | null")]
    pub submitted_at: Option<i64>,
    pub symbol: Option<String>,
    #[ts(type = "number")]
    pub updated_at: i64,
    /// The province's comments when it returned the report.
    pub review_comments: Option<String>,
}

impl ReportRow {
    pub fn new(i: ReportListItem, review_comments: Option<String>) -> ReportRow {
        ReportRow {
            id: i.id,
            template_id: i.template_id,
            template_name: i.template_name,
            period: i.period.code(),
            period_label: i.period_label,
            summary: i.summary,
            status: i.status.code().into(),
            status_label: i.status_label,
            due_date: iso_opt(i.due_date),
            submitted_at: i.submitted_at,
            symbol: i.symbol,
            updated_at: i.updated_at,
            review_comments,
        }
    }
}

/// A report expected and not created yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExpectedRow {
    pub template_id: String,
    pub template_name: String,
    pub period: String,
    pub period_label: String,
    pub due_date: Option<String>,
    pub overdue: bool,
}

impl From<ExpectedReport> for ExpectedRow {
    fn from(e: ExpectedReport) -> ExpectedRow {
        ExpectedRow {
            template_id: e.template_id,
            template_name: e.template_name,
            period: e.period.code(),
            period_label: e.period_label,
            due_date: iso_opt(e.due_date),
            overdue: e.overdue,
        }
    }
}

/// A template offered for a new report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateChoice {
    pub id: String,
    pub name: String,
    /// `month`, `quarter`, `half`, `year`, `ad_hoc`.
    pub period_kind: String,
    pub period_kind_label: String,
}

impl From<&ReportTemplate> for TemplateChoice {
    fn from(t: &ReportTemplate) -> TemplateChoice {
        TemplateChoice {
            id: t.id.clone(),
            name: t.name.clone(),
            period_kind: serde_json::to_value(t.period_kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            period_kind_label: t.period_kind.label_vi().into(),
        }
    }
}

/// The reports screen.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReportsPageDto {
    pub items: Vec<ReportRow>,
    pub expected: Vec<ExpectedRow>,
    pub templates: Vec<TemplateChoice>,
}

/// "Tạo báo cáo": a period code and optionally a template and a signer.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct NewReportForm {
    pub period: String,
    pub template: Option<String>,
    pub signer: Option<String>,
}

/// A save of one section from the editor.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct SectionForm {
    pub key: String,
    pub text: String,
    /// Saved by the editor after a pause rather than by a button.
    pub autosave: bool,
    /// The revision the editor last saw; a newer stored one refuses the save.
    #[ts(type = "number | null")]
    pub base_revision: Option<i64>,
}

/// Signer and "Nơi nhận" from the editor.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct DetailsForm {
    /// A leader's name from the unit profile.
    pub signer: Option<String>,
    pub recipients: Option<Vec<String>>,
    /// What follows "Lưu:".
    pub archive: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CountDto {
    pub label: String,
    pub count: u32,
}

impl From<&Count> for CountDto {
    fn from(c: &Count) -> CountDto {
        CountDto {
            label: c.label.clone(),
            count: c.count,
        }
    }
}

fn counts(v: &[Count]) -> Vec<CountDto> {
    v.iter().map(CountDto::from).collect()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct IncomingFiguresDto {
    pub total: u32,
    pub by_type: Vec<CountDto>,
    pub by_urgency: Vec<CountDto>,
    pub urgent: u32,
}

impl From<&IncomingFigures> for IncomingFiguresDto {
    fn from(f: &IncomingFigures) -> Self {
        IncomingFiguresDto {
            total: f.total,
            by_type: counts(&f.by_type),
            by_urgency: counts(&f.by_urgency),
            urgent: f.urgent,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OutgoingFiguresDto {
    pub total: u32,
    pub by_type: Vec<CountDto>,
}

impl From<&OutgoingFigures> for OutgoingFiguresDto {
    fn from(f: &OutgoingFigures) -> Self {
        OutgoingFiguresDto {
            total: f.total,
            by_type: counts(&f.by_type),
        }
    }
}

/// On time / late / overdue, the rate against the target and the previous period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ProcessingDto {
    pub on_time: u32,
    pub late: u32,
    pub overdue_open: u32,
    pub counted: u32,
    pub rate: Option<f64>,
    pub target: f64,
    pub met_target: bool,
    pub previous_label: Option<String>,
    pub previous_rate: Option<f64>,
    /// Percentage points.
    pub change_points: Option<f64>,
    pub open_items: u32,
    pub stale_items: u32,
}

impl From<&ProcessingFigures> for ProcessingDto {
    fn from(p: &ProcessingFigures) -> Self {
        ProcessingDto {
            on_time: p.on_time,
            late: p.late,
            overdue_open: p.overdue_open,
            counted: p.counted,
            rate: p.rate,
            target: p.target,
            met_target: p.met_target,
            previous_label: p.previous_label.clone(),
            previous_rate: p.previous_rate,
            change_points: p.change_points,
            open_items: p.open_items,
            stale_items: p.stale_items,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OverdueDto {
    /// `incoming` or `task`.
    pub kind: String,
    pub reference: String,
    pub symbol: Option<String>,
    pub title: String,
    pub assignee: Option<String>,
    pub deadline: String,
    #[ts(type = "number")]
    pub working_days_late: i64,
}

impl From<&OverdueItem> for OverdueDto {
    fn from(o: &OverdueItem) -> Self {
        OverdueDto {
            kind: match o.kind {
                OverdueKind::Incoming => "incoming",
                OverdueKind::Task => "task",
            }
            .into(),
            reference: o.reference.clone(),
            symbol: o.symbol.clone(),
            title: o.title.clone(),
            assignee: o.assignee.clone(),
            deadline: iso(o.deadline),
            working_days_late: o.working_days_late,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TaskRowDto {
    pub title: String,
    pub responsible: Option<String>,
    pub deadline: Option<String>,
    #[ts(type = "number")]
    pub progress: i64,
    pub status: String,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TasksDto {
    pub total: u32,
    pub done: u32,
    pub in_progress: u32,
    pub not_started: u32,
    pub overdue: u32,
    pub average_progress: u32,
    pub rows: Vec<TaskRowDto>,
}

impl From<&TaskFigures> for TasksDto {
    fn from(t: &TaskFigures) -> Self {
        TasksDto {
            total: t.total,
            done: t.done,
            in_progress: t.in_progress,
            not_started: t.not_started,
            overdue: t.overdue,
            average_progress: t.average_progress,
            rows: t
                .rows
                .iter()
                .map(|r| TaskRowDto {
                    title: r.title.clone(),
                    responsible: r.responsible.clone(),
                    deadline: iso_opt(r.deadline),
                    progress: r.progress,
                    status: r.status.clone(),
                    overdue: r.overdue,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct IndicatorDto {
    pub name: String,
    pub unit: Option<String>,
    pub target: String,
    pub actual: Option<String>,
    pub achieved: Option<bool>,
    pub responsible: Option<String>,
}

/// Every figure of a report, as computed (and frozen once submitted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FiguresDto {
    pub label: String,
    /// The day the figures are judged at: min(today, period end).
    pub as_of: String,
    pub incoming: IncomingFiguresDto,
    pub outgoing: OutgoingFiguresDto,
    pub processing: ProcessingDto,
    pub overdue: Vec<OverdueDto>,
    pub overdue_total: u32,
    pub tasks: Option<TasksDto>,
    pub indicators: Option<Vec<IndicatorDto>>,
}

impl From<&ReportFigures> for FiguresDto {
    fn from(f: &ReportFigures) -> Self {
        FiguresDto {
            label: f.label.clone(),
            as_of: iso(f.as_of),
            incoming: (&f.incoming).into(),
            outgoing: (&f.outgoing).into(),
            processing: (&f.processing).into(),
            overdue: f.overdue.iter().map(OverdueDto::from).collect(),
            overdue_total: f.overdue_total,
            tasks: f.tasks.as_ref().map(TasksDto::from),
            indicators: f.indicators.as_ref().map(|rows| {
                rows.iter()
                    .map(|r| IndicatorDto {
                        name: r.name.clone(),
                        unit: r.unit.clone(),
                        target: r.target.clone(),
                        actual: r.actual.clone(),
                        achieved: r.achieved,
                        responsible: r.responsible.clone(),
                    })
                    .collect()
            }),
        }
    }
}

/// A section as the editor lays it out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SectionDto {
    pub key: String,
    pub heading: String,
    /// "I", "II" … or "1", "2" …; empty for the opening paragraph.
    pub number: String,
    pub level: u8,
    /// The figure block shown beside it: `incoming`, `outgoing`, `processing`, `overdue_list`,
    /// `tasks`, `indicators`.
    pub figures: Option<String>,
    pub text: String,
    /// Still the pre-drafted text (follows the figures).
    pub auto: bool,
    /// Newer pre-drafted text for a section the user edited.
    pub suggestion: Option<String>,
    pub hint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignatureDto {
    pub authority: Option<String>,
    pub deputy: Option<String>,
    pub title: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewDto {
    /// `accepted` or `returned`.
    pub decision: String,
    pub comments: Option<String>,
    pub reviewer: Option<String>,
    #[ts(type = "number")]
    pub reviewed_at: i64,
}

impl From<ReportReview> for ReviewDto {
    fn from(r: ReportReview) -> Self {
        ReviewDto {
            decision: r.decision,
            comments: r.comments,
            reviewer: r.reviewer,
            reviewed_at: r.reviewed_at,
        }
    }
}

/// One saved state (a section's text) or milestone of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VersionDto {
    #[ts(type = "number")]
    pub revision: i64,
    #[ts(type = "number")]
    pub at: i64,
    pub actor: String,
    /// `create`, `edit`, `autosave`, `recompute`, `submit`, `reopen`, `issue`.
    pub action: String,
    pub section_key: Option<String>,
    pub text: Option<String>,
}

impl From<ReportVersion> for VersionDto {
    fn from(v: ReportVersion) -> Self {
        VersionDto {
            revision: v.revision,
            at: v.at,
            actor: v.actor,
            action: v.action,
            section_key: v.section_key,
            text: v.text,
        }
    }
}

/// The editor's whole view of one report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReportDetailDto {
    pub id: String,
    pub template_name: String,
    pub period: String,
    pub period_label: String,
    pub summary: String,
    pub status: String,
    pub status_label: String,
    pub due_date: Option<String>,
    /// Sections can be edited now (draft, or returned: editing reopens it).
    pub editable: bool,
    #[ts(type = "number")]
    pub revision: i64,
    #[ts(type = "number")]
    pub updated_at: i64,
    #[ts(type = "number")]
    pub figures_at: i64,
    #[ts(type = "number | null")]
    pub submitted_at: Option<i64>,
    pub figures: FiguresDto,
    pub sections: Vec<SectionDto>,
    pub signature: SignatureDto,
    pub recipients: Vec<String>,
    pub archive: String,
    /// Số, ký hiệu and date once issued.
    pub symbol: Option<String>,
    pub issued_date: Option<String>,
    pub review: Option<ReviewDto>,
    /// Newest first.
    pub versions: Vec<VersionDto>,
}

impl ReportDetailDto {
    pub fn new(r: &Report, versions: Vec<ReportVersion>) -> ReportDetailDto {
        use vanthu_local::report::ReportStatus;
        ReportDetailDto {
            id: r.id.clone(),
            template_name: r.template.name.clone(),
            period: r.period.code(),
            period_label: r.period_label.clone(),
            summary: r.summary.clone(),
            status: r.status.code().into(),
            status_label: r.status.label_vi().into(),
            due_date: iso_opt(r.due_date),
            editable: matches!(r.status, ReportStatus::Draft | ReportStatus::Returned),
            revision: r.revision,
            updated_at: r.updated_at,
            figures_at: r.figures_at,
            submitted_at: r.submitted_at,
            figures: (&r.figures).into(),
            sections: r
                .section_views()
                .into_iter()
                .map(|s| SectionDto {
                    key: s.key,
                    heading: s.heading,
                    number: s.number,
                    level: s.level,
                    figures: s.figures.and_then(|f| {
                        serde_json::to_value(f)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                    }),
                    text: s.text,
                    auto: s.auto,
                    suggestion: s.suggestion,
                    hint: s.hint,
                })
                .collect(),
            signature: SignatureDto {
                authority: r.signature.authority.clone(),
                deputy: r.signature.deputy.clone(),
                title: r.signature.title.clone(),
                name: r.signature.name.clone(),
            },
            recipients: r.recipients.lines.clone(),
            archive: r.recipients.archive.clone(),
            symbol: r.symbol().map(str::to_string),
            issued_date: r.issued_as.as_ref().and_then(|i| iso_opt(i.issued_date)),
            review: r.review.clone().map(ReviewDto::from),
            versions: versions.into_iter().rev().map(VersionDto::from).collect(),
        }
    }
}

/// What "Gửi lên tỉnh" did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SubmittedDto {
    pub report: ReportDetailDto,
    #[ts(type = "number")]
    pub attempt: i64,
    pub submitted_on: String,
    /// `None` without a due date.
    pub on_time: Option<bool>,
}

/// A file written by an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportedDto {
    pub path: String,
    /// `pdf` or `docx`.
    pub format: String,
    pub bytes: u32,
}
