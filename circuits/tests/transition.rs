//! The native state transition: each rule accepts what it should and rejects the rest with
//! its error, a rejected transaction changes nothing, and random sequences conserve every token.

use std::collections::BTreeMap;

use circuits::babyjubjub::{verify_batch, PrivateKey, SignedMessage};
use circuits::key_defect::PackedKey;
use circuits::pubdata::{PubdataOp, RefundReason};
use circuits::state::{Ledger, State, TokenId, LP_TOKEN_BASE};
use circuits::test_utils::{test_key, TestWorld, CHAIN_ID, START_BALANCE, TOKENS};
use circuits::transition::{quote_add_liquidity, Prepared, Receipt, TxError, MINIMUM_LIQUIDITY};
use circuits::tx::{SignatureBytes, Tx};
use proptest::prelude::*;

const ETH: TokenId = 0;
const USDC: TokenId = 1;
const E18: u128 = 1_000_000_000_000_000_000;

/// Everything a rejected transaction must leave as it was.
fn snapshot(state: &State) -> (String, BTreeMap<TokenId, u128>, Vec<u128>) {
    let supplies = TOKENS.iter().map(|&t| state.l2_supply(t)).collect();
    (format!("{}", state.root()), state.pending_fees().clone(), supplies)
}

fn assert_rejected(world: &mut TestWorld, tx: &Tx, expected: TxError) {
    let before = snapshot(&world.state);
    assert_eq!(world.state.apply(tx), Err(expected));
    assert_eq!(snapshot(&world.state), before, "a rejected transaction changed the state");
}

/// A deposit L2 cannot credit: consumed as a refund for `reason`, published as a DepositRefund
/// with the deposit's fields, and nothing on L2 changes.
fn assert_refunded(world: &mut TestWorld, tx: &Tx, reason: RefundReason) {
    let before = snapshot(&world.state);
    let applied = world.state.apply(tx).expect("a deposit is always consumed");
    assert_eq!(applied.receipt, Receipt::DepositRefund { reason });
    let Tx::Deposit(d) = tx else { panic!("a deposit") };
    let expected = PubdataOp::DepositRefund {
        reason,
        token: d.token,
        amount: d.amount,
        public_key: d.public_key.0,
        l1_address: d.l1_address,
    };
    assert_eq!(applied.pubdata, expected);
    assert_eq!(applied.pubdata.l1_payout(), Some((d.l1_address, d.token, d.amount)));
    applied.witness.check_paths().unwrap();
    assert_eq!(snapshot(&world.state), before, "a refund changed the state");
}

/// `reject!(world, tx, error)`: builds `tx` from the world, then asserts the rejection.
macro_rules! reject {
    ($world:ident, $tx:expr, $expected:expr $(,)?) => {{
        let tx = $tx;
        assert_rejected(&mut $world, &tx, $expected)
    }};
}

fn seeded_world() -> TestWorld {
    let mut world = TestWorld::new(4, 8);
    let add = world.add_liquidity(1, 0, 10 * E18, 20_000 * E18);
    world.state.apply(&add).expect("seed liquidity");
    world
}

#[test]
fn transfer_moves_funds_collects_the_fee_and_bumps_the_nonce() {
    let mut world = TestWorld::new(3, 8);
    let tx = world.transfer(1, 2, ETH, 5 * E18, 1_000);
    let applied = world.state.apply(&tx).expect("valid transfer");
    assert_eq!(applied.receipt, Receipt::Transfer);
    assert_eq!(world.state.account(1).unwrap().balance(ETH), START_BALANCE - 5 * E18 - 1_000);
    assert_eq!(world.state.account(2).unwrap().balance(ETH), START_BALANCE + 5 * E18);
    assert_eq!(world.state.account(1).unwrap().nonce(), 1);
    assert_eq!(world.state.pending_fees().get(&ETH), Some(&1_000));
    applied.witness.check_paths().expect("witness paths chain");
    assert_eq!(applied.pubdata.encode().len(), 13);

    let fee_update = world.state.credit_pending_fees().expect("fees to credit");
    assert_eq!(world.state.account(0).unwrap().balance(ETH), START_BALANCE + 1_000);
    assert!(world.state.pending_fees().is_empty());
    assert_eq!(fee_update.balances.len(), 1);
}

