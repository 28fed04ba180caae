//! The store's whole suite, run twice: against a temporary SQLite file (`sqlite::*`) and a
//! fresh database in a real PostgreSQL (`postgres::*`). Time is a manual clock: every rule
//! that depends on it is crossed by advancing the clock, never by waiting.

mod common;

use std::time::Duration;

use common::app::START;
use common::database::Database;
use policy_widget::settings::{default_settings, SecuritySettings};
use policy_widget_server::clock::{ManualClock, UnixMillis};
use policy_widget_server::store::schema::{self, MIGRATIONS};
use policy_widget_server::store::{FailureWindow, Location, Session, Store, Update, Who};
use serde_json::json;
use sqlx::any::AnyConnectOptions;
use sqlx::{AnyConnection, AssertSqlSafe, ConnectOptions as _, Connection as _};

const FIRST_SECRET: &str = "first-secret-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

async fn open(database: &Database, clock: &ManualClock) -> Store {
    let store = Store::open(&database.location()).await.unwrap();
    store.initialize(clock.now(), FIRST_SECRET).await.unwrap();
    store
}

fn admin() -> Who {
    Who::environment("192.0.2.1")
}

fn settings_with_ttl(ttl_seconds: u32) -> SecuritySettings {
    let mut value = serde_json::to_value(default_settings()).unwrap();
    value["contentToken"]["ttlSeconds"] = json!(ttl_seconds);
    serde_json::from_value(value).unwrap()
}

fn written(update: Update) -> i64 {
    match update {
        Update::Written(versioned) => versioned.version,
        Update::Conflict { current } => panic!("expected a write, got a conflict at {current}"),
    }
}

on_both_backends!(
    a_new_database_has_the_default_settings_at_version_1_and_a_secret_from_the_start,
    initializing_again_keeps_what_is_there,
    a_write_with_the_current_version_takes_the_next_version_and_logs_the_change,
    a_stale_version_conflicts_and_writes_nothing,
    versions_never_repeat_and_the_counter_is_shared_by_every_handle,
    of_20_concurrent_writers_on_two_handles_exactly_one_wins,
    activity_pages_newest_first,
    a_rotation_replaces_the_secret_at_the_clocks_time_and_logs_no_value,
    the_admin_token_hash_is_kept_and_a_new_one_ends_every_session,
    a_session_lives_until_its_expiry_and_not_a_millisecond_more,
    expired_sessions_are_deleted_when_the_next_one_is_made,
    a_session_can_be_ended,
    failures_count_within_a_window_and_restart_after_it,
    expired_failure_windows_of_every_subject_are_pruned,
    concurrent_failures_on_two_handles_are_all_counted,
    migrating_again_changes_nothing,
    several_instances_opening_a_new_database_at_once_migrate_it_once,
    a_database_newer_than_the_server_is_refused,
    ping_answers,
);

async fn a_new_database_has_the_default_settings_at_version_1_and_a_secret_from_the_start(
    database: &Database,
) {
    let clock = ManualClock::starting_at(START);
    let store = open(database, &clock).await;
    let current = store.settings().await.unwrap();
    assert_eq!(current.version, 1);
    assert_eq!(current.settings, serde_json::to_value(default_settings()).unwrap());
    let secret = store.content_token_secret().await.unwrap();
    assert_eq!(secret.secret, FIRST_SECRET);
    assert_eq!(secret.rotated_at, START);
    assert!(store.activity(50, None).await.unwrap().is_empty(), "creating the database is no activity");
    assert_eq!(store.admin_token_hash().await.unwrap(), None);
}

async fn initializing_again_keeps_what_is_there(database: &Database) {
    let clock = ManualClock::starting_at(START);
    let store = open(database, &clock).await;
    written(store.update_settings(&[1], &settings_with_ttl(7200), &admin(), clock.now()).await.unwrap());
    clock.advance(Duration::from_secs(60));
    // What a second instance (or a restart) does at its start.
    store.initialize(clock.now(), "another-secret").await.unwrap();
    let current = store.settings().await.unwrap();
    assert_eq!((current.version, current.settings["contentToken"]["ttlSeconds"].clone()), (2, json!(7200)));
    let secret = store.content_token_secret().await.unwrap();
    assert_eq!((secret.secret.as_str(), secret.rotated_at), (FIRST_SECRET, START));
}

