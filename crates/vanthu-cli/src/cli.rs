//! Argument definitions. Help texts are Vietnamese: the users are clerks, not engineers.

use clap::{Args as ClapArgs, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "vanthu",
    version,
    about = "VanThu — quản lý văn bản đến, văn bản đi cho đơn vị cấp xã"
)]
pub struct Args {
    /// Thư mục dữ liệu (mặc định: thư mục dữ liệu của hệ điều hành, hoặc VANTHU_DATA_DIR).
    #[arg(long, global = true, env = "VANTHU_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Người thực hiện, ghi vào lịch sử xử lý (khi chưa có tài khoản nào).
    #[arg(long, global = true, env = "VANTHU_ACTOR", default_value = "Văn thư")]
    pub actor: String,
    /// Tên đăng nhập (bắt buộc khi đơn vị đã có tài khoản).
    #[arg(long, global = true, env = "VANTHU_USER")]
    pub user: Option<String>,
    /// Mật khẩu đăng nhập (nên đặt qua biến môi trường VANTHU_PASSWORD).
    #[arg(
        long = "login-password",
        global = true,
        env = "VANTHU_PASSWORD",
        hide_env_values = true
    )]
    pub login_password: Option<String>,
    /// Coi thời điểm hiện tại là lúc này (RFC 3339 hoặc yyyy-mm-dd), dùng cho kiểm thử và demo.
    #[arg(long, global = true, env = "VANTHU_NOW")]
    pub now: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

