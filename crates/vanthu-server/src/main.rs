//! `vanthu-server`: runs the provincial sync server and administers it.
//!
//! Storage is chosen with `--db` (or `VANTHU_SERVER_DB`): `sqlite:PATH` (default
//! `sqlite:vanthu-server.db`) or a PostgreSQL URL `postgres://user:pass@host/db`.

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::sync::Arc;
use vanthu_server::storage::faulty::Faulty;
use vanthu_server::storage::sqlite::Sqlite;
use vanthu_server::{AppState, Storage};

#[derive(Debug, Parser)]
#[command(
    name = "vanthu-server",
    version,
    about = "Máy chủ đồng bộ VanThu của tỉnh"
)]
struct Args {
    /// Cơ sở dữ liệu: sqlite:ĐƯỜNG_DẪN hoặc postgres://…
    #[arg(
        long,
        global = true,
        env = "VANTHU_SERVER_DB",
        default_value = "sqlite:vanthu-server.db"
    )]
    db: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Chạy máy chủ.
    Serve(ServeArgs),
    /// Quản trị: đơn vị, mã đăng ký, thiết bị, cán bộ, văn bản gửi xuống.
    #[command(subcommand)]
    Admin(Box<admin_cli::AdminCommand>),
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// Địa chỉ lắng nghe (cổng 0: chọn cổng trống, in ra dòng "listening on …").
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Tự dừng sau N giây (kiểm thử).
    #[arg(long)]
    stop_after: Option<u64>,
    /// Kiểm thử lỗi: tỷ lệ thao tác ghi báo "database locked"/"disk full" (0–1).
    #[arg(long, default_value_t = 0.0)]
    inject_faults: f64,
    #[arg(long, default_value_t = 1)]
    fault_seed: u64,
    /// Đặt cờ Secure cho cookie phiên (khi chạy sau HTTPS).
    #[arg(long)]
    secure_cookies: bool,
}

mod admin_cli;
mod report_cli;

async fn open_storage(db: &str, faults: Option<(f64, u64)>) -> anyhow::Result<Arc<dyn Storage>> {
    if let Some(path) = db.strip_prefix("sqlite:") {
        let s = Sqlite::open(std::path::Path::new(path))
            .with_context(|| format!("không mở được {path}"))?;
        return Ok(match faults {
            Some((rate, seed)) if rate > 0.0 => Arc::new(Faulty::new(s, rate, seed)),
            _ => Arc::new(s),
        });
    }
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        let s = vanthu_server::storage::postgres::Postgres::connect(db)
            .await
            .context("không kết nối được PostgreSQL")?;
        return Ok(match faults {
            Some((rate, seed)) if rate > 0.0 => Arc::new(Faulty::new(s, rate, seed)),
            _ => Arc::new(s),
        });
    }
    bail!("--db phải là sqlite:ĐƯỜNG_DẪN hoặc postgres://…")
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("VANTHU_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async move {
        match args.command {
            Command::Serve(s) => serve(&args.db, s).await,
            Command::Admin(c) => {
                let storage = open_storage(&args.db, None).await?;
                admin_cli::run(storage.as_ref(), *c).await
            }
        }
    })
}

async fn serve(db: &str, a: ServeArgs) -> anyhow::Result<()> {
    let storage = open_storage(db, Some((a.inject_faults, a.fault_seed))).await?;
    let mut state = AppState::new(storage);
    state.config = Arc::new(vanthu_server::ServerConfig {
        secure_cookies: a.secure_cookies,
        ..Default::default()
    });
    let app = vanthu_server::router(state);
    let listener = tokio::net::TcpListener::bind(a.listen)
        .await
        .with_context(|| format!("không lắng nghe được {}", a.listen))?;
    let addr = listener.local_addr()?;
    println!("listening on http://{addr}");
    use std::io::Write;
    std::io::stdout().flush()?;
    let stop_after = a.stop_after;
    let shutdown = async move {
        let ctrl_c = tokio::signal::ctrl_c();
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("signal handler");
        let deadline = async {
            match stop_after {
                Some(s) => tokio::time::sleep(std::time::Duration::from_secs(s)).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
            _ = deadline => tracing::info!("stop-after reached"),
        }
    };
    // HTTPS: terminate TLS in a reverse proxy in front (docs/server.md).
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}
