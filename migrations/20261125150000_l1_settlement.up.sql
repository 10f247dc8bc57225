-- L1 settlement and the deposit watcher (issue 5). The Rollup contract is the authority on how far
-- each batch got (lastCommitted / lastProven / lastExecuted); on every round the settlement task
-- reads those counters, so a restart never re-sends what L1 already has. These tables record what
-- this sequencer sent (hashes, L1 blocks, gas) for the API, operators and the gas benchmark, and
-- the watcher's position in the L1 log.

-- One row per L1 transaction that moved a batch forward.
CREATE TABLE l1_batch_txs (
    batch_number BIGINT NOT NULL REFERENCES batches (number),
    action TEXT NOT NULL CHECK (action IN ('commit', 'prove', 'execute')),
    -- 0x-hex transaction hash.
    tx_hash TEXT NOT NULL,
    -- The L1 block the transaction was included in, and the gas its receipt reports.
    l1_block BIGINT NOT NULL,
    gas_used BIGINT NOT NULL,
    -- Size of the transaction's calldata (selector and arguments).
    calldata_bytes INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (batch_number, action)
);

-- The L1 watcher's cursor: the first L1 block whose DepositQueued logs it has not fed to the
-- pipeline yet (one row). Losing it costs only a rescan: the pipeline skips serial ids it has.
CREATE TABLE l1_watcher (
    id SMALLINT PRIMARY KEY CHECK (id = 1),
    next_block BIGINT NOT NULL
);

-- batches.status now moves sealed -> committed -> proven -> executed (settled_at and
-- settle_tx_hash are set at 'executed').
ALTER TABLE batches ADD CONSTRAINT batches_status_check
    CHECK (status IN ('sealed', 'committed', 'proven', 'executed'));
