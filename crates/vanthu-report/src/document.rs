//! The printable shape of an administrative document (NĐ 30 Phụ lục I), built from a stored
//! report. Both renderers (Typst → PDF, docx-rs → DOCX) read this one model, so the PDF and
//! the Word file say the same thing in the same order.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use vanthu_core::doc_type::DocumentType;
use vanthu_core::symbol::NumberingStyle;
use vanthu_local::report::figures::{OverdueKind, ReportFigures};
use vanthu_local::report::vi::{date, date_words, int, percent, upper_first};
use vanthu_local::report::{FigureBlock, Report, ReportStatus, Signature};
use vanthu_local::unit::UnitProfile;

/// A blank left where the number or date is written by hand once the document is issued.
/// No-break spaces, so neither renderer collapses the gap.
const BLANK: &str = "\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}";

/// What prints "Chưa có dữ liệu" for a block whose data the unit does not keep (yet).
pub const NO_DATA: &str = "Chưa có dữ liệu.";

/// One document ready to print.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdminDocument {
    /// Party style (Hướng dẫn 36-HD/VPTW): "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 05-BC/ĐU", "*".
    pub party: bool,
    /// Superior agency in capitals, in lines ("ỦY BAN NHÂN DÂN" / "TỈNH THÁI NGUYÊN").
    pub superior: Vec<String>,
    /// Issuing unit in capitals, in lines ("ỦY BAN NHÂN DÂN" / "XÃ TÂN CƯƠNG").
    pub issuer: Vec<String>,
    /// "Số: 05/BC-UBND", or "Số:        /BC-UBND" before issue.
    pub number: String,
    /// "Tân Cương, ngày 05 tháng 10 năm 2026", or with blanks before issue.
    pub place_date: String,
    /// "BÁO CÁO".
    pub doc_type: String,
    /// Trích yếu.
    pub summary: String,
    /// Marked "DỰ THẢO".
    pub draft: bool,
    pub blocks: Vec<Block>,
    /// "Nơi nhận" lines (without the leading dash).
    pub recipients: Vec<String>,
    /// "Lưu: VT, VP."
    pub archive: String,
    pub signature: Signature,
}

/// A piece of the body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// "I. KẾT QUẢ ĐẠT ĐƯỢC" (level 1) or "1. Tiếp nhận …" (level 2).
    Heading {
        level: u8,
        number: String,
        text: String,
    },
    Paragraph {
        text: String,
    },
    /// Shown only in a draft where a section is still empty.
    Placeholder {
        text: String,
    },
    /// A small italic line (a table's remark, "Chưa có dữ liệu.").
    Note {
        text: String,
    },
    Table(Table),
}

/// A table of figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub columns: Vec<String>,
    /// Relative widths.
    pub widths: Vec<f32>,
    /// "left", "center" or "right" per column.
    pub align: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// One cell: plain text, or bold and/or spanning columns (totals).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Text(String),
    Rich {
        text: String,
        bold: bool,
        colspan: usize,
    },
}

impl Cell {
    pub fn text(&self) -> &str {
        match self {
            Cell::Text(t) | Cell::Rich { text: t, .. } => t,
        }
    }
}

/// Print typography: a no-break space before "%" so "94,9 %" never splits across lines.
fn typo(s: impl Into<String>) -> String {
    s.into().replace(" %", "\u{a0}%")
}

fn c(s: impl Into<String>) -> Cell {
    Cell::Text(typo(s))
}

fn bold(s: impl Into<String>, colspan: usize) -> Cell {
    Cell::Rich {
        text: typo(s),
        bold: true,
        colspan,
    }
}

/// Words that start the place part of an agency's name.
const PLACE_WORDS: &[&str] = &[
    "TỈNH",
    "THÀNH PHỐ",
    "HUYỆN",
    "QUẬN",
    "THỊ XÃ",
    "THỊ TRẤN",
    "XÃ",
    "PHƯỜNG",
    "ĐẶC KHU",
];