#[test]
fn every_class_of_bad_transaction_is_rejected_without_effect() {
    let mut world = seeded_world();
    let good = world.transfer(1, 2, ETH, E18, 0);

    // Replay: the same transaction twice.
    world.state.apply(&good).expect("first time");
    assert_rejected(&mut world, &good, TxError::BadNonce { expected: 2, got: 1 });

    // Signature by another key, or garbage bytes.
    let mut forged = world.transfer(1, 2, ETH, E18, 0);
    forged.sign(&test_key(3), circuits::test_utils::CHAIN_ID).unwrap();
    assert_rejected(&mut world, &forged, TxError::InvalidSignature);
    let mut garbage = world.transfer(1, 2, ETH, E18, 0);
    garbage.set_signature(SignatureBytes([0xff; 64]));
    assert_rejected(&mut world, &garbage, TxError::InvalidSignature);
    // Signed for another chain.
    let mut other_chain = world.transfer(1, 2, ETH, E18, 0);
    other_chain.sign(&test_key(1), 1).unwrap();
    assert_rejected(&mut world, &other_chain, TxError::InvalidSignature);

    let too_much = world.transfer(2, 3, ETH, 2 * START_BALANCE, 0);
    assert!(matches!(world.state.apply(&too_much), Err(TxError::InsufficientBalance { .. })));
    reject!(world, world.transfer(1, 9, ETH, E18, 0), TxError::UnknownAccount(9));
    reject!(world, world.transfer(1, 2, 77, E18, 0), TxError::UnknownToken(77));
    reject!(world, world.transfer(1, 1, ETH, E18, 0), TxError::SelfTransfer);
    reject!(world, world.transfer(1, 2, ETH, 0, 0), TxError::ZeroAmount);
    assert!(matches!(world.state.apply(&world.transfer(1, 2, ETH, 123_456_789_123, 0)), Err(TxError::NotPackable(_))));
    reject!(world, world.swap(1, 5, true, E18, 0), TxError::UnknownPool(5));
    reject!(world, world.swap(1, 1, true, E18, 0), TxError::EmptyPool(1));
    let quote = world.swap(2, 0, true, E18, 0);
    let expected_out = match world.state.clone().apply(&quote).unwrap().receipt {
        Receipt::Swap { amount_out } => amount_out,
        other => panic!("{other:?}"),
    };
    reject!(
        world,
        world.swap(2, 0, true, E18, expected_out + 1),
        TxError::SlippageExceeded { actual: expected_out, bound: expected_out + 1 },
    );
    reject!(world, world.withdraw(1, LP_TOKEN_BASE, E18, 0), TxError::NotL1Token(LP_TOKEN_BASE));
    reject!(world, world.withdraw(1, 9, E18, 0), TxError::UnknownToken(9));

    // Deposits: unknown token, zero, and a total beyond 2^112 - 1.
    let newcomer = PrivateKey::from_bytes(b"newcomer");
    let unknown_token = world.deposit(&newcomer, 9, 1);
    assert_refunded(&mut world, &unknown_token, RefundReason::UnknownToken);
    let unusable_key = world.deposit_to_packed(PackedKey([0xff; 32]), ETH, 1);
    assert_refunded(&mut world, &unusable_key, RefundReason::InvalidKey);
    reject!(world, world.deposit(&newcomer, ETH, 0), TxError::ZeroAmount);
    reject!(world, world.deposit(&newcomer, ETH, circuits::amount::MAX_BALANCE), TxError::Overflow);
}

#[test]
fn deposit_creates_then_credits_the_same_account() {
    let mut world = TestWorld::new(2, 2);
    let newcomer = PrivateKey::from_bytes(b"newcomer");
    let first = world.state.apply(&world.deposit(&newcomer, ETH, 7)).unwrap();
    assert_eq!(first.receipt, Receipt::Deposit { account: 2, created: true });
    assert!(matches!(first.pubdata, PubdataOp::Deposit { account: 2, token: ETH, amount: 7, .. }));
    first.witness.check_paths().unwrap();
    let second = world.state.apply(&world.deposit(&newcomer, USDC, 8)).unwrap();
    assert_eq!(second.receipt, Receipt::Deposit { account: 2, created: false });
    second.witness.check_paths().unwrap();
    assert_eq!(world.state.account(2).unwrap().balance(USDC), 8);
    // Depth 2 holds four accounts; the fifth key finds the tree full and is refunded, while
    // keys that have an account are still credited.
    world.state.apply(&world.deposit(&PrivateKey::from_bytes(b"third"), ETH, 1)).unwrap();
    let fourth = world.deposit(&PrivateKey::from_bytes(b"fourth"), ETH, 1);
    assert_refunded(&mut world, &fourth, RefundReason::AccountTreeFull);
    let again = world.state.apply(&world.deposit(&newcomer, USDC, 2)).unwrap();
    assert_eq!(again.receipt, Receipt::Deposit { account: 2, created: false });
    assert_eq!(world.state.account(2).unwrap().balance(USDC), 10);
}

