//! Transactions: their JSON form (the API's), their canonical signing message, and who signs.
//!
//! Every signed transaction's message is `Poseidon(header, body0, body1)` (arity 3) with
//! ```text
//! header = type + 2^8 * chain_id + 2^40 * account + 2^72 * nonce + 2^104 * fee_code
//!          + 2^128 * valid_until
//! ```
//! and a per-type body (see [`Tx::signing_message`] and docs/protocol.md). Every packed word's
//! layout is declared in [`crate::packing`], which refuses a part wider than its field. Amounts are signed
//! as pubdata carries them: float codes ([`AMOUNT_FORMAT`], [`FEE_FORMAT`]) for transfers,
//! swaps and liquidity additions, exact 112-bit integers for withdrawals and liquidity
//! removals; slippage bounds are signed as exact integers.

use serde::{Deserialize, Serialize};

use crate::amount::{serde_u128, AmountError, AMOUNT_FORMAT, BALANCE_BITS, FEE_FORMAT, MAX_BALANCE};
use crate::babyjubjub::{Signature, SignatureError};
use crate::field::Fr;
use crate::key_defect::PackedKey;
use crate::packing::{
    ADD_LIQUIDITY_BODY, REMOVE_LIQUIDITY_BODY, REMOVE_LIQUIDITY_BOUNDS, SIGNING_HEADER, SWAP_BODY, TRANSFER_BODY,
    WITHDRAW_BODY,
};
use crate::poseidon;
use crate::state::{AccountId, L1Address, PoolId, TokenId};

/// The 3-bit type tag used in signing messages and pubdata.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum TxType {
    /// Padding.
    Noop = 0,
    /// L1 deposit (priority operation).
    Deposit = 1,
    /// L2 transfer.
    Transfer = 2,
    /// Withdrawal to L1.
    Withdraw = 3,
    /// AMM swap.
    Swap = 4,
    /// Add liquidity to a pool.
    AddLiquidity = 5,
    /// Remove liquidity from a pool.
    RemoveLiquidity = 6,
    /// A deposit L2 could not credit, refunded on L1: a slot and pubdata type, not a
    /// transaction of its own (it is the outcome of a [`Tx::Deposit`]).
    DepositRefund = 7,
}

impl TxType {
    /// Every type, by tag.
    pub const ALL: [TxType; 8] = [
        TxType::Noop,
        TxType::Deposit,
        TxType::Transfer,
        TxType::Withdraw,
        TxType::Swap,
        TxType::AddLiquidity,
        TxType::RemoveLiquidity,
        TxType::DepositRefund,
    ];

    /// The type with tag `tag`.
    pub fn from_tag(tag: u8) -> Option<Self> {
        Self::ALL.get(tag as usize).copied()
    }
}

/// A 64-byte packed EdDSA signature (`packPoint(R8) || LE32(S)`), kept as bytes so that a
/// malformed signature is reported as a bad signature, not as malformed JSON.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SignatureBytes(pub [u8; 64]);

impl SignatureBytes {
    /// Decodes the signature strictly.
    pub fn decode(&self) -> Result<Signature, SignatureError> {
        Signature::unpack(&self.0)
    }
}

impl From<Signature> for SignatureBytes {
    fn from(signature: Signature) -> Self {
        Self(signature.pack())
    }
}

impl std::fmt::Debug for SignatureBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "0x{}", hex::encode(self.0))
    }
}

fn decode_hex<const N: usize>(text: &str) -> Result<[u8; N], String> {
    let hex_part = text.strip_prefix("0x").ok_or_else(|| format!("{text:?} lacks the 0x prefix"))?;
    let bytes = hex::decode(hex_part).map_err(|e| format!("{text:?}: {e}"))?;
    bytes.try_into().map_err(|_| format!("expected {N} bytes of hex"))
}

impl Serialize for SignatureBytes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("0x{}", hex::encode(self.0)))
    }
}

impl<'de> Deserialize<'de> for SignatureBytes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        decode_hex(&String::deserialize(deserializer)?).map(Self).map_err(serde::de::Error::custom)
    }
}

