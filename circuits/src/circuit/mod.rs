//! The batch circuit: proves that the new state root follows from the old one by applying
//! exactly the batch's transactions under the rules of [`crate::transition`], and that the
//! published pubdata is theirs. Its only public input is the batch commitment
//! ([`crate::batch::CommitmentInputs::commitment`]).
//!
//! Every general slot has the same shape and can hold any transaction type or Noop; the
//! leading transfer slots of the [`SlotLayout`] hold a transfer or Noop and cost about half as
//! much (see `slot_gadget`). Type flags switch each rule on or off; a rule that is off leaves
//! the running roots unchanged. Each slot mirrors the native checks:
//! - signature (EdDSA-Poseidon over the signing message, key in the prime subgroup),
//! - nonce (the header signs the leaf's nonce; the leaf's nonce increases by one),
//! - balances (112-bit range checks catch insufficient funds and overflow),
//! - Merkle paths of every touched leaf before and after, in the native order,
//! - account creation at exactly `account_count` for deposits to new keys, a deposit's token
//!   in the registry, and the reason of every refunded deposit (refund.rs),
//! - the AMM: swap output, liquidity amounts and shares with the native rounding, slippage
//!   bounds, reserves and LP supply,
//! - the slot's pubdata bits, which feed the SHA-256 commitment.

mod gadgets;
mod pool;
mod refund;
pub mod witness;

use ark_ff::AdditiveGroup;
use ark_r1cs_std::{
    alloc::AllocVar, boolean::Boolean, convert::ToBitsGadget, eq::EqGadget, fields::fp::FpVar, fields::FieldVar,
    select::CondSelectGadget, uint8::UInt8,
};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};

use crate::amount::constraints::{balance_bits, decode_bits};
use crate::amount::{AMOUNT_FORMAT, FEE_FORMAT};
use crate::babyjubjub::constraints::{enforce_valid_key, verify_signature_gadget, PointVar, SignatureVar};
use crate::batch::{fee_credit_entries, SlotKind, SlotLayout};
use crate::commitment_constraints::{bits_to_slot_bytes, commitment_gadget};
use crate::field::Fr;
use crate::merkle::constraints::{replace_leaf, to_bits_le, SiblingsVar};
use crate::merkle::{empty_hash, MerkleProof};
use crate::packing::constraints::{pack_gadget, PartVar};
use crate::packing::{
    FieldRef, ACCOUNT_WORD, ADD_LIQUIDITY_BODY, REMOVE_LIQUIDITY_BODY, REMOVE_LIQUIDITY_BOUNDS, SIGNING_HEADER,
    SWAP_BODY, TRANSFER_BODY, WITHDRAW_BODY,
};
use crate::poseidon::constraints::hash_gadget;
use crate::state::{AccountId, BALANCE_DEPTH, POOL_DEPTH, TOKEN_ID_BITS};
use crate::tx::TxType;
use gadgets::{be, enforce_equal, enforce_equal_if, enforce_nonzero, witness};
use pool::{alloc_bounds, fixed_pool_fields, pool_gadget, PoolAmounts};
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
    /// Leading slots that hold only transfers ([`SlotLayout`]); 0: every slot is general (and
    /// the field is left out of the serialised form, which keeps earlier key files and fixtures).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub transfer_slots: usize,
}

fn is_zero(value: &usize) -> bool {
    *value == 0
}

impl CircuitParams {
    /// The batch's slot layout.
    pub fn layout(&self) -> SlotLayout {
        SlotLayout { slots: self.slots, transfer_slots: self.transfer_slots }
    }
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
        if batch.layout() != params.layout() {
            return Err(witness::WitnessError::Shape(format!(
                "the batch's slots are {:?}, the circuit's {:?}",
                batch.layout(),
                params.layout()
            )));
        }
        let values = BatchValues::from_sealed(batch, params.account_depth)?;
        Ok(Self { params, values, commitment: batch.commitment() })
    }
}

/// The four Poseidon inputs of an account or pool leaf.
type LeafPreimage = [FpVar<Fr>; 4];

/// An account leaf's fields as variables. `word` is the packed `nonce + 2^32·l1_address`
/// ([`ACCOUNT_WORD`]): the signer's leaf reads its parts ([`WordParts`]); every other leaf
/// (a recipient's, the fee account's) only hashes it whole and never reads a part, so no
/// re-split of it can change anything the slot does.
struct LeafVar {
    x: FpVar<Fr>,
    y: FpVar<Fr>,
    balance_root: FpVar<Fr>,
    word: FpVar<Fr>,
}

impl LeafVar {
    fn hash(&self, balance_root: &FpVar<Fr>, word: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
        hash_gadget(&self.preimage(balance_root, word))
    }

