//! SIGKILL during a stream of writes: no acknowledged write is lost, the store opens and
//! reads fine, and the activity log agrees with the settings. Against the real binary.
//!
//! Each kill comes after a set number of acknowledged writes, not after a set time, so the
//! test checks the same thing on a fast machine and on a loaded one: the writer has already
//! sent the next write when the kill lands.

mod common;

use std::sync::{Arc, Mutex};

use common::{bearer, client, get_settings, Dirs, Options, Server, HANG_GUARD};
use serde_json::{json, Value};
use sqlx::{Connection as _, Row as _};
use tokio::sync::watch;

/// How many writes each round lets the server acknowledge before the kill: the first rounds
/// kill among the first writes after a restart, later ones deep in the stream.
const KILL_AFTER_ACKNOWLEDGED: [usize; 6] = [1, 2, 4, 8, 16, 32];
/// Every write stores `ttlSeconds = TTL_BASE + the version it creates`, so each stored
/// state and each activity entry says which write made it.
const TTL_BASE: i64 = 10_000;

/// The settings the write creating `version` sends.
fn settings_for(template: &Value, version: i64) -> Value {
    let mut settings = template.clone();
    settings["contentToken"]["ttlSeconds"] = json!(TTL_BASE + version);
    settings["passwordPolicy"]["blockedTerms"] = json!([format!("term-{version}")]);
    settings
}

/// The last write the server acknowledged with 200: its version and the settings it returned.
type Acked = Arc<Mutex<Option<(i64, Value)>>>;

/// PUTs one write after another, each with the If-Match of the one before, until the
/// server goes away; `count` follows the acknowledged writes. Returns how many there were.
async fn stream_writes(
    server_url: String,
    template: Value,
    mut version: i64,
    acked: Acked,
    count_sender: watch::Sender<usize>,
) -> usize {
    let client = client();
    let mut count = 0;
    loop {
        let body = settings_for(&template, version + 1);
        let sent = client
            .put(format!("{server_url}/api/settings"))
            .header("Authorization", bearer())
            .header("Content-Type", "application/json")
            .header("If-Match", format!("\"{version}\""))
            .timeout(HANG_GUARD)
            .body(body.to_string())
            .send()
            .await;
        let Ok(response) = sent else { return count };
        let status = response.status();
        // The answer is only acknowledged once it has been read whole.
        let Ok(answer) = response.json::<Value>().await else { return count };
        assert_eq!(status, 200, "a lone writer with the current If-Match must succeed: {answer}");
        let written = answer["version"].as_i64().unwrap();
        assert_eq!(written, version + 1, "{answer}");
        assert_eq!(answer["settings"], body, "the server acknowledged what was sent");
        *acked.lock().unwrap() = Some((written, body));
        version = written;
        count += 1;
        count_sender.send_replace(count);
    }
}

async fn all_activity(server: &Server) -> Vec<Value> {
    let mut entries = Vec::new();
    let mut before: Option<i64> = None;
    loop {
        let query = before.map_or("?limit=200&event=settings.updated".to_owned(), |id| {
            format!("?limit=200&event=settings.updated&before={id}")
        });
        let response = client()
            .get(server.url(&format!("/api/activity{query}")))
            .header("Authorization", bearer())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let page: Value = response.json().await.unwrap();
        entries.extend(page["entries"].as_array().unwrap().iter().cloned());
        match page["nextBefore"].as_i64() {
            Some(id) => before = Some(id),
            None => return entries,
        }
    }
}

