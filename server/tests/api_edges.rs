//! The edges of the settings, password and activity API, through the whole application in
//! this process: warnings that come back with an accepted PUT, `If-Match` lists and the tags
//! that never match, the activity page size clamped at both ends, and which language the
//! messages take (the body's `locale`, else the first `Accept-Language` tag).

mod common;

use axum::http::{Method, StatusCode};
use common::app::{Answer, TestApp};
use common::database::Database;
use policy_widget_server::api::{DEFAULT_ACTIVITY_LIMIT, MAX_ACTIVITY_LIMIT};
use policy_widget_server::site::Site;
use serde_json::{json, Value};

/// The application on a fresh SQLite file; the `Database` keeps the file while it lives.
async fn app() -> (Database, TestApp) {
    let database = Database::sqlite();
    let app = TestApp::start(&database, Site::default()).await;
    (database, app)
}

async fn settings(app: &TestApp) -> (Value, String) {
    let answer = app.get_as_admin("/api/settings").await;
    assert_eq!(answer.status, StatusCode::OK);
    let etag = answer.header("etag").unwrap().to_owned();
    (answer.body["settings"].clone(), etag)
}

async fn put(app: &TestApp, settings: &Value, headers: &[(&str, &str)]) -> Answer {
    app.as_admin(Method::PUT, "/api/settings", headers, Some(settings.clone())).await
}

