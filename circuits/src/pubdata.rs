//! Pubdata: the compact bytes each transaction publishes on L1 so anyone can rebuild the state.
//!
//! Each operation is a bit string, most significant bit first, zero-padded to whole bytes:
//!
//! | type | fields (bits)                                                         | bytes |
//! |------|-----------------------------------------------------------------------|-------|
//! | Noop | type 3                                                                 | 1     |
//! | Deposit | type 3, account 24, token 10, amount 112, public key 256, L1 address 160 | 71 |
//! | Transfer | type 3, from 24, to 24, token 10, amount code 32, fee code 11     | 13    |
//! | Withdraw | type 3, account 24, token 10, amount 112, fee code 11, to 160     | 40    |
//! | Swap | type 3, account 24, pool 9, a_to_b 1, amount_in code 32, fee code 11  | 10    |
//! | AddLiquidity | type 3, account 24, pool 9, amount_a code 32, max_b code 32, fee code 11 | 14 |
//! | RemoveLiquidity | type 3, account 24, pool 9, lp amount 112, fee code 11     | 20    |
//! | DepositRefund | type 3, reason 24, token 10, amount 112, public key 256, L1 address 160 | 71 |
//!
//! A deposit carries the depositor's packed key and L1 address, so the L1 contract can match it
//! against its priority queue and the circuit can bind the credited account to that key.
//! A deposit that L2 cannot credit is published as a DepositRefund instead: the Deposit's
//! layout with the refund's [`RefundReason`] where the account would be, so the contract matches
//! both against its queue alike and pays the refund to the L1 depositor when the batch executes.
//! Withdrawals and liquidity removals carry exact amounts, so that a user can always empty a
//! balance (they are rare next to transfers and swaps, which carry float codes).
//! What can be recomputed from earlier state (swap output, the exact `token_b` and LP amounts of
//! liquidity operations) is left out; slippage bounds are not needed to replay a transaction that
//! was accepted, so they are left out too.

use crate::amount::{AmountError, AMOUNT_FORMAT, BALANCE_BITS, FEE_FORMAT, MAX_BALANCE};
use crate::state::{AccountId, L1Address, PoolId, TokenId, ACCOUNT_ID_BITS, POOL_ID_BITS, TOKEN_ID_BITS};
use crate::tx::{Tx, TxType};

/// Bits of the type tag.
pub const TYPE_BITS: u32 = 3;
const ADDRESS_BITS: u32 = 160;

/// Why a deposit was refunded instead of credited; the circuit proves each (circuit/refund.rs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum RefundReason {
    /// The L2 key cannot sign ([`crate::key_defect::KeyDefect`]).
    InvalidKey = 1,
    /// L2's token registry has no such token.
    UnknownToken = 2,
    /// The key has no account and the account tree has no free leaf.
    AccountTreeFull = 3,
}

impl RefundReason {
    /// Every reason, by code minus one.
    pub const ALL: [RefundReason; 3] =
        [RefundReason::InvalidKey, RefundReason::UnknownToken, RefundReason::AccountTreeFull];

    /// The reason with pubdata code `code`.
    pub fn from_code(code: u128) -> Option<Self> {
        Self::ALL.into_iter().find(|reason| *reason as u128 == code)
    }

    /// The stable name (the API's and the logs').
    pub fn name(&self) -> &'static str {
        match self {
            RefundReason::InvalidKey => "invalid_key",
            RefundReason::UnknownToken => "unknown_token",
            RefundReason::AccountTreeFull => "account_tree_full",
        }
    }
}

/// Bits of a DepositRefund's reason field: the Deposit's account field, so that every later
/// field sits at the same offset in both.
pub const REFUND_REASON_BITS: u32 = ACCOUNT_ID_BITS;

