//! A year's register as an `.xlsx` workbook in the NĐ 30 layout (Phụ lục IV), ready to print
//! and bind at year end (Art. 16, 22): Vietnamese headers with the numbered column row, widths,
//! wrapped text, Times New Roman, A4 landscape, header rows repeated on every page, fit to the
//! page width, page numbers. The incoming register carries the follow-up columns too
//! (deadline, progress, reply). Dates are real Excel dates shown dd/mm/yyyy, so the file sorts
//! and filters in Excel and imports back into VanThu unchanged.

use crate::incoming::get_incoming;
use crate::outgoing::get_outgoing;
use crate::{LocalError, Result};
use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Which register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegisterKind {
    Incoming,
    Outgoing,
}

/// What was written.
#[derive(Debug, Clone, Serialize)]
pub struct ExportReport {
    pub kind: RegisterKind,
    pub year: i32,
    pub rows: usize,
    pub path: String,
}

const INCOMING_COLUMNS: &[(&str, f64)] = &[
    ("Ngày đến", 11.0),
    ("Số đến", 7.0),
    ("Tác giả", 24.0),
    ("Số, ký hiệu", 15.0),
    ("Ngày tháng", 11.0),
    ("Tên loại và trích yếu nội dung", 42.0),
    ("Đơn vị hoặc người nhận", 18.0),
    ("Ngày chuyển", 11.0),
    ("Ký nhận", 9.0),
    ("Ghi chú", 16.0),
    ("Thời hạn giải quyết", 11.0),
    ("Tiến độ giải quyết", 16.0),
    ("Số, ký hiệu văn bản trả lời", 15.0),
];

const OUTGOING_COLUMNS: &[(&str, f64)] = &[
    ("Số, ký hiệu", 16.0),
    ("Ngày tháng", 11.0),
    ("Tên loại và trích yếu nội dung", 44.0),
    ("Người ký", 18.0),
    ("Nơi nhận", 28.0),
    ("Đơn vị, người nhận bản lưu", 16.0),
    ("Số lượng bản", 8.0),
    ("Ngày chuyển", 11.0),
    ("Ký nhận", 9.0),
    ("Ghi chú", 16.0),
];

/// The first data row (0-based): unit, title, year, blank, headers, column numbers.
const HEADER_ROW: u32 = 4;

/// A cell value of the register.
enum V {
    Text(String),
    Date(Option<NaiveDate>),
    Number(Option<i64>),
}

fn t(s: impl Into<String>) -> V {
    V::Text(s.into())
}

fn ot(s: &Option<String>) -> V {
    V::Text(s.clone().unwrap_or_default())
}

/// Writes the `kind` register of `year` to `path`.
pub fn export_register(
    conn: &Connection,
    kind: RegisterKind,
    year: i32,
    path: &Path,
) -> Result<ExportReport> {
    let rows = match kind {
        RegisterKind::Incoming => incoming_rows(conn, year)?,
        RegisterKind::Outgoing => outgoing_rows(conn, year)?,
    };
    let (title, columns) = match kind {
        RegisterKind::Incoming => ("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", INCOMING_COLUMNS),
        RegisterKind::Outgoing => ("SỔ ĐĂNG KÝ VĂN BẢN ĐI", OUTGOING_COLUMNS),
    };
    let unit = crate::unit::get_unit(conn)?
        .map(|u| u.name.to_uppercase())
        .unwrap_or_default();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    write_sheet(sheet, &unit, title, year, columns, &rows).map_err(xlsx_error(path))?;
    book.save(path).map_err(xlsx_error(path))?;
    Ok(ExportReport {
        kind,
        year,
        rows: rows.len(),
        path: path.display().to_string(),
    })
}

fn xlsx_error(path: &Path) -> impl Fn(rust_xlsxwriter::XlsxError) -> LocalError + '_ {
    move |e| LocalError::Io {
        path: path.display().to_string(),
        source: std::io::Error::other(e.to_string()),
    }
}

