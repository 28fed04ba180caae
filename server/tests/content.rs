//! Content delivery through the whole HTTP application, on SQLite (`sqlite::*`) and
//! PostgreSQL (`postgres::*`), with a manual clock: tokens issued by the server open
//! `GET /content/{key}` until their `exp`, and not after a rotation; the admin's content
//! routes and their activity entries; the server-side verifier; and every CORS answer of
//! `/content/*`, decided per request from the stored settings.

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use base64::Engine as _;
use common::app::{Answer, TestApp, START};
use common::database::Database;
use policy_widget::origins::cors::MAX_AGE_SECONDS;
use policy_widget_server::site::Site;
use serde_json::{json, Value};

on_both_backends!(
    an_issued_token_reads_the_content_and_carries_sub_iat_exp_and_jti,
    a_token_reads_until_its_exp_and_is_refused_from_then_on,
    the_stored_ttl_sets_the_lifetime_of_the_next_token,
    a_rotation_refuses_every_older_token_at_once,
    a_subject_may_be_named_and_is_checked,
    a_read_without_a_valid_bearer_token_gets_the_rfc_6750_challenge,
    the_token_is_checked_before_the_key_is_looked_up,
    admins_write_read_list_and_delete_content_and_each_write_is_logged,
    content_writes_are_checked_like_every_api_body,
    the_content_routes_of_the_api_need_an_admin_and_stay_same_origin,
    the_server_verifies_a_token_for_the_inspector_without_showing_the_secret,
    with_cors_off_no_origin_is_allowed_and_preflights_are_refused,
    an_allowed_origin_is_echoed_exactly_with_vary_and_corp,
    an_allowed_origin_passes_the_preflight_for_reads_with_authorization,
    origins_that_only_resemble_an_allowed_one_are_refused,
    refusals_are_readable_by_an_allowed_origin,
    a_settings_change_applies_to_the_next_request,
);

const KEY: &str = "welcome";
const ALLOWED: &str = "https://app.example.com";

fn document() -> Value {
    json!({ "title": "Hello", "items": [1, 2, 3] })
}

/// The app with one document stored under [`KEY`].
async fn app_with_content(database: &Database) -> TestApp {
    let app = TestApp::start(database, Site::default()).await;
    let answer = app.as_admin(Method::PUT, &format!("/api/content/{KEY}"), &[], Some(document())).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    app
}

/// `POST /api/content-token` as the admin, with `body`.
async fn issue(app: &TestApp, body: Value) -> Answer {
    app.as_admin(Method::POST, "/api/content-token", &[], Some(body)).await
}

async fn token(app: &TestApp) -> String {
    let answer = issue(app, json!({})).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body["token"].as_str().unwrap().to_owned()
}

/// `GET /content/{key}` with `token` as bearer and `headers`.
async fn read(app: &TestApp, key: &str, token: &str, headers: &[(&str, &str)]) -> Answer {
    let authorization = format!("Bearer {token}");
    let mut all = vec![("authorization", authorization.as_str())];
    all.extend_from_slice(headers);
    app.send(Method::GET, &format!("/content/{key}"), &all, None).await
}

fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap())
        .unwrap()
}

