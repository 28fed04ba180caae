//! Every rule of the server that depends on time, crossed with a manual clock through the
//! whole HTTP application, on SQLite (`sqlite::*`) and PostgreSQL (`postgres::*`): the session
//! lifetime and the cleanup of expired sessions, the sign-in throttle's window, its
//! `Retry-After` and its pruning, and the time a content-token secret was made.

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use common::app::{TestApp, START};
use common::database::Database;
use common::TOKEN;
use policy_widget_server::auth::{SESSION_LIFETIME, SESSION_SECONDS};
use policy_widget_server::site::{parse_trusted_proxy, Site};
use policy_widget_server::throttle::{
    ADDRESS_WINDOW as FAILURE_WINDOW, MAX_ADDRESS_FAILURES as MAX_FAILURES,
};

on_both_backends!(
    a_session_works_until_twelve_hours_after_sign_in_and_not_a_millisecond_longer,
    expired_sessions_are_deleted_at_the_next_sign_in,
    ten_failures_block_an_address_until_its_window_ends,
    a_failure_after_the_window_starts_a_new_count,
    failure_windows_of_other_addresses_are_pruned_once_over,
    the_secrets_rotated_at_is_the_clocks_time_at_first_start_and_at_each_rotation,
);

async fn a_session_works_until_twelve_hours_after_sign_in_and_not_a_millisecond_longer(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    let (cookie, signed_in) = app.sign_in(&[]).await;
    assert_eq!(signed_in.body["expiresAt"], START.unix_seconds() + SESSION_SECONDS);
    assert!(signed_in.header("set-cookie").unwrap().contains(&format!("Max-Age={SESSION_SECONDS}")));
    let headers = [("cookie", cookie.as_str())];
    let session = || app.send(Method::GET, "/api/session", &headers, None);
    app.clock.advance(SESSION_LIFETIME - Duration::from_millis(1));
    let answer = session().await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body["via"], "session");
    app.clock.advance(Duration::from_millis(1));
    let answer = session().await;
    assert_eq!((answer.status, answer.error()), (StatusCode::UNAUTHORIZED, "session_expired"));
    let answer = app.send(Method::GET, "/api/settings", &[("cookie", &cookie)], None).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "every route, not only /api/session");
}

async fn expired_sessions_are_deleted_at_the_next_sign_in(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    app.sign_in(&[]).await;
    app.clock.advance(Duration::from_secs(3600));
    app.sign_in(&[]).await;
    app.clock.advance(SESSION_LIFETIME - Duration::from_secs(3600));
    // The first has just expired, the second has an hour left.
    assert_eq!(app.store.session_rows().await.unwrap(), 2);
    let (cookie, _) = app.sign_in(&[]).await;
    assert_eq!(app.store.session_rows().await.unwrap(), 2, "the expired one is gone, the new one is in");
    app.clock.advance(SESSION_LIFETIME);
    app.sign_in(&[]).await;
    assert_eq!(app.store.session_rows().await.unwrap(), 1);
    let answer = app.send(Method::GET, "/api/session", &[("cookie", &cookie)], None).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}

async fn fail_once(app: &TestApp, headers: &[(&str, &str)]) {
    let mut all = vec![("authorization", "Bearer wrong-token")];
    all.extend_from_slice(headers);
    let answer = app.send(Method::GET, "/api/settings", &all, None).await;
    assert_eq!((answer.status, answer.error()), (StatusCode::UNAUTHORIZED, "invalid_token"));
}

