//! The embedded SQLite database: opening, pragmas, migrations, and running
//! blocking queries off the async runtime.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::Connection;

use crate::error::ApiError;

/// Migrations in order; `PRAGMA user_version` records how many have run.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_wechat.sql"),
    include_str!("../migrations/0003_appointments.sql"),
    include_str!("../migrations/0004_payments.sql"),
    include_str!("../migrations/0005_ratings.sql"),
    include_str!("../migrations/0006_working_calendar.sql"),
    include_str!("../migrations/0007_trust.sql"),
];

/// One connection behind a mutex. The reference server's load is small, and a
/// single writer makes transactions (idempotent orders, slot capacity) simple.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

impl Db {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Db, rusqlite::Error> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| rusqlite::Error::InvalidPath(format!("cannot create {}: {e}", dir.display()).into()))?;
        }
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        Self::prepare(conn)
    }

    /// A private in-memory database (tests).
    pub fn open_in_memory() -> Result<Db, rusqlite::Error> {
        Self::prepare(Connection::open_in_memory()?)
    }

    fn prepare(mut conn: Connection) -> Result<Db, rusqlite::Error> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        migrate(&mut conn)?;
        Ok(Db { conn: Arc::new(Mutex::new(conn)) })
    }

    /// Runs `f` with the connection on a blocking thread.
    pub async fn call<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, ApiError> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().map_err(|_| ApiError::internal("database mutex poisoned"))?;
            f(&mut guard)
        })
        .await
        .map_err(|e| ApiError::internal(format!("database task failed: {e}")))?
    }

    /// Runs `f` synchronously (start-up and seeding, before the runtime serves).
    pub fn with_conn<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> Result<T, ApiError> {
        let mut guard = self.conn.lock().map_err(|_| ApiError::internal("database mutex poisoned"))?;
        Ok(f(&mut guard))
    }
}

fn migrate(conn: &mut Connection) -> Result<(), rusqlite::Error> {
    let applied: usize = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reopening_a_file_keeps_data_and_does_not_rerun_migrations() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("nested/utility.sqlite3");
        let db = Db::open(&path).expect("opens");
        db.with_conn(|c| c.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')", []))
            .expect("lock")
            .expect("insert");
        drop(db);
        let db = Db::open(&path).expect("reopens");
        let (value, mode): (String, String) = db
            .with_conn(|c| {
                let v = c.query_row("SELECT value FROM meta WHERE key = 'k'", [], |r| r.get(0))?;
                let m = c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
                Ok::<_, rusqlite::Error>((v, m))
            })
            .expect("lock")
            .expect("query");
        assert_eq!(value, "v");
        assert_eq!(mode, "wal");
    }
}