/// Writes the settings with `change` applied to the current ones.
async fn change_settings(app: &TestApp, change: impl FnOnce(&mut Value)) {
    let current = app.get_as_admin("/api/settings").await;
    let etag = current.header("etag").unwrap().to_owned();
    let mut settings = current.body["settings"].clone();
    change(&mut settings);
    let answer = app.as_admin(Method::PUT, "/api/settings", &[("if-match", &etag)], Some(settings)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
}

async fn allow_origins(app: &TestApp, enabled: bool, origins: &[&str]) {
    change_settings(app, |settings| {
        settings["cors"] = json!({ "enabled": enabled, "allowedOrigins": origins })
    })
    .await;
}

fn preflight_headers(origin: &str) -> Vec<(&str, &str)> {
    vec![
        ("origin", origin),
        ("access-control-request-method", "GET"),
        ("access-control-request-headers", "authorization"),
    ]
}

async fn preflight(app: &TestApp, origin: &str) -> Answer {
    app.send(Method::OPTIONS, &format!("/content/{KEY}"), &preflight_headers(origin), None).await
}

/// No header that would let a browser hand the answer to another origin.
fn assert_not_shared(answer: &Answer) {
    assert_eq!(answer.header("access-control-allow-origin"), None);
    assert_eq!(answer.header("access-control-allow-credentials"), None);
    assert_eq!(answer.header("cross-origin-resource-policy"), Some("same-origin"));
}

async fn an_issued_token_reads_the_content_and_carries_sub_iat_exp_and_jti(database: &Database) {
    let app = app_with_content(database).await;
    let issued = issue(&app, json!({})).await;
    let token = issued.body["token"].as_str().unwrap();
    let claims = claims(token);
    let iat = START.unix_seconds();
    assert_eq!(
        (claims["sub"].clone(), claims["iat"].clone(), claims["exp"].clone()),
        (json!("environment"), json!(iat), json!(iat + 3600))
    );
    assert!(claims["jti"].as_str().is_some_and(|jti| jti.len() >= 22), "{claims}");
    assert_eq!(issued.body["expiresAt"], iat + 3600);
    assert_eq!(issued.header("cache-control"), Some("no-store"));
    let header: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(token.split('.').next().unwrap()).unwrap(),
    )
    .unwrap();
    assert_eq!(header, json!({ "alg": "HS256", "typ": "JWT" }));

    let answer = read(&app, KEY, token, &[]).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body, document());
    assert_eq!(answer.header("cache-control"), Some("no-store"), "private content is never cached");
    assert_eq!(answer.header("vary"), Some("origin"));

    let second = claims_of_next(&app).await;
    assert_ne!(second["jti"], claims["jti"], "every token has its own jti");
}

async fn claims_of_next(app: &TestApp) -> Value {
    claims(&token(app).await)
}

async fn a_token_reads_until_its_exp_and_is_refused_from_then_on(database: &Database) {
    let app = app_with_content(database).await;
    let token = token(&app).await;
    app.clock.advance(Duration::from_secs(3599));
    assert_eq!(read(&app, KEY, &token, &[]).await.status, StatusCode::OK);
    app.clock.advance(Duration::from_secs(1));
    let answer = read(&app, KEY, &token, &[]).await;
    assert_eq!((answer.status, answer.error()), (StatusCode::UNAUTHORIZED, "invalid_token"));
    assert_eq!(answer.body["reason"], "expired");
    assert_eq!(
        answer.header("www-authenticate"),
        Some(
            "Bearer realm=\"content\", error=\"invalid_token\", error_description=\"the token has expired\""
        )
    );
}

async fn the_stored_ttl_sets_the_lifetime_of_the_next_token(database: &Database) {
    let app = app_with_content(database).await;
    let before = token(&app).await;
    change_settings(&app, |settings| settings["contentToken"]["ttlSeconds"] = json!(60)).await;
    let after = token(&app).await;
    let claims = claims(&after);
    assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 60);
    app.clock.advance(Duration::from_secs(60));
    assert_eq!(read(&app, KEY, &after, &[]).await.body["reason"], "expired");
    assert_eq!(
        read(&app, KEY, &before, &[]).await.status,
        StatusCode::OK,
        "a token keeps the exp it was issued with"
    );
}