/// The activity log holds exactly one `settings.updated` entry per version after the
/// first, newest first, each recording the change that version made.
fn assert_activity_matches(entries: &[Value], version: i64) {
    let versions: Vec<i64> = entries.iter().map(|entry| entry["version"].as_i64().unwrap()).collect();
    let expected: Vec<i64> = (2..=version).rev().collect();
    assert_eq!(versions, expected, "one activity entry per write, newest first");
    let ids: Vec<i64> = entries.iter().map(|entry| entry["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|pair| pair[0] > pair[1]), "ids decrease: {ids:?}");
    for entry in entries {
        assert_eq!(entry["event"], "settings.updated");
        let v = entry["version"].as_i64().unwrap();
        let ttl = entry["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|change| change["path"] == "contentToken.ttlSeconds")
            .unwrap_or_else(|| panic!("version {v} changed no ttl: {entry}"));
        let old = if v == 2 { 3600 } else { TTL_BASE + v - 1 };
        assert_eq!((ttl["old"].as_i64(), ttl["new"].as_i64()), (Some(old), Some(TTL_BASE + v)), "{entry}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_a_stream_of_writes_loses_no_acknowledged_write() {
    let dirs = Dirs::new();
    let mut server = Server::start(&dirs, &Options::with_token());
    let (first, _) = get_settings(&server).await;
    let template = first["settings"].clone();
    let mut total_acked = 0;
    let mut unacknowledged_but_committed = 0;
    for kill_after in KILL_AFTER_ACKNOWLEDGED {
        let (current, _) = get_settings(&server).await;
        let version = current["version"].as_i64().unwrap();
        let acked: Acked = Arc::new(Mutex::new(None));
        let (count_sender, mut count) = watch::channel(0);
        let writer = tokio::spawn(stream_writes(
            server.base.clone(),
            template.clone(),
            version,
            Arc::clone(&acked),
            count_sender,
        ));
        tokio::time::timeout(HANG_GUARD, count.wait_for(|count| *count >= kill_after))
            .await
            .unwrap_or_else(|_| panic!("fewer than {kill_after} writes were acknowledged"))
            .expect("the writer stopped before the kill");
        let status = tokio::task::spawn_blocking(move || server.kill()).await.unwrap();
        assert!(!status.success(), "killed, not exited: {status}");
        let acknowledged = tokio::time::timeout(HANG_GUARD, writer).await.unwrap().unwrap();
        assert!(acknowledged >= kill_after);
        total_acked += acknowledged;

        // The same data directory, a new process: it must open, recover and read.
        server = Server::start(&dirs, &Options::with_token());
        let (stored, etag) = get_settings(&server).await;
        let stored_version = stored["version"].as_i64().unwrap();
        assert_eq!(etag, format!("\"{stored_version}\""));
        let last = acked.lock().unwrap().clone();
        match last {
            Some((last_version, last_body)) => {
                // One write at a time: at most the one in flight at the kill is also there.
                assert!(
                    stored_version == last_version || stored_version == last_version + 1,
                    "killed after {kill_after} writes: acknowledged version {last_version}, stored {stored_version}"
                );
                if stored_version == last_version {
                    assert_eq!(stored["settings"], last_body, "the acknowledged body is stored");
                } else {
                    unacknowledged_but_committed += 1;
                    assert_eq!(stored["settings"], settings_for(&template, stored_version));
                }
            }
            None => assert!(stored_version == version || stored_version == version + 1),
        }
        assert_eq!(
            stored["settings"],
            if stored_version == 1 { template.clone() } else { settings_for(&template, stored_version) }
        );
        assert_activity_matches(&all_activity(&server).await, stored_version);
    }
    let (last, _) = get_settings(&server).await;
    let final_version = last["version"].as_i64().unwrap();
    assert!(server.stop().success(), "the recovered server shuts down cleanly");

    // The file itself: SQLite's own check, and the row the API served.
    let options =
        sqlx::sqlite::SqliteConnectOptions::new().filename(dirs.path("data").join("policy-widget.sqlite3"));
    let mut connection = sqlx::SqliteConnection::connect_with(&options).await.unwrap();
    let integrity: String =
        sqlx::query("PRAGMA integrity_check").fetch_one(&mut connection).await.unwrap().get(0);
    assert_eq!(integrity, "ok");
    let stored: i64 = sqlx::query("SELECT version FROM settings WHERE id = 1")
        .fetch_one(&mut connection)
        .await
        .unwrap()
        .get(0);
    assert_eq!(stored, final_version);
    let entries: i64 = sqlx::query("SELECT count(*) FROM activity WHERE event = 'settings.updated'")
        .fetch_one(&mut connection)
        .await
        .unwrap()
        .get(0);
    assert_eq!(entries, final_version - 1);
    connection.close().await.unwrap();

    eprintln!(
        "{total_acked} acknowledged writes over {} kills ({unacknowledged_but_committed} with one more write \
         committed than acknowledged), final version {final_version}",
        KILL_AFTER_ACKNOWLEDGED.len(),
    );
    let planned: usize = KILL_AFTER_ACKNOWLEDGED.iter().sum();
    assert!(total_acked >= planned, "{total_acked} writes acknowledged, {planned} planned");
}
