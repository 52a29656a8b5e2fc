//! The embedded SQLite database: opening, pragmas, migrations, and running blocking queries
//! off the async runtime.
//!
//! One writer connection behind a mutex runs every change ([`Db::call`], on a blocking thread),
//! so transactions (idempotent orders, slot capacity) stay simple. Reads run on a pool of
//! read-only connections to the same file ([`Db::read`]): under WAL they read side by side, and
//! beside the writer, each statement seeing what was committed when its read transaction began.
//! Nothing holds a read transaction open between calls, so a read that starts after a write's
//! commit sees it.
//!
//! The writer also tells caches when tables they depend on change ([`Db::version`]).

use std::path::Path;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rusqlite::hooks::Action;
use rusqlite::{Connection, OpenFlags};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

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
    include_str!("../migrations/0008_payees.sql"),
    include_str!("../migrations/0009_pay_for_others.sql"),
    include_str!("../migrations/0010_guidance.sql"),
];

/// Prepared statements each connection keeps (`prepare_cached`): more than the server's
/// distinct hot queries, so none is compiled again per request.
const STATEMENT_CACHE: usize = 128;

/// How long a statement waits for a lock (the writer's, or a checkpoint's) before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Tables whose changes caches follow: each change through the writer moves the table's
/// [`Db::version`] on once it is committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watched {
    Halls,
    HallClosures,
    HallServices,
    Services,
    Ratings,
}

impl Watched {
    pub const ALL: [Watched; 5] =
        [Watched::Halls, Watched::HallClosures, Watched::HallServices, Watched::Services, Watched::Ratings];

    pub fn table(self) -> &'static str {
        match self {
            Watched::Halls => "halls",
            Watched::HallClosures => "hall_closures",
            Watched::HallServices => "hall_services",
            Watched::Services => "services",
            Watched::Ratings => "ratings",
        }
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// The versions of the [`Watched`] tables. The writer's update hook marks a table as changed
/// while a statement runs; the marks are published (the versions moved on) when the writer's call
/// ends, after its commit, while it still holds the writer. A cache that reads a version before
/// it reads the database, and keeps what it read under that version, can then never keep old data
/// under a new version.
#[derive(Default)]
struct Versions {
    /// Tables changed by the writer's current call, one bit per [`Watched`].
    changed: Arc<AtomicU32>,
    versions: [AtomicU64; Watched::ALL.len()],
}

impl Versions {
    fn watch(&self, conn: &Connection) {
        let changed = self.changed.clone();
        conn.update_hook(Some(move |_: Action, database: &str, table: &str, _: i64| {
            if database == "main" {
                if let Some(watched) = Watched::ALL.iter().find(|w| w.table() == table) {
                    changed.fetch_or(watched.bit(), Ordering::AcqRel);
                }
            }
        }));
    }

    /// Call while holding the writer, after its work.
    fn publish(&self) {
        let changed = self.changed.swap(0, Ordering::AcqRel);
        for (watched, version) in Watched::ALL.iter().zip(&self.versions) {
            if changed & watched.bit() != 0 {
                version.fetch_add(1, Ordering::AcqRel);
            }
        }
    }
}

/// The read-only connections and a permit for each idle one.
struct Readers {
    idle: Mutex<Vec<Connection>>,
    permits: Arc<Semaphore>,
    size: usize,
}

impl Readers {
    /// Runs `f` on an idle reader, which `permit` (one of [`Readers::permits`]) guarantees.
    fn run<T>(
        &self,
        permit: OwnedSemaphorePermit,
        f: impl FnOnce(&Connection) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let conn = self.idle.lock().map_err(poisoned)?.pop();
        let lease = Lease { conn, readers: self };
        let conn = lease.conn.as_ref().ok_or_else(|| ApiError::internal("no idle read connection for a permit"))?;
        let answer = f(conn);
        // The connection goes back before the permit that lets the next read take it.
        drop(lease);
        drop(permit);
        answer
    }
}

/// A reader taken from the pool; it goes back when dropped, whatever happened meanwhile.
struct Lease<'a> {
    conn: Option<Connection>,
    readers: &'a Readers,
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            self.readers.idle.lock().unwrap_or_else(PoisonError::into_inner).push(conn);
        }
    }
}

