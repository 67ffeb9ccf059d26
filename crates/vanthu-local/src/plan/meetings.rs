//! The meeting calendar (lịch họp): meetings with place or online link, chair, participants,
//! agenda and related documents; recurrence (RFC 5545 RRULE, expanded with the `rrule` crate);
//! reminders; iCalendar export and import (the `icalendar` crate) so meetings reach phones.

use crate::outbox::{self, Op};
use crate::store::exec;
use crate::{Context, LocalError, Result};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use icalendar::{Alarm, Calendar, CalendarComponent, Component, EventLike, Trigger};
use rusqlite::{Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use vanthu_core::CoreError;
use vanthu_core::text::{normalize_block, optional_line, required_line};
use vanthu_core::time::vietnam_offset;

/// A stored meeting (the first occurrence when it recurs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: String,
    pub uid: String,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub place: Option<String>,
    pub online_link: Option<String>,
    pub chair: Option<String>,
    pub participants: Vec<String>,
    pub agenda: Option<String>,
    pub related_docs: Vec<String>,
    pub rrule: Option<String>,
    pub reminder_minutes: Option<i64>,
    pub version: i64,
}

/// One occurrence of a meeting in a date range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Occurrence {
    pub meeting_id: String,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub place: Option<String>,
    pub online_link: Option<String>,
    pub chair: Option<String>,
    pub recurring: bool,
}

const COLUMNS: &str = "id, uid, title, starts_at, ends_at, place, online_link, chair, participants,
    agenda, related_docs, rrule, reminder_minutes, version";

impl Meeting {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Meeting> {
        let list = |i: usize| -> rusqlite::Result<Vec<String>> {
            Ok(serde_json::from_str(&r.get::<_, String>(i)?).unwrap_or_default())
        };
        Ok(Meeting {
            id: r.get(0)?,
            uid: r.get(1)?,
            title: r.get(2)?,
            starts_at: r.get(3)?,
            ends_at: r.get(4)?,
            place: r.get(5)?,
            online_link: r.get(6)?,
            chair: r.get(7)?,
            participants: list(8)?,
            agenda: r.get(9)?,
            related_docs: list(10)?,
            rrule: r.get(11)?,
            reminder_minutes: r.get(12)?,
            version: r.get(13)?,
        })
    }
}

/// A new meeting as raw text. Times are Vietnam local time: `yyyy-mm-dd HH:MM` or
/// `dd/mm/yyyy HH:MM`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MeetingInput {
    pub title: String,
    pub start: String,
    /// End time; defaults to two hours after the start.
    pub end: Option<String>,
    pub place: Option<String>,
    pub online_link: Option<String>,
    pub chair: Option<String>,
    #[serde(default)]
    pub participants: Vec<String>,
    pub agenda: Option<String>,
    #[serde(default)]
    pub related_docs: Vec<String>,
    /// `weekly`, `monthly`, `quarterly` (the quarterly online briefing), or an RRULE body.
    pub repeat: Option<String>,
    pub reminder_minutes: Option<i64>,
}

/// Parses a local Vietnam date-time as people type it.
pub fn parse_local_time(field: &'static str, input: &str) -> Result<i64, CoreError> {
    let s = input.trim();
    let formats = [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%d/%m/%Y %H:%M",
        "%d/%m/%Y %Hh%M",
        "%d/%m/%Y %Hh",
    ];
    let local = formats
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .ok_or_else(|| CoreError::InvalidField {
            field,
            reason: format!("\"{s}\" không phải thời gian hợp lệ (dùng dd/mm/yyyy HH:MM)"),
        })?;
    Ok(vietnam_offset()
        .from_local_datetime(&local)
        .single()
        .expect("fixed offset")
        .timestamp_millis())
}

/// Turns the friendly repeat words into an RRULE body and checks it parses.
fn rrule_of(repeat: Option<&str>, starts_at: i64) -> Result<Option<String>, CoreError> {
    let Some(r) = repeat.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    let body = match vanthu_core::text::fold(r).as_str() {
        "weekly" | "hang tuan" => "FREQ=WEEKLY".to_string(),
        "monthly" | "hang thang" => "FREQ=MONTHLY".to_string(),
        "quarterly" | "hang quy" => "FREQ=MONTHLY;INTERVAL=3".to_string(),
        _ => r.trim_start_matches("RRULE:").to_string(),
    };
    expand_rule(&body, starts_at, starts_at, starts_at + 1).map_err(|e| {
        CoreError::InvalidField {
            field: "lặp lại",
            reason: format!("quy tắc lặp \"{body}\" không hợp lệ: {e}"),
        }
    })?;
    Ok(Some(body))
}

