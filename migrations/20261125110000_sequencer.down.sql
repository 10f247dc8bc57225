-- Reverts 20261125110000_sequencer: drops the sequencer's tables (development only; this loses
-- every accepted transaction).
DROP TABLE IF EXISTS proof_jobs;
DROP TABLE IF EXISTS batches;
DROP TABLE IF EXISTS blocks;
DROP TABLE IF EXISTS transactions;
DROP TABLE IF EXISTS genesis;
