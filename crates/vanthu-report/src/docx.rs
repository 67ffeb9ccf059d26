//! The same document as a Word file (docx-rs), for units that finish reports in Word: A4,
//! NĐ 30 margins, Times New Roman (installed with Word on every office laptop), the header
//! as a borderless two-column table, body 14 pt justified with a 1 cm first-line indent,
//! tables, "Nơi nhận" and the signature block, page numbers at the top from page 2.

use crate::document::{AdminDocument, Block, Cell, Table};
use crate::{ReportError, Result};
use docx_rs::{
    AlignmentType, BorderType, Docx, Header, LineSpacing, PageMargin, PageNum, Paragraph,
    ParagraphBorder, ParagraphBorderPosition, Run, RunFonts, SpecialIndentType, TableCell,
    TableRow, WidthType,
};

/// Twentieths of a point per millimetre.
const TWIPS_PER_MM: f32 = 56.692;
/// A4 with NĐ 30 margins: top/bottom 20 mm, left 30 mm, right 15 mm.
const TEXT_WIDTH_MM: f32 = 210.0 - 30.0 - 15.0;

fn mm(v: f32) -> i32 {
    (v * TWIPS_PER_MM).round() as i32
}

/// Half-points, as Word sizes text.
fn pt(v: usize) -> usize {
    v * 2
}

fn run(text: &str, size: usize) -> Run {
    Run::new().add_text(text).size(pt(size))
}

fn para(align: AlignmentType) -> Paragraph {
    Paragraph::new()
        .align(align)
        .line_spacing(LineSpacing::new().before(0).after(0))
}

fn centered(text: &str, size: usize, bold: bool, italic: bool) -> Paragraph {
    let mut r = run(text, size);
    if bold {
        r = r.bold();
    }
    if italic {
        r = r.italic();
    }
    para(AlignmentType::Center).add_run(r)
}

/// A paragraph that is only a short centred rule (NĐ 30: below the issuing agency and the
/// trích yếu), drawn as the bottom border of an indented empty paragraph.
fn short_rule(width_mm: f32, column_mm: f32) -> Paragraph {
    let side = mm(((column_mm - width_mm) / 2.0).max(0.0));
    let mut p = para(AlignmentType::Center)
        .indent(Some(side), None, Some(side), None)
        .size(pt(4));
    p.property = p.property.set_border(
        ParagraphBorder::new(ParagraphBorderPosition::Bottom)
            .val(BorderType::Single)
            .size(6),
    );
    p
}

fn cell(paragraphs: Vec<Paragraph>, width_mm: f32) -> TableCell {
    let mut c = TableCell::new().width(mm(width_mm) as usize, WidthType::Dxa);
    for p in paragraphs {
        c = c.add_paragraph(p);
    }
    c
}

fn borderless(rows: Vec<TableRow>, widths_mm: &[f32]) -> docx_rs::Table {
    docx_rs::Table::without_borders(rows)
        .set_grid(widths_mm.iter().map(|w| mm(*w) as usize).collect())
        .width(mm(TEXT_WIDTH_MM) as usize, WidthType::Dxa)
}

fn header_table(d: &AdminDocument) -> docx_rs::Table {
    let (lw, rw) = (65.0, TEXT_WIDTH_MM - 65.0);
    let mut left: Vec<Paragraph> = d
        .superior
        .iter()
        .map(|l| centered(l, 13, false, false))
        .collect();
    left.extend(d.issuer.iter().map(|l| centered(l, 13, true, false)));
    if d.party {
        left.push(centered("*", 13, false, false));
    } else {
        left.push(short_rule(25.0, lw));
    }
    left.push(centered(&d.number, 13, false, false));
    let right = if d.party {
        vec![
            para(AlignmentType::Center)
                .add_run(run("ĐẢNG CỘNG SẢN VIỆT NAM", 15).bold().underline("single")),
            centered("", 8, false, false),
            centered(&d.place_date, 14, false, true),
        ]
    } else {
        vec![
            centered("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, true, false),
            para(AlignmentType::Center).add_run(
                run("Độc lập - Tự do - Hạnh phúc", 13)
                    .bold()
                    .underline("single"),
            ),
            centered("", 8, false, false),
            centered(&d.place_date, 14, false, true),
        ]
    };
    borderless(
        vec![TableRow::new(vec![cell(left, lw), cell(right, rw)])],
        &[lw, rw],
    )
}

fn body_paragraph(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Both)
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(mm(10.0))),
            None,
            None,
        )
        .line_spacing(LineSpacing::new().before(0).after(120))
        .add_run(run(text, 14))
}