/// An agency's name in capitals, broken before its place ("ỦY BAN NHÂN DÂN" / "XÃ TÂN CƯƠNG")
/// when it is too long for one line of the header column, as clerks set it by hand.
fn agency_lines(name: &str) -> Vec<String> {
    let upper = name.trim().to_uppercase();
    if upper.is_empty() {
        return vec![];
    }
    if upper.chars().count() <= 26 {
        return vec![upper];
    }
    let split = PLACE_WORDS
        .iter()
        .filter_map(|w| upper.find(&format!(" {w} ")))
        .min();
    match split {
        Some(i) => vec![upper[..i].to_string(), upper[i + 1..].to_string()],
        None => vec![upper],
    }
}

/// Builds the printable document of `report` for `unit`. `today` gives the year of the blank
/// date line of a report not issued yet.
pub fn report_document(report: &Report, unit: &UnitProfile, today: NaiveDate) -> AdminDocument {
    let party = unit.numbering_style == NumberingStyle::Party;
    let type_abbr = DocumentType::parse(&report.template.doc_type)
        .ok()
        .and_then(|t| t.party_abbreviation())
        .unwrap_or("BC");
    let issued = report.issued_as.as_ref();
    let number = match (issued.and_then(|i| i.symbol.as_deref()), party) {
        (Some(sym), false) => format!("Số: {sym}"),
        (Some(sym), true) => format!("Số {sym}"),
        (None, false) => format!("Số:{BLANK}/{type_abbr}-{}", unit.abbreviation),
        (None, true) => format!("Số{BLANK}-{type_abbr}/{}", unit.abbreviation),
    };
    let place_date = match issued.and_then(|i| i.issued_date) {
        Some(d) => format!("{}, {}", unit.place_name, date_words(d)),
        None => format!(
            "{}, ngày{BLANK}tháng{BLANK}năm {}",
            unit.place_name,
            today.year()
        ),
    };
    let draft = report.status == ReportStatus::Draft;
    let mut blocks = Vec::new();
    for s in report.section_views() {
        if s.level > 0 {
            blocks.push(Block::Heading {
                level: s.level,
                number: s.number.clone(),
                text: s.heading.clone(),
            });
        }
        let paragraphs: Vec<&str> = s.text.lines().filter(|l| !l.trim().is_empty()).collect();
        for p in &paragraphs {
            blocks.push(Block::Paragraph { text: typo(*p) });
        }
        match s.figures {
            Some(block) => figure_blocks(block, &report.figures, &mut blocks),
            None if paragraphs.is_empty() && draft && s.level > 0 => {
                blocks.push(Block::Placeholder {
                    text: format!(
                        "[Chưa nhập nội dung{}]",
                        s.hint.map(|h| format!(": {h}")).unwrap_or_default()
                    ),
                })
            }
            None => {}
        }
    }
    let archive = report.recipients.archive.trim_end_matches('.').to_string();
    AdminDocument {
        party,
        superior: agency_lines(&unit.superior),
        issuer: agency_lines(&unit.name),
        number,
        place_date,
        doc_type: report.template.doc_type.to_uppercase(),
        summary: report.summary.clone(),
        draft,
        blocks,
        recipients: report.recipients.lines.clone(),
        archive: format!("Lưu: {archive}."),
        signature: report.signature.clone(),
    }
}

fn count_table(label: &str, counts: &[(String, u32)], total: u32) -> Table {
    let mut rows: Vec<Vec<Cell>> = counts
        .iter()
        .enumerate()
        .map(|(i, (l, n))| vec![c((i + 1).to_string()), c(l.clone()), c(int((*n).into()))])
        .collect();
    rows.push(vec![bold("Tổng cộng", 2), bold(int(total.into()), 1)]);
    Table {
        columns: vec!["TT".into(), label.into(), "Số lượng".into()],
        widths: vec![0.6, 5.0, 1.6],
        align: vec!["center", "left", "center"],
        rows,
    }
}

