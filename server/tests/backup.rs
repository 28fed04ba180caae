//! `policy-widget-server backup --to FILE` against the real binary: a consistent copy taken
//! while a server keeps writing, and the restore the README documents, step by step.

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use common::{bearer, client, get_settings, Dirs, Options, Server};
use policy_widget_server::store::backup::verify;
use serde_json::{json, Value};

/// Each write stores `ttlSeconds = TTL_BASE + the version it creates`.
const TTL_BASE: i64 = 20_000;

fn backup_command(data_dir: &Path, to: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_policy-widget-server"))
        .arg("backup")
        .arg("--to")
        .arg(to)
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("POLICY_WIDGET_DATABASE")
        .output()
        .unwrap()
}

/// Writes one version after another until `stop`; returns the last acknowledged version.
async fn write_until(server_url: String, template: Value, mut version: i64, stop: Arc<AtomicBool>) -> i64 {
    while !stop.load(Ordering::SeqCst) {
        let mut settings = template.clone();
        settings["contentToken"]["ttlSeconds"] = json!(TTL_BASE + version + 1);
        let response = client()
            .put(format!("{server_url}/api/settings"))
            .header("Authorization", bearer())
            .header("Content-Type", "application/json")
            .header("If-Match", format!("\"{version}\""))
            .body(settings.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        version = response.json::<Value>().await.unwrap()["version"].as_i64().unwrap();
    }
    version
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_writes_go_on_is_consistent_and_restores() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let (first, _) = get_settings(&server).await;
    let template = first["settings"].clone();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = tokio::spawn(write_until(server.base.clone(), template.clone(), 1, Arc::clone(&stop)));
    // Let some writes land first, so the copy is taken in the middle of the stream.
    while get_settings(&server).await.0["version"].as_i64().unwrap() < 5 {
        tokio::task::yield_now().await;
    }
    let file = dirs.path("backups").join("policy-widget-backup.sqlite3");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let output = {
        let (data_dir, file) = (dirs.path("data"), file.clone());
        tokio::task::spawn_blocking(move || backup_command(&data_dir, &file)).await.unwrap()
    };
    stop.store(true, Ordering::SeqCst);
    let last_version = writer.await.unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));

    // The copy: checked, private, and a snapshot — the settings and the activity log of
    // one and the same moment.
    let summary = verify(&file).await.unwrap();
    assert!(stdout.contains(&format!("settings version {}", summary.settings_version)), "{stdout}");
    let backed_up = summary.settings_version;
    assert!((5..=last_version).contains(&backed_up), "{backed_up} of {last_version}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let leftovers: Vec<_> =
        std::fs::read_dir(file.parent().unwrap()).unwrap().map(|entry| entry.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no partial files: {leftovers:?}");

    // Restore as the README says, onto the same data folder after a crash (which leaves a
    // write-ahead log of the newer data beside the file): stop, remove -wal and -shm, copy.
    let status = server.kill();
    assert!(!status.success());
    let data = dirs.path("data");
    for leftover in ["policy-widget.sqlite3-wal", "policy-widget.sqlite3-shm"] {
        let _ = std::fs::remove_file(data.join(leftover));
    }
    std::fs::copy(&file, data.join("policy-widget.sqlite3")).unwrap();
    let restored = Server::start(&dirs, &Options::with_token());
    let (settings, etag) = get_settings(&restored).await;
    assert_eq!(etag, format!("\"{backed_up}\""));
    assert_eq!(settings["settings"]["contentToken"]["ttlSeconds"], TTL_BASE + backed_up);
    let activity =
        common::admin_json(client().get(restored.url("/api/activity?limit=200&event=settings.updated")))
            .await;
    let versions: Vec<i64> = activity["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["version"].as_i64().unwrap())
        .collect();
    assert_eq!(
        versions,
        (2..=backed_up).rev().collect::<Vec<_>>(),
        "the log matches the settings, entry for entry"
    );
    // And it goes on from there.
    let mut next = settings["settings"].clone();
    next["twoFactor"]["enforced"] = json!(true);
    assert_eq!(common::put_settings(&restored, &next, Some(&etag)).await.status(), 200);
}

#[test]
fn a_backup_never_overwrites_a_file_and_needs_a_database() {
    let dirs = Dirs::new();
    let file = dirs.path("existing.sqlite3");
    let output = backup_command(&dirs.path("data"), &file);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no database to back up"));
    assert!(!dirs.path("data").join("policy-widget.sqlite3").exists(), "a backup creates no database");

    drop(Server::start(&dirs, &Options::with_token()));
    std::fs::write(&file, "precious").unwrap();
    let output = backup_command(&dirs.path("data"), &file);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("never overwrites"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious");
}

#[test]
fn a_postgres_backup_is_pg_dumps_job() {
    let dirs = Dirs::new();
    let output = Command::new(env!("CARGO_BIN_EXE_policy-widget-server"))
        .args(["backup", "--to"])
        .arg(dirs.path("x.sqlite3"))
        .args(["--database", "postgres://nobody@127.0.0.1:1/none"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("pg_dump"));
}