fn incoming_rows(conn: &Connection, year: i32) -> Result<Vec<Vec<V>>> {
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM incoming_documents WHERE year = ?1 ORDER BY arrival_no")?
        .query_map([year], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let d = get_incoming(conn, &id)?;
        let reply = match &d.reply_outgoing_id {
            Some(r) => get_outgoing(conn, r)?.symbol,
            None => None,
        };
        let progress = match d.completed_on {
            Some(done) => format!(
                "{} ngày {}",
                d.status.label_vi(),
                vanthu_core::time::format_date(done)
            ),
            None => d.status.label_vi().to_string(),
        };
        out.push(vec![
            V::Date(Some(d.arrival_date)),
            V::Number(Some(d.arrival_no)),
            t(&d.issuer),
            t(&d.symbol),
            V::Date(Some(d.doc_date)),
            t(format!("{}: {}", d.doc_type.name_vi(), d.summary)),
            V::Text(
                d.recipient
                    .clone()
                    .or(d.assignee.clone())
                    .unwrap_or_default(),
            ),
            V::Date(d.transfer_date),
            ot(&d.receipt_signature),
            ot(&d.notes),
            V::Date(d.deadline),
            t(progress),
            V::Text(reply.unwrap_or_default()),
        ]);
    }
    Ok(out)
}

fn outgoing_rows(conn: &Connection, year: i32) -> Result<Vec<Vec<V>>> {
    let ids: Vec<String> = conn
        .prepare(
            "SELECT id FROM outgoing_documents WHERE year = ?1 AND number IS NOT NULL
             ORDER BY issued_date, series, number",
        )?
        .query_map([year], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let d = get_outgoing(conn, &id)?;
        out.push(vec![
            ot(&d.symbol),
            V::Date(d.issued_date),
            t(format!("{}: {}", d.doc_type.name_vi(), d.summary)),
            ot(&d.signer),
            t(d.recipients.join("\n")),
            ot(&d.archive_holder),
            V::Number(d.copies),
            V::Date(d.transfer_date),
            t(""),
            ot(&d.notes),
        ]);
    }
    Ok(out)
}

fn base() -> Format {
    Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12)
}

fn write_sheet(
    ws: &mut Worksheet,
    unit: &str,
    title: &str,
    year: i32,
    columns: &[(&str, f64)],
    rows: &[Vec<V>],
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let last_col = (columns.len() - 1) as u16;
    let centered = base().set_align(FormatAlign::Center);
    ws.set_name(format!("Năm {year}"))?;
    ws.merge_range(0, 0, 0, last_col, unit, &centered.clone().set_bold())?;
    ws.merge_range(
        1,
        0,
        1,
        last_col,
        title,
        &centered.clone().set_bold().set_font_size(14),
    )?;
    ws.merge_range(
        2,
        0,
        2,
        last_col,
        &format!("Năm {year}"),
        &centered.clone().set_italic(),
    )?;
    let header = base()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let numbers = base()
        .set_italic()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    for (i, (name, width)) in columns.iter().enumerate() {
        let c = i as u16;
        ws.set_column_width(c, *width)?;
        ws.write_string_with_format(HEADER_ROW, c, *name, &header)?;
        ws.write_string_with_format(HEADER_ROW + 1, c, format!("({})", i + 1), &numbers)?;
    }
    ws.set_row_height(HEADER_ROW, 48)?;
    let text = base()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let date = text
        .clone()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Center);
    let number = text.clone().set_align(FormatAlign::Center);
    for (r, row) in rows.iter().enumerate() {
        let r = HEADER_ROW + 2 + r as u32;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                V::Text(s) => ws.write_string_with_format(r, c, s, &text)?,
                V::Date(Some(d)) => ws.write_date_with_format(
                    r,
                    c,
                    &ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?,
                    &date,
                )?,
                V::Number(Some(n)) => ws.write_number_with_format(r, c, *n as f64, &number)?,
                V::Date(None) | V::Number(None) => ws.write_blank(r, c, &text)?,
            };
        }
    }
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_margins(0.6, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW + 1)?;
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_footer("&C&\"Times New Roman\"Trang &P/&N");
    ws.set_freeze_panes(HEADER_ROW + 2, 0)?;
    Ok(())
}
