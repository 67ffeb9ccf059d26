//! `vanthu outgoing …`: drafts, approval, issue with number, sending.

use super::Env;
use crate::cli::{OutgoingCommand, OutgoingStepArgs};
use crate::output::{date, print_json, table};
use vanthu_core::outgoing::OutgoingStatus;
use vanthu_local::outgoing::{
    OutgoingDocument, OutgoingFilter, OutgoingInput, StepInput, create_outgoing, get_outgoing,
    list_outgoing, outgoing_history, resolve_outgoing_ref, step_outgoing,
};

pub fn run(env: &mut Env, cmd: OutgoingCommand) -> anyhow::Result<()> {
    match cmd {
        OutgoingCommand::Create(a) => {
            let input = OutgoingInput {
                doc_type: a.doc_type,
                summary: a.summary,
                drafter: a.drafter,
                signer: a.signer,
                reply_to: a.reply_to,
                notes: a.notes,
                normative: a.normative,
                drafting_unit: a.drafting_unit,
            };
            let doc = env.write(|tx, ctx, _| create_outgoing(tx, ctx, &input))?;
            finish(&doc, a.json, "Đã tạo dự thảo")
        }
        OutgoingCommand::Transition(a) => step(env, a),
        OutgoingCommand::Issue {
            reference,
            date,
            json,
        } => step(
            env,
            OutgoingStepArgs {
                reference,
                action: "issue".into(),
                note: None,
                signer: None,
                date,
                recipients: vec![],
                copies: None,
                transfer_date: None,
                archive: None,
                json,
            },
        ),
        OutgoingCommand::List {
            year,
            status,
            limit,
            offset,
            json,
        } => {
            let filter = OutgoingFilter {
                year,
                status: status.as_deref().map(OutgoingStatus::parse).transpose()?,
                limit: Some(limit),
                offset: Some(offset),
            };
            let docs = list_outgoing(env.store.conn(), &filter)?;
            if json {
                return print_json(&docs);
            }
            let mut t = table(&[
                "Số, ký hiệu",
                "Ngày tháng",
                "Tên loại và trích yếu",
                "Người ký",
                "Nơi nhận",
                "Số lượng bản",
                "Trạng thái",
                "Mã",
            ]);
            for d in &docs {
                t.add_row(vec![
                    d.symbol.clone().unwrap_or_default(),
                    date(d.issued_date),
                    format!("{}: {}", d.doc_type.name_vi(), d.summary),
                    d.signer.clone().unwrap_or_default(),
                    d.recipients.join("; "),
                    d.copies.map(|c| c.to_string()).unwrap_or_default(),
                    d.status.label_vi().into(),
                    d.id.clone(),
                ]);
            }
            println!("{t}");
            Ok(())
        }
        OutgoingCommand::Show { reference, json } => {
            let (doc, events) = env.store.read(|tx| {
                let id = resolve_outgoing_ref(tx, &reference)?;
                Ok((get_outgoing(tx, &id)?, outgoing_history(tx, &id)?))
            })?;
            if json {
                return print_json(&serde_json::json!({ "document": doc, "history": events }));
            }
            finish(&doc, false, "Văn bản đi")?;
            for e in events {
                println!("- {} → {} ({})", e.action, e.to_status.label_vi(), e.actor);
            }
            Ok(())
        }
    }
}

fn step(env: &mut Env, a: OutgoingStepArgs) -> anyhow::Result<()> {
    let input = StepInput {
        action: a.action,
        note: a.note,
        signer: a.signer,
        issued_date: a.date,
        recipients: a.recipients,
        copies: a.copies,
        transfer_date: a.transfer_date,
        archive_holder: a.archive,
    };
    let doc = env.write(|tx, ctx, _| step_outgoing(tx, ctx, &a.reference, &input))?;
    finish(&doc, a.json, "Văn bản đi")
}

fn finish(doc: &OutgoingDocument, json: bool, verb: &str) -> anyhow::Result<()> {
    if json {
        return print_json(doc);
    }
    match &doc.symbol {
        Some(s) => println!(
            "{verb}: số {s} ngày {} — {} ({}).",
            date(doc.issued_date),
            doc.summary,
            doc.status.label_vi()
        ),
        None => println!(
            "{verb}: {} — {} (mã {}).",
            doc.summary,
            doc.status.label_vi(),
            doc.id
        ),
    }
    Ok(())
}
