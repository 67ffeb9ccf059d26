//! Realistic data generator: Vietnamese agencies, document types and summaries, urgencies and
//! status histories with realistic delays, spread over years. It goes through the same use
//! cases as a clerk (numbering, events, outbox), so demos, tests and benchmarks see real data.

use crate::incoming::{IncomingInput, TransitionInput, register_incoming, transition_incoming};
use crate::outgoing::{OutgoingInput, StepInput, create_outgoing, step_outgoing};
use crate::unit::{UnitInput, get_unit, setup_unit};
use crate::{Context, FixedClock, Result, Store};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use vanthu_core::time::vietnam_midnight_ms;

const AGENCIES: &[(&str, &str)] = &[
    ("Ủy ban nhân dân tỉnh Thái Nguyên", "UBND"),
    ("Văn phòng Ủy ban nhân dân tỉnh", "VP"),
    ("Sở Khoa học và Công nghệ", "SKHCN"),
    ("Sở Nội vụ", "SNV"),
    ("Sở Tài chính", "STC"),
    ("Sở Nông nghiệp và Môi trường", "SNNMT"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT"),
    ("Sở Y tế", "SYT"),
    ("Công an tỉnh", "CAT"),
    ("Bộ Chỉ huy Quân sự tỉnh", "BCH"),
    ("Ban Thường vụ Tỉnh ủy", "TU"),
    ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "BTGDVTU"),
    ("Ủy ban MTTQ Việt Nam tỉnh", "MTTQ-BTT"),
    ("Hội Nông dân tỉnh", "HNDT"),
    ("Tỉnh đoàn", "TĐTN"),
    ("Hội Liên hiệp Phụ nữ tỉnh", "HLHPN"),
    ("Kho bạc Nhà nước khu vực", "KBNN"),
    ("Bảo hiểm xã hội tỉnh", "BHXH"),
    ("Trung tâm Phục vụ hành chính công tỉnh", "TTPVHCC"),
    ("Đảng ủy xã", "ĐU"),
];

const PARTY_ISSUERS: &[&str] = &["TU", "BTGDVTU", "HNDT", "MTTQ-BTT", "ĐU", "TĐTN", "HLHPN"];

/// (type code, weight).
const TYPES: &[(&str, u32)] = &[
    ("cong_van", 34),
    ("ke_hoach", 14),
    ("thong_bao", 10),
    ("quyet_dinh", 9),
    ("giay_moi", 9),
    ("bao_cao", 6),
    ("huong_dan", 5),
    ("chi_thi", 2),
    ("nghi_quyet", 3),
    ("chuong_trinh", 2),
    ("to_trinh", 2),
    ("cong_dien", 1),
    ("de_an", 1),
    ("quy_che", 1),
];

const TOPICS: &[&str] = &[
    "chuyển đổi số và phát triển chính quyền số",
    "triển khai phong trào \"Bình dân học vụ số\"",
    "cải cách hành chính và nâng cao chỉ số hài lòng của người dân",
    "phòng, chống thiên tai, tìm kiếm cứu nạn",
    "phòng cháy, chữa cháy rừng mùa khô",
    "bảo đảm an toàn thông tin mạng",
    "thu ngân sách nhà nước và quản lý chi tiêu công",
    "xây dựng nông thôn mới nâng cao",
    "chăm sóc, bảo vệ sức khỏe nhân dân",
    "công tác tuyển chọn, gọi công dân nhập ngũ",
    "phổ biến, giáo dục pháp luật",
    "bảo vệ môi trường, thu gom rác thải sinh hoạt",
    "cấp giấy chứng nhận quyền sử dụng đất",
    "triển khai Đề án 06 về dữ liệu dân cư, định danh điện tử",
    "tổ chức Tết Nguyên đán và các ngày lễ lớn",
    "ứng dụng chữ ký số trong xử lý văn bản",
    "phát triển kinh tế tập thể, hợp tác xã",
    "giảm nghèo bền vững và an sinh xã hội",
    "sắp xếp, kiện toàn tổ chức bộ máy",
    "phòng, chống dịch bệnh trên gia súc, gia cầm",
];

const OPENERS: &[&str] = &[
    "Về việc triển khai",
    "Về việc tăng cường",
    "Về việc báo cáo kết quả",
    "Hướng dẫn thực hiện",
    "Về việc đôn đốc thực hiện",
    "Về việc tổ chức hội nghị sơ kết",
    "Về việc góp ý dự thảo văn bản về",
    "Về việc rà soát, tổng hợp số liệu",
];

