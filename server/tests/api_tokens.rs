//! API tokens: shown once, used as `Authorization: Bearer pwt_…` with the creator's role at
//! use time, listed without secrets, revoked from the next request on, expired on the manual
//! clock, refused to members and to bearer credentials, logged with the token's id and never
//! its value — through the whole HTTP application, on SQLite (`sqlite::*`) and PostgreSQL
//! (`postgres::*`).

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use common::app::{Answer, Browser, TestApp, START};
use common::database::Database;
use common::{ADMIN_EMAIL, ADMIN_PASSWORD, TOKEN};
use policy_widget_server::api_tokens::LAST_USED_PRECISION;
use policy_widget_server::auth::sha256;
use policy_widget_server::site::Site;
use serde_json::{json, Value};

on_both_backends!(
    a_token_is_shown_once_acts_as_its_creator_and_is_refused_after_revocation,
    a_token_works_until_its_expiry_and_not_a_millisecond_more,
    only_an_admins_session_creates_tokens,
    a_token_has_its_creators_role_at_use_time_and_ends_with_the_creator,
    bad_requests_get_specific_codes,
    the_activity_log_names_the_token_and_nothing_stores_it,
);

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

/// Sends a request with `Authorization: Bearer <token>` and nothing else (no CSRF token).
async fn with_token(app: &TestApp, token: &str, method: Method, path: &str, body: Option<Value>) -> Answer {
    let authorization = format!("Bearer {token}");
    app.send(method, path, &[("authorization", authorization.as_str())], body).await
}

/// Creates a token as `browser`; returns the whole 201 answer.
async fn create(app: &TestApp, browser: &Browser, name: &str, days: u64) -> Value {
    let answer = browser
        .send(app, Method::POST, "/api/tokens", Some(json!({ "name": name, "expiresInDays": days })))
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    answer.body
}

fn secret(created: &Value) -> String {
    created["token"].as_str().unwrap().to_owned()
}

