//! Submit -> included in a block -> sealed in a batch with a proof job; reads and proofs.

use std::time::Duration;

use circuits::babyjubjub::PrivateKey;
use circuits::batch::SealedBatch;
use circuits::field::fr_from_str;
use circuits::merkle::MerkleProof;
use circuits::state::AccountLeaf;
use circuits::test_utils::{test_address, test_genesis, TestWorld, START_BALANCE};
use circuits::tx::Deposit;
use sequencer::types::{fr_hex, Outcome};
use sqlx::{Connection, PgConnection};

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submitted_transfers_are_included_in_blocks_and_sealed_in_batches_with_proof_jobs() {
    let db = test_db().await;
    let genesis = test_genesis(4, 8);
    let node = start(&test_config(&db.url), &genesis).await;
    let addr = node.addr;
    // A local mirror of the state (fee-free transfers: sealing changes no root).
    let mut world = TestWorld::new(4, 8);

    let mut hashes = Vec::new();
    for i in 0..5u32 {
        let tx = world.transfer(1 + i % 3, 0, 0, 1_000 + u128::from(i), 0);
        world.state.apply(&tx).unwrap();
        let response = post_json(addr, "/v1/transactions", &tx).await;
        assert_eq!(response.status, 200, "{}", response.json());
        let body = response.json();
        assert_eq!(body["seq"], i);
        assert_eq!(body["batch"], if i < 4 { 1 } else { 2 });
        assert_eq!(body["receipt"]["type"], "transfer");
        hashes.push(body["hash"].as_str().unwrap().to_string());
    }
    assert_eq!(state_root(addr).await, fr_hex(&world.state.root()));

    // Batch 1 filled at once; batch 2 is sealed at its deadline.
    for (i, hash) in hashes.iter().enumerate() {
        let status = eventually(Duration::from_secs(10), "the batch", || async {
            let body = get(addr, &format!("/v1/transactions/{hash}")).await.json();
            (body["status"] == "in_batch").then_some(body)
        })
        .await;
        assert_eq!(status["seq"], i);
        assert_eq!(status["batch"], if i < 4 { 1 } else { 2 });
        assert!(status["block"].as_u64().unwrap() >= 1);
        assert_eq!(status["tx"]["type"], "transfer");
    }

    let mut conn = PgConnection::connect(&db.url).await.unwrap();
    let jobs: Vec<(i64, String, i32, Option<String>)> =
        sqlx::query_as("SELECT batch_number, status, attempts, picked_by FROM proof_jobs ORDER BY batch_number")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    assert_eq!(jobs, vec![(1, "queued".into(), 0, None), (2, "queued".into(), 0, None)]);
    let witness: String =
        sqlx::query_scalar("SELECT witness::text FROM batches WHERE number = 1").fetch_one(&mut conn).await.unwrap();
    let sealed: SealedBatch = serde_json::from_str(&witness).unwrap();
    assert_eq!(sealed.slots.len(), 4);
    let batch = get(addr, "/v1/batches/1").await.json();
    assert_eq!(batch["new_state_root"], fr_hex(&sealed.roots_after.state_root()));
    assert_eq!(batch["commitment"], fr_hex(&sealed.commitment()));
    assert_eq!(batch["tx_count"], 4);
    assert_eq!(batch["status"], "sealed");
    let blocks = get(addr, "/v1/blocks").await.json();
    let total: u64 = blocks["blocks"].as_array().unwrap().iter().map(|b| b["tx_count"].as_u64().unwrap()).sum();
    assert_eq!(total, 5);
    let status = get(addr, "/v1/status").await.json();
    assert_eq!(status["heights"]["batch"], 2);
    assert_eq!(status["accepted"], 5);

    // Accounts by id and by key, with a proof that verifies against the reported roots.
    let account = get(addr, "/v1/accounts/1").await.json();
    assert_eq!(account["nonce"], 2);
    assert_eq!(account["balances"]["0"], (START_BALANCE - 1_000 - 1_003).to_string());
    let key = serde_json::to_value(world.keys[1].public_key()).unwrap();
    let by_key = get(addr, &format!("/v1/accounts/{}", key.as_str().unwrap())).await.json();
    assert_eq!(by_key, account);
    for path in ["/v1/accounts/1/proof", "/v1/accounts/1/proof?batch=2"] {
        let proof = get(addr, path).await.json();
        let leaf: AccountLeaf = serde_json::from_value(proof["leaf"].clone()).unwrap();
        let merkle: MerkleProof = serde_json::from_value(proof["proof"].clone()).unwrap();
        let accounts_root = fr_from_str(proof["roots"]["accounts"].as_str().unwrap()).unwrap();
        assert!(merkle.verify(accounts_root, leaf.hash()), "{path}");
        assert_eq!(proof["state_root"], fr_hex(&world.state.root()));
    }
    let old = get(addr, "/v1/accounts/1/proof?batch=1").await;
    assert_eq!((old.status, old.code()), (404, "proof_unavailable".to_string()));

    // A deposit through the internal priority entry point creates an account, ordered with L2.
    let newcomer = PrivateKey::from_bytes(b"newcomer");
    let deposit =
        Deposit { l1_address: test_address(7), public_key: newcomer.public_key().into(), token: 1, amount: 5_000 };
    let Outcome::Accepted(accepted) = node.pipeline.submit_priority(0, deposit.clone()).await.unwrap() else {
        panic!("deposit rejected")
    };
    assert_eq!(accepted.seq, 5);
    let account = get(addr, "/v1/accounts/4").await.json();
    assert_eq!(account["balances"]["1"], "5000");
    // The same priority serial id again is refused.
    let again = node.pipeline.submit_priority(0, deposit).await.unwrap();
    assert!(matches!(again, Outcome::Rejected { ref reason, .. } if reason.code() == "duplicate_priority_op"));

    // Pools and quotes: empty pools cannot quote; liquidity makes them.
    let quote = get(addr, "/v1/pools/0/quote?a_to_b=true&amount_in=1000").await;
    assert_eq!((quote.status, quote.code()), (422, "empty_pool".to_string()));
    // Liquidity quotes check the pool's rules: a first provision of at most 1000 shares is
    // refused; a larger one credits all but the 1000 locked shares.
    let refused = get(addr, "/v1/pools/0/liquidity-quote?amount_a=1000&max_amount_b=1000").await;
    assert_eq!((refused.status, refused.code()), (422, "insufficient_liquidity".to_string()));
    let first = get(addr, "/v1/pools/0/liquidity-quote?amount_a=1000000000&max_amount_b=2000000000").await.json();
    let shares = 1_414_213_562u128; // ⌊√(2·10¹⁸)⌋
    assert_eq!(
        (&first["amount_b"], &first["lp_minted"], &first["lp_locked"], &first["lp_supply_after"]),
        (&"2000000000".into(), &(shares - 1_000).to_string().into(), &"1000".into(), &shares.to_string().into())
    );
    let add = world.add_liquidity(2, 0, 1_000_000_000, 2_000_000_000);
    let added = post_json(addr, "/v1/transactions", &add).await.json();
    assert_eq!(added["receipt"]["lp_minted"], first["lp_minted"]);
    world.state.apply(&add).unwrap();
    let later = get(addr, "/v1/pools/0/liquidity-quote?amount_a=500000000&max_amount_b=2000000000").await.json();
    assert_eq!((&later["amount_b"], &later["lp_locked"]), (&"1000000000".into(), &"0".into()));
    assert_eq!(later["lp_minted"], (shares / 2).to_string());
    let quote = get(addr, "/v1/pools/0/quote?a_to_b=true&amount_in=1000000").await.json();
    let expected = circuits::transition::swap_output(1_000_000, 1_000_000_000, 2_000_000_000, 30);
    assert_eq!(quote["amount_out"], expected.to_string());
    assert_eq!(get(addr, "/v1/pools").await.json()["pools"].as_array().unwrap().len(), 2);
    assert_eq!(get(addr, "/v1/tokens").await.json()["tokens"].as_array().unwrap().len(), 3);

    let metrics = String::from_utf8(get(addr, "/metrics").await.body).unwrap();
    assert!(metrics.contains("sequencer_tx_accepted_total 7"), "{metrics}");
    assert!(metrics.contains("sequencer_tx_rejected_total{code=\"duplicate_priority_op\"} 1"), "{metrics}");
    assert!(metrics.contains("sequencer_submit_latency_seconds_count"));

    node.stop().await;
    drop(conn);
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_with_a_different_genesis_is_refused() {
    let db = test_db().await;
    let config = test_config(&db.url);
    start(&config, &test_genesis(4, 8)).await.stop().await;
    let error = sequencer::node::start(&config, Some(test_genesis(5, 8))).await.expect_err("a different genesis");
    assert!(error.to_string().contains("differs"), "{error}");
    // Without a genesis file the stored one is used.
    let node = sequencer::node::start(&config, None).await.expect("the stored genesis");
    assert_eq!(get(node.addr, "/v1/status").await.json()["genesis_root"], state_root(node.addr).await);
    node.stop().await;
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fee_in_a_fifth_token_opens_the_next_batch() {
    let db = test_db().await;
    let genesis = test_genesis(4, 8);
    let mut config = test_config(&db.url);
    config.batch_slots = 16;
    config.batch_deadline_ms = 60_000;
    let node = start(&config, &genesis).await;
    let mut world = TestWorld::new(4, 8);
    let lp = circuits::state::LP_TOKEN_BASE;
    // Account 2 pays fees in ETH and USDC (adding liquidity to both pools), then in DAI and in
    // pool 0's shares: four tokens fill batch 1. A fee in pool 1's shares goes to batch 2,
    // and so does everything after it, fee-free or not.
    type Maker = fn(&TestWorld) -> circuits::tx::Tx;
    let makers: [(Maker, u64); 6] = [
        (|w| w.with_fee(2, w.add_liquidity(2, 0, 1_000_000_000, 2_000_000_000), 5), 1),
        (|w| w.with_fee(2, w.add_liquidity(2, 1, 1_000_000_000, 2_000_000_000), 6), 1),
        (|w| w.transfer(2, 1, 2, 1_000, 7), 1),
        (|w| w.transfer(2, 1, circuits::state::LP_TOKEN_BASE, 1_000, 8), 1),
        (|w| w.transfer(2, 1, circuits::state::LP_TOKEN_BASE + 1, 1_000, 9), 2),
        (|w| w.transfer(2, 1, 0, 1_000, 10), 2),
    ];
    for (i, (make, batch)) in makers.iter().enumerate() {
        let tx = make(&world);
        world.state.apply(&tx).unwrap();
        let response = post_json(node.addr, "/v1/transactions", &tx).await;
        assert_eq!(response.status, 200, "{}", response.json());
        assert_eq!(response.json()["batch"], *batch, "transaction {i}");
    }

    let batch = eventually(Duration::from_secs(10), "batch 1", || async {
        let body = get(node.addr, "/v1/batches/1").await.json();
        (body["tx_count"] == 4).then_some(body)
    })
    .await;
    assert_eq!(batch["status"], "sealed");
    let mut conn = PgConnection::connect(&db.url).await.unwrap();
    let witness: String =
        sqlx::query_scalar("SELECT witness::text FROM batches WHERE number = 1").fetch_one(&mut conn).await.unwrap();
    let sealed: SealedBatch = serde_json::from_str(&witness).unwrap();
    assert_eq!(sealed.slots.len(), 16, "sealed early, padded with Noop");
    let credits: Vec<(u16, u128)> = sealed.fee_credit.balances.iter().map(|b| (b.token, b.after - b.before)).collect();
    assert_eq!(credits, [(0, 5), (1, 6), (2, 7), (lp, 8)], "one credit per fee token");

    node.stop().await;
    drop(conn);
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_operations_skip_the_transfer_slots_and_a_restart_keeps_the_layout() {
    let db = test_db().await;
    let genesis = test_genesis(4, 8);
    let mut config = test_config(&db.url);
    config.batch_slots = 4;
    config.transfer_slots = 2;
    config.batch_deadline_ms = 60_000;
    let mut node = start(&config, &genesis).await;
    let mut world = TestWorld::new(4, 8);
    type Maker = fn(&TestWorld) -> circuits::tx::Tx;
    // Batch 1: a transfer in transfer slot 0; a withdrawal skips transfer slot 1 for general
    // slot 2; a transfer fills slot 3. Batch 2: liquidity skips both transfer slots, then (after
    // a restart) a transfer fills the last slot.
    let makers: [(Maker, u64); 5] = [
        (|w| w.transfer(1, 2, 0, 1_000, 1), 1),
        (|w| w.withdraw(2, 0, 500, 1), 1),
        (|w| w.transfer(2, 1, 0, 700, 0), 1),
        (|w| w.with_fee(2, w.add_liquidity(2, 0, 1_000_000_000, 2_000_000_000), 5), 2),
        (|w| w.transfer(1, 3, 0, 900, 2), 2),
    ];
    for (i, (make, batch)) in makers.iter().enumerate() {
        if i == 4 {
            let root = state_root(node.addr).await;
            node.stop().await;
            node = start(&config, &genesis).await;
            assert_eq!(state_root(node.addr).await, root, "the restart rebuilds the same state");
        }
        let tx = make(&world);
        world.state.apply(&tx).unwrap();
        let response = post_json(node.addr, "/v1/transactions", &tx).await;
        assert_eq!(response.status, 200, "{}", response.json());
        assert_eq!(response.json()["batch"], *batch, "transaction {i}");
    }

    use circuits::tx::TxType::{AddLiquidity, Noop, Transfer, Withdraw};
    let mut conn = PgConnection::connect(&db.url).await.unwrap();
    for (number, expected) in [(1, [Transfer, Noop, Withdraw, Transfer]), (2, [Noop, Noop, AddLiquidity, Transfer])] {
        eventually(Duration::from_secs(10), "the batch is sealed", || async {
            (get(node.addr, &format!("/v1/batches/{number}")).await.json()["status"] == "sealed").then_some(())
        })
        .await;
        let (witness, transfer_slots): (String, i32) =
            sqlx::query_as("SELECT witness::text, transfer_slots FROM batches WHERE number = $1")
                .bind(number)
                .fetch_one(&mut conn)
                .await
                .unwrap();
        let sealed: SealedBatch = serde_json::from_str(&witness).unwrap();
        let types: Vec<_> = sealed.slots.iter().map(|slot| slot.tx.tx_type()).collect();
        assert_eq!(types, expected, "batch {number}");
        assert_eq!((sealed.transfer_slots, transfer_slots), (2, 2));
        circuits::batch::slot_data(&sealed.pubdata, sealed.transfer_slots).expect("the layout's slot data");
    }

    node.stop().await;
    drop(conn);
    db.drop().await;
}
