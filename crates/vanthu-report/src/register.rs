//! Printable registers: each year's incoming and outgoing register as a landscape PDF in the
//! NĐ 30 layout (Phụ lục IV), ready to bind at year end (Art. 16, 22): a cover page, then the
//! register table with its ten numbered columns repeated on every page.

use crate::{Result, typeset, write_file};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::Path;
use vanthu_local::incoming::get_incoming;
use vanthu_local::outgoing::get_outgoing;
use vanthu_local::report::vi::date;

/// Which register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegisterKind {
    Incoming,
    Outgoing,
}

/// A register ready to print.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegisterDocument {
    pub kind: RegisterKind,
    pub superior: String,
    pub issuer: String,
    /// "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN".
    pub title: String,
    pub year: i32,
    /// "Từ ngày 02/01/2026 đến ngày 30/12/2026".
    pub date_range: String,
    /// "Từ số 1 đến số 1.234".
    pub number_range: String,
    pub columns: Vec<String>,
    pub widths: Vec<f32>,
    pub align: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

const INCOMING: &[(&str, f32, &str)] = &[
    ("Ngày đến", 1.25, "center"),
    ("Số đến", 0.75, "center"),
    ("Tác giả", 2.2, "left"),
    ("Số, ký hiệu", 1.7, "center"),
    ("Ngày tháng", 1.25, "center"),
    ("Tên loại và trích yếu nội dung", 4.3, "left"),
    ("Đơn vị hoặc người nhận", 1.8, "left"),
    ("Ngày chuyển", 1.25, "center"),
    ("Ký nhận", 1.0, "center"),
    ("Ghi chú", 1.2, "left"),
];

const OUTGOING: &[(&str, f32, &str)] = &[
    ("Số, ký hiệu", 1.7, "center"),
    ("Ngày tháng", 1.25, "center"),
    ("Tên loại và trích yếu nội dung", 4.3, "left"),
    ("Người ký", 1.7, "left"),
    ("Nơi nhận", 2.4, "left"),
    ("Đơn vị, người nhận bản lưu", 1.5, "left"),
    ("Số lượng bản", 0.85, "center"),
    ("Ngày chuyển", 1.25, "center"),
    ("Ký nhận", 1.0, "center"),
    ("Ghi chú", 1.1, "left"),
];

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// Reads the `kind` register of `year`.
pub fn register_document(
    conn: &Connection,
    kind: RegisterKind,
    year: i32,
) -> Result<RegisterDocument> {
    let unit = vanthu_local::unit::get_unit(conn)?;
    let (superior, issuer) = unit
        .map(|u| (u.superior.to_uppercase(), u.name.to_uppercase()))
        .unwrap_or_default();
    let (title, spec, rows, dates, numbers) = match kind {
        RegisterKind::Incoming => {
            let (rows, dates, numbers) = incoming_rows(conn, year)?;
            ("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", INCOMING, rows, dates, numbers)
        }
        RegisterKind::Outgoing => {
            let (rows, dates, numbers) = outgoing_rows(conn, year)?;
            ("SỔ ĐĂNG KÝ VĂN BẢN ĐI", OUTGOING, rows, dates, numbers)
        }
    };
    let range = |what: &str, r: Option<(String, String)>| match r {
        Some((a, b)) => format!("Từ {what} {a} đến {what} {b}"),
        None => format!("Từ {what} …… đến {what} ……"),
    };
    Ok(RegisterDocument {
        kind,
        superior,
        issuer,
        title: title.into(),
        year,
        date_range: range("ngày", dates),
        number_range: range("số", numbers),
        columns: spec.iter().map(|c| c.0.to_string()).collect(),
        widths: spec.iter().map(|c| c.1).collect(),
        align: spec.iter().map(|c| c.2).collect(),
        rows,
    })
}

type Rows = (
    Vec<Vec<String>>,
    Option<(String, String)>,
    Option<(String, String)>,
);

fn ends<T: Clone>(v: &[T]) -> Option<(T, T)> {
    Some((v.first()?.clone(), v.last()?.clone()))
}

fn incoming_rows(conn: &Connection, year: i32) -> Result<Rows> {
    let ids: Vec<String> = conn
        .prepare_cached("SELECT id FROM incoming_documents WHERE year = ?1 ORDER BY arrival_no")?
        .query_map([year], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut rows = Vec::with_capacity(ids.len());
    let (mut dates, mut numbers) = (Vec::new(), Vec::new());
    for id in ids {
        let d = get_incoming(conn, &id)?;
        dates.push(date(d.arrival_date));
        numbers.push(d.arrival_no.to_string());
        rows.push(vec![
            date(d.arrival_date),
            d.arrival_no.to_string(),
            d.issuer,
            d.symbol,
            date(d.doc_date),
            format!("{}: {}", d.doc_type.name_vi(), d.summary),
            d.recipient.or(d.assignee).unwrap_or_default(),
            d.transfer_date.map(date).unwrap_or_default(),
            opt(&d.receipt_signature),
            opt(&d.notes),
        ]);
    }
    Ok((rows, ends(&dates), ends(&numbers)))
}

fn outgoing_rows(conn: &Connection, year: i32) -> Result<Rows> {
    let ids: Vec<String> = conn
        .prepare_cached(
            "SELECT id FROM outgoing_documents WHERE year = ?1 AND number IS NOT NULL
             ORDER BY issued_date, series, number",
        )?
        .query_map([year], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut rows = Vec::with_capacity(ids.len());
    let mut dates = Vec::new();
    let mut numbers = Vec::new();
    for id in ids {
        let d = get_outgoing(conn, &id)?;
        if let Some(issued) = d.issued_date {
            dates.push(date(issued));
        }
        if let Some(n) = d.number {
            numbers.push(format!("{n:02}"));
        }
        rows.push(vec![
            opt(&d.symbol),
            d.issued_date.map(date).unwrap_or_default(),
            format!("{}: {}", d.doc_type.name_vi(), d.summary),
            opt(&d.signer),
            d.recipients.join("; "),
            opt(&d.archive_holder),
            d.copies.map(|c| c.to_string()).unwrap_or_default(),
            d.transfer_date.map(date).unwrap_or_default(),
            String::new(),
            opt(&d.notes),
        ]);
    }
    // Several series (regular, normative) share a year: the range is of the regular one's
    // numbers as sorted, which is what a clerk writes on the cover.
    numbers.sort_by_key(|n| n.parse::<i64>().unwrap_or(0));
    Ok((rows, ends(&dates), ends(&numbers)))
}

/// The register as PDF bytes.
pub fn register_pdf(doc: &RegisterDocument) -> Result<Vec<u8>> {
    typeset::pdf(typeset::REGISTER_TEMPLATE, doc)
}

/// What a register export wrote.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterExport {
    pub kind: RegisterKind,
    pub year: i32,
    pub rows: usize,
    pub path: String,
}

/// Writes the `kind` register of `year` as a landscape PDF to `path`.
pub fn export_register_pdf(
    conn: &Connection,
    kind: RegisterKind,
    year: i32,
    path: &Path,
) -> Result<RegisterExport> {
    let doc = register_document(conn, kind, year)?;
    write_file(path, &register_pdf(&doc)?)?;
    Ok(RegisterExport {
        kind,
        year,
        rows: doc.rows.len(),
        path: path.display().to_string(),
    })
}
