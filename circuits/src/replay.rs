//! The state rebuilt from published data alone: the genesis, then each executed batch's pubdata
//! as L1 calldata carries it. This is the data-availability promise made concrete: anyone can
//! recompute every state root, and prove their balances for an exit, without the sequencer.
//!
//! Each pubdata operation becomes the transaction it records, with what pubdata leaves out
//! filled in so that it applies exactly as the original did: the signer's current nonce (the
//! original signed it), no slippage bounds (the original met its own; the outputs are
//! recomputed from the pools), a blank signature (the batch's proof attested the real one,
//! and [`State::apply_preverified`] does not check it). The transaction must publish the very
//! operation it came from, and each batch must end at the root L1 recorded for it.

use crate::amount::{AmountError, AMOUNT_FORMAT, FEE_FORMAT};
use crate::field::Fr;
use crate::key_defect::PackedKey;
use crate::pubdata::{PubdataError, PubdataOp};
use crate::state::{AccountId, State};
use crate::transition::TxError;
use crate::tx::{AddLiquidity, Deposit, RemoveLiquidity, SignatureBytes, Swap, Transfer, Tx, Withdraw};

/// Why published data does not replay.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    /// The pubdata does not parse.
    #[error("batch {batch}: {source}")]
    Pubdata {
        /// The batch.
        batch: u64,
        /// The parse error.
        source: PubdataError,
    },
    /// A code that decodes to no amount.
    #[error("batch {batch}, operation {index}: {source}")]
    Amount {
        /// The batch.
        batch: u64,
        /// The operation's index in the batch.
        index: usize,
        /// The decoding error.
        source: AmountError,
    },
    /// The recorded transaction does not apply.
    #[error("batch {batch}, operation {index}: {source}")]
    Rejected {
        /// The batch.
        batch: u64,
        /// The operation's index in the batch.
        index: usize,
        /// The rule it broke.
        source: TxError,
    },
    /// The replayed transaction published something else (another credited account, say).
    #[error("batch {batch}, operation {index}: replayed as {replayed:?}, published as {published:?}")]
    Diverged {
        /// The batch.
        batch: u64,
        /// The operation's index in the batch.
        index: usize,
        /// What the replay published.
        replayed: Box<PubdataOp>,
        /// What L1 holds.
        published: Box<PubdataOp>,
    },
    /// A batch ended at another root than the one L1 recorded.
    #[error("batch {batch} ends at {replayed}, L1 recorded {recorded}")]
    RootMismatch {
        /// The batch.
        batch: u64,
        /// The replayed root.
        replayed: Fr,
        /// The recorded root.
        recorded: Fr,
    },
}

/// A state being rebuilt, batch by batch.
#[derive(Debug, Clone)]
pub struct Replayer {
    state: State,
    batches: u64,
}

impl Replayer {
    /// Starts from the genesis state.
    pub fn new(genesis: State) -> Self {
        Self { state: genesis, batches: 0 }
    }

    /// The state so far.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Batches applied so far.
    pub fn batches(&self) -> u64 {
        self.batches
    }

    /// Applies the next batch's pubdata and its fee credit, and checks that the state ends at
    /// `recorded_root` (the root L1 stored for the batch).
    pub fn apply_batch(&mut self, pubdata: &[u8], recorded_root: Fr) -> Result<(), ReplayError> {
        let batch = self.batches + 1;
        let ops = PubdataOp::decode_all(pubdata).map_err(|source| ReplayError::Pubdata { batch, source })?;
        for (index, op) in ops.iter().enumerate() {
            let Some(tx) =
                recorded_tx(&self.state, op).map_err(|source| ReplayError::Amount { batch, index, source })?
            else {
                continue;
            };
            let applied =
                self.state.apply_preverified(&tx).map_err(|source| ReplayError::Rejected { batch, index, source })?;
            if applied.pubdata != *op {
                return Err(ReplayError::Diverged {
                    batch,
                    index,
                    replayed: Box::new(applied.pubdata),
                    published: Box::new(op.clone()),
                });
            }
        }
        self.state.credit_pending_fees();
        let replayed = self.state.root();
        if replayed != recorded_root {
            return Err(ReplayError::RootMismatch { batch, replayed, recorded: recorded_root });
        }
        self.batches = batch;
        Ok(())
    }
}