/// One operation as published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PubdataOp {
    /// Padding.
    Noop,
    /// Deposit credited to `account`.
    Deposit {
        /// Credited account (new or existing).
        account: AccountId,
        /// Token.
        token: TokenId,
        /// Exact amount.
        amount: u128,
        /// The depositor's L2 key, packed.
        public_key: [u8; 32],
        /// The depositor on L1.
        l1_address: L1Address,
    },
    /// Transfer.
    Transfer {
        /// Sender.
        from: AccountId,
        /// Recipient.
        to: AccountId,
        /// Token.
        token: TokenId,
        /// Amount code.
        amount: u64,
        /// Fee code.
        fee: u64,
    },
    /// Withdrawal.
    Withdraw {
        /// Account.
        account: AccountId,
        /// Token.
        token: TokenId,
        /// Exact amount.
        amount: u128,
        /// Fee code.
        fee: u64,
        /// L1 recipient.
        to: L1Address,
    },
    /// Swap.
    Swap {
        /// Account.
        account: AccountId,
        /// Pool.
        pool: PoolId,
        /// Direction.
        a_to_b: bool,
        /// Input amount code.
        amount_in: u64,
        /// Fee code.
        fee: u64,
    },
    /// Add liquidity.
    AddLiquidity {
        /// Account.
        account: AccountId,
        /// Pool.
        pool: PoolId,
        /// `token_a` amount code.
        amount_a: u64,
        /// `token_b` bound code.
        max_amount_b: u64,
        /// Fee code.
        fee: u64,
    },
    /// Remove liquidity.
    RemoveLiquidity {
        /// Account.
        account: AccountId,
        /// Pool.
        pool: PoolId,
        /// Exact LP amount.
        lp_amount: u128,
        /// Fee code.
        fee: u64,
    },
    /// A deposit refunded to its L1 sender (claimable once the batch executes).
    DepositRefund {
        /// Why L2 could not credit it.
        reason: RefundReason,
        /// Token.
        token: TokenId,
        /// Exact amount.
        amount: u128,
        /// The packed L2 key the deposit named (any 32 bytes).
        public_key: [u8; 32],
        /// The depositor on L1, who gets the refund.
        l1_address: L1Address,
    },
}

/// Pubdata that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PubdataError {
    /// Unknown type tag.
    #[error("unknown operation type {0} at byte {1}")]
    UnknownType(u8, usize),
    /// The bytes end inside an operation.
    #[error("pubdata ends inside an operation at byte {0}")]
    Truncated(usize),
    /// Padding bits are not zero.
    #[error("nonzero padding in the operation at byte {0}")]
    BadPadding(usize),
    /// A DepositRefund with a reason code that names no reason.
    #[error("unknown refund reason {0} at byte {1}")]
    UnknownRefundReason(u128, usize),
    /// An operation other than a transfer or Noop in a transfer slot.
    #[error("operation {0} is in a transfer slot but is not a transfer")]
    NotATransferSlot(usize),
}

/// Appends bit fields most-significant-bit first.
#[derive(Default)]
struct BitWriter {
    bits: Vec<bool>,
}

impl BitWriter {
    fn push(&mut self, value: u128, width: u32) {
        debug_assert!(width == 128 || value >> width == 0, "{value} does not fit {width} bits");
        self.bits.extend((0..width).rev().map(|i| (value >> i) & 1 == 1));
    }

    fn push_bytes(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|&b| self.push(u128::from(b), 8));
    }

    fn finish_into(self, out: &mut Vec<u8>) {
        for chunk in self.bits.chunks(8) {
            out.push(chunk.iter().enumerate().fold(0u8, |byte, (i, &bit)| byte | (u8::from(bit) << (7 - i))));
        }
    }
}

/// Reads bit fields most-significant-bit first.
struct BitReader<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl BitReader<'_> {
    fn read(&mut self, width: u32) -> u128 {
        (0..width).fold(0u128, |acc, _| {
            let bit = (self.bytes[self.position / 8] >> (7 - self.position % 8)) & 1;
            self.position += 1;
            (acc << 1) | u128::from(bit)
        })
    }
}

