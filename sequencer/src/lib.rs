//! The sequencer: accepts signed transactions, orders them into blocks and seals batches.
//! Its HTTP API and Postgres persistence arrive with issue 4.
