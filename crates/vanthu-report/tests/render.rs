//! Print-ready output: the report PDF's text against a golden file (dates removed), fonts
//! embedded and covering every character used, page 1 rasterised, the DOCX read back with the
//! same paragraphs, Party-style and issued variants, and the register PDFs.
//!
//! Rendered files are kept under the test target dir (`report-samples/`) for looking at.
//! `UPDATE_GOLDEN=1 cargo test -p vanthu-report` rewrites the golden files.

mod common;

use common::{World, pdf_text, poppler};
use std::path::{Path, PathBuf};
use vanthu_local::report;
use vanthu_report::register::{RegisterKind, register_document, register_pdf};
use vanthu_report::{AdminDocument, Block, report_document, report_docx, report_pdf};

fn samples() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-samples");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn save(name: &str, bytes: &[u8]) -> PathBuf {
    let path = samples().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The text with runs of blanks collapsed, blank lines dropped, dates replaced by markers:
/// what must not change when layout details move by a point.
fn normalized(text: &str) -> String {
    let date = regex_lite(text);
    date.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Replaces dd/mm/yyyy and "ngày 05 tháng 10 năm 2026" with markers (hand-written matcher:
/// two fixed shapes do not justify a regex dependency).
fn regex_lite(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let digit = |k: usize| chars.get(k).is_some_and(|c| c.is_ascii_digit());
    while i < chars.len() {
        if digit(i)
            && digit(i + 1)
            && chars.get(i + 2) == Some(&'/')
            && digit(i + 3)
            && digit(i + 4)
            && chars.get(i + 5) == Some(&'/')
            && (i + 6..i + 10).all(digit)
            && !digit(i + 10)
            && (i == 0 || !digit(i - 1))
        {
            out.push_str("<DATE>");
            i += 10;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    // "ngày 05 tháng 10 năm 2026" (issued) → "ngày <D> tháng <M> năm <Y>".
    let mut s = out;
    for word in ["ngày ", "tháng ", "năm "] {
        let mut res = String::new();
        let mut rest = s.as_str();
        while let Some(p) = rest.find(word) {
            res.push_str(&rest[..p + word.len()]);
            rest = &rest[p + word.len()..];
            let n = rest.chars().take_while(|c| c.is_ascii_digit()).count();
            if n > 0 {
                res.push_str("<N>");
                rest = &rest[n..];
            }
        }
        res.push_str(rest);
        s = res;
    }
    s
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
    if expected != actual {
        let got = samples().join(format!("{name}.actual"));
        std::fs::write(&got, actual).unwrap();
        panic!(
            "{name} differs from the golden file; actual text written to {} (diff them; \
             UPDATE_GOLDEN=1 accepts it)",
            got.display()
        );
    }
}

fn q3_document(w: &mut World) -> AdminDocument {
    let r = w.q3_report();
    let unit = vanthu_local::unit::require_unit(w.store.conn()).unwrap();
    report_document(&r, &unit, w.today())
}

#[test]
fn report_pdf_text_matches_golden_and_states_the_figures() {
    let mut w = World::new("state");
    w.quarter();
    let doc = q3_document(&mut w);
    let pdf = save("bao-cao-quy-3.pdf", &report_pdf(&doc).unwrap());
    let text = pdf_text(&pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "TỈNH THÁI NGUYÊN",
        "XÃ TÂN CƯƠNG",
        "BÁO CÁO",
        "Kết quả công tác văn thư và chuyển đổi số quý III năm 2026",
        "đã tiếp nhận 6 văn bản đến, ban hành 3 văn bản đi",
        "tỷ lệ xử lý đúng hạn đạt 60 %, chưa đạt mục tiêu 95 %, giảm 6,7 điểm phần trăm so với quý II",
        "Nơi nhận:",
        "- Lưu: VT, VP.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Nguyễn Văn Thắng",
        "DỰ THẢO",
        "Chưa có dữ liệu.",
    ] {
        assert!(flat.contains(expected), "PDF lacks \"{expected}\":\n{text}");
    }
    golden("report-q3-state.txt", &normalized(&text));
}

#[test]
fn fonts_are_embedded_and_cover_every_character_used() {
    let mut w = World::new("state");
    w.quarter();
    let doc = q3_document(&mut w);
    let pdf = save("bao-cao-fonts.pdf", &report_pdf(&doc).unwrap());
    let fonts = poppler("pdffonts", &[pdf.to_str().unwrap()]);
    for face in [
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
    ] {
        let line = fonts
            .lines()
            .find(|l| l.contains(&format!("+{face} ")) || l.contains(&format!("+{face}\t")))
            .unwrap_or_else(|| panic!("{face} not in the PDF:\n{fonts}"));
        assert!(line.contains(" yes "), "{face} not embedded: {line}");
    }
    // Every character the document prints, plus the whole Vietnamese alphabet with every
    // tone in both cases, has a glyph in each of the four faces.
    let mut chars: std::collections::BTreeSet<char> =
        doc.all_text().iter().flat_map(|t| t.chars()).collect();
    let party = {
        let mut p = World::new("party");
        p.quarter();
        q3_document(&mut p)
    };
    chars.extend(party.all_text().iter().flat_map(|t| t.chars()));
    chars.extend(vietnamese_alphabet());
    chars.extend("0123456789.,;:%()/-–…≥*«»\"'".chars());
    for (i, bytes) in vanthu_report::typeset::FONTS.iter().enumerate() {
        let face = ttf_parser::Face::parse(bytes, 0).unwrap();
        let missing: Vec<char> = chars
            .iter()
            .copied()
            .filter(|c| !c.is_control() && face.glyph_index(*c).is_none())
            .collect();
        assert!(missing.is_empty(), "font {i} lacks {missing:?}");
    }
}

/// Every precomposed Vietnamese letter: 12 vowels × 6 tones, đ, both cases.
fn vietnamese_alphabet() -> Vec<char> {
    use unicode_normalization::UnicodeNormalization;
    let bases = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"];
    let tones = ["", "\u{300}", "\u{301}", "\u{309}", "\u{303}", "\u{323}"];
    let mut out = vec!['đ', 'Đ'];
    for b in bases {
        for t in tones {
            for s in [format!("{b}{t}"), format!("{}{t}", b.to_uppercase())] {
                let nfc: Vec<char> = s.nfc().collect();
                assert_eq!(nfc.len(), 1, "{s:?} composes to one character");
                out.push(nfc[0]);
            }
        }
    }
    assert_eq!(out.len(), 2 + 12 * 6 * 2);
    out
}

#[test]
fn page_one_rasterises_and_later_pages_carry_numbers() {
    let mut w = World::new("state");
    w.quarter();
    let doc = q3_document(&mut w);
    let pdf = save("bao-cao-png.pdf", &report_pdf(&doc).unwrap());
    let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("595.276 x 841.89 pts (A4)"), "{info}");
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(
        pages >= 2,
        "a quarterly report runs over one page ({pages})"
    );
    let prefix = samples().join("bao-cao-page");
    poppler(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let png = std::fs::read(samples().join("bao-cao-page-1.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert!(
        png.len() > 20_000,
        "page 1 looks empty ({} bytes)",
        png.len()
    );
    // No number on page 1; "2" alone at the top of page 2.
    let first = poppler(
        "pdftotext",
        &["-f", "1", "-l", "1", "-layout", pdf.to_str().unwrap(), "-"],
    );
    assert!(first.lines().next().unwrap().trim() != "1");
    let second = poppler(
        "pdftotext",
        &["-f", "2", "-l", "2", "-layout", pdf.to_str().unwrap(), "-"],
    );
    let top = second.lines().find(|l| !l.trim().is_empty()).unwrap();
    assert_eq!(top.trim(), "2");
}

#[test]
fn party_style_and_issued_number() {
    let mut p = World::new("party");
    p.quarter();
    let doc = q3_document(&mut p);
    let text = pdf_text(&save("bao-cao-dang.pdf", &report_pdf(&doc).unwrap()));
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ĐẢNG ỦY XÃ TÂN CƯƠNG",
        "ĐẢNG BỘ TỈNH THÁI NGUYÊN",
        "-BC/ĐU",
        "T/M ĐẢNG ỦY",
        "BÍ THƯ",
    ] {
        assert!(flat.contains(expected), "lacks {expected}:\n{text}");
    }
    assert!(!flat.contains("CỘNG HÒA XÃ HỘI"));

    // Issued as an outgoing document: number, symbol and date line print; no draft mark
    // once submitted.
    let mut w = World::new("state");
    w.quarter();
    let r = w.q3_report();
    w.at(2026, 10, 5);
    let r = w
        .write(|tx, ctx, _| report::issue_report(tx, ctx, &r.id, None))
        .unwrap();
    assert_eq!(
        r.symbol(),
        Some("04/BC-UBND"),
        "three outgoing documents came before"
    );
    w.write(|tx, ctx, _| report::submit_report(tx, ctx, &r.id))
        .unwrap();
    let r = report::get_report(w.store.conn(), &r.id).unwrap();
    let unit = vanthu_local::unit::require_unit(w.store.conn()).unwrap();
    let doc = report_document(&r, &unit, w.today());
    let text = pdf_text(&save("bao-cao-da-ban-hanh.pdf", &report_pdf(&doc).unwrap()));
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Số: 04/BC-UBND"), "{text}");
    assert!(
        flat.contains("Tân Cương, ngày 05 tháng 10 năm 2026"),
        "{text}"
    );
    assert!(!flat.contains("DỰ THẢO"));
}

/// Paragraph texts of a DOCX in document order, table cells included.
fn docx_paragraphs(bytes: &[u8]) -> Vec<String> {
    use docx_rs::{DocumentChild, TableCellContent, TableChild, TableRowChild};
    let docx = docx_rs::read_docx(bytes).expect("the DOCX reads back");
    let mut out = Vec::new();
    let mut push = |t: String| {
        if !t.trim().is_empty() {
            out.push(t);
        }
    };
    for child in &docx.document.children {
        match child {
            DocumentChild::Paragraph(p) => push(p.raw_text()),
            DocumentChild::Table(t) => {
                for TableChild::TableRow(row) in &t.rows {
                    for TableRowChild::TableCell(cell) in &row.cells {
                        for c in &cell.children {
                            if let TableCellContent::Paragraph(p) = c {
                                push(p.raw_text());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// What the DOCX must contain, in order, from the model.
fn expected_paragraphs(d: &AdminDocument) -> Vec<String> {
    let mut out = d.superior.clone();
    out.extend(d.issuer.iter().cloned());
    out.push(d.number.clone());
    out.extend(
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
        ]
        .map(String::from),
    );
    out.push(d.place_date.clone());
    if d.draft {
        out.push("DỰ THẢO".into());
    }
    out.push(d.doc_type.clone());
    out.push(d.summary.clone());
    for b in &d.blocks {
        match b {
            Block::Heading { number, text, .. } => out.push(if number.is_empty() {
                text.clone()
            } else {
                format!("{number}. {text}")
            }),
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
    out.extend(d.recipients.iter().map(|r| format!("- {r}")));
    out.push(format!("- {}", d.archive));
    out.extend(d.signature.authority.iter().cloned());
    out.extend(d.signature.deputy.iter().cloned());
    out.push(d.signature.title.clone());
    out.push(d.signature.name.clone());
    out
}

#[test]
fn docx_round_trips_with_the_same_paragraphs() {
    let mut w = World::new("state");
    w.quarter();
    let doc = q3_document(&mut w);
    let bytes = report_docx(&doc).unwrap();
    save("bao-cao-quy-3.docx", &bytes);
    let got = docx_paragraphs(&bytes);
    let want: Vec<String> = expected_paragraphs(&doc)
        .into_iter()
        .filter(|t| !t.trim().is_empty())
        .collect();
    assert_eq!(got, want);
    // Vietnamese survives the trip byte for byte.
    assert!(
        got.iter()
            .any(|p| p.contains("Độc lập - Tự do - Hạnh phúc"))
    );
}

#[test]
fn registers_print_landscape_with_nd30_columns() {
    let mut w = World::new("state");
    w.quarter();
    for (kind, name, first_column, row_text) in [
        (
            RegisterKind::Incoming,
            "so-den-2026.pdf",
            "Ngày đến",
            "Kế hoạch: Cải cách hành chính năm 2026",
        ),
        (
            RegisterKind::Outgoing,
            "so-di-2026.pdf",
            "Số, ký hiệu",
            "Công văn: Đề nghị hỗ trợ thiết bị",
        ),
    ] {
        let doc = register_document(w.store.conn(), kind, 2026).unwrap();
        let pdf = save(name, &register_pdf(&doc).unwrap());
        let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
        assert!(
            info.contains("841.89 x 595.276 pts (A4)"),
            "landscape: {info}"
        );
        let text = pdf_text(&pdf);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for expected in [
            doc.title.as_str(),
            "Năm: 2026",
            first_column,
            "Ghi chú",
            "(10)",
            row_text,
        ] {
            assert!(flat.contains(expected), "{name} lacks {expected}:\n{text}");
        }
        golden(&format!("{name}.txt"), &normalized(&text));
    }
    let incoming = register_document(w.store.conn(), RegisterKind::Incoming, 2026).unwrap();
    assert_eq!(incoming.rows.len(), 9);
    assert_eq!(incoming.number_range, "Từ số 1 đến số 9");
    let outgoing = register_document(w.store.conn(), RegisterKind::Outgoing, 2026).unwrap();
    assert_eq!(outgoing.rows[0][0], "01/BC-UBND");
}
