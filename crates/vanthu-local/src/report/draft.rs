//! Use cases that write reports: create for a period, edit sections (autosave-friendly, every
//! save kept as a version), recompute figures while draft, submit (freeze), issue as an
//! outgoing document. Each writes its outbox entries in the same transaction.

use super::figures::compute_figures;
use super::model::{
    COLUMNS, IssuedAs, Recipients, Report, ReportStatus, SectionText, Signature, Submission,
    get_report,
};
use super::narrative::{NarrativeContext, prefill};
use super::template::{ReportTemplate, default_template_for, get_template};
use super::vi::period_in_sentence;
use crate::accounts::require;
use crate::outbox::{self, Op};
use crate::outgoing::{OutgoingInput, StepInput, create_outgoing, step_outgoing};
use crate::unit::{UnitProfile, require_unit};
use crate::{Context, LocalError, Result};
use rusqlite::{OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use vanthu_core::CoreError;
use vanthu_core::authz::Permission;
use vanthu_core::calendar::Period;
use vanthu_core::symbol::NumberingStyle;
use vanthu_core::text::{fold, normalize_block, optional_line, required_line};

/// Autosaves of one section by one person closer together than this update the same version.
pub const AUTOSAVE_WINDOW_MS: i64 = 10 * 60 * 1000;

/// A new report, as raw text.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NewReport {
    /// Period code: "2026-Q3", "2026-06", "2026-H1", "2026", "2026-10-01..2026-10-15".
    pub period: String,
    /// Template id; default: the first offered template that fits the period.
    pub template: Option<String>,
    /// The leader who signs (a name from the unit profile); default: the first leader.
    pub signer: Option<String>,
}

/// Creates a report for a period: figures computed, sections pre-drafted from them.
pub fn create_report(tx: &Transaction<'_>, ctx: &Context<'_>, input: &NewReport) -> Result<Report> {
    require(tx, ctx, Permission::Draft)?;
    let unit = require_unit(tx)?;
    let period = Period::parse(&input.period)?;
    let template = match input.template.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => get_template(tx, t)?,
        _ => default_template_for(tx, &period)?,
    };
    if !template.period_kind.fits(&period) {
        return Err(CoreError::InvalidField {
            field: "kỳ báo cáo",
            reason: format!(
                "mẫu \"{}\" dành cho báo cáo {}, không dùng cho kỳ {}",
                template.name,
                template.period_kind.label_vi(),
                period.code()
            ),
        }
        .into());
    }
    let existing: Option<String> = tx
        .query_row(
            "SELECT id FROM reports WHERE template_id = ?1 AND period = ?2",
            [&template.id, &period.code()],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(existing) = existing {
        return Err(LocalError::ReportExists { existing });
    }
    let now = ctx.clock.now_ms();
    let summary = template
        .summary
        .replace("{ky}", &period_in_sentence(&period));
    let figures = compute_figures(tx, &period, ctx.clock.today())?;
    let cx = NarrativeContext {
        unit_name: &unit.name,
        summary: &summary,
    };
    let sections = template
        .sections
        .iter()
        .map(|s| {
            let auto_text = s
                .prefill
                .map(|p| prefill(p, &figures, &cx))
                .unwrap_or_default();
            SectionText {
                key: s.key.clone(),
                text: auto_text.clone(),
                auto: true,
                auto_text,
            }
        })
        .collect();
    let report = Report {
        id: ctx.new_id(),
        template_id: template.id.clone(),
        period_label: period.label_vi(),
        due_date: template.due.due_date(&period),
        period,
        summary,
        status: ReportStatus::Draft,
        figures,
        figures_at: now,
        sections,
        signature: default_signature(&unit, input.signer.as_deref())?,
        recipients: default_recipients(&template, &unit),
        template,
        issued_as: None,
        revision: 1,
        submitted_at: None,
        created_at: now,
        updated_at: now,
        version: 1,
        review: None,
    };
    crate::store::exec(
        tx,
        &format!(
            "INSERT INTO reports ({COLUMNS}, period_from, period_to)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'draft', ?7, ?8, ?9, ?10, ?11, NULL, 1, NULL, ?12, ?12, 1, ?13, ?14)"
        ),
        rusqlite::params![
            report.id,
            report.template_id,
            serde_json::to_string(&report.template)?,
            report.period.code(),
            report.due_date,
            report.summary,
            serde_json::to_string(&report.figures)?,
            report.figures_at,
            serde_json::to_string(&report.sections)?,
            serde_json::to_string(&report.signature)?,
            serde_json::to_string(&report.recipients)?,
            now,
            report.period.from(),
            report.period.to(),
        ],
    )?;
    add_version(tx, ctx, &report.id, 1, "create", None, None)?;
    record(tx, ctx, &unit, &report)?;
    Ok(report)
}

