-- Transfer slots (issue 3): a batch's first `transfer_slots` slots hold only transfers, fixed by
-- the circuit's layout at set-up (circuits/src/batch.rs SlotLayout). Recorded per batch, so that
-- a replay re-seals every stored batch with its own layout, and provers claim only batches of
-- their keys' layout. Batches before this column were all-general.
ALTER TABLE batches ADD COLUMN transfer_slots INTEGER NOT NULL DEFAULT 0 CHECK (transfer_slots >= 0);
