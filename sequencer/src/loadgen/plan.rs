//! What the load generator sends: transfers and swaps between genesis accounts, signed ahead of
//! time and cut into request bodies per lane.
//!
//! Accounts are split into lanes by `id % lanes`; a lane is one connection sending one request
//! at a time, so each account's nonces arrive in order without any coordination between lanes.

use std::time::{Duration, Instant};

use circuits::babyjubjub::PrivateKey;
use circuits::genesis::Genesis;
use circuits::state::{AccountId, Pool, PoolId, TokenId};
use circuits::transition::quote_add_liquidity;
use circuits::tx::{AddLiquidity, SignatureBytes, Swap, Transfer, Tx};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rayon::prelude::*;

use super::Mix;
use crate::genesis::loadgen_key;
use crate::wallet::units::{with_slippage, DEFAULT_SLIPPAGE_BPS};

/// Largest power of ten not above `value` (1 for 0).
fn pow10_floor(value: u128) -> u128 {
    let mut power = 1u128;
    while power <= value / 10 {
        power *= 10;
    }
    power
}

/// A pool as the generator uses it: how much liquidity it adds and how much a swap sells.
#[derive(Debug, Clone, Copy)]
struct PoolPlan {
    id: PoolId,
    liquidity_a: u128,
    liquidity_b: u128,
}

/// Adding `amount_a` and at most `max_amount_b` to `pool` as a wallet signs it: `min_lp` is
/// the quoted shares less the wallet's slippage. Returns it with the pool after the addition;
/// an addition the quote refuses leaves the pool as it is (the sequencer will refuse it with
/// the same error) and is signed with `min_lp = 0`.
fn quoted_addition(pool: &Pool, amount_a: u128, max_amount_b: u128) -> (u128, Pool) {
    match quote_add_liquidity(pool, amount_a, max_amount_b) {
        Ok(quote) => {
            let after = Pool {
                reserve_a: pool.reserve_a + amount_a,
                reserve_b: pool.reserve_b + quote.amount_b,
                lp_supply: pool.lp_supply + quote.supply_increase(),
                ..*pool
            };
            (with_slippage(quote.lp_minted, DEFAULT_SLIPPAGE_BPS), after)
        }
        Err(_) => (0, *pool),
    }
}

/// One request body and the number of transactions in it.
#[derive(Debug, Clone)]
pub struct Body {
    /// JSON: one transaction, or an array of them.
    pub json: hyper::body::Bytes,
    /// Transactions in it.
    pub count: usize,
}

/// Everything signed before the timed phase.
#[derive(Debug)]
pub struct Plan {
    /// Liquidity additions sent (in order, as one batch) before the timed phase.
    pub setup: Vec<Tx>,
    /// Request bodies per lane, in sending order.
    pub lanes: Vec<Vec<Body>>,
    /// Transactions signed for the timed phase.
    pub signed: usize,
    /// Wall time spent deriving keys, signing and serialising.
    pub signing_time: Duration,
}

/// Builds and signs the workload.
#[derive(Debug)]
pub struct Planner<'a> {
    /// The chain's genesis (tokens, pools, accounts).
    pub genesis: &'a Genesis,
    /// The pools now, by id (`GET /v1/pools`): the liquidity set-up signs `min_lp` from them.
    pub pools: &'a [Pool],
    /// Accounts used (ids `0..accounts`).
    pub accounts: usize,
    /// Each account's next nonce.
    pub nonces: Vec<u32>,
    /// Lanes (connections).
    pub lanes: usize,
    /// Transactions per request (1: the single-transaction endpoint).
    pub batch_size: usize,
    /// Transfer/swap weights.
    pub mix: Mix,
    /// Random seed.
    pub seed: u64,
    /// The `valid_until` every transaction is signed with (see [`super::run_valid_until`]).
    pub valid_until: u32,
}