/// A save of one section's text.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SectionEdit {
    pub key: String,
    pub text: String,
    /// An autosave from the editor (coalesced with the previous autosave of the same section
    /// by the same person within [`AUTOSAVE_WINDOW_MS`]) rather than an explicit save.
    #[serde(default)]
    pub autosave: bool,
    /// The revision the editor started from; a newer stored revision (another device or
    /// window saved meanwhile) refuses the save instead of overwriting it.
    pub base_revision: Option<i64>,
}

/// Saves one section's text. A returned report is reopened as a draft; a submitted or
/// accepted one is refused.
pub fn edit_section(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    id: &str,
    edit: &SectionEdit,
) -> Result<Report> {
    let mut report = editable(tx, ctx, id, "sửa báo cáo")?;
    if let Some(base) = edit.base_revision
        && base != report.revision
    {
        return Err(LocalError::EditConflict {
            current: report.revision,
        });
    }
    if report.template.section(&edit.key).is_none() {
        let keys: Vec<&str> = report
            .template
            .sections
            .iter()
            .map(|s| s.key.as_str())
            .collect();
        return Err(CoreError::InvalidField {
            field: "mục báo cáo",
            reason: format!(
                "\"{}\" không có trong mẫu (các mục: {})",
                edit.key,
                keys.join(", ")
            ),
        }
        .into());
    }
    let text = normalize_block("nội dung mục báo cáo", &edit.text)?;
    let now = ctx.clock.now_ms();
    let last: Option<(String, String, Option<String>, String, i64)> = tx
        .query_row(
            "SELECT id, action, section_key, actor, at FROM report_versions
             WHERE report_id = ?1 ORDER BY revision DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let coalesce = match &last {
        Some((vid, action, key, actor, at)) => (edit.autosave
            && action == "autosave"
            && key.as_deref() == Some(edit.key.as_str())
            && actor == ctx.actor
            && now - at < AUTOSAVE_WINDOW_MS)
            .then_some(vid.clone()),
        None => None,
    };
    match coalesce {
        Some(vid) => {
            crate::store::exec(
                tx,
                "UPDATE report_versions SET text = ?2, at = ?3 WHERE id = ?1",
                rusqlite::params![vid, text, now],
            )?;
            record_version(tx, ctx, &vid)?;
        }
        None => {
            report.revision += 1;
            let action = if edit.autosave { "autosave" } else { "edit" };
            add_version(
                tx,
                ctx,
                id,
                report.revision,
                action,
                Some(&edit.key),
                Some(&text),
            )?;
        }
    }
    let section = report
        .sections
        .iter_mut()
        .find(|s| s.key == edit.key)
        .expect("checked against the template above");
    section.auto = text == section.auto_text;
    section.text = text;
    save(tx, ctx, &mut report, "draft")?;
    Ok(report)
}

/// Recomputes a draft's figures; sections never edited follow them. Submitted reports are
/// frozen and returned unchanged, as is a draft whose figures did not move (nothing written).
pub fn refresh_report(tx: &Transaction<'_>, ctx: &Context<'_>, id: &str) -> Result<Report> {
    let mut report = get_report(tx, id)?;
    // Opening a report refreshes its figures; for someone who may not draft (a viewer) it is
    // shown as last saved instead of being written under their name.
    let may_draft = require(tx, ctx, Permission::Draft).is_ok();
    if may_draft && report.status == ReportStatus::Draft && recompute(tx, ctx, &mut report)? {
        save(tx, ctx, &mut report, "draft")?;
    }
    Ok(report)
}

/// Recomputes `report`'s figures in memory (a version row is added when they changed);
/// returns whether anything changed. The caller saves.
fn recompute(tx: &Transaction<'_>, ctx: &Context<'_>, report: &mut Report) -> Result<bool> {
    let figures = compute_figures(tx, &report.period, ctx.clock.today())?;
    if figures == report.figures {
        return Ok(false);
    }
    let unit = require_unit(tx)?;
    report.figures = figures;
    report.figures_at = ctx.clock.now_ms();
    redraft(report, &unit);
    report.revision += 1;
    add_version(
        tx,
        ctx,
        &report.id,
        report.revision,
        "recompute",
        None,
        None,
    )?;
    Ok(true)
}

/// Regenerates every section's pre-drafted text from the current figures.
fn redraft(report: &mut Report, unit: &UnitProfile) {
    let cx = NarrativeContext {
        unit_name: &unit.name,
        summary: &report.summary,
    };
    for spec in &report.template.sections {
        let Some(kind) = spec.prefill else { continue };
        let auto_text = prefill(kind, &report.figures, &cx);
        if let Some(s) = report.sections.iter_mut().find(|s| s.key == spec.key) {
            if s.auto {
                s.text = auto_text.clone();
            }
            s.auto_text = auto_text;
        }
    }
}

/// Changes to the parts of a report outside its sections.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ReportDetails {
    /// Trích yếu.
    pub summary: Option<String>,
    /// A leader of the unit profile: sets name, title and prefixes from the profile.
    pub signer: Option<String>,
    /// Overrides, after `signer`.
    pub signer_title: Option<String>,
    pub authority: Option<String>,
    pub deputy: Option<String>,
    /// Replaces the "Nơi nhận" lines.
    pub recipients: Option<Vec<String>>,
    pub archive: Option<String>,
}

