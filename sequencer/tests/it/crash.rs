//! SIGKILL after N acknowledgements: the restarted sequencer has all N and the same root.

use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use circuits::test_utils::test_genesis;
use serde_json::Value;

use crate::support::*;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn spawn_sequencer(url: &str, genesis: &std::path::Path, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_sequencer"))
        .args(["run", "--listen", &format!("127.0.0.1:{port}"), "--batch-slots", "8"])
        .args(["--batch-deadline-ms", "60000", "--block-interval-ms", "100", "--db-connections", "4"])
        .arg("--genesis")
        .arg(genesis)
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn the sequencer binary")
}

async fn wait_ready(addr: SocketAddr, child: &mut Child) -> Value {
    eventually(Duration::from_secs(60), "the sequencer to serve", || {
        let exited = child.try_wait().unwrap();
        assert!(exited.is_none(), "the sequencer exited: {exited:?}");
        async move {
            let stream = tokio::net::TcpStream::connect(addr).await.ok()?;
            drop(stream);
            Some(get(addr, "/v1/status").await.json())
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_sequencer_restarts_with_every_acknowledged_transaction_and_the_same_root() {
    let db = test_db().await;
    let genesis_path = std::env::temp_dir().join(format!("seq-crash-genesis-{}.json", std::process::id()));
    std::fs::write(&genesis_path, serde_json::to_string(&test_genesis(4, 8)).unwrap()).unwrap();
    let port = free_port();
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();

    let mut child = spawn_sequencer(&db.url, &genesis_path, port);
    wait_ready(addr, &mut child).await;

    // 50 transfers with fees (so re-sealing must credit them exactly as before): 30 one by
    // one from three accounts, then 20 in one batch request.
    let mut acknowledged: Vec<(String, u64)> = Vec::new();
    let mut nonces = [0u32; 4];
    for i in 0..30u32 {
        let from = 1 + i % 3;
        let tx = test_transfer(from, (from % 3) + 1, 1_000 + u128::from(i), 10, nonces[from as usize]);
        nonces[from as usize] += 1;
        let response = post_json(addr, "/v1/transactions", &tx).await;
        assert_eq!(response.status, 200, "{}", response.json());
        let body = response.json();
        acknowledged.push((body["hash"].as_str().unwrap().into(), body["seq"].as_u64().unwrap()));
    }
    let batch: Vec<_> = (0..20u32)
        .map(|i| {
            let tx = test_transfer(3, 0, 7 + u128::from(i), 10, nonces[3]);
            nonces[3] += 1;
            tx
        })
        .collect();
    let response = post_json(addr, "/v1/transactions/batch", &batch).await;
    for result in response.json()["results"].as_array().unwrap() {
        assert_eq!(result["status"], "accepted", "{result}");
        acknowledged
            .push((result["result"]["hash"].as_str().unwrap().into(), result["result"]["seq"].as_u64().unwrap()));
    }
    assert_eq!(acknowledged.len(), 50);
    // Batches are witnessed and stored off the acknowledgement path: wait for them, so that the
    // roots can be compared (the kill may still land before or after any block row).
    let before = eventually(Duration::from_secs(30), "batch 6 to be stored", || async {
        let status = witnessed_status(addr).await;
        (status["heights"]["batch"] == 6).then_some(status)
    })
    .await;
    assert_eq!(before["accepted"], 50);
    assert_eq!(before["heights"]["batch"], 6, "50 transactions in batches of 8: 6 sealed, 1 open");

    child.kill().expect("SIGKILL");
    child.wait().unwrap();

    let mut child = spawn_sequencer(&db.url, &genesis_path, port);
    wait_ready(addr, &mut child).await;
    let after = witnessed_status(addr).await;
    assert_eq!(after["state_root"], before["state_root"]);
    assert_eq!(after["accepted"], 50);
    assert_eq!(after["heights"]["batch"], 6);
    for (hash, seq) in &acknowledged {
        let status = get(addr, &format!("/v1/transactions/{hash}")).await.json();
        assert_eq!(status["seq"], *seq, "{status}");
        assert!(["pending", "in_block", "in_batch"].contains(&status["status"].as_str().unwrap()), "{status}");
    }
    // It resumes: the next nonce is accepted, with the next sequence number, in batch 7.
    let next = test_transfer(1, 2, 5, 0, nonces[1]);
    let response = post_json(addr, "/v1/transactions", &next).await.json();
    assert_eq!(response["seq"], 50, "{response}");
    assert_eq!(response["batch"], 7);

    child.kill().unwrap();
    child.wait().unwrap();
    let _ = std::fs::remove_file(&genesis_path);
    db.drop().await;
}
