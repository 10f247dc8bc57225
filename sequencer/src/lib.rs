//! The sequencer: the rollup's front door and its ordering authority.
//!
//! It owns
//! - the HTTP/WebSocket API dApps use ([`api`]): submit, transaction status, accounts, Merkle
//!   proofs, blocks, batches, pools, quotes, node status, metrics and the OpenAPI document;
//! - the pipeline ([`pipeline`]) that verifies signatures in parallel batches, orders
//!   transactions first-come-first-served, applies them to the in-memory ledger (every rule, no
//!   Merkle hashing), writes them to Postgres in group commits and only then acknowledges them;
//! - the witness thread ([`witness`]) that replays accepted transactions on the Merkle state
//!   off the acknowledgement path: block roots (every block interval) and batches (sealed when
//!   full or at a deadline, with the prover's witness and a proof job row);
//! - settlement on L1 and the deposit watcher ([`l1`]): Rollup contract bindings, deployment,
//!   commit / prove / execute of every batch, L1 deposits fed in as priority operations;
//! - the Postgres schema's data-access layer ([`dal`], all SQL lives there) and the recovery
//!   ([`recovery`]) that rebuilds the exact acknowledged state after any crash.
//!
//! - the wallet ([`wallet`], the `wallet` CLI): keys, signing and the API and L1 calls a user
//!   makes.
//!
//! The protocol rules themselves (state, transactions, batches) come from the `circuits` crate.

pub mod api;
pub mod config;
pub mod dal;
pub mod genesis;
pub mod l1;
pub mod loadgen;
pub mod metrics;
pub mod node;
pub mod pipeline;
pub mod recovery;
pub mod shared;
pub mod types;
pub mod wallet;
pub mod witness;

pub use genesis::loadgen_key;