/// Edits the trích yếu, signature block or recipients of a draft.
pub fn edit_report_details(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    id: &str,
    d: &ReportDetails,
) -> Result<Report> {
    let mut report = editable(tx, ctx, id, "sửa báo cáo")?;
    let unit = require_unit(tx)?;
    if let Some(s) = &d.summary {
        report.summary = required_line("trích yếu", s)?;
    }
    if let Some(name) = &d.signer {
        report.signature = default_signature(&unit, Some(name))?;
    }
    let upper = |field, s: &str| optional_line(field, Some(s)).map(|o| o.map(|v| v.to_uppercase()));
    if let Some(t) = &d.signer_title {
        report.signature.title = upper("chức vụ người ký", t)?.unwrap_or_default();
    }
    if let Some(a) = &d.authority {
        report.signature.authority = upper("thẩm quyền ký", a)?;
    }
    if let Some(k) = &d.deputy {
        report.signature.deputy = upper("ký thay", k)?;
    }
    if let Some(lines) = &d.recipients {
        report.recipients.lines = lines
            .iter()
            .map(|l| required_line("nơi nhận", l))
            .collect::<Result<_, _>>()?;
    }
    if let Some(a) = &d.archive {
        report.recipients.archive = required_line("lưu", a)?;
    }
    redraft(&mut report, &unit);
    report.revision += 1;
    let text = serde_json::to_string(d)?;
    add_version(
        tx,
        ctx,
        id,
        report.revision,
        "edit",
        Some("_details"),
        Some(&text),
    )?;
    save(tx, ctx, &mut report, "draft")?;
    Ok(report)
}

