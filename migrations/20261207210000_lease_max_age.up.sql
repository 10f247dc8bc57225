-- When a proof job was claimed: a lease kept alive by heartbeats still ends at a maximum age, so a
-- worker that hangs while its heartbeat runs cannot hold a batch forever.
ALTER TABLE proof_jobs ADD COLUMN claimed_at TIMESTAMPTZ;