#[test]
fn liquidity_round_trip_returns_funds_minus_rounding() {
    let mut world = TestWorld::new(3, 8);
    let add = world.add_liquidity(1, 0, 10 * E18, 20_000 * E18);
    let Receipt::AddLiquidity { amount_b, lp_minted } = world.state.apply(&add).unwrap().receipt else { panic!() };
    assert_eq!(amount_b, 20_000 * E18);
    assert_eq!(world.state.pool(0).unwrap().lp_supply, lp_minted + MINIMUM_LIQUIDITY);
    let add_more = world.add_liquidity(2, 0, E18, 3_000 * E18);
    let Receipt::AddLiquidity { amount_b, .. } = world.state.apply(&add_more).unwrap().receipt else { panic!() };
    assert_eq!(amount_b, 2_000 * E18, "the second provider pays at the pool's ratio");
    let remove = world.remove_liquidity(1, 0, lp_minted);
    let applied = world.state.apply(&remove).unwrap();
    applied.witness.check_paths().unwrap();
    let Receipt::RemoveLiquidity { amount_a, amount_b } = applied.receipt else { panic!() };
    // The first provider leaves the locked shares' part behind (1000 of their ⌊√(a·b)⌋
    // shares); otherwise rounding favours the pool by a few wei, never a meaningful amount.
    let shares = lp_minted + MINIMUM_LIQUIDITY;
    for (out, paid) in [(amount_a, 10 * E18), (amount_b, 20_000 * E18)] {
        let locked_part = paid * MINIMUM_LIQUIDITY / shares;
        assert!(out < paid && out.abs_diff(paid - locked_part) <= 10, "{out} of {paid}");
    }
}

#[test]
fn first_provision_locks_the_minimum_liquidity() {
    let mut world = TestWorld::new(3, 8);
    let (amount_a, max_b) = (4 * E18, 4_000 * E18);
    // ⌊√(4·10¹⁸ · 4000·10¹⁸)⌋ = ⌊√(1.6·10⁴⁰)⌋, as Python's math.isqrt computes it.
    let shares = 126_491_106_406_735_173_279u128;
    let pool_before = *world.state.pool(0).unwrap();
    let quote = quote_add_liquidity(&pool_before, amount_a, max_b).unwrap();
    assert_eq!((quote.amount_b, quote.lp_minted, quote.lp_locked), (max_b, shares - 1_000, 1_000));

    let applied = world.state.apply(&world.add_liquidity(1, 0, amount_a, max_b)).unwrap();
    applied.witness.check_paths().unwrap();
    assert_eq!(applied.receipt, Receipt::AddLiquidity { amount_b: max_b, lp_minted: shares - MINIMUM_LIQUIDITY });
    let pool = world.state.pool(0).unwrap();
    assert_eq!((pool.reserve_a, pool.reserve_b, pool.lp_supply), (amount_a, max_b, shares));
    assert_eq!(world.state.account(1).unwrap().balance(LP_TOKEN_BASE), shares - MINIMUM_LIQUIDITY);
    let witness_pool = applied.witness.pool.as_ref().unwrap();
    assert_eq!((witness_pool.before.lp_supply, witness_pool.after.lp_supply), (0, shares));

    // A later provision locks nothing: supply and balance grow by the same ⌊a·supply/r_a⌋.
    let applied = world.state.apply(&world.add_liquidity(2, 0, E18, 1_000 * E18)).unwrap();
    let Receipt::AddLiquidity { amount_b, lp_minted } = applied.receipt else { panic!() };
    assert_eq!((amount_b, lp_minted), (1_000 * E18, shares / 4));
    assert_eq!(world.state.pool(0).unwrap().lp_supply, shares + shares / 4);
    assert_eq!(world.state.account(2).unwrap().balance(LP_TOKEN_BASE), shares / 4);

    // Everyone can leave except the locked shares: the pool never empties again.
    world.state.apply(&world.remove_liquidity(1, 0, shares - MINIMUM_LIQUIDITY)).unwrap();
    world.state.apply(&world.remove_liquidity(2, 0, shares / 4)).unwrap();
    let pool = world.state.pool(0).unwrap();
    assert_eq!(pool.lp_supply, MINIMUM_LIQUIDITY);
    assert!(pool.reserve_a > 0 && pool.reserve_b > 0, "{pool:?}");
}

