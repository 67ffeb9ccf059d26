//! `vanthu indicator …`: the plan's indicator table, actual values per period.

use super::Env;
use crate::output::{print_json, table};
use clap::Subcommand;
use std::path::PathBuf;
use vanthu_local::plan::indicator_import::import_indicators;
use vanthu_local::plan::indicators::{
    IndicatorInput, add_indicator, indicator_table, record_actual,
};

#[derive(Debug, Subcommand)]
pub enum IndicatorCommand {
    /// Thêm chỉ tiêu.
    Add {
        #[arg(long)]
        name: String,
        /// Đơn vị tính, ví dụ %.
        #[arg(long)]
        unit: Option<String>,
        /// Chỉ tiêu cần đạt, ví dụ "100%" hoặc "Tối thiểu 03".
        #[arg(long)]
        target: String,
        /// Đơn vị chịu trách nhiệm theo dõi.
        #[arg(long)]
        responsible: Option<String>,
        #[arg(long)]
        notes: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Nhập bảng chỉ tiêu của kế hoạch từ tệp .csv, .xlsx hoặc .xls (cột: Chỉ tiêu, Đơn vị
    /// tính, Mục tiêu/Kết quả, Cơ quan chủ trì theo dõi, Ghi chú).
    Import {
        file: PathBuf,
        /// Chỉ xem trước, không ghi.
        #[arg(long)]
        dry_run: bool,
        /// Bỏ qua các dòng lỗi và nhập các dòng còn lại.
        #[arg(long)]
        skip_bad_rows: bool,
        #[arg(long)]
        json: bool,
    },
    /// Ghi kết quả thực hiện của một kỳ (tên hoặc mã chỉ tiêu).
    Record {
        indicator: String,
        /// Kỳ: 2026-Q3, 2026-06, 2026-H1, 2026.
        #[arg(long)]
        period: String,
        #[arg(long)]
        value: String,
        /// Minh chứng.
        #[arg(long)]
        evidence: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Bảng chỉ tiêu với kết quả của kỳ (hoặc kết quả mới nhất).
    List {
        #[arg(long)]
        period: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

impl IndicatorCommand {
    pub fn json(&self) -> bool {
        match self {
            IndicatorCommand::Add { json, .. }
            | IndicatorCommand::Import { json, .. }
            | IndicatorCommand::Record { json, .. }
            | IndicatorCommand::List { json, .. } => *json,
        }
    }
}

pub fn run(env: &mut Env, cmd: IndicatorCommand) -> anyhow::Result<()> {
    match cmd {
        IndicatorCommand::Add {
            name,
            unit,
            target,
            responsible,
            notes,
            json,
        } => {
            let input = IndicatorInput {
                name,
                unit,
                target,
                responsible_unit: responsible,
                notes,
            };
            let ind = env.write(|tx, ctx, _| add_indicator(tx, ctx, &input))?;
            if json {
                return print_json(&ind);
            }
            println!(
                "Đã thêm chỉ tiêu \"{}\" (mục tiêu {}).",
                ind.name, ind.target
            );
            Ok(())
        }
        IndicatorCommand::Import {
            file,
            dry_run,
            skip_bad_rows,
            json,
        } => {
            let report =
                env.write(|tx, ctx, _| import_indicators(tx, ctx, &file, dry_run, skip_bad_rows))?;
            if json {
                print_json(&report)?;
            } else {
                let verb = if dry_run {
                    "Xem trước"
                } else {
                    "Đã nhập"
                };
                println!(
                    "{verb}: {} dòng, {} chỉ tiêu mới, {} đã có, {} dòng lỗi ({} nhóm).",
                    report.rows,
                    report.imported,
                    report.already_present,
                    report.errors.len(),
                    report.groups.len()
                );
                for p in &report.preview {
                    println!(
                        "- dòng {}: {} — mục tiêu {}{}",
                        p.line,
                        p.name,
                        p.target,
                        p.unit
                            .as_deref()
                            .map(|u| format!(" ({u})"))
                            .unwrap_or_default()
                    );
                }
            }
            crate::output::finish_table_import(
                "tệp chỉ tiêu",
                &report.errors,
                dry_run,
                skip_bad_rows,
                json,
            )
        }
        IndicatorCommand::Record {
            indicator,
            period,
            value,
            evidence,
            json,
        } => {
            let a = env.write(|tx, ctx, _| {
                record_actual(tx, ctx, &indicator, &period, &value, evidence.as_deref())
            })?;
            if json {
                return print_json(&a);
            }
            println!(
                "Đã ghi kết quả {} kỳ {}: {}.",
                a.value,
                a.period,
                achieved(a.achieved)
            );
            Ok(())
        }
        IndicatorCommand::List { period, json } => {
            let rows = indicator_table(env.store.conn(), period.as_deref())?;
            if json {
                return print_json(&rows);
            }
            let mut t = table(&[
                "Chỉ tiêu",
                "Đơn vị tính",
                "Mục tiêu",
                "Đơn vị theo dõi",
                "Kỳ",
                "Thực hiện",
                "Đánh giá",
            ]);
            for r in rows {
                let a = r.actual.as_ref();
                t.add_row(vec![
                    r.indicator.name.clone(),
                    r.indicator.unit.clone().unwrap_or_default(),
                    r.indicator.target.clone(),
                    r.indicator.responsible_unit.clone().unwrap_or_default(),
                    a.map(|a| a.period.clone()).unwrap_or_default(),
                    a.map(|a| a.value.clone()).unwrap_or_default(),
                    a.map(|a| achieved(a.achieved))
                        .unwrap_or("Chưa có số liệu")
                        .to_string(),
                ]);
            }
            println!("{t}");
            Ok(())
        }
    }
}

fn achieved(a: Option<bool>) -> &'static str {
    match a {
        Some(true) => "Đạt",
        Some(false) => "Chưa đạt",
        None => "Chưa đánh giá được",
    }
}