async fn a_write_with_the_current_version_takes_the_next_version_and_logs_the_change(database: &Database) {
    let clock = ManualClock::starting_at(START);
    let store = open(database, &clock).await;
    clock.advance(Duration::from_millis(1_250));
    let update = store.update_settings(&[1], &settings_with_ttl(7200), &admin(), clock.now()).await.unwrap();
    let Update::Written(versioned) = update else { panic!("{update:?}") };
    assert_eq!(versioned.version, 2);
    assert_eq!(versioned.settings["contentToken"]["ttlSeconds"], 7200);
    let stored = store.settings().await.unwrap();
    assert_eq!((stored.version, stored.settings), (2, versioned.settings));
    let entries = store.activity(50, None).await.unwrap();
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!((entry.event.as_str(), entry.version), ("settings.updated", Some(2)));
    assert_eq!(entry.at, "2025-12-01T10:00:01.25Z", "the activity is stamped with the clock's time");
    assert_eq!(entry.who.address, "192.0.2.1");
    assert_eq!(
        serde_json::to_value(&entry.changes).unwrap(),
        json!([{ "path": "contentToken.ttlSeconds", "old": 3600, "new": 7200 }])
    );
    // An If-Match list names several versions; any of them may match.
    assert_eq!(
        written(store.update_settings(&[7, 2], &settings_with_ttl(60), &admin(), clock.now()).await.unwrap()),
        3
    );
}

async fn a_stale_version_conflicts_and_writes_nothing(database: &Database) {
    let clock = ManualClock::starting_at(START);
    let store = open(database, &clock).await;
    written(store.update_settings(&[1], &settings_with_ttl(7200), &admin(), clock.now()).await.unwrap());
    for expected in [vec![1], vec![], vec![3, 99]] {
        match store.update_settings(&expected, &settings_with_ttl(60), &admin(), clock.now()).await.unwrap() {
            Update::Conflict { current } => assert_eq!(current, 2, "{expected:?}"),
            Update::Written(versioned) => panic!("{expected:?} wrote {versioned:?}"),
        }
    }
    assert_eq!(store.settings().await.unwrap().settings["contentToken"]["ttlSeconds"], 7200);
    assert_eq!(store.activity(50, None).await.unwrap().len(), 1, "a conflict logs nothing");
}

async fn versions_never_repeat_and_the_counter_is_shared_by_every_handle(database: &Database) {
    let clock = ManualClock::starting_at(START);
    let first = open(database, &clock).await;
    let second = open(database, &clock).await;
    let mut seen = vec![1];
    for round in 0..6u32 {
        let store = if round % 2 == 0 { &first } else { &second };
        let current = store.settings().await.unwrap().version;
        let version = written(
            store
                .update_settings(&[current], &settings_with_ttl(100 + round), &admin(), clock.now())
                .await
                .unwrap(),
        );
        assert!(!seen.contains(&version), "version {version} repeated: {seen:?}");
        assert!(version > *seen.last().unwrap());
        seen.push(version);
    }
    assert_eq!(first.settings().await.unwrap().version, second.settings().await.unwrap().version);
}

async fn of_20_concurrent_writers_on_two_handles_exactly_one_wins(database: &Database) {
    let clock = ManualClock::starting_at(START);
    // Two handles with pools of their own: as two instances on one database.
    let handles = [open(database, &clock).await, open(database, &clock).await];
    let writers: Vec<_> = (0..20u32)
        .map(|index| {
            let store = handles[index as usize % 2].clone();
            let now = clock.now();
            tokio::spawn(async move {
                store.update_settings(&[1], &settings_with_ttl(4000 + index), &admin(), now).await.unwrap()
            })
        })
        .collect();
    let mut wins = Vec::new();
    let mut conflicts = 0;
    for writer in writers {
        match writer.await.unwrap() {
            Update::Written(versioned) => wins.push(versioned),
            Update::Conflict { current } => {
                assert_eq!(current, 2);
                conflicts += 1;
            }
        }
    }
    assert_eq!((wins.len(), conflicts), (1, 19));
    let stored = handles[1].settings().await.unwrap();
    assert_eq!(
        (stored.version, &stored.settings),
        (2, &wins[0].settings),
        "the winner's write is the one stored"
    );
    assert_eq!(handles[0].activity(50, None).await.unwrap().len(), 1);
}

