//! A failed group commit acknowledges nothing and rebuilds the state from the database.

use circuits::test_utils::test_genesis;
use sqlx::{Connection, PgConnection};

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_commit_answers_unavailable_and_leaves_the_state_as_stored() {
    let db = test_db().await;
    let node = start(&test_config(&db.url), &test_genesis(4, 8)).await;
    let addr = node.addr;
    for nonce in 0..2 {
        assert_eq!(post_json(addr, "/v1/transactions", &test_transfer(1, 2, 100, 0, nonce)).await.status, 200);
    }
    let before = state_root(addr).await;

    // Make every further insert fail.
    let mut conn = PgConnection::connect(&db.url).await.unwrap();
    sqlx::query("ALTER TABLE transactions ADD CONSTRAINT test_refuse CHECK (seq < 2) NOT VALID")
        .execute(&mut conn)
        .await
        .unwrap();
    let refused = post_json(addr, "/v1/transactions", &test_transfer(1, 2, 100, 0, 2)).await;
    assert_eq!((refused.status, refused.code()), (503, "unavailable".to_string()));

    // Requests queued behind a failing commit are verified while it runs; after the rebuild
    // none of them is accepted on the unpersisted state: each is unavailable or, once its
    // predecessor is gone, has the wrong nonce.
    let queued: Vec<_> = (2..10)
        .map(|nonce| {
            tokio::spawn(async move { post_json(addr, "/v1/transactions", &test_transfer(1, 2, 100, 0, nonce)).await })
        })
        .collect();
    for (nonce, reply) in (2..).zip(queued) {
        let reply = reply.await.unwrap();
        let outcome = (reply.status, reply.code());
        assert!(
            outcome == (503, "unavailable".to_string()) || (nonce > 2 && outcome.1 == "bad_nonce"),
            "nonce {nonce}: {outcome:?}"
        );
    }
    assert_eq!(refused.header("retry-after"), Some("1"));
    assert_eq!(state_root(addr).await, before, "the unpersisted transaction is not in the state");
    assert_eq!(get(addr, "/v1/accounts/1").await.json()["nonce"], 2);

    // Once the database accepts writes again, the same transaction goes through.
    sqlx::query("ALTER TABLE transactions DROP CONSTRAINT test_refuse").execute(&mut conn).await.unwrap();
    let accepted = post_json(addr, "/v1/transactions", &test_transfer(1, 2, 100, 0, 2)).await;
    assert_eq!(accepted.status, 200, "{}", accepted.json());
    assert_eq!(accepted.json()["seq"], 2);
    let metrics = String::from_utf8(get(addr, "/metrics").await.body).unwrap();
    let failures: u64 = metrics
        .lines()
        .find_map(|line| line.strip_prefix("sequencer_db_failures_total "))
        .and_then(|value| value.parse().ok())
        .expect("the failure counter");
    assert!(failures >= 1, "{metrics}");

    drop(conn);
    node.stop().await;
    db.drop().await;
}
