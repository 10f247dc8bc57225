//! What the pipeline shares with the API: the acknowledged ledger (accounts, nonces, balances,
//! pools), the witnessed Merkle state and the snapshot of the last sealed batch (for proofs
//! against their roots), heights and counters, recent rejections, throughput.
//!
//! The pipeline is the only writer of the ledger. Readers may observe the ledger of the group
//! being committed a few milliseconds before its transactions are acknowledged; if that commit
//! fails the state is rebuilt from Postgres (see [`crate::pipeline`]). The witness thread is
//! the only writer of the Merkle state, which lags the ledger by the transactions still
//! queued for witnessing (`counters.witnessed` of `counters.accepted`).

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use circuits::state::{Ledger, State};

use crate::types::TxHash;

/// The state as of a sealed batch.
#[derive(Debug)]
pub struct SealedSnapshot {
    /// The batch.
    pub batch: u64,
    /// The state right after it was sealed.
    pub state: State,
}

/// Counters the pipeline maintains; read with `Ordering::Relaxed`.
#[derive(Debug, Default)]
pub struct Counters {
    /// Accepted transactions since genesis.
    pub accepted: AtomicU64,
    /// Rejected since this process started.
    pub rejected: AtomicU64,
    /// Last closed block (0: none).
    pub last_block: AtomicU64,
    /// Last sealed batch (0: none).
    pub last_batch: AtomicU64,
    /// The batch the pipeline is filling: the first a transaction submitted now can go into
    /// (what clients add their validity to for `valid_until`).
    pub open_batch: AtomicU64,
    /// Accepted transactions applied to the Merkle state so far.
    pub witnessed: AtomicU64,
}

/// A recent rejection, as reported by the status endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectionRecord {
    /// Error code.
    pub code: &'static str,
    /// Message.
    pub message: String,
}

/// Rejections are kept in memory only, in a bounded FIFO (`REJECTION_LOG_CAPACITY` entries):
/// they changed nothing, so writing them to Postgres would let anyone fill the database for free.
/// After a restart, or once evicted, a rejected hash is reported as unknown.
pub const REJECTION_LOG_CAPACITY: usize = 100_000;

#[derive(Debug, Default)]
struct RejectionLog {
    by_hash: HashMap<TxHash, RejectionRecord>,
    order: VecDeque<TxHash>,
}

/// Accepted transactions per second over a sliding window.
#[derive(Debug, Default)]
struct Throughput {
    seconds: VecDeque<(u64, u64)>,
}

/// Width of the throughput window.
pub const THROUGHPUT_WINDOW_SECS: u64 = 10;

/// The shared view.
#[derive(Debug)]
pub struct Shared {
    ledger: RwLock<Ledger>,
    state: RwLock<State>,
    sealed: RwLock<Option<Arc<SealedSnapshot>>>,
    /// Heights and counters.
    pub counters: Counters,
    rejections: Mutex<RejectionLog>,
    throughput: Mutex<Throughput>,
    /// The chain id transactions are signed for.
    pub chain_id: u32,
    /// The genesis state root (0x-hex).
    pub genesis_root: String,
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

impl Shared {
    /// A view of `state`.
    pub fn new(state: State, genesis_root: String) -> Self {
        Self {
            chain_id: state.config().chain_id,
            ledger: RwLock::new(Ledger::from_state(&state)),
            state: RwLock::new(state),
            sealed: RwLock::new(None),
            counters: Counters::default(),
            rejections: Mutex::default(),
            throughput: Mutex::default(),
            genesis_root,
        }
    }

    /// Reads the acknowledged ledger: every accepted transaction applied.
    pub fn ledger(&self) -> RwLockReadGuard<'_, Ledger> {
        self.ledger.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Writes the ledger (the pipeline only).
    pub(crate) fn ledger_mut(&self) -> RwLockWriteGuard<'_, Ledger> {
        self.ledger.write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Reads the witnessed Merkle state: the first `counters.witnessed` accepted transactions.
    pub fn state(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Writes the Merkle state (the witness thread and recovery only).
    pub(crate) fn state_mut(&self) -> RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The state as of the last sealed batch.
    pub fn sealed_snapshot(&self) -> Option<Arc<SealedSnapshot>> {
        self.sealed.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    pub(crate) fn set_sealed_snapshot(&self, snapshot: Option<Arc<SealedSnapshot>>) {
        *self.sealed.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = snapshot;
    }

    /// Remembers a rejection (evicting the oldest beyond the capacity).
    pub fn record_rejection(&self, hash: TxHash, record: RejectionRecord) {
        let mut log = self.rejections.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if log.by_hash.insert(hash, record).is_none() {
            log.order.push_back(hash);
        }
        while log.order.len() > REJECTION_LOG_CAPACITY {
            if let Some(old) = log.order.pop_front() {
                log.by_hash.remove(&old);
            }
        }
    }

    /// A recent rejection of `hash`.
    pub fn rejection(&self, hash: &TxHash) -> Option<RejectionRecord> {
        self.rejections.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).by_hash.get(hash).cloned()
    }

    /// Counts `accepted` transactions towards the throughput window.
    pub fn record_throughput(&self, accepted: u64) {
        let second = now_ms() as u64 / 1000;
        let mut window = self.throughput.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match window.seconds.back_mut() {
            Some((last, count)) if *last == second => *count += accepted,
            _ => window.seconds.push_back((second, accepted)),
        }
        while window.seconds.front().is_some_and(|(s, _)| *s + THROUGHPUT_WINDOW_SECS < second) {
            window.seconds.pop_front();
        }
    }

    /// Accepted transactions per second over the last [`THROUGHPUT_WINDOW_SECS`] seconds.
    pub fn throughput(&self) -> f64 {
        let now = now_ms() as u64 / 1000;
        let window = self.throughput.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let total: u64 =
            window.seconds.iter().filter(|(s, _)| *s + THROUGHPUT_WINDOW_SECS > now).map(|(_, count)| count).sum();
        total as f64 / THROUGHPUT_WINDOW_SECS as f64
    }

    /// The counters as plain numbers: (accepted, rejected, last block, last batch).
    pub fn counts(&self) -> (u64, u64, u64, u64) {
        let c = &self.counters;
        (
            c.accepted.load(Ordering::Relaxed),
            c.rejected.load(Ordering::Relaxed),
            c.last_block.load(Ordering::Relaxed),
            c.last_batch.load(Ordering::Relaxed),
        )
    }
}