async fn activity_pages_newest_first(database: &Database) {
    let clock = ManualClock::starting_at(START);
    let store = open(database, &clock).await;
    for (version, ttl) in [(1, 7200), (2, 1800), (3, 900)] {
        clock.advance(Duration::from_secs(1));
        written(
            store.update_settings(&[version], &settings_with_ttl(ttl), &admin(), clock.now()).await.unwrap(),
        );
    }
    let all = store.activity(50, None).await.unwrap();
    let versions: Vec<_> = all.iter().map(|entry| entry.version).collect();
    assert_eq!(versions, [Some(4), Some(3), Some(2)]);
    assert!(all.windows(2).all(|pair| pair[0].id > pair[1].id));
    let first = store.activity(2, None).await.unwrap();
    assert_eq!(first.len(), 2);
    let rest = store.activity(2, Some(first[1].id)).await.unwrap();
    assert_eq!(rest.iter().map(|entry| entry.version).collect::<Vec<_>>(), [Some(2)]);
    assert_eq!(rest[0].at, "2025-12-01T10:00:01Z");
}

async fn a_rotation_replaces_the_secret_at_the_clocks_time_and_logs_no_value(database: &Database) {
    let clock = ManualClock::starting_at(START);
    let store = open(database, &clock).await;
    clock.advance(Duration::from_secs(90));
    let rotated = store.rotate_content_token_secret("second-secret", &admin(), clock.now()).await.unwrap();
    assert_eq!(rotated.rotated_at, START.plus(Duration::from_secs(90)));
    let current = store.content_token_secret().await.unwrap();
    assert_eq!((current.secret.as_str(), current.rotated_at), ("second-secret", rotated.rotated_at));
    let entries = store.activity(50, None).await.unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!((entries[0].event.as_str(), entries[0].version), ("contentToken.secretRotated", None));
    assert!(entries[0].changes.is_empty());
    let text = serde_json::to_string(&entries).unwrap();
    assert!(!text.contains("second-secret") && !text.contains(FIRST_SECRET));
    assert_eq!(store.settings().await.unwrap().version, 1, "a rotation is not a settings version");
}

fn session(csrf: &str, expires_at: UnixMillis) -> Session {
    Session { csrf_token: csrf.into(), expires_at, member_id: None }
}

async fn the_admin_token_hash_is_kept_and_a_new_one_ends_every_session(database: &Database) {
    let clock = ManualClock::starting_at(START);
    let store = open(database, &clock).await;
    let expires = START.plus(Duration::from_secs(3600));
    store.set_admin_token_hash([1; 32], clock.now()).await.unwrap();
    store.create_session([7; 32], &session("csrf", expires), clock.now()).await.unwrap();
    store.set_admin_token_hash([1; 32], clock.now()).await.unwrap();
    assert_eq!(store.admin_token_hash().await.unwrap(), Some([1; 32]));
    assert!(store.session([7; 32], clock.now()).await.unwrap().is_some(), "the same token keeps sessions");
    store.set_admin_token_hash([2; 32], clock.now()).await.unwrap();
    assert_eq!(store.admin_token_hash().await.unwrap(), Some([2; 32]));
    assert!(store.session([7; 32], clock.now()).await.unwrap().is_none(), "a new token ends them");
}

async fn a_session_lives_until_its_expiry_and_not_a_millisecond_more(database: &Database) {
    let clock = ManualClock::starting_at(START);
    let store = open(database, &clock).await;
    let expires = START.plus(Duration::from_secs(12 * 3600));
    store.create_session([7; 32], &session("csrf-7", expires), clock.now()).await.unwrap();
    let found = store.session([7; 32], clock.now()).await.unwrap().unwrap();
    assert_eq!((found.csrf_token.as_str(), found.expires_at), ("csrf-7", expires));
    assert!(store.session([8; 32], clock.now()).await.unwrap().is_none(), "an unknown id");
    clock.advance(Duration::from_secs(12 * 3600) - Duration::from_millis(1));
    assert!(store.session([7; 32], clock.now()).await.unwrap().is_some(), "one millisecond before the end");
    clock.advance(Duration::from_millis(1));
    assert!(store.session([7; 32], clock.now()).await.unwrap().is_none(), "at its expiry it is over");
}

