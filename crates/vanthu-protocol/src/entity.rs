//! Entity names and who owns them (design §4). Devices write only unit-owned records; the names
//! below are written by the province alone, and a device that tries is refused.

/// A document the province sends down to a unit.
pub const PROVINCE_DOCUMENT: &str = "province_document";
/// One year's official holiday decisions (vanthu_core `YearOverrides`).
pub const HOLIDAY_OVERRIDE: &str = "holiday_override";
/// The province's default time limits (vanthu_core `DeadlineRules`).
pub const DEADLINE_RULES: &str = "deadline_rules";
/// A report template or request (its content is filled by the reports feature).
pub const REPORT_TEMPLATE: &str = "report_template";
/// The province's decision on a submitted report ([`crate::ReportReview`]).
pub const REPORT_REVIEW: &str = "report_review";
/// A field conflict resolved by the server (kept and lost values), for the unit's devices.
pub const SYNC_CONFLICT: &str = "sync_conflict";

/// Unit-owned entities the app captures today (others may be added without a server change).
pub const UNIT_PROFILE: &str = "unit_profile";
pub const INCOMING_DOCUMENT: &str = "incoming_document";
pub const INCOMING_EVENT: &str = "incoming_event";
pub const OUTGOING_DOCUMENT: &str = "outgoing_document";
pub const OUTGOING_EVENT: &str = "outgoing_event";
pub const ATTACHMENT: &str = "attachment";
pub const TASK: &str = "task";
/// A periodic report (drafts stay on the unit's devices' screens; the record syncs so every
/// laptop of the unit has it).
pub const REPORT: &str = "report";
/// One saved version of a report's text.
pub const REPORT_VERSION: &str = "report_version";
/// A report as submitted to the province: period, template, due date, frozen figures and text
/// (append-only; a resubmission after a return is a new one with the next `attempt`).
pub const REPORT_SUBMISSION: &str = "report_submission";

/// Names only the province may write.
pub const PROVINCE_OWNED: &[&str] = &[
    PROVINCE_DOCUMENT,
    HOLIDAY_OVERRIDE,
    DEADLINE_RULES,
    REPORT_TEMPLATE,
    SYNC_CONFLICT,
    "unit",
    "device",
    REPORT_REVIEW,
];

/// Whether `entity` is written by the province only.
pub fn is_province_owned(entity: &str) -> bool {
    PROVINCE_OWNED.contains(&entity)
}

/// Entity names are short snake_case words.
pub fn is_valid_name(entity: &str) -> bool {
    (1..=40).contains(&entity.len())
        && entity
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit())
        && entity.as_bytes()[0].is_ascii_lowercase()
}
