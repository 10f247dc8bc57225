//! Every class of bad input gets its code and changes nothing.

use circuits::amount::MAX_BALANCE;
use circuits::babyjubjub::PrivateKey;
use circuits::test_utils::{test_address, test_genesis, test_key, TestWorld, START_BALANCE};
use circuits::tx::{Deposit, SignatureBytes, Tx};
use sequencer::types::Outcome;
use serde_json::{json, Value};

use crate::support::*;

/// What a rejected input must leave as it was.
async fn snapshot(addr: std::net::SocketAddr) -> (String, Value, Value, u64) {
    let status = witnessed_status(addr).await;
    (
        status["state_root"].as_str().unwrap().to_string(),
        get(addr, "/v1/accounts/1").await.json(),
        get(addr, "/v1/accounts/2").await.json(),
        status["accepted"].as_u64().unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_bad_input_gets_its_code_and_changes_nothing() {
    let db = test_db().await;
    let genesis = test_genesis(4, 8);
    let mut config = test_config(&db.url);
    config.max_body_bytes = 2048;
    let node = start(&config, &genesis).await;
    let addr = node.addr;
    let mut world = TestWorld::new(4, 8);

    // One accepted transaction to replay later.
    let first = world.transfer(1, 2, 0, 500, 0);
    assert_eq!(post_json(addr, "/v1/transactions", &first).await.status, 200);
    world.state.apply(&first).unwrap();
    let before = snapshot(addr).await;

    let valid = serde_json::to_value(test_transfer(1, 2, 10, 0, 1)).unwrap();
    let mut unknown_field = valid.clone();
    unknown_field["memo"] = json!("hi");
    let mut wrong_type = valid.clone();
    wrong_type["nonce"] = json!("one");
    let mut no_expiry = valid.clone();
    no_expiry.as_object_mut().unwrap().remove("valid_until").expect("transactions carry valid_until");
    // Batches are numbered from 1: a transaction valid until batch 0 is always expired.
    let expired = world.valid_until(1, test_transfer(1, 2, 10, 0, 1), 0);
    let mut bad_signature = test_transfer(1, 2, 10, 0, 1);
    bad_signature.set_signature(test_transfer(3, 2, 10, 0, 1).signed_header().unwrap().signature);
    let mut garbage_signature = test_transfer(1, 2, 10, 0, 1);
    garbage_signature.set_signature(SignatureBytes([7; 64]));
    let l1_deposit = Tx::Deposit(Deposit {
        l1_address: test_address(1),
        public_key: test_key(1).public_key().into(),
        token: 0,
        amount: 1,
    });

    let raw: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("truncated JSON", br#"{"type":"transfer","from":1"#.to_vec(), 400, "malformed_json"),
        ("not JSON", b"hello".to_vec(), 400, "malformed_json"),
        ("unknown field", serde_json::to_vec(&unknown_field).unwrap(), 400, "malformed_json"),
        ("wrong type", serde_json::to_vec(&wrong_type).unwrap(), 400, "malformed_json"),
        ("no valid_until", serde_json::to_vec(&no_expiry).unwrap(), 400, "malformed_json"),
        ("unknown tx type", br#"{"type":"mint","amount":"1"}"#.to_vec(), 400, "malformed_json"),
        ("oversize body", vec![b' '; 4096], 413, "payload_too_large"),
    ];
    let txs: Vec<(&str, Tx, u16, &str)> = vec![
        ("bad signature", bad_signature, 422, "invalid_signature"),
        ("undecodable signature", garbage_signature, 422, "invalid_signature"),
        ("wrong nonce", test_transfer(1, 2, 10, 0, 7), 409, "bad_nonce"),
        ("replay", first.clone(), 409, "already_known"),
        ("insufficient balance", test_transfer(1, 2, 2 * START_BALANCE, 0, 1), 422, "insufficient_balance"),
        ("amount above 2^112 (not packable)", test_transfer(1, 2, 1u128 << 112, 0, 1), 422, "not_packable"),
        ("unknown token", transfer(&test_key(1), 1, 2, 9, 10, 0, 1), 422, "unknown_token"),
        ("unknown recipient", test_transfer(1, 200, 10, 0, 1), 422, "unknown_account"),
        ("unknown sender", transfer(&PrivateKey::from_bytes(b"x"), 77, 2, 0, 10, 0, 0), 422, "unknown_account"),
        ("unknown pool", world.swap(1, 9, true, 1_000, 0), 422, "unknown_pool"),
        ("deposit over HTTP", l1_deposit, 422, "unsupported_tx_type"),
        ("expired", expired.clone(), 422, "expired"),
    ];
    let mut cases: Vec<(&str, Vec<u8>, u16, &str)> = raw;
    for (name, tx, status, code) in txs {
        cases.push((name, serde_json::to_vec(&tx).unwrap(), status, code));
    }
    for (name, body, status, code) in &cases {
        let response = http(addr, "POST", "/v1/transactions", Some(body)).await;
        assert_eq!((response.status, response.code()), (*status, code.to_string()), "{name}: {}", response.json());
        assert!(response.json()["error"]["message"].is_string(), "{name}");
        assert_eq!(snapshot(addr).await, before, "{name} changed the state");
    }

    // The batch endpoint answers each item; the good one goes through.
    let good = test_transfer(1, 2, 10, 0, 1);
    let body = json!([good, {"type": "transfer"}, test_transfer(1, 2, 10, 0, 9)]);
    let response = post_json(addr, "/v1/transactions/batch", &body).await;
    assert_eq!(response.status, 200);
    let results = response.json()["results"].clone();
    assert_eq!(results[0]["status"], "accepted");
    assert_eq!(results[1]["error"]["code"], "malformed_json");
    assert_eq!(results[2]["error"]["code"], "bad_nonce");
    let after_good = snapshot(addr).await;
    assert_eq!(after_good.3, before.3 + 1);

    // Overflow: a deposit that would push the token's L2 supply past 2^112 - 1 (through the
    // internal priority entry point: deposits have no HTTP endpoint).
    let deposit = Deposit {
        l1_address: test_address(1),
        public_key: test_key(1).public_key().into(),
        token: 0,
        amount: MAX_BALANCE,
    };
    let outcome = node.pipeline.submit_priority(0, deposit).await.unwrap();
    assert!(matches!(outcome, Outcome::Rejected { ref reason, .. } if reason.code() == "overflow"), "{outcome:?}");
    assert_eq!(snapshot(addr).await, after_good, "overflow changed the state");

    // A rejected hash is reported as rejected; an unknown one is not found.
    let rejected = test_transfer(1, 2, 10, 0, 7);
    let hash = sequencer::types::hex0x(&sequencer::types::l2_tx_hash(&rejected, circuits::test_utils::CHAIN_ID));
    let status = get(addr, &format!("/v1/transactions/{hash}")).await.json();
    assert_eq!(status["status"], "rejected");
    assert_eq!(status["error"]["code"], "bad_nonce");
    let hash = sequencer::types::hex0x(&sequencer::types::l2_tx_hash(&expired, circuits::test_utils::CHAIN_ID));
    let status = get(addr, &format!("/v1/transactions/{hash}")).await.json();
    assert_eq!((&status["status"], &status["error"]["code"]), (&json!("rejected"), &json!("expired")), "{status}");
    let missing = get(addr, &format!("/v1/transactions/0x{}", "ab".repeat(32))).await;
    assert_eq!((missing.status, missing.code()), (404, "not_found".to_string()));
    let bad_hash = get(addr, "/v1/transactions/xyz").await;
    assert_eq!((bad_hash.status, bad_hash.code()), (400, "bad_request".to_string()));
    let no_route = get(addr, "/v1/nothing").await;
    assert_eq!((no_route.status, no_route.code()), (404, "not_found".to_string()));
    let wrong_method = http(addr, "DELETE", "/v1/status", None).await;
    assert_eq!((wrong_method.status, wrong_method.code()), (405, "method_not_allowed".to_string()));
    let bad_account = get(addr, "/v1/accounts/abc").await;
    assert_eq!((bad_account.status, bad_account.code()), (400, "bad_request".to_string()));
    let bad_query = get(addr, "/v1/pools/0/quote?a_to_b=maybe&amount_in=1").await;
    assert_eq!((bad_query.status, bad_query.code()), (400, "bad_request".to_string()));

    node.stop().await;
    db.drop().await;
}
