//! Databases for the tests: a temporary SQLite file, or a fresh database in the PostgreSQL
//! that `POLICY_WIDGET_TEST_POSTGRES` names (`scripts/postgres.sh run` starts a throwaway
//! cluster and sets it; `./dev test` does that and also sets
//! `POLICY_WIDGET_TEST_POSTGRES_REQUIRED=1`, which turns a missing PostgreSQL into a
//! failure instead of a skip).

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{Connection as _, PgConnection};

/// The environment variable with the URL of a PostgreSQL database the tests may create
/// databases from (its user needs CREATEDB).
pub const POSTGRES_ENV: &str = "POLICY_WIDGET_TEST_POSTGRES";
/// Set to 1 by `./dev test`: the PostgreSQL tests must run.
pub const POSTGRES_REQUIRED_ENV: &str = "POLICY_WIDGET_TEST_POSTGRES_REQUIRED";

/// The admin URL, or `None` after printing why the caller skips (panics when required).
pub fn postgres_admin_url(test: &str) -> Option<String> {
    match std::env::var(POSTGRES_ENV) {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var(POSTGRES_REQUIRED_ENV).is_ok_and(|value| value == "1") => {
            panic!("{test}: {POSTGRES_REQUIRED_ENV}=1 but {POSTGRES_ENV} is not set; run through scripts/postgres.sh run")
        }
        _ => {
            // Once per test binary, and past the harness's capture (which swallows the
            // output of passing tests): the skip must be seen.
            static NOTE: std::sync::Once = std::sync::Once::new();
            NOTE.call_once(|| {
                use std::io::Write as _;
                let _ = writeln!(
                    std::io::stderr(),
                    "note: the PostgreSQL variants (such as {test}) are skipped: {POSTGRES_ENV} is not set; \
                     `./dev test` starts a PostgreSQL, or run `scripts/postgres.sh run -- cargo test -p policy-widget-server`"
                );
            });
            None
        }
    }
}

/// A database of its own in the test PostgreSQL, dropped (with its connections) when the
/// value is dropped.
pub struct PostgresDatabase {
    pub url: String,
    admin_url: String,
    name: String,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl PostgresDatabase {
    /// A new, empty database; `None` when there is no test PostgreSQL (see
    /// [`postgres_admin_url`]).
    pub async fn create(test: &str) -> Option<PostgresDatabase> {
        let admin_url = postgres_admin_url(test)?;
        let name = format!(
            "pw_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst),
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos()
        );
        let mut admin = PgConnection::connect(&admin_url).await.unwrap_or_else(|error| {
            panic!("{test}: cannot connect to the test PostgreSQL ({POSTGRES_ENV}): {error}")
        });
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .unwrap();
        admin.close().await.unwrap();
        let mut url = url::Url::parse(&admin_url).expect("a URL in POLICY_WIDGET_TEST_POSTGRES");
        url.set_path(&format!("/{name}"));
        Some(PostgresDatabase { url: url.to_string(), admin_url, name })
    }
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        // Drop runs outside any runtime (or inside one that must not block): a thread of
        // its own with a small runtime. Best effort: the cluster is thrown away anyway.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&admin_url).await.ok()?;
                let statement = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                sqlx::raw_sql(sqlx::AssertSqlSafe(statement)).execute(&mut admin).await.ok()?;
                admin.close().await.ok()
            })
        })
        .join();
    }
}

/// A database for one test on one backend.
pub enum Database {
    /// A temporary folder holding the SQLite file.
    Sqlite(tempfile::TempDir),
    /// A database of its own in the test PostgreSQL.
    Postgres(PostgresDatabase),
}

impl Database {
    /// A new SQLite file in a temporary folder.
    pub fn sqlite() -> Database {
        Database::Sqlite(tempfile::tempdir().unwrap())
    }

    /// A new PostgreSQL database, or `None` (after a note) when there is no test PostgreSQL.
    pub async fn postgres(test: &str) -> Option<Database> {
        PostgresDatabase::create(test).await.map(Database::Postgres)
    }

    /// Where the store finds it.
    pub fn location(&self) -> policy_widget_server::store::Location {
        use policy_widget_server::store::{Location, DATABASE_FILE};
        match self {
            Database::Sqlite(dir) => Location::Sqlite(dir.path().join(DATABASE_FILE)),
            Database::Postgres(database) => Location::Postgres(database.url.clone()),
        }
    }

    /// The `--database` value the binary takes (SQLite: the default, with `--data-dir`).
    pub fn flag(&self) -> Option<String> {
        match self {
            Database::Sqlite(_) => None,
            Database::Postgres(database) => Some(database.url.clone()),
        }
    }
}

/// Declares each named `async fn NAME(database: &Database)` of the calling file as two tests,
/// `sqlite::NAME` and `postgres::NAME`; the PostgreSQL one skips with a note, or fails under
/// `./dev test`, when there is no test PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    let database = $crate::common::database::Database::sqlite();
                    super::$test(&database).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    let Some(database) = $crate::common::database::Database::postgres(stringify!($test)).await else {
                        return;
                    };
                    super::$test(&database).await;
                }
            )*
        }
    };
}
