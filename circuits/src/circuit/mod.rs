//! The batch circuit: proves that the new state root follows from the old one by applying
//! exactly the batch's transactions under the rules of [`crate::transition`], and that the
//! published pubdata is theirs. Its only public input is the batch commitment
//! ([`crate::batch::CommitmentInputs::commitment`]).
//!
//! Every slot has the same shape and can hold a Noop, Deposit, Transfer, Withdraw or Swap
//! (the liquidity operations are the next step; a batch holding one is refused when the
//! witness is built). Type flags switch each rule on or off; a rule that is off leaves the
//! running roots unchanged. Each slot mirrors the native checks:
//! - signature (EdDSA-Poseidon over the signing message, key in the prime subgroup),
//! - nonce (the header signs the leaf's nonce; the leaf's nonce increases by one),
//! - balances (112-bit range checks catch insufficient funds and overflow),
//! - Merkle paths of every touched leaf before and after, in the native order,
//! - account creation at exactly `account_count` for deposits to new keys,
//! - the slot's pubdata bits, which feed the SHA-256 commitment.

pub mod witness;

use ark_ff::{AdditiveGroup, Field};
use ark_r1cs_std::{
    alloc::AllocVar, boolean::Boolean, convert::ToBitsGadget, eq::EqGadget, fields::fp::FpVar, fields::FieldVar,
    select::CondSelectGadget, uint8::UInt8,
};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};

use crate::amount::constraints::{balance_bits, decode_gadget};
use crate::amount::{AMOUNT_FORMAT, FEE_FORMAT};
use crate::babyjubjub::constraints::{verify_signature_gadget, PointVar, SignatureVar};
use crate::commitment_constraints::{bits_to_slot_bytes, commitment_gadget};
use crate::field::Fr;
use crate::merkle::constraints::{to_bits_le, SiblingsVar};
use crate::merkle::{empty_hash, MerkleProof};
use crate::poseidon::constraints::hash_gadget;
use crate::state::{AccountId, ACCOUNT_ID_BITS, BALANCE_DEPTH, TOKEN_ID_BITS};
use crate::tx::TxType;
use witness::{AccountValues, BalanceValues, BatchValues, SlotValues};

/// The fixed parameters a circuit (and its proving key) is built for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CircuitParams {
    /// Transaction slots per batch.
    pub slots: usize,
    /// Depth of the account tree.
    pub account_depth: u32,
    /// Chain id signed into every transaction.
    pub chain_id: u32,
    /// The account credited with fees.
    pub fee_account: AccountId,
}

/// The batch circuit with its witness.
#[derive(Clone, Debug)]
pub struct BatchCircuit {
    /// Shape parameters.
    pub params: CircuitParams,
    /// The flattened witness.
    pub values: BatchValues,
    /// The public input: the batch commitment.
    pub commitment: Fr,
}

impl BatchCircuit {
    /// A circuit with a blank witness, for key generation.
    pub fn blank(params: CircuitParams) -> Self {
        Self { params, values: BatchValues::blank(params.slots, params.account_depth), commitment: Fr::ZERO }
    }

    /// The circuit of a sealed batch.
    pub fn from_sealed(
        params: CircuitParams,
        batch: &crate::batch::SealedBatch,
    ) -> Result<Self, witness::WitnessError> {
        if batch.slots.len() != params.slots {
            return Err(witness::WitnessError::Shape(format!(
                "{} slots in the batch, {} in the circuit",
                batch.slots.len(),
                params.slots
            )));
        }
        let values = BatchValues::from_sealed(batch, params.account_depth)?;
        Ok(Self { params, values, commitment: batch.commitment() })
    }
}

fn witness(cs: &ConstraintSystemRef<Fr>, value: impl Into<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    let value = value.into();
    FpVar::new_witness(cs.clone(), || Ok(value))
}

fn pow2(bits: u32) -> Fr {
    Fr::from(2u64).pow([u64::from(bits)])
}