/// Submits a draft (or a returned report) to the province: figures recomputed one last time
/// and frozen, a snapshot kept and sent through the outbox.
pub fn submit_report(tx: &Transaction<'_>, ctx: &Context<'_>, id: &str) -> Result<Submission> {
    // Sending to the province is "gửi" as for outgoing documents.
    require(tx, ctx, Permission::Issue)?;
    let mut report = editable(tx, ctx, id, "gửi báo cáo")?;
    recompute(tx, ctx, &mut report)?;
    let unit = require_unit(tx)?;
    let now = ctx.clock.now_ms();
    let today = ctx.clock.today();
    let attempt: i64 = tx.query_row(
        "SELECT count(*) + 1 FROM report_submissions WHERE report_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    report.revision += 1;
    report.status = ReportStatus::Submitted;
    report.submitted_at = Some(now);
    add_version(tx, ctx, id, report.revision, "submit", None, None)?;
    save(tx, ctx, &mut report, "submitted")?;
    let submission = Submission {
        id: ctx.new_id(),
        report_id: id.to_string(),
        attempt,
        revision: report.revision,
        submitted_at: now,
        submitted_on: today,
        due_date: report.due_date,
        on_time: report.due_date.map(|d| today <= d),
        actor: ctx.actor.to_string(),
        snapshot: Report {
            review: None,
            ..report
        },
    };
    crate::store::exec(
        tx,
        "INSERT INTO report_submissions (id, report_id, attempt, revision, submitted_at,
             submitted_on, due_date, on_time, actor, snapshot_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        rusqlite::params![
            submission.id,
            submission.report_id,
            submission.attempt,
            submission.revision,
            submission.submitted_at,
            submission.submitted_on,
            submission.due_date,
            submission.on_time,
            submission.actor,
            serde_json::to_string(&submission.snapshot)?,
        ],
    )?;
    #[derive(Serialize)]
    struct Payload<'a> {
        unit_id: &'a str,
        template_id: &'a str,
        period: String,
        #[serde(flatten)]
        submission: &'a Submission,
    }
    outbox::record(
        tx,
        ctx,
        "report_submission",
        &submission.id,
        Op::Append,
        &Payload {
            unit_id: &unit.unit_id,
            template_id: &submission.snapshot.template_id,
            period: submission.snapshot.period.code(),
            submission: &submission,
        },
    )?;
    Ok(submission)
}

/// Issues the report as an outgoing document of the unit (type from the template, the report's
/// trích yếu and signer): it takes the next number of the yearly series, and "Số: 05/BC-UBND"
/// and the date print on the report from then on. `issued_date` defaults to today.
pub fn issue_report(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    id: &str,
    issued_date: Option<&str>,
) -> Result<Report> {
    let mut report = get_report(tx, id)?;
    if let Some(issued) = &report.issued_as {
        return Err(CoreError::InvalidTransition {
            state: format!(
                "đã ban hành số {}",
                issued.symbol.clone().unwrap_or_default()
            ),
            action: "ban hành lại báo cáo".into(),
        }
        .into());
    }
    let signer = (!report.signature.name.is_empty()).then(|| report.signature.name.clone());
    let doc = create_outgoing(
        tx,
        ctx,
        &OutgoingInput {
            doc_type: report.template.doc_type.clone(),
            summary: report.summary.clone(),
            signer: signer.clone(),
            notes: Some(format!("Báo cáo định kỳ {}", report.period_label)),
            ..Default::default()
        },
    )?;
    let mut issued = doc;
    for action in ["submit", "approve", "sign", "issue"] {
        issued = step_outgoing(
            tx,
            ctx,
            &issued.id.clone(),
            &StepInput {
                action: action.into(),
                signer: signer.clone(),
                issued_date: issued_date.map(str::to_string),
                ..Default::default()
            },
        )?;
    }
    crate::store::exec(
        tx,
        "UPDATE reports SET outgoing_id = ?2 WHERE id = ?1",
        rusqlite::params![id, issued.id],
    )?;
    report.issued_as = Some(IssuedAs {
        outgoing_id: issued.id,
        symbol: issued.symbol,
        issued_date: issued.issued_date,
    });
    report.revision += 1;
    add_version(tx, ctx, id, report.revision, "issue", None, None)?;
    let stored = if report.status == ReportStatus::Draft {
        "draft"
    } else {
        "submitted"
    };
    save(tx, ctx, &mut report, stored)?;
    get_report(tx, id)
}