#[test]
fn a_first_provision_of_at_most_the_minimum_liquidity_is_refused() {
    let mut world = TestWorld::new(3, 8);
    // ⌊√(a·b)⌋ = 1000 exactly, just below (999) and far below (1): all locked, refused.
    for (amount_a, max_b) in [(1_000, 1_000), (100, 10_000), (999, 1_000), (1, 1)] {
        reject!(world, world.add_liquidity(1, 0, amount_a, max_b), TxError::InsufficientLiquidityMinted);
    }
    assert_eq!(TxError::InsufficientLiquidityMinted.code(), "insufficient_liquidity");
    let json = serde_json::to_value(TxError::InsufficientLiquidityMinted).unwrap();
    assert_eq!(json["code"], "insufficient_liquidity", "the serialised tag is the code");
    let pool = world.state.pool(0).unwrap();
    assert_eq!((pool.reserve_a, pool.reserve_b, pool.lp_supply), (0, 0, 0));
    // The order of the rules: zero amounts first, then the minimum liquidity.
    reject!(world, world.add_liquidity(1, 0, 0, 1), TxError::ZeroAmount);
    // ⌊√(1001·1001)⌋ = 1001: one share for the provider, 1000 locked.
    let applied = world.state.apply(&world.add_liquidity(1, 0, 1_001, 1_001)).unwrap();
    assert_eq!(applied.receipt, Receipt::AddLiquidity { amount_b: 1_001, lp_minted: 1 });
    assert_eq!(world.state.pool(0).unwrap().lp_supply, 1_001);
}

/// `min_lp` as the wallet signs it: the quoted shares less 0.5%.
fn min_lp_from_quote(world: &TestWorld, pool: u16, amount_a: u128, max_b: u128) -> u128 {
    let quote = quote_add_liquidity(world.state.pool(pool).unwrap(), amount_a, max_b).expect("a valid quote");
    quote.lp_minted - quote.lp_minted * 50 / 10_000
}

/// (ETH, USDC, LP-0) of an account.
fn holdings(world: &TestWorld, account: u32) -> (u128, u128, u128) {
    let a = world.state.account(account).unwrap();
    (a.balance(ETH), a.balance(USDC), a.balance(LP_TOKEN_BASE))
}