/// Start instants (unix ms) of the rule's occurrences in `[from, to)`, computed in Vietnam time
/// (so "every Monday 08:00" stays Monday 08:00 there).
fn expand_rule(
    rule: &str,
    dtstart: i64,
    from: i64,
    to: i64,
) -> std::result::Result<Vec<i64>, String> {
    let local = DateTime::<Utc>::from_timestamp_millis(dtstart)
        .ok_or("thời gian bắt đầu không hợp lệ")?
        .with_timezone(&vietnam_offset())
        .format("%Y%m%dT%H%M%S");
    let set: rrule::RRuleSet = format!("DTSTART;TZID=Asia/Ho_Chi_Minh:{local}\nRRULE:{rule}")
        .parse()
        .map_err(|e: rrule::RRuleError| e.to_string())?;
    let tz = chrono_tz_hcm();
    let after = DateTime::<Utc>::from_timestamp_millis(from - 1)
        .ok_or("ngoài phạm vi")?
        .with_timezone(&tz);
    let before = DateTime::<Utc>::from_timestamp_millis(to)
        .ok_or("ngoài phạm vi")?
        .with_timezone(&tz);
    let result = set.after(after).before(before).all(1000);
    Ok(result
        .dates
        .iter()
        .map(|d| d.timestamp_millis())
        .filter(|t| *t >= from && *t < to)
        .collect())
}

fn chrono_tz_hcm() -> rrule::Tz {
    rrule::Tz::Asia__Ho_Chi_Minh
}

/// Creates a meeting.
pub fn create_meeting(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    input: &MeetingInput,
) -> Result<Meeting> {
    crate::accounts::require(tx, ctx, vanthu_core::authz::Permission::ManagePlans)?;
    let starts_at = parse_local_time("thời gian bắt đầu", &input.start)?;
    let ends_at = match input
        .end
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(e) => parse_local_time("thời gian kết thúc", e)?,
        None => starts_at + 2 * 3_600_000,
    };
    if ends_at < starts_at {
        return Err(CoreError::InvalidField {
            field: "thời gian kết thúc",
            reason: "trước thời gian bắt đầu".into(),
        }
        .into());
    }
    let id = ctx.new_id();
    let meeting = Meeting {
        uid: format!("{id}@vanthu"),
        id,
        title: required_line("tên cuộc họp", &input.title)?,
        starts_at,
        ends_at,
        place: optional_line("địa điểm", input.place.as_deref())?,
        online_link: optional_line("đường dẫn họp trực tuyến", input.online_link.as_deref())?,
        chair: optional_line("người chủ trì", input.chair.as_deref())?,
        participants: input
            .participants
            .iter()
            .map(|p| required_line("thành phần", p))
            .collect::<Result<_, _>>()?,
        agenda: match input.agenda.as_deref() {
            Some(a) => Some(normalize_block("nội dung", a)?).filter(|a| !a.is_empty()),
            None => None,
        },
        related_docs: input
            .related_docs
            .iter()
            .map(|d| required_line("văn bản liên quan", d))
            .collect::<Result<_, _>>()?,
        rrule: rrule_of(input.repeat.as_deref(), starts_at)?,
        reminder_minutes: input.reminder_minutes,
        version: 1,
    };
    if meeting
        .reminder_minutes
        .is_some_and(|m| !(0..=10_080).contains(&m))
    {
        return Err(CoreError::InvalidField {
            field: "nhắc trước",
            reason: "từ 0 đến 10080 phút".into(),
        }
        .into());
    }
    insert(tx, ctx, &meeting)?;
    Ok(meeting)
}

fn insert(tx: &Transaction<'_>, ctx: &Context<'_>, m: &Meeting) -> Result<()> {
    let now = ctx.clock.now_ms();
    exec(
        tx,
        &format!(
            "INSERT INTO meetings ({COLUMNS}, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)"
        ),
        rusqlite::params![
            m.id,
            m.uid,
            m.title,
            m.starts_at,
            m.ends_at,
            m.place,
            m.online_link,
            m.chair,
            serde_json::to_string(&m.participants)?,
            m.agenda,
            serde_json::to_string(&m.related_docs)?,
            m.rrule,
            m.reminder_minutes,
            m.version,
            now
        ],
    )?;
    outbox::record(tx, ctx, "meeting", &m.id, Op::Upsert, m)
}