async fn expired_sessions_are_deleted_when_the_next_one_is_made(database: &Database) {
    let clock = ManualClock::starting_at(START);
    let store = open(database, &clock).await;
    for (id, hours) in [(1u8, 1u64), (2, 2), (3, 12)] {
        let expires = clock.now().plus(Duration::from_secs(hours * 3600));
        store.create_session([id; 32], &session("csrf", expires), clock.now()).await.unwrap();
    }
    assert_eq!(store.session_rows().await.unwrap(), 3);
    clock.advance(Duration::from_secs(2 * 3600));
    // 1 and 2 have expired (2 exactly now); they stay until the next sign-in cleans up.
    assert_eq!(store.session_rows().await.unwrap(), 3);
    store
        .create_session([4; 32], &session("csrf", clock.now().plus(Duration::from_secs(60))), clock.now())
        .await
        .unwrap();
    assert_eq!(store.session_rows().await.unwrap(), 2);
    assert!(store.session([3; 32], clock.now()).await.unwrap().is_some());
    assert!(store.session([4; 32], clock.now()).await.unwrap().is_some());
}

async fn a_session_can_be_ended(database: &Database) {
    let clock = ManualClock::starting_at(START);
    let store = open(database, &clock).await;
    store
        .create_session([5; 32], &session("csrf", START.plus(Duration::from_secs(60))), clock.now())
        .await
        .unwrap();
    store.delete_session([5; 32]).await.unwrap();
    assert!(store.session([5; 32], clock.now()).await.unwrap().is_none());
    store.delete_session([5; 32]).await.unwrap();
}

const WINDOW: Duration = Duration::from_secs(300);
const CAP: i64 = 10_000;

async fn failures_count_within_a_window_and_restart_after_it(database: &Database) {
    let clock = ManualClock::starting_at(START);
    let store = open(database, &clock).await;
    let subject = "203.0.113.7";
    assert_eq!(store.address_failures(subject, clock.now().minus(WINDOW)).await.unwrap(), None);
    for count in 1..=3 {
        let window =
            store.record_address_failure(subject, clock.now(), clock.now().minus(WINDOW), CAP).await.unwrap();
        assert_eq!(
            window,
            FailureWindow { started_at: START, failures: count },
            "the window starts at the first failure"
        );
        clock.advance(Duration::from_secs(60));
    }
    // Now START + 180 s: still in the window.
    let open_window = store.address_failures(subject, clock.now().minus(WINDOW)).await.unwrap();
    assert_eq!(open_window, Some(FailureWindow { started_at: START, failures: 3 }));
    assert_eq!(store.address_failures("203.0.113.8", clock.now().minus(WINDOW)).await.unwrap(), None);
    clock.advance(Duration::from_secs(120) - Duration::from_millis(1));
    assert!(
        store.address_failures(subject, clock.now().minus(WINDOW)).await.unwrap().is_some(),
        "1 ms before its end"
    );
    clock.advance(Duration::from_millis(1));
    assert_eq!(
        store.address_failures(subject, clock.now().minus(WINDOW)).await.unwrap(),
        None,
        "over at START + 300 s"
    );
    let restarted =
        store.record_address_failure(subject, clock.now(), clock.now().minus(WINDOW), CAP).await.unwrap();
    assert_eq!(
        restarted,
        FailureWindow { started_at: clock.now(), failures: 1 },
        "a new window starts at one"
    );
}