/// Enforces `value != 0` when `condition` holds (one constraint: `value · inverse = condition`).
fn enforce_nonzero(value: &FpVar<Fr>, condition: &Boolean<Fr>) -> Result<(), SynthesisError> {
    let cs = value.cs();
    use ark_r1cs_std::GR1CSVar;
    let inverse = FpVar::new_witness(cs, || {
        let enabled = condition.value()?;
        Ok(if enabled { value.value()?.inverse().unwrap_or(Fr::ZERO) } else { Fr::ZERO })
    })?;
    value.mul_equals(&inverse, &FpVar::from(condition.clone()))
}

/// Big-endian bits of a value already decomposed little-endian.
fn be(bits_le: &[Boolean<Fr>]) -> Vec<Boolean<Fr>> {
    bits_le.iter().rev().cloned().collect()
}

/// An account leaf's fields as variables.
struct LeafVar {
    x: FpVar<Fr>,
    y: FpVar<Fr>,
    address: FpVar<Fr>,
    nonce: FpVar<Fr>,
    balance_root: FpVar<Fr>,
}

impl LeafVar {
    fn hash(&self, balance_root: &FpVar<Fr>, nonce: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
        hash_gadget(&[self.x.clone(), self.y.clone(), balance_root.clone(), nonce + &self.address * pow2(32)])
    }
}

/// One Merkle leaf replaced: checks the old leaf opens to `root` (when enabled) and returns the
/// root with the new leaf (or `root` unchanged when disabled).
fn replace_leaf(
    root: &FpVar<Fr>,
    index_bits: &[Boolean<Fr>],
    siblings: &SiblingsVar,
    before: &FpVar<Fr>,
    after: &FpVar<Fr>,
    enabled: &Boolean<Fr>,
) -> Result<FpVar<Fr>, SynthesisError> {
    siblings.root_for(before, index_bits)?.conditional_enforce_equal(root, enabled)?;
    let new_root = siblings.root_for(after, index_bits)?;
    FpVar::conditionally_select(enabled, &new_root, root)
}

/// An account id: 24 bits for pubdata, of which the first `depth` index the tree.
fn account_id_bits(id: &FpVar<Fr>, depth: u32) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    let bits = to_bits_le(id, ACCOUNT_ID_BITS as usize)?;
    for bit in &bits[depth as usize..] {
        bit.enforce_equal(&Boolean::FALSE)?;
    }
    Ok(bits)
}

fn alloc_leaf(cs: &ConstraintSystemRef<Fr>, account: &AccountValues) -> Result<LeafVar, SynthesisError> {
    Ok(LeafVar {
        x: witness(cs, account.public_key.x())?,
        y: witness(cs, account.public_key.y())?,
        address: witness(cs, account.l1_address.to_fr())?,
        nonce: witness(cs, account.nonce)?,
        balance_root: witness(cs, account.balance_root)?,
    })
}

fn alloc_path(cs: &ConstraintSystemRef<Fr>, path: &MerkleProof) -> Result<SiblingsVar, SynthesisError> {
    SiblingsVar::new_witness(cs.clone(), path)
}

/// The state threaded from slot to slot.
struct Running {
    account_root: FpVar<Fr>,
    account_count: FpVar<Fr>,
    pool_root: FpVar<Fr>,
}

/// The swap output the witness claims (computed natively; the circuit checks it).
fn swap_output_value(slot: &SlotValues) -> u128 {
    if slot.tx_type != TxType::Swap {
        return 0;
    }
    let pool = &slot.pool.before;
    let (reserve_in, reserve_out) =
        if slot.a_to_b { (pool.reserve_a, pool.reserve_b) } else { (pool.reserve_b, pool.reserve_a) };
    crate::transition::swap_output(slot.amount, reserve_in, reserve_out, pool.fee_bps)
}

/// A pool leaf's fields as variables.
struct PoolVar {
    token_a: FpVar<Fr>,
    token_b: FpVar<Fr>,
    fee_bps: FpVar<Fr>,
    reserve_a: FpVar<Fr>,
    reserve_b: FpVar<Fr>,
    lp_supply: FpVar<Fr>,
}

impl PoolVar {
    fn hash(&self, reserve_a: &FpVar<Fr>, reserve_b: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
        let header = &self.token_a + &self.token_b * pow2(16) + &self.fee_bps * pow2(32);
        hash_gadget(&[header, reserve_a.clone(), reserve_b.clone(), self.lp_supply.clone()])
    }
}