/// The first-provider share-inflation attack. The only way to put value into a pool without
/// shares is a swap at an absurd price (fees go to the fee account, not the pool): the attacker
/// provides the first, smallest liquidity, then sells a huge amount of token_a for almost all of
/// token_b, so that each share is worth a lot of token_a and a second provider's shares,
/// rounded down, lose up to one share's worth. Before the locked minimum liquidity, the
/// attacker could own the only share (supply 1) and a victim adding 1.9 times the reserve got
/// one share of two, losing about 25%.
#[test]
fn the_donation_attack_is_refused_by_the_quote_and_costs_the_attacker_the_locked_shares() {
    let (attacker, victim) = (1, 2);
    let mut world = TestWorld::new(3, 8);
    let start = holdings(&world, attacker);
    // The smallest first provision that mints anything: ⌊√(1001·1001)⌋ = 1001 shares, one for
    // the attacker and 1000 locked (anything smaller is refused, see the test above).
    world.state.apply(&world.add_liquidity(attacker, 0, 1_001, 1_001)).unwrap();
    assert_eq!(world.state.pool(0).unwrap().lp_supply, 1 + MINIMUM_LIQUIDITY);

    // 1. The victim quotes the pool (1:1) and signs min_lp = quote − 0.5%; the attacker front-runs
    //    with the donation swap; the victim's transaction is refused, not silently robbed.
    let victim_a = 19 * E18 / 10;
    let (max_b, victim_before) = (victim_a, holdings(&world, victim));
    let min_lp = min_lp_from_quote(&world, 0, victim_a, max_b);
    assert_eq!(min_lp, victim_a - victim_a / 200);
    let donation = 1_000 * E18;
    let Receipt::Swap { amount_out: bought } =
        world.state.apply(&world.swap(attacker, 0, true, donation, 0)).unwrap().receipt
    else {
        panic!()
    };
    assert_eq!(bought, 1_000, "the attacker bought all but one wei of token_b");
    let pool = *world.state.pool(0).unwrap();
    let actual = victim_a * pool.lp_supply / pool.reserve_a;
    reject!(
        world,
        world.add_liquidity_min_lp(victim, 0, victim_a, max_b, min_lp),
        TxError::SlippageExceeded { actual, bound: min_lp },
    );
    assert_eq!(holdings(&world, victim), victim_before);

    // The attacker unwinds: sells back what it bought, then burns its one share. Everything it
    // leaves in the pool now belongs to the locked shares, for good.
    world.state.apply(&world.swap(attacker, 0, false, bought, 0)).unwrap();
    world.state.apply(&world.remove_liquidity(attacker, 0, 1)).unwrap();
    let pool = *world.state.pool(0).unwrap();
    let end = holdings(&world, attacker);
    let (lost_a, lost_b) = (start.0 - end.0, start.1 - end.1);
    assert_eq!((pool.lp_supply, pool.reserve_a, pool.reserve_b), (MINIMUM_LIQUIDITY, lost_a, lost_b));
    // The failed attempt cost 0.1% of the swapped amount (1.002 ETH here) and 1000 of the 1001
    // wei of token_b: without the lock, burning its shares would have returned all of it.
    assert!(lost_a * 1_000 > donation && lost_a * 990 < donation, "{lost_a}");
    assert_eq!(lost_b, 1_000);

    // 2. The same donation made before the victim quotes: the quote already carries the inflated
    //    price, so slippage cannot help, and the loss is the rounding of the victim's shares.
    //    The locked shares make it small for the victim and ruinous for the attacker.
    let mut world = TestWorld::new(3, 8);
    world.state.apply(&world.add_liquidity(attacker, 0, 1_001, 1_001)).unwrap();
    world.state.apply(&world.swap(attacker, 0, true, donation, 0)).unwrap();
    let victim_before = holdings(&world, victim);
    let pool = *world.state.pool(0).unwrap();
    // 1.9 times the reserve: ⌊1.9·1001⌋ = 1901 shares where the old rule gave ⌊1.9·1⌋ = 1.
    let victim_a = pool.reserve_a / E18 * E18 * 19 / 10;
    let max_b = victim_a * pool.reserve_b / pool.reserve_a + 1;
    let min_lp = min_lp_from_quote(&world, 0, victim_a, max_b);
    let applied = world.state.apply(&world.add_liquidity_min_lp(victim, 0, victim_a, max_b, min_lp)).unwrap();
    let Receipt::AddLiquidity { amount_b: paid_b, lp_minted } = applied.receipt else { panic!() };
    assert_eq!(lp_minted, 1_901);
    let Receipt::RemoveLiquidity { amount_a, amount_b } =
        world.state.apply(&world.remove_liquidity(victim, 0, lp_minted)).unwrap().receipt
    else {
        panic!()
    };
    // The victim gets back all but 0.02% of its token_a (less than one share's worth), and one
    // wei of token_b fewer than the two it paid.
    let victim_loss = victim_a - amount_a;
    assert!(victim_loss * 5_000 < victim_a, "{victim_loss} of {victim_a}");
    assert!(victim_loss < pool.reserve_a / pool.lp_supply, "less than one share's worth");
    assert_eq!((paid_b, paid_b - amount_b), (2, 1));
    assert_eq!(holdings(&world, victim).0, victim_before.0 - victim_loss);
    // The attacker's one share collects 1/1001 of the pool: it loses more than a thousand times
    // what the victim lost.
    world.state.apply(&world.remove_liquidity(attacker, 0, 1)).unwrap();
    let attacker_loss = start.0 - holdings(&world, attacker).0;
    assert!(attacker_loss > 1_000 * victim_loss, "attacker {attacker_loss}, victim {victim_loss}");
    assert!(attacker_loss * 1_001 >= donation * 999, "{attacker_loss}");
}

#[test]
fn batch_verification_agrees_and_names_the_bad_signature() {
    let world = TestWorld::new(8, 8);
    let txs: Vec<Tx> = (1..8).map(|i| world.transfer(i, 0, ETH, E18, 0)).collect();
    let checks: Vec<_> = txs.iter().map(|tx| world.state.signature_check(tx).unwrap().unwrap()).collect();
    let items: Vec<SignedMessage> = checks
        .iter()
        .map(|c| SignedMessage { public_key: &c.public_key, message: c.message, signature: &c.signature })
        .collect();
    assert_eq!(verify_batch(&items), Ok(()));
    for bad in 0..items.len() {
        let mut tampered = items.clone();
        tampered[bad].message += circuits::field::Fr::from(1u64);
        assert_eq!(verify_batch(&tampered).unwrap_err().invalid, vec![bad]);
    }
}

