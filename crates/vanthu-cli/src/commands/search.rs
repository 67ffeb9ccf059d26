//! `vanthu search …`: full-text search over the registers, with the register filters.

use super::Env;
use crate::cli::SearchArgs;
use crate::output::{date, print_json, table};
use vanthu_core::doc_type::DocumentType;
use vanthu_core::incoming::IncomingStatus;
use vanthu_core::marks::Urgency;
use vanthu_core::outgoing::OutgoingStatus;
use vanthu_core::time::parse_date;
use vanthu_local::LocalError;
use vanthu_local::incoming::IncomingFilter;
use vanthu_local::outgoing::OutgoingFilter;
use vanthu_local::search::{SearchSort, search_incoming, search_outgoing};

pub fn run(env: &mut Env, a: SearchArgs) -> anyhow::Result<()> {
    let query = a.query.join(" ");
    match vanthu_core::text::fold(&a.kind).as_str() {
        "incoming" | "den" | "van ban den" => incoming(env, &query, a),
        "outgoing" | "di" | "van ban di" => outgoing(env, &query, a),
        other => Err(invalid(
            "loại sổ",
            format!("\"{other}\": dùng incoming hoặc outgoing"),
        )
        .into()),
    }
}

fn invalid(field: &'static str, reason: String) -> LocalError {
    vanthu_core::CoreError::InvalidField { field, reason }.into()
}

fn incoming(env: &mut Env, query: &str, a: SearchArgs) -> anyhow::Result<()> {
    let sort = match vanthu_core::text::fold(&a.sort).as_str() {
        "newest" | "moi nhat" => SearchSort::Newest,
        "issuer" | "tac gia" => SearchSort::Issuer,
        other => {
            return Err(invalid("sắp xếp", format!("\"{other}\": dùng newest hoặc issuer")).into());
        }
    };
    let filter = IncomingFilter {
        year: a.year,
        status: a.status.as_deref().map(IncomingStatus::parse).transpose()?,
        urgency: a.urgency.as_deref().map(Urgency::parse).transpose()?,
        doc_type: a.doc_type.as_deref().map(DocumentType::parse).transpose()?,
        assignee: a.assignee,
        overdue_on: a.overdue.then(|| env.clock.today()),
        arrival_from: a
            .from
            .as_deref()
            .map(|s| parse_date("từ ngày", s))
            .transpose()?,
        arrival_to: a
            .to
            .as_deref()
            .map(|s| parse_date("đến ngày", s))
            .transpose()?,
        limit: Some(a.limit),
        offset: Some(a.offset),
        ..Default::default()
    };
    let page = search_incoming(env.store.conn(), query, &filter, sort)?;
    if a.json {
        return print_json(&page);
    }
    if page.items.is_empty() {
        println!("Không tìm thấy văn bản đến nào khớp \"{query}\".");
        return Ok(());
    }
    let mut t = table(&[
        "Số đến",
        "Ngày đến",
        "Tác giả",
        "Số, ký hiệu",
        "Tên loại và trích yếu nội dung",
        "Người xử lý",
        "Trạng thái",
        "Khớp",
    ]);
    for hit in &page.items {
        let d = &hit.document;
        t.add_row(vec![
            d.arrival_ref(),
            date(Some(d.arrival_date)),
            d.issuer.clone(),
            d.symbol.clone(),
            format!("{}: {}", d.doc_type.name_vi(), d.summary),
            d.assignee.clone().unwrap_or_default(),
            d.status.label_vi().to_string(),
            match_label(hit.exact),
        ]);
    }
    println!("{t}");
    more(page.has_more, page.offset + page.limit);
    Ok(())
}

fn outgoing(env: &mut Env, query: &str, a: SearchArgs) -> anyhow::Result<()> {
    // The outgoing register filters by year and status only; say so rather than quietly
    // answering a question that was not asked.
    let unsupported: Vec<&str> = [
        ("--type", a.doc_type.is_some()),
        ("--urgency", a.urgency.is_some()),
        ("--assignee", a.assignee.is_some()),
        ("--overdue", a.overdue),
        ("--from", a.from.is_some()),
        ("--to", a.to.is_some()),
        ("--sort", vanthu_core::text::fold(&a.sort) != "newest"),
    ]
    .into_iter()
    .filter_map(|(flag, set)| set.then_some(flag))
    .collect();
    if !unsupported.is_empty() {
        return Err(invalid(
            "bộ lọc",
            format!(
                "sổ văn bản đi chỉ lọc được theo --year và --status; bỏ {}",
                unsupported.join(", ")
            ),
        )
        .into());
    }
    let filter = OutgoingFilter {
        year: a.year,
        status: a.status.as_deref().map(OutgoingStatus::parse).transpose()?,
        limit: Some(a.limit),
        offset: Some(a.offset),
    };
    let page = search_outgoing(env.store.conn(), query, &filter)?;
    if a.json {
        return print_json(&page);
    }
    if page.items.is_empty() {
        println!("Không tìm thấy văn bản đi nào khớp \"{query}\".");
        return Ok(());
    }
    let mut t = table(&[
        "Số, ký hiệu",
        "Ngày tháng",
        "Tên loại và trích yếu nội dung",
        "Người ký",
        "Trạng thái",
        "Khớp",
    ]);
    for hit in &page.items {
        let d = &hit.document;
        t.add_row(vec![
            d.symbol.clone().unwrap_or_else(|| "(dự thảo)".into()),
            date(d.issued_date),
            format!("{}: {}", d.doc_type.name_vi(), d.summary),
            d.signer.clone().unwrap_or_default(),
            d.status.label_vi().to_string(),
            match_label(hit.exact),
        ]);
    }
    println!("{t}");
    more(page.has_more, page.offset + page.limit);
    Ok(())
}

fn match_label(exact: bool) -> String {
    if exact {
        "đúng dấu"
    } else {
        "không dấu"
    }
    .to_string()
}

fn more(has_more: bool, next: u32) {
    if has_more {
        println!("Còn tiếp — dùng --offset {next} để xem trang sau.");
    }
}