/// Loads a report that may be changed now; a returned one is reopened as a draft.
fn editable(tx: &Transaction<'_>, ctx: &Context<'_>, id: &str, action: &str) -> Result<Report> {
    require(tx, ctx, Permission::Draft)?;
    let mut report = get_report(tx, id)?;
    match report.status {
        ReportStatus::Draft => Ok(report),
        ReportStatus::Returned => {
            report.status = ReportStatus::Draft;
            report.revision += 1;
            add_version(tx, ctx, id, report.revision, "reopen", None, None)?;
            Ok(report)
        }
        s => Err(CoreError::InvalidTransition {
            state: s.label_vi().to_string(),
            action: action.to_string(),
        }
        .into()),
    }
}

/// Writes the report's mutable columns and its outbox entry.
fn save(tx: &Transaction<'_>, ctx: &Context<'_>, report: &mut Report, status: &str) -> Result<()> {
    report.updated_at = ctx.clock.now_ms();
    report.version += 1;
    crate::store::exec(
        tx,
        "UPDATE reports SET summary = ?2, status = ?3, figures_json = ?4, figures_at = ?5,
             sections_json = ?6, signature_json = ?7, recipients_json = ?8, revision = ?9,
             submitted_at = ?10, updated_at = ?11, version = ?12
         WHERE id = ?1",
        rusqlite::params![
            report.id,
            report.summary,
            status,
            serde_json::to_string(&report.figures)?,
            report.figures_at,
            serde_json::to_string(&report.sections)?,
            serde_json::to_string(&report.signature)?,
            serde_json::to_string(&report.recipients)?,
            report.revision,
            report.submitted_at,
            report.updated_at,
            report.version,
        ],
    )?;
    let unit = require_unit(tx)?;
    record(tx, ctx, &unit, report)
}

/// The `report` outbox entry: the whole current record (last writer wins per field).
fn record(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    unit: &UnitProfile,
    report: &Report,
) -> Result<()> {
    #[derive(Serialize)]
    struct Payload<'a> {
        unit_id: &'a str,
        outgoing_id: Option<&'a str>,
        #[serde(flatten)]
        report: &'a Report,
    }
    let plain = Report {
        review: None,
        issued_as: None,
        ..report.clone()
    };
    outbox::record(
        tx,
        ctx,
        "report",
        &report.id,
        Op::Upsert,
        &Payload {
            unit_id: &unit.unit_id,
            outgoing_id: report.issued_as.as_ref().map(|i| i.outgoing_id.as_str()),
            report: &plain,
        },
    )
}

fn add_version(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    report_id: &str,
    revision: i64,
    action: &str,
    section_key: Option<&str>,
    text: Option<&str>,
) -> Result<()> {
    let id = ctx.new_id();
    crate::store::exec(
        tx,
        "INSERT INTO report_versions (id, report_id, revision, at, actor, action, section_key, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        rusqlite::params![id, report_id, revision, ctx.clock.now_ms(), ctx.actor, action, section_key, text],
    )?;
    record_version(tx, ctx, &id)
}

/// The `report_version` outbox entry (upsert: an autosave may update the newest version).
fn record_version(tx: &Transaction<'_>, ctx: &Context<'_>, version_id: &str) -> Result<()> {
    let v = tx.query_row(
        "SELECT id, report_id, revision, at, actor, action, section_key, text
         FROM report_versions WHERE id = ?1",
        [version_id],
        |r| {
            Ok(serde_json::json!({
                "id": r.get::<_, String>(0)?,
                "report_id": r.get::<_, String>(1)?,
                "revision": r.get::<_, i64>(2)?,
                "at": r.get::<_, i64>(3)?,
                "actor": r.get::<_, String>(4)?,
                "action": r.get::<_, String>(5)?,
                "section_key": r.get::<_, Option<String>>(6)?,
                "text": r.get::<_, Option<String>>(7)?,
            }))
        },
    )?;
    outbox::record(tx, ctx, "report_version", version_id, Op::Upsert, &v)
}

