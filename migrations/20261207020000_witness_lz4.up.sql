-- Batch witnesses are large JSON documents written by the sequencer's writer task while the
-- acknowledgement path shares the same cores: compress them with lz4 instead of the default
-- pglz, which cost about 2.5% of the machine's CPU under load (see BENCHMARKS.md). Only new
-- values are affected; existing rows stay readable either way.
ALTER TABLE batches ALTER COLUMN witness SET COMPRESSION lz4;
