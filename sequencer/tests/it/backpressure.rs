//! A full pipeline queue answers 503 overloaded with Retry-After instead of queueing.

use circuits::test_utils::test_genesis;
use futures_free::join_all;

use crate::support::*;

/// Waits for every future (a tiny join_all, to avoid a dependency).
mod futures_free {
    pub(super) async fn join_all<T: Send + 'static>(handles: Vec<tokio::task::JoinHandle<T>>) -> Vec<T> {
        let mut out = Vec::with_capacity(handles.len());
        for handle in handles {
            out.push(handle.await.expect("task"));
        }
        out
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_beyond_the_queue_capacity_gets_overloaded_with_retry_after() {
    let db = test_db().await;
    let genesis = test_genesis(4, 8);
    let mut config = test_config(&db.url);
    config.queue_capacity = 1;
    config.max_group = 1;
    let node = start(&config, &genesis).await;
    let addr = node.addr;

    // Pre-signed transfers with consecutive nonces; order of arrival decides which apply.
    let bodies: Vec<Vec<u8>> =
        (0..200u32).map(|n| serde_json::to_vec(&test_transfer(1, 2, 1 + u128::from(n), 0, n)).unwrap()).collect();
    let handles = bodies
        .into_iter()
        .map(|body| tokio::spawn(async move { http(addr, "POST", "/v1/transactions", Some(&body)).await }))
        .collect();
    let responses = join_all(handles).await;
    let overloaded: Vec<_> = responses.iter().filter(|r| r.status == 503).collect();
    assert!(!overloaded.is_empty(), "no 503 in a burst of 200 against a queue of 1");
    for response in &overloaded {
        assert_eq!(response.code(), "overloaded");
        assert_eq!(response.header("retry-after"), Some("1"));
    }
    for response in &responses {
        assert!([200, 409, 503].contains(&response.status), "unexpected {}: {}", response.status, response.json());
    }
    let metrics = String::from_utf8(get(addr, "/metrics").await.body).unwrap();
    assert!(metrics.contains(&format!("sequencer_overloaded_total {}", overloaded.len())), "{metrics}");

    node.stop().await;
    db.drop().await;
}