const STAFF: &[&str] = &[
    "Nguyễn Văn Hùng",
    "Trần Thị Lan",
    "Lê Minh Đức",
    "Phạm Thị Hương",
    "Hoàng Văn Nam",
    "Vũ Thị Thu Hà",
    "Đặng Quốc Khánh",
    "Bùi Thị Ngọc Ánh",
];

/// What to make.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    pub count: usize,
    pub from_year: i32,
    pub to_year: i32,
    pub seed: u64,
    /// Nothing happens after this date; documents that arrived recently stay open.
    pub today: NaiveDate,
}

/// What was made.
#[derive(Debug, Clone, Serialize)]
pub struct GenerateReport {
    pub incoming: usize,
    pub outgoing: usize,
    pub events: usize,
}

/// Fills `store` with `count` incoming documents and their replies, deterministically for a
/// seed. Sets up a demo unit if none exists (outgoing numbering needs one).
pub fn generate(store: &mut Store, opts: &GenerateOptions) -> Result<GenerateReport> {
    let mut rng = StdRng::seed_from_u64(opts.seed);
    let clock = FixedClock::new(vietnam_midnight_ms(opts.today));
    let ctx = Context {
        actor: "Văn thư (dữ liệu mẫu)",
        clock: &clock,
    };
    if get_unit(store.conn())?.is_none() {
        store.write(|tx| setup_unit(tx, &ctx, &demo_unit()).map(|_| ()))?;
    }
    let start = NaiveDate::from_ymd_opt(opts.from_year, 1, 2).expect("valid year");
    let end = NaiveDate::from_ymd_opt(opts.to_year, 12, 31)
        .expect("valid year")
        .min(opts.today);
    let span = (end - start).num_days().max(1);
    let mut arrivals: Vec<NaiveDate> = (0..opts.count)
        .map(|_| working_day(start + Duration::days(rng.gen_range(0..=span))))
        .filter(|d| *d <= end)
        .collect();
    arrivals.sort();
    let data_dir = store.data_dir().to_path_buf();
    let mut report = GenerateReport {
        incoming: 0,
        outgoing: 0,
        events: 0,
    };
    for chunk in arrivals.chunks(2000) {
        store.write(|tx| {
            for &arrival in chunk {
                let at = |d: NaiveDate, rng: &mut StdRng| {
                    vietnam_midnight_ms(d) + rng.gen_range(7 * 3600 + 1800..16 * 3600 + 1800) * 1000
                };
                clock.set(at(arrival, &mut rng));
                let input = random_incoming(&mut rng, arrival);
                let doc = register_incoming(tx, &ctx, &data_dir, &input)?.document;
                report.incoming += 1;
                let reference = doc.id.clone();
                for (day, step) in history(&mut rng, arrival, doc.urgency) {
                    if day > opts.today {
                        break;
                    }
                    clock.set(at(day, &mut rng));
                    let mut step = step;
                    if step.action == "done" && rng.gen_bool(0.3) {
                        let reply = reply_for(tx, &ctx, &doc.summary, &reference, day)?;
                        step.reply = Some(reply);
                        report.outgoing += 1;
                    }
                    transition_incoming(tx, &ctx, &reference, &step)?;
                    report.events += 1;
                }
            }
            Ok(())
        })?;
    }
    Ok(report)
}

fn demo_unit() -> UnitInput {
    UnitInput {
        name: "Ủy ban nhân dân xã Tân Cương".into(),
        superior: "Ủy ban nhân dân tỉnh Thái Nguyên".into(),
        abbreviation: "UBND".into(),
        place_name: "Tân Cương".into(),
        numbering_style: "state".into(),
        commune_code: Some("05479".into()),
        leaders: vec![
            "Nguyễn Văn Thắng|Chủ tịch".into(),
            "Lê Thị Mai|Phó Chủ tịch".into(),
        ],
    }
}

fn working_day(mut d: NaiveDate) -> NaiveDate {
    while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
        d += Duration::days(1);
    }
    d
}

fn weighted_type(rng: &mut StdRng) -> &'static str {
    let total: u32 = TYPES.iter().map(|t| t.1).sum();
    let mut pick = rng.gen_range(0..total);
    for (code, w) in TYPES {
        if pick < *w {
            return code;
        }
        pick -= w;
    }
    TYPES[0].0
}