/// One meeting by id, or by the unique last 8+ characters of its id.
pub fn get_meeting(conn: &Connection, reference: &str) -> Result<Meeting> {
    let r = reference.trim();
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM meetings WHERE id = ?1 OR (length(?1) >= 8 AND id LIKE '%' || ?1) LIMIT 2"))?;
    let found: Vec<Meeting> = stmt
        .query_map([r], Meeting::from_row)?
        .collect::<Result<_, _>>()?;
    match found.len() {
        1 => Ok(found.into_iter().next().expect("one")),
        _ => Err(LocalError::NotFound {
            what: "cuộc họp",
            key: r.into(),
        }),
    }
}

/// Every meeting, first occurrence order.
pub fn all_meetings(conn: &Connection) -> Result<Vec<Meeting>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM meetings ORDER BY starts_at"
    ))?;
    let rows = stmt.query_map([], Meeting::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Occurrences starting in `[from, to)` (unix ms), recurrences expanded, in time order.
pub fn occurrences(conn: &Connection, from: i64, to: i64) -> Result<Vec<Occurrence>> {
    let mut out = Vec::new();
    for m in all_meetings(conn)? {
        let starts: Vec<i64> = match &m.rrule {
            Some(rule) => {
                expand_rule(rule, m.starts_at, from, to).map_err(|e| CoreError::InvalidField {
                    field: "lặp lại",
                    reason: e,
                })?
            }
            None if m.starts_at >= from && m.starts_at < to => vec![m.starts_at],
            None => vec![],
        };
        for s in starts {
            out.push(Occurrence {
                meeting_id: m.id.clone(),
                title: m.title.clone(),
                starts_at: s,
                ends_at: s + (m.ends_at - m.starts_at),
                place: m.place.clone(),
                online_link: m.online_link.clone(),
                chair: m.chair.clone(),
                recurring: m.rrule.is_some(),
            });
        }
    }
    out.sort_by_key(|o| o.starts_at);
    Ok(out)
}

/// Occurrences whose reminder is due at `now`: starting within their reminder window.
pub fn due_reminders(conn: &Connection, now: i64) -> Result<Vec<Occurrence>> {
    let meetings = all_meetings(conn)?;
    let horizon = meetings
        .iter()
        .filter_map(|m| m.reminder_minutes)
        .max()
        .unwrap_or(0)
        * 60_000;
    Ok(occurrences(conn, now, now + horizon + 1)?
        .into_iter()
        .filter(|o| {
            let m = meetings
                .iter()
                .find(|m| m.id == o.meeting_id)
                .expect("from the same list");
            m.reminder_minutes
                .is_some_and(|r| o.starts_at - now <= r * 60_000)
        })
        .collect())
}

/// VanThu's own properties in exported events (see [`export_ics`]).
const X_CHAIR: &str = "X-VANTHU-CHAIR";
const X_PARTICIPANTS: &str = "X-VANTHU-PARTICIPANTS";
const X_AGENDA: &str = "X-VANTHU-AGENDA";
const X_RELATED_DOCS: &str = "X-VANTHU-RELATED-DOCS";

/// The lines of a multi-line X- property, each normalised; empty lines dropped.
fn lines_of(field: &'static str, value: Option<&str>) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for line in value.unwrap_or_default().lines() {
        if let Some(l) = optional_line(field, Some(line))? {
            out.push(l);
        }
    }
    Ok(out)
}

/// The agenda: VanThu's own property when the event came from VanThu (its DESCRIPTION then
/// repeats the chair and participants for phones), otherwise the description.
fn agenda_text(e: &icalendar::Event) -> Option<&str> {
    let ours = [X_CHAIR, X_PARTICIPANTS, X_AGENDA, X_RELATED_DOCS]
        .iter()
        .any(|k| e.property_value(k).is_some());
    if ours {
        e.property_value(X_AGENDA)
    } else {
        e.get_description()
    }
}