/// The sequencer's handlers hash signing messages many at a time (eight lanes where the CPU
/// has AVX-512 IFMA): the messages, signatures and errors are those of one at a time, including
/// for deposits (no message) and amounts without a float code (an error, no hash).
#[test]
fn preparing_many_transactions_matches_one_at_a_time() {
    let world = TestWorld::new(12, 8);
    let mut txs: Vec<Tx> = (1..12).map(|i| world.transfer(i, 0, ETH, E18 + u128::from(i), 0)).collect();
    txs.insert(3, world.deposit(&test_key(20), ETH, E18));
    txs.insert(5, world.transfer(1, 2, ETH, (1 << 100) + 1, 0));
    txs.push(world.withdraw(4, ETH, 7, 0));
    txs.push(world.swap(5, 0, true, E18, 1));
    for (index, bytes) in [(8, [0xff; 64]), (10, [0x02; 64])] {
        if let Tx::Transfer(transfer) = &mut txs[index] {
            transfer.signature = SignatureBytes(bytes);
        }
    }
    for count in [0, 1, 2, 3, 9, txs.len()] {
        let many = Prepared::many(&txs[..count], CHAIN_ID);
        let one_by_one: Vec<Prepared> = txs[..count].iter().map(|tx| Prepared::new(tx, CHAIN_ID)).collect();
        assert_eq!(format!("{many:?}"), format!("{one_by_one:?}"), "{count} transactions");
    }
    assert!(Prepared::new(&txs[5], CHAIN_ID).message.is_err(), "the unpackable amount is an error");
    assert_eq!(Prepared::new(&txs[3], CHAIN_ID).message, Ok(None), "a deposit has no message");
    assert!(Prepared::new(&txs[8], CHAIN_ID).signature.is_err(), "a non-canonical R8 is refused");
}

/// One step of a random scenario.
#[derive(Debug, Clone)]
enum Action {
    Transfer { from: u32, to: u32, token: TokenId, amount: u128, fee: u128 },
    Withdraw { account: u32, token: TokenId, amount: u128, fee: u128 },
    Swap { account: u32, pool: u16, a_to_b: bool, amount: u128 },
    Add { account: u32, pool: u16, amount_a: u128, max_b: u128 },
    Remove { account: u32, pool: u16, share_percent: u128 },
    Deposit { key: u8, token: TokenId, amount: u128 },
    WrongNonce { account: u32 },
    WrongSigner { account: u32 },
    SealBatch,
}

/// Packable amounts from tiny to beyond any balance.
fn amount() -> impl Strategy<Value = u128> {
    (1u128..1000, 0u32..26).prop_map(|(m, e)| m * 10u128.pow(e))
}

fn action() -> impl Strategy<Value = Action> {
    let account = 0u32..5; // 0..3 exist, 4 does not
    let token = prop_oneof![4 => 0u16..3, 1 => Just(LP_TOKEN_BASE), 1 => Just(7u16)];
    prop_oneof![
        4 => (account.clone(), account.clone(), token.clone(), amount(), 0u128..50)
            .prop_map(|(from, to, token, amount, fee)| Action::Transfer { from, to, token, amount, fee }),
        2 => (account.clone(), token.clone(), amount(), 0u128..50)
            .prop_map(|(account, token, amount, fee)| Action::Withdraw { account, token, amount, fee }),
        4 => (account.clone(), 0u16..3, any::<bool>(), amount())
            .prop_map(|(account, pool, a_to_b, amount)| Action::Swap { account, pool, a_to_b, amount }),
        3 => (account.clone(), 0u16..3, amount(), amount())
            .prop_map(|(account, pool, amount_a, max_b)| Action::Add { account, pool, amount_a, max_b }),
        2 => (account.clone(), 0u16..3, 1u128..=100)
            .prop_map(|(account, pool, share_percent)| Action::Remove { account, pool, share_percent }),
        2 => (0u8..3, token, amount()).prop_map(|(key, token, amount)| Action::Deposit { key, token, amount }),
        1 => account.clone().prop_map(|account| Action::WrongNonce { account }),
        1 => account.prop_map(|account| Action::WrongSigner { account }),
        1 => Just(Action::SealBatch),
    ]
}