fn codes(issues: &Value) -> Vec<&str> {
    issues.as_array().unwrap().iter().map(|issue| issue["code"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn an_accepted_put_returns_its_warnings_and_a_clean_one_returns_none() {
    let (_database, app) = app().await;
    let (mut posted, etag) = settings(&app).await;
    posted["cors"]["allowedOrigins"] = json!(["https://a.example", "https://a.example"]);
    let answer = put(&app, &posted, &[("if-match", &etag)]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(codes(&answer.body["issues"]), ["origin.duplicate"]);
    assert_eq!(answer.body["issues"][0]["severity"], "warning");
    assert_eq!(answer.body["issues"][0]["path"], "cors.allowedOrigins[1]");
    // Stored as posted: a warning does not change the value.
    assert_eq!(answer.body["settings"]["cors"]["allowedOrigins"], posted["cors"]["allowedOrigins"]);

    let etag = answer.header("etag").unwrap().to_owned();
    posted["cors"]["allowedOrigins"] = json!(["https://a.example"]);
    let answer = put(&app, &posted, &[("if-match", &etag)]).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body["issues"], json!([]));
}

#[tokio::test]
async fn if_match_may_list_versions_and_only_strong_current_ones_match() {
    let (_database, app) = app().await;
    let (mut posted, etag) = settings(&app).await;
    assert_eq!(etag, "\"1\"");
    posted["contentToken"]["ttlSeconds"] = json!(1800);

    // Neither listed version is current, a weak tag never matches, and text that is not a
    // tag names nothing: all conflicts, each naming the current version.
    for tag in ["\"7\", \"8\"", "W/\"1\"", "1", "\"1", "\"\""] {
        let answer = put(&app, &posted, &[("if-match", tag)]).await;
        assert_eq!(answer.status, StatusCode::CONFLICT, "{tag}");
        assert_eq!(answer.error(), "version_conflict", "{tag}");
        assert_eq!(answer.body["version"], 1, "{tag}");
    }
    // `*` would overwrite blindly: refused as a missing precondition, like no header.
    for headers in [&[("if-match", "*")][..], &[]] {
        let answer = put(&app, &posted, headers).await;
        assert_eq!(answer.status, StatusCode::PRECONDITION_REQUIRED);
        assert_eq!(answer.error(), "precondition_required");
    }
    // A list that names the current version among others is a match.
    let answer = put(&app, &posted, &[("if-match", "\"9\", W/\"4\", \"1\"")]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.header("etag"), Some("\"2\""));
    assert_eq!(settings(&app).await.0["contentToken"]["ttlSeconds"], 1800);
}

/// One activity page: how many entries, and `nextBefore`.
async fn page(app: &TestApp, query: &str) -> (usize, Value) {
    let answer = app.get_as_admin(&format!("/api/activity{query}")).await;
    assert_eq!(answer.status, StatusCode::OK, "{query}: {}", answer.body);
    (answer.body["entries"].as_array().unwrap().len(), answer.body["nextBefore"].clone())
}

#[tokio::test]
async fn the_activity_page_size_is_clamped_to_1_and_to_the_maximum() {
    let (_database, app) = app().await;
    // MAX + 5 changes, each one activity entry.
    for ttl in 0..MAX_ACTIVITY_LIMIT + 5 {
        let (mut posted, etag) = settings(&app).await;
        posted["contentToken"]["ttlSeconds"] = json!(600 + ttl);
        assert_eq!(put(&app, &posted, &[("if-match", &etag)]).await.status, StatusCode::OK);
    }
    let limit = |n: u32| usize::try_from(n).unwrap();
    assert_eq!(page(&app, "").await.0, limit(DEFAULT_ACTIVITY_LIMIT));
    let (one, next) = page(&app, "?limit=0").await;
    assert_eq!(one, 1, "0 is read as 1");
    assert!(next.is_i64(), "a full page says where the next one starts");
    assert_eq!(page(&app, "?limit=1").await.0, 1);
    assert_eq!(page(&app, "?limit=100000").await.0, limit(MAX_ACTIVITY_LIMIT));
    assert_eq!(page(&app, &format!("?limit={MAX_ACTIVITY_LIMIT}")).await.0, limit(MAX_ACTIVITY_LIMIT));
    // Not a number, or past u32: a 400 naming the expected query, not a silent default.
    for query in ["?limit=-1", "?limit=ten", "?limit=4294967296"] {
        let answer = app.get_as_admin(&format!("/api/activity{query}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(answer.error(), "invalid_query", "{query}");
    }
}

/// The message of `password.too_short` for `body`, sent with `Accept-Language: language`.
async fn check(app: &TestApp, body: Value, language: Option<&str>) -> String {
    let headers: Vec<(&str, &str)> = language.map(|value| ("accept-language", value)).into_iter().collect();
    let answer = app.as_admin(Method::POST, "/api/password/check", &headers, Some(body)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let issues = answer.body["issues"].as_array().unwrap();
    let issue = issues.iter().find(|issue| issue["code"] == "password.too_short").unwrap();
    issue["message"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn messages_take_the_bodys_locale_then_the_first_accept_language_tag() {
    let (_database, app) = app().await;
    let english = check(&app, json!({ "password": "abc" }), None).await;
    let spanish = check(&app, json!({ "password": "abc" }), Some("es-CL,en;q=0.8")).await;
    let portuguese =
        check(&app, json!({ "password": "abc", "locale": "pt-BR" }), Some("es-CL,en;q=0.8")).await;
    assert_ne!(english, spanish);
    assert_ne!(spanish, portuguese);
    assert_ne!(english, portuguese);
    // The weights decide, not the order; a language without messages is passed over.
    assert_eq!(check(&app, json!({ "password": "abc" }), Some("es;q=0.1, pt;q=0.9")).await, portuguese);
    assert_eq!(check(&app, json!({ "password": "abc" }), Some("de-DE, es;q=0.5")).await, spanish);
    // `*` or only languages without messages means English.
    assert_eq!(check(&app, json!({ "password": "abc" }), Some("*")).await, english);
    assert_eq!(check(&app, json!({ "password": "abc" }), Some("de-DE")).await, english);

    // The same for a rejected PUT: the message comes in the header's language.
    let (mut posted, etag) = settings(&app).await;
    posted["cors"]["allowedOrigins"] = json!(["https://a.example/"]);
    let rejected = put(&app, &posted, &[("if-match", &etag), ("accept-language", "pt")]).await;
    assert_eq!(rejected.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(rejected.body["issues"][0]["message"].as_str().unwrap().starts_with("Remova a barra do final"));
}
