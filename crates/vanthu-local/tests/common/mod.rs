//! Shared helpers for the local store's integration tests (real SQLite files in temp dirs).
#![allow(dead_code)]

use chrono::NaiveDate;
use vanthu_local::incoming::IncomingInput;
use vanthu_local::unit::UnitInput;

pub fn incoming(symbol: &str, summary: &str) -> IncomingInput {
    IncomingInput {
        issuer: "Ủy ban nhân dân tỉnh Thái Nguyên".into(),
        symbol: symbol.into(),
        doc_date: "2026-02-04".into(),
        doc_type: "Kế hoạch".into(),
        summary: summary.into(),
        ..Default::default()
    }
}

pub fn unit(style: &str, abbr: &str) -> UnitInput {
    UnitInput {
        name: "Ủy ban nhân dân xã Tân Cương".into(),
        superior: "Ủy ban nhân dân tỉnh Thái Nguyên".into(),
        abbreviation: abbr.into(),
        place_name: "Tân Cương".into(),
        numbering_style: style.into(),
        commune_code: None,
        leaders: vec!["Nguyễn Văn Thắng|Chủ tịch".into()],
    }
}

/// Unix ms of a Vietnam civil date at a time of day.
pub fn vn(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> i64 {
    let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
    vanthu_core::time::vietnam_midnight_ms(date) + ((h * 3600 + min * 60 + s) as i64) * 1000
}

pub fn count(store: &vanthu_local::Store, table: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}
