//! The AMM's constraints: the pool leaf and its packed header, the signed bounds, and the
//! swap and liquidity rules of transition.rs (`pool_gadget`), beside the blank pool fields of a
//! transfer slot.

use ark_r1cs_std::{boolean::Boolean, eq::EqGadget, fields::fp::FpVar, fields::FieldVar, select::CondSelectGadget};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use super::gadgets::{enforce_equal_if, enforce_floor_division, enforce_nonzero};
use super::witness::SlotValues;
use super::{Alloc, LeafChange, LeafPreimage, Movements, TypeFlags};
use crate::amount::constraints::{balance_bits, decode_bits};
use crate::amount::AMOUNT_FORMAT;
use crate::field::Fr;
use crate::merkle::constraints::to_bits_le;
use crate::packing::constraints::{pack_gadget, PartVar};
use crate::packing::{
    FieldRef, ADD_LIQUIDITY_BODY, POOL_HEADER, REMOVE_LIQUIDITY_BODY, REMOVE_LIQUIDITY_BOUNDS, SWAP_BODY,
};

/// A pool leaf's fields as variables.
pub(super) struct PoolVar {
    /// The parts of the [`POOL_HEADER`]: token_a, token_b, fee_bps, each range-checked.
    pub(super) header: [PartVar; 3],
    pub(super) reserve_a: FpVar<Fr>,
    pub(super) reserve_b: FpVar<Fr>,
    pub(super) lp_supply: FpVar<Fr>,
}

impl PoolVar {
    fn alloc(alloc: &Alloc, pool: &crate::state::Pool) -> Result<Self, SynthesisError> {
        let part = |name: &str, value: u16| alloc.part(Fr::from(value), &[POOL_HEADER.field(name)]);
        Ok(Self {
            header: [part("token_a", pool.token_a)?, part("token_b", pool.token_b)?, part("fee_bps", pool.fee_bps)?],
            reserve_a: alloc.fp(pool.reserve_a)?,
            reserve_b: alloc.fp(pool.reserve_b)?,
            lp_supply: alloc.fp(pool.lp_supply)?,
        })
    }

    fn token_a(&self) -> &FpVar<Fr> {
        &self.header[0].value
    }

    fn token_b(&self) -> &FpVar<Fr> {
        &self.header[1].value
    }

    fn fee_bps(&self) -> &FpVar<Fr> {
        &self.header[2].value
    }

    /// The pool leaf's Poseidon inputs with these reserves and supply.
    fn preimage(&self, reserve_a: &FpVar<Fr>, reserve_b: &FpVar<Fr>, lp_supply: &FpVar<Fr>) -> LeafPreimage {
        let [token_a, token_b, fee_bps] = &self.header;
        let header = pack_gadget(&POOL_HEADER, &[token_a, token_b, fee_bps]);
        [header, reserve_a.clone(), reserve_b.clone(), lp_supply.clone()]
    }
}

/// The signed slippage and price bounds of pool operations.
pub(super) struct Bounds {
    /// Added liquidity: the most `token_b` to pay (decoded from its float code).
    pub(super) max_amount_b: FpVar<Fr>,
    pub(super) max_amount_b_code: PartVar,
    /// Removed liquidity: the least `token_a` to receive.
    pub(super) min_amount_a: PartVar,
    /// Swap: the least output; removed liquidity: the least `token_b`.
    pub(super) min_amount_b: PartVar,
    /// Added liquidity: the fewest shares to mint.
    pub(super) min_lp: FpVar<Fr>,
}

/// The bounds, each checked to 112 bits as the native rules require of every signed bound
/// (the two minimums of a removal are also the parts of one packed word).
pub(super) fn alloc_bounds(alloc: &Alloc, slot: &SlotValues) -> Result<Bounds, SynthesisError> {
    let max_amount_b_code =
        alloc.part(Fr::from(slot.max_amount_b_code), &[ADD_LIQUIDITY_BODY.field("max_amount_b_code")])?;
    let max_amount_b = decode_bits(&max_amount_b_code.bits, AMOUNT_FORMAT)?;
    balance_bits(&max_amount_b)?;
    let min_lp = alloc.fp(slot.min_lp)?;
    balance_bits(&min_lp)?;
    Ok(Bounds {
        max_amount_b,
        max_amount_b_code,
        min_amount_a: alloc.part(Fr::from(slot.min_amount_a), &[REMOVE_LIQUIDITY_BOUNDS.field("min_amount_a")])?,
        min_amount_b: alloc.part(Fr::from(slot.min_amount_b), &[REMOVE_LIQUIDITY_BOUNDS.field("min_amount_b")])?,
        min_lp,
    })
}

