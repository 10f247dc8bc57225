-- The sequencer's durable record (issue 4). The `transactions` table, in `seq` order, is the
-- source of truth: on start the sequencer replays it from the stored genesis and re-seals
-- batches at the boundaries recorded in `batches`, so the in-memory state after a crash is
-- exactly the one it had acknowledged. Blocks and batches only record ranges of `seq`;
-- `proof_jobs` is the queue the prover fleet claims work from.

-- The genesis the chain was started with (one row). The sequencer refuses to start with a
-- different genesis file.
CREATE TABLE genesis (
    id SMALLINT PRIMARY KEY CHECK (id = 1),
    genesis JSONB NOT NULL,
    -- Decimal state root of the genesis state: the root the L1 contract is deployed with.
    state_root TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every accepted transaction, in the order it was applied. Rejected transactions are never
-- written (they changed nothing); the sequencer keeps the recent ones in memory only.
CREATE TABLE transactions (
    -- Global sequence number: the order of application (0, 1, 2, ...).
    seq BIGINT PRIMARY KEY,
    -- L2 transactions: the signing message, big-endian; deposits: SHA-256 of the priority op.
    hash BYTEA NOT NULL,
    -- The transaction exactly as applied (the circuits crate's JSON form).
    tx JSONB NOT NULL,
    -- Deposits only: the L1 priority queue serial id.
    priority_id BIGINT,
    -- Milliseconds since the Unix epoch at which the sequencer received it.
    received_at_ms BIGINT NOT NULL,
    -- The block and batch the transaction was placed in when it was accepted. They are final
    -- at acceptance; the block (batch) is closed (sealed) once its row exists.
    block_number BIGINT NOT NULL,
    batch_number BIGINT NOT NULL
);
CREATE INDEX transactions_hash_idx ON transactions (hash);
CREATE UNIQUE INDEX transactions_priority_id_idx ON transactions (priority_id) WHERE priority_id IS NOT NULL;

-- Closed blocks: a run of transactions every block interval. Blocks never span batches.
CREATE TABLE blocks (
    number BIGINT PRIMARY KEY,
    first_seq BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    tx_count INTEGER NOT NULL,
    -- Decimal state root after the block's last transaction (after the batch's fee credit when
    -- the block closes a batch).
    state_root TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL
);

-- Sealed batches: the unit the provers prove and L1 settles.
CREATE TABLE batches (
    number BIGINT PRIMARY KEY,
    first_seq BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    -- Real transactions in the batch; the remaining slots are Noop padding.
    tx_count INTEGER NOT NULL,
    slots INTEGER NOT NULL,
    first_block BIGINT NOT NULL,
    last_block BIGINT NOT NULL,
    -- Decimal state roots before and after the batch.
    old_state_root TEXT NOT NULL,
    new_state_root TEXT NOT NULL,
    -- The batch's public input (decimal) and the data published on L1.
    commitment TEXT NOT NULL,
    pubdata BYTEA NOT NULL,
    priority_ops INTEGER NOT NULL,
    -- The prover's witness: the circuits crate's SealedBatch as JSON.
    witness JSONB NOT NULL,
    -- 'sealed' when written here; the settlement side (issue 5) moves it on.
    status TEXT NOT NULL DEFAULT 'sealed',
    -- Set by the L1 settlement side (issue 5) once the batch is executed on L1.
    settled_at TIMESTAMPTZ,
    settle_tx_hash TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One proof job per sealed batch. The fleet claims one with
--   UPDATE proof_jobs SET status = 'in_progress', attempts = attempts + 1, picked_by = $1,
--          lease_expires_at = now() + $2, updated_at = now()
--   WHERE batch_number = (SELECT batch_number FROM proof_jobs WHERE status = 'queued'
--                         ORDER BY batch_number LIMIT 1 FOR UPDATE SKIP LOCKED)
--   RETURNING ...;
-- and expired leases go back to 'queued'. Status: queued -> in_progress -> done | failed.
CREATE TABLE proof_jobs (
    batch_number BIGINT PRIMARY KEY REFERENCES batches (number),
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'in_progress', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    picked_by TEXT,
    lease_expires_at TIMESTAMPTZ,
    proof BYTEA,
    last_error TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX proof_jobs_queued_idx ON proof_jobs (batch_number) WHERE status = 'queued';
CREATE INDEX proof_jobs_lease_idx ON proof_jobs (lease_expires_at) WHERE status = 'in_progress';
