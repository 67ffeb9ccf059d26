//! Periodic reports (báo cáo định kỳ): templates as data, figures computed from the unit's
//! registers, a narrative pre-drafted from them, editing with versions kept, submission to
//! the province as a unit-owned record, and the province's review coming back.
//!
//! Life of a report: `create_report` (figures computed, sections pre-drafted) → any number of
//! `edit_section` / `refresh_report` (figures recomputed while draft; sections the user has
//! not touched follow the new figures) → `submit_report` (figures frozen, a snapshot sent
//! through the outbox) → the province's review arrives through sync (`apply_report_review`):
//! accepted, or returned — then editing reopens the draft and it can be submitted again.
//! Rendering to PDF/DOCX lives in the `vanthu-report` crate.
//! Entity and payload shapes for sync: `docs/reports.md`.

mod draft;
mod expected;
pub mod figures;
mod model;
pub mod narrative;
mod review;
pub mod template;
pub mod vi;

pub use draft::{
    NewReport, ReportDetails, SectionEdit, create_report, edit_report_details, edit_section,
    issue_report, refresh_report, submit_report,
};
pub use expected::{ExpectedReport, expected_reports, period_containing};
pub use model::{
    IssuedAs, Recipients, Report, ReportFilter, ReportListItem, ReportStatus, ReportVersion,
    SectionText, SectionView, Signature, Submission, get_report, list_reports, report_versions,
    resolve_report_ref, submissions,
};
pub use review::{ReportReview, apply_report_review, reviews};
pub use template::{
    DueRule, FigureBlock, Prefill, ReportTemplate, SectionSpec, TemplatePeriod,
    apply_report_template, builtin_templates, get_template, list_templates,
};