impl Args {
    /// Whether the command asked for JSON (errors are then JSON too).
    pub fn wants_json(&self) -> bool {
        match &self.command {
            Command::Setup(a) => a.json,
            Command::Unit { json } => *json,
            Command::Incoming(c) => c.json(),
            Command::Outgoing(c) => c.json(),
            Command::Generate(a) => a.json,
            Command::Calendar(c) => c.json(),
            Command::Kpi(a) => a.json,
            Command::Task(c) => c.json(),
            Command::User(c) => c.json(),
            Command::Backup(c) => c.json(),
            Command::Audit(c) => c.json(),
            Command::Meeting(c) => c.json(),
            Command::Indicator(c) => c.json(),
            Command::Search(a) => a.json,
            Command::Import(a) => a.json,
            Command::Export(ExportCommand::Register(a)) => a.json,
            Command::Report(c) => c.json(),
            Command::Sync(c) => c.json(),
            Command::Inbox(c) => c.json(),
            Command::Sign(c) => c.json(),
            Command::Init(a) => a.json,
            Command::Encrypt(a) => a.json,
            Command::Key(c) => c.json(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Thiết lập thông tin đơn vị (tên, cơ quan cấp trên, ký hiệu, kiểu ghi số, lãnh đạo).
    Setup(SetupArgs),
    /// Xem thông tin đơn vị.
    Unit {
        #[arg(long)]
        json: bool,
    },
    /// Sổ văn bản đến.
    #[command(subcommand)]
    Incoming(IncomingCommand),
    /// Văn bản đi.
    #[command(subcommand)]
    Outgoing(OutgoingCommand),
    /// Sinh dữ liệu mẫu thực tế (demo, kiểm thử, đo hiệu năng).
    Generate(GenerateArgs),
    /// Lịch làm việc: ngày nghỉ lễ, cộng ngày làm việc, điều chỉnh theo thông báo chính thức.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Tỷ lệ xử lý đúng hạn theo kỳ (tháng, quý, 6 tháng, năm, khoảng ngày).
    Kpi(KpiArgs),
    /// Sao lưu, kiểm tra, khôi phục dữ liệu.
    #[command(subcommand)]
    Backup(crate::commands::backup::BackupCommand),
    /// Tài khoản và phân quyền.
    #[command(subcommand)]
    User(crate::commands::user::UserCommand),
    /// Nhật ký thay đổi (kiểm tra toàn vẹn, xem).
    #[command(subcommand)]
    Audit(crate::commands::user::AuditCommand),
    /// Chữ ký số: kiểm tra chữ ký trong PDF, ký PDF bằng tệp .p12, ký số văn bản đi.
    #[command(subcommand)]
    Sign(crate::commands::sign::SignCommand),
    /// Nhiệm vụ (giao việc, theo dõi tiến độ, nhập bảng nhiệm vụ của kế hoạch).
    #[command(subcommand)]
    Task(crate::commands::task::TaskCommand),
    /// Lịch họp (tuần, tháng, lặp lại, nhắc, xuất/nhập .ics).
    #[command(subcommand)]
    Meeting(crate::commands::meeting::MeetingCommand),
    /// Chỉ tiêu của kế hoạch và kết quả thực hiện.
    #[command(subcommand)]
    Indicator(crate::commands::indicator::IndicatorCommand),
    /// Tìm văn bản (có dấu hoặc không dấu), kết hợp bộ lọc của sổ.
    Search(SearchArgs),
    /// Nhập sổ văn bản đến cũ từ tệp .xlsx, .xls hoặc .csv (kể cả bảng mã TCVN3, VNI).
    Import(ImportArgs),
    /// Xuất sổ đăng ký văn bản ra tệp Excel theo mẫu Nghị định 30.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Báo cáo định kỳ: tạo theo mẫu, số liệu tự tính, sửa, gửi tỉnh, xuất PDF/DOCX.
    #[command(subcommand)]
    Report(crate::commands::report::ReportCommand),
    /// Đồng bộ với máy chủ của tỉnh: đăng ký máy, đồng bộ ngay, tình trạng, xung đột.
    #[command(subcommand)]
    Sync(crate::commands::sync::SyncCommand),
    /// Văn bản nhận từ tỉnh: xem và vào sổ văn bản đến bằng một thao tác.
    #[command(subcommand)]
    Inbox(crate::commands::sync::InboxCommand),
    /// Tạo dữ liệu mới, mặc định được mã hóa, và in mã khôi phục.
    Init(crate::commands::key::InitArgs),
    /// Mã hóa dữ liệu đang có (cơ sở dữ liệu, tệp đính kèm, bản sao lưu) và in mã khôi phục.
    Encrypt(crate::commands::key::EncryptArgs),
    /// Khóa giải mã: xem nơi lưu, nhập mã khôi phục trên máy mới.
    #[command(subcommand)]
    Key(crate::commands::key::KeyCommand),
}

#[derive(Debug, ClapArgs)]
pub struct SetupArgs {
    /// Tên đơn vị, ví dụ "Ủy ban nhân dân xã Tân Cương".
    #[arg(long)]
    pub name: String,
    /// Cơ quan cấp trên, ví dụ "Ủy ban nhân dân tỉnh Thái Nguyên".
    #[arg(long)]
    pub superior: String,
    /// Ký hiệu viết tắt dùng trong số, ký hiệu: UBND, ĐU, MTTQ …
    #[arg(long = "abbr")]
    pub abbreviation: String,
    /// Địa danh ghi ở dòng ngày tháng.
    #[arg(long)]
    pub place: String,
    /// Kiểu ghi số, ký hiệu: state (05/BC-UBND) hoặc party (05-BC/ĐU).
    #[arg(long, default_value = "state")]
    pub style: String,
    /// Mã đơn vị hành chính cấp xã.
    #[arg(long)]
    pub commune_code: Option<String>,
    /// Lãnh đạo, dạng "Họ tên|Chức vụ" (có thể lặp lại).
    #[arg(long = "leader")]
    pub leaders: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum IncomingCommand {
    /// Đăng ký văn bản đến (cấp số đến tự động).
    Add(IncomingAddArgs),
    /// Liệt kê sổ văn bản đến (lọc, phân trang).
    List(IncomingListArgs),
    /// Xem một văn bản đến và toàn bộ lịch sử xử lý. REF: số đến/năm (ví dụ 5/2026) hoặc mã.
    Show {
        reference: String,
        #[arg(long)]
        json: bool,
    },
    /// Chuyển bước xử lý: submit, assign, reassign, extend, progress, done, file.
    Transition(IncomingTransitionArgs),
    /// Đính kèm tệp vào văn bản đến.
    Attach {
        reference: String,
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

impl IncomingCommand {
    fn json(&self) -> bool {
        match self {
            IncomingCommand::Add(a) => a.json,
            IncomingCommand::List(a) => a.json,
            IncomingCommand::Show { json, .. } | IncomingCommand::Attach { json, .. } => *json,
            IncomingCommand::Transition(a) => a.json,
        }
    }
}

#[derive(Debug, ClapArgs)]
pub struct IncomingAddArgs {
    /// Cơ quan ban hành (tác giả).
    #[arg(long)]
    pub issuer: String,
    /// Số, ký hiệu, ví dụ 35/KH-UBND hoặc 41-KH/TU.
    #[arg(long)]
    pub symbol: String,
    /// Ngày văn bản (dd/mm/yyyy hoặc yyyy-mm-dd).
    #[arg(long = "date")]
    pub doc_date: String,
    /// Loại văn bản, ví dụ "Kế hoạch" hoặc KH.
    #[arg(long = "type")]
    pub doc_type: String,
    /// Trích yếu nội dung.
    #[arg(long)]
    pub summary: String,
    /// Ngày đến (mặc định: hôm nay).
    #[arg(long)]
    pub arrival_date: Option<String>,
    /// Độ khẩn: Khẩn, Thượng khẩn, Hỏa tốc.
    #[arg(long)]
    pub urgency: Option<String>,
    /// Độ mật (văn bản mật sẽ bị từ chối).
    #[arg(long)]
    pub secrecy: Option<String>,
    /// Đơn vị hoặc người nhận.
    #[arg(long)]
    pub recipient: Option<String>,
    /// Người ký văn bản.
    #[arg(long)]
    pub signer: Option<String>,
    /// Ghi chú.
    #[arg(long)]
    pub notes: Option<String>,
    /// Nhóm việc (chọn thời hạn xử lý mặc định), mặc định van_ban_den.
    #[arg(long)]
    pub category: Option<String>,
    /// Tệp đính kèm (có thể lặp lại).
    #[arg(long = "attach")]
    pub attachments: Vec<PathBuf>,
    /// Vẫn đăng ký dù trùng cơ quan ban hành, số ký hiệu và ngày với văn bản đã có.
    #[arg(long)]
    pub allow_duplicate: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, ClapArgs)]
pub struct IncomingListArgs {
    #[arg(long)]
    pub year: Option<i32>,
    /// registered, submitted, assigned, in_progress, done, filed
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long)]
    pub urgency: Option<String>,
    #[arg(long = "type")]
    pub doc_type: Option<String>,
    #[arg(long)]
    pub assignee: Option<String>,
    /// Chỉ văn bản quá hạn (tính đến hôm nay).
    #[arg(long)]
    pub overdue: bool,
    /// Chỉ văn bản sắp đến hạn (còn trong ngưỡng ngày làm việc của đơn vị).
    #[arg(long, conflicts_with = "overdue")]
    pub due_soon: bool,
    /// Ngày đến từ (dd/mm/yyyy).
    #[arg(long)]
    pub from: Option<String>,
    /// Ngày đến đến (dd/mm/yyyy).
    #[arg(long)]
    pub to: Option<String>,
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, ClapArgs)]
pub struct IncomingTransitionArgs {
    /// Số đến/năm (ví dụ 5/2026) hoặc mã văn bản.
    pub reference: String,
    /// submit | assign | reassign | extend | progress | done | file
    pub action: String,
    #[arg(long)]
    pub assignee: Option<String>,
    /// Ý kiến chỉ đạo.
    #[arg(long)]
    pub instructions: Option<String>,
    /// Thời hạn xử lý (dd/mm/yyyy).
    #[arg(long)]
    pub deadline: Option<String>,
    /// Lý do (giao lại, gia hạn).
    #[arg(long)]
    pub reason: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
    /// Kết quả xử lý (khi hoàn thành).
    #[arg(long)]
    pub result: Option<String>,
    /// Văn bản đi trả lời (số ký hiệu hoặc mã).
    #[arg(long)]
    pub reply: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum OutgoingCommand {
    /// Tạo dự thảo văn bản đi.
    Create(OutgoingCreateArgs),
    /// Chuyển bước: submit, approve, return, sign, issue, send.
    Transition(OutgoingStepArgs),
    /// Cấp số và ban hành (tương đương "transition REF issue").
    Issue {
        reference: String,
        /// Ngày ban hành (mặc định: hôm nay).
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Liệt kê văn bản đi.
    List {
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        status: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[arg(long)]
        json: bool,
    },
    /// Xem một văn bản đi (mã hoặc số ký hiệu).
    Show {
        reference: String,
        #[arg(long)]
        json: bool,
    },
}

impl OutgoingCommand {
    fn json(&self) -> bool {
        match self {
            OutgoingCommand::Create(a) => a.json,
            OutgoingCommand::Transition(a) => a.json,
            OutgoingCommand::Issue { json, .. }
            | OutgoingCommand::List { json, .. }
            | OutgoingCommand::Show { json, .. } => *json,
        }
    }
}

#[derive(Debug, ClapArgs)]
pub struct OutgoingCreateArgs {
    /// Loại văn bản, ví dụ "Báo cáo" hoặc BC.
    #[arg(long = "type")]
    pub doc_type: String,
    #[arg(long)]
    pub summary: String,
    #[arg(long)]
    pub signer: Option<String>,
    #[arg(long)]
    pub drafter: Option<String>,
    /// Văn bản đến được trả lời (số đến/năm hoặc mã).
    #[arg(long)]
    pub reply_to: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
    /// Văn bản quy phạm pháp luật (dãy số riêng, ký hiệu có năm).
    #[arg(long)]
    pub normative: bool,
    /// Đơn vị soạn thảo, thêm vào cuối ký hiệu (kiểu Nhà nước).
    #[arg(long)]
    pub drafting_unit: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, ClapArgs)]
pub struct OutgoingStepArgs {
    pub reference: String,
    /// submit | approve | return | sign | issue | send
    pub action: String,
    /// Ghi chú; lý do khi trả lại.
    #[arg(long)]
    pub note: Option<String>,
    #[arg(long)]
    pub signer: Option<String>,
    /// Ngày ban hành (issue).
    #[arg(long)]
    pub date: Option<String>,
    /// Nơi nhận (send; có thể lặp lại).
    #[arg(long = "recipient")]
    pub recipients: Vec<String>,
    /// Số lượng bản (send).
    #[arg(long)]
    pub copies: Option<i64>,
    /// Ngày chuyển (send).
    #[arg(long)]
    pub transfer_date: Option<String>,
    /// Đơn vị, người nhận bản lưu (send).
    #[arg(long)]
    pub archive: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, ClapArgs)]
pub struct GenerateArgs {
    /// Số văn bản đến cần sinh.
    #[arg(long, default_value_t = 1000)]
    pub count: usize,
    #[arg(long, default_value_t = 2019)]
    pub from_year: i32,
    /// Năm cuối (mặc định: năm nay).
    #[arg(long)]
    pub to_year: Option<i32>,
    #[arg(long, default_value_t = 30)]
    pub seed: u64,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Các ngày nghỉ (lễ, Tết, nghỉ bù, nghỉ theo thông báo) của một năm.
    Holidays {
        year: i32,
        #[arg(long)]
        json: bool,
    },
    /// Ngày sau N ngày làm việc kể từ DATE (tính từ ngày hôm sau).
    AddWorkdays {
        date: String,
        n: u32,
        #[arg(long)]
        json: bool,
    },
    /// Số ngày làm việc từ FROM (không tính) đến TO (tính).
    CountWorkdays {
        from: String,
        to: String,
        #[arg(long)]
        json: bool,
    },
    /// Điều chỉnh ngày nghỉ của một năm theo thông báo chính thức.
    #[command(subcommand)]
    Override(OverrideCommand),
    /// Thời hạn xử lý mặc định theo nhóm việc và độ khẩn.
    #[command(subcommand)]
    Rules(RulesCommand),
}

impl CalendarCommand {
    fn json(&self) -> bool {
        match self {
            CalendarCommand::Holidays { json, .. }
            | CalendarCommand::AddWorkdays { json, .. }
            | CalendarCommand::CountWorkdays { json, .. } => *json,
            CalendarCommand::Override(OverrideCommand::Show { json, .. }) => *json,
            CalendarCommand::Rules(RulesCommand::Show { json }) => *json,
            _ => false,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum OverrideCommand {
    /// Ghi (thay thế) điều chỉnh của năm từ tệp JSON, hoặc từ các tùy chọn.
    Set {
        year: i32,
        /// Tệp JSON dạng {"year":2025,"source":"…","tet_days":[…],"entries":[{"kind":"day_off","date":"2025-05-02","name":"…"}]}.
        #[arg(long)]
        file: Option<PathBuf>,
        /// Căn cứ (số, ngày thông báo).
        #[arg(long)]
        source: Option<String>,
        /// Các ngày nghỉ Tết chính thức, cách nhau bởi dấu phẩy (thay cho cách tính mặc định).
        #[arg(long, value_delimiter = ',')]
        tet_days: Vec<String>,
        /// Ngày nghỉ thêm: "dd/mm/yyyy=Tên" (có thể lặp lại).
        #[arg(long = "day-off")]
        days_off: Vec<String>,
        /// Ngày làm bù (thứ Bảy đi làm): "dd/mm/yyyy=Tên" (có thể lặp lại).
        #[arg(long = "working-day")]
        working_days: Vec<String>,
        /// Bỏ một ngày nghỉ tính mặc định mà thông báo không cho nghỉ (có thể lặp lại).
        #[arg(long = "remove")]
        removed: Vec<String>,
        /// Ngày nghỉ kèm Quốc khánh: before (1/9) hoặc after (3/9).
        #[arg(long)]
        national_day_extra: Option<String>,
    },
    /// Xem điều chỉnh đã lưu.
    Show {
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
    /// Xóa điều chỉnh của năm (trở về cách tính mặc định).
    Clear { year: i32 },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Xem thời hạn xử lý mặc định và các ngưỡng cảnh báo.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Ghi thời hạn xử lý từ tệp JSON {"defaults":{"normal":10,…},"rules":[{"category":"bao_cao","working_days":5}]}.
    Set {
        #[arg(long)]
        file: Option<PathBuf>,
        /// Số ngày làm việc còn lại để coi là "sắp đến hạn".
        #[arg(long)]
        due_soon_days: Option<u32>,
        /// Số ngày làm việc không cập nhật thì coi là chậm cập nhật trạng thái.
        #[arg(long)]
        freshness_days: Option<u32>,
    },
}

#[derive(Debug, ClapArgs)]
pub struct KpiArgs {
    /// Kỳ: 2026-Q3, 2026-06, 2026-H1, 2026 (mặc định: quý hiện tại).
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub period: Option<String>,
    /// Từ ngày (cùng --to cho khoảng tùy chọn).
    #[arg(long, requires = "to")]
    pub from: Option<String>,
    #[arg(long, requires = "from")]
    pub to: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, ClapArgs)]
pub struct SearchArgs {
    /// Từ khóa, có dấu hoặc không dấu ("chuyen doi so"); từ cuối được tìm theo phần đầu.
    #[arg(required = true)]
    pub query: Vec<String>,
    /// Sổ: incoming (văn bản đến, mặc định) hoặc outgoing (văn bản đi).
    #[arg(long, default_value = "incoming")]
    pub kind: String,
    #[arg(long)]
    pub year: Option<i32>,
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long)]
    pub urgency: Option<String>,
    #[arg(long = "type")]
    pub doc_type: Option<String>,
    #[arg(long)]
    pub assignee: Option<String>,
    /// Chỉ văn bản quá hạn (tính đến hôm nay).
    #[arg(long)]
    pub overdue: bool,
    /// Ngày đến từ (dd/mm/yyyy).
    #[arg(long)]
    pub from: Option<String>,
    /// Ngày đến đến (dd/mm/yyyy).
    #[arg(long)]
    pub to: Option<String>,
    /// Thứ tự: newest (mới nhất trước) hoặc issuer (theo tác giả, thứ tự chữ cái tiếng Việt).
    #[arg(long, default_value = "newest")]
    pub sort: String,
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, ClapArgs)]
pub struct ImportArgs {
    /// Tệp sổ cũ: .xlsx, .xls hoặc .csv.
    pub file: PathBuf,
    /// Chỉ xem trước: không ghi gì.
    #[arg(long)]
    pub dry_run: bool,
    /// Nhập các dòng đúng, bỏ qua các dòng lỗi (được liệt kê).
    #[arg(long)]
    pub skip_bad_rows: bool,
    /// Chỉ định cột: "Tên cột=trường" hoặc "C=trường" (trường: so_den, ngay_den, tac_gia,
    /// so_ky_hieu, ngay_van_ban, loai_van_ban, trich_yeu, nguoi_nhan, ghi_chu, bo_qua …).
    #[arg(long = "map")]
    pub map: Vec<String>,
    /// Chỉ nhập trang tính này (mặc định: mọi trang có sổ).
    #[arg(long)]
    pub sheet: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Sổ đăng ký văn bản đến hoặc đi của một năm ra .xlsx (in khổ A4 ngang).
    Register(ExportRegisterArgs),
}

#[derive(Debug, ClapArgs)]
pub struct ExportRegisterArgs {
    /// incoming (sổ văn bản đến) hoặc outgoing (sổ văn bản đi).
    #[arg(long)]
    pub kind: String,
    #[arg(long)]
    pub year: i32,
    /// Tệp .xlsx cần ghi.
    #[arg(long)]
    pub out: PathBuf,
    /// xlsx hoặc pdf (khổ A4 ngang, để in và đóng quyển); mặc định theo đuôi tệp --out.
    #[arg(long)]
    pub format: Option<String>,
    #[arg(long)]
    pub json: bool,
}