async fn expired_failure_windows_of_every_subject_are_pruned(database: &Database) {
    let clock = ManualClock::starting_at(START);
    let store = open(database, &clock).await;
    for index in 0..50 {
        let subject = format!("198.51.100.{index}");
        store.record_address_failure(&subject, clock.now(), clock.now().minus(WINDOW), CAP).await.unwrap();
    }
    assert_eq!(store.address_failure_rows().await.unwrap(), 50);
    clock.advance(Duration::from_secs(200));
    store.record_address_failure("192.0.2.9", clock.now(), clock.now().minus(WINDOW), CAP).await.unwrap();
    assert_eq!(store.address_failure_rows().await.unwrap(), 51, "nothing has expired yet");
    clock.advance(Duration::from_secs(100));
    store.record_address_failure("192.0.2.10", clock.now(), clock.now().minus(WINDOW), CAP).await.unwrap();
    assert_eq!(
        store.address_failure_rows().await.unwrap(),
        2,
        "the 50 windows that ended are gone, the 2 younger stay"
    );
}

async fn concurrent_failures_on_two_handles_are_all_counted(database: &Database) {
    let clock = ManualClock::starting_at(START);
    let handles = [open(database, &clock).await, open(database, &clock).await];
    let tasks: Vec<_> = (0..16)
        .map(|index| {
            let store = handles[index % 2].clone();
            let now = clock.now();
            tokio::spawn(async move {
                store.record_address_failure("203.0.113.7", now, now.minus(WINDOW), CAP).await.unwrap()
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let window = handles[0].address_failures("203.0.113.7", clock.now().minus(WINDOW)).await.unwrap();
    assert_eq!(window.map(|window| window.failures), Some(16));
}

async fn migrating_again_changes_nothing(database: &Database) {
    let clock = ManualClock::starting_at(START);
    let store = open(database, &clock).await;
    assert_eq!(schema::applied_version(&store).await.unwrap(), MIGRATIONS.len());
    written(store.update_settings(&[1], &settings_with_ttl(7200), &admin(), clock.now()).await.unwrap());
    assert_eq!(schema::migrate(&store).await.unwrap(), MIGRATIONS.len());
    let reopened = open(database, &clock).await;
    assert_eq!(reopened.settings().await.unwrap().version, 2);
}

async fn several_instances_opening_a_new_database_at_once_migrate_it_once(database: &Database) {
    let location = database.location();
    let opening: Vec<_> = (0..4)
        .map(|_| {
            let location = location.clone();
            tokio::spawn(async move {
                let store = Store::open(&location).await.unwrap();
                store.initialize(START, FIRST_SECRET).await.unwrap();
                store
            })
        })
        .collect();
    let mut stores = Vec::new();
    for task in opening {
        stores.push(task.await.unwrap());
    }
    for store in &stores {
        assert_eq!(schema::applied_version(store).await.unwrap(), MIGRATIONS.len());
        assert_eq!(store.settings().await.unwrap().version, 1);
    }
}

async fn a_database_newer_than_the_server_is_refused(database: &Database) {
    let clock = ManualClock::starting_at(START);
    let store = open(database, &clock).await;
    let newer = MIGRATIONS.len() + 1;
    store.close().await;
    // As a later server would leave it.
    let statement = match database.location() {
        Location::Sqlite(_) => format!("PRAGMA user_version = {newer}"),
        Location::Postgres(_) => format!("UPDATE schema_version SET version = {newer}"),
    };
    let mut connection = AnyConnection::connect_with(&any_options(database)).await.unwrap();
    sqlx::raw_sql(AssertSqlSafe(statement)).execute(&mut connection).await.unwrap();
    connection.close().await.unwrap();
    let error = Store::open(&database.location()).await.err().expect("a newer schema is refused");
    assert!(error.to_string().contains(&format!("schema version {newer}")), "{error}");
}

async fn ping_answers(database: &Database) {
    let clock = ManualClock::starting_at(START);
    let store = open(database, &clock).await;
    store.ping().await.unwrap();
    store.close().await;
    assert!(store.ping().await.is_err(), "a closed store is not ready");
}

fn any_options(database: &Database) -> AnyConnectOptions {
    match database.location() {
        Location::Sqlite(file) => {
            let url = sqlx::sqlite::SqliteConnectOptions::new().filename(file).to_url_lossy();
            AnyConnectOptions::from_url(&url).unwrap()
        }
        Location::Postgres(url) => url.parse().unwrap(),
    }
}

/// A data folder from before PostgreSQL support — the first layout, times as RFC 3339 text —
/// opens with everything in it, times converted to milliseconds, and its versions go on
/// from where they were.
#[tokio::test]
async fn sqlite_a_database_in_the_first_layout_upgrades_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(policy_widget_server::store::DATABASE_FILE);
    let mut connection = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&file)
        .create_if_missing(true)
        .connect()
        .await
        .unwrap();
    let mut settings = serde_json::to_value(default_settings()).unwrap();
    settings["contentToken"]["ttlSeconds"] = json!(7200);
    let old_rows = format!(
        "{}
        PRAGMA user_version = 1;
        INSERT INTO settings VALUES (1, 5, '{settings}', '2026-11-29T19:23:01.123456789Z');
        INSERT INTO content_token_secret VALUES (1, 'old-secret', '2026-11-29T19:00:00Z');
        INSERT INTO admin_token VALUES (1, X'{hash}', '2026-11-29T18:00:00.5Z');
        INSERT INTO sessions VALUES (X'{session}', 'old-csrf', {expires});
        INSERT INTO activity (at, who, event, version, changes) VALUES
            ('2026-11-29T19:20:00Z', '{{\"actor\":\"admin\",\"via\":\"bearer\",\"address\":\"127.0.0.1\"}}', 'settings.updated', 4, '[]'),
            ('2026-11-29T19:23:01.123456789Z', '{{\"actor\":\"admin\",\"via\":\"session\",\"address\":\"127.0.0.1\"}}', 'settings.updated', 5, '[]');",
        MIGRATIONS[0].sqlite,
        hash = "01".repeat(32),
        session = "07".repeat(32),
        expires = START.unix_seconds() + 3600,
    );
    sqlx::raw_sql(AssertSqlSafe(old_rows)).execute(&mut connection).await.unwrap();
    connection.close().await.unwrap();

    let store = Store::open(&Location::Sqlite(file)).await.unwrap();
    store.initialize(START, "a-new-secret-that-must-not-replace-the-old").await.unwrap();
    assert_eq!(schema::applied_version(&store).await.unwrap(), MIGRATIONS.len());
    let current = store.settings().await.unwrap();
    assert_eq!((current.version, current.settings), (5, settings));
    let secret = store.content_token_secret().await.unwrap();
    assert_eq!(
        (secret.secret.as_str(), secret.rotated_at.rfc3339().as_str()),
        ("old-secret", "2026-11-29T19:00:00Z")
    );
    assert_eq!(store.admin_token_hash().await.unwrap(), Some([1; 32]));
    // Sessions belonged to the admin token, which no longer signs people in: the third
    // migration ends them.
    assert!(store.session([7; 32], START).await.unwrap().is_none(), "sessions of the admin token end");
    assert_eq!(store.session_rows().await.unwrap(), 0);
    let entries = store.activity(50, None).await.unwrap();
    let times: Vec<_> =
        entries.iter().map(|entry| (entry.id, entry.at.as_str(), entry.who.via.as_str())).collect();
    assert_eq!(times, [(2, "2026-11-29T19:23:01.123Z", "session"), (1, "2026-11-29T19:20:00Z", "bearer")]);
    let clock = ManualClock::starting_at(START);
    assert_eq!(
        written(store.update_settings(&[5], &settings_with_ttl(60), &admin(), clock.now()).await.unwrap()),
        6
    );
    assert_eq!(store.activity(1, None).await.unwrap()[0].id, 3, "activity ids go on after the old ones");
}

/// The file holds the content-token secret: its folder is 0700, and the database with its
/// write-ahead log and shared-memory files 0600 from the start.
#[cfg(unix)]
#[tokio::test]
async fn sqlite_the_database_and_its_folder_are_private() {
    use std::os::unix::fs::PermissionsExt as _;
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("data").join(policy_widget_server::store::DATABASE_FILE);
    let store = Store::open(&Location::Sqlite(file.clone())).await.unwrap();
    store.initialize(START, FIRST_SECRET).await.unwrap();
    let mode = |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(file.parent().unwrap()), 0o700);
    for suffix in ["", "-wal", "-shm"] {
        let path = std::path::PathBuf::from(format!("{}{suffix}", file.display()));
        assert_eq!(mode(&path), 0o600, "{}", path.display());
    }
}
