//! The differential test's draws: random transactions of every type, valid and often wrong
//! on purpose (wrong key, chain or nonce, a field changed after signing, an expiry before its
//! batch, zero or oversized amounts, unknown or self recipients, unknown or LP tokens, unknown
//! or empty pools, slippage bounds just past the quote, the exhausted account).

use super::*;

/// An amount with a code: up to five significant digits, up to 10^26 (balances are 10^30).
pub(super) fn amount(rng: &mut ChaCha8Rng) -> u128 {
    rng.gen_range(1..100_000u128) * 10u128.pow(rng.gen_range(0..=21))
}

/// An amount with a code beyond every balance (and below 2^112).
pub(super) fn huge(rng: &mut ChaCha8Rng) -> u128 {
    rng.gen_range(2..500u128) * 10u128.pow(30)
}

/// A fee with a code (two significant digits).
pub(super) fn fee(rng: &mut ChaCha8Rng) -> u128 {
    rng.gen_range(0..64u128) * 10u128.pow(rng.gen_range(0..=3))
}

/// The nearest value with an amount code (7 significant digits) above or below `value`.
pub(super) fn round_to_code(value: u128, up: bool) -> u128 {
    let mut scale = 1;
    while value / scale >= 10_000_000 {
        scale *= 10;
    }
    if up {
        value.div_ceil(scale).saturating_mul(scale)
    } else {
        value / scale * scale
    }
}

/// A lower bound on what a pool pays: usually `quote` or 0, sometimes just past it.
pub(super) fn minimum(rng: &mut ChaCha8Rng, quote: u128) -> u128 {
    match rng.gen_range(0..4) {
        0 => quote.saturating_add(1 + rng.gen_range(0..3)),
        1 => 0,
        _ => quote,
    }
}

/// Signs an L2 transaction with the signer's current nonce, or, now and then, signs it
/// wrongly: another key, another chain, a nonce off by some, or a field changed afterwards.
pub(super) fn sign(rng: &mut ChaCha8Rng, state: &State, mut tx: Tx) -> Tx {
    let Some(header) = tx.signed_header() else { return tx };
    let current = state.account(header.account).map_or(0, |a| a.nonce());
    tx.set_nonce(current);
    let key = test_key(header.account as usize);
    let signed = |mut tx: Tx, key: &PrivateKey, chain_id| {
        // Transactions without codes stay unsigned (the native code rejects them first).
        let _unpackable = tx.sign(key, chain_id);
        tx
    };
    match rng.gen_range(0..16) {
        0 => signed(tx, &test_key(header.account as usize + 1), CHAIN_ID),
        1 => signed(tx, &key, CHAIN_ID + 1),
        2 => {
            tx.set_nonce(current.wrapping_add(rng.gen_range(1..3)));
            signed(tx, &key, CHAIN_ID)
        }
        3 if current > 0 => {
            tx.set_nonce(current - 1);
            signed(tx, &key, CHAIN_ID)
        }
        5 => {
            // An expiry among the batches of the run: before, at or after the one it lands in.
            tx.set_valid_until(rng.gen_range(0..=BATCHES as u32));
            signed(tx, &key, CHAIN_ID)
        }
        4 => {
            // Signed, then the fee is raised: the signature is over another message.
            let mut tx = signed(tx, &key, CHAIN_ID);
            match &mut tx {
                Tx::Transfer(t) => t.fee += 1,
                Tx::Withdraw(t) => t.fee += 1,
                Tx::Swap(t) => t.fee += 1,
                Tx::AddLiquidity(t) => t.fee += 1,
                Tx::RemoveLiquidity(t) => t.fee += 1,
                Tx::Noop | Tx::Deposit(_) => unreachable!("signed"),
            }
            tx
        }
        _ => signed(tx, &key, CHAIN_ID),
    }
}

/// A signer: usually a live account, sometimes the exhausted one or one that does not exist.
pub(super) fn signer(rng: &mut ChaCha8Rng) -> AccountId {
    match rng.gen_range(0..20) {
        0 => EXHAUSTED,
        1 => rng.gen_range(ACCOUNTS as AccountId..20),
        _ => rng.gen_range(0..EXHAUSTED),
    }
}

pub(super) fn token(rng: &mut ChaCha8Rng) -> TokenId {
    match rng.gen_range(0..14) {
        0 => UNREGISTERED,
        1 => LP0,
        2 => LP_TOKEN_BASE + 5,
        _ => rng.gen_range(0..3),
    }
}

pub(super) fn pool_id(rng: &mut ChaCha8Rng) -> PoolId {
    match rng.gen_range(0..10) {
        0 => 5,
        1..=3 => 1,
        _ => 0,
    }
}

/// An amount: usually coded and affordable, sometimes zero or beyond every balance.
pub(super) fn some_amount(rng: &mut ChaCha8Rng) -> u128 {
    match rng.gen_range(0..12) {
        0 => 0,
        1 => huge(rng),
        _ => amount(rng),
    }
}

