//! `vanthu incoming …`: the incoming register.

use super::Env;
use crate::cli::{IncomingAddArgs, IncomingCommand, IncomingListArgs, IncomingTransitionArgs};
use crate::output::{date, print_json, table};
use vanthu_core::doc_type::DocumentType;
use vanthu_core::incoming::IncomingStatus;
use vanthu_core::marks::Urgency;
use vanthu_core::time::parse_date;
use vanthu_local::attachments::{self, attach};
use vanthu_local::calendar::deadline_state;
use vanthu_local::incoming::{
    IncomingDocument, IncomingFilter, IncomingInput, TransitionInput, get_incoming, history,
    list_incoming, register_incoming, resolve_ref, transition_incoming,
};

pub fn run(env: &mut Env, cmd: IncomingCommand) -> anyhow::Result<()> {
    match cmd {
        IncomingCommand::Add(a) => add(env, a),
        IncomingCommand::List(a) => list(env, a),
        IncomingCommand::Show { reference, json } => show(env, &reference, json),
        IncomingCommand::Transition(a) => transition(env, a),
        IncomingCommand::Attach {
            reference,
            files,
            json,
        } => {
            let added = env.write(|tx, ctx, data_dir| {
                let id = resolve_ref(tx, &reference)?;
                files
                    .iter()
                    .map(|f| attach(tx, ctx, data_dir, "incoming", &id, f))
                    .collect::<Result<Vec<_>, _>>()
            })?;
            if json {
                return print_json(&added);
            }
            println!("Đã đính kèm {} tệp.", added.len());
            Ok(())
        }
    }
}

fn add(env: &mut Env, a: IncomingAddArgs) -> anyhow::Result<()> {
    let input = IncomingInput {
        arrival_date: a.arrival_date,
        issuer: a.issuer,
        symbol: a.symbol,
        doc_date: a.doc_date,
        doc_type: a.doc_type,
        summary: a.summary,
        urgency: a.urgency,
        secrecy: a.secrecy,
        recipient: a.recipient,
        signer: a.signer,
        notes: a.notes,
        category: a.category,
        attachments: a.attachments,
        allow_duplicate: a.allow_duplicate,
    };
    let registered = env.write(|tx, ctx, dir| register_incoming(tx, ctx, dir, &input))?;
    if a.json {
        return print_json(&registered);
    }
    let d = &registered.document;
    if !registered.duplicate_of.is_empty() {
        eprintln!(
            "Cảnh báo: có thể trùng với số đến {}.",
            registered.duplicate_of.join(", ")
        );
    }
    println!(
        "Đã đăng ký văn bản đến: số đến {} ngày {} — {} {} của {}.",
        d.arrival_ref(),
        date(Some(d.arrival_date)),
        d.doc_type.name_vi(),
        d.symbol,
        d.issuer
    );
    Ok(())
}

fn list(env: &mut Env, a: IncomingListArgs) -> anyhow::Result<()> {
    let today = env.clock.today();
    let filter = IncomingFilter {
        year: a.year,
        status: a.status.as_deref().map(IncomingStatus::parse).transpose()?,
        urgency: a.urgency.as_deref().map(Urgency::parse).transpose()?,
        doc_type: a.doc_type.as_deref().map(DocumentType::parse).transpose()?,
        assignee: a.assignee,
        overdue_on: a.overdue.then_some(today),
        due_between: if a.due_soon {
            Some(vanthu_local::calendar::due_soon_window(
                env.store.conn(),
                today,
            )?)
        } else {
            None
        },
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
    };
    let page = list_incoming(env.store.conn(), &filter)?;
    if a.json {
        return print_json(&page);
    }
    if page.items.is_empty() {
        println!("Không có văn bản đến nào phù hợp.");
        return Ok(());
    }
    let mut t = table(&[
        "Số đến",
        "Ngày đến",
        "Tác giả",
        "Số, ký hiệu",
        "Ngày tháng",
        "Tên loại và trích yếu nội dung",
        "Người xử lý",
        "Hạn xử lý",
        "Trạng thái",
    ]);
    for d in &page.items {
        t.add_row(vec![
            d.arrival_ref(),
            date(Some(d.arrival_date)),
            d.issuer.clone(),
            d.symbol.clone(),
            date(Some(d.doc_date)),
            format!("{}: {}", d.doc_type.name_vi(), d.summary),
            d.assignee.clone().unwrap_or_default(),
            date(d.deadline),
            d.status.label_vi().to_string(),
        ]);
    }
    println!("{t}");
    if page.has_more {
        println!(
            "Còn tiếp — dùng --offset {} để xem trang sau.",
            page.offset + page.limit
        );
    }
    Ok(())
}

