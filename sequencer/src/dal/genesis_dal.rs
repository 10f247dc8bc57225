//! The `genesis` table: the one genesis a chain is started with.

use sqlx::PgConnection;

use super::models::StoredGenesis;
use super::{DalResult, WithMethod};

/// Reads and writes the stored genesis.
#[derive(Debug)]
pub struct GenesisDal<'a> {
    pub(super) conn: &'a mut PgConnection,
}

impl GenesisDal<'_> {
    /// The stored genesis, if any.
    pub async fn get(&mut self) -> DalResult<Option<StoredGenesis>> {
        sqlx::query_as("SELECT genesis::text AS genesis, state_root FROM genesis WHERE id = 1")
            .fetch_optional(&mut *self.conn)
            .await
            .method("GenesisDal::get")
    }

    /// Stores the genesis (first start only; fails when one is stored).
    pub async fn insert(&mut self, genesis_json: &str, state_root: &str) -> DalResult<()> {
        sqlx::query("INSERT INTO genesis (id, genesis, state_root) VALUES (1, $1::jsonb, $2)")
            .bind(genesis_json)
            .bind(state_root)
            .execute(&mut *self.conn)
            .await
            .method("GenesisDal::insert")?;
        Ok(())
    }
}