/// A deposit from L1: credits `amount` of `token` to the account of `public_key`, creating the
/// account (owned by `l1_address`) when the key has none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deposit {
    /// The depositor on L1.
    pub l1_address: L1Address,
    /// The L2 key to credit, as the depositor named it (packed, hex; any 32 bytes: an unusable
    /// key gets the deposit refunded).
    pub public_key: PackedKey,
    /// The token.
    pub token: TokenId,
    /// The exact amount locked on L1.
    #[serde(with = "serde_u128")]
    pub amount: u128,
}

/// Moves `amount` of `token` from `from` to `to`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// Sender and signer.
    pub from: AccountId,
    /// Recipient.
    pub to: AccountId,
    /// Token moved; the fee is paid in it too.
    pub token: TokenId,
    /// Amount (must have an amount code).
    #[serde(with = "serde_u128")]
    pub amount: u128,
    /// Fee (must have a fee code).
    #[serde(with = "serde_u128")]
    pub fee: u128,
    /// The last batch that may include it (a batch number): the operator cannot hold it and
    /// execute it later, at the worst price its bounds allow.
    pub valid_until: u32,
    /// The sender's nonce.
    pub nonce: u32,
    /// Signature by the sender's key.
    pub signature: SignatureBytes,
}

/// Burns `amount` of `token` on L2 and makes it claimable by `to` on L1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Withdraw {
    /// Account and signer.
    pub account: AccountId,
    /// L1 token; the fee is paid in it too.
    pub token: TokenId,
    /// Amount.
    #[serde(with = "serde_u128")]
    pub amount: u128,
    /// Fee.
    #[serde(with = "serde_u128")]
    pub fee: u128,
    /// Recipient on L1.
    pub to: L1Address,
    /// The last batch that may include it (a batch number): the operator cannot hold it and
    /// execute it later, at the worst price its bounds allow.
    pub valid_until: u32,
    /// The account's nonce.
    pub nonce: u32,
    /// Signature by the account's key.
    pub signature: SignatureBytes,
}

/// Sells exactly `amount_in` to a pool for at least `min_amount_out`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Swap {
    /// Account and signer.
    pub account: AccountId,
    /// The pool.
    pub pool: PoolId,
    /// True to sell `token_a` for `token_b`; false for the other way round.
    pub a_to_b: bool,
    /// Exact input; the fee is paid in the input token.
    #[serde(with = "serde_u128")]
    pub amount_in: u128,
    /// Slippage bound.
    #[serde(with = "serde_u128")]
    pub min_amount_out: u128,
    /// Fee.
    #[serde(with = "serde_u128")]
    pub fee: u128,
    /// The last batch that may include it (a batch number): the operator cannot hold it and
    /// execute it later, at the worst price its bounds allow.
    pub valid_until: u32,
    /// The account's nonce.
    pub nonce: u32,
    /// Signature by the account's key.
    pub signature: SignatureBytes,
}

/// Adds `amount_a` of `token_a` and the matching amount of `token_b` (at most `max_amount_b`)
/// to a pool for at least `min_lp` shares.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddLiquidity {
    /// Account and signer.
    pub account: AccountId,
    /// The pool.
    pub pool: PoolId,
    /// Exact amount of `token_a`; the fee is paid in `token_a`.
    #[serde(with = "serde_u128")]
    pub amount_a: u128,
    /// Upper bound on `token_b` (the exact amount when the pool is empty).
    #[serde(with = "serde_u128")]
    pub max_amount_b: u128,
    /// Slippage bound on minted shares.
    #[serde(with = "serde_u128")]
    pub min_lp: u128,
    /// Fee.
    #[serde(with = "serde_u128")]
    pub fee: u128,
    /// The last batch that may include it (a batch number): the operator cannot hold it and
    /// execute it later, at the worst price its bounds allow.
    pub valid_until: u32,
    /// The account's nonce.
    pub nonce: u32,
    /// Signature by the account's key.
    pub signature: SignatureBytes,
}