fn figure_table(t: &Table) -> docx_rs::Table {
    let total: f32 = t.widths.iter().sum();
    let widths: Vec<f32> = t.widths.iter().map(|w| w / total * TEXT_WIDTH_MM).collect();
    let align = |i: usize| match t.align.get(i).copied() {
        Some("left") => AlignmentType::Left,
        Some("right") => AlignmentType::Right,
        _ => AlignmentType::Center,
    };
    let mut rows = vec![TableRow::new(
        t.columns
            .iter()
            .enumerate()
            .map(|(i, h)| cell(vec![centered(h, 12, true, false)], widths[i]))
            .collect(),
    )];
    for r in &t.rows {
        let mut col = 0;
        let mut cells = Vec::new();
        for c in r {
            let (text, bold, span) = match c {
                Cell::Text(s) => (s.as_str(), false, 1),
                Cell::Rich {
                    text,
                    bold,
                    colspan,
                } => (text.as_str(), *bold, (*colspan).max(1)),
            };
            let width: f32 = widths[col..(col + span).min(widths.len())].iter().sum();
            let mut rn = run(text, 12);
            if bold {
                rn = rn.bold();
            }
            let mut tc = cell(vec![para(align(col)).add_run(rn)], width);
            if span > 1 {
                tc = tc.grid_span(span);
            }
            cells.push(tc);
            col += span;
        }
        rows.push(TableRow::new(cells));
    }
    docx_rs::Table::new(rows)
        .set_grid(widths.iter().map(|w| mm(*w) as usize).collect())
        .width(mm(TEXT_WIDTH_MM) as usize, WidthType::Dxa)
}

fn signature_table(d: &AdminDocument) -> docx_rs::Table {
    let half = TEXT_WIDTH_MM / 2.0;
    let mut left = vec![para(AlignmentType::Left).add_run(run("Nơi nhận:", 12).bold().italic())];
    for r in &d.recipients {
        left.push(para(AlignmentType::Left).add_run(run(&format!("- {r}"), 11)));
    }
    left.push(para(AlignmentType::Left).add_run(run(&format!("- {}", d.archive), 11)));
    let s = &d.signature;
    let mut right = Vec::new();
    for line in s.authority.iter().chain(s.deputy.iter()) {
        right.push(centered(line, 14, true, false));
    }
    right.push(centered(&s.title, 14, true, false));
    for _ in 0..4 {
        right.push(centered("", 14, false, false));
    }
    right.push(centered(&s.name, 14, true, false));
    borderless(
        vec![TableRow::new(vec![cell(left, half), cell(right, half)]).cant_split()],
        &[half, half],
    )
}

/// Writes `d` as DOCX bytes.
pub fn write(d: &AdminDocument) -> Result<Vec<u8>> {
    let fonts = RunFonts::new()
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .cs("Times New Roman")
        .east_asia("Times New Roman");
    let page_number = Header::new().add_paragraph(
        para(AlignmentType::Center)
            .add_page_num(PageNum::new())
            .size(pt(13)),
    );
    let mut docx = Docx::new()
        .page_size(mm(210.0) as u32, mm(297.0) as u32)
        .page_margin(
            PageMargin::new()
                .top(mm(20.0))
                .bottom(mm(20.0))
                .left(mm(30.0))
                .right(mm(15.0))
                .header(mm(10.0))
                .footer(mm(10.0)),
        )
        .default_fonts(fonts)
        .default_size(pt(14))
        .header(page_number)
        // An empty first-page header: page numbers start on page 2 (NĐ 30).
        .first_header(Header::new())
        .add_table(header_table(d))
        .add_paragraph(centered("", 8, false, false));
    if d.draft {
        docx = docx.add_paragraph(para(AlignmentType::Right).add_run(run("DỰ THẢO", 11).bold()));
    }
    docx = docx
        .add_paragraph(centered(&d.doc_type, 14, true, false))
        .add_paragraph(centered(&d.summary, 14, true, false))
        .add_paragraph(short_rule(40.0, TEXT_WIDTH_MM))
        .add_paragraph(centered("", 8, false, false));
    for b in &d.blocks {
        docx = match b {
            Block::Heading { number, text, .. } => {
                let label = if number.is_empty() {
                    text.clone()
                } else {
                    format!("{number}. {text}")
                };
                docx.add_paragraph(
                    body_paragraph("")
                        .keep_next(true)
                        .add_run(run(&label, 14).bold()),
                )
            }
            Block::Paragraph { text } => docx.add_paragraph(body_paragraph(text)),
            Block::Placeholder { text } => docx
                .add_paragraph(body_paragraph("").add_run(run(text, 14).italic().color("6E6E6E"))),
            Block::Note { text } => {
                docx.add_paragraph(body_paragraph("").add_run(run(text, 12).italic()))
            }
            Block::Table(t) => docx
                .add_table(figure_table(t))
                .add_paragraph(centered("", 6, false, false)),
        };
    }
    docx = docx
        .add_paragraph(centered("", 8, false, false))
        .add_table(signature_table(d));
    let mut out = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut out)
        .map_err(|e| ReportError::Encode {
            format: "DOCX",
            message: e.to_string(),
        })?;
    Ok(out.into_inner())
}