fn build(world: &TestWorld, action: &Action) -> Option<Tx> {
    let exists = |a: u32| (a as usize) < world.keys.len();
    Some(match *action {
        Action::Transfer { from, to, token, amount, fee } if exists(from) => {
            world.transfer(from, to, token, amount, fee)
        }
        Action::Withdraw { account, token, amount, fee } if exists(account) => {
            world.withdraw(account, token, amount, fee)
        }
        Action::Swap { account, pool, a_to_b, amount } if exists(account) => {
            world.swap(account, pool, a_to_b, amount, 0)
        }
        Action::Add { account, pool, amount_a, max_b } if exists(account) => {
            world.add_liquidity(account, pool, amount_a, max_b)
        }
        Action::Remove { account, pool, share_percent } if exists(account) => {
            let held = world.state.account(account).unwrap().balance(LP_TOKEN_BASE + pool);
            world.remove_liquidity(account, pool, (held / 100 * share_percent).max(1))
        }
        Action::Deposit { key, token, amount } => world.deposit(&PrivateKey::from_bytes(&[key; 4]), token, amount),
        Action::WrongNonce { account } if exists(account) => {
            let mut tx = world.transfer(account, (account + 1) % 3, 0, 1, 0);
            if let Tx::Transfer(t) = &mut tx {
                t.nonce += 1;
            }
            tx.sign(&world.keys[account as usize], circuits::test_utils::CHAIN_ID).unwrap();
            tx
        }
        Action::WrongSigner { account } if exists(account) => {
            let mut tx = world.transfer(account, (account + 1) % 3, 0, 1, 0);
            tx.sign(&world.keys[(account as usize + 1) % 3], circuits::test_utils::CHAIN_ID).unwrap();
            tx
        }
        Action::SealBatch => return None,
        _ => world.transfer(0, 4, 0, 1, 0),
    })
}

/// Σ balances + Σ reserves + pending fees == supply, for L1 and LP tokens.
fn assert_conserved(state: &State, l1_supply: &BTreeMap<TokenId, u128>) {
    let mut held: BTreeMap<TokenId, u128> = state.pending_fees().clone();
    for id in 0..state.account_count() as u32 {
        for (token, balance) in state.account(id).unwrap().balances() {
            *held.entry(token).or_default() += balance;
        }
    }
    for (id, pool) in state.pools().iter().enumerate() {
        *held.entry(pool.token_a).or_default() += pool.reserve_a;
        *held.entry(pool.token_b).or_default() += pool.reserve_b;
        let lp = LP_TOKEN_BASE + id as TokenId;
        // The minimum liquidity, locked at the first provision, belongs to nobody.
        let locked = if pool.lp_supply > 0 { MINIMUM_LIQUIDITY } else { 0 };
        assert_eq!(held.get(&lp).copied().unwrap_or(0) + locked, pool.lp_supply, "LP shares of pool {id}");
        assert_eq!(pool.lp_supply == 0, pool.reserve_a == 0 && pool.reserve_b == 0, "pool {id} liquidity");
    }
    for &token in &TOKENS {
        assert_eq!(held.get(&token).copied().unwrap_or(0), l1_supply[&token], "token {token}");
        assert_eq!(state.l2_supply(token), l1_supply[&token]);
    }
}

/// Everything the ledger and the state must agree on: per account (key, nonce, nonzero
/// balances), pools, pending fees and L2 supplies.
#[allow(clippy::type_complexity)]
type LedgerSummary = (
    Vec<([u8; 32], circuits::state::L1Address, u32, BTreeMap<TokenId, u128>)>,
    Vec<circuits::state::Pool>,
    BTreeMap<TokenId, u128>,
    Vec<u128>,
);

fn ledger_view_of_state(state: &State) -> LedgerSummary {
    let accounts: Vec<_> = (0..state.account_count() as u32)
        .map(|id| {
            let a = state.account(id).unwrap();
            (a.public_key().pack(), a.l1_address(), a.nonce(), a.balances())
        })
        .collect();
    let supplies: Vec<u128> = TOKENS.iter().map(|&t| state.l2_supply(t)).collect();
    (accounts, state.pools().to_vec(), state.pending_fees().clone(), supplies)
}