fn show(env: &mut Env, reference: &str, json: bool) -> anyhow::Result<()> {
    let today = env.clock.today();
    let (doc, events, files, state) = env.store.read(|tx| {
        let id = resolve_ref(tx, reference)?;
        let doc = get_incoming(tx, &id)?;
        let state = deadline_state(tx, doc.deadline, doc.completed_on, today)?;
        Ok((
            doc,
            history(tx, &id)?,
            attachments::list_for(tx, "incoming", &id)?,
            state,
        ))
    })?;
    if json {
        return print_json(&serde_json::json!({
            "document": doc, "deadline_state": state, "history": events, "attachments": files
        }));
    }
    print_document(&doc);
    println!("Tình trạng thời hạn: {}", state.label_vi());
    let mut t = table(&[
        "Thời điểm",
        "Người thực hiện",
        "Thao tác",
        "Trạng thái",
        "Ghi chú",
    ]);
    for e in &events {
        let when = chrono::DateTime::from_timestamp_millis(e.at)
            .map(|t| {
                t.with_timezone(&vanthu_core::time::vietnam_offset())
                    .format("%d/%m/%Y %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        t.add_row(vec![
            when,
            e.actor.clone(),
            e.action.clone(),
            e.to_status.label_vi().into(),
            e.note.clone().unwrap_or_default(),
        ]);
    }
    println!("Lịch sử xử lý:\n{t}");
    for f in &files {
        println!(
            "Tệp đính kèm: {} ({} byte, SHA-256 {})",
            f.file_name, f.size, f.sha256
        );
    }
    Ok(())
}

fn print_document(d: &IncomingDocument) {
    let mut t = table(&["Thông tin", "Giá trị"]);
    let rows: Vec<(&str, String)> = vec![
        ("Số đến", d.arrival_ref()),
        ("Ngày đến", date(Some(d.arrival_date))),
        ("Tác giả", d.issuer.clone()),
        ("Số, ký hiệu", d.symbol.clone()),
        ("Ngày tháng", date(Some(d.doc_date))),
        ("Loại văn bản", d.doc_type.name_vi().into()),
        ("Trích yếu", d.summary.clone()),
        ("Độ khẩn", d.urgency.label_vi().into()),
        (
            "Đơn vị hoặc người nhận",
            d.recipient.clone().unwrap_or_default(),
        ),
        ("Ngày chuyển", date(d.transfer_date)),
        ("Người xử lý", d.assignee.clone().unwrap_or_default()),
        ("Thời hạn giải quyết", date(d.deadline)),
        ("Trạng thái", d.status.label_vi().into()),
        ("Kết quả", d.result.clone().unwrap_or_default()),
        ("Ghi chú", d.notes.clone().unwrap_or_default()),
    ];
    for (k, v) in rows {
        t.add_row(vec![k.to_string(), v]);
    }
    println!("{t}");
}

fn transition(env: &mut Env, a: IncomingTransitionArgs) -> anyhow::Result<()> {
    let input = TransitionInput {
        action: a.action,
        assignee: a.assignee,
        instructions: a.instructions,
        deadline: a.deadline,
        reason: a.reason,
        note: a.note,
        result: a.result,
        reply: a.reply,
    };
    let doc = env.write(|tx, ctx, _| transition_incoming(tx, ctx, &a.reference, &input))?;
    if a.json {
        return print_json(&doc);
    }
    println!(
        "Văn bản số đến {}: {}.",
        doc.arrival_ref(),
        doc.status.label_vi()
    );
    Ok(())
}