/// The swap's signed pool fields, for the message and pubdata.
struct SwapFields {
    id: FpVar<Fr>,
    id_bits: Vec<Boolean<Fr>>,
    a_to_b: Boolean<Fr>,
    min_amount_out: FpVar<Fr>,
}

/// The constant-product swap (transition.rs `apply_swap`): the output is
/// `floor(in·(10⁴−fee)·r_out / (r_in·10⁴ + in·(10⁴−fee)))`, proven with a quotient and a
/// remainder below the divisor; it must be positive and at least the signed minimum; the
/// pool must have liquidity; the reserves move by the input and the output.
#[allow(clippy::too_many_arguments)]
fn swap_gadget(
    cs: &ConstraintSystemRef<Fr>,
    slot: &SlotValues,
    running: &mut Running,
    is_swap: &Boolean<Fr>,
    token_in: &FpVar<Fr>,
    token_out: &FpVar<Fr>,
    amount_in: &FpVar<Fr>,
    amount_out: &FpVar<Fr>,
) -> Result<SwapFields, SynthesisError> {
    let values = &slot.pool;
    let id = witness(cs, values.id)?;
    let id_bits = to_bits_le(&id, crate::state::POOL_ID_BITS as usize)?;
    let a_to_b = Boolean::new_witness(cs.clone(), || Ok(slot.a_to_b))?;
    let min_amount_out = witness(cs, slot.min_amount_out)?;
    let before = &values.before;
    let pool = PoolVar {
        token_a: witness(cs, before.token_a)?,
        token_b: witness(cs, before.token_b)?,
        fee_bps: witness(cs, before.fee_bps)?,
        reserve_a: witness(cs, before.reserve_a)?,
        reserve_b: witness(cs, before.reserve_b)?,
        lp_supply: witness(cs, before.lp_supply)?,
    };
    let select = |first: &FpVar<Fr>, second: &FpVar<Fr>| FpVar::conditionally_select(&a_to_b, first, second);
    select(&pool.token_a, &pool.token_b)?.conditional_enforce_equal(token_in, is_swap)?;
    select(&pool.token_b, &pool.token_a)?.conditional_enforce_equal(token_out, is_swap)?;
    let reserve_in = select(&pool.reserve_a, &pool.reserve_b)?;
    let reserve_out = select(&pool.reserve_b, &pool.reserve_a)?;
    enforce_nonzero(&pool.lp_supply, is_swap)?;

    let in_after_fee = amount_in * (FpVar::constant(Fr::from(10_000u64)) - &pool.fee_bps);
    let divisor = &reserve_in * Fr::from(10_000u64) + &in_after_fee;
    let numerator = &in_after_fee * &reserve_out;
    let remainder = {
        use ark_r1cs_std::GR1CSVar;
        let (n, d, q) = (numerator.value().ok(), divisor.value().ok(), amount_out.value().ok());
        FpVar::new_witness(cs.clone(), || match (n, d, q) {
            (Some(n), Some(d), Some(q)) => Ok(n - d * q),
            _ => Err(SynthesisError::AssignmentMissing),
        })?
    };
    (amount_out * &divisor + &remainder).conditional_enforce_equal(&numerator, is_swap)?;
    // remainder < divisor, and out ≥ min: range checks that only bind a swap slot.
    let swap = FpVar::from(is_swap.clone());
    to_bits_le(&(&swap * (&divisor - &remainder - FpVar::one())), 128)?;
    enforce_nonzero(amount_out, is_swap)?;
    balance_bits(&(&swap * (amount_out - &min_amount_out)))?;

    let new_reserve_in = &reserve_in + amount_in;
    let new_reserve_out = &reserve_out - amount_out;
    balance_bits(&new_reserve_in)?;
    balance_bits(&new_reserve_out)?;
    let new_reserve_a = FpVar::conditionally_select(&a_to_b, &new_reserve_in, &new_reserve_out)?;
    let new_reserve_b = FpVar::conditionally_select(&a_to_b, &new_reserve_out, &new_reserve_in)?;
    let leaf_before = pool.hash(&pool.reserve_a, &pool.reserve_b)?;
    let leaf_after = pool.hash(&new_reserve_a, &new_reserve_b)?;
    let path = alloc_path(cs, &values.path)?;
    running.pool_root = replace_leaf(&running.pool_root, &id_bits, &path, &leaf_before, &leaf_after, is_swap)?;
    Ok(SwapFields { id, id_bits, a_to_b, min_amount_out })
}