pub(super) fn random_tx(rng: &mut ChaCha8Rng, state: &State) -> Tx {
    let zero_pool = Pool { token_a: 0, token_b: 1, fee_bps: 30, reserve_a: 0, reserve_b: 0, lp_supply: 0 };
    let signature = SignatureBytes([0; 64]);
    let tx = match rng.gen_range(0..16) {
        0 => return Tx::Noop,
        1..=2 => {
            // Random bytes are almost never a usable key: those deposits are refunded.
            let public_key = match rng.gen_range(0..8) {
                0..=3 => PackedKey::from(test_key(rng.gen_range(0..ACCOUNTS + 2)).public_key()),
                4..=6 => PackedKey::from(PrivateKey::from_bytes(&rng.gen::<[u8; 32]>()).public_key()),
                _ => PackedKey(rng.gen()),
            };
            let (token, amount) = match rng.gen_range(0..12) {
                0 => (UNREGISTERED, amount(rng)),
                1 => (LP0, amount(rng)),
                2 => (rng.gen_range(0..3), circuits::amount::MAX_BALANCE - START_BALANCE),
                3 => (rng.gen_range(0..3), 0),
                _ => (rng.gen_range(0..3), amount(rng)),
            };
            return Tx::Deposit(Deposit { l1_address: test_address(90), public_key, token, amount });
        }
        3..=6 => {
            let from = signer(rng);
            let to = match rng.gen_range(0..12) {
                0 => from,
                1 => rng.gen_range(ACCOUNTS as AccountId..20),
                _ => rng.gen_range(0..ACCOUNTS as AccountId),
            };
            let (token, amount) = (token(rng), some_amount(rng));
            Tx::Transfer(Transfer {
                from,
                to,
                token,
                amount,
                fee: fee(rng),
                valid_until: VALID_UNTIL,
                nonce: 0,
                signature,
            })
        }
        7..=8 => {
            let account = signer(rng);
            let token = if rng.gen_bool(0.8) { rng.gen_range(0..3) } else { token(rng) };
            let amount = match rng.gen_range(0..8) {
                0 => amount(rng) + 1, // exact amounts need no code
                _ => some_amount(rng),
            };
            Tx::Withdraw(Withdraw {
                account,
                token,
                amount,
                fee: fee(rng),
                to: test_address(91),
                valid_until: VALID_UNTIL,
                nonce: 0,
                signature,
            })
        }
        9..=11 => {
            let (account, pool, a_to_b) = (signer(rng), pool_id(rng), rng.gen_bool(0.5));
            let amount_in = some_amount(rng);
            let p = state.pool(pool).copied().unwrap_or(zero_pool);
            let (reserve_in, reserve_out) =
                if a_to_b { (p.reserve_a, p.reserve_b) } else { (p.reserve_b, p.reserve_a) };
            let quote = if reserve_in + amount_in == 0 {
                0
            } else {
                swap_output(amount_in, reserve_in, reserve_out, p.fee_bps)
            };
            let min_amount_out = minimum(rng, quote);
            let (fee, valid_until) = (fee(rng), VALID_UNTIL);
            Tx::Swap(Swap { account, pool, a_to_b, amount_in, min_amount_out, fee, valid_until, nonce: 0, signature })
        }
        12..=13 => {
            let (account, pool) = (signer(rng), pool_id(rng));
            let p = state.pool(pool).copied().unwrap_or(zero_pool);
            let amount_a = some_amount(rng);
            let first_b = if rng.gen_range(0..10) == 0 { 0 } else { amount(rng) };
            // The first provider's bound is what it pays; later ones pay the quote, which the
            // bound (a coded amount) sometimes falls short of.
            let max_amount_b = if p.lp_supply == 0 {
                first_b
            } else {
                let quote = add_liquidity_amounts(&p, amount_a, 0).0;
                let rounded = round_to_code(quote.saturating_sub(1), rng.gen_range(0..5) != 0);
                if rounded > 10u128.pow(33) {
                    10u128.pow(33)
                } else {
                    rounded
                }
            };
            let min_lp = minimum(rng, add_liquidity_amounts(&p, amount_a, max_amount_b).1);
            let fee = fee(rng);
            let valid_until = VALID_UNTIL;
            Tx::AddLiquidity(AddLiquidity {
                account,
                pool,
                amount_a,
                max_amount_b,
                min_lp,
                fee,
                valid_until,
                nonce: 0,
                signature,
            })
        }
        _ => {
            let (account, pool) = (signer(rng), pool_id(rng));
            let p = state.pool(pool).copied().unwrap_or(zero_pool);
            let shares = state.account(account).map_or(0, |a| a.balance(LP_TOKEN_BASE + pool));
            let lp_amount = match rng.gen_range(0..10) {
                0 => 0,
                1 => shares + 1 + rng.gen_range(0..1000),
                2 => shares,
                _ => shares / rng.gen_range(2..1000),
            };
            let (quote_a, quote_b) = if p.lp_supply == 0 { (0, 0) } else { remove_liquidity_amounts(&p, lp_amount) };
            let (min_amount_a, min_amount_b) = (minimum(rng, quote_a), minimum(rng, quote_b));
            let fee = fee(rng);
            let valid_until = VALID_UNTIL;
            let tx = RemoveLiquidity {
                account,
                pool,
                lp_amount,
                min_amount_a,
                min_amount_b,
                fee,
                valid_until,
                nonce: 0,
                signature,
            };
            Tx::RemoveLiquidity(tx)
        }
    };
    sign(rng, state, tx)
}

// ---- The differential check.