/// The unit's collective name without its place: "Ủy ban nhân dân xã Tân Cương" →
/// "Ủy ban nhân dân"; used in "TM. ỦY BAN NHÂN DÂN".
fn collective_name(unit_name: &str) -> String {
    let words: Vec<&str> = unit_name.split_whitespace().collect();
    let cut = words
        .iter()
        .position(|w| matches!(fold(w).as_str(), "xa" | "phuong" | "thi" | "dac"))
        .filter(|&i| i > 0)
        .unwrap_or(words.len());
    words[..cut].join(" ")
}

/// The signature block for `signer` (a leader of the profile, matched without diacritics), or
/// for the first leader. State style: "TM. <TẬP THỂ>" and, for a deputy, "KT. <CẤP TRƯỞNG>";
/// Party style (Hướng dẫn 36-HD/VPTW): "T/M <TẬP THỂ>" with the signer's own title.
pub fn default_signature(unit: &UnitProfile, signer: Option<&str>) -> Result<Signature> {
    let leader = match signer.map(str::trim).filter(|s| !s.is_empty()) {
        Some(name) => unit
            .leaders
            .iter()
            .find(|l| fold(&l.name) == fold(name))
            .ok_or_else(|| LocalError::NotFound {
                what: "lãnh đạo trong thông tin đơn vị",
                key: name.to_string(),
            })?,
        None => match unit.leaders.first() {
            Some(l) => l,
            None => return Ok(Signature::default()),
        },
    };
    let collective = collective_name(&unit.name).to_uppercase();
    let title = leader.title.to_uppercase();
    let (authority, deputy) = match unit.numbering_style {
        NumberingStyle::Party => (Some(format!("T/M {collective}")), None),
        NumberingStyle::State => {
            let head = fold(&leader.title)
                .starts_with("pho ")
                .then(|| title.split_once(' ').map(|(_, rest)| format!("KT. {rest}")))
                .flatten();
            (Some(format!("TM. {collective}")), head)
        }
    };
    Ok(Signature {
        authority,
        deputy,
        title,
        name: leader.name.clone(),
    })
}

fn default_recipients(template: &ReportTemplate, unit: &UnitProfile) -> Recipients {
    Recipients {
        lines: template
            .recipients
            .iter()
            .map(|l| l.replace("{cap_tren}", &unit.superior))
            .collect(),
        archive: template.archive.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unit::Leader;

    fn unit(style: NumberingStyle, name: &str, leaders: &[(&str, &str)]) -> UnitProfile {
        UnitProfile {
            unit_id: "u".into(),
            name: name.into(),
            superior: "Ủy ban nhân dân tỉnh Thái Nguyên".into(),
            abbreviation: "UBND".into(),
            place_name: "Tân Cương".into(),
            numbering_style: style,
            commune_code: None,
            leaders: leaders
                .iter()
                .map(|(n, t)| Leader {
                    name: n.to_string(),
                    title: t.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn signature_blocks_by_style_and_rank() {
        let u = unit(
            NumberingStyle::State,
            "Ủy ban nhân dân xã Tân Cương",
            &[
                ("Nguyễn Văn Thắng", "Chủ tịch"),
                ("Lê Thị Hoa", "Phó Chủ tịch"),
            ],
        );
        let head = default_signature(&u, None).unwrap();
        assert_eq!(head.authority.as_deref(), Some("TM. ỦY BAN NHÂN DÂN"));
        assert_eq!((head.deputy, head.title.as_str()), (None, "CHỦ TỊCH"));
        let deputy = default_signature(&u, Some("le thi hoa")).unwrap();
        assert_eq!(deputy.deputy.as_deref(), Some("KT. CHỦ TỊCH"));
        assert_eq!(deputy.title, "PHÓ CHỦ TỊCH");
        assert!(default_signature(&u, Some("Không Có")).is_err());
        let p = unit(
            NumberingStyle::Party,
            "Đảng ủy xã Tân Cương",
            &[("Hà Văn Nam", "Bí thư")],
        );
        let s = default_signature(&p, None).unwrap();
        assert_eq!(s.authority.as_deref(), Some("T/M ĐẢNG ỦY"));
        assert_eq!(s.title, "BÍ THƯ");
    }
}
