//! The L1 watcher: reads the Rollup contract's `DepositQueued` logs once they are
//! `confirmations` blocks deep and hands each deposit to the pipeline as priority operation
//! `priorityOpId`, in order and exactly once.
//!
//! Exactly once: the pipeline refuses serial ids below its next priority id, the watcher skips
//! them itself (its next id comes from the stored transactions at start), and its block cursor
//! is stored only after every deposit up to it was accepted, so a crash rescans at worst a
//! range whose deposits are then skipped.

use alloy::providers::Provider;
use circuits::key_defect::PackedKey;
use circuits::state::L1Address;
use circuits::tx::Deposit;
use tokio::sync::watch;

use super::bindings::Rollup::{self, RollupInstance};
use super::{L1Error, L1Provider, L1Result, L1Settings};
use crate::dal::{Dal, StorageExt};
use crate::pipeline::PipelineHandle;
use crate::types::{Outcome, RejectReason};

/// Most blocks one `eth_getLogs` call covers (public nodes cap the range).
const MAX_LOG_RANGE: u64 = 5_000;

/// Feeds L1 deposits to the pipeline.
#[derive(Debug)]
pub struct Watcher {
    rollup: RollupInstance<L1Provider>,
    provider: L1Provider,
    dal: Dal,
    pipeline: PipelineHandle,
    confirmations: u64,
    next_block: u64,
    next_serial: u64,
}

impl Watcher {
    /// A watcher resuming from the stored cursor (or `settings.from_block`) and the stored
    /// deposits.
    pub async fn new(settings: &L1Settings, dal: Dal, pipeline: PipelineHandle) -> L1Result<Self> {
        let mut conn = dal.acquire().await?;
        let next_block = conn.l1_dal().watcher_cursor().await?.map_or(settings.from_block, |b| b as u64);
        let next_serial = conn.l1_dal().next_priority_id().await? as u64;
        drop(conn);
        Ok(Self {
            rollup: Rollup::new(settings.rollup, settings.provider.clone()),
            provider: settings.provider.clone(),
            dal,
            pipeline,
            confirmations: settings.confirmations,
            next_block,
            next_serial,
        })
    }

    /// Polls until `stop` turns true; failed polls back off.
    pub async fn run(mut self, settings: L1Settings, stop: watch::Receiver<bool>) {
        tracing::info!(from_block = self.next_block, next_serial = self.next_serial, "L1 watcher started");
        super::run_until_stopped(&mut self, settings.poll, stop).await;
        tracing::info!("L1 watcher stopped");
    }

    /// Scans the next confirmed range; returns whether more confirmed blocks are waiting.
    pub async fn poll(&mut self) -> L1Result<bool> {
        let head = self.provider.get_block_number().await?;
        let Some(confirmed) = head.checked_sub(self.confirmations) else { return Ok(false) };
        if confirmed < self.next_block {
            return Ok(false);
        }
        let to = confirmed.min(self.next_block + MAX_LOG_RANGE - 1);
        let mut logs = self.rollup.DepositQueued_filter().from_block(self.next_block).to_block(to).query().await?;
        logs.sort_by_key(|(event, _)| event.priorityOpId);
        for (event, log) in logs {
            self.feed(event, log.block_number).await?;
        }
        self.dal.acquire().await?.l1_dal().set_watcher_cursor((to + 1) as i64).await?;
        self.next_block = to + 1;
        Ok(to < confirmed)
    }

    async fn feed(&mut self, event: Rollup::DepositQueued, block: Option<u64>) -> L1Result<()> {
        let serial = event.priorityOpId;
        if serial < self.next_serial {
            return Ok(());
        }
        if serial > self.next_serial {
            // The contract numbers deposits consecutively and we scan every block in order, so
            // a gap means a log was lost: stop rather than let L2 diverge from the queue.
            return Err(L1Error::Inconsistent(format!(
                "deposit {serial} arrived while {} was expected",
                self.next_serial
            )));
        }
        // Every deposit goes to L2, whatever key it names: one L2 cannot credit (an unusable
        // key, a token L2 does not know, a full account tree) is refunded by the batch that
        // consumes it, so no deposit can jam the queue.
        let deposit = Deposit {
            l1_address: L1Address(event.from.into_array()),
            public_key: PackedKey(event.l2PublicKey.0),
            token: event.token,
            amount: event.amount.to::<u128>(),
        };
        match self.pipeline.submit_priority(serial, deposit).await {
            Ok(Outcome::Accepted(accepted)) => {
                tracing::info!(serial, l1_block = block, seq = accepted.seq, "deposit fed to L2");
            }
            Ok(Outcome::Rejected { reason: RejectReason::DuplicatePriorityOp { .. }, .. }) => {}
            Ok(Outcome::Rejected { reason, .. }) => {
                return Err(L1Error::Pipeline(format!("deposit {serial}: {}", reason.message())));
            }
            Ok(Outcome::Unavailable) => return Err(L1Error::Pipeline("the pipeline is unavailable".into())),
            Err(error) => return Err(L1Error::Pipeline(error.to_string())),
        }
        self.next_serial = serial + 1;
        Ok(())
    }
}

impl super::PollingTask for Watcher {
    const STEP: &'static str = "L1 watcher poll";

    fn step(&mut self) -> impl std::future::Future<Output = L1Result<bool>> + Send {
        self.poll()
    }
}
