//! The start-up check against the Rollup contract: a sequencer refuses to run against a
//! contract that is not its chain. Another operator, slot layout or genesis root would make
//! every commit revert (or, for the root, settle a different chain), so it is said at once
//! instead of as failed L1 steps later.

use alloy::primitives::U256;
use circuits::batch::SlotLayout;

use super::bindings::Rollup;
use super::{b256, L1Error, L1Result, L1Settings};

/// Checks the contract's operator, transfer slots and genesis root against this sequencer's.
pub async fn check_contract(settings: &L1Settings, layout: SlotLayout, genesis_root: &str) -> L1Result<()> {
    let rollup = Rollup::new(settings.rollup, settings.provider.clone());
    let mismatch = |what: &str, contract: String, ours: String| {
        Err(L1Error::Config(format!(
            "the Rollup contract at {} is not this chain: its {what} is {contract}, this sequencer's is {ours}",
            settings.rollup
        )))
    };
    let operator = rollup.operator().call().await?;
    if operator != settings.operator {
        return mismatch("operator", operator.to_string(), format!("{} (--operator-key)", settings.operator));
    }
    let transfer_slots = rollup.transferSlots().call().await?;
    if transfer_slots != U256::from(layout.transfer_slots) {
        return mismatch(
            "transferSlots",
            transfer_slots.to_string(),
            format!("{} (--transfer-slots)", layout.transfer_slots),
        );
    }
    let genesis = rollup.batchInfo(0).call().await?.newStateRoot;
    if genesis != b256(genesis_root)? {
        return mismatch("genesis root", genesis.to_string(), genesis_root.to_string());
    }
    tracing::info!(rollup = %settings.rollup, %operator, "the Rollup contract matches this chain");
    Ok(())
}