impl Planner<'_> {
    /// The unit a transfer of `token` moves: a billionth of a genesis balance, a power of ten.
    fn unit(&self, token: TokenId) -> u128 {
        let balance = self.genesis.accounts.first().and_then(|a| a.balances.get(&token)).and_then(|b| b.parse().ok());
        (pow10_floor(balance.unwrap_or(0)) / 1_000_000_000).max(1_000)
    }

    fn pools(&self) -> Vec<PoolPlan> {
        self.genesis
            .pools
            .iter()
            .enumerate()
            .map(|(id, pool)| PoolPlan {
                id: id as PoolId,
                liquidity_a: self.unit(pool.token_a) * 10_000_000,
                liquidity_b: self.unit(pool.token_b) * 10_000_000,
            })
            .collect()
    }

    /// Signs `count` timed-phase transactions (plus the liquidity set-up) and serialises them.
    pub fn build(mut self, count: usize) -> Plan {
        let started = Instant::now();
        let keys: Vec<PrivateKey> = (0..self.accounts).into_par_iter().map(loadgen_key).collect();
        let pools = self.pools();
        let chain_id = self.genesis.config.chain_id;
        let tokens: Vec<TokenId> = self.genesis.tokens.iter().map(|t| t.id).collect();
        let mut rng = StdRng::seed_from_u64(self.seed);

        // Two providers per pool (the last two accounts) so that swaps have liquidity, each
        // bounding its shares by the quote of the pool as the previous additions leave it.
        let mut setup = Vec::new();
        if self.mix.swap > 0 {
            let providers: Vec<AccountId> =
                (0..self.accounts.min(2)).map(|i| (self.accounts - 1 - i) as AccountId).collect();
            for pool in &pools {
                let mut now = self.pools[pool.id as usize];
                for &account in &providers {
                    let nonce = self.next_nonce(account);
                    let min_lp;
                    (min_lp, now) = quoted_addition(&now, pool.liquidity_a, pool.liquidity_b);
                    setup.push(Tx::AddLiquidity(AddLiquidity {
                        account,
                        pool: pool.id,
                        amount_a: pool.liquidity_a,
                        max_amount_b: pool.liquidity_b,
                        min_lp,
                        fee: pool.liquidity_a / 1_000_000,
                        valid_until: self.valid_until,
                        nonce,
                        signature: SignatureBytes([0; 64]),
                    }));
                }
            }
        }

        let lanes = self.lanes.max(1).min(self.accounts);
        let members: Vec<Vec<AccountId>> =
            (0..lanes).map(|lane| (lane..self.accounts).step_by(lanes).map(|a| a as AccountId).collect()).collect();
        let per_lane = count.div_ceil(lanes);
        let total_weight = self.mix.transfer + self.mix.swap;
        let mut unsigned: Vec<Vec<Tx>> = Vec::with_capacity(lanes);
        for senders in &members {
            let mut txs = Vec::with_capacity(per_lane);
            for _ in 0..per_lane {
                let from = senders[rng.gen_range(0..senders.len())];
                let nonce = self.next_nonce(from);
                let swap = !pools.is_empty() && rng.gen_range(0..total_weight.max(1)) >= self.mix.transfer;
                txs.push(if swap {
                    let pool = pools[rng.gen_range(0..pools.len())];
                    let a_to_b = rng.gen_bool(0.5);
                    let amount_in = if a_to_b { pool.liquidity_a } else { pool.liquidity_b } / 1_000_000;
                    Tx::Swap(Swap {
                        account: from,
                        pool: pool.id,
                        a_to_b,
                        amount_in,
                        min_amount_out: 0,
                        fee: (amount_in / 1_000).max(1),
                        valid_until: self.valid_until,
                        nonce,
                        signature: SignatureBytes([0; 64]),
                    })
                } else {
                    let mut to = rng.gen_range(0..self.accounts) as AccountId;
                    if to == from {
                        to = ((to as usize + 1) % self.accounts) as AccountId;
                    }
                    let token = tokens[rng.gen_range(0..tokens.len())];
                    let amount = self.unit(token);
                    Tx::Transfer(Transfer {
                        from,
                        to,
                        token,
                        amount,
                        fee: amount / 1_000,
                        valid_until: self.valid_until,
                        nonce,
                        signature: SignatureBytes([0; 64]),
                    })
                });
            }
            unsigned.push(txs);
        }

        let sign = |tx: &mut Tx| {
            let signer = tx.signed_header().expect("L2 transactions have a signer").account as usize;
            tx.sign(&keys[signer], chain_id).expect("generated amounts are packable");
        };
        setup.par_iter_mut().for_each(sign);
        unsigned.par_iter_mut().flat_map(|txs| txs.par_iter_mut()).for_each(sign);
        let signed = unsigned.iter().map(Vec::len).sum();
        let batch_size = self.batch_size.max(1);
        let lanes = unsigned
            .par_iter()
            .map(|txs| {
                txs.chunks(batch_size)
                    .map(|chunk| {
                        let json =
                            if batch_size == 1 { serde_json::to_vec(&chunk[0]) } else { serde_json::to_vec(chunk) };
                        Body { json: json.expect("transactions serialise").into(), count: chunk.len() }
                    })
                    .collect()
            })
            .collect();
        Plan { setup, lanes, signed, signing_time: started.elapsed() }
    }

    fn next_nonce(&mut self, account: AccountId) -> u32 {
        let slot = &mut self.nonces[account as usize];
        let nonce = *slot;
        *slot += 1;
        nonce
    }
}

