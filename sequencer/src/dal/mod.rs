//! The data-access layer: every SQL statement of the sequencer lives in this module, one struct
//! per table group, reached from a connection through [`StorageExt`]. Each method runs one
//! statement and returns typed rows ([`models`]). Queries are checked at run time
//! (`sqlx::query_as`), so the crate builds without a database.

mod batches_dal;
mod blocks_dal;
mod genesis_dal;
mod l1_dal;
pub mod models;
mod proof_jobs_dal;
pub mod scratch;
mod transactions_dal;

use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnection, PgPool, PgPoolOptions};
use sqlx::Postgres;

pub use batches_dal::BatchesDal;
pub use blocks_dal::BlocksDal;
pub use genesis_dal::GenesisDal;
pub use l1_dal::L1Dal;
pub use proof_jobs_dal::ProofJobsDal;
pub use transactions_dal::TransactionsDal;

/// The schema migrations in `migrations/` (embedded at build time).
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// A failed database call, with the DAL method that made it.
#[derive(Debug, thiserror::Error)]
#[error("database error in {method}: {source}")]
pub struct DalError {
    /// `Struct::method` of the failing call.
    pub method: &'static str,
    /// What sqlx reported.
    #[source]
    pub source: sqlx::Error,
}

/// Result of a DAL call.
pub type DalResult<T> = Result<T, DalError>;

/// Attaches the method name to a sqlx error.
pub(crate) trait WithMethod<T> {
    fn method(self, method: &'static str) -> DalResult<T>;
}

impl<T> WithMethod<T> for Result<T, sqlx::Error> {
    fn method(self, method: &'static str) -> DalResult<T> {
        self.map_err(|source| DalError { method, source })
    }
}

/// The connection pool.
#[derive(Clone, Debug)]
pub struct Dal {
    pool: PgPool,
}

impl Dal {
    /// Connects a pool of at most `max_connections`.
    pub async fn connect(url: &str, max_connections: u32) -> DalResult<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(2))
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .method("Dal::connect")?;
        Ok(Self { pool })
    }

    /// Applies pending migrations.
    pub async fn migrate(&self) -> DalResult<()> {
        MIGRATOR.run(&self.pool).await.map_err(sqlx::Error::from).method("Dal::migrate")
    }

    /// A pooled connection.
    pub async fn acquire(&self) -> DalResult<PoolConnection<Postgres>> {
        self.pool.acquire().await.method("Dal::acquire")
    }

    /// A database transaction on a pooled connection (commit it; dropping rolls back).
    pub async fn begin(&self) -> DalResult<sqlx::Transaction<'static, Postgres>> {
        self.pool.begin().await.method("Dal::begin")
    }

    /// Commits a database transaction.
    pub async fn commit(tx: sqlx::Transaction<'static, Postgres>) -> DalResult<()> {
        tx.commit().await.method("Dal::commit")
    }

    /// The underlying pool.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// The table groups, reachable from any Postgres connection or transaction.
pub trait StorageExt {
    /// The `genesis` table.
    fn genesis_dal(&mut self) -> GenesisDal<'_>;
    /// The `transactions` table.
    fn transactions_dal(&mut self) -> TransactionsDal<'_>;
    /// The `blocks` table.
    fn blocks_dal(&mut self) -> BlocksDal<'_>;
    /// The `batches` table.
    fn batches_dal(&mut self) -> BatchesDal<'_>;
    /// The `proof_jobs` table.
    fn proof_jobs_dal(&mut self) -> ProofJobsDal<'_>;
    /// The L1 settlement and watcher tables.
    fn l1_dal(&mut self) -> L1Dal<'_>;
}

impl StorageExt for PgConnection {
    fn genesis_dal(&mut self) -> GenesisDal<'_> {
        GenesisDal { conn: self }
    }
    fn transactions_dal(&mut self) -> TransactionsDal<'_> {
        TransactionsDal { conn: self }
    }
    fn blocks_dal(&mut self) -> BlocksDal<'_> {
        BlocksDal { conn: self }
    }
    fn batches_dal(&mut self) -> BatchesDal<'_> {
        BatchesDal { conn: self }
    }
    fn proof_jobs_dal(&mut self) -> ProofJobsDal<'_> {
        ProofJobsDal { conn: self }
    }
    fn l1_dal(&mut self) -> L1Dal<'_> {
        L1Dal { conn: self }
    }
}