async fn a_rotation_refuses_every_older_token_at_once(database: &Database) {
    let app = app_with_content(database).await;
    let first = token(&app).await;
    let second = token(&app).await;
    assert_eq!(read(&app, KEY, &first, &[]).await.status, StatusCode::OK);
    let rotated = app.as_admin(Method::POST, "/api/content-token/secret", &[], Some(json!({}))).await;
    assert_eq!(rotated.status, StatusCode::OK);
    for old in [&first, &second] {
        let answer = read(&app, KEY, old, &[]).await;
        assert_eq!(
            (answer.status, answer.body["reason"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("signature_invalid"))
        );
    }
    let fresh = token(&app).await;
    assert_eq!(read(&app, KEY, &fresh, &[]).await.status, StatusCode::OK);
}

async fn a_subject_may_be_named_and_is_checked(database: &Database) {
    let app = app_with_content(database).await;
    let named = issue(&app, json!({ "subject": "member-42" })).await;
    assert_eq!(claims(named.body["token"].as_str().unwrap())["sub"], "member-42");
    for (body, code) in [
        (json!({ "subject": "" }), "invalid_subject"),
        (json!({ "subject": "a\u{0}b" }), "invalid_subject"),
        (json!({ "subject": "x".repeat(256) }), "invalid_subject"),
        (json!({ "subject": 7 }), "invalid_request"),
        (json!({ "subjet": "typo" }), "invalid_request"),
    ] {
        let answer = issue(&app, body.clone()).await;
        assert_eq!((answer.status, answer.error()), (StatusCode::UNPROCESSABLE_ENTITY, code), "{body}");
    }
}

async fn a_read_without_a_valid_bearer_token_gets_the_rfc_6750_challenge(database: &Database) {
    let app = app_with_content(database).await;
    let path = format!("/content/{KEY}");
    for headers in [vec![], vec![("authorization", "Basic YWRtaW46YWRtaW4=")]] {
        let answer = app.send(Method::GET, &path, &headers, None).await;
        assert_eq!((answer.status, answer.error()), (StatusCode::UNAUTHORIZED, "invalid_token"));
        assert_eq!(
            answer.header("www-authenticate"),
            Some("Bearer realm=\"content\""),
            "no error code: {headers:?}"
        );
    }
    for malformed in ["Bearer", "Bearer ", "Bearer a b"] {
        let answer = app.send(Method::GET, &path, &[("authorization", malformed)], None).await;
        assert_eq!(
            (answer.status, answer.error()),
            (StatusCode::BAD_REQUEST, "invalid_request"),
            "{malformed:?}"
        );
        assert_eq!(
            answer.header("www-authenticate"),
            Some("Bearer realm=\"content\", error=\"invalid_request\"")
        );
    }
    let admin_token = common::TOKEN;
    let forged_none = {
        let encode = |text: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text);
        format!("{}.{}.", encode(r#"{"alg":"none"}"#), encode(r#"{"sub":"admin","exp":4102444800}"#))
    };
    for (token, reason) in [
        ("not-a-jwt", "malformed"),
        (admin_token, "malformed"),
        (forged_none.as_str(), "unsupported_alg"),
        (
            // RFC 7515 A.1: a valid HS256 JWS, with another key.
            "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
            "signature_invalid",
        ),
    ] {
        let answer = read(&app, KEY, token, &[]).await;
        assert_eq!((answer.status, answer.error()), (StatusCode::UNAUTHORIZED, "invalid_token"), "{token}");
        assert_eq!(answer.body["reason"], reason, "{token}");
        assert!(answer.header("www-authenticate").unwrap().contains("error=\"invalid_token\""));
    }
}

async fn the_token_is_checked_before_the_key_is_looked_up(database: &Database) {
    let app = app_with_content(database).await;
    let token = token(&app).await;
    // (`..` and encoded slashes never get this far: the traversal guard answers 400.)
    for key in ["missing", ".env", "a%20b", "%C3%A9t%C3%A9", &"k".repeat(129)] {
        let refused = read(&app, key, "not-a-jwt", &[]).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{key}: no token, no hint about the key");
        let answer = read(&app, key, &token, &[]).await;
        assert_eq!((answer.status, answer.error()), (StatusCode::NOT_FOUND, "not_found"), "{key}");
    }
    let head = app
        .send(
            Method::HEAD,
            &format!("/content/{KEY}"),
            &[("authorization", &format!("Bearer {token}"))],
            None,
        )
        .await;
    assert_eq!(head.status, StatusCode::OK);
}

async fn admins_write_read_list_and_delete_content_and_each_write_is_logged(database: &Database) {
    let app = app_with_content(database).await;
    app.clock.advance(Duration::from_millis(1500));
    let replaced =
        app.as_admin(Method::PUT, "/api/content/welcome", &[], Some(json!({ "title": "Hi" }))).await;
    assert_eq!(replaced.status, StatusCode::OK);
    assert_eq!(replaced.body, json!({ "key": "welcome", "bytes": 14 }));
    let created = app.as_admin(Method::PUT, "/api/content/a-list", &[], Some(json!([1, "two", null]))).await;
    assert_eq!(created.status, StatusCode::CREATED);

    let one = app.get_as_admin("/api/content/welcome").await;
    assert_eq!(
        one.body,
        json!({ "key": "welcome", "value": { "title": "Hi" }, "updatedAt": "2025-12-01T10:00:01.5Z" })
    );
    let list = app.get_as_admin("/api/content").await;
    assert_eq!(
        list.body["items"],
        json!([
            { "key": "a-list", "bytes": 14, "updatedAt": "2025-12-01T10:00:01.5Z" },
            { "key": "welcome", "bytes": 14, "updatedAt": "2025-12-01T10:00:01.5Z" },
        ])
    );

    let deleted = app.as_admin(Method::DELETE, "/api/content/a-list", &[], None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let again = app.as_admin(Method::DELETE, "/api/content/a-list", &[], None).await;
    assert_eq!((again.status, again.error()), (StatusCode::NOT_FOUND, "not_found"));
    assert_eq!(app.get_as_admin("/api/content/a-list").await.status, StatusCode::NOT_FOUND);

    let log = app.get_as_admin("/api/activity").await;
    let entries: Vec<(Value, Value)> = log.body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["event"].as_str().is_some_and(|event| event.starts_with("content.")))
        .map(|entry| (entry["event"].clone(), entry["changes"].clone()))
        .collect();
    assert_eq!(
        entries,
        vec![
            (json!("content.deleted"), json!([{ "path": "content/a-list", "old": 14, "new": null }])),
            (json!("content.updated"), json!([{ "path": "content/a-list", "old": null, "new": 14 }])),
            (json!("content.updated"), json!([{ "path": "content/welcome", "old": 33, "new": 14 }])),
            (json!("content.updated"), json!([{ "path": "content/welcome", "old": null, "new": 33 }])),
        ]
    );
    assert!(!log.body.to_string().contains("Hello"), "values are never logged");
    assert_eq!(log.body["entries"][0]["who"]["via"], "environment");
}

async fn content_writes_are_checked_like_every_api_body(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    for key in [".hidden", "a%20b", "%C3%A9t%C3%A9", "a~b%21", &"k".repeat(129)] {
        let answer = app.as_admin(Method::PUT, &format!("/api/content/{key}"), &[], Some(json!(1))).await;
        assert_eq!((answer.status, answer.error()), (StatusCode::BAD_REQUEST, "invalid_key"), "{key}");
    }
    let big = json!({ "text": "x".repeat(70 * 1024) });
    let answer = app.as_admin(Method::PUT, "/api/content/big", &[], Some(big)).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    let answer =
        app.as_admin(Method::PUT, "/api/content/text", &[("content-type", "text/plain")], None).await;
    assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(app.get_as_admin("/api/content").await.body["items"].as_array().unwrap().is_empty());
    assert!(
        !app.get_as_admin("/api/activity").await.body["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|entry| entry["event"].as_str().is_some_and(|event| event.starts_with("content."))),
        "nothing written, nothing logged"
    );
}

async fn the_content_routes_of_the_api_need_an_admin_and_stay_same_origin(database: &Database) {
    let app = app_with_content(database).await;
    allow_origins(&app, true, &[ALLOWED]).await;
    for (method, path) in [
        (Method::GET, "/api/content"),
        (Method::GET, "/api/content/welcome"),
        (Method::DELETE, "/api/content/welcome"),
        (Method::POST, "/api/content-token"),
        (Method::POST, "/api/content-token/verify"),
    ] {
        let answer = app.send(method.clone(), path, &[], Some(json!({ "token": "x" }))).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{method} {path}");
        let answer =
            app.as_admin(method.clone(), path, &[("origin", ALLOWED)], Some(json!({ "token": "x" }))).await;
        assert_eq!(
            (answer.status, answer.error()),
            (StatusCode::FORBIDDEN, "cross_origin"),
            "{method} {path}"
        );
        assert_eq!(answer.header("access-control-allow-origin"), None, "the API is never shared");
    }
    let preflight =
        app.send(Method::OPTIONS, "/api/content/welcome", &preflight_headers(ALLOWED), None).await;
    assert_eq!(preflight.header("access-control-allow-origin"), None);
    // A browser session's writes need the CSRF token.
    let (cookie, _) = app.sign_in(&[]).await;
    let answer = app.send(Method::DELETE, "/api/content/welcome", &[("cookie", &cookie)], None).await;
    assert_eq!((answer.status, answer.error()), (StatusCode::FORBIDDEN, "csrf_failed"));
}

async fn the_server_verifies_a_token_for_the_inspector_without_showing_the_secret(database: &Database) {
    let app = app_with_content(database).await;
    let token = token(&app).await;
    let verify = |token: String| {
        app.as_admin(Method::POST, "/api/content-token/verify", &[], Some(json!({ "token": token })))
    };
    let report = verify(token.clone()).await;
    assert_eq!(report.status, StatusCode::OK);
    assert_eq!(
        (report.body["signature"].as_str(), report.body["status"].as_str()),
        (Some("verified"), Some("valid"))
    );
    assert_eq!((report.body["accepted"].clone(), report.body["reason"].clone()), (json!(true), Value::Null));
    assert_eq!(report.body["lifetimeSeconds"], 3600.0);
    assert_eq!(report.body["ok"], true);

    app.as_admin(Method::POST, "/api/content-token/secret", &[], Some(json!({}))).await;
    let report = verify(token.clone()).await;
    assert_eq!(report.body["signature"], "invalid");
    assert_eq!(
        (report.body["accepted"].clone(), report.body["reason"].clone()),
        (json!(false), json!("signature_invalid"))
    );
    assert!(report.body["issues"]
        .as_array()
        .unwrap()
        .iter()
        .any(|issue| issue["code"] == "token.signature_invalid"));

    let fresh = self::token(&app).await;
    app.clock.advance(Duration::from_secs(7200));
    let report = app
        .as_admin(
            Method::POST,
            "/api/content-token/verify",
            &[("accept-language", "pt-BR")],
            Some(json!({ "token": fresh })),
        )
        .await;
    assert_eq!(
        (report.body["status"].as_str(), report.body["reason"].as_str()),
        (Some("expired"), Some("expired"))
    );
    let expired = report.body["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|issue| issue["code"] == "token.expired")
        .unwrap();
    assert!(expired["message"].as_str().unwrap().contains("expirou"), "{expired}");

    let secret = app.store.content_token_secret().await.unwrap().secret;
    assert!(!report.body.to_string().contains(&secret), "the secret never leaves the server");
    let wrong =
        app.as_admin(Method::POST, "/api/content-token/verify", &[], Some(json!({ "jwt": "x" }))).await;
    assert_eq!((wrong.status, wrong.error()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_request"));
}

async fn with_cors_off_no_origin_is_allowed_and_preflights_are_refused(database: &Database) {
    let app = app_with_content(database).await;
    // The list is kept while CORS is off: it must not apply.
    allow_origins(&app, false, &[ALLOWED]).await;
    let token = token(&app).await;
    let answer = read(&app, KEY, &token, &[("origin", ALLOWED)]).await;
    assert_eq!(answer.status, StatusCode::OK, "the server answers; the browser withholds it");
    assert_not_shared(&answer);
    assert_eq!(answer.header("vary"), Some("origin"));
    let refused = preflight(&app, ALLOWED).await;
    assert_eq!((refused.status, refused.error()), (StatusCode::FORBIDDEN, "cors_refused"));
    assert_not_shared(&refused);
    assert_eq!(refused.header("access-control-allow-methods"), None);
}

async fn an_allowed_origin_is_echoed_exactly_with_vary_and_corp(database: &Database) {
    let app = app_with_content(database).await;
    allow_origins(&app, true, &["https://other.example", ALLOWED, "http://localhost:3000"]).await;
    let token = token(&app).await;
    for origin in [ALLOWED, "http://localhost:3000"] {
        let answer = read(&app, KEY, &token, &[("origin", origin)]).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.header("access-control-allow-origin"), Some(origin));
        assert_eq!(answer.header("vary"), Some("origin"));
        assert_eq!(answer.header("cross-origin-resource-policy"), Some("cross-origin"));
        assert_eq!(answer.header("access-control-expose-headers"), Some("WWW-Authenticate"));
        assert_eq!(answer.header("access-control-allow-credentials"), None);
    }
    let same_origin = read(&app, KEY, &token, &[]).await;
    assert_not_shared(&same_origin);
}

async fn an_allowed_origin_passes_the_preflight_for_reads_with_authorization(database: &Database) {
    let app = app_with_content(database).await;
    allow_origins(&app, true, &[ALLOWED]).await;
    let answer = preflight(&app, ALLOWED).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    assert_eq!(answer.header("access-control-allow-origin"), Some(ALLOWED));
    assert_eq!(answer.header("access-control-allow-methods"), Some("GET, HEAD"));
    assert_eq!(answer.header("access-control-allow-headers"), Some("Authorization"));
    assert_eq!(answer.header("access-control-max-age"), Some(MAX_AGE_SECONDS.to_string().as_str()));
    assert_eq!(answer.header("vary"), Some("origin"));
    assert_eq!(answer.header("access-control-allow-credentials"), None);
    for (method, headers) in [("PUT", "authorization"), ("GET", "authorization, x-extra"), ("DELETE", "")] {
        let request = [
            ("origin", ALLOWED),
            ("access-control-request-method", method),
            ("access-control-request-headers", headers),
        ];
        let answer = app.send(Method::OPTIONS, "/content/welcome", &request, None).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{method} {headers}");
        assert_not_shared(&answer);
    }
    let plain = app.send(Method::OPTIONS, "/content/welcome", &[], None).await;
    assert_eq!((plain.status, plain.header("allow")), (StatusCode::NO_CONTENT, Some("GET, HEAD, OPTIONS")));
}

async fn origins_that_only_resemble_an_allowed_one_are_refused(database: &Database) {
    let app = app_with_content(database).await;
    allow_origins(&app, true, &[ALLOWED, "http://127.0.0.1:8081"]).await;
    let token = token(&app).await;
    for origin in [
        "https://app.example.com.evil.net",
        "https://evilapp.example.com",
        "https://sub.app.example.com",
        "http://app.example.com",
        "https://app.example.com:8443",
        "https://app.example.com:443",
        "https://APP.EXAMPLE.COM",
        "http://127.0.0.1:8082",
        "https://127.0.0.1:8081",
        "http://127.0.0.1",
        "null",
    ] {
        let answer = read(&app, KEY, &token, &[("origin", origin)]).await;
        assert_not_shared(&answer);
        let refused = preflight(&app, origin).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{origin}");
        assert_not_shared(&refused);
    }
}

async fn refusals_are_readable_by_an_allowed_origin(database: &Database) {
    let app = app_with_content(database).await;
    allow_origins(&app, true, &[ALLOWED]).await;
    let answer = read(&app, KEY, "not-a-jwt", &[("origin", ALLOWED)]).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.header("access-control-allow-origin"), Some(ALLOWED));
    let token = token(&app).await;
    let missing = read(&app, "missing", &token, &[("origin", ALLOWED)]).await;
    assert_eq!(
        (missing.status, missing.header("access-control-allow-origin")),
        (StatusCode::NOT_FOUND, Some(ALLOWED))
    );
}

async fn a_settings_change_applies_to_the_next_request(database: &Database) {
    let app = app_with_content(database).await;
    let token = token(&app).await;
    let shared = |answer: &Answer| answer.header("access-control-allow-origin").map(str::to_owned);
    assert_eq!(shared(&read(&app, KEY, &token, &[("origin", ALLOWED)]).await), None, "off by default");
    allow_origins(&app, true, &[ALLOWED]).await;
    assert_eq!(shared(&read(&app, KEY, &token, &[("origin", ALLOWED)]).await).as_deref(), Some(ALLOWED));
    allow_origins(&app, true, &["https://other.example"]).await;
    assert_eq!(shared(&read(&app, KEY, &token, &[("origin", ALLOWED)]).await), None, "removed from the list");
    allow_origins(&app, true, &[ALLOWED]).await;
    assert_eq!(preflight(&app, ALLOWED).await.status, StatusCode::NO_CONTENT);
    allow_origins(&app, false, &[ALLOWED]).await;
    assert_eq!(preflight(&app, ALLOWED).await.status, StatusCode::FORBIDDEN, "switched off");
}
