-- The deposit watcher records the hash of the last L1 block it scanned, so that a reorg that
-- reaches below its cursor (deeper than its confirmations) is detected instead of ignored.
ALTER TABLE l1_watcher ADD COLUMN last_block_hash TEXT;
