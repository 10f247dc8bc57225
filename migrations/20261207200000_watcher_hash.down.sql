ALTER TABLE l1_watcher DROP COLUMN last_block_hash;