fn ledger_view(ledger: &Ledger) -> LedgerSummary {
    let accounts: Vec<_> = (0..ledger.account_count() as u32)
        .map(|id| {
            let a = ledger.account(id).unwrap();
            (a.public_key().pack(), a.l1_address(), a.nonce(), a.balances())
        })
        .collect();
    let supplies: Vec<u128> = TOKENS.iter().map(|&t| ledger.l2_supply(t)).collect();
    (accounts, ledger.pools().to_vec(), ledger.pending_fees().clone(), supplies)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// The sequencer acknowledges with the ledger-only apply and witnesses later with the
    /// Merkle apply: both must accept and reject the same transactions (with the same error,
    /// receipt and pubdata) and end with the same balances, nonces, pools, fees and supplies.
    #[test]
    fn ledger_apply_agrees_with_the_full_apply(actions in prop::collection::vec(action(), 1..60)) {
        let mut world = seeded_world();
        world.keys.truncate(3);
        let mut ledger = Ledger::from_state(&world.state);
        prop_assert_eq!(ledger_view(&ledger), ledger_view_of_state(&world.state));
        for action in &actions {
            match build(&world, action) {
                None => {
                    world.state.credit_pending_fees();
                    ledger.credit_pending_fees();
                }
                Some(tx) => {
                    let by_ledger = ledger.apply(&tx);
                    let by_state = world.state.apply(&tx);
                    match (&by_ledger, &by_state) {
                        (Ok(l), Ok(s)) => {
                            prop_assert_eq!(&l.receipt, &s.receipt);
                            prop_assert_eq!(&l.pubdata, &s.pubdata);
                            prop_assert_eq!(l.fee, s.witness.fee);
                        }
                        (Err(l), Err(s)) => prop_assert_eq!(l, s),
                        _ => prop_assert!(false, "ledger {:?} but state {:?} for {:?}", by_ledger, by_state.map(|a| a.receipt), tx),
                    }
                }
            }
            prop_assert_eq!(ledger_view(&ledger), ledger_view_of_state(&world.state));
        }
    }

    #[test]
    fn random_sequences_conserve_tokens_and_reject_cleanly(actions in prop::collection::vec(action(), 1..40)) {
        let mut world = seeded_world();
        world.keys.truncate(3);
        let mut supply: BTreeMap<TokenId, u128> = TOKENS.iter().map(|&t| (t, world.state.l2_supply(t))).collect();
        for action in &actions {
            let Some(tx) = build(&world, action) else {
                if let Some(update) = world.state.credit_pending_fees() {
                    update.check_balance_paths().unwrap();
                }
                assert_conserved(&world.state, &supply);
                continue;
            };
            let before = snapshot(&world.state);
            let pools_before = world.state.pools().to_vec();
            match world.state.apply(&tx) {
                Ok(applied) => {
                    applied.witness.check_paths().unwrap();
                    prop_assert_eq!(applied.pubdata.encode().len(), PubdataOp::byte_length(tx.tx_type()));
                    match &applied.receipt {
                        Receipt::Deposit { .. } => {
                            if let Tx::Deposit(d) = &tx { *supply.get_mut(&d.token).unwrap() += d.amount; }
                        }
                        Receipt::Withdraw { token, amount, .. } => *supply.get_mut(token).unwrap() -= amount,
                        Receipt::Swap { .. } => {
                            let (old, new) = (&pools_before, world.state.pools());
                            for (o, n) in old.iter().zip(new) {
                                let k = |p: &circuits::state::Pool| num_bigint::BigUint::from(p.reserve_a) * p.reserve_b;
                                prop_assert!(k(n) >= k(o), "k decreased");
                            }
                        }
                        _ => {}
                    }
                    if tx.signed_header().is_some() {
                        let replay = world.state.apply(&tx);
                        prop_assert!(matches!(replay, Err(TxError::BadNonce { .. })), "replay accepted: {:?}", replay);
                    }
                }
                Err(_) => prop_assert_eq!(snapshot(&world.state), before),
            }
            assert_conserved(&world.state, &supply);
        }
    }
}

#[test]
fn every_transaction_type_has_a_short_pubdata_encoding() {
    let world = seeded_world();
    for (tx, bytes) in [
        (Tx::Noop, 1),
        (world.deposit(&test_key(1), ETH, 1), 71),
        (world.transfer(1, 2, ETH, 1, 0), 13),
        (world.withdraw(1, ETH, 1, 0), 40),
        (world.swap(1, 0, true, 1, 0), 10),
        (world.add_liquidity(1, 0, 1, 1), 14),
        (world.remove_liquidity(1, 0, 1), 20),
    ] {
        assert_eq!(PubdataOp::byte_length(tx.tx_type()), bytes, "{:?}", tx.tx_type());
    }
}
