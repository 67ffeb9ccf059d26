//! `vanthu indicator …`: the plan's indicator table, actual values per period.

use super::Env;
use crate::output::{print_json, table};
use clap::Subcommand;
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