/// Invites `email` as `role` and has them join; returns their id and a signed-in browser.
async fn member_joins(app: &TestApp, admin: &Browser, email: &str, role: &str) -> (i64, Browser) {
    let invited = admin
        .send(app, Method::POST, "/api/members", Some(json!({ "email": email, "name": "Bea", "role": role })))
        .await;
    assert_eq!(invited.status, StatusCode::CREATED, "{}", invited.body);
    let url = invited.body["invitation"]["url"].as_str().unwrap();
    let token = url.split("#invite=").nth(1).unwrap();
    let password = "plum-orbit-cascade-77";
    let accepted = app
        .send(
            Method::POST,
            "/api/invitations/accept",
            &[],
            Some(json!({ "token": token, "password": password })),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    (invited.body["member"]["id"].as_i64().unwrap(), Browser::sign_in(app, email, password).await)
}

/// Sends `body` as it is (not necessarily JSON), with `headers`.
async fn send_raw(app: &TestApp, path: &str, headers: &[(&str, &str)], body: &'static str) -> Answer {
    use tower::ServiceExt as _;
    let mut request =
        axum::http::Request::builder().method(Method::POST).uri(path).header("host", "127.0.0.1:8080");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response =
        app.router.clone().oneshot(request.body(axum::body::Body::from(body)).unwrap()).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    Answer { status, headers, body: serde_json::from_slice(&bytes).unwrap_or(Value::Null) }
}

async fn activity(app: &TestApp) -> Vec<Value> {
    app.get_as_admin("/api/activity?limit=200").await.body["entries"].as_array().unwrap().clone()
}

async fn a_token_is_shown_once_acts_as_its_creator_and_is_refused_after_revocation(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    let admin = Browser::sign_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let created = create(&app, &admin, "deploy script", 30).await;
    let token = secret(&created);
    let random = token.strip_prefix("pwt_").unwrap_or_else(|| panic!("{token}"));
    assert_eq!(random.len(), 43, "32 bytes in base64url");
    assert!(random.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{token}");
    assert_eq!(created["expiresAt"], START.plus(DAY * 30).rfc3339());
    let id = created["id"].as_i64().unwrap();

    // It acts as Ada, an admin: no CSRF token needed, an unsafe method included.
    let session = with_token(&app, &token, Method::GET, "/api/session", None).await;
    assert_eq!(session.status, StatusCode::OK, "{}", session.body);
    assert_eq!(
        (
            session.body["via"].as_str(),
            session.body["role"].as_str(),
            session.body["member"]["email"].as_str()
        ),
        (Some("api_token"), Some("admin"), Some(ADMIN_EMAIL))
    );
    let settings = with_token(&app, &token, Method::GET, "/api/settings", None).await;
    assert_eq!(settings.status, StatusCode::OK);
    let mut changed = settings.body["settings"].clone();
    changed["contentToken"]["ttlSeconds"] = json!(7200);
    let authorization = format!("Bearer {token}");
    let saved = app
        .send(
            Method::PUT,
            "/api/settings",
            &[("authorization", authorization.as_str()), ("if-match", "\"1\"")],
            Some(changed),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);

    // The list has it, by name and creator, with when it was last used; never the secret.
    app.clock.advance(LAST_USED_PRECISION / 2);
    assert_eq!(with_token(&app, &token, Method::GET, "/api/me", None).await.status, StatusCode::OK);
    let listed = admin.send(&app, Method::GET, "/api/tokens", None).await;
    assert_eq!(listed.status, StatusCode::OK);
    let entry = &listed.body["tokens"][0];
    assert_eq!(
        (entry["id"].as_i64(), entry["name"].as_str(), entry["creator"]["email"].as_str()),
        (Some(id), Some("deploy script"), Some(ADMIN_EMAIL))
    );
    assert_eq!(entry["createdAt"], START.rfc3339());
    assert_eq!(entry["lastUsedAt"], START.rfc3339(), "written again only once a minute old");
    assert_eq!(entry["expired"], false);
    let text = listed.body.to_string();
    let hash: String = sha256(&token).iter().map(|byte| format!("{byte:02x}")).collect();
    assert!(!text.contains(random) && !text.contains(&hash), "{text}");
    assert!(entry.get("token").is_none());
    app.clock.advance(LAST_USED_PRECISION);
    with_token(&app, &token, Method::GET, "/api/me", None).await;
    let listed = with_token(&app, &token, Method::GET, "/api/tokens", None).await;
    assert_eq!(listed.body["tokens"][0]["lastUsedAt"], app.clock.now().rfc3339());

    // Revoked: the very next request is refused.
    let revoked = admin.send(&app, Method::DELETE, &format!("/api/tokens/{id}"), None).await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    let refused = with_token(&app, &token, Method::GET, "/api/me", None).await;
    assert_eq!((refused.status, refused.error()), (StatusCode::UNAUTHORIZED, "invalid_token"));
    let again = admin.send(&app, Method::DELETE, &format!("/api/tokens/{id}"), None).await;
    assert_eq!((again.status, again.error()), (StatusCode::NOT_FOUND, "token_not_found"));
    let listed = admin.send(&app, Method::GET, "/api/tokens", None).await;
    assert_eq!(listed.body["tokens"], json!([]));
}

async fn a_token_works_until_its_expiry_and_not_a_millisecond_more(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    let admin = Browser::sign_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let token = secret(&create(&app, &admin, "short", 1).await);
    app.clock.advance(DAY - Duration::from_millis(1));
    assert_eq!(with_token(&app, &token, Method::GET, "/api/settings", None).await.status, StatusCode::OK);
    app.clock.advance(Duration::from_millis(1));
    let expired = with_token(&app, &token, Method::GET, "/api/settings", None).await;
    assert_eq!((expired.status, expired.error()), (StatusCode::UNAUTHORIZED, "invalid_token"));
    // The list still shows it, as expired, until someone revokes it.
    let admin = Browser::sign_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let listed = admin.send(&app, Method::GET, "/api/tokens", None).await;
    assert_eq!(listed.body["tokens"][0]["expired"], true);
}

async fn only_an_admins_session_creates_tokens(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    let admin = Browser::sign_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let (_, bea) = member_joins(&app, &admin, "bea@example.com", "member").await;
    let id = create(&app, &admin, "ada's", 7).await["id"].as_i64().unwrap();
    let body = json!({ "name": "mine", "expiresInDays": 7 });
    for (method, path, body) in [
        (Method::POST, "/api/tokens".to_owned(), Some(body.clone())),
        (Method::GET, "/api/tokens".to_owned(), None),
        (Method::DELETE, format!("/api/tokens/{id}"), None),
    ] {
        let member = bea.send(&app, method.clone(), &path, body.clone()).await;
        assert_eq!((member.status, member.error()), (StatusCode::FORBIDDEN, "forbidden"), "{method} {path}");
        let anonymous = app.send(method.clone(), &path, &[], body.clone()).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "{method} {path}");
    }
    // Bearer credentials list and revoke, but make no tokens: the environment's has no member
    // to act as, and a token must not outlive its own revocation through a successor.
    let token = secret(&create(&app, &admin, "automation", 7).await);
    let by_token = with_token(&app, &token, Method::POST, "/api/tokens", Some(body.clone())).await;
    assert_eq!((by_token.status, by_token.error()), (StatusCode::FORBIDDEN, "session_required"));
    let by_environment = app.as_admin(Method::POST, "/api/tokens", &[], Some(body.clone())).await;
    assert_eq!((by_environment.status, by_environment.error()), (StatusCode::FORBIDDEN, "session_required"));
    assert_eq!(app.get_as_admin("/api/tokens").await.body["tokens"].as_array().unwrap().len(), 2);
    let revoked = app.as_admin(Method::DELETE, &format!("/api/tokens/{id}"), &[], None).await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    // A cookie without its CSRF token creates nothing either.
    let csrfless =
        app.send(Method::POST, "/api/tokens", &[("cookie", admin.cookie.as_str())], Some(body)).await;
    assert_eq!((csrfless.status, csrfless.error()), (StatusCode::FORBIDDEN, "csrf_failed"));
    assert_eq!(app.get_as_admin("/api/tokens").await.body["tokens"].as_array().unwrap().len(), 1);
}

async fn a_token_has_its_creators_role_at_use_time_and_ends_with_the_creator(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    let admin = Browser::sign_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let (bea_id, bea) = member_joins(&app, &admin, "bea@example.com", "admin").await;
    let token = secret(&create(&app, &bea, "bea's script", 30).await);
    assert_eq!(with_token(&app, &token, Method::GET, "/api/settings", None).await.status, StatusCode::OK);

    let role = |role: &str| json!({ "role": role });
    let path = format!("/api/members/{bea_id}");
    assert_eq!(admin.send(&app, Method::PATCH, &path, Some(role("member"))).await.status, StatusCode::OK);
    let demoted = with_token(&app, &token, Method::GET, "/api/settings", None).await;
    assert_eq!((demoted.status, demoted.error()), (StatusCode::FORBIDDEN, "forbidden"));
    let listing = with_token(&app, &token, Method::GET, "/api/tokens", None).await;
    assert_eq!(listing.status, StatusCode::FORBIDDEN);
    let me = with_token(&app, &token, Method::GET, "/api/me", None).await;
    assert_eq!((me.status, me.body["email"].as_str()), (StatusCode::OK, Some("bea@example.com")));
    let content = with_token(&app, &token, Method::POST, "/api/content-token", Some(json!({}))).await;
    assert_eq!(content.status, StatusCode::OK, "{}", content.body);

    assert_eq!(admin.send(&app, Method::PATCH, &path, Some(role("admin"))).await.status, StatusCode::OK);
    assert_eq!(with_token(&app, &token, Method::GET, "/api/settings", None).await.status, StatusCode::OK);

    assert_eq!(admin.send(&app, Method::DELETE, &path, None).await.status, StatusCode::NO_CONTENT);
    let removed = with_token(&app, &token, Method::GET, "/api/me", None).await;
    assert_eq!((removed.status, removed.error()), (StatusCode::UNAUTHORIZED, "invalid_token"));
    assert_eq!(admin.send(&app, Method::GET, "/api/tokens", None).await.body["tokens"], json!([]));
}

async fn bad_requests_get_specific_codes(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    let admin = Browser::sign_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let cases = [
        (json!({ "name": "n", "expiresInDays": 0 }), "invalid_expiry"),
        (json!({ "name": "n", "expiresInDays": 366 }), "invalid_expiry"),
        (json!({ "name": "n", "expiresInDays": "7" }), "invalid_expiry"),
        (json!({ "name": "n", "expiresInDays": 7.5 }), "invalid_expiry"),
        (json!({ "name": "n", "expiresInDays": 1e300 }), "invalid_expiry"),
        (json!({ "name": "n" }), "invalid_expiry"),
        (json!({ "expiresInDays": 7 }), "invalid_name"),
        (json!({ "name": "", "expiresInDays": 7 }), "invalid_name"),
        (json!({ "name": "   ", "expiresInDays": 7 }), "invalid_name"),
        (json!({ "name": "n".repeat(101), "expiresInDays": 7 }), "invalid_name"),
        (json!({ "name": "line\nbreak", "expiresInDays": 7 }), "invalid_name"),
        (json!({ "name": ["n"], "expiresInDays": 7 }), "invalid_name"),
        (json!({ "name": "n", "expiresInDays": 7, "role": "admin" }), "invalid_request"),
        (json!("n"), "invalid_request"),
        (json!(null), "invalid_request"),
    ];
    for (body, code) in cases {
        let answer = admin.send(&app, Method::POST, "/api/tokens", Some(body.clone())).await;
        assert_eq!((answer.status, answer.error()), (StatusCode::UNPROCESSABLE_ENTITY, code), "{body}");
    }
    let headers = [("cookie", admin.cookie.as_str()), ("x-csrf-token", admin.csrf.as_str())];
    let mut with_type = headers.to_vec();
    with_type.push(("content-type", "application/json"));
    let garbled = send_raw(&app, "/api/tokens", &with_type, "{\"name\":").await;
    assert_eq!((garbled.status, garbled.error()), (StatusCode::BAD_REQUEST, "malformed_json"));
    let untyped = send_raw(&app, "/api/tokens", &headers, "{}").await;
    assert_eq!(untyped.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    for path in ["/api/tokens/999999", "/api/tokens/abc", "/api/tokens/-1"] {
        let answer = admin.send(&app, Method::DELETE, path, None).await;
        assert_eq!((answer.status, answer.error()), (StatusCode::NOT_FOUND, "token_not_found"), "{path}");
    }
    // Something that looks like a token but is not one of ours is a wrong bearer token.
    let guessed =
        with_token(&app, "pwt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", Method::GET, "/api/me", None)
            .await;
    assert_eq!((guessed.status, guessed.error()), (StatusCode::UNAUTHORIZED, "invalid_token"));
    assert_eq!(admin.send(&app, Method::GET, "/api/tokens", None).await.body["tokens"], json!([]));
}

async fn the_activity_log_names_the_token_and_nothing_stores_it(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    let admin = Browser::sign_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let created = create(&app, &admin, "ci", 90).await;
    let (token, id) = (secret(&created), created["id"].as_i64().unwrap());
    let kept = secret(&create(&app, &admin, "kept", 90).await);
    // The token rotates the content secret, then revokes itself.
    let rotated = with_token(&app, &token, Method::POST, "/api/content-token/secret", None).await;
    assert_eq!(rotated.status, StatusCode::OK);
    let revoked = with_token(&app, &token, Method::DELETE, &format!("/api/tokens/{id}"), None).await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);

    let entries = activity(&app).await;
    let find = |event: &str| entries.iter().find(|entry| entry["event"] == event).unwrap().clone();
    let made = entries
        .iter()
        .find(|entry| entry["event"] == "api_token.created" && entry["target"]["tokenId"] == id)
        .unwrap();
    assert_eq!(
        (made["who"]["via"].as_str(), made["who"]["email"].as_str()),
        (Some("session"), Some(ADMIN_EMAIL))
    );
    assert!(made["who"].get("tokenId").is_none(), "{made}");
    assert_eq!((made["target"]["tokenId"].as_i64(), made["target"]["name"].as_str()), (Some(id), Some("ci")));
    for event in ["contentToken.secretRotated", "api_token.revoked"] {
        let entry = find(event);
        assert_eq!(entry["who"]["via"], "api_token", "{entry}");
        assert_eq!(entry["who"]["tokenId"], id, "{entry}");
        assert_eq!(entry["who"]["email"], ADMIN_EMAIL, "{entry}");
        assert_eq!(entry["who"]["address"], "127.0.0.1", "{entry}");
    }
    assert_eq!(find("api_token.revoked")["target"], json!({ "tokenId": id, "name": "ci" }));
    let random = token.strip_prefix("pwt_").unwrap();
    let text = serde_json::to_string(&entries).unwrap();
    assert!(!text.contains(random), "the token in the activity log");
    assert!(!text.contains(TOKEN));

    // The SQLite file and its write-ahead log hold the live token's hash (so the search looks
    // in the right place) but never a token.
    if let Database::Sqlite(dir) = database {
        let file = dir.path().join(policy_widget_server::store::DATABASE_FILE);
        let mut bytes = Vec::new();
        for suffix in ["", "-wal", "-shm"] {
            let path = format!("{}{suffix}", file.display());
            bytes.extend(std::fs::read(&path).unwrap_or_default());
        }
        let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|window| window == needle);
        assert!(contains(&sha256(&kept)), "the live token's hash is stored");
        for secret in [&token, &kept] {
            let random = secret.strip_prefix("pwt_").unwrap();
            assert!(!contains(random.as_bytes()), "a token in the database file");
        }
    }
}