#[cfg(test)]
mod tests {
    use circuits::transition::Receipt;

    use super::*;
    use crate::genesis::loadgen_genesis;

    #[test]
    fn plans_signed_in_order_nonces_per_lane() {
        let genesis = loadgen_genesis(8, 10, 7);
        let pools = genesis.build().unwrap().pools().to_vec();
        let planner = Planner {
            genesis: &genesis,
            pools: &pools,
            accounts: 8,
            nonces: vec![0; 8],
            lanes: 2,
            batch_size: 3,
            mix: Mix { transfer: 50, swap: 50 },
            seed: 1,
            valid_until: 7,
        };
        let plan = planner.build(20);
        assert_eq!(plan.setup.len(), 4, "two providers per pool");
        assert_eq!(plan.signed, 20);
        assert_eq!(plan.lanes.len(), 2);
        let mut state = genesis.build().unwrap();
        for tx in &plan.setup {
            let Tx::AddLiquidity(add) = tx else { panic!("the set-up adds liquidity") };
            let Receipt::AddLiquidity { lp_minted, .. } = state.apply(tx).expect("set-up applies").receipt else {
                panic!()
            };
            assert_eq!(add.min_lp, with_slippage(lp_minted, DEFAULT_SLIPPAGE_BPS), "min_lp is the quote less 0.5%");
        }
        for lane in &plan.lanes {
            assert_eq!(lane.iter().map(|b| b.count).sum::<usize>(), 10);
            for body in lane {
                let txs: Vec<Tx> = serde_json::from_slice(&body.json).unwrap();
                for tx in txs {
                    assert_eq!(tx.signed_header().unwrap().valid_until, 7, "signed with the planner's expiry");
                    let signer = tx.signed_header().unwrap().account as usize;
                    assert_eq!(signer % 2, plan.lanes.iter().position(|l| std::ptr::eq(l, lane)).unwrap());
                    state.apply(&tx).expect("every planned transaction applies");
                }
            }
        }
    }

    /// A second run finds the pools with the first run's liquidity: its providers pay at the
    /// pools' ratio and bound their shares by the quote of the pools as they are.
    #[test]
    fn the_set_up_bounds_its_shares_by_the_pools_it_finds() {
        let genesis = loadgen_genesis(4, 10, 7);
        let mut state = genesis.build().unwrap();
        for run in 0..2 {
            let pools = state.pools().to_vec();
            let nonces = (0..4).map(|id| state.account(id).unwrap().nonce()).collect();
            let mix = Mix { transfer: 0, swap: 1 };
            let planner = Planner {
                genesis: &genesis,
                pools: &pools,
                accounts: 4,
                nonces,
                lanes: 1,
                batch_size: 1,
                mix,
                seed: run,
                valid_until: u32::MAX,
            };
            let plan = planner.build(0);
            assert_eq!(plan.setup.len(), 2 * pools.len());
            for tx in &plan.setup {
                let Tx::AddLiquidity(add) = tx else { panic!("the set-up adds liquidity") };
                let applied = state.apply(tx).expect("set-up applies");
                let Receipt::AddLiquidity { lp_minted, .. } = applied.receipt else { panic!() };
                assert!(add.min_lp > 0 && add.min_lp == with_slippage(lp_minted, DEFAULT_SLIPPAGE_BPS), "run {run}");
            }
        }
    }

    #[test]
    fn powers_of_ten() {
        assert_eq!(pow10_floor(0), 1);
        assert_eq!(pow10_floor(999), 100);
        assert_eq!(pow10_floor(1_000), 1_000);
    }
}
