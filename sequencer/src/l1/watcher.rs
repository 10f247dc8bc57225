//! The L1 watcher: reads the Rollup contract's `DepositQueued` logs once they are
//! `confirmations` blocks deep and hands each deposit to the pipeline as priority operation
//! `priorityOpId`, in order and exactly once.
//!
//! Exactly once: the pipeline refuses serial ids below its next priority id, the watcher skips
//! them itself (its next id comes from the stored transactions at start), and its block cursor
//! is stored only after every deposit up to it was accepted, so a crash rescans at worst a
//! range whose deposits are then skipped.
//!
//! Reorgs. Deposits are counted from the `latest` head `confirmations` deep, or from the node's
//! `safe` or `finalized` block (`--l1-finality`; a finalized deposit cannot be reorged away).
//! A deposit whose block is reorged away before it is confirmed is never seen. Each log's block
//! must still be canonical when it is fed (otherwise the range is scanned again at the next
//! poll), and the cursor is stored with the hash of the last block scanned: when that block is
//! no longer canonical, a reorg went deeper than the confirmations, deposits fed to L2 may be
//! gone from L1, and the watcher stops with an error at every poll (and
//! `sequencer_l1_reorgs_detected_total`) instead of feeding on.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use alloy::eips::BlockNumberOrTag;
use alloy::primitives::B256;
use alloy::providers::Provider;
use circuits::key_defect::PackedKey;
use circuits::state::L1Address;
use circuits::tx::Deposit;
use tokio::sync::watch;

use super::bindings::Rollup::{self, RollupInstance};
use super::{L1Error, L1Provider, L1Result, L1Settings};
use crate::config::L1Finality;
use crate::dal::{Dal, StorageExt};
use crate::metrics::Metrics;
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
    metrics: Arc<Metrics>,
    confirmations: u64,
    finality: L1Finality,
    next_block: u64,
    /// Hash of block `next_block - 1` when it was scanned (`None` before the first scan).
    last_hash: Option<B256>,
    next_serial: u64,
}

impl Watcher {
    /// A watcher resuming from the stored cursor (or `settings.from_block`) and the stored
    /// deposits.
    pub async fn new(
        settings: &L1Settings,
        dal: Dal,
        pipeline: PipelineHandle,
        metrics: Arc<Metrics>,
    ) -> L1Result<Self> {
        let mut conn = dal.acquire().await?;
        let (next_block, last_hash) = match conn.l1_dal().watcher_cursor().await? {
            Some((block, hash)) => (
                block as u64,
                hash.map(|h| h.parse::<B256>())
                    .transpose()
                    .map_err(|e| L1Error::Inconsistent(format!("stored watcher block hash: {e}")))?,
            ),
            None => (settings.from_block, None),
        };
        let next_serial = conn.l1_dal().next_priority_id().await? as u64;
        drop(conn);
        Ok(Self {
            rollup: Rollup::new(settings.rollup, settings.provider.clone()),
            provider: settings.provider.clone(),
            dal,
            pipeline,
            metrics,
            confirmations: settings.confirmations,
            finality: settings.finality,
            next_block,
            last_hash,
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
        self.check_cursor_is_canonical().await?;
        let head = match self.finality {
            L1Finality::Latest => self.provider.get_block_number().await?,
            L1Finality::Safe => self.block(BlockNumberOrTag::Safe).await?.0,
            L1Finality::Finalized => self.block(BlockNumberOrTag::Finalized).await?.0,
        };
        let Some(confirmed) = head.checked_sub(self.confirmations) else { return Ok(false) };
        if confirmed < self.next_block {
            return Ok(false);
        }
        let to = confirmed.min(self.next_block + MAX_LOG_RANGE - 1);
        let (_, end_hash) = self.block(to.into()).await?;
        let mut logs = self.rollup.DepositQueued_filter().from_block(self.next_block).to_block(to).query().await?;
        logs.sort_by_key(|(event, _)| event.priorityOpId);
        for (_, log) in &logs {
            let number = log.block_number.unwrap_or_default();
            if log.block_hash != Some(self.block(number.into()).await?.1) {
                tracing::warn!(l1_block = number, "a deposit's L1 block was reorged during the scan: scanning again");
                return Ok(false);
            }
        }
        for (event, log) in logs {
            self.feed(event, log.block_number, log.block_hash).await?;
        }
        self.dal.acquire().await?.l1_dal().set_watcher_cursor((to + 1) as i64, &end_hash.to_string()).await?;
        self.next_block = to + 1;
        self.last_hash = Some(end_hash);
        Ok(to < confirmed)
    }

    /// A block's number and hash.
    async fn block(&self, id: BlockNumberOrTag) -> L1Result<(u64, B256)> {
        let block = self
            .provider
            .get_block_by_number(id)
            .await?
            .ok_or_else(|| L1Error::Inconsistent(format!("the L1 node has no block {id}")))?;
        Ok((block.header.number, block.header.hash))
    }

    /// Fails, loudly and at every poll, when the last block scanned is no longer canonical.
    async fn check_cursor_is_canonical(&self) -> L1Result<()> {
        let (Some(scanned), Some(last)) = (self.last_hash, self.next_block.checked_sub(1)) else { return Ok(()) };
        let now = self.provider.get_block_by_number(last.into()).await?.map(|block| block.header.hash);
        if now == Some(scanned) {
            return Ok(());
        }
        self.metrics.l1_reorgs_detected.fetch_add(1, Ordering::Relaxed);
        tracing::error!(
            l1_block = last,
            scanned = %scanned,
            now = ?now,
            "L1 reorg below the watcher's cursor: deposits fed to L2 may be gone from L1; the watcher stops \
             (run with more --l1-confirmations, or --l1-finality finalized)"
        );
        Err(L1Error::Inconsistent(format!("L1 block {last} was {scanned} when scanned and is {now:?} now")))
    }

    async fn feed(&mut self, event: Rollup::DepositQueued, block: Option<u64>, hash: Option<B256>) -> L1Result<()> {
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
                tracing::info!(serial, l1_block = block, l1_block_hash = ?hash, seq = accepted.seq, "deposit fed to L2");
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
