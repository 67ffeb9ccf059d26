//! `vanthu import FILE`: an old incoming register from .xlsx, .xls or .csv.

use super::Env;
use crate::cli::ImportArgs;
use crate::output::{print_json, table};
use vanthu_local::import::{
    ImportOptions, ImportReport, describe_errors, import_incoming, read_file,
};

pub fn run(env: &mut Env, a: ImportArgs) -> anyhow::Result<()> {
    let opts = ImportOptions {
        dry_run: a.dry_run,
        skip_bad_rows: a.skip_bad_rows,
        map: a.map,
        sheet: a.sheet,
    };
    let parsed = read_file(&a.file, &opts)?;
    let report = if opts.dry_run {
        // A read transaction: the preview sees the register as it is and writes nothing.
        env.store.read(|tx| {
            let ctx = vanthu_local::Context {
                actor: &env.actor,
                clock: env.clock.as_ref(),
            };
            import_incoming(tx, &ctx, &parsed, &opts)
        })?
    } else {
        env.write(|tx, ctx, _| import_incoming(tx, ctx, &parsed, &opts))?
    };
    if a.json {
        return print_json(&report);
    }
    print_report(&report);
    Ok(())
}

fn print_report(r: &ImportReport) {
    for s in &r.sheets {
        println!("Trang \"{}\", dòng tiêu đề {}:", s.sheet, s.header_line);
        let mut t = table(&["Cột", "Tiêu đề trong tệp", "Nhập vào"]);
        for c in &s.columns {
            let field = c.field.map(|f| f.name_vi()).unwrap_or("(không dùng)");
            t.add_row(vec![c.column.clone(), c.header.clone(), field.to_string()]);
        }
        println!("{t}");
    }
    if !r.skipped_sheets.is_empty() {
        println!(
            "Bỏ qua các trang không có sổ: {}.",
            r.skipped_sheets.join(", ")
        );
    }
    if let Some(cs) = &r.encoding.file_charset {
        println!("Bảng mã của tệp: {cs}.");
    }
    if r.encoding.tcvn3_cells + r.encoding.vni_cells > 0 {
        println!(
            "Đã chuyển sang Unicode: {} ô TCVN3 (ABC), {} ô VNI.",
            r.encoding.tcvn3_cells, r.encoding.vni_cells
        );
    }
    if !r.preview.is_empty() {
        let mut t = table(&[
            "Dòng",
            "Số đến",
            "Ngày đến",
            "Tác giả",
            "Số, ký hiệu",
            "Trích yếu",
        ]);
        for row in &r.preview {
            t.add_row(vec![
                row.line.to_string(),
                row.arrival_no
                    .map(|n| format!("{n}/{}", row.year))
                    .unwrap_or_else(|| "(cấp mới)".into()),
                vanthu_core::time::format_date(row.arrival_date),
                row.issuer.clone(),
                row.symbol_text.clone(),
                format!("{}: {}", row.doc_type.name_vi(), row.summary),
            ]);
        }
        println!("Xem trước:\n{t}");
    }
    if !r.errors.is_empty() {
        println!(
            "Dòng lỗi ({}):\n{}",
            r.errors.len(),
            describe_errors(&r.errors, 50)
        );
    }
    let years: Vec<String> = r
        .years
        .iter()
        .map(|(y, n)| format!("{n} văn bản năm {y}"))
        .collect();
    let what = if r.dry_run {
        "Sẽ nhập"
    } else {
        "Đã nhập"
    };
    println!(
        "{what} {} dòng{}; {} dòng đã có trong sổ (bỏ qua); {} dòng lỗi bị bỏ qua.",
        r.imported,
        if years.is_empty() {
            String::new()
        } else {
            format!(" ({})", years.join(", "))
        },
        r.duplicates,
        if r.dry_run { 0 } else { r.skipped_bad },
    );
    if r.dry_run {
        println!("Đây là bản xem trước: chưa có gì được ghi. Chạy lại không có --dry-run để nhập.");
    }
}
