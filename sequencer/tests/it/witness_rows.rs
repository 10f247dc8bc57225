//! Block and batch rows are stored by the witness thread after the acknowledgement. Rows it had
//! not stored before a crash are rebuilt at start, identical to the ones it would have written.

use std::time::Duration;

use circuits::test_utils::test_genesis;
use sqlx::{Connection, PgConnection};

use crate::support::*;

type BatchRow = (i64, i64, i64, String, String, String, String);
type BlockRow = (i64, i64, i64, String);

async fn rows(conn: &mut PgConnection) -> (Vec<BatchRow>, Vec<BlockRow>, i64) {
    let batches = sqlx::query_as(
        "SELECT number, first_seq, last_seq, old_state_root, new_state_root, commitment, witness::text \
         FROM batches ORDER BY number",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    let blocks = sqlx::query_as("SELECT number, first_seq, last_seq, state_root FROM blocks ORDER BY number")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    let jobs = sqlx::query_scalar("SELECT count(*) FROM proof_jobs").fetch_one(&mut *conn).await.unwrap();
    (batches, blocks, jobs)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_the_witness_thread_had_not_stored_are_rebuilt_identically_at_start() {
    let db = test_db().await;
    let mut config = test_config(&db.url);
    config.batch_deadline_ms = 60_000;
    let genesis = test_genesis(4, 8);
    let node = start(&config, &genesis).await;
    let addr = node.addr;
    let mut nonces = [0u32; 4];
    for i in 0..10u32 {
        let from = 1 + i % 3;
        let tx = test_transfer(from, (from % 3) + 1, 100 + u128::from(i), 5, nonces[from as usize]);
        nonces[from as usize] += 1;
        let response = post_json(addr, "/v1/transactions", &tx).await;
        assert_eq!(response.status, 200, "{}", response.json());
    }
    // 10 transactions in batches of 4: batches 1 and 2 sealed, 2 transactions open.
    let before = eventually(Duration::from_secs(30), "batch 2 to be stored", || async {
        let status = witnessed_status(addr).await;
        (status["heights"]["batch"] == 2).then_some(status)
    })
    .await;
    node.stop().await;

    let mut conn = PgConnection::connect(&db.url).await.unwrap();
    let (batches, blocks, jobs) = rows(&mut conn).await;
    assert_eq!((batches.len(), jobs), (2, 2));
    // As if the sequencer had died after acknowledging, before its writer stored anything.
    for statement in ["DELETE FROM proof_jobs", "DELETE FROM batches", "DELETE FROM blocks"] {
        sqlx::query(statement).execute(&mut conn).await.unwrap();
    }

    let node = start(&config, &genesis).await;
    let after = witnessed_status(node.addr).await;
    assert_eq!(after["state_root"], before["state_root"]);
    assert_eq!(after["heights"]["batch"], 2);
    let (rebuilt_batches, rebuilt_blocks, rebuilt_jobs) = rows(&mut conn).await;
    assert_eq!(rebuilt_batches, batches, "re-sealed batches (witness JSON included) equal the stored ones");
    assert_eq!(rebuilt_jobs, 2);
    // Every block followed by a transaction is rebuilt identically. The last block may differ
    // by its presence only: one the timer closed with nothing after it reopens (nobody had
    // seen it), and one closed just before the stop, whose row the writer had not stored yet,
    // is written by recovery (its transactions name it).
    assert!(blocks.len().abs_diff(rebuilt_blocks.len()) <= 1, "{blocks:?} vs {rebuilt_blocks:?}");
    let common = blocks.len().min(rebuilt_blocks.len());
    assert_eq!(rebuilt_blocks[..common], blocks[..common]);

    // It resumes in the open batch 3.
    let next = test_transfer(1, 2, 5, 0, nonces[1]);
    let response = post_json(node.addr, "/v1/transactions", &next).await.json();
    assert_eq!((response["seq"].as_u64(), response["batch"].as_u64()), (Some(10), Some(3)), "{response}");

    node.stop().await;
    drop(conn);
    db.drop().await;
}

/// `sequencer_witness_read_back_total` from /metrics.
async fn read_back_total(addr: std::net::SocketAddr) -> u64 {
    let body = String::from_utf8(get(addr, "/metrics").await.body).unwrap();
    let line = body.lines().find(|line| line.starts_with("sequencer_witness_read_back_total ")).expect("the counter");
    line.rsplit(' ').next().unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transactions_read_back_from_postgres_seal_the_same_batches_as_queued_ones() {
    let genesis = test_genesis(4, 8);
    let mut nonces = [0u32; 4];
    let txs: Vec<_> = (0..14u32)
        .map(|i| {
            let from = 1 + i % 3;
            let tx = test_transfer(from, (from % 3) + 1, 100 + u128::from(i), 5, nonces[from as usize]);
            nonces[from as usize] += 1;
            tx
        })
        .collect();
    let mut outcomes = Vec::new();
    // One transaction in memory at most (the rest read back from Postgres), then all of them.
    for queue in [1, 1024] {
        let db = test_db().await;
        let mut config = test_config(&db.url);
        config.batch_deadline_ms = 60_000;
        config.block_interval_ms = 60_000;
        config.witness_queue = queue;
        let node = start(&config, &genesis).await;
        let response = post_json(node.addr, "/v1/transactions/batch", &txs).await;
        assert_eq!(response.status, 200, "{}", response.json());
        // 14 transactions in batches of 4: batches 1 to 3 sealed, 2 transactions open.
        let status = eventually(Duration::from_secs(30), "batch 3 to be stored", || async {
            let status = witnessed_status(node.addr).await;
            (status["heights"]["batch"] == 3).then_some(status)
        })
        .await;
        assert_eq!(status["accepted"], 14, "{status}");
        let read_back = read_back_total(node.addr).await;
        node.stop().await;
        let mut conn = PgConnection::connect(&db.url).await.unwrap();
        let (batches, _, jobs) = rows(&mut conn).await;
        assert_eq!((batches.len(), jobs), (3, 3));
        outcomes.push((read_back, status["state_root"].clone(), batches));
        drop(conn);
        db.drop().await;
    }
    let (spilled, queued) = (&outcomes[0], &outcomes[1]);
    assert!((12..=14).contains(&spilled.0), "with room for one, the others are read back: {}", spilled.0);
    assert_eq!(queued.0, 0, "with room for all, none is read back");
    assert_eq!(spilled.1, queued.1, "same state root");
    assert_eq!(spilled.2, queued.2, "same batches, witness JSON included");
}
