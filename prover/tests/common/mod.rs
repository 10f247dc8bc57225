//! A chain in a database of its own, written the way the sequencer writes it: migrated with its
//! migrations, the genesis, sealed batches and proof jobs stored with its DAL. Shared by the
//! fleet tests (`tests/fleet.rs`) and the fleet benchmark (`benches/fleet.rs`, which includes
//! this file by path). The prover library cannot hold it: the sequencer depends on the prover.

use circuits::batch::SealedBatch;
use circuits::genesis::Genesis;
use prover::fleet::dal::FleetDal;
use sequencer::dal::models::NewBatch;
use sequencer::dal::scratch::ScratchDb;
use sequencer::dal::{Dal, StorageExt, MIGRATOR};
use sequencer::types::fr_hex;

/// A database of its own on the `DATABASE_URL` server, holding a chain; dropped by
/// [`ChainDb::drop`].
pub(crate) struct ChainDb {
    /// Its URL.
    pub(crate) url: String,
    db: ScratchDb,
    /// The fleet's access to it.
    pub(crate) fleet: FleetDal,
}

impl ChainDb {
    /// Creates a database named `<prefix>_<pid>_<counter>_<nanos>`, migrates it and stores the
    /// genesis and the batches, without proof jobs.
    pub(crate) async fn create(prefix: &str, genesis: &Genesis, batches: &[NewBatch]) -> Self {
        let db = ScratchDb::create(prefix).await;
        let url = db.url.clone();
        let dal = Dal::connect(&url, 2).await.expect("connect to the new database");
        MIGRATOR.run(dal.pool()).await.expect("migrate");

        let root = fr_hex(&genesis.build().expect("a valid genesis").root());
        let mut conn = dal.acquire().await.unwrap();
        conn.genesis_dal().insert(&serde_json::to_string(genesis).unwrap(), &root).await.unwrap();
        for batch in batches {
            conn.batches_dal().insert(batch).await.unwrap();
        }
        drop(conn);
        dal.pool().close().await;
        Self { fleet: FleetDal::connect(&url).await.unwrap(), url, db }
    }

    /// Queues a proof job for each batch, all in one database transaction (the jobs appear
    /// together, with the same `created_at`).
    pub(crate) async fn enqueue(&self, batch_numbers: &[i64]) {
        let dal = Dal::connect(&self.url, 2).await.unwrap();
        let mut tx = dal.begin().await.unwrap();
        for &number in batch_numbers {
            tx.proof_jobs_dal().insert_queued(number).await.unwrap();
        }
        Dal::commit(tx).await.unwrap();
        dal.pool().close().await;
    }

    /// Drops the database (whoever still uses it is disconnected).
    pub(crate) async fn drop(self) {
        self.fleet.pool().close().await;
        self.db.drop().await;
    }
}

/// The row the sequencer writes for a sealed batch (see its pipeline), with the batch's own
/// witness or `witness` instead. Sequence and block numbers are made up: the fleet ignores them.
pub(crate) fn batch_row(batch: &SealedBatch, witness: Option<&str>) -> NewBatch {
    let n = batch.number as i64;
    NewBatch {
        number: n,
        first_seq: 2 * n - 2,
        last_seq: 2 * n - 1,
        tx_count: 2,
        slots: batch.slots.len() as i32,
        transfer_slots: batch.transfer_slots as i32,
        first_block: n,
        last_block: n,
        old_state_root: fr_hex(&batch.roots_before.state_root()),
        new_state_root: fr_hex(&batch.roots_after.state_root()),
        commitment: fr_hex(&batch.commitment()),
        pubdata: batch.pubdata.clone(),
        priority_ops: batch.priority_ops as i32,
        witness_json: witness.map_or_else(|| serde_json::to_string(batch).unwrap(), str::to_string),
    }
}
