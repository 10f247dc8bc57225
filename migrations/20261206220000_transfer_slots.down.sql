ALTER TABLE batches DROP COLUMN transfer_slots;
