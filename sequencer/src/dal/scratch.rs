//! Throw-away databases for tests and benchmarks (of this crate and of the crates that read
//! its schema): each gets a database of its own on the server that `DATABASE_URL` names, so
//! that tests can run in parallel against one private cluster, and drops it afterwards.
//! Administrative statements only; the schema's own SQL stays in the DAL structs.

use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::{Connection, PgConnection};

/// The server URL from the environment. Tests fail, never pass silently, without it.
pub fn database_url_from_env() -> String {
    std::env::var("DATABASE_URL").expect(
        "DATABASE_URL is not set: run the tests through scripts/test, or `eval \"$(bash scripts/pg env)\"` first",
    )
}

/// `url` with its database name replaced by `name` (query parameters dropped).
fn with_database(url: &str, name: &str) -> String {
    let base = url.split('?').next().unwrap_or(url);
    let (server, _) = base.rsplit_once('/').expect("DATABASE_URL has a database name");
    format!("{server}/{name}")
}

/// A database created for one test; [`ScratchDb::drop`] removes it.
#[derive(Debug)]
pub struct ScratchDb {
    /// Its URL.
    pub url: String,
    name: String,
}

impl ScratchDb {
    /// Creates an empty database named `<prefix>_<pid>_<counter>_<nanos>` on the
    /// `DATABASE_URL` server (not migrated: see [`super::MIGRATOR`]).
    pub async fn create(prefix: &str) -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let admin = database_url_from_env();
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
        let name =
            format!("{prefix}_{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed), nanos % 100_000);
        let mut conn = PgConnection::connect(&admin).await.expect("connect to DATABASE_URL");
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create a scratch database");
        Self { url: with_database(&admin, &name), name }
    }

    /// Drops the database; whoever still uses it is disconnected.
    pub async fn drop(self) {
        let mut conn = PgConnection::connect(&database_url_from_env()).await.expect("connect to DATABASE_URL");
        sqlx::query(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name))
            .execute(&mut conn)
            .await
            .expect("drop the scratch database");
    }
}