/// Burns `lp_amount` shares for the pro-rata reserves, at least the two minimums.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoveLiquidity {
    /// Account and signer.
    pub account: AccountId,
    /// The pool.
    pub pool: PoolId,
    /// Shares to burn.
    #[serde(with = "serde_u128")]
    pub lp_amount: u128,
    /// Slippage bound on `token_a` received.
    #[serde(with = "serde_u128")]
    pub min_amount_a: u128,
    /// Slippage bound on `token_b` received.
    #[serde(with = "serde_u128")]
    pub min_amount_b: u128,
    /// Fee, paid in `token_a` after the pool pays out.
    #[serde(with = "serde_u128")]
    pub fee: u128,
    /// The last batch that may include it (a batch number): the operator cannot hold it and
    /// execute it later, at the worst price its bounds allow.
    pub valid_until: u32,
    /// The account's nonce.
    pub nonce: u32,
    /// Signature by the account's key.
    pub signature: SignatureBytes,
}

/// Any transaction, tagged by `"type"` in JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Tx {
    /// Padding: changes nothing.
    Noop,
    /// L1 deposit.
    Deposit(Deposit),
    /// L2 transfer.
    Transfer(Transfer),
    /// Withdrawal to L1.
    Withdraw(Withdraw),
    /// AMM swap.
    Swap(Swap),
    /// Add liquidity.
    AddLiquidity(AddLiquidity),
    /// Remove liquidity.
    RemoveLiquidity(RemoveLiquidity),
}

/// The signed fields common to every L2 transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignedHeader {
    /// The signing account.
    pub account: AccountId,
    /// Its nonce.
    pub nonce: u32,
    /// The last batch that may include it.
    pub valid_until: u32,
    /// The fee.
    pub fee: u128,
    /// The signature bytes.
    pub signature: SignatureBytes,
}

impl Tx {
    /// The type tag.
    pub fn tx_type(&self) -> TxType {
        match self {
            Tx::Noop => TxType::Noop,
            Tx::Deposit(_) => TxType::Deposit,
            Tx::Transfer(_) => TxType::Transfer,
            Tx::Withdraw(_) => TxType::Withdraw,
            Tx::Swap(_) => TxType::Swap,
            Tx::AddLiquidity(_) => TxType::AddLiquidity,
            Tx::RemoveLiquidity(_) => TxType::RemoveLiquidity,
        }
    }

    /// Signer, nonce, fee and signature of an L2 transaction; `None` for Noop and Deposit.
    pub fn signed_header(&self) -> Option<SignedHeader> {
        let (account, nonce, valid_until, fee, signature) = match self {
            Tx::Noop | Tx::Deposit(_) => return None,
            Tx::Transfer(t) => (t.from, t.nonce, t.valid_until, t.fee, t.signature),
            Tx::Withdraw(t) => (t.account, t.nonce, t.valid_until, t.fee, t.signature),
            Tx::Swap(t) => (t.account, t.nonce, t.valid_until, t.fee, t.signature),
            Tx::AddLiquidity(t) => (t.account, t.nonce, t.valid_until, t.fee, t.signature),
            Tx::RemoveLiquidity(t) => (t.account, t.nonce, t.valid_until, t.fee, t.signature),
        };
        Some(SignedHeader { account, nonce, valid_until, fee, signature })
    }

    /// The signer's replaceable fields of an L2 transaction: nonce, expiry and signature
    /// (`None` for Noop and Deposit).
    fn signed_fields_mut(&mut self) -> Option<(&mut u32, &mut u32, &mut SignatureBytes)> {
        match self {
            Tx::Noop | Tx::Deposit(_) => None,
            Tx::Transfer(t) => Some((&mut t.nonce, &mut t.valid_until, &mut t.signature)),
            Tx::Withdraw(t) => Some((&mut t.nonce, &mut t.valid_until, &mut t.signature)),
            Tx::Swap(t) => Some((&mut t.nonce, &mut t.valid_until, &mut t.signature)),
            Tx::AddLiquidity(t) => Some((&mut t.nonce, &mut t.valid_until, &mut t.signature)),
            Tx::RemoveLiquidity(t) => Some((&mut t.nonce, &mut t.valid_until, &mut t.signature)),
        }
    }