struct Inner {
    writer: Mutex<Connection>,
    /// `None` for an in-memory database, which other connections cannot open: reads then run on
    /// the writer with `PRAGMA query_only` on, so they still cannot write.
    readers: Option<Readers>,
    versions: Versions,
}

#[derive(Clone)]
pub struct Db {
    inner: Arc<Inner>,
}

fn poisoned<T>(_: PoisonError<T>) -> ApiError {
    ApiError::internal("database mutex poisoned")
}

fn joined(e: tokio::task::JoinError) -> ApiError {
    ApiError::internal(format!("database task failed: {e}"))
}

/// Read connections when none is asked for: one per core (as many as the runtime has workers),
/// at least 2.
pub fn default_readers() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).max(2)
}

impl Db {
    /// Opens (creating if needed) the database file, brings its schema up to date, and opens
    /// [`default_readers`] read connections beside the writer.
    pub fn open(path: &Path) -> Result<Db, rusqlite::Error> {
        Self::open_with_readers(path, default_readers())
    }

    /// [`Db::open`] with `readers` read connections (at least 1).
    pub fn open_with_readers(path: &Path, readers: usize) -> Result<Db, rusqlite::Error> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| rusqlite::Error::InvalidPath(format!("cannot create {}: {e}", dir.display()).into()))?;
        }
        let writer = Connection::open(path)?;
        writer.busy_timeout(BUSY_TIMEOUT)?;
        writer.pragma_update(None, "journal_mode", "WAL")?;
        let writer = Self::prepare(writer)?;
        // Opened once the file is in WAL mode and migrated; the writer stays open, so the
        // `-wal` and `-shm` files a read-only connection needs are there.
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let idle = (0..readers.max(1))
            .map(|_| {
                let conn = Connection::open_with_flags(path, flags)?;
                conn.busy_timeout(BUSY_TIMEOUT)?;
                conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
                Ok(conn)
            })
            .collect::<Result<Vec<_>, rusqlite::Error>>()?;
        let size = idle.len();
        let readers = Readers { idle: Mutex::new(idle), permits: Arc::new(Semaphore::new(size)), size };
        Ok(Self::with(writer, Some(readers)))
    }

    /// A private in-memory database (tests). Reads run on the writer, read-only.
    pub fn open_in_memory() -> Result<Db, rusqlite::Error> {
        Ok(Self::with(Self::prepare(Connection::open_in_memory()?)?, None))
    }

    fn prepare(mut conn: Connection) -> Result<Connection, rusqlite::Error> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        migrate(&mut conn)?;
        Ok(conn)
    }

    fn with(writer: Connection, readers: Option<Readers>) -> Db {
        let versions = Versions::default();
        versions.watch(&writer);
        Db { inner: Arc::new(Inner { writer: Mutex::new(writer), readers, versions }) }
    }

    /// How many read connections run reads side by side (0: reads share the writer).
    pub fn readers(&self) -> usize {
        self.inner.readers.as_ref().map_or(0, |r| r.size)
    }

    /// Runs `f` with the writer connection on a blocking thread: everything that changes data,
    /// and reads that must be in a change's transaction.
    pub async fn call<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, ApiError> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || inner.write(f)?).await.map_err(joined)?
    }

    /// Runs `f` on a read-only connection. Reads do not wait for each other nor for the writer
    /// (up to one per read connection at a time); each statement sees what had been committed when
    /// it started, so a read issued after a change has answered sees it. A read that also needs to
    /// write belongs in [`Db::call`]: here any write fails.
    ///
    /// With a reader free, `f` runs right here, on the task's thread: the server's reads take
    /// microseconds, and sending each to a blocking thread and back cost several times the read
    /// (a profile under load was mostly thread switches). Readers are at least as many as the
    /// runtime's workers, so a worker finds one free unless reads also run elsewhere; then the
    /// read waits for one without holding a thread, and runs on a blocking thread. `f` must
    /// therefore be a short read: no waiting on anything but the database.
    pub async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, ApiError> + Send + 'static,
    {
        let Some(readers) = &self.inner.readers else {
            let inner = self.inner.clone();
            return tokio::task::spawn_blocking(move || inner.read_on_writer(f)).await.map_err(joined)?;
        };
        if let Ok(permit) = readers.permits.clone().try_acquire_owned() {
            return readers.run(permit, f);
        }
        let permit = readers
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::internal("the read connections are closed"))?;
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            inner.readers.as_ref().ok_or_else(|| ApiError::internal("the read connections are gone"))?.run(permit, f)
        })
        .await
        .map_err(joined)?
    }

    /// Runs `f` synchronously on the writer (start-up and seeding, before the runtime serves).
    pub fn with_conn<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> Result<T, ApiError> {
        self.inner.write(f)
    }

    /// The version of the data in `tables`: it moves on when any of them changes, once the change
    /// is committed. Read it before reading the data a cache keeps under it.
    pub fn version(&self, tables: &[Watched]) -> u64 {
        Watched::ALL
            .iter()
            .zip(&self.inner.versions.versions)
            .filter(|(watched, _)| tables.contains(watched))
            .map(|(_, version)| version.load(Ordering::Acquire))
            .fold(0, u64::wrapping_add)
    }
}