impl PubdataOp {
    /// The operation published for `tx`; `deposit_account` is the account a deposit credited.
    pub fn from_tx(tx: &Tx, deposit_account: Option<AccountId>) -> Result<Self, AmountError> {
        let amount = |value| AMOUNT_FORMAT.encode(value);
        let fee = |value| FEE_FORMAT.encode(value);
        let exact = |value: u128| {
            if value > MAX_BALANCE {
                Err(AmountError::NotPackable(value, BALANCE_BITS))
            } else {
                Ok(value)
            }
        };
        Ok(match tx {
            Tx::Noop => PubdataOp::Noop,
            Tx::Deposit(d) => PubdataOp::Deposit {
                account: deposit_account.expect("a deposit's account is known once applied"),
                token: d.token,
                amount: d.amount,
                public_key: d.public_key.0,
                l1_address: d.l1_address,
            },
            Tx::Transfer(t) => PubdataOp::Transfer {
                from: t.from,
                to: t.to,
                token: t.token,
                amount: amount(t.amount)?,
                fee: fee(t.fee)?,
            },
            Tx::Withdraw(t) => PubdataOp::Withdraw {
                account: t.account,
                token: t.token,
                amount: exact(t.amount)?,
                fee: fee(t.fee)?,
                to: t.to,
            },
            Tx::Swap(t) => PubdataOp::Swap {
                account: t.account,
                pool: t.pool,
                a_to_b: t.a_to_b,
                amount_in: amount(t.amount_in)?,
                fee: fee(t.fee)?,
            },
            Tx::AddLiquidity(t) => PubdataOp::AddLiquidity {
                account: t.account,
                pool: t.pool,
                amount_a: amount(t.amount_a)?,
                max_amount_b: amount(t.max_amount_b)?,
                fee: fee(t.fee)?,
            },
            Tx::RemoveLiquidity(t) => PubdataOp::RemoveLiquidity {
                account: t.account,
                pool: t.pool,
                lp_amount: exact(t.lp_amount)?,
                fee: fee(t.fee)?,
            },
        })
    }

    /// The type tag.
    pub fn tx_type(&self) -> TxType {
        match self {
            PubdataOp::Noop => TxType::Noop,
            PubdataOp::Deposit { .. } => TxType::Deposit,
            PubdataOp::Transfer { .. } => TxType::Transfer,
            PubdataOp::Withdraw { .. } => TxType::Withdraw,
            PubdataOp::Swap { .. } => TxType::Swap,
            PubdataOp::AddLiquidity { .. } => TxType::AddLiquidity,
            PubdataOp::RemoveLiquidity { .. } => TxType::RemoveLiquidity,
            PubdataOp::DepositRefund { .. } => TxType::DepositRefund,
        }
    }

    /// What executing the batch pays out on L1 for this operation, as `(to, token, amount)`: a
    /// withdrawal to its recipient, a refund to its depositor. The contract's `executeBatch`
    /// takes these in pubdata order.
    pub fn l1_payout(&self) -> Option<(L1Address, TokenId, u128)> {
        match *self {
            PubdataOp::Withdraw { token, amount, to, .. } => Some((to, token, amount)),
            PubdataOp::DepositRefund { token, amount, l1_address, .. } => Some((l1_address, token, amount)),
            _ => None,
        }
    }

    /// Bits of each type's fields, type tag included (before byte padding).
    pub fn bit_length(tx_type: TxType) -> u32 {
        let (a, t, p) = (ACCOUNT_ID_BITS, TOKEN_ID_BITS, POOL_ID_BITS);
        let (amount, fee) = (AMOUNT_FORMAT.bits(), FEE_FORMAT.bits());
        TYPE_BITS
            + match tx_type {
                TxType::Noop => 0,
                TxType::Deposit => a + t + BALANCE_BITS + 256 + ADDRESS_BITS,
                TxType::DepositRefund => REFUND_REASON_BITS + t + BALANCE_BITS + 256 + ADDRESS_BITS,
                TxType::Transfer => 2 * a + t + amount + fee,
                TxType::Withdraw => a + t + BALANCE_BITS + fee + ADDRESS_BITS,
                TxType::Swap => a + p + 1 + amount + fee,
                TxType::AddLiquidity => a + p + 2 * amount + fee,
                TxType::RemoveLiquidity => a + p + BALANCE_BITS + fee,
            }
    }

    /// Bytes of each type's encoding.
    pub fn byte_length(tx_type: TxType) -> usize {
        Self::bit_length(tx_type).div_ceil(8) as usize
    }