    /// The leaf's Poseidon inputs with this balance root and word.
    fn preimage(&self, balance_root: &FpVar<Fr>, word: &FpVar<Fr>) -> LeafPreimage {
        [self.x.clone(), self.y.clone(), balance_root.clone(), word.clone()]
    }
}

/// The signer's nonce and owner: the parts of its leaf's word, each range-checked.
struct WordParts {
    nonce: PartVar,
    address: PartVar,
}

/// An account id: 24 bits (the signing header's and pubdata's width), of which the first
/// `depth` index the tree and the rest are zero.
fn account_index_bits(id: &PartVar, depth: u32) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    for bit in &id.bits[depth as usize..] {
        bit.enforce_equal(&Boolean::FALSE)?;
    }
    Ok(id.bits.clone())
}

/// A leaf that the slot only hashes: its word is one opaque witness.
fn alloc_leaf(cs: &ConstraintSystemRef<Fr>, account: &AccountValues) -> Result<LeafVar, SynthesisError> {
    Ok(LeafVar {
        x: witness(cs, account.public_key.x())?,
        y: witness(cs, account.public_key.y())?,
        balance_root: witness(cs, account.balance_root)?,
        word: witness(cs, crate::state::account_word(account.nonce, account.l1_address))?,
    })
}

/// The signer's (or credited) leaf, whose nonce and owner the slot reads.
fn alloc_signer_leaf(
    cs: &ConstraintSystemRef<Fr>,
    account: &AccountValues,
) -> Result<(LeafVar, WordParts), SynthesisError> {
    let nonce =
        PartVar::witness(cs, Fr::from(account.nonce), &[ACCOUNT_WORD.field("nonce"), SIGNING_HEADER.field("nonce")])?;
    let address = PartVar::witness(cs, account.l1_address.to_fr(), &[ACCOUNT_WORD.field("l1_address")])?;
    let leaf = LeafVar {
        x: witness(cs, account.public_key.x())?,
        y: witness(cs, account.public_key.y())?,
        balance_root: witness(cs, account.balance_root)?,
        word: pack_gadget(&ACCOUNT_WORD, &[&nonce, &address]),
    };
    Ok((leaf, WordParts { nonce, address }))
}

fn alloc_path(cs: &ConstraintSystemRef<Fr>, path: &MerkleProof) -> Result<SiblingsVar, SynthesisError> {
    SiblingsVar::new_witness(cs.clone(), path)
}

/// The state threaded from slot to slot, and the batch's number (which the commitment binds).
struct Running {
    account_root: FpVar<Fr>,
    account_count: FpVar<Fr>,
    pool_root: FpVar<Fr>,
    batch_number: FpVar<Fr>,
    /// The token registry's root (no slot changes it).
    token_root: FpVar<Fr>,
}

/// A slot's type flags and the combinations the rules switch on.
struct TypeFlags {
    deposit: Boolean<Fr>,
    transfer: Boolean<Fr>,
    withdraw: Boolean<Fr>,
    swap: Boolean<Fr>,
    add: Boolean<Fr>,
    remove: Boolean<Fr>,
    /// Add or remove liquidity.
    liquidity: Boolean<Fr>,
    /// Swap or liquidity: the slot replaces a pool leaf.
    pool_op: Boolean<Fr>,
}

/// How a slot moves account A's three balances: `balance += moved` (the fee comes on top,
/// from the first balance). A pool moves by the opposite of what the account moves: what the
/// account pays in, the pool receives.
struct Movements {
    /// `±amount` on the first balance (the fee token).
    first: FpVar<Fr>,
    /// `±amount_b` on the second balance (a pool operation's other token).
    second: FpVar<Fr>,
    /// `±lp_amount` on the third balance (the LP token).
    lp: FpVar<Fr>,
}

/// A leaf's preimage before and after a slot.
struct LeafChange {
    before: LeafPreimage,
    after: LeafPreimage,
}