fn figure_blocks(block: FigureBlock, f: &ReportFigures, out: &mut Vec<Block>) {
    match block {
        FigureBlock::Incoming => {
            if f.incoming.total == 0 {
                return;
            }
            let counts: Vec<(String, u32)> = f
                .incoming
                .by_type
                .iter()
                .map(|x| (x.label.clone(), x.count))
                .collect();
            out.push(Block::Table(count_table(
                "Loại văn bản đến",
                &counts,
                f.incoming.total,
            )));
            let mut columns = vec!["Độ khẩn".to_string()];
            columns.extend(f.incoming.by_urgency.iter().map(|u| u.label.clone()));
            columns.push("Cộng".into());
            let mut row = vec![c("Số văn bản")];
            row.extend(f.incoming.by_urgency.iter().map(|u| c(int(u.count.into()))));
            row.push(bold(int(f.incoming.total.into()), 1));
            out.push(Block::Table(Table {
                widths: vec![2.0, 1.2, 1.2, 1.4, 1.2, 1.0],
                align: vec!["left", "center", "center", "center", "center", "center"],
                columns,
                rows: vec![row],
            }));
        }
        FigureBlock::Outgoing => {
            if f.outgoing.total == 0 {
                return;
            }
            let counts: Vec<(String, u32)> = f
                .outgoing
                .by_type
                .iter()
                .map(|x| (x.label.clone(), x.count))
                .collect();
            out.push(Block::Table(count_table(
                "Loại văn bản đi",
                &counts,
                f.outgoing.total,
            )));
        }
        FigureBlock::Processing => {
            let p = &f.processing;
            let mut rows = vec![
                vec![
                    c("Văn bản, công việc đến hạn xử lý trong kỳ"),
                    c(int(p.counted.into())),
                ],
                vec![c("Hoàn thành đúng hạn"), c(int(p.on_time.into()))],
                vec![c("Hoàn thành trễ hạn"), c(int(p.late.into()))],
                vec![c("Quá hạn, chưa hoàn thành"), c(int(p.overdue_open.into()))],
                vec![bold("Tỷ lệ xử lý đúng hạn", 1), bold(percent(p.rate), 1)],
                vec![c("Mục tiêu"), c(format!("≥ {}", percent(Some(p.target))))],
            ];
            if let Some(label) = &p.previous_label {
                rows.push(vec![
                    c(format!("Tỷ lệ {label}")),
                    c(percent(p.previous_rate)),
                ]);
            }
            rows.push(vec![
                c("Đánh giá"),
                c(if p.counted == 0 {
                    "—"
                } else if p.met_target {
                    "Đạt"
                } else {
                    "Chưa đạt"
                }),
            ]);
            out.push(Block::Table(Table {
                columns: vec!["Nội dung".into(), upper_first(&f.label)],
                widths: vec![5.0, 2.2],
                align: vec!["left", "center"],
                rows,
            }));
        }
        FigureBlock::OverdueList => {
            if f.overdue.is_empty() {
                return;
            }
            let rows = f
                .overdue
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    vec![
                        c((i + 1).to_string()),
                        c(o.reference.clone()),
                        c(match o.kind {
                            OverdueKind::Incoming => o.symbol.clone().unwrap_or_default(),
                            OverdueKind::Task => "(nhiệm vụ)".into(),
                        }),
                        c(o.title.clone()),
                        c(o.assignee.clone().unwrap_or_default()),
                        c(date(o.deadline)),
                        c(int(o.working_days_late)),
                    ]
                })
                .collect();
            out.push(Block::Table(Table {
                columns: vec![
                    "TT".into(),
                    "Số đến".into(),
                    "Số, ký hiệu".into(),
                    "Trích yếu, nội dung".into(),
                    "Người xử lý".into(),
                    "Hạn xử lý".into(),
                    "Quá hạn (ngày làm việc)".into(),
                ],
                widths: vec![0.55, 1.0, 1.8, 3.1, 1.7, 1.45, 1.5],
                align: vec![
                    "center", "center", "center", "left", "left", "center", "center",
                ],
                rows,
            }));
            let more = f.overdue_total as usize - f.overdue.len();
            if more > 0 {
                out.push(Block::Note {
                    text: format!("Và {} văn bản, công việc quá hạn khác.", int(more as i64)),
                });
            }
        }
        FigureBlock::Tasks => match &f.tasks {
            None => out.push(Block::Note {
                text: NO_DATA.into(),
            }),
            Some(t) => out.push(Block::Table(Table {
                columns: vec![
                    "TT".into(),
                    "Nhiệm vụ".into(),
                    "Chủ trì, thực hiện".into(),
                    "Thời hạn".into(),
                    "Tiến độ".into(),
                    "Tình trạng".into(),
                ],
                widths: vec![0.6, 4.0, 2.0, 1.5, 1.1, 1.8],
                align: vec!["center", "left", "left", "center", "center", "left"],
                rows: t
                    .rows
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        vec![
                            c((i + 1).to_string()),
                            c(r.title.clone()),
                            c(r.responsible.clone().unwrap_or_default()),
                            c(r.deadline.map(date).unwrap_or_default()),
                            c(format!("{} %", r.progress)),
                            c(if r.overdue {
                                format!("{} (quá hạn)", r.status)
                            } else {
                                r.status.clone()
                            }),
                        ]
                    })
                    .collect(),
            })),
        },
        FigureBlock::Indicators => match &f.indicators {
            None => out.push(Block::Note {
                text: NO_DATA.into(),
            }),
            Some(rows) => out.push(Block::Table(Table {
                columns: vec![
                    "TT".into(),
                    "Chỉ tiêu".into(),
                    "Đơn vị tính".into(),
                    "Kế hoạch".into(),
                    "Thực hiện".into(),
                    "Đánh giá".into(),
                ],
                widths: vec![0.6, 4.0, 1.2, 1.5, 1.5, 1.4],
                align: vec!["center", "left", "center", "center", "center", "center"],
                rows: rows
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        vec![
                            c((i + 1).to_string()),
                            c(r.name.clone()),
                            c(r.unit.clone().unwrap_or_default()),
                            c(r.target.clone()),
                            c(r.actual.clone().unwrap_or_else(|| "—".into())),
                            c(match r.achieved {
                                Some(true) => "Đạt",
                                Some(false) => "Chưa đạt",
                                None => "—",
                            }),
                        ]
                    })
                    .collect(),
            })),
        },
    }
}

