ALTER TABLE batches DROP CONSTRAINT batches_status_check;
DROP TABLE l1_watcher;
DROP TABLE l1_batch_txs;
