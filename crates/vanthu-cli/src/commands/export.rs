//! `vanthu export register`: a year's register as .xlsx in the NĐ 30 layout.

use super::Env;
use crate::cli::{ExportCommand, ExportRegisterArgs};
use crate::output::print_json;
use vanthu_local::export::{RegisterKind, export_register};

pub fn run(env: &mut Env, cmd: ExportCommand) -> anyhow::Result<()> {
    match cmd {
        ExportCommand::Register(a) => register(env, a),
    }
}

fn register(env: &mut Env, a: ExportRegisterArgs) -> anyhow::Result<()> {
    // PDF (printable, ready to bind) comes from vanthu-report; xlsx stays the default.
    let pdf = match a.format.as_deref().map(|f| f.trim().to_ascii_lowercase()) {
        Some(f) if f == "pdf" => true,
        Some(f) if f == "xlsx" => false,
        Some(f) => return Err(super::report::invalid("định dạng", &f, "xlsx hoặc pdf")),
        None => a
            .out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf")),
    };
    if pdf {
        return super::report::register_pdf(env, &a.kind, a.year, &a.out, a.json);
    }
    let kind = match vanthu_core::text::fold(&a.kind).as_str() {
        "incoming" | "den" | "van ban den" => RegisterKind::Incoming,
        "outgoing" | "di" | "van ban di" => RegisterKind::Outgoing,
        other => {
            return Err(
                vanthu_local::LocalError::from(vanthu_core::CoreError::InvalidField {
                    field: "loại sổ",
                    reason: format!("\"{other}\": dùng incoming hoặc outgoing"),
                })
                .into(),
            );
        }
    };
    let report = export_register(env.store.conn(), kind, a.year, &a.out)?;
    if a.json {
        return print_json(&report);
    }
    let name = match kind {
        RegisterKind::Incoming => "sổ văn bản đến",
        RegisterKind::Outgoing => "sổ văn bản đi",
    };
    println!(
        "Đã xuất {name} năm {} ({} văn bản) ra {}.",
        report.year, report.rows, report.path
    );
    Ok(())
}