/// The transaction `op` records, as of `state` (`None` for a Noop).
pub fn recorded_tx(state: &State, op: &PubdataOp) -> Result<Option<Tx>, AmountError> {
    let nonce = |account: AccountId| state.account(account).map_or(0, |a| a.nonce());
    let (amount, fee) = (|code| AMOUNT_FORMAT.decode(code), |code| FEE_FORMAT.decode(code));
    let (valid_until, signature) = (u32::MAX, SignatureBytes([0; 64]));
    let deposit = |public_key: &[u8; 32], token, amount, l1_address| {
        Tx::Deposit(Deposit { l1_address, public_key: PackedKey(*public_key), token, amount })
    };
    Ok(Some(match *op {
        PubdataOp::Noop => return Ok(None),
        PubdataOp::Deposit { token, amount, ref public_key, l1_address, .. }
        | PubdataOp::DepositRefund { token, amount, ref public_key, l1_address, .. } => {
            deposit(public_key, token, amount, l1_address)
        }
        PubdataOp::Transfer { from, to, token, amount: code, fee: fee_code } => Tx::Transfer(Transfer {
            from,
            to,
            token,
            amount: amount(code)?,
            fee: fee(fee_code)?,
            valid_until,
            nonce: nonce(from),
            signature,
        }),
        PubdataOp::Withdraw { account, token, amount, fee: fee_code, to } => Tx::Withdraw(Withdraw {
            account,
            token,
            amount,
            fee: fee(fee_code)?,
            to,
            valid_until,
            nonce: nonce(account),
            signature,
        }),
        PubdataOp::Swap { account, pool, a_to_b, amount_in, fee: fee_code } => Tx::Swap(Swap {
            account,
            pool,
            a_to_b,
            amount_in: amount(amount_in)?,
            min_amount_out: 0,
            fee: fee(fee_code)?,
            valid_until,
            nonce: nonce(account),
            signature,
        }),
        PubdataOp::AddLiquidity { account, pool, amount_a, max_amount_b, fee: fee_code } => {
            Tx::AddLiquidity(AddLiquidity {
                account,
                pool,
                amount_a: amount(amount_a)?,
                max_amount_b: amount(max_amount_b)?,
                min_lp: 0,
                fee: fee(fee_code)?,
                valid_until,
                nonce: nonce(account),
                signature,
            })
        }
        PubdataOp::RemoveLiquidity { account, pool, lp_amount, fee: fee_code } => {
            Tx::RemoveLiquidity(RemoveLiquidity {
                account,
                pool,
                lp_amount,
                min_amount_a: 0,
                min_amount_b: 0,
                fee: fee(fee_code)?,
                valid_until,
                nonce: nonce(account),
                signature,
            })
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::{BatchBuilder, SealedBatch};
    use crate::test_utils::{mixed_batch_on, TestWorld};

    /// Genesis, then two batches of every operation type, refunds and fees included.
    fn history() -> (State, TestWorld, Vec<SealedBatch>) {
        let mut world = TestWorld::new(3, 4);
        let genesis = world.state.clone();
        let mut builder = BatchBuilder::new(1, 4, &world.state);
        let seed = world.add_liquidity(2, 0, 10_000_000_000, 20_000_000_000);
        builder.push(world.state.apply(&seed).unwrap());
        let refunded = world.deposit_to_packed(PackedKey([0xff; 32]), 0, 5);
        builder.push(world.state.apply(&refunded).unwrap());
        let first = builder.seal(&mut world.state);
        let second = mixed_batch_on(&mut world, 2, 8, 8);
        (genesis, world, vec![first, second])
    }

    #[test]
    fn pubdata_alone_rebuilds_every_root() {
        let (genesis, world, batches) = history();
        let mut replayer = Replayer::new(genesis);
        for batch in &batches {
            replayer.apply_batch(&batch.pubdata, batch.roots_after.state_root()).unwrap();
        }
        assert_eq!(replayer.state().root(), world.state.root());
        assert_eq!(replayer.batches(), batches.len() as u64);
    }

    #[test]
    fn a_wrong_root_or_altered_pubdata_is_refused() {
        let (genesis, _, batches) = history();
        let mut replayer = Replayer::new(genesis.clone());
        replayer.apply_batch(&batches[0].pubdata, batches[0].roots_after.state_root()).unwrap();
        let second = &batches[1];
        let wrong = replayer.clone().apply_batch(&second.pubdata, Fr::from(7u64));
        assert!(matches!(wrong, Err(ReplayError::RootMismatch { batch: 2, .. })), "{wrong:?}");
        // The second batch opens with a deposit creating account 3: credit account 2 instead.
        let mut altered = second.pubdata.clone();
        assert_eq!(altered[3] >> 5, 0b011, "account 3's low bits are pubdata bits 24..26, byte 3's top");
        altered[3] ^= 0x20;
        let replayed = replayer.apply_batch(&altered, second.roots_after.state_root());
        assert!(matches!(replayed, Err(ReplayError::Diverged { batch: 2, index: 0, .. })), "{replayed:?}");
    }
}
