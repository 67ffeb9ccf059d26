//! An emulated slow link on loopback: a TCP proxy that serialises every byte at a fixed rate in
//! each direction (a bottleneck shared by all connections through it, as a commune's one line
//! is) and delivers it a fixed one-way delay later. Modelled as a delay line, so latency never
//! cuts throughput, and bytes are paced in 1,460-byte packets so a burst pays its full
//! serialisation time. Counts the bytes that cross in each direction.
//!
//! Derived from the fault-injection proxy (`crates/vanthu-server/tests/fault_kit/proxy.rs`),
//! without its faults and with a shared bottleneck instead of per-connection pacing.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};

/// One packet on the emulated line (an Ethernet MSS).
const PACKET: usize = 1460;

/// One direction of the line.
struct Lane {
    bytes_per_sec: f64,
    one_way: Duration,
    /// When the line finishes sending what it already holds.
    free_at: Mutex<Instant>,
    bytes: AtomicU64,
}

impl Lane {
    fn new(bytes_per_sec: f64, one_way: Duration) -> Lane {
        Lane {
            bytes_per_sec,
            one_way,
            free_at: Mutex::new(Instant::now()),
            bytes: AtomicU64::new(0),
        }
    }

    /// When a packet of `len` bytes handed to the line now reaches the other end.
    fn schedule(&self, len: usize) -> Instant {
        self.bytes.fetch_add(len as u64, Ordering::Relaxed);
        let mut free = self.free_at.lock().unwrap_or_else(|p| p.into_inner());
        let start = (*free).max(Instant::now());
        let sent = start + Duration::from_secs_f64(len as f64 / self.bytes_per_sec);
        *free = sent;
        sent + self.one_way
    }
}

/// The running proxy: connect to [`SlowLink::url`] instead of the server.
pub struct SlowLink {
    addr: SocketAddr,
    up: Arc<Lane>,
    down: Arc<Lane>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for SlowLink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SlowLink {
    /// Starts on 127.0.0.1 in the current runtime: `bits_per_sec` each way, `round_trip` total
    /// delay (half each way).
    pub async fn start(
        upstream: SocketAddr,
        bits_per_sec: u64,
        round_trip: Duration,
    ) -> std::io::Result<SlowLink> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let rate = bits_per_sec as f64 / 8.0;
        let up = Arc::new(Lane::new(rate, round_trip / 2));
        let down = Arc::new(Lane::new(rate, round_trip / 2));
        let (u, d) = (up.clone(), down.clone());
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (u, d) = (u.clone(), d.clone());
                tokio::spawn(async move {
                    // The SYN / SYN-ACK exchange costs a round trip on a real line.
                    tokio::time::sleep(u.one_way + d.one_way).await;
                    let Ok(server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    let _ = client.set_nodelay(true);
                    let _ = server.set_nodelay(true);
                    let (cr, cw) = client.into_split();
                    let (sr, sw) = server.into_split();
                    let up = tokio::spawn(pump(cr, sw, u));
                    pump(sr, cw, d).await;
                    let _ = up.await;
                });
            }
        });
        Ok(SlowLink {
            addr,
            up,
            down,
            task,
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Bytes that crossed (client → server, server → client).
    pub fn bytes(&self) -> (u64, u64) {
        (
            self.up.bytes.load(Ordering::Relaxed),
            self.down.bytes.load(Ordering::Relaxed),
        )
    }

    /// Starts counting afresh (after enrolment, before the measured round).
    pub fn reset_counts(&self) {
        self.up.bytes.store(0, Ordering::Relaxed);
        self.down.bytes.store(0, Ordering::Relaxed);
    }
}

/// Copies `from` → `to` through `lane`; a clean end (EOF) is passed on as a half-close.
async fn pump(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, lane: Arc<Lane>) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(Instant, Vec<u8>)>();
    let reader = tokio::spawn(async move {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match from.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            };
            for packet in buf[..n].chunks(PACKET) {
                let at = lane.schedule(packet.len());
                if tx.send((at, packet.to_vec())).is_err() {
                    return;
                }
            }
        }
    });
    while let Some((at, packet)) = rx.recv().await {
        tokio::time::sleep_until(tokio::time::Instant::from_std(at)).await;
        if to.write_all(&packet).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
    let _ = reader.await;
}
