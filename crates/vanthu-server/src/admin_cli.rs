//! `vanthu-server admin …`: argument parsing and printing over [`vanthu_server::admin`].

use anyhow::Context as _;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use vanthu_protocol::ProvinceDocument;
use vanthu_server::{Storage, admin};

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Đơn vị cấp xã.
    #[command(subcommand)]
    Unit(UnitCommand),
    /// Cấp mã đăng ký dùng một lần cho đơn vị (đọc qua điện thoại).
    EnrolCode {
        /// Mã đơn vị.
        unit: String,
        /// Hiệu lực (giờ).
        #[arg(long, default_value_t = 72)]
        ttl_hours: i64,
        #[arg(long)]
        json: bool,
    },
    /// Thiết bị đã đăng ký.
    #[command(subcommand)]
    Device(DeviceCommand),
    /// Tài khoản cán bộ tỉnh (đăng nhập trang tổng hợp).
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Gửi văn bản xuống đơn vị (hàng chờ "Văn bản nhận từ tỉnh").
    SendDocument(SendArgs),
    /// Công bố ngày nghỉ chính thức của một năm cho mọi đơn vị (tệp JSON YearOverrides).
    Holidays { file: PathBuf },
    /// Công bố thời hạn xử lý mặc định cho mọi đơn vị (tệp JSON DeadlineRules).
    Rules { file: PathBuf },
    /// Công bố mẫu báo cáo cho mọi đơn vị (tệp JSON ReportTemplate), hoặc thu hồi một mẫu.
    Template {
        /// Tệp JSON của mẫu.
        #[arg(required_unless_present = "withdraw")]
        file: Option<PathBuf>,
        /// Thu hồi mẫu có mã này (kể cả mẫu có sẵn): đơn vị không còn phải nộp.
        #[arg(long, conflicts_with = "file")]
        withdraw: Option<String>,
    },
    /// Báo cáo định kỳ của các đơn vị: tình hình nộp, chấp nhận, trả lại.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Nhật ký thao tác của đơn vị do các máy gửi lên: kiểm tra chuỗi băm, xem các dòng mới nhất.
    Audit {
        /// Mã đơn vị.
        unit: String,
        /// Số dòng mới nhất hiển thị.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Báo cáo phải nộp, đã nộp, đúng hạn, kết quả xem xét (theo năm).
    List {
        /// Mã đơn vị (mặc định: mọi đơn vị).
        #[arg(long)]
        unit: Option<String>,
        /// Năm (mặc định: năm nay).
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
    /// Chấp nhận báo cáo (REF: mã lần nộp hoặc mã báo cáo).
    Accept {
        reference: String,
        #[arg(long)]
        unit: Option<String>,
        /// Người xem xét.
        #[arg(long, default_value = "Văn phòng tỉnh")]
        reviewer: String,
        #[arg(long)]
        json: bool,
    },
    /// Trả lại báo cáo kèm ý kiến (REF: mã lần nộp hoặc mã báo cáo).
    Return {
        reference: String,
        /// Ý kiến của tỉnh (bắt buộc).
        #[arg(long)]
        comment: String,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, default_value = "Văn phòng tỉnh")]
        reviewer: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum UnitCommand {
    /// Tạo đơn vị.
    Create {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// Tổ chức: UBND, Đảng ủy, MTTQ, Hội Nông dân …
        #[arg(long, default_value = "UBND")]
        organisation: String,
        /// state (Nhà nước) hoặc party (Đảng).
        #[arg(long, default_value = "state")]
        style: String,
        #[arg(long)]
        json: bool,
    },
    /// Danh sách đơn vị.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum DeviceCommand {
    /// Danh sách thiết bị (của một đơn vị hoặc tất cả).
    List {
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Thu hồi quyền đồng bộ của thiết bị.
    Revoke { id: String },
}

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Tạo tài khoản (hoặc đặt lại mật khẩu). Mật khẩu lấy từ --password hoặc VANTHU_STAFF_PASSWORD.
    Create {
        username: String,
        #[arg(long, default_value = "")]
        name: String,
        #[arg(long, env = "VANTHU_STAFF_PASSWORD", hide_env_values = true)]
        password: String,
    },
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// Mã đơn vị nhận (nhắc lại cho nhiều đơn vị).
    #[arg(long = "unit", required_unless_present = "all")]
    units: Vec<String>,
    /// Gửi mọi đơn vị.
    #[arg(long)]
    all: bool,
    #[arg(long)]
    issuer: String,
    #[arg(long)]
    symbol: String,
    /// Ngày văn bản yyyy-mm-dd.
    #[arg(long)]
    date: String,
    #[arg(long = "type")]
    doc_type: String,
    #[arg(long)]
    summary: String,
    #[arg(long)]
    urgency: Option<String>,
    #[arg(long)]
    signer: Option<String>,
    /// Hạn báo cáo/xử lý yyyy-mm-dd.
    #[arg(long)]
    deadline: Option<String>,
    #[arg(long)]
    notes: Option<String>,
    #[arg(long, default_value = "Văn phòng tỉnh")]
    sent_by: String,
    #[arg(long = "attach")]
    attachments: Vec<PathBuf>,
    #[arg(long)]
    json: bool,
}

fn now() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn when(ms: Option<i64>) -> String {
    ms.and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| {
            t.with_timezone(&vanthu_core::time::vietnam_offset())
                .format("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_else(|| "—".into())
}

fn json(v: &impl serde::Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

pub async fn run(storage: &dyn Storage, command: AdminCommand) -> anyhow::Result<()> {
    match command {
        AdminCommand::Unit(UnitCommand::Create {
            code,
            name,
            organisation,
            style,
            json: as_json,
        }) => {
            let u = admin::create_unit(storage, &code, &name, &organisation, &style, now()).await?;
            if as_json {
                json(&u)?;
            } else {
                println!(
                    "Đã tạo đơn vị {} — {} (mã nội bộ {}).",
                    u.code, u.name, u.id
                );
            }
        }
        AdminCommand::Unit(UnitCommand::List { json: as_json }) => {
            let units = storage.units().await?;
            if as_json {
                json(&units)?;
            } else {
                for u in units {
                    println!("{:<12} {:<10} {}", u.code, u.organisation, u.name);
                }
            }
        }
        AdminCommand::EnrolCode {
            unit,
            ttl_hours,
            json: as_json,
        } => {
            let u = admin::find_unit(storage, &unit).await?;
            let (code, expires_at) = admin::issue_enrol_code(
                storage,
                &u,
                ttl_hours.clamp(1, 24 * 30) * 3600 * 1000,
                now(),
            )
            .await?;
            if as_json {
                json(
                    &serde_json::json!({ "unit": u.code, "code": code, "expires_at": expires_at }),
                )?;
            } else {
                println!("Mã đăng ký cho {}: {code}", u.name);
                println!("Dùng một lần, hết hạn lúc {}.", when(Some(expires_at)));
            }
        }
        AdminCommand::Device(DeviceCommand::List {
            unit,
            json: as_json,
        }) => {
            let unit_id = match unit {
                Some(u) => Some(admin::find_unit(storage, &u).await?.id),
                None => None,
            };
            let devices = storage.devices(unit_id.as_deref()).await?;
            if as_json {
                json(&devices)?;
            } else {
                for d in devices {
                    println!(
                        "{}  {:<24} gửi {}  nhận {}{}",
                        d.id,
                        d.name,
                        when(d.last_push_at),
                        when(d.last_pull_at),
                        if d.revoked_at.is_some() {
                            "  (đã thu hồi)"
                        } else {
                            ""
                        }
                    );
                }
            }
        }
        AdminCommand::Device(DeviceCommand::Revoke { id }) => {
            if storage.revoke_device(&id, now()).await? {
                tracing::info!(device = %id, "device revoked");
                println!("Đã thu hồi thiết bị {id}.");
            } else {
                anyhow::bail!("Không tìm thấy thiết bị {id} (hoặc đã thu hồi).");
            }
        }
        AdminCommand::Staff(StaffCommand::Create {
            username,
            name,
            password,
        }) => {
            admin::create_staff(storage, &username, &name, &password, now()).await?;
            println!("Đã tạo tài khoản {username}.");
        }
        AdminCommand::SendDocument(a) => {
            let units = if a.all {
                storage.units().await?
            } else {
                let mut v = Vec::new();
                for u in &a.units {
                    v.push(admin::find_unit(storage, u).await?);
                }
                v
            };
            let doc = ProvinceDocument {
                id: uuid::Uuid::now_v7().to_string(),
                issuer: a.issuer,
                symbol: a.symbol,
                doc_date: a.date,
                doc_type: a.doc_type,
                summary: a.summary,
                urgency: a.urgency,
                signer: a.signer,
                deadline: a.deadline,
                notes: a.notes,
                sent_at: 0,
                sent_by: a.sent_by,
                attachments: vec![],
            };
            let doc = admin::send_document(storage, &units, doc, &a.attachments, now()).await?;
            if a.json {
                json(&doc)?;
            } else {
                println!(
                    "Đã gửi văn bản {} tới {} đơn vị (mã {}).",
                    doc.symbol,
                    units.len(),
                    doc.id
                );
            }
        }
        AdminCommand::Holidays { file } => {
            let text =
                std::fs::read_to_string(&file).with_context(|| format!("{}", file.display()))?;
            let year = admin::set_holidays(storage, &text, now()).await?;
            println!("Đã công bố ngày nghỉ năm {year} cho mọi đơn vị.");
        }
        AdminCommand::Rules { file } => {
            let text =
                std::fs::read_to_string(&file).with_context(|| format!("{}", file.display()))?;
            admin::set_deadline_rules(storage, &text, now()).await?;
            println!("Đã công bố thời hạn xử lý cho mọi đơn vị.");
        }
        AdminCommand::Template { file, withdraw } => match (file, withdraw) {
            (_, Some(id)) => {
                admin::withdraw_report_template(storage, &id, now()).await?;
                println!("Đã thu hồi mẫu báo cáo {id}.");
            }
            (Some(file), None) => {
                let text = std::fs::read_to_string(&file)
                    .with_context(|| format!("{}", file.display()))?;
                let id = admin::add_report_template(storage, &text, now()).await?;
                println!("Đã công bố mẫu báo cáo {id}.");
            }
            (None, None) => anyhow::bail!("Cần tệp mẫu hoặc --withdraw MÃ."),
        },
        AdminCommand::Report(c) => crate::report_cli::run(storage, c).await?,
        AdminCommand::Audit {
            unit,
            limit,
            json: as_json,
        } => {
            let u = admin::find_unit(storage, &unit).await?;
            let trail = vanthu_server::audit::unit_trail(storage, &u.id, limit).await?;
            if as_json {
                json(&trail)?;
            } else {
                if trail.devices.is_empty() {
                    println!("{}: chưa máy nào gửi nhật ký thao tác.", u.name);
                }
                for d in &trail.devices {
                    println!(
                        "{} ({}): {} dòng, mới nhất {}: {}",
                        d.device_name,
                        d.device_id,
                        d.rows,
                        when(d.last_at),
                        d.problem.as_deref().unwrap_or("chuỗi băm hợp lệ")
                    );
                }
                for r in &trail.recent {
                    println!(
                        "{}  {:<20} {:<18} {:<7} {}",
                        when(Some(r.row.at)),
                        r.row.actor,
                        r.row.entity,
                        r.row.op,
                        r.row.entity_id
                    );
                }
            }
            if !trail.ok() {
                anyhow::bail!("Nhật ký thao tác của {} không còn nguyên vẹn.", u.name);
            }
        }
    }
    Ok(())
}
