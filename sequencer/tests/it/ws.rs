//! The WebSocket stream reports accepted transactions, blocks and batches.

use std::time::Duration;

use circuits::test_utils::test_genesis;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::*;

/// Reads one unmasked text frame (the server never masks).
async fn read_frame(stream: &mut TcpStream) -> Value {
    let mut head = [0u8; 2];
    stream.read_exact(&mut head).await.unwrap();
    assert_eq!(head[0] & 0x0f, 1, "a text frame");
    let len = match head[1] & 0x7f {
        126 => {
            let mut ext = [0u8; 2];
            stream.read_exact(&mut ext).await.unwrap();
            u16::from_be_bytes(ext) as usize
        }
        127 => {
            let mut ext = [0u8; 8];
            stream.read_exact(&mut ext).await.unwrap();
            u64::from_be_bytes(ext) as usize
        }
        len => len as usize,
    };
    let mut payload = vec![0u8; len];
    stream.read_exact(&mut payload).await.unwrap();
    serde_json::from_slice(&payload).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_websocket_streams_transactions_blocks_and_batches() {
    let db = test_db().await;
    let mut config = test_config(&db.url);
    config.batch_slots = 1;
    let node = start(&config, &test_genesis(4, 8)).await;
    let mut stream = TcpStream::connect(node.addr).await.unwrap();
    let request = format!(
        "GET /v1/ws HTTP/1.1\r\nHost: {}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        node.addr
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let mut byte = [0u8; 1];
        stream.read_exact(&mut byte).await.unwrap();
        head.push(byte[0]);
    }
    assert!(head.starts_with(b"HTTP/1.1 101"), "{}", String::from_utf8_lossy(&head));

    let response = post_json(node.addr, "/v1/transactions", &test_transfer(1, 2, 100, 0, 0)).await.json();
    let mut seen = Vec::new();
    while seen.len() < 3 {
        let event = tokio::time::timeout(Duration::from_secs(10), read_frame(&mut stream)).await.expect("an event");
        seen.push(event["event"].as_str().unwrap().to_string());
        if event["event"] == "tx_accepted" {
            assert_eq!(event["hash"], response["hash"]);
        }
    }
    seen.sort();
    assert_eq!(seen, ["batch", "block", "tx_accepted"]);
    node.stop().await;
    db.drop().await;
}
