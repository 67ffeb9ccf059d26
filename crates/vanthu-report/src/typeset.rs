//! Typst used as a library: one engine for the life of the process, holding the embedded
//! fonts and the built-in templates, so each render only lays out the new data (the goal is
//! a quarterly report in ≤ 50 ms).

use crate::ReportError;
use std::sync::OnceLock;
use typst::foundations::{Dict, IntoValue};
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;

/// Liberation Serif 2.1.5 (SIL Open Font License 1.1, see `fonts/OFL.txt`): metric-compatible
/// with Times New Roman, which NĐ 30 names but which cannot be shipped, and it covers
/// Vietnamese. Embedded so the PDF looks the same on every laptop.
pub const FONTS: [&[u8]; 4] = [
    include_bytes!("../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf"),
];

/// The built-in templates by file name.
pub const REPORT_TEMPLATE: &str = "report.typ";
pub const REGISTER_TEMPLATE: &str = "register.typ";

fn engine() -> &'static TypstEngine {
    static ENGINE: OnceLock<TypstEngine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        TypstEngine::builder()
            .fonts(FONTS)
            .with_static_source_file_resolver([
                (REPORT_TEMPLATE, include_str!("../templates/report.typ")),
                (REGISTER_TEMPLATE, include_str!("../templates/register.typ")),
            ])
            // Keep Typst's memoised layout of the unchanged template parts across renders
            // (evicting after every compile, the library's default, doubles the time of a
            // report), while dropping entries unused for a while so memory stays bounded.
            .comemo_evict_max_age(Some(20))
            .build()
    })
}

/// Lays out `template` with `data` (JSON, read by the template from `sys.inputs.data`) and
/// writes the PDF.
pub fn pdf(template: &str, data: &impl serde::Serialize) -> Result<Vec<u8>, ReportError> {
    let doc = layout(template, data)?;
    typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default()).map_err(|e| ReportError::Encode {
        format: "PDF",
        message: format!("{e:?}"),
    })
}

/// Lays out `template` with `data` (pages only, for measuring and tests).
pub fn layout(template: &str, data: &impl serde::Serialize) -> Result<PagedDocument, ReportError> {
    let json = serde_json::to_string(data).map_err(|e| ReportError::Encode {
        format: "JSON",
        message: e.to_string(),
    })?;
    let mut inputs = Dict::new();
    inputs.insert("data".into(), json.into_value());
    engine()
        .compile_with_input(template, inputs)
        .output
        .map_err(|e| ReportError::Layout(format!("{e:?}")))
}