/// The slot's second tree update: the transfer recipient's leaf in the account tree, or a pool
/// operation's leaf in the pool tree. No type does both, so one path serves the two, and the
/// type flags select its leaf, its index bits and the root it checks and replaces.
/// The siblings run to the deeper of the two trees: the account root is the node
/// `account_depth` levels up and the pool root the node `POOL_DEPTH` levels up (the levels
/// above the shallower tree's root are hashed and ignored). The witness holds the recipient's
/// or the pool's siblings, by type, padded with zeros.
fn recipient_or_pool_update(
    cs: &ConstraintSystemRef<Fr>,
    params: &CircuitParams,
    slot: &SlotValues,
    running: &mut Running,
    flags: &TypeFlags,
    recipient: (&LeafChange, &[Boolean<Fr>]),
    pool: (&LeafChange, &[Boolean<Fr>]),
) -> Result<(), SynthesisError> {
    let (account_depth, pool_depth) = (params.account_depth as usize, POOL_DEPTH as usize);
    let levels = account_depth.max(pool_depth);
    let (recipient_leaf, recipient_bits) = recipient;
    let (pool_leaf, pool_bits) = pool;
    let pick = |pool: &LeafPreimage, recipient: &LeafPreimage| -> Result<Vec<FpVar<Fr>>, SynthesisError> {
        pool.iter().zip(recipient).map(|(p, r)| FpVar::conditionally_select(&flags.pool_op, p, r)).collect()
    };
    let leaf_before = hash_gadget(&pick(&pool_leaf.before, &recipient_leaf.before)?)?;
    let leaf_after = hash_gadget(&pick(&pool_leaf.after, &recipient_leaf.after)?)?;
    let index_bits: Vec<Boolean<Fr>> = (0..levels)
        .map(|level| match (level < pool_depth, level < account_depth) {
            (true, true) => Boolean::conditionally_select(&flags.pool_op, &pool_bits[level], &recipient_bits[level]),
            (true, false) => Ok(pool_bits[level].clone()),
            (false, _) => Ok(recipient_bits[level].clone()),
        })
        .collect::<Result<_, _>>()?;
    let pool_operation = matches!(slot.tx_type, TxType::Swap | TxType::AddLiquidity | TxType::RemoveLiquidity);
    let proof = if pool_operation { &slot.pool.path } else { &slot.account_b.path };
    let siblings = (0..levels)
        .map(|level| witness(cs, proof.siblings.get(level).copied().unwrap_or(Fr::ZERO)))
        .collect::<Result<_, _>>()?;
    let path = SiblingsVar(siblings);
    let before = path.nodes_for(&leaf_before, &index_bits)?;
    let after = path.nodes_for(&leaf_after, &index_bits)?;
    enforce_equal_if(&before[account_depth], &running.account_root, &flags.transfer)?;
    running.account_root = FpVar::conditionally_select(&flags.transfer, &after[account_depth], &running.account_root)?;
    enforce_equal_if(&before[pool_depth], &running.pool_root, &flags.pool_op)?;
    running.pool_root = FpVar::conditionally_select(&flags.pool_op, &after[pool_depth], &running.pool_root)?;
    Ok(())
}

/// What a slot hands to the batch: its pubdata bytes and its fee charge.
struct SlotOutput {
    bytes: Vec<UInt8<Fr>>,
    charge_token: FpVar<Fr>,
    charge: FpVar<Fr>,
    /// A deposit, credited or refunded: it consumes one priority operation.
    is_priority_op: Boolean<Fr>,
}

/// One balance: `after = before + moved − charge`, in range, replaced in the balance tree
/// when `enabled`. Returns the new balance root.
fn update_balance(
    balance_root: &FpVar<Fr>,
    balance: &BalanceVar,
    token_bits: &[Boolean<Fr>],
    moved: &FpVar<Fr>,
    charge: Option<&FpVar<Fr>>,
    enabled: &Boolean<Fr>,
) -> Result<FpVar<Fr>, SynthesisError> {
    // In range before the charge too: a liquidity removal credits token_a and then charges
    // the fee, and the credit alone must not overflow (transition.rs checks it first).
    let before_charge = &balance.before + moved;
    let after = match charge {
        Some(charge) => {
            balance_bits(&before_charge)?;
            before_charge - charge
        }
        None => before_charge,
    };
    enforce_equal(&balance.after, &after)?;
    balance_bits(&balance.after)?;
    replace_leaf(balance_root, token_bits, &balance.path, &balance.before, &balance.after, enabled)
}

/// How a slot allocates a field: as a witness, or (a field that its slot kind never uses) as
/// a constant fixed at set-up, so that every constraint on it folds away at synthesis.
#[derive(Clone)]
struct Alloc {
    cs: ConstraintSystemRef<Fr>,
    fixed: bool,
}

impl Alloc {
    fn fp(&self, value: impl Into<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
        if self.fixed {
            Ok(FpVar::constant(value.into()))
        } else {
            witness(&self.cs, value)
        }
    }

    /// A packed part feeding `feeds`, range-checked to their width (a constant: checked at
    /// synthesis, for free).
    fn part(&self, value: Fr, feeds: &[FieldRef]) -> Result<PartVar, SynthesisError> {
        if self.fixed {
            PartVar::constant(value, feeds)
        } else {
            PartVar::witness(&self.cs, value, feeds)
        }
    }

    fn boolean(&self, value: bool) -> Result<Boolean<Fr>, SynthesisError> {
        if self.fixed {
            Ok(Boolean::constant(value))
        } else {
            Boolean::new_witness(self.cs.clone(), || Ok(value))
        }
    }

    fn path(&self, path: &MerkleProof) -> Result<SiblingsVar, SynthesisError> {
        if self.fixed {
            Ok(SiblingsVar(path.siblings.iter().map(|sibling| FpVar::constant(*sibling)).collect()))
        } else {
            SiblingsVar::new_witness(self.cs.clone(), path)
        }
    }