/// Minutes before the start at which the event's first alarm rings, from its TRIGGER: a
/// duration before the start (the usual "-PT15M"), or an absolute time. Alarms after the start
/// or relative to the end are not reminders of the meeting and are left out.
fn reminder_of(e: &icalendar::Event, starts_at: i64) -> Option<i64> {
    e.components().iter().find_map(|c| {
        if !c.component_kind().eq_ignore_ascii_case("VALARM") {
            return None;
        }
        let prop = c.properties().get("TRIGGER")?;
        let param = |k: &str| prop.params().get(k).map(|p| p.value().to_ascii_uppercase());
        let minutes = if param("VALUE").as_deref() == Some("DATE-TIME") {
            let Trigger::DateTime(dt) = Trigger::try_from(prop).ok()? else {
                return None;
            };
            (starts_at - dt.try_into_utc()?.timestamp_millis()) / 60_000
        } else if param("RELATED").as_deref() == Some("END") {
            return None;
        } else {
            -duration_seconds(prop.value())? / 60
        };
        (0..=7 * 24 * 60).contains(&minutes).then_some(minutes)
    })
}

/// An RFC 5545 duration ("-PT15M", "-P1D", "-PT1H30M", "P1W") in seconds. Written here because
/// the icalendar crate's reader (iso8601) drops the sign, and every reminder is negative.
fn duration_seconds(text: &str) -> Option<i64> {
    let text = text.trim();
    let (sign, rest) = match text.as_bytes().first()? {
        b'-' => (-1, &text[1..]),
        b'+' => (1, &text[1..]),
        _ => (1, text),
    };
    let rest = rest.strip_prefix('P')?;
    let (mut total, mut digits, mut in_time, mut any) = (0i64, String::new(), false, false);
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            'T' if digits.is_empty() && !in_time => in_time = true,
            'W' | 'D' | 'H' | 'M' | 'S' => {
                let n: i64 = digits.parse().ok()?;
                digits.clear();
                any = true;
                total += n * match (c, in_time) {
                    ('W', false) => 604_800,
                    ('D', false) => 86_400,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
            }
            _ => return None,
        }
    }
    (any && digits.is_empty()).then_some(sign * total)
}