    /// Appends this operation's bytes.
    pub fn encode_into(&self, out: &mut Vec<u8>) {
        let (a, t, p) = (ACCOUNT_ID_BITS, TOKEN_ID_BITS, POOL_ID_BITS);
        let (amount_bits, fee_bits) = (AMOUNT_FORMAT.bits(), FEE_FORMAT.bits());
        let mut w = BitWriter::default();
        w.push(self.tx_type() as u128, TYPE_BITS);
        match *self {
            PubdataOp::Noop => {}
            PubdataOp::Deposit { account, token, amount, ref public_key, l1_address } => {
                w.push(account.into(), a);
                w.push(token.into(), t);
                w.push(amount, BALANCE_BITS);
                w.push_bytes(public_key);
                w.push_bytes(&l1_address.0);
            }
            PubdataOp::Transfer { from, to, token, amount, fee } => {
                w.push(from.into(), a);
                w.push(to.into(), a);
                w.push(token.into(), t);
                w.push(amount.into(), amount_bits);
                w.push(fee.into(), fee_bits);
            }
            PubdataOp::Withdraw { account, token, amount, fee, to } => {
                w.push(account.into(), a);
                w.push(token.into(), t);
                w.push(amount, BALANCE_BITS);
                w.push(fee.into(), fee_bits);
                w.push_bytes(&to.0);
            }
            PubdataOp::Swap { account, pool, a_to_b, amount_in, fee } => {
                w.push(account.into(), a);
                w.push(pool.into(), p);
                w.push(a_to_b.into(), 1);
                w.push(amount_in.into(), amount_bits);
                w.push(fee.into(), fee_bits);
            }
            PubdataOp::AddLiquidity { account, pool, amount_a, max_amount_b, fee } => {
                w.push(account.into(), a);
                w.push(pool.into(), p);
                w.push(amount_a.into(), amount_bits);
                w.push(max_amount_b.into(), amount_bits);
                w.push(fee.into(), fee_bits);
            }
            PubdataOp::RemoveLiquidity { account, pool, lp_amount, fee } => {
                w.push(account.into(), a);
                w.push(pool.into(), p);
                w.push(lp_amount, BALANCE_BITS);
                w.push(fee.into(), fee_bits);
            }
            PubdataOp::DepositRefund { reason, token, amount, ref public_key, l1_address } => {
                w.push(reason as u128, REFUND_REASON_BITS);
                w.push(token.into(), t);
                w.push(amount, BALANCE_BITS);
                w.push_bytes(public_key);
                w.push_bytes(&l1_address.0);
            }
        }
        w.finish_into(out);
    }

