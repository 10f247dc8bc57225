//! Expiry: a transaction goes into a batch no later than its `valid_until`; one that would go
//! into a later batch is refused as `expired` and changes nothing.

use std::net::SocketAddr;
use std::time::Duration;

use circuits::state::LP_TOKEN_BASE;
use circuits::test_utils::{test_genesis, TestWorld, CHAIN_ID};
use circuits::tx::Tx;
use sequencer::types::{fr_hex, hex0x, l2_tx_hash};
use serde_json::{json, Value};

use crate::support::*;

/// Batches that seal only when full (or for a fee token), never at a deadline during a test.
fn no_deadline_config(url: &str, slots: usize) -> sequencer::config::RunConfig {
    let mut config = test_config(url);
    config.batch_slots = slots;
    config.batch_deadline_ms = 600_000;
    config
}

async fn open_batch(addr: SocketAddr) -> u64 {
    get(addr, "/v1/status").await.json()["heights"]["open_batch"].as_u64().expect("heights.open_batch")
}

async fn submit(addr: SocketAddr, tx: &Tx) -> Value {
    let response = post_json(addr, "/v1/transactions", tx).await;
    assert_eq!(response.status, 200, "{}", response.json());
    response.json()
}

/// What a refused transaction must leave as it was: the accepted count and both accounts
/// (nonce and balances). (The root may change: a seal for it credits the sealed batch's fees.)
async fn snapshot(addr: SocketAddr, accounts: [u32; 2]) -> (Value, Value, Value) {
    let status = witnessed_status(addr).await;
    (
        status["accepted"].clone(),
        get(addr, &format!("/v1/accounts/{}", accounts[0])).await.json(),
        get(addr, &format!("/v1/accounts/{}", accounts[1])).await.json(),
    )
}

/// `tx` is refused as expired for `batch`, changes nothing, and reads as rejected (never
/// accepted) by hash.
async fn assert_expired(addr: SocketAddr, tx: &Tx, valid_until: u32, batch: u64, accounts: [u32; 2]) {
    let before = snapshot(addr, accounts).await;
    let response = post_json(addr, "/v1/transactions", tx).await;
    assert_eq!((response.status, response.code()), (422, "expired".to_string()), "{}", response.json());
    let details = &response.json()["error"]["details"];
    assert_eq!(details, &json!({ "code": "expired", "valid_until": valid_until, "batch": batch }));
    assert_eq!(snapshot(addr, accounts).await, before, "an expired transaction changed the state");
    let hash = hex0x(&l2_tx_hash(tx, CHAIN_ID));
    let status = get(addr, &format!("/v1/transactions/{hash}")).await.json();
    assert_eq!((&status["status"], &status["error"]["code"]), (&json!("rejected"), &json!("expired")), "{status}");
    assert!(status["seq"].is_null() && status["batch"].is_null(), "{status}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transaction_goes_in_up_to_its_valid_until_batch_and_is_refused_after() {
    let db = test_db().await;
    let genesis = test_genesis(4, 8);
    let config = no_deadline_config(&db.url, 4);
    let node = start(&config, &genesis).await;
    let addr = node.addr;
    let mut world = TestWorld::new(4, 8);
    assert_eq!(open_batch(addr).await, 1);

    // valid_until equal to the open batch: accepted into it.
    let on_time = world.valid_until(1, world.transfer(1, 2, 0, 100, 0), 1);
    assert_eq!(submit(addr, &on_time).await["batch"], 1);
    world.state.apply(&on_time).unwrap();
    // Three more fill batch 1, which seals; batch 2 opens.
    for from in [2, 3, 2] {
        let tx = world.transfer(from, 1, 0, 10, 0);
        assert_eq!(submit(addr, &tx).await["batch"], 1);
        world.state.apply(&tx).unwrap();
    }
    assert_eq!(open_batch(addr).await, 2);

    // valid_until below the open batch: refused, nothing changes.
    let late = world.valid_until(1, world.transfer(1, 2, 0, 100, 0), 1);
    assert_expired(addr, &late, 1, 2, [1, 2]).await;
    assert_eq!(get(addr, "/v1/accounts/1").await.json()["nonce"], 1);
    assert_eq!(state_root(addr).await, fr_hex(&world.state.root()));
    // In a batch request too, beside an accepted one.
    let good = world.valid_until(1, world.transfer(1, 2, 0, 100, 0), 2);
    let response = post_json(addr, "/v1/transactions/batch", &json!([late, good])).await;
    assert_eq!(response.status, 200);
    let results = response.json()["results"].clone();
    assert_eq!(results[0]["error"]["code"], "expired", "{results}");
    assert_eq!((&results[1]["status"], &results[1]["result"]["batch"]), (&json!("accepted"), &json!(2)), "{results}");
    world.state.apply(&good).unwrap();
    assert_eq!(state_root(addr).await, fr_hex(&world.state.root()));

    // A restart replays every accepted transaction into the batch it was accepted into,
    // within its expiry.
    node.stop().await;
    let node = start(&config, &genesis).await;
    let addr = node.addr;
    assert_eq!(state_root(addr).await, fr_hex(&world.state.root()));
    assert_eq!(open_batch(addr).await, 2);
    assert_eq!(get(addr, "/v1/accounts/1").await.json()["nonce"], 2);
    let again = world.valid_until(2, world.transfer(2, 1, 0, 10, 0), 1);
    assert_expired(addr, &again, 1, 2, [1, 2]).await;

    node.stop().await;
    db.drop().await;
}

/// A transaction whose fee would open a fifth fee token seals the open batch first: its expiry
/// is checked against the next batch, the one it would go into.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_expiry_is_checked_against_the_batch_after_a_seal_for_the_transaction() {
    let db = test_db().await;
    let genesis = test_genesis(4, 8);
    let node = start(&no_deadline_config(&db.url, 8), &genesis).await;
    let addr = node.addr;
    let mut world = TestWorld::new(4, 8);

    // Batch 1: LP shares of both pools (no fees), then fees in four tokens.
    const UNIT: u128 = 1_000_000_000_000_000_000;
    let mut txs = vec![world.add_liquidity(1, 0, UNIT, UNIT)];
    world.state.apply(&txs[0]).unwrap();
    txs.push(world.add_liquidity(2, 1, UNIT, UNIT));
    world.state.apply(&txs[1]).unwrap();
    for token in [0, 1, 2, LP_TOKEN_BASE] {
        let tx = world.transfer(1, 3, token, 100, 1);
        world.state.apply(&tx).unwrap();
        txs.push(tx);
    }
    for tx in &txs {
        assert_eq!(submit(addr, tx).await["batch"], 1);
    }
    assert_eq!(open_batch(addr).await, 1);

    // A fee in the pool-1 LP token is a fifth: batch 1 is sealed for it, and it would go into
    // batch 2, after its valid_until.
    let fifth = world.valid_until(2, world.transfer(2, 3, LP_TOKEN_BASE + 1, 100, 1), 1);
    assert_expired(addr, &fifth, 1, 2, [2, 3]).await;
    assert_eq!(open_batch(addr).await, 2);
    let batch = eventually(Duration::from_secs(30), "batch 1 to be stored", || async {
        let response = get(addr, "/v1/batches/1").await;
        (response.status == 200).then(|| response.json())
    })
    .await;
    assert_eq!(batch["tx_count"], 6);
    // Signed for batch 2, it goes in.
    let fifth = world.valid_until(2, fifth, 2);
    assert_eq!(submit(addr, &fifth).await["batch"], 2);

    node.stop().await;
    db.drop().await;
}
