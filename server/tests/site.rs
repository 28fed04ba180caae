//! How the server behaves behind a balancer: the public origin (Origin checks, `__Host-`
//! cookies, HSTS), the client address from `X-Forwarded-For`, and the health routes. In
//! process, on SQLite and PostgreSQL.

mod common;

use axum::http::{Method, StatusCode};
use common::app::TestApp;
use common::database::Database;
use common::TOKEN;
use policy_widget_server::site::{parse_public_origin, parse_trusted_proxy, Site};
use serde_json::json;

on_both_backends!(
    behind_a_tls_balancer_cookies_are_host_prefixed_and_secure_and_hsts_is_sent,
    behind_a_balancer_only_the_public_origin_may_post,
    the_activity_log_names_the_forwarded_client_of_a_trusted_proxy,
    healthz_says_the_process_is_up_and_readyz_that_the_database_answers,
);

fn behind_balancer() -> Site {
    Site {
        tls: false,
        public_origin: Some(parse_public_origin("https://admin.example.com").unwrap()),
        trusted_proxies: vec![parse_trusted_proxy("127.0.0.0/8").unwrap()],
    }
}

async fn behind_a_tls_balancer_cookies_are_host_prefixed_and_secure_and_hsts_is_sent(database: &Database) {
    let app = TestApp::start(database, behind_balancer()).await;
    let (cookie, answer) = app.sign_in(&[("origin", "https://admin.example.com")]).await;
    let set_cookie = answer.header("set-cookie").unwrap();
    assert!(set_cookie.starts_with("__Host-pw_session="), "{set_cookie}");
    for attribute in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    assert!(!set_cookie.contains("Domain"), "{set_cookie}");
    assert_eq!(answer.header("strict-transport-security"), Some("max-age=63072000; includeSubDomains"));
    let session = app.send(Method::GET, "/api/session", &[("cookie", &cookie)], None).await;
    assert_eq!(session.status, StatusCode::OK);
    // The plain cookie name is not read any more: a browser over HTTPS only has the other.
    let plain = cookie.replacen("__Host-pw_session", "pw_session", 1);
    let answer = app.send(Method::GET, "/api/session", &[("cookie", &plain)], None).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    let healthz = app.send(Method::GET, "/healthz", &[], None).await;
    assert!(healthz.header("strict-transport-security").is_some(), "on every answer");
}

async fn behind_a_balancer_only_the_public_origin_may_post(database: &Database) {
    let app = TestApp::start(database, behind_balancer()).await;
    let (cookie, answer) = app.sign_in(&[("origin", "https://admin.example.com")]).await;
    let csrf = answer.body["csrfToken"].as_str().unwrap().to_owned();
    let settings = app.get_as_admin("/api/settings").await;
    let put = |origin: &'static str| {
        let body = settings.body["settings"].clone();
        let (cookie, csrf) = (cookie.clone(), csrf.clone());
        let app = &app;
        async move {
            app.send(
                Method::PUT,
                "/api/settings",
                &[("cookie", &cookie), ("x-csrf-token", &csrf), ("origin", origin), ("if-match", "\"1\"")],
                Some(body),
            )
            .await
        }
    };
    // What the server's own Host would make, and look-alikes, are refused.
    for origin in ["http://127.0.0.1:8080", "http://admin.example.com", "https://admin.example.com.evil.net"]
    {
        let answer = put(origin).await;
        assert_eq!((answer.status, answer.error()), (StatusCode::FORBIDDEN, "cross_origin"), "{origin}");
    }
    let saved = put("https://admin.example.com").await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let refused = app
        .send(
            Method::POST,
            "/api/session",
            &[("origin", "http://127.0.0.1:8080")],
            Some(common::admin_credentials()),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

async fn the_activity_log_names_the_forwarded_client_of_a_trusted_proxy(database: &Database) {
    let app = TestApp::start(database, behind_balancer()).await;
    let settings = app.get_as_admin("/api/settings").await;
    let headers = [
        ("authorization", &format!("Bearer {TOKEN}")[..]),
        ("if-match", "\"1\""),
        // A client-written entry, the client the balancer saw, then the balancer itself.
        ("x-forwarded-for", "6.6.6.6, 203.0.113.7, 127.0.0.2"),
    ];
    let answer =
        app.send(Method::PUT, "/api/settings", &headers, Some(settings.body["settings"].clone())).await;
    assert_eq!(answer.status, StatusCode::OK);
    let activity = app.get_as_admin("/api/activity").await;
    assert_eq!(activity.body["entries"][0]["who"]["address"], "203.0.113.7");
}

async fn healthz_says_the_process_is_up_and_readyz_that_the_database_answers(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    for path in ["/healthz", "/readyz"] {
        let answer = app.send(Method::GET, path, &[], None).await;
        assert_eq!(
            (answer.status, answer.body.clone()),
            (StatusCode::OK, json!({ "status": "ok" })),
            "{path}"
        );
        assert_eq!(answer.header("cache-control"), Some("no-store"));
    }
    app.store.close().await;
    let answer = app.send(Method::GET, "/readyz", &[], None).await;
    assert_eq!((answer.status, answer.error()), (StatusCode::SERVICE_UNAVAILABLE, "not_ready"));
    let answer = app.send(Method::GET, "/healthz", &[], None).await;
    assert_eq!(answer.status, StatusCode::OK, "the process is still up");
}
