ALTER TABLE proof_jobs DROP COLUMN claimed_at;