fn random_incoming(rng: &mut StdRng, arrival: NaiveDate) -> IncomingInput {
    let (agency, abbr) = *AGENCIES.choose(rng).expect("non-empty");
    let ty = weighted_type(rng);
    let t = vanthu_core::doc_type::DocumentType::parse(ty).expect("known type");
    let number = rng.gen_range(1..2400);
    let symbol = match (
        PARTY_ISSUERS.contains(&abbr),
        t.party_abbreviation(),
        t.abbreviation(),
    ) {
        (true, Some(p), _) => format!("{number:02}-{p}/{abbr}"),
        (false, _, Some(a)) => format!("{number:02}/{a}-{abbr}"),
        (false, _, None) => format!("{number:02}/{abbr}-VP"),
        (true, None, _) => format!("{number:02}-CV/{abbr}"),
    };
    let doc_date = arrival - Duration::days(rng.gen_range(0..6));
    let urgency = match rng.gen_range(0..100) {
        0..=84 => "",
        85..=94 => "Khẩn",
        95..=98 => "Thượng khẩn",
        _ => "Hỏa tốc",
    };
    IncomingInput {
        arrival_date: Some(arrival.to_string()),
        issuer: agency.into(),
        symbol,
        doc_date: doc_date.to_string(),
        doc_type: ty.into(),
        summary: format!(
            "{} {}",
            OPENERS.choose(rng).expect("x"),
            TOPICS.choose(rng).expect("x")
        ),
        urgency: Some(urgency.into()),
        recipient: None,
        signer: None,
        notes: None,
        allow_duplicate: true,
        ..Default::default()
    }
}

/// A plausible sequence of steps with delays: most documents are handled in time, some late,
/// some only filed for information.
fn history(
    rng: &mut StdRng,
    arrival: NaiveDate,
    urgency: vanthu_core::marks::Urgency,
) -> Vec<(NaiveDate, TransitionInput)> {
    let step = |action: &str| TransitionInput {
        action: action.into(),
        ..Default::default()
    };
    let mut out = Vec::new();
    if rng.gen_bool(0.2) {
        out.push((
            arrival,
            TransitionInput {
                note: Some("Lưu để biết".into()),
                ..step("file")
            },
        ));
        return out;
    }
    let mut day = arrival;
    out.push((day, step("submit")));
    day = working_day(day + Duration::days(rng.gen_range(0..2)));
    let allowed = match urgency {
        vanthu_core::marks::Urgency::Normal => rng.gen_range(7..15),
        _ => rng.gen_range(1..4),
    };
    let deadline = working_day(day + Duration::days(allowed));
    let assignee = (*STAFF.choose(rng).expect("x")).to_string();
    out.push((
        day,
        TransitionInput {
            assignee: Some(assignee),
            deadline: Some(deadline.to_string()),
            instructions: Some("Đề nghị nghiên cứu, tham mưu xử lý theo quy định".into()),
            ..step("assign")
        },
    ));
    for _ in 0..rng.gen_range(0..3) {
        day = working_day(day + Duration::days(rng.gen_range(1..4)));
        out.push((
            day,
            TransitionInput {
                note: Some("Đang tổng hợp số liệu".into()),
                ..step("progress")
            },
        ));
    }
    // ~92 % on time: finish within the allowed days, else a few days late.
    let done = if rng.gen_bool(0.92) {
        working_day(
            day.max(deadline - Duration::days(rng.gen_range(0..allowed.max(1))))
                .min(deadline),
        )
    } else {
        working_day(deadline + Duration::days(rng.gen_range(1..10)))
    };
    out.push((
        done.max(day),
        TransitionInput {
            result: Some("Đã tham mưu xử lý, báo cáo kết quả".into()),
            ..step("done")
        },
    ));
    out
}

/// Drafts, approves, signs, issues and sends a reply report the same day.
fn reply_for(
    tx: &rusqlite::Transaction<'_>,
    ctx: &Context<'_>,
    summary: &str,
    incoming_ref: &str,
    day: NaiveDate,
) -> Result<String> {
    let doc = create_outgoing(
        tx,
        ctx,
        &OutgoingInput {
            doc_type: "bao_cao".into(),
            summary: format!("Báo cáo kết quả thực hiện: {}", summary.to_lowercase()),
            signer: Some("Nguyễn Văn Thắng".into()),
            reply_to: Some(incoming_ref.into()),
            ..Default::default()
        },
    )?;
    for action in ["submit", "approve", "sign", "issue", "send"] {
        let input = StepInput {
            action: action.into(),
            issued_date: Some(day.to_string()),
            recipients: vec!["Ủy ban nhân dân tỉnh".into()],
            ..Default::default()
        };
        step_outgoing(tx, ctx, &doc.id, &input)?;
    }
    Ok(doc.id)
}