    /// Replaces the nonce of an L2 transaction (no-op for Noop and Deposit); sign it again.
    pub fn set_nonce(&mut self, nonce: u32) {
        if let Some(fields) = self.signed_fields_mut() {
            *fields.0 = nonce;
        }
    }

    /// Replaces the expiry of an L2 transaction (no-op for Noop and Deposit); sign it again.
    pub fn set_valid_until(&mut self, valid_until: u32) {
        if let Some(fields) = self.signed_fields_mut() {
            *fields.1 = valid_until;
        }
    }

    /// Replaces the signature of an L2 transaction (no-op for Noop and Deposit).
    pub fn set_signature(&mut self, signature: SignatureBytes) {
        if let Some(fields) = self.signed_fields_mut() {
            *fields.2 = signature;
        }
    }

    /// The field element the account signs, for L2 transactions under `chain_id`:
    /// `Poseidon(`[`Tx::signing_inputs`]`)`. Fails when an amount or fee has no float code
    /// (such a transaction cannot be published).
    pub fn signing_message(&self, chain_id: u32) -> Result<Option<Fr>, AmountError> {
        Ok(self.signing_inputs(chain_id)?.map(|inputs| poseidon::hash(&inputs)))
    }

    /// The three packed fields whose Poseidon hash is the signing message: the header (type,
    /// chain, account, nonce, fee) and the two body words. Callers that hash many
    /// transactions at once use [`poseidon::hash_many`] on these.
    pub fn signing_inputs(&self, chain_id: u32) -> Result<Option<[Fr; 3]>, AmountError> {
        let Some(header) = self.signed_header() else {
            return Ok(None);
        };
        let amount = |value: u128| AMOUNT_FORMAT.encode(value).map(u128::from);
        let exact = |value: u128| {
            if value > MAX_BALANCE {
                Err(AmountError::NotPackable(value, BALANCE_BITS))
            } else {
                Ok(value)
            }
        };
        let fee_code = u128::from(FEE_FORMAT.encode(header.fee)?);
        let head = SIGNING_HEADER.pack_u128(&[
            self.tx_type() as u128,
            u128::from(chain_id),
            u128::from(header.account),
            u128::from(header.nonce),
            fee_code,
            u128::from(header.valid_until),
        ])?;
        let (body0, body1) = match self {
            Tx::Noop | Tx::Deposit(_) => unreachable!("no signed header"),
            Tx::Transfer(t) => {
                (TRANSFER_BODY.pack_u128(&[u128::from(t.to), u128::from(t.token), amount(t.amount)?])?, Fr::from(0u64))
            }
            Tx::Withdraw(t) => (WITHDRAW_BODY.pack_u128(&[u128::from(t.token), exact(t.amount)?])?, t.to.to_fr()),
            Tx::Swap(t) => (
                SWAP_BODY.pack_u128(&[u128::from(t.pool), u128::from(t.a_to_b), amount(t.amount_in)?])?,
                Fr::from(exact(t.min_amount_out)?),
            ),
            Tx::AddLiquidity(t) => (
                ADD_LIQUIDITY_BODY.pack_u128(&[u128::from(t.pool), amount(t.amount_a)?, amount(t.max_amount_b)?])?,
                Fr::from(exact(t.min_lp)?),
            ),
            Tx::RemoveLiquidity(t) => (
                REMOVE_LIQUIDITY_BODY.pack_u128(&[u128::from(t.pool), exact(t.lp_amount)?])?,
                REMOVE_LIQUIDITY_BOUNDS.pack_u128(&[exact(t.min_amount_a)?, exact(t.min_amount_b)?])?,
            ),
        };
        Ok(Some([head, body0, body1]))
    }

    /// Signs an L2 transaction in place with `key` (for wallets, tests and the load generator).
    pub fn sign(&mut self, key: &crate::babyjubjub::PrivateKey, chain_id: u32) -> Result<(), AmountError> {
        if let Some(message) = self.signing_message(chain_id)? {
            self.set_signature(key.sign(message).into());
        }
        Ok(())
    }
}