/// What a slot hands to the batch: its pubdata bytes and its fee charge.
struct SlotOutput {
    bytes: Vec<UInt8<Fr>>,
    charge_token_bits: Vec<Boolean<Fr>>,
    charge: FpVar<Fr>,
    is_deposit: Boolean<Fr>,
}

fn slot_gadget(
    cs: &ConstraintSystemRef<Fr>,
    params: &CircuitParams,
    slot: &SlotValues,
    running: &mut Running,
) -> Result<SlotOutput, SynthesisError> {
    let flag = |t: TxType| Boolean::new_witness(cs.clone(), || Ok(slot.tx_type == t));
    let is_noop = flag(TxType::Noop)?;
    let is_deposit = flag(TxType::Deposit)?;
    let is_transfer = flag(TxType::Transfer)?;
    let is_withdraw = flag(TxType::Withdraw)?;
    let is_swap = flag(TxType::Swap)?;
    // Exactly one type.
    (FpVar::from(is_noop.clone())
        + FpVar::from(is_deposit.clone())
        + FpVar::from(is_transfer.clone())
        + FpVar::from(is_withdraw.clone())
        + FpVar::from(is_swap.clone()))
    .enforce_equal(&FpVar::one())?;
    let signed = is_transfer.clone() | &is_withdraw | &is_swap;
    let coded_amount = is_transfer.clone() | &is_swap;
    let active = !is_noop.clone();
    let tag = FpVar::from(is_deposit.clone()) * Fr::from(TxType::Deposit as u64)
        + FpVar::from(is_transfer.clone()) * Fr::from(TxType::Transfer as u64)
        + FpVar::from(is_withdraw.clone()) * Fr::from(TxType::Withdraw as u64)
        + FpVar::from(is_swap.clone()) * Fr::from(TxType::Swap as u64);

    // ---- Fields.
    let token = witness(cs, slot.token)?;
    let token_bits = to_bits_le(&token, TOKEN_ID_BITS as usize)?;
    let amount = witness(cs, slot.amount)?;
    let amount_bits = balance_bits(&amount)?;
    enforce_nonzero(&amount, &active)?;
    let amount_code = decode_gadget(&witness(cs, slot.amount_code)?, AMOUNT_FORMAT)?;
    amount_code.value.conditional_enforce_equal(&amount, &coded_amount)?;
    let fee_code_var = witness(cs, slot.fee_code)?;
    let fee = decode_gadget(&fee_code_var, FEE_FORMAT)?;
    let l1_address = witness(cs, slot.l1_address.to_fr())?;
    let l1_address_bits = to_bits_le(&l1_address, 160)?;
    // Deposits and withdrawals move L1 tokens only: ids below 512.
    (token_bits[TOKEN_ID_BITS as usize - 1].clone() & (is_deposit.clone() | &is_withdraw))
        .enforce_equal(&Boolean::FALSE)?;

    // ---- Account A: signer, or the credited account of a deposit.
    let a = &slot.account_a;
    let a_id = witness(cs, a.id)?;
    let a_bits = account_id_bits(&a_id, params.account_depth)?;
    let a_leaf = alloc_leaf(cs, a)?;
    let created = Boolean::new_witness(cs.clone(), || Ok(a.created))?;
    (created.clone() & !is_deposit.clone()).enforce_equal(&Boolean::FALSE)?;
    let a_balance = alloc_balance(cs, &a.balance)?;
    a_balance.token.enforce_equal(&token)?;
    // balance' = balance + deposit·amount − signed·(amount + fee)
    let credit = FpVar::from(is_deposit.clone()) * &amount;
    let debit = FpVar::from(signed.clone()) * (&amount + &fee.value);
    a_balance.after.enforce_equal(&(&a_balance.before + credit - debit))?;
    balance_bits(&a_balance.after)?;
    let a_balance_root =
        replace_leaf(&a_leaf.balance_root, &token_bits, &a_balance.path, &a_balance.before, &a_balance.after, &active)?;
    // The second balance of A: a swap's output token.
    let a_balance2 = alloc_balance(cs, &a.balance2)?;
    let a_balance2_token_bits = to_bits_le(&a_balance2.token, TOKEN_ID_BITS as usize)?;
    let amount_out = witness(cs, swap_output_value(slot))?;
    a_balance2.after.enforce_equal(&(&a_balance2.before + FpVar::from(is_swap.clone()) * &amount_out))?;
    balance_bits(&a_balance2.after)?;
    let a_balance_root = replace_leaf(
        &a_balance_root,
        &a_balance2_token_bits,
        &a_balance2.path,
        &a_balance2.before,
        &a_balance2.after,
        &is_swap,
    )?;
    let a_nonce_after = &a_leaf.nonce + FpVar::from(signed.clone());
    to_bits_le(&a_nonce_after, 32)?;
    let a_leaf_before =
        FpVar::conditionally_select(&created, &FpVar::zero(), &a_leaf.hash(&a_leaf.balance_root, &a_leaf.nonce)?)?;
    let a_leaf_after = a_leaf.hash(&a_balance_root, &a_nonce_after)?;
    let a_path = alloc_path(cs, &a.path)?;
    running.account_root = replace_leaf(
        &running.account_root,
        &a_bits[..params.account_depth as usize],
        &a_path,
        &a_leaf_before,
        &a_leaf_after,
        &active,
    )?;

    // Deposits: the key must be the deposit's; a new account takes the next id, starts with
    // nonce 0, an empty balance tree and the depositor as owner.
    let deposit_x = witness(cs, slot.deposit_key.x())?;
    let deposit_y = witness(cs, slot.deposit_key.y())?;
    // The key is on the curve, so its packed form (y and the sign of x) pins x down.
    let (x2, y2) = (deposit_x.square()?, deposit_y.square()?);
    let lhs = &x2 * crate::babyjubjub::COEFF_A + &y2;
    let rhs = FpVar::one() + x2 * crate::babyjubjub::COEFF_D * &y2;
    lhs.conditional_enforce_equal(&rhs, &is_deposit)?;
    a_leaf.x.conditional_enforce_equal(&deposit_x, &is_deposit)?;
    a_leaf.y.conditional_enforce_equal(&deposit_y, &is_deposit)?;
    a_id.conditional_enforce_equal(&running.account_count, &created)?;
    a_leaf.nonce.conditional_enforce_equal(&FpVar::zero(), &created)?;
    a_leaf.balance_root.conditional_enforce_equal(&FpVar::constant(empty_hash(BALANCE_DEPTH)), &created)?;
    a_leaf.address.conditional_enforce_equal(&l1_address, &created)?;
    running.account_count = &running.account_count + FpVar::from(created.clone());

    // ---- Account B: the transfer's recipient.
    let b = &slot.account_b;
    let b_id = witness(cs, b.id)?;
    let b_bits = account_id_bits(&b_id, params.account_depth)?;
    enforce_nonzero(&(&a_id - &b_id), &is_transfer)?;
    let b_leaf = alloc_leaf(cs, b)?;
    let b_balance = alloc_balance(cs, &b.balance)?;
    b_balance.token.conditional_enforce_equal(&token, &is_transfer)?;
    b_balance.after.enforce_equal(&(&b_balance.before + FpVar::from(is_transfer.clone()) * &amount))?;
    balance_bits(&b_balance.after)?;
    let b_balance_root = replace_leaf(
        &b_leaf.balance_root,
        &to_bits_le(&b_balance.token, TOKEN_ID_BITS as usize)?,
        &b_balance.path,
        &b_balance.before,
        &b_balance.after,
        &is_transfer,
    )?;
    let b_leaf_before = b_leaf.hash(&b_leaf.balance_root, &b_leaf.nonce)?;
    let b_leaf_after = b_leaf.hash(&b_balance_root, &b_leaf.nonce)?;
    let b_path = alloc_path(cs, &b.path)?;
    running.account_root = replace_leaf(
        &running.account_root,
        &b_bits[..params.account_depth as usize],
        &b_path,
        &b_leaf_before,
        &b_leaf_after,
        &is_transfer,
    )?;

    // ---- Signature over the signing message (tx.rs), by A's key, with A's current nonce.
    let header = &tag
        + FpVar::constant(Fr::from(params.chain_id) * pow2(8))
        + &a_id * pow2(40)
        + &a_leaf.nonce * pow2(72)
        + &fee_code_var * pow2(104);
    let transfer_body = &b_id + &token * pow2(32) + Boolean::le_bits_to_fp(&amount_code.code_bits)? * pow2(48);
    let withdraw_body = &token + &amount * pow2(16);
    let pool = swap_gadget(cs, slot, running, &is_swap, &token, &a_balance2.token, &amount, &amount_out)?;
    let swap_body = &pool.id
        + FpVar::from(pool.a_to_b.clone()) * pow2(16)
        + Boolean::le_bits_to_fp(&amount_code.code_bits)? * pow2(17);
    let body0 = FpVar::from(is_transfer.clone()) * transfer_body
        + FpVar::from(is_withdraw.clone()) * withdraw_body
        + FpVar::from(is_swap.clone()) * swap_body;
    let body1 = FpVar::from(is_withdraw.clone()) * &l1_address + FpVar::from(is_swap.clone()) * &pool.min_amount_out;
    let message = hash_gadget(&[header, body0, body1])?;
    let public_key = PointVar { x: a_leaf.x.clone(), y: a_leaf.y.clone() };
    let signature = SignatureVar::new_witness(cs.clone(), slot.r8, slot.s)?;
    verify_signature_gadget(&signed, &public_key, &message, &signature)?;

    // ---- Pubdata bits (pubdata.rs), most significant bit first, per type.
    // The 3-bit tag, most significant bit first: 4 (swaps and liquidity, not yet here), 2
    // (transfer, withdraw), 1 (deposit, withdraw).
    let tag_bits = [is_swap.clone(), is_transfer.clone() | &is_withdraw, is_deposit.clone() | &is_withdraw];
    let a_be = be(&a_bits);
    let token_be = be(&token_bits);
    let amount_be = be(&amount_bits);
    let fee_code_be = be(&fee.code_bits);
    let deposit_fields: Vec<Boolean<Fr>> = [
        a_be.clone(),
        token_be.clone(),
        amount_be.clone(),
        packed_key_bits(&deposit_x, &deposit_y)?,
        be(&l1_address_bits),
    ]
    .concat();
    let transfer_fields: Vec<Boolean<Fr>> =
        [a_be.clone(), be(&b_bits), token_be.clone(), be(&amount_code.code_bits), fee_code_be.clone()].concat();
    let withdraw_fields: Vec<Boolean<Fr>> =
        [a_be.clone(), token_be, amount_be, fee_code_be.clone(), be(&l1_address_bits)].concat();
    let swap_fields: Vec<Boolean<Fr>> =
        [a_be, be(&pool.id_bits), vec![pool.a_to_b.clone()], be(&amount_code.code_bits), fee_code_be].concat();
    let width = deposit_fields.len();
    let pick = |fields: &[Boolean<Fr>], j: usize| fields.get(j).cloned().unwrap_or(Boolean::FALSE);
    let mut bits = tag_bits.to_vec();
    for j in 0..width {
        let bit = (pick(&deposit_fields, j) & &is_deposit)
            | &(pick(&transfer_fields, j) & &is_transfer)
            | &(pick(&withdraw_fields, j) & &is_withdraw)
            | &(pick(&swap_fields, j) & &is_swap);
        bits.push(bit);
    }
    let charge_token_bits: Vec<Boolean<Fr>> = token_bits.iter().map(|bit| bit.clone() & &signed).collect();
    Ok(SlotOutput {
        bytes: bits_to_slot_bytes(&bits),
        charge_token_bits,
        charge: FpVar::from(signed) * &fee.value,
        is_deposit,
    })
}