    fn balance(&self, balance: &BalanceValues) -> Result<BalanceVar, SynthesisError> {
        Ok(BalanceVar {
            token: self.fp(balance.token)?,
            before: self.fp(balance.before)?,
            after: self.fp(balance.after)?,
            path: self.path(&balance.path)?,
        })
    }
}

/// One slot of `kind`. A transfer slot is the general slot with the other types switched off
/// at set-up: their flags are the constant false and the fields only they use are constants
/// (the blank slot's values), so their rules, paths and pubdata fold away and only the
/// transfer's own constraints remain.
fn slot_gadget(
    cs: &ConstraintSystemRef<Fr>,
    params: &CircuitParams,
    kind: SlotKind,
    slot: &SlotValues,
    running: &mut Running,
) -> Result<SlotOutput, SynthesisError> {
    let general = kind == SlotKind::General;
    let blank;
    // `other` holds the fields that only the types a transfer slot cannot hold use.
    let other = if general {
        slot
    } else {
        blank = SlotValues::blank(params.account_depth);
        &blank
    };
    let other_alloc = Alloc { cs: cs.clone(), fixed: !general };
    let flag = |t: TxType| match kind.holds(t) {
        true => Boolean::new_witness(cs.clone(), || Ok(slot.tx_type == t)),
        false => Ok(Boolean::FALSE),
    };
    let is_noop = flag(TxType::Noop)?;
    let (deposit, transfer, withdraw) = (flag(TxType::Deposit)?, flag(TxType::Transfer)?, flag(TxType::Withdraw)?);
    let (swap, add, remove) = (flag(TxType::Swap)?, flag(TxType::AddLiquidity)?, flag(TxType::RemoveLiquidity)?);
    let refund = flag(TxType::DepositRefund)?;
    let by_type = [&is_noop, &deposit, &transfer, &withdraw, &swap, &add, &remove, &refund];
    // Exactly one type; the tag is the type's number.
    enforce_equal(&by_type.iter().map(|f| FpVar::from((*f).clone())).sum::<FpVar<Fr>>(), &FpVar::one())?;
    let tag: FpVar<Fr> =
        TxType::ALL.iter().zip(by_type).map(|(tx_type, f)| FpVar::from(f.clone()) * Fr::from(*tx_type as u64)).sum();
    let liquidity = add.clone() | &remove;
    let pool_op = swap.clone() | &liquidity;
    let flags = TypeFlags { deposit, transfer, withdraw, swap, add, remove, liquidity, pool_op };
    let f = |b: &Boolean<Fr>| FpVar::from(b.clone());
    let signed = flags.transfer.clone() | &flags.withdraw | &flags.pool_op;
    let coded_amount = flags.transfer.clone() | &flags.swap | &flags.add;
    // A refund, like a Noop, changes no state.
    let active = !(is_noop.clone() | &refund);

    // ---- Fields. Each part of a signed word is range-checked to its width where it is
    // allocated (packing.rs), and the same checked variable feeds every rule that reads it.
    let token_part =
        PartVar::witness(cs, Fr::from(slot.token), &[TRANSFER_BODY.field("token"), WITHDRAW_BODY.field("token")])?;
    let (token, token_bits) = (token_part.value.clone(), token_part.bits.clone());
    let amount_part = PartVar::witness(cs, Fr::from(slot.amount), &[WITHDRAW_BODY.field("amount")])?;
    let (amount, amount_bits) = (amount_part.value.clone(), amount_part.bits.clone());
    // Every amount is positive, a refund's too, except what a liquidity removal pays out (its
    // LP amount is).
    enforce_nonzero(&amount, &(!is_noop.clone() & !flags.remove.clone()))?;
    let amount_code_feeds = [
        TRANSFER_BODY.field("amount_code"),
        SWAP_BODY.field("amount_in_code"),
        ADD_LIQUIDITY_BODY.field("amount_a_code"),
    ];
    let amount_code = PartVar::witness(cs, Fr::from(slot.amount_code), &amount_code_feeds)?;
    enforce_equal_if(&decode_bits(&amount_code.bits, AMOUNT_FORMAT)?, &amount, &coded_amount)?;
    let amount_b = other_alloc.fp(other.amount_b)?;
    balance_bits(&amount_b)?;
    let lp_part = other_alloc.part(Fr::from(other.lp_amount), &[REMOVE_LIQUIDITY_BODY.field("lp_amount")])?;
    let (lp_amount, lp_bits) = (lp_part.value.clone(), lp_part.bits.clone());
    enforce_nonzero(&lp_amount, &flags.liquidity)?;
    let fee_code = PartVar::witness(cs, Fr::from(slot.fee_code), &[SIGNING_HEADER.field("fee_code")])?;
    let fee = decode_bits(&fee_code.bits, FEE_FORMAT)?;
    let bounds = alloc_bounds(&other_alloc, other)?;
    let l1_address = other_alloc.fp(other.l1_address.to_fr())?;
    let l1_address_bits = to_bits_le(&l1_address, 160)?;
    // Deposits, refunds and withdrawals move L1 tokens only: ids below 512.
    (token_bits[TOKEN_ID_BITS as usize - 1].clone() & (flags.deposit.clone() | &flags.withdraw | &refund))
        .enforce_equal(&Boolean::FALSE)?;
    let refund_fields = refund::deposit_rules(
        cs,
        &other_alloc,
        other,
        (&flags.deposit, &refund),
        &token_bits,
        &running.token_root,
        &running.account_count,
        params.account_depth,
    )?;

    // ---- How the slot moves A's balances (and, the other way, the pool's).
    let first_sign =
        f(&flags.deposit) + f(&flags.remove) - f(&flags.transfer) - f(&flags.withdraw) - f(&flags.swap) - f(&flags.add);
    let moved = Movements {
        first: first_sign * &amount,
        second: (f(&flags.swap) + f(&flags.remove) - f(&flags.add)) * &amount_b,
        lp: (f(&flags.add) - f(&flags.remove)) * &lp_amount,
    };

    // ---- Account A: signer, or the credited account of a deposit.
    let a = &slot.account_a;
    let a_id = PartVar::witness(cs, Fr::from(a.id), &[SIGNING_HEADER.field("account")])?;
    let a_bits = account_index_bits(&a_id, params.account_depth)?;
    let (a_leaf, a_word) = alloc_signer_leaf(cs, a)?;
    let created = other_alloc.boolean(other.account_a.created)?;
    (created.clone() & !flags.deposit.clone()).enforce_equal(&Boolean::FALSE)?;
    let charge = f(&signed) * &fee;
    let a_balance = alloc_balance(cs, &a.balance)?;
    enforce_equal(&a_balance.token, &token)?;
    let a_balance_root =
        update_balance(&a_leaf.balance_root, &a_balance, &token_bits, &moved.first, Some(&charge), &active)?;
    let a_balance2 = other_alloc.balance(&other.account_a.balance2)?;
    let a_balance2_bits = to_bits_le(&a_balance2.token, TOKEN_ID_BITS as usize)?;
    let a_balance_root =
        update_balance(&a_balance_root, &a_balance2, &a_balance2_bits, &moved.second, None, &flags.pool_op)?;
    let amounts = PoolAmounts { amount: &amount, amount_b: &amount_b, lp_amount: &lp_amount };
    let pool = match kind {
        SlotKind::General => pool_gadget(cs, slot, &flags, &moved, (&token, &a_balance2.token), amounts, &bounds)?,
        SlotKind::Transfer => fixed_pool_fields(cs, other)?,
    };
    // ---- The shared balance: a liquidity operation's LP token in A's balance tree, or a
    // transfer's token in B's. No type uses both, so one balance path serves the two (its
    // root, movement and outputs are selected by type; elsewhere it is disabled).
    let b = &slot.account_b;
    let b_leaf = alloc_leaf(cs, b)?;
    let shared_values = if slot.tx_type == TxType::Transfer { &b.balance } else { &a.balance3 };
    let shared = alloc_balance(cs, shared_values)?;
    let lp_token = &pool.id.value + FpVar::constant(Fr::from(crate::state::LP_TOKEN_BASE));
    enforce_equal_if(&shared.token, &lp_token, &flags.liquidity)?;
    enforce_equal_if(&shared.token, &token, &flags.transfer)?;
    let shared_root_before = FpVar::conditionally_select(&flags.transfer, &b_leaf.balance_root, &a_balance_root)?;
    let shared_root_after = update_balance(
        &shared_root_before,
        &shared,
        &to_bits_le(&shared.token, TOKEN_ID_BITS as usize)?,
        &(&moved.lp + f(&flags.transfer) * &amount),
        None,
        &(flags.liquidity.clone() | &flags.transfer),
    )?;
    let a_balance_root = FpVar::conditionally_select(&flags.liquidity, &shared_root_after, &a_balance_root)?;
    let b_balance_root = FpVar::conditionally_select(&flags.transfer, &shared_root_after, &b_leaf.balance_root)?;
    // The next nonce fits 32 bits too: an account at nonce 2^32 − 1 can sign nothing more
    // (transition.rs NonceExhausted).
    let a_nonce_after = PartVar::checked(&a_word.nonce.value + f(&signed), &[ACCOUNT_WORD.field("nonce")])?;
    let a_word_after = pack_gadget(&ACCOUNT_WORD, &[&a_nonce_after, &a_word.address]);
    let a_leaf_before =
        FpVar::conditionally_select(&created, &FpVar::zero(), &a_leaf.hash(&a_leaf.balance_root, &a_leaf.word)?)?;
    let a_leaf_after = a_leaf.hash(&a_balance_root, &a_word_after)?;
    let a_path = alloc_path(cs, &a.path)?;
    running.account_root = replace_leaf(
        &running.account_root,
        &a_bits[..params.account_depth as usize],
        &a_path,
        &a_leaf_before,
        &a_leaf_after,
        &active,
    )?;

    // Deposits: the key must be the deposit's, and a valid one: on the curve (so its packed
    // form, y and the sign of x, pins x down), in the prime-order subgroup and not the
    // identity, so no deposit is ever credited to a key that cannot sign. A new account takes
    // the next id, starts with nonce 0, an empty balance tree and the depositor as owner.
    let deposit_x = other_alloc.fp(other.deposit_key.x())?;
    let deposit_y = other_alloc.fp(other.deposit_key.y())?;
    enforce_valid_key(&flags.deposit, &PointVar { x: deposit_x.clone(), y: deposit_y.clone() })?;
    enforce_equal_if(&a_leaf.x, &deposit_x, &flags.deposit)?;
    enforce_equal_if(&a_leaf.y, &deposit_y, &flags.deposit)?;
    enforce_equal_if(&a_id.value, &running.account_count, &created)?;
    enforce_equal_if(&a_word.nonce.value, &FpVar::zero(), &created)?;
    enforce_equal_if(&a_leaf.balance_root, &FpVar::constant(empty_hash(BALANCE_DEPTH)), &created)?;
    enforce_equal_if(&a_word.address.value, &l1_address, &created)?;
    running.account_count = &running.account_count + f(&created);

    // ---- Account B: the transfer's recipient (its balance moved by the shared path above).
    let b_id = PartVar::witness(cs, Fr::from(b.id), &[TRANSFER_BODY.field("to")])?;
    let b_bits = account_index_bits(&b_id, params.account_depth)?;
    enforce_nonzero(&(&a_id.value - &b_id.value), &flags.transfer)?;
    let b_leaf_change = LeafChange {
        before: b_leaf.preimage(&b_leaf.balance_root, &b_leaf.word),
        after: b_leaf.preimage(&b_balance_root, &b_leaf.word),
    };
    recipient_or_pool_update(
        cs,
        params,
        slot,
        running,
        &flags,
        (&b_leaf_change, &b_bits),
        (&pool.leaf, &pool.id.bits),
    )?;

    // ---- Signature over the signing message (tx.rs), by A's key, with A's current nonce.
    // Every word is packed from range-checked parts (packing.rs); the type tag is a sum of
    // one-hot flags times type numbers (0..=6), so it fits 3 bits by construction.
    let tag = PartVar::derived(tag, 3, &[SIGNING_HEADER.field("type")]);
    let chain_id = PartVar::constant(Fr::from(params.chain_id), &[SIGNING_HEADER.field("chain_id")])?;
    let valid_until = PartVar::witness(cs, Fr::from(slot.valid_until), &[SIGNING_HEADER.field("valid_until")])?;
    // Expiry: a signed transaction is in a batch no later than it allows. valid_until − batch
    // is below 2^32 when it holds; a batch past it leaves a field element near p.
    to_bits_le(&(f(&signed) * (&valid_until.value - &running.batch_number)), 32)?;
    let header = pack_gadget(&SIGNING_HEADER, &[&tag, &chain_id, &a_id, &a_word.nonce, &fee_code, &valid_until]);
    let transfer_body = pack_gadget(&TRANSFER_BODY, &[&b_id, &token_part, &amount_code]);
    let withdraw_body = pack_gadget(&WITHDRAW_BODY, &[&token_part, &amount_part]);
    let swap_body = pack_gadget(&SWAP_BODY, &[&pool.id, &pool.a_to_b, &amount_code]);
    let add_body = pack_gadget(&ADD_LIQUIDITY_BODY, &[&pool.id, &amount_code, &bounds.max_amount_b_code]);
    let remove_body = pack_gadget(&REMOVE_LIQUIDITY_BODY, &[&pool.id, &lp_part]);
    let body0 = f(&flags.transfer) * transfer_body
        + f(&flags.withdraw) * withdraw_body
        + f(&flags.swap) * swap_body
        + f(&flags.add) * add_body
        + f(&flags.remove) * remove_body;
    let min_amounts = pack_gadget(&REMOVE_LIQUIDITY_BOUNDS, &[&bounds.min_amount_a, &bounds.min_amount_b]);
    let body1 = f(&flags.withdraw) * &l1_address
        + f(&flags.swap) * &bounds.min_amount_b.value
        + f(&flags.add) * &bounds.min_lp
        + f(&flags.remove) * min_amounts;
    let message = hash_gadget(&[header, body0, body1])?;
    let public_key = PointVar { x: a_leaf.x.clone(), y: a_leaf.y.clone() };
    let signature = SignatureVar::new_witness(cs.clone(), slot.r8, slot.s)?;
    verify_signature_gadget(&signed, &public_key, &message, &signature)?;

    // ---- Pubdata bits (pubdata.rs), most significant bit first, per type.
    // The 3-bit tag, most significant bit first: 4 (pool operations), 2 (transfer, withdraw,
    // remove liquidity), 1 (deposit, withdraw, add liquidity).
    let tag_bits = [
        flags.pool_op.clone() | &refund,
        flags.transfer.clone() | &flags.withdraw | &flags.remove | &refund,
        flags.deposit.clone() | &flags.withdraw | &flags.add | &refund,
    ];
    let a_be = be(&a_bits);
    let token_be = be(&token_bits);
    let amount_be = be(&amount_bits);
    let amount_code_be = be(&amount_code.bits);
    let fee_code_be = be(&fee_code.bits);
    let pool_be = be(&pool.id.bits);
    let deposit_fields: Vec<Boolean<Fr>> = [
        a_be.clone(),
        token_be.clone(),
        amount_be.clone(),
        packed_key_bits(&deposit_x, &deposit_y)?,
        be(&l1_address_bits),
    ]
    .concat();
    let transfer_fields: Vec<Boolean<Fr>> =
        [a_be.clone(), be(&b_bits), token_be.clone(), amount_code_be.clone(), fee_code_be.clone()].concat();
    let withdraw_fields: Vec<Boolean<Fr>> =
        [a_be.clone(), token_be.clone(), amount_be.clone(), fee_code_be.clone(), be(&l1_address_bits)].concat();
    let swap_fields: Vec<Boolean<Fr>> =
        [a_be.clone(), pool_be.clone(), pool.a_to_b.bits.clone(), amount_code_be.clone(), fee_code_be.clone()].concat();
    let add_fields: Vec<Boolean<Fr>> =
        [a_be.clone(), pool_be.clone(), amount_code_be, be(&bounds.max_amount_b_code.bits), fee_code_be.clone()]
            .concat();
    let remove_fields: Vec<Boolean<Fr>> = [a_be, pool_be, be(&lp_bits), fee_code_be].concat();
    let refund_fields: Vec<Boolean<Fr>> =
        [refund_fields.reason_be, token_be.clone(), amount_be.clone(), refund_fields.key_be, be(&l1_address_bits)]
            .concat();
    let by_fields = [
        (&deposit_fields, &flags.deposit),
        (&transfer_fields, &flags.transfer),
        (&withdraw_fields, &flags.withdraw),
        (&swap_fields, &flags.swap),
        (&add_fields, &flags.add),
        (&remove_fields, &flags.remove),
        (&refund_fields, &refund),
    ];
    let width = by_fields.iter().map(|(fields, _)| fields.len()).max().unwrap_or(0);
    let mut bits = tag_bits.to_vec();
    for j in 0..width {
        let bit = by_fields
            .iter()
            .filter_map(|(fields, on)| fields.get(j).map(|bit| bit.clone() & *on))
            .fold(Boolean::FALSE, |acc, bit| acc | &bit);
        bits.push(bit);
    }
    // The fee is paid in `token` (a swap's input, a liquidity operation's token_a); unsigned
    // slots charge nothing, so their token goes nowhere.
    let is_priority_op = flags.deposit.clone() | &refund;
    Ok(SlotOutput { bytes: bits_to_slot_bytes(&bits, kind), charge_token: token, charge, is_priority_op })
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
    Alloc { cs: cs.clone(), fixed: false }.balance(balance)
}

