//! Registering an incoming document: validate, refuse secrets, warn on duplicates, take the
//! next số đến, write the row, its first event, attachments and outbox entries atomically.

use super::record::{COLUMNS, IncomingDocument, IncomingEvent};
use crate::outbox::{self, Op};
use crate::{Context, LocalError, Result, attachments, numbering};
use chrono::Datelike;
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use vanthu_core::doc_type::DocumentType;
use vanthu_core::incoming::IncomingStatus;
use vanthu_core::marks::{Secrecy, Urgency, ensure_not_secret};
use vanthu_core::symbol::parse_symbol;
use vanthu_core::text::{fold, normalize_block, optional_line, required_line};
use vanthu_core::time::parse_date;

/// The group of work of an ordinary incoming document.
pub const DEFAULT_CATEGORY: &str = "van_ban_den";

/// What the clerk enters (raw text; validated and normalised here).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct IncomingInput {
    /// Ngày đến; today (Vietnam time) when empty.
    pub arrival_date: Option<String>,
    pub issuer: String,
    pub symbol: String,
    pub doc_date: String,
    pub doc_type: String,
    pub summary: String,
    pub urgency: Option<String>,
    /// Độ mật: anything but empty/"Không" is refused.
    pub secrecy: Option<String>,
    pub recipient: Option<String>,
    pub signer: Option<String>,
    pub notes: Option<String>,
    /// The group of work (nhóm việc) selecting the default time limit; `van_ban_den` if empty.
    pub category: Option<String>,
    /// Files to attach.
    #[serde(default)]
    pub attachments: Vec<PathBuf>,
    /// Register even though it looks like a duplicate (the clerk confirmed).
    #[serde(default)]
    pub allow_duplicate: bool,
}

/// The registered document, with any likely duplicates that were knowingly accepted.
#[derive(Debug, Clone, Serialize)]
pub struct Registered {
    pub document: IncomingDocument,
    pub attachments: Vec<attachments::Attachment>,
    /// Số đến of earlier documents with the same issuer, symbol and date.
    pub duplicate_of: Vec<String>,
}

/// Registers one incoming document in `tx`. `data_dir` is where attachment blobs go.
pub fn register_incoming(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    data_dir: &Path,
    input: &IncomingInput,
) -> Result<Registered> {
    crate::accounts::require(tx, ctx, vanthu_core::authz::Permission::RegisterIncoming)?;
    // Secrecy first: a refused document must leave no trace, not even a number taken.
    ensure_not_secret(Secrecy::parse(input.secrecy.as_deref().unwrap_or(""))?)?;

    let issuer = required_line("cơ quan ban hành", &input.issuer)?;
    let parsed = parse_symbol(&input.symbol)?;
    let doc_date = parse_date("ngày văn bản", &input.doc_date)?;
    let doc_type = DocumentType::parse(&input.doc_type)?;
    let summary = required_line("trích yếu", &input.summary)?;
    let urgency = Urgency::parse(input.urgency.as_deref().unwrap_or(""))?;
    let today = ctx.clock.today();
    let arrival_date = match input.arrival_date.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() => parse_date("ngày đến", s)?,
        _ => today,
    };
    if doc_date > arrival_date {
        return Err(vanthu_core::CoreError::InvalidField {
            field: "ngày văn bản",
            reason: "ngày văn bản không thể sau ngày đến".into(),
        }
        .into());
    }
    let recipient = optional_line("đơn vị hoặc người nhận", input.recipient.as_deref())?;
    let signer = optional_line("người ký", input.signer.as_deref())?;
    let notes = match input.notes.as_deref() {
        Some(n) => Some(normalize_block("ghi chú", n)?).filter(|n| !n.is_empty()),
        None => None,
    };
    let category = optional_line("nhóm việc", input.category.as_deref())?
        .unwrap_or_else(|| DEFAULT_CATEGORY.to_string());
    let symbol_key = symbol_key(&parsed.original);
    let issuer_key = fold(&issuer);

    let duplicate_of = find_duplicates(tx, &issuer_key, &symbol_key, doc_date)?;
    if !duplicate_of.is_empty() && !input.allow_duplicate {
        return Err(LocalError::Duplicate {
            existing: describe(&duplicate_of),
        });
    }

    let year = arrival_date.year();
    let arrival_no = numbering::take_next(tx, numbering::INCOMING_SERIES, year)?;
    let now = ctx.clock.now_ms();
    let id = ctx.new_id();
    crate::store::exec(
        tx,
        "INSERT INTO incoming_documents (id, year, arrival_no, arrival_date, arrived_at, issuer,
             issuer_key, symbol, symbol_key, sym_number, sym_year, sym_type, sym_issuer, doc_date,
             doc_type, summary, summary_key, urgency, recipient, signer, notes, status,
             last_update_at, created_at, updated_at, category)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
             ?19, ?20, ?21, ?22, ?23, ?23, ?23, ?24)",
        rusqlite::params![
            id,
            year,
            arrival_no,
            arrival_date,
            now,
            issuer,
            issuer_key,
            parsed.original,
            symbol_key,
            parsed.number,
            parsed.year,
            parsed.type_abbr,
            parsed.issuer_abbr,
            doc_date,
            doc_type.code(),
            summary,
            fold(&summary),
            urgency.code(),
            recipient,
            signer,
            notes,
            IncomingStatus::Registered.code(),
            now,
            category,
        ],
    )?;
    let event = IncomingEvent {
        id: ctx.new_id(),
        document_id: id.clone(),
        at: now,
        actor: ctx.actor.to_string(),
        action: "register".into(),
        from_status: None,
        to_status: IncomingStatus::Registered,
        note: None,
        data: serde_json::json!({ "arrival_no": arrival_no, "year": year }),
    };
    event.insert(tx)?;
    let mut files = Vec::new();
    for path in &input.attachments {
        files.push(attachments::attach(
            tx, ctx, data_dir, "incoming", &id, path,
        )?);
    }
    let document = tx
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM incoming_documents WHERE id = ?1"
        ))?
        .query_row([&id], IncomingDocument::from_row)?;
    outbox::record_created(tx, ctx, "incoming_document", &id, &document)?;
    outbox::record(tx, ctx, "incoming_event", &event.id, Op::Append, &event)?;
    Ok(Registered {
        document,
        attachments: files,
        duplicate_of,
    })
}

/// Symbols compare without case, diacritics or spaces: "35/KH-UBND" = "35 / kh-ubnd".
fn symbol_key(symbol: &str) -> String {
    fold(symbol).replace(' ', "")
}

fn find_duplicates(
    tx: &Transaction<'_>,
    issuer_key: &str,
    symbol_key: &str,
    doc_date: chrono::NaiveDate,
) -> Result<Vec<String>> {
    let mut stmt = tx.prepare_cached(
        "SELECT arrival_no, year FROM incoming_documents
         WHERE symbol_key = ?1 AND doc_date = ?2 AND issuer_key = ?3 ORDER BY year, arrival_no",
    )?;
    let rows = stmt.query_map(rusqlite::params![symbol_key, doc_date, issuer_key], |r| {
        Ok(format!("{}/{}", r.get::<_, i64>(0)?, r.get::<_, i32>(1)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn describe(refs: &[String]) -> String {
    refs.iter()
        .map(|r| format!("số đến {r}"))
        .collect::<Vec<_>>()
        .join(", ")
}
