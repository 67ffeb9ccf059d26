//! The narrative pre-drafted from the figures, in the administrative Vietnamese a commune
//! report is written in. It is only a first draft: every paragraph lands in an editable
//! section, and a section the user has edited is never rewritten (see `draft.rs`).
//!
//! Paragraphs are separated by a newline; a paragraph starting with "- " is a list item.

use super::figures::{Count, ReportFigures};
use super::template::Prefill;
use super::vi::{date, decimal1, int, lower_first, next_period, percent, period_in_sentence};

/// What the narrative needs besides the figures.
#[derive(Debug, Clone)]
pub struct NarrativeContext<'a> {
    /// The unit's full name, "Ủy ban nhân dân xã Tân Cương".
    pub unit_name: &'a str,
    /// The trích yếu of the report, for the opening sentence.
    pub summary: &'a str,
}

/// The pre-drafted text of a section.
pub fn prefill(kind: Prefill, f: &ReportFigures, cx: &NarrativeContext<'_>) -> String {
    match kind {
        Prefill::Opening => opening(f, cx),
        Prefill::Summary => summary(f),
        Prefill::Incoming => incoming(f),
        Prefill::Outgoing => outgoing(f),
        Prefill::Processing => processing(f),
        Prefill::Overdue => overdue(f),
        Prefill::Tasks => tasks(f),
        Prefill::Indicators => indicators(f),
        Prefill::Shortcomings => shortcomings(f),
        Prefill::Directions => directions(f),
    }
}

/// "45 công văn, 30 kế hoạch và 12 văn bản khác": the four most frequent types by name.
fn type_list(counts: &[Count]) -> String {
    let mut parts: Vec<String> = counts
        .iter()
        .take(4)
        .map(|c| format!("{} {}", int(c.count.into()), lower_first(&c.label)))
        .collect();
    let rest: u32 = counts.iter().skip(4).map(|c| c.count).sum();
    if rest > 0 {
        parts.push(format!("{} văn bản loại khác", int(rest.into())));
    }
    join_and(&parts)
}

/// "a, b và c".
fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} và {last}", init.join(", ")),
    }
}

fn opening(f: &ReportFigures, cx: &NarrativeContext<'_>) -> String {
    let summary = lower_first(cx.summary);
    format!(
        "Thực hiện chế độ báo cáo định kỳ, {} báo cáo {} (số liệu tính đến ngày {}) như sau:",
        cx.unit_name,
        summary,
        date(f.as_of)
    )
}

/// "tăng 1,2 điểm phần trăm so với quý II" / "bằng với quý II".
fn comparison(f: &ReportFigures) -> Option<String> {
    let p = &f.processing;
    let label = p.previous_label.as_ref()?;
    let change = p.change_points?;
    let rounded = (change * 10.0).round() / 10.0;
    Some(if rounded > 0.0 {
        format!("tăng {} điểm phần trăm so với {label}", decimal1(rounded))
    } else if rounded < 0.0 {
        format!("giảm {} điểm phần trăm so với {label}", decimal1(-rounded))
    } else {
        format!("bằng với {label}")
    })
}

/// "đạt mục tiêu 95 %" / "chưa đạt mục tiêu 95 %".
fn against_target(f: &ReportFigures) -> String {
    let p = &f.processing;
    let target = percent(Some(p.target));
    if p.met_target {
        format!("đạt mục tiêu {target}")
    } else {
        format!("chưa đạt mục tiêu {target}")
    }
}

fn rate_clause(f: &ReportFigures) -> String {
    let p = &f.processing;
    let mut s = format!(
        "tỷ lệ xử lý đúng hạn đạt {}, {}",
        percent(p.rate),
        against_target(f)
    );
    if let Some(c) = comparison(f) {
        s.push_str(", ");
        s.push_str(&c);
    }
    s
}

fn summary(f: &ReportFigures) -> String {
    let ky = period_in_sentence(&f.period);
    let mut s = format!(
        "Trong {ky}, đơn vị đã tiếp nhận {} văn bản đến",
        int(f.incoming.total.into())
    );
    if f.outgoing.total > 0 {
        s.push_str(&format!(
            ", ban hành {} văn bản đi",
            int(f.outgoing.total.into())
        ));
    }
    let p = &f.processing;
    if p.counted > 0 {
        s.push_str(&format!(
            "; trong số {} văn bản, công việc đến hạn xử lý, đã hoàn thành đúng hạn {}, {}",
            int(p.counted.into()),
            int(p.on_time.into()),
            rate_clause(f)
        ));
    }
    s.push('.');
    s
}

fn incoming(f: &ReportFigures) -> String {
    let i = &f.incoming;
    let ky = period_in_sentence(&f.period);
    if i.total == 0 {
        return format!("Trong {ky}, đơn vị không tiếp nhận văn bản đến nào.");
    }
    let mut s = format!(
        "Trong {ky}, đơn vị đã tiếp nhận, đăng ký {} văn bản đến, gồm: {}.",
        int(i.total.into()),
        type_list(&i.by_type)
    );
    if i.urgent == 0 {
        s.push_str(" Không có văn bản khẩn.");
    } else {
        let marked: Vec<String> = i.by_urgency[1..]
            .iter()
            .filter(|c| c.count > 0)
            .map(|c| format!("{} văn bản {}", int(c.count.into()), lower_first(&c.label)))
            .collect();
        s.push_str(&format!(
            " Trong đó có {} văn bản có độ khẩn ({}), đã được đăng ký và chuyển giao ngay khi tiếp nhận.",
            int(i.urgent.into()),
            join_and(&marked)
        ));
    }
    s
}