async fn ten_failures_block_an_address_until_its_window_ends(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    for _ in 0..MAX_FAILURES {
        fail_once(&app, &[]).await;
        app.clock.advance(Duration::from_secs(1));
    }
    // START + 10 s: blocked until START + 300 s, even with the right token.
    let blocked = app.get_as_admin("/api/settings").await;
    assert_eq!((blocked.status, blocked.error()), (StatusCode::TOO_MANY_REQUESTS, "too_many_failures"));
    assert_eq!(blocked.header("retry-after"), Some("290"));
    let sign_in = app.send(Method::POST, "/api/session", &[], Some(common::admin_credentials())).await;
    assert_eq!(sign_in.status, StatusCode::TOO_MANY_REQUESTS, "the sign-in form is throttled too");
    app.clock.advance(FAILURE_WINDOW - Duration::from_secs(10) - Duration::from_millis(500));
    let blocked = app.get_as_admin("/api/settings").await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(blocked.header("retry-after"), Some("1"), "half a second left is rounded up");
    app.clock.advance(Duration::from_millis(500));
    assert_eq!(app.get_as_admin("/api/settings").await.status, StatusCode::OK, "the window is over");
}

async fn a_failure_after_the_window_starts_a_new_count(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    for _ in 0..MAX_FAILURES - 1 {
        fail_once(&app, &[]).await;
    }
    app.clock.advance(FAILURE_WINDOW);
    // Nine old failures are forgotten: nine new ones do not block.
    for _ in 0..MAX_FAILURES - 1 {
        fail_once(&app, &[]).await;
    }
    assert_eq!(app.get_as_admin("/api/settings").await.status, StatusCode::OK);
    fail_once(&app, &[]).await;
    assert_eq!(app.get_as_admin("/api/settings").await.status, StatusCode::TOO_MANY_REQUESTS);
}

async fn failure_windows_of_other_addresses_are_pruned_once_over(database: &Database) {
    let site = Site { trusted_proxies: vec![parse_trusted_proxy("127.0.0.1").unwrap()], ..Site::default() };
    let app = TestApp::start(database, site).await;
    for index in 0..30 {
        fail_once(&app, &[("x-forwarded-for", &format!("198.51.100.{index}"))]).await;
    }
    assert_eq!(app.store.address_failure_rows().await.unwrap(), 30, "one row per forwarded address");
    // The counts are per forwarded address: the proxy itself is not blocked.
    for _ in 0..MAX_FAILURES {
        fail_once(&app, &[("x-forwarded-for", "203.0.113.7")]).await;
    }
    let blocked =
        app.as_admin(Method::GET, "/api/settings", &[("x-forwarded-for", "203.0.113.7")], None).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    let other = app.as_admin(Method::GET, "/api/settings", &[("x-forwarded-for", "203.0.113.8")], None).await;
    assert_eq!(other.status, StatusCode::OK);
    app.clock.advance(FAILURE_WINDOW);
    fail_once(&app, &[("x-forwarded-for", "192.0.2.1")]).await;
    assert_eq!(app.store.address_failure_rows().await.unwrap(), 1, "every window that ended is gone");
}

async fn the_secrets_rotated_at_is_the_clocks_time_at_first_start_and_at_each_rotation(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    let first = app.get_as_admin("/api/content-token/secret").await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.body, serde_json::json!({ "rotatedAt": "2025-12-01T10:00:00Z" }), "made at first start");
    app.clock.advance(Duration::from_millis(90_500));
    let rotated = app
        .send(
            Method::POST,
            "/api/content-token/secret",
            &[("authorization", &format!("Bearer {TOKEN}"))],
            None,
        )
        .await;
    assert_eq!(rotated.status, StatusCode::OK);
    assert_eq!(rotated.body["rotatedAt"], "2025-12-01T10:01:30.5Z");
    app.clock.advance(Duration::from_secs(60));
    let after = app.get_as_admin("/api/content-token/secret").await;
    assert_eq!(after.body["rotatedAt"], "2025-12-01T10:01:30.5Z");
    assert!(!after.body.to_string().contains(rotated.body["secret"].as_str().unwrap()), "never the secret");
    let activity = app.get_as_admin("/api/activity").await;
    assert_eq!(activity.body["entries"][0]["at"], "2025-12-01T10:01:30.5Z");
}