/// Builds constraints with `synthesize` on a fresh constraint system and returns the name of
/// the first one its witness violates, or `None` when every constraint holds. Both run on a
/// one-thread rayon pool.
///
/// Why the pool: ark-groth16 turns on `ark-poly/parallel` for every crate that shares its
/// build, and then arkworks evaluates each constraint's two- or three-term polynomial with a
/// rayon `par_iter`. Called from a thread outside any pool, every constraint waits on a latch
/// for a pool thread: a workspace build checked the differential test's batches 14x slower,
/// in `futex` and `sched_yield`. On a one-thread pool those iterators run inline. (The
/// constraint system is not `Send`, so it is created on the pool's thread.)
///
/// Panics when synthesis or the check fails (a programming error, such as a missing witness).
pub fn first_unsatisfied(synthesize: impl FnOnce(&ConstraintSystemRef<Fr>) + Send) -> Option<String> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a one-thread rayon pool");
    pool.install(|| {
        let cs = ark_relations::gr1cs::ConstraintSystem::<Fr>::new_ref();
        synthesize(&cs);
        cs.which_is_unsatisfied().expect("satisfiability check")
    })
}

impl ConstraintSynthesizer<Fr> for BatchCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let commitment = FpVar::new_input(cs.clone(), || Ok(self.commitment))?;
        enforce_equal(&self.synthesize(&cs)?, &commitment)
    }
}