/// circomlibjs's packed key as 256 pubdata bits: the 32 little-endian bytes of
/// `y + 2^255 · [x > (p − 1)/2]`, each byte most significant bit first.
fn packed_key_bits(x: &FpVar<Fr>, y: &FpVar<Fr>) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    // x > (p−1)/2 exactly when 2x, reduced mod p, is odd (2x wraps past p, which is odd).
    let negative = x.double()?.to_bits_le()?[0].clone();
    let mut value_bits = y.to_bits_le()?; // 254 canonical bits
    value_bits.push(Boolean::FALSE);
    value_bits.push(negative);
    Ok(value_bits.chunks(8).flat_map(|byte| byte.iter().rev().cloned().collect::<Vec<_>>()).collect())
}

struct BalanceVar {
    token: FpVar<Fr>,
    before: FpVar<Fr>,
    after: FpVar<Fr>,
    path: SiblingsVar,
}

fn alloc_balance(cs: &ConstraintSystemRef<Fr>, balance: &BalanceValues) -> Result<BalanceVar, SynthesisError> {
    Ok(BalanceVar {
        token: witness(cs, balance.token)?,
        before: witness(cs, balance.before)?,
        after: witness(cs, balance.after)?,
        path: alloc_path(cs, &balance.path)?,
    })
}