/// A pool operation's amounts: `amount` on the first token, `amount_b` on the second,
/// `lp_amount` of shares.
pub(super) struct PoolAmounts<'a> {
    pub(super) amount: &'a FpVar<Fr>,
    pub(super) amount_b: &'a FpVar<Fr>,
    pub(super) lp_amount: &'a FpVar<Fr>,
}

/// A pool operation's signed fields, for the message and pubdata, and its leaf change.
pub(super) struct PoolFields {
    /// The pool id, checked to its 9 bits.
    pub(super) id: PartVar,
    /// The direction, as the swap body's part.
    pub(super) a_to_b: PartVar,
    pub(super) leaf: LeafChange,
}

/// The pool id's part: it feeds every pool operation's body.
pub(super) fn pool_id_feeds() -> [FieldRef; 3] {
    [SWAP_BODY.field("pool"), ADD_LIQUIDITY_BODY.field("pool"), REMOVE_LIQUIDITY_BODY.field("pool")]
}

/// The AMM rules of transition.rs, each on when its type flag is:
/// - swap: the output is `⌊in·(10⁴−fee)·r_out / (r_in·10⁴ + in·(10⁴−fee))⌋`, positive and at
///   least the signed minimum, from a pool with liquidity;
/// - add liquidity: the first provider pays `max_amount_b` and gets `⌊√(amount·max_amount_b)⌋`
///   shares less `MINIMUM_LIQUIDITY`, which stay locked in the supply; later ones pay
///   `⌈amount·r_b/r_a⌉` (at most the bound) and get
///   `⌊amount·supply/r_a⌋` shares (at least the bound);
/// - remove liquidity: `⌊lp·r/supply⌋` of each reserve, each at least its bound;
/// - every pool operation: the pool's tokens are the balances' tokens (liquidity operations
///   go `a_to_b`), reserves and supply move opposite to the account and stay in range; the
///   pool leaf's change is returned for [`recipient_or_pool_update`].
pub(super) fn pool_gadget(
    cs: &ConstraintSystemRef<Fr>,
    slot: &SlotValues,
    flags: &TypeFlags,
    moved: &Movements,
    tokens: (&FpVar<Fr>, &FpVar<Fr>),
    amounts: PoolAmounts,
    bounds: &Bounds,
) -> Result<PoolFields, SynthesisError> {
    let PoolAmounts { amount, amount_b, lp_amount } = amounts;
    let values = &slot.pool;
    let id = PartVar::witness(cs, Fr::from(values.id), &pool_id_feeds())?;
    let a_to_b_part = PartVar::witness(cs, Fr::from(slot.a_to_b), &[SWAP_BODY.field("a_to_b")])?;
    let a_to_b = a_to_b_part.bits[0].clone();
    a_to_b.conditional_enforce_equal(&Boolean::TRUE, &flags.liquidity)?;
    let pool = PoolVar::alloc(&Alloc { cs: cs.clone(), fixed: false }, &values.before)?;
    let select = |first: &FpVar<Fr>, second: &FpVar<Fr>| FpVar::conditionally_select(&a_to_b, first, second);
    enforce_equal_if(&select(pool.token_a(), pool.token_b())?, tokens.0, &flags.pool_op)?;
    enforce_equal_if(&select(pool.token_b(), pool.token_a())?, tokens.1, &flags.pool_op)?;
    let reserve_in = select(&pool.reserve_a, &pool.reserve_b)?;
    let reserve_out = select(&pool.reserve_b, &pool.reserve_a)?;

    // Swap.
    enforce_nonzero(&pool.lp_supply, &flags.swap)?;
    let in_after_fee = amount * (FpVar::constant(Fr::from(10_000u64)) - pool.fee_bps());
    let divisor = &reserve_in * Fr::from(10_000u64) + &in_after_fee;
    enforce_floor_division(&(&in_after_fee * &reserve_out), &divisor, amount_b, &flags.swap)?;
    enforce_nonzero(amount_b, &flags.swap)?;

    // Add liquidity: the first provider (no shares yet) sets the price.
    let first = pool.lp_supply.is_zero()?;
    let first_add = flags.add.clone() & &first;
    let later_add = flags.add.clone() & !first;
    enforce_equal_if(amount_b, &bounds.max_amount_b, &first_add)?;
    // The first provision mints `shares = ⌊√(amount·max_b)⌋`: the provider gets `lp_amount =
    // shares − MINIMUM_LIQUIDITY` and the rest is locked in the supply (transition.rs).
    // shares² ≤ amount·max_b < (shares+1)² (every term below 2^226).
    let on_first = FpVar::from(first_add);
    let locked = &on_first * Fr::from(crate::transition::MINIMUM_LIQUIDITY);
    let shares = lp_amount + &locked;
    let product = amount * &bounds.max_amount_b;
    let shares_squared = shares.square()?;
    to_bits_le(&(&on_first * (&product - &shares_squared)), 226)?;
    to_bits_le(&(&on_first * (&shares_squared + shares.double()? - &product)), 226)?;
    // ⌈amount·r_b/r_a⌉ = ⌊(amount·r_b + r_a − 1)/r_a⌋.
    let ceiling_numerator = amount * &pool.reserve_b + &pool.reserve_a - FpVar::one();
    enforce_floor_division(&ceiling_numerator, &pool.reserve_a, amount_b, &later_add)?;
    enforce_floor_division(&(amount * &pool.lp_supply), &pool.reserve_a, lp_amount, &later_add)?;
    let on_add = FpVar::from(flags.add.clone());
    balance_bits(&(&on_add * (&bounds.max_amount_b - amount_b)))?;
    balance_bits(&(&on_add * (lp_amount - &bounds.min_lp)))?;
    enforce_nonzero(&bounds.max_amount_b, &flags.add)?;

    // Remove liquidity.
    enforce_floor_division(&(lp_amount * &pool.reserve_a), &pool.lp_supply, amount, &flags.remove)?;
    enforce_floor_division(&(lp_amount * &pool.reserve_b), &pool.lp_supply, amount_b, &flags.remove)?;
    balance_bits(&(FpVar::from(flags.remove.clone()) * (amount - &bounds.min_amount_a.value)))?;

    // Slippage on the second token: a swap's output, a removal's token_b.
    let bounded_b = FpVar::from(flags.swap.clone() | &flags.remove);
    balance_bits(&(bounded_b * (amount_b - &bounds.min_amount_b.value)))?;

    // The pool moves opposite to the account; every new value stays in range.
    let on_pool = FpVar::from(flags.pool_op.clone());
    let new_reserve_in = &reserve_in - &moved.first;
    let new_reserve_out = &reserve_out - &moved.second;
    let new_lp_supply = &pool.lp_supply + &moved.lp + &locked;
    for value in [&new_reserve_in, &new_reserve_out, &new_lp_supply] {
        balance_bits(&(&on_pool * value))?;
    }
    let new_reserve_a = select(&new_reserve_in, &new_reserve_out)?;
    let new_reserve_b = select(&new_reserve_out, &new_reserve_in)?;
    let leaf_before = pool.preimage(&pool.reserve_a, &pool.reserve_b, &pool.lp_supply);
    let leaf_after = pool.preimage(&new_reserve_a, &new_reserve_b, &new_lp_supply);
    Ok(PoolFields { id, a_to_b: a_to_b_part, leaf: LeafChange { before: leaf_before, after: leaf_after } })
}

/// A pool operation's fields in a transfer slot: the blank slot's, as constants.
pub(super) fn fixed_pool_fields(
    cs: &ConstraintSystemRef<Fr>,
    fixed: &SlotValues,
) -> Result<PoolFields, SynthesisError> {
    let pool_var = PoolVar::alloc(&Alloc { cs: cs.clone(), fixed: true }, &fixed.pool.before)?;
    let leaf = pool_var.preimage(&pool_var.reserve_a, &pool_var.reserve_b, &pool_var.lp_supply);
    Ok(PoolFields {
        id: PartVar::constant(Fr::from(fixed.pool.id), &pool_id_feeds())?,
        a_to_b: PartVar::constant(Fr::from(fixed.a_to_b), &[SWAP_BODY.field("a_to_b")])?,
        leaf: LeafChange { before: leaf.clone(), after: leaf },
    })
}