impl BatchCircuit {
    /// Whether the first slot's constraints hold on their own, with the slot's outcome (new
    /// roots, pubdata, fee) left free: a dishonest operator publishes whatever outcome its
    /// witness leads to, so only the slot's rules can reject a lie about one operation.
    /// Soundness tests tamper with a slot's witness, keeping it otherwise consistent.
    #[cfg(any(test, feature = "test-utils"))]
    pub fn first_slot_satisfied(&self) -> bool {
        first_unsatisfied(|cs| self.synthesize_first_slot(cs)).is_none()
    }

    /// The constraints of [`BatchCircuit::first_slot_satisfied`], on `cs`.
    #[cfg(any(test, feature = "test-utils"))]
    pub fn synthesize_first_slot(&self, cs: &ConstraintSystemRef<Fr>) {
        let values = &self.values;
        let mut running = Running {
            account_root: witness(cs, values.account_root).expect("allocation"),
            account_count: witness(cs, values.account_count).expect("allocation"),
            pool_root: witness(cs, values.pool_root).expect("allocation"),
            batch_number: witness(cs, values.number).expect("allocation"),
            token_root: witness(cs, values.token_root).expect("allocation"),
        };
        slot_gadget(cs, &self.params, self.params.layout().kind(0), &values.slots[0], &mut running).expect("synthesis");
    }