impl ConstraintSynthesizer<Fr> for BatchCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let params = self.params;
        let values = &self.values;
        assert_eq!(values.slots.len(), params.slots, "witness slot count");
        let commitment = FpVar::new_input(cs.clone(), || Ok(self.commitment))?;

        let batch_number = witness(&cs, values.number)?;
        let token_root = witness(&cs, values.token_root)?;
        let mut running = Running {
            account_root: witness(&cs, values.account_root)?,
            account_count: witness(&cs, values.account_count)?,
            pool_root: witness(&cs, values.pool_root)?,
        };
        let old_state_root = hash_gadget(&[
            running.account_root.clone(),
            running.pool_root.clone(),
            token_root.clone(),
            running.account_count.clone(),
        ])?;

        let mut slot_bytes = Vec::with_capacity(params.slots);
        let mut charges = Vec::with_capacity(params.slots);
        let mut priority_ops = FpVar::<Fr>::zero();
        for slot in &values.slots {
            let output = slot_gadget(&cs, &params, slot, &mut running)?;
            priority_ops += FpVar::from(output.is_deposit.clone());
            slot_bytes.push(output.bytes);
            charges.push((output.charge_token_bits, output.charge));
        }

        // Fee credit: one balance update per slot on the fee account, then its leaf.
        let credit = &values.fee_credit;
        let fee_leaf = LeafVar {
            x: witness(&cs, credit.leaf.public_key.point().x())?,
            y: witness(&cs, credit.leaf.public_key.point().y())?,
            address: witness(&cs, credit.leaf.l1_address.to_fr())?,
            nonce: witness(&cs, credit.leaf.nonce)?,
            balance_root: witness(&cs, credit.leaf.balance_root)?,
        };
        let mut fee_balance_root = fee_leaf.balance_root.clone();
        for ((token_bits, charge), balance) in charges.iter().zip(&credit.balances) {
            let balance = alloc_balance(&cs, balance)?;
            Boolean::le_bits_to_fp(token_bits)?.enforce_equal(&balance.token)?;
            balance.after.enforce_equal(&(&balance.before + charge))?;
            balance_bits(&balance.after)?;
            fee_balance_root = replace_leaf(
                &fee_balance_root,
                token_bits,
                &balance.path,
                &balance.before,
                &balance.after,
                &Boolean::TRUE,
            )?;
        }
        let fee_id_bits: Vec<Boolean<Fr>> =
            (0..params.account_depth).map(|i| Boolean::constant((params.fee_account >> i) & 1 == 1)).collect();
        let fee_path = alloc_path(&cs, &credit.path)?;
        running.account_root = replace_leaf(
            &running.account_root,
            &fee_id_bits,
            &fee_path,
            &fee_leaf.hash(&fee_leaf.balance_root, &fee_leaf.nonce)?,
            &fee_leaf.hash(&fee_balance_root, &fee_leaf.nonce)?,
            &Boolean::TRUE,
        )?;

        let new_state_root =
            hash_gadget(&[running.account_root, running.pool_root, token_root, running.account_count])?;
        commitment_gadget(&batch_number, &old_state_root, &new_state_root, &priority_ops, &slot_bytes)?
            .enforce_equal(&commitment)?;
        Ok(())
    }
}