impl AdminDocument {
    /// Every piece of text the document prints, in order (for glyph checks and tests).
    pub fn all_text(&self) -> Vec<String> {
        let mut out = self.superior.clone();
        out.extend(self.issuer.iter().cloned());
        out.extend([
            self.number.clone(),
            self.place_date.clone(),
            self.doc_type.clone(),
            self.summary.clone(),
        ]);
        for b in &self.blocks {
            match b {
                Block::Heading { number, text, .. } => out.push(format!("{number}. {text}")),
                Block::Paragraph { text } | Block::Placeholder { text } | Block::Note { text } => {
                    out.push(text.clone())
                }
                Block::Table(t) => {
                    out.extend(t.columns.iter().cloned());
                    for r in &t.rows {
                        out.extend(r.iter().map(|c| c.text().to_string()));
                    }
                }
            }
        }
        out.push("Nơi nhận:".into());
        out.extend(self.recipients.iter().cloned());
        out.push(self.archive.clone());
        let s = &self.signature;
        out.extend(s.authority.iter().cloned());
        out.extend(s.deputy.iter().cloned());
        out.push(s.title.clone());
        out.push(s.name.clone());
        out.extend(
            [
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "ĐẢNG CỘNG SẢN VIỆT NAM",
                "DỰ THẢO",
            ]
            .map(String::from),
        );
        out
    }
}