fn outgoing(f: &ReportFigures) -> String {
    let o = &f.outgoing;
    let ky = period_in_sentence(&f.period);
    if o.total == 0 {
        return format!("Trong {ky}, đơn vị chưa ban hành văn bản đi nào.");
    }
    format!(
        "Trong {ky}, đơn vị đã ban hành {} văn bản đi, gồm: {}.",
        int(o.total.into()),
        type_list(&o.by_type)
    )
}

fn processing(f: &ReportFigures) -> String {
    let p = &f.processing;
    if p.counted == 0 {
        return "Trong kỳ không có văn bản, công việc nào đến hạn xử lý.".into();
    }
    let mut s = format!(
        "Trong kỳ có {} văn bản, công việc đến hạn xử lý; trong đó {} hoàn thành đúng hạn, {} hoàn thành trễ hạn và {} quá hạn chưa hoàn thành; {}.",
        int(p.counted.into()),
        int(p.on_time.into()),
        int(p.late.into()),
        int(p.overdue_open.into()),
        rate_clause(f)
    );
    if p.previous_label.is_some() && p.change_points.is_none() {
        s.push_str(" Kỳ trước chưa có số liệu để so sánh.");
    }
    if p.stale_items > 0 {
        s.push_str(&format!(
            " Có {} văn bản, công việc đang xử lý chưa được cập nhật trạng thái kịp thời.",
            int(p.stale_items.into())
        ));
    }
    s
}

fn overdue(f: &ReportFigures) -> String {
    if f.overdue_total == 0 {
        return format!(
            "Đến ngày {}, không còn văn bản, công việc nào quá hạn chưa hoàn thành.",
            date(f.as_of)
        );
    }
    format!(
        "Đến ngày {}, còn {} văn bản, công việc quá hạn chưa hoàn thành (chi tiết tại bảng dưới đây); đơn vị đang đôn đốc giải quyết dứt điểm.",
        date(f.as_of),
        int(f.overdue_total.into())
    )
}

fn tasks(f: &ReportFigures) -> String {
    let Some(t) = &f.tasks else {
        return String::new();
    };
    let mut s = format!(
        "Trong kỳ, đơn vị theo dõi {} nhiệm vụ: {} nhiệm vụ đã hoàn thành, {} nhiệm vụ đang thực hiện, {} nhiệm vụ chưa thực hiện; tiến độ bình quân đạt {} %.",
        int(t.total.into()),
        int(t.done.into()),
        int(t.in_progress.into()),
        int(t.not_started.into()),
        t.average_progress
    );
    if t.overdue > 0 {
        s.push_str(&format!(
            " Có {} nhiệm vụ quá thời hạn chưa hoàn thành.",
            int(t.overdue.into())
        ));
    }
    s
}

fn indicators(f: &ReportFigures) -> String {
    let Some(rows) = &f.indicators else {
        return String::new();
    };
    let achieved = rows.iter().filter(|r| r.achieved == Some(true)).count();
    let missed = rows.iter().filter(|r| r.achieved == Some(false)).count();
    let unknown = rows.len() - achieved - missed;
    let mut parts = vec![
        format!("{achieved} chỉ tiêu đạt"),
        format!("{missed} chỉ tiêu chưa đạt"),
    ];
    if unknown > 0 {
        parts.push(format!("{unknown} chỉ tiêu chưa có số liệu đánh giá"));
    }
    format!(
        "Đơn vị theo dõi {} chỉ tiêu; kết quả trong kỳ: {}.",
        rows.len(),
        join_and(&parts)
    )
}

fn shortcomings(f: &ReportFigures) -> String {
    let p = &f.processing;
    let mut lines = Vec::new();
    if p.counted > 0 && !p.met_target {
        lines.push(format!(
            "- Tỷ lệ xử lý văn bản, công việc đúng hạn đạt {}, chưa đạt mục tiêu {}.",
            percent(p.rate),
            percent(Some(p.target))
        ));
    }
    if p.late > 0 {
        lines.push(format!(
            "- Còn {} văn bản, công việc hoàn thành trễ hạn.",
            int(p.late.into())
        ));
    }
    if f.overdue_total > 0 {
        lines.push(format!(
            "- Còn {} văn bản, công việc quá hạn chưa hoàn thành.",
            int(f.overdue_total.into())
        ));
    }
    if p.stale_items > 0 {
        lines.push(format!(
            "- Việc cập nhật trạng thái xử lý trên hệ thống chưa kịp thời ({} văn bản, công việc).",
            int(p.stale_items.into())
        ));
    }
    lines.join("\n")
}

fn directions(f: &ReportFigures) -> String {
    let next = next_period(&f.period)
        .map(|p| period_in_sentence(&p))
        .unwrap_or_else(|| "thời gian tới".into());
    let mut lines = vec![
        format!(
            "- Tiếp tục tiếp nhận, xử lý văn bản đến và ban hành văn bản đi trên hệ thống theo đúng quy trình; cập nhật kịp thời tình trạng xử lý trong {next}."
        ),
        format!(
            "- Phấn đấu tỷ lệ xử lý văn bản, công việc đúng hạn đạt từ {} trở lên.",
            percent(Some(f.processing.target))
        ),
    ];
    if f.overdue_total > 0 {
        lines.push(format!(
            "- Tập trung giải quyết dứt điểm {} văn bản, công việc còn quá hạn.",
            int(f.overdue_total.into())
        ));
    }
    lines.join("\n")
}
