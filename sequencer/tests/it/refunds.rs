//! Deposits that L2 cannot credit never jam the queue: each is consumed in order as a refund
//! (an unusable key, a token L2 does not know, a new account on a full tree), the deposits after
//! them are credited, and the batch's pubdata lists the refunds with the withdrawals, which is
//! what `executeBatch` pays out on L1.

use std::time::Duration;

use circuits::babyjubjub::PrivateKey;
use circuits::key_defect::PackedKey;
use circuits::state::L1Address;
use circuits::test_utils::{test_address, test_genesis, TestWorld, START_BALANCE};
use circuits::tx::{Deposit, Tx};
use sequencer::types::{fr_hex, Outcome};

use crate::support::*;

/// Four genesis accounts fill a depth-2 tree.
const DEPTH: u32 = 2;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deposits_l2_cannot_credit_are_refunded_in_order_and_later_ones_credited() {
    let db = test_db().await;
    let node = start(&test_config(&db.url), &test_genesis(4, DEPTH)).await;
    let addr = node.addr;
    let mut world = TestWorld::new(4, DEPTH);
    let depositor = test_address(7);
    let newcomer = PrivateKey::from_bytes(b"newcomer").public_key();
    // (key, token, the receipt's refund reason or None for a credit)
    let deposits = [
        (PackedKey([0xff; 32]), 0, Some("invalid_key")),
        (PackedKey::from(world.keys[1].public_key()), 77, Some("unknown_token")),
        (PackedKey::from(newcomer), 1, Some("account_tree_full")),
        (PackedKey::from(world.keys[2].public_key()), 1, None),
    ];
    for (serial, (public_key, token, refund)) in deposits.into_iter().enumerate() {
        let deposit = Deposit { l1_address: depositor, public_key, token, amount: 5_000 + serial as u128 };
        world.state.apply(&Tx::Deposit(deposit.clone())).unwrap();
        let Outcome::Accepted(accepted) = node.pipeline.submit_priority(serial as u64, deposit).await.unwrap() else {
            panic!("deposit {serial} was not consumed")
        };
        let receipt = serde_json::to_value(&accepted.receipt).unwrap();
        match refund {
            Some(reason) => {
                assert_eq!((&receipt["type"], &receipt["reason"]), (&"deposit_refund".into(), &reason.into()))
            }
            None => assert_eq!(receipt["type"], "deposit", "{receipt}"),
        }
    }
    assert_eq!(state_root(addr).await, fr_hex(&world.state.root()));
    let account = get(addr, "/v1/accounts/2").await.json();
    assert_eq!(account["balances"]["1"], (START_BALANCE + 5_003).to_string());

    // The four fill batch 1; its payouts are the three refunds, to the depositor, in order.
    let batch = eventually(Duration::from_secs(30), "batch 1 to be sealed", || async {
        let response = get(addr, "/v1/batches/1").await;
        (response.status == 200).then(|| response.json())
    })
    .await;
    let pubdata = hex::decode(batch["pubdata"].as_str().unwrap().trim_start_matches("0x")).unwrap();
    let payouts: Vec<(L1Address, u16, u128)> = sequencer::l1::settlement::withdrawals(&pubdata)
        .unwrap()
        .into_iter()
        .map(|w| (L1Address(w.to.into_array()), w.token, w.amount.to::<u128>()))
        .collect();
    assert_eq!(payouts, [(depositor, 0, 5_000), (depositor, 77, 5_001), (depositor, 1, 5_002)]);

    node.stop().await;
    db.drop().await;
}
