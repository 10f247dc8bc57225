//! The constant-product AMM's arithmetic, Uniswap v2's rounding: a swap's output, the amounts
//! and shares of adding and removing liquidity, and the minimum liquidity locked at a pool's
//! first provision. The state transition ([`crate::transition`]) applies it, the sequencer
//! quotes with it, and the batch circuit (`circuit/pool.rs`) is its constraint twin.

use num_bigint::BigUint;
use serde::Serialize;

use crate::state::{Pool, BPS_DENOMINATOR};
use crate::transition::{positive, TxError};

/// `floor(a * b / c)` or `ceil(a * b / c)` without overflow (`c > 0`).
fn mul_div(a: u128, b: u128, c: u128, round_up: bool) -> u128 {
    let product = BigUint::from(a) * BigUint::from(b);
    let divisor = BigUint::from(c);
    let mut quotient = &product / &divisor;
    if round_up && (&quotient * &divisor) != product {
        quotient += 1u32;
    }
    u128::try_from(quotient).unwrap_or(u128::MAX)
}

/// `floor(sqrt(a * b))`.
fn sqrt_product(a: u128, b: u128) -> u128 {
    u128::try_from((BigUint::from(a) * BigUint::from(b)).sqrt()).expect("sqrt of a 224-bit value fits")
}

/// Output of selling `amount_in` into reserves `(reserve_in, reserve_out)` with an LP fee of
/// `fee_bps`: `floor(in·(10⁴−fee)·r_out / (r_in·10⁴ + in·(10⁴−fee)))`, rounded down so the
/// pool's `k` never decreases.
pub fn swap_output(amount_in: u128, reserve_in: u128, reserve_out: u128, fee_bps: u16) -> u128 {
    let in_after_fee = amount_in * (BPS_DENOMINATOR - u128::from(fee_bps));
    mul_div(in_after_fee, reserve_out, reserve_in * BPS_DENOMINATOR + in_after_fee, false)
}

/// Shares locked forever at a pool's first provision, as in Uniswap v2: they count in
/// `lp_supply` but belong to nobody, so the supply never falls below them again. A share's
/// price can then only be inflated by donating to these locked shares too: an attacker who
/// holds `s` shares pays `MINIMUM_LIQUIDITY / (s + MINIMUM_LIQUIDITY)` of every donation to
/// nobody.
pub const MINIMUM_LIQUIDITY: u128 = 1_000;

/// The shares that adding liquidity to `pool` locks: [`MINIMUM_LIQUIDITY`] at its first
/// provision (`lp_supply = 0`), none later. The pool's supply grows by `lp_minted` plus these.
pub fn locked_liquidity(pool: &Pool) -> u128 {
    if pool.lp_supply == 0 {
        MINIMUM_LIQUIDITY
    } else {
        0
    }
}

/// `(amount_b, lp_minted)` of adding `amount_a` of `token_a`: the first provider sets the
/// price (`amount_b = max_amount_b`) and is credited `⌊√(a·b)⌋ − MINIMUM_LIQUIDITY` shares
/// (0 when `⌊√(a·b)⌋ ≤ MINIMUM_LIQUIDITY`, a refused provision), the rest being locked (see
/// [`locked_liquidity`]); later ones pay `⌈a·r_b/r_a⌉` of `token_b` and get `⌊a·supply/r_a⌋`
/// shares (both rounded in the pool's favour).
pub fn add_liquidity_amounts(pool: &Pool, amount_a: u128, max_amount_b: u128) -> (u128, u128) {
    if pool.lp_supply == 0 {
        (max_amount_b, sqrt_product(amount_a, max_amount_b).saturating_sub(MINIMUM_LIQUIDITY))
    } else {
        (
            mul_div(amount_a, pool.reserve_b, pool.reserve_a, true),
            mul_div(amount_a, pool.lp_supply, pool.reserve_a, false),
        )
    }
}

/// What adding liquidity to a pool does, as far as the pool decides it (see
/// [`quote_add_liquidity`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LiquidityQuote {
    /// `token_b` taken.
    #[serde(with = "crate::amount::serde_u128")]
    pub amount_b: u128,
    /// Shares credited to the provider (what `min_lp` bounds).
    #[serde(with = "crate::amount::serde_u128")]
    pub lp_minted: u128,
    /// Shares locked in the supply ([`locked_liquidity`]).
    #[serde(with = "crate::amount::serde_u128")]
    pub lp_locked: u128,
}

impl LiquidityQuote {
    /// How much the pool's `lp_supply` grows: `lp_minted + lp_locked`.
    pub fn supply_increase(&self) -> u128 {
        self.lp_minted + self.lp_locked
    }
}

/// Adding `amount_a` (and at most `max_amount_b`) to `pool`, with every rule that depends on
/// the pool alone, in the state transition's order: both amounts > 0 (`zero_amount`),
/// `amount_b ≤ max_amount_b` (`slippage_exceeded`), a first provision mints more than
/// [`MINIMUM_LIQUIDITY`] (`insufficient_liquidity`), a later one mints > 0 (`zero_amount`).
/// Clients quote with it; `min_lp` and the balances are the transaction's own rules.
pub fn quote_add_liquidity(pool: &Pool, amount_a: u128, max_amount_b: u128) -> Result<LiquidityQuote, TxError> {
    positive(amount_a)?;
    positive(max_amount_b)?;
    let (amount_b, lp_minted) = add_liquidity_amounts(pool, amount_a, max_amount_b);
    if amount_b > max_amount_b {
        return Err(TxError::SlippageExceeded { actual: amount_b, bound: max_amount_b });
    }
    let lp_locked = locked_liquidity(pool);
    match (lp_minted, lp_locked) {
        (0, 0) => Err(TxError::ZeroAmount),
        (0, _) => Err(TxError::InsufficientLiquidityMinted),
        _ => Ok(LiquidityQuote { amount_b, lp_minted, lp_locked }),
    }
}

/// `(amount_a, amount_b)` paid out for burning `lp_amount` shares: `⌊lp·r/supply⌋` of each
/// reserve (`lp_supply > 0`).
pub fn remove_liquidity_amounts(pool: &Pool, lp_amount: u128) -> (u128, u128) {
    (
        mul_div(lp_amount, pool.reserve_a, pool.lp_supply, false),
        mul_div(lp_amount, pool.reserve_b, pool.lp_supply, false),
    )
}