impl Inner {
    fn write<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> Result<T, ApiError> {
        let mut guard = self.writer.lock().map_err(poisoned)?;
        let answer = f(&mut guard);
        self.versions.publish();
        Ok(answer)
    }

    fn read_on_writer<T>(&self, f: impl FnOnce(&Connection) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let guard = self.writer.lock().map_err(poisoned)?;
        guard.pragma_update(None, "query_only", true)?;
        let answer = f(&guard);
        guard.pragma_update(None, "query_only", false)?;
        answer
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
    use std::sync::atomic::AtomicUsize;
    use std::time::Instant;

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

    fn meta(conn: &Connection) -> Result<Vec<String>, ApiError> {
        let mut statement = conn.prepare_cached("SELECT value FROM meta ORDER BY key")?;
        let values = statement.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(values)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn reads_run_side_by_side_and_beside_an_open_write_and_see_it_once_committed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = Db::open_with_readers(&dir.path().join("db.sqlite3"), 2).expect("opens");
        assert_eq!(db.readers(), 2);
        // The writer holds a transaction open with a row not yet committed.
        let (began, begun) = std::sync::mpsc::channel();
        let (commit, committing) = std::sync::mpsc::channel::<()>();
        let writing = db.clone();
        let writer = tokio::spawn(async move {
            writing
                .call(move |conn| {
                    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                    tx.execute("INSERT INTO meta (key, value) VALUES ('a', 'written')", [])?;
                    began.send(()).map_err(|e| ApiError::internal(e.to_string()))?;
                    committing.recv().map_err(|e| ApiError::internal(e.to_string()))?;
                    tx.commit()?;
                    Ok(())
                })
                .await
        });
        tokio::task::spawn_blocking(move || begun.recv()).await.expect("joined").expect("the writer began");
        // Two reads at once, from two threads: each waits, up to a deadline, until the other is
        // inside too.
        let inside = Arc::new(AtomicUsize::new(0));
        let runtime = tokio::runtime::Handle::current();
        let reads: Vec<_> = (0..2)
            .map(|_| {
                let (db, inside, runtime) = (db.clone(), inside.clone(), runtime.clone());
                std::thread::spawn(move || {
                    runtime.block_on(db.read(move |conn| {
                        inside.fetch_add(1, Ordering::SeqCst);
                        let deadline = Instant::now() + Duration::from_secs(10);
                        while inside.load(Ordering::SeqCst) < 2 && Instant::now() < deadline {
                            std::thread::sleep(Duration::from_millis(1));
                        }
                        Ok((inside.load(Ordering::SeqCst), meta(conn)?))
                    }))
                })
            })
            .collect();
        for read in reads {
            let (together, seen) = read.join().expect("joined").expect("read");
            assert_eq!(together, 2, "the two reads ran side by side");
            assert!(seen.is_empty(), "an uncommitted row is not seen: {seen:?}");
        }
        commit.send(()).expect("the writer waits");
        writer.await.expect("joined").expect("committed");
        assert_eq!(db.read(meta).await.expect("read"), ["written"], "a read after the commit sees it");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_read_waits_for_a_reader_when_all_are_busy() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = Db::open_with_readers(&dir.path().join("db.sqlite3"), 1).expect("opens");
        let (entered, inside) = std::sync::mpsc::channel();
        let (leave, leaving) = std::sync::mpsc::channel::<()>();
        let busy = {
            let (db, runtime) = (db.clone(), tokio::runtime::Handle::current());
            std::thread::spawn(move || {
                runtime.block_on(db.read(move |conn| {
                    entered.send(()).map_err(|e| ApiError::internal(e.to_string()))?;
                    leaving.recv().map_err(|e| ApiError::internal(e.to_string()))?;
                    meta(conn)
                }))
            })
        };
        tokio::task::spawn_blocking(move || inside.recv()).await.expect("joined").expect("the first read began");
        let waiting = tokio::spawn({
            let db = db.clone();
            async move { db.read(meta).await }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!waiting.is_finished(), "the only reader is busy");
        leave.send(()).expect("the first read waits");
        busy.join().expect("joined").expect("read");
        assert_eq!(waiting.await.expect("joined").expect("read"), Vec::<String>::new(), "then it reads");
    }

    #[tokio::test]
    async fn a_read_cannot_write_whether_on_a_reader_or_in_memory_on_the_writer() {
        let dir = tempfile::tempdir().expect("temp dir");
        let on_file = Db::open_with_readers(&dir.path().join("db.sqlite3"), 1).expect("opens");
        let in_memory = Db::open_in_memory().expect("opens");
        assert_eq!(in_memory.readers(), 0);
        for db in [on_file, in_memory] {
            let write = |conn: &Connection| -> Result<usize, ApiError> {
                Ok(conn.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')", [])?)
            };
            assert!(db.read(write).await.is_err(), "a read refuses to write");
            // The writer still writes, and reads see it.
            db.call(move |conn| write(conn)).await.expect("the writer writes");
            assert_eq!(db.read(meta).await.expect("read"), ["v"]);
        }
    }

    #[tokio::test]
    async fn a_watched_table_moves_on_when_the_writer_changes_it() {
        let db = Db::open_in_memory().expect("opens");
        let ratings = db.version(&[Watched::Ratings]);
        let halls = db.version(&[Watched::Halls, Watched::Services]);
        db.read(|conn| Ok(conn.query_row("SELECT COUNT(*) FROM ratings", [], |r| r.get::<_, i64>(0))?))
            .await
            .expect("read");
        db.call(|conn| Ok(conn.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')", [])?)).await.expect("write");
        assert_eq!(db.version(&[Watched::Ratings]), ratings, "reads and other tables leave it be");
        db.with_conn(|conn| {
            conn.execute(
                "INSERT INTO services (code, name, name_en, minutes, checklist) VALUES ('x', 'x', 'x', 1, '[]')",
                [],
            )
        })
        .expect("lock")
        .expect("insert");
        assert_eq!(db.version(&[Watched::Ratings]), ratings);
        assert_ne!(db.version(&[Watched::Halls, Watched::Services]), halls, "a change to one of them moves it");
        // Every watched name is a table of the schema.
        for watched in Watched::ALL {
            let exists: bool = db
                .with_conn(|c| {
                    c.query_row(
                        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1)",
                        [watched.table()],
                        |r| r.get(0),
                    )
                })
                .expect("lock")
                .expect("query");
            assert!(exists, "{watched:?}");
        }
    }
}
