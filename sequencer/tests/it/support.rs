//! Test helpers: a fresh database per test, an in-process node, a tiny HTTP client.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use circuits::babyjubjub::PrivateKey;
use circuits::genesis::Genesis;
use circuits::test_utils::{test_key, CHAIN_ID, VALID_UNTIL};
use circuits::tx::{SignatureBytes, Transfer, Tx};
use sequencer::config::RunConfig;
use sequencer::node::Node;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub(crate) use sequencer::dal::scratch::ScratchDb;

/// A database of its own for one test.
pub(crate) async fn test_db() -> ScratchDb {
    ScratchDb::create("seq_test").await
}

/// A config on a free port with short blocks and small batches.
pub(crate) fn test_config(url: &str) -> RunConfig {
    let mut config = RunConfig::new(url, "127.0.0.1:0".parse().unwrap());
    config.batch_slots = 4;
    config.batch_deadline_ms = 400;
    config.block_interval_ms = 50;
    config.db_connections = 4;
    config
}

pub(crate) async fn start(config: &RunConfig, genesis: &Genesis) -> Node {
    // Logs of in-process nodes, when RUST_LOG asks for them.
    if let Ok(filter) = tracing_subscriber::EnvFilter::try_from_default_env() {
        let _ = tracing_subscriber::fmt().with_env_filter(filter).with_test_writer().try_init();
    }
    sequencer::node::start(config, Some(genesis.clone())).await.expect("node starts")
}

/// A signed transfer (left unsigned when an amount has no float code, so that submitting it
/// reports `not_packable`).
pub(crate) fn transfer(key: &PrivateKey, from: u32, to: u32, token: u16, amount: u128, fee: u128, nonce: u32) -> Tx {
    let signature = SignatureBytes([0; 64]);
    let mut tx = Tx::Transfer(Transfer { from, to, token, amount, fee, valid_until: VALID_UNTIL, nonce, signature });
    let _unpackable = tx.sign(key, CHAIN_ID);
    tx
}

/// A transfer signed by test account `from`.
pub(crate) fn test_transfer(from: u32, to: u32, amount: u128, fee: u128, nonce: u32) -> Tx {
    transfer(&test_key(from as usize), from, to, 0, amount, fee, nonce)
}

/// An HTTP response.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Response {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The error code of an error response.
    pub(crate) fn code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or_else(|| panic!("no error code in {}", self.json())).to_string()
    }
}

/// One HTTP/1.1 request on a fresh connection.
pub(crate) async fn http(addr: SocketAddr, method: &str, path: &str, body: Option<&[u8]>) -> Response {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let body = body.unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let mut request = head.into_bytes();
    request.extend_from_slice(body);
    let _ = stream.write_all(&request).await;
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw).await;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_string(), v.trim().to_string())).collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers.iter().any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        let mut decoded = Vec::new();
        let mut rest = body.as_slice();
        loop {
            let line_end = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size = usize::from_str_radix(std::str::from_utf8(&rest[..line_end]).unwrap().trim(), 16).unwrap();
            if size == 0 {
                break;
            }
            decoded.extend_from_slice(&rest[line_end + 2..line_end + 2 + size]);
            rest = &rest[line_end + 2 + size + 2..];
        }
        body = decoded;
    }
    Response { status, headers, body }
}

pub(crate) async fn get(addr: SocketAddr, path: &str) -> Response {
    http(addr, "GET", path, None).await
}

pub(crate) async fn post_json(addr: SocketAddr, path: &str, value: &impl serde::Serialize) -> Response {
    http(addr, "POST", path, Some(&serde_json::to_vec(value).unwrap())).await
}

/// Polls `check` every 20 ms until it returns `Some`, for at most `timeout`.
pub(crate) async fn eventually<T, F, Fut>(timeout: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// GET /v1/status once the witness thread has applied every accepted transaction (the
/// reported state root is the witnessed one, which lags acknowledgements by the witness queue).
pub(crate) async fn witnessed_status(addr: SocketAddr) -> serde_json::Value {
    eventually(Duration::from_secs(30), "the witness thread to catch up", || async {
        let status = get(addr, "/v1/status").await.json();
        (status["witnessed"] == status["accepted"]).then_some(status)
    })
    .await
}

/// The node's state root from GET /v1/status, once every accepted transaction is witnessed.
pub(crate) async fn state_root(addr: SocketAddr) -> String {
    witnessed_status(addr).await["state_root"].as_str().unwrap().to_string()
}