    /// Every rule of every slot; returns the commitment computed from the witness.
    fn synthesize(&self, cs: &ConstraintSystemRef<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
        let cs = cs.clone();
        let params = self.params;
        let values = &self.values;
        assert_eq!(values.slots.len(), params.slots, "witness slot count");

        let batch_number = witness(&cs, values.number)?;
        let token_root = witness(&cs, values.token_root)?;
        let mut running = Running {
            account_root: witness(&cs, values.account_root)?,
            account_count: witness(&cs, values.account_count)?,
            pool_root: witness(&cs, values.pool_root)?,
            batch_number: batch_number.clone(),
            token_root: token_root.clone(),
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
        let layout = params.layout();
        for (index, slot) in values.slots.iter().enumerate() {
            let output = slot_gadget(&cs, &params, layout.kind(index), slot, &mut running)?;
            priority_ops += FpVar::from(output.is_priority_op.clone());
            slot_bytes.push(output.bytes);
            charges.push((output.charge_token, output.charge));
        }

        // Fee credit: the batch's fees summed per token into a few entries (batch.rs), each one
        // balance update on the fee account, then the fee account's leaf. Every slot's fee goes
        // to exactly one used entry of its own token, so no fee is lost, moved to another token
        // or counted twice (two used entries of one token would take a fee twice and fail).
        let credit = &values.fee_credit;
        assert_eq!(credit.balances.len(), fee_credit_entries(params.slots), "witness fee-credit entries");
        let entries = credit
            .balances
            .iter()
            .zip(&credit.used)
            .map(|(balance, used)| Ok((alloc_balance(&cs, balance)?, Boolean::new_witness(cs.clone(), || Ok(*used))?)))
            .collect::<Result<Vec<_>, SynthesisError>>()?;
        let mut credited = vec![FpVar::<Fr>::zero(); entries.len()];
        for (token, charge) in &charges {
            let mut destinations = FpVar::<Fr>::zero();
            for ((entry, used), credited) in entries.iter().zip(&mut credited) {
                let goes_here = FpVar::from(token.is_eq(&entry.token)? & used);
                *credited += &goes_here * charge;
                destinations += goes_here;
            }
            enforce_equal(&(charge * (FpVar::one() - destinations)), &FpVar::zero())?;
        }
        let fee_leaf = LeafVar {
            x: witness(&cs, credit.leaf.public_key.point().x())?,
            y: witness(&cs, credit.leaf.public_key.point().y())?,
            word: witness(&cs, credit.leaf.nonce_and_address())?,
            balance_root: witness(&cs, credit.leaf.balance_root)?,
        };
        let mut fee_balance_root = fee_leaf.balance_root.clone();
        for ((entry, _), credited) in entries.iter().zip(&credited) {
            enforce_equal(&entry.after, &(&entry.before + credited))?;
            balance_bits(&entry.after)?;
            fee_balance_root = replace_leaf(
                &fee_balance_root,
                &to_bits_le(&entry.token, TOKEN_ID_BITS as usize)?,
                &entry.path,
                &entry.before,
                &entry.after,
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
            &fee_leaf.hash(&fee_leaf.balance_root, &fee_leaf.word)?,
            &fee_leaf.hash(&fee_balance_root, &fee_leaf.word)?,
            &Boolean::TRUE,
        )?;

        let new_state_root =
            hash_gadget(&[running.account_root, running.pool_root, token_root, running.account_count])?;
        commitment_gadget(&batch_number, &old_state_root, &new_state_root, &priority_ops, &slot_bytes)
    }
}
