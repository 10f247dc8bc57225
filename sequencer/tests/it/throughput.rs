//! A rough throughput measurement (ignored by default: `cargo test -p sequencer --release
//! --test it throughput -- --ignored --nocapture`).

use std::time::Instant;

use circuits::test_utils::test_genesis;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "measurement, not a check"]
async fn measure_batch_submission_throughput() {
    let db = test_db().await;
    let accounts = 200u32;
    let per_account = 20u32;
    let genesis = test_genesis(accounts as usize, 16);
    let mut config = test_config(&db.url);
    config.batch_slots = 256;
    config.max_body_bytes = 64 << 20;
    let node = start(&config, &genesis).await;
    let signing = Instant::now();
    let mut txs = Vec::new();
    for nonce in 0..per_account {
        for from in 1..accounts {
            txs.push(test_transfer(from, (from % (accounts - 1)) + 1, 1_000, 10, nonce));
        }
    }
    let signed = signing.elapsed();
    let started = Instant::now();
    let mut accepted = 0;
    for chunk in txs.chunks(1_000) {
        let response = post_json(node.addr, "/v1/transactions/batch", &chunk).await.json();
        accepted += response["results"].as_array().unwrap().iter().filter(|r| r["status"] == "accepted").count();
    }
    let elapsed = started.elapsed();
    println!(
        "signed {} in {signed:?}; accepted {accepted} in {elapsed:?}: {:.0} tx/s",
        txs.len(),
        accepted as f64 / elapsed.as_secs_f64()
    );
    assert_eq!(accepted, txs.len());
    node.stop().await;
    db.drop().await;
}
