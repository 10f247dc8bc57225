//! Integration tests of the sequencer against a real Postgres (DATABASE_URL, set by
//! scripts/test). Each test creates and drops its own database.

mod api_docs;
mod backpressure;
mod bad_input;
mod crash;
mod db_failure;
mod expiry;
mod flow;
mod refunds;
mod support;
mod throughput;
mod witness_rows;
mod ws;