    /// This operation's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(Self::byte_length(self.tx_type()));
        self.encode_into(&mut out);
        out
    }

    /// Parses a concatenation of operations (a batch's pubdata).
    pub fn decode_all(bytes: &[u8]) -> Result<Vec<PubdataOp>, PubdataError> {
        let mut ops = Vec::new();
        let mut offset = 0;
        while offset < bytes.len() {
            let tag = bytes[offset] >> (8 - TYPE_BITS);
            let tx_type = TxType::from_tag(tag).ok_or(PubdataError::UnknownType(tag, offset))?;
            let length = Self::byte_length(tx_type);
            let chunk = bytes.get(offset..offset + length).ok_or(PubdataError::Truncated(offset))?;
            let op = Self::decode_one(tx_type, chunk, offset)?;
            if op.encode() != chunk {
                return Err(PubdataError::BadPadding(offset));
            }
            ops.push(op);
            offset += length;
        }
        Ok(ops)
    }

    fn decode_one(tx_type: TxType, chunk: &[u8], offset: usize) -> Result<PubdataOp, PubdataError> {
        let (a, t, p) = (ACCOUNT_ID_BITS, TOKEN_ID_BITS, POOL_ID_BITS);
        let (amount_bits, fee_bits) = (AMOUNT_FORMAT.bits(), FEE_FORMAT.bits());
        let mut r = BitReader { bytes: chunk, position: TYPE_BITS as usize };
        Ok(match tx_type {
            TxType::Noop => PubdataOp::Noop,
            TxType::Deposit => PubdataOp::Deposit {
                account: r.read(a) as AccountId,
                token: r.read(t) as TokenId,
                amount: r.read(BALANCE_BITS),
                public_key: std::array::from_fn(|_| r.read(8) as u8),
                l1_address: L1Address(std::array::from_fn(|_| r.read(8) as u8)),
            },
            TxType::Transfer => PubdataOp::Transfer {
                from: r.read(a) as AccountId,
                to: r.read(a) as AccountId,
                token: r.read(t) as TokenId,
                amount: r.read(amount_bits) as u64,
                fee: r.read(fee_bits) as u64,
            },
            TxType::Withdraw => PubdataOp::Withdraw {
                account: r.read(a) as AccountId,
                token: r.read(t) as TokenId,
                amount: r.read(BALANCE_BITS),
                fee: r.read(fee_bits) as u64,
                to: L1Address(std::array::from_fn(|_| r.read(8) as u8)),
            },
            TxType::Swap => PubdataOp::Swap {
                account: r.read(a) as AccountId,
                pool: r.read(p) as PoolId,
                a_to_b: r.read(1) == 1,
                amount_in: r.read(amount_bits) as u64,
                fee: r.read(fee_bits) as u64,
            },
            TxType::AddLiquidity => PubdataOp::AddLiquidity {
                account: r.read(a) as AccountId,
                pool: r.read(p) as PoolId,
                amount_a: r.read(amount_bits) as u64,
                max_amount_b: r.read(amount_bits) as u64,
                fee: r.read(fee_bits) as u64,
            },
            TxType::RemoveLiquidity => PubdataOp::RemoveLiquidity {
                account: r.read(a) as AccountId,
                pool: r.read(p) as PoolId,
                lp_amount: r.read(BALANCE_BITS),
                fee: r.read(fee_bits) as u64,
            },
            TxType::DepositRefund => {
                let code = r.read(REFUND_REASON_BITS);
                PubdataOp::DepositRefund {
                    reason: RefundReason::from_code(code).ok_or(PubdataError::UnknownRefundReason(code, offset))?,
                    token: r.read(t) as TokenId,
                    amount: r.read(BALANCE_BITS),
                    public_key: std::array::from_fn(|_| r.read(8) as u8),
                    l1_address: L1Address(std::array::from_fn(|_| r.read(8) as u8)),
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples() -> Vec<PubdataOp> {
        let to = L1Address([0xab; 20]);
        vec![
            PubdataOp::Noop,
            PubdataOp::Deposit {
                account: (1 << 24) - 1,
                token: 1023,
                amount: crate::amount::MAX_BALANCE,
                public_key: [0x5a; 32],
                l1_address: to,
            },
            PubdataOp::Transfer { from: 7, to: 9, token: 3, amount: (1 << 32) - 1, fee: (1 << 11) - 1 },
            PubdataOp::Withdraw { account: 5, token: 2, amount: 77, fee: 3, to },
            PubdataOp::Swap { account: 1, pool: 511, a_to_b: true, amount_in: 12345, fee: 1 },
            PubdataOp::AddLiquidity { account: 2, pool: 3, amount_a: 10, max_amount_b: 20, fee: 0 },
            PubdataOp::RemoveLiquidity { account: 3, pool: 4, lp_amount: 99, fee: 2 },
            PubdataOp::DepositRefund {
                reason: RefundReason::AccountTreeFull,
                token: 511,
                amount: 5,
                public_key: [0xff; 32],
                l1_address: to,
            },
        ]
    }

    #[test]
    fn lengths_are_as_documented() {
        let expected = [1, 71, 13, 40, 10, 14, 20, 71];
        for (op, bytes) in samples().iter().zip(expected) {
            assert_eq!(op.encode().len(), bytes, "{op:?}");
            assert_eq!(PubdataOp::byte_length(op.tx_type()), bytes);
        }
    }

    #[test]
    fn concatenation_round_trips() {
        let ops = samples();
        let bytes: Vec<u8> = ops.iter().flat_map(PubdataOp::encode).collect();
        assert_eq!(PubdataOp::decode_all(&bytes).unwrap(), ops);
    }

    #[test]
    fn rejects_truncation_padding_and_unknown_types() {
        let transfer = samples()[2].encode();
        assert_eq!(PubdataOp::decode_all(&transfer[..12]), Err(PubdataError::Truncated(0)));
        let mut noop = PubdataOp::Noop.encode();
        noop[0] |= 1;
        assert_eq!(PubdataOp::decode_all(&noop), Err(PubdataError::BadPadding(0)));
        let mut refund = samples()[7].encode();
        refund[3] ^= 0x80; // reason 3 -> 7: the field ends at bit 26, so its value bit 2 is bit 24
        assert_eq!(PubdataOp::decode_all(&refund), Err(PubdataError::UnknownRefundReason(7, 0)));
    }
}