/// All meetings as an iCalendar (RFC 5545) file.
pub fn export_ics(conn: &Connection) -> Result<String> {
    let mut cal = Calendar::new();
    cal.name("Lịch họp VanThu");
    for m in all_meetings(conn)? {
        let utc = |ms: i64| {
            DateTime::<Utc>::from_timestamp_millis(ms).expect("stored instants are valid")
        };
        let mut event = icalendar::Event::with_uid(&m.uid);
        event
            .summary(&m.title)
            .starts(utc(m.starts_at))
            .ends(utc(m.ends_at));
        let mut description = Vec::new();
        if let Some(c) = &m.chair {
            description.push(format!("Chủ trì: {c}"));
        }
        if !m.participants.is_empty() {
            description.push(format!("Thành phần: {}", m.participants.join("; ")));
        }
        if let Some(a) = &m.agenda {
            description.push(format!("Nội dung: {a}"));
        }
        if !m.related_docs.is_empty() {
            description.push(format!("Văn bản liên quan: {}", m.related_docs.join("; ")));
        }
        if !description.is_empty() {
            event.description(&description.join("\n"));
        }
        // The same fields once more, one property each, so a VanThu import gets them back
        // exactly (a phone shows DESCRIPTION and ignores X- properties, RFC 5545 §3.8.8.2).
        if let Some(c) = &m.chair {
            event.add_property(X_CHAIR, c);
        }
        if !m.participants.is_empty() {
            event.add_property(X_PARTICIPANTS, m.participants.join("\n"));
        }
        if let Some(a) = &m.agenda {
            event.add_property(X_AGENDA, a);
        }
        if !m.related_docs.is_empty() {
            event.add_property(X_RELATED_DOCS, m.related_docs.join("\n"));
        }
        if let Some(p) = &m.place {
            event.location(p);
        }
        if let Some(l) = &m.online_link {
            event.url(l);
        }
        if let Some(r) = &m.rrule {
            event.add_property("RRULE", r);
        }
        if let Some(min) = m.reminder_minutes {
            // A stable alarm UID: a phone that imports the file again updates, not duplicates.
            let mut alarm = Alarm::display(
                &m.title,
                Trigger::before_start(chrono::Duration::minutes(min)),
            );
            alarm.uid(&format!("{}-nhac-hop", m.uid));
            event.alarm(alarm);
        }
        cal.push(event.done());
    }
    Ok(cal.done().to_string())
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
pub struct IcsImport {
    pub created: usize,
    pub already_present: usize,
    pub skipped: Vec<String>,
}

/// Imports the events of an iCalendar file; events whose UID is already known are left as they
/// are (re-importing the same file adds nothing).
pub fn import_ics(tx: &Transaction<'_>, ctx: &Context<'_>, text: &str) -> Result<IcsImport> {
    crate::accounts::require(tx, ctx, vanthu_core::authz::Permission::ManagePlans)?;
    let cal: Calendar = text.parse().map_err(|e: String| CoreError::InvalidField {
        field: "tệp lịch (.ics)",
        reason: format!("không đọc được: {e}"),
    })?;
    let mut report = IcsImport {
        created: 0,
        already_present: 0,
        skipped: Vec::new(),
    };
    for component in &cal.components {
        let CalendarComponent::Event(e) = component else {
            continue;
        };
        let title = e.get_summary().unwrap_or("(không tên)").to_string();
        let start = e.get_start().and_then(|s| instant(&s));
        let Some(starts_at) = start else {
            report
                .skipped
                .push(format!("{title}: thiếu thời gian bắt đầu"));
            continue;
        };
        let uid = e
            .get_uid()
            .map(str::to_string)
            .unwrap_or_else(|| format!("{}@vanthu", ctx.new_id()));
        let known: Option<String> = tx
            .prepare_cached("SELECT id FROM meetings WHERE uid = ?1")?
            .query_row([&uid], |r| r.get(0))
            .optional()?;
        if known.is_some() {
            report.already_present += 1;
            continue;
        }
        let ends_at = e
            .get_end()
            .and_then(|s| instant(&s))
            .unwrap_or(starts_at + 3_600_000)
            .max(starts_at);
        let meeting = Meeting {
            id: ctx.new_id(),
            uid,
            title: required_line("tên cuộc họp", &title)?,
            starts_at,
            ends_at,
            place: optional_line("địa điểm", e.get_location())?,
            online_link: optional_line("đường dẫn họp trực tuyến", e.get_url())?,
            chair: optional_line("chủ trì", e.property_value(X_CHAIR))?,
            participants: lines_of("thành phần", e.property_value(X_PARTICIPANTS))?,
            agenda: match agenda_text(e) {
                Some(d) => Some(normalize_block("nội dung", d)?).filter(|d| !d.is_empty()),
                None => None,
            },
            related_docs: lines_of("văn bản liên quan", e.property_value(X_RELATED_DOCS))?,
            rrule: match e.property_value("RRULE") {
                Some(r) => rrule_of(Some(r), starts_at)?,
                None => None,
            },
            reminder_minutes: reminder_of(e, starts_at),
            version: 1,
        };
        insert(tx, ctx, &meeting)?;
        report.created += 1;
    }
    Ok(report)
}

/// The UTC instant of an iCalendar start/end; all-day dates start at 00:00 in Vietnam, floating
/// times are read as Vietnam time.
fn instant(d: &icalendar::DatePerhapsTime) -> Option<i64> {
    use icalendar::{CalendarDateTime, DatePerhapsTime};
    match d {
        DatePerhapsTime::Date(date) => Some(vanthu_core::time::vietnam_midnight_ms(*date)),
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(u)) => Some(u.timestamp_millis()),
        DatePerhapsTime::DateTime(CalendarDateTime::Floating(n)) => vietnam_offset()
            .from_local_datetime(n)
            .single()
            .map(|t| t.timestamp_millis()),
        DatePerhapsTime::DateTime(other) => other.try_into_utc().map(|u| u.timestamp_millis()),
    }
}

#[cfg(test)]
mod tests {
    use super::duration_seconds;

    #[test]
    fn reminder_durations_keep_their_sign() {
        assert_eq!(duration_seconds("-PT15M"), Some(-900));
        assert_eq!(duration_seconds("-PT3600S"), Some(-3600));
        assert_eq!(duration_seconds("-P1DT2H"), Some(-93_600));
        assert_eq!(duration_seconds("P1W"), Some(604_800));
        assert_eq!(duration_seconds("+PT1H30M"), Some(5_400));
        for bad in ["", "PT", "-P", "PT5", "P1H", "PT1D", "15M", "-PT1X"] {
            assert_eq!(duration_seconds(bad), None, "{bad}");
        }
    }
}
