//! A loopback TCP proxy between the app and the server that misbehaves on purpose: refuses,
//! delays, cuts requests or responses short, resets, swallows responses (the server applied the
//! batch but the app never hears so), and emulates a slow link (bandwidth + latency) for the
//! benchmark. Written by hand because it must fail at exact points a generic proxy cannot choose;
//! byte-level, so HTTP keep-alive passes through untouched.
#![allow(dead_code)]

use rand::{Rng, SeedableRng, rngs::StdRng};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What happens to one connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Pass,
    /// Closed at once.
    Refuse,
    /// Held before anything passes.
    Delay(Duration),
    /// The request is cut after this many bytes and the connection closed.
    CutRequest(usize),
    /// The response is cut after this many bytes and the connection closed.
    CutResponse(usize),
    /// The request reaches the server; the response never reaches the app (connection reset).
    SwallowResponse,
}

/// How the proxy behaves; changed while it runs.
pub struct Plan {
    /// Probability that a new connection gets a fault other than `Pass`.
    pub fault_rate: f64,
    pub rng: StdRng,
    /// Bytes per second in each direction (slow link), if limited.
    pub rate: Option<u64>,
    /// One-way delay added to every chunk (half the round trip).
    pub one_way: Duration,
    /// Faults handed out (for the harness's summary).
    pub injected: u64,
}

impl Plan {
    fn next_fault(&mut self) -> Fault {
        if !self.rng.gen_bool(self.fault_rate.clamp(0.0, 1.0)) {
            return Fault::Pass;
        }
        self.injected += 1;
        match self.rng.gen_range(0..5) {
            0 => Fault::Refuse,
            1 => Fault::Delay(Duration::from_millis(self.rng.gen_range(50..400))),
            2 => Fault::CutRequest(self.rng.gen_range(1..600)),
            3 => Fault::CutResponse(self.rng.gen_range(0..400)),
            _ => Fault::SwallowResponse,
        }
    }
}

pub struct Proxy {
    pub addr: SocketAddr,
    pub upstream: Arc<Mutex<SocketAddr>>,
    pub plan: Arc<Mutex<Plan>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Proxy {
    /// Starts on 127.0.0.1 (port 0) in the current tokio runtime.
    pub async fn start(upstream: SocketAddr, seed: u64) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let upstream = Arc::new(Mutex::new(upstream));
        let plan = Arc::new(Mutex::new(Plan {
            fault_rate: 0.0,
            rng: StdRng::seed_from_u64(seed),
            rate: None,
            one_way: Duration::ZERO,
            injected: 0,
        }));
        let (up, pl) = (upstream.clone(), plan.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    continue;
                };
                let _ = client.set_nodelay(true);
                let target = *up.lock().unwrap();
                let (fault, rate, one_way) = {
                    let mut p = pl.lock().unwrap();
                    (p.next_fault(), p.rate, p.one_way)
                };
                tokio::spawn(handle(client, target, fault, rate, one_way));
            }
        });
        Proxy {
            addr,
            upstream,
            plan,
            task,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn set_upstream(&self, to: SocketAddr) {
        *self.upstream.lock().unwrap() = to;
    }

    pub fn set_fault_rate(&self, rate: f64) {
        self.plan.lock().unwrap().fault_rate = rate;
    }

    pub fn set_link(&self, bytes_per_sec: Option<u64>, round_trip: Duration) {
        let mut p = self.plan.lock().unwrap();
        p.rate = bytes_per_sec;
        p.one_way = round_trip / 2;
    }

    pub fn injected(&self) -> u64 {
        self.plan.lock().unwrap().injected
    }
}

/// Resets (RST) instead of a clean close, as a dropped link does.
fn reset(stream: TcpStream) {
    // Blocking on drop is what we want here: the reset must happen now.
    #[allow(deprecated)]
    let _ = stream.set_linger(Some(Duration::ZERO));
    drop(stream);
}

async fn handle(
    client: TcpStream,
    target: SocketAddr,
    fault: Fault,
    rate: Option<u64>,
    one_way: Duration,
) {
    match fault {
        Fault::Refuse => return reset(client),
        Fault::Delay(d) => tokio::time::sleep(d).await,
        _ => {}
    }
    let Ok(server) = TcpStream::connect(target).await else {
        return reset(client);
    };
    let _ = server.set_nodelay(true);
    #[allow(deprecated)]
    let _ = client.set_linger(Some(Duration::ZERO));
    let (cr, cw) = client.into_split();
    let (sr, sw) = server.into_split();
    let (req_limit, resp_limit) = match fault {
        Fault::CutRequest(n) => (Some(n), None),
        Fault::CutResponse(n) => (None, Some(n)),
        _ => (None, None),
    };
    let swallow = fault == Fault::SwallowResponse;
    let up = tokio::spawn(pump(cr, sw, req_limit, rate, one_way, false));
    // When the response side ends (server closed, cut, swallowed) the client connection is
    // dropped with linger 0: a reset, as a broken link looks to the app.
    pump(sr, cw, resp_limit, rate, one_way, swallow).await;
    up.abort();
}

/// Copies `from` → `to`: at most `limit` bytes, paced to `rate` bytes/s, each chunk released
/// `one_way` after it was read (a delay line, so latency does not cut throughput). `swallow`:
/// wait for the first response bytes (the server has done its work), forward nothing, stop.
async fn pump(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    limit: Option<usize>,
    rate: Option<u64>,
    one_way: Duration,
    swallow: bool,
) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(Instant, Vec<u8>)>();
    let reader = tokio::spawn(async move {
        let mut buf = vec![0u8; 16 * 1024];
        let mut read = 0usize;
        loop {
            let n = match from.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            };
            if swallow {
                return;
            }
            let mut n = n;
            if let Some(l) = limit {
                n = n.min(l.saturating_sub(read));
            }
            read += n;
            if n > 0 && tx.send((Instant::now(), buf[..n].to_vec())).is_err() {
                return;
            }
            if limit.is_some_and(|l| read >= l) {
                return;
            }
        }
    });
    let mut paced_from = Instant::now();
    let mut paced_bytes = 0u64;
    while let Some((at, chunk)) = rx.recv().await {
        let release = at + one_way;
        let now = Instant::now();
        if release > now {
            tokio::time::sleep(release - now).await;
        }
        if let Some(r) = rate {
            // Never ahead of `rate` since the link last went busy.
            if paced_from.elapsed()
                > Duration::from_secs_f64(paced_bytes as f64 / r as f64) + Duration::from_millis(50)
            {
                paced_from = Instant::now();
                paced_bytes = 0;
            }
            paced_bytes += chunk.len() as u64;
            let due = paced_from + Duration::from_secs_f64(paced_bytes as f64 / r as f64);
            let now = Instant::now();
            if due > now {
                tokio::time::sleep(due - now).await;
            }
        }
        if to.write_all(&chunk).await.is_err() {
            break;
        }
    }
    reader.abort();
    drop(to);
}
