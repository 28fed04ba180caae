//! People: invitations (and their expiry on the manual clock), sign-in with email and
//! password, roles on every route, password changes under the stored policy, removal, the
//! last admin, and what the activity log says — through the whole HTTP application, on
//! SQLite (`sqlite::*`) and PostgreSQL (`postgres::*`).

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use common::app::{Answer, Browser, TestApp, START};
use common::database::Database;
use common::{ADMIN_EMAIL, ADMIN_PASSWORD, TOKEN};
use policy_widget_server::members::INVITATION_LIFETIME;
use policy_widget_server::site::Site;
use serde_json::{json, Value};

on_both_backends!(
    an_invited_member_sets_a_password_the_stored_policy_accepts_and_is_signed_in,
    an_invitation_works_for_72_hours_and_not_a_millisecond_more,
    members_reach_only_their_own_routes_and_admins_reach_every_route,
    wrong_credentials_are_one_answer_and_every_attempt_is_logged_without_secrets,
    a_password_change_is_checked_by_the_stored_policy_and_ends_the_other_sessions,
    removing_a_member_ends_their_sessions_and_the_last_admin_stays,
    roles_change_and_bad_requests_get_specific_codes,
    a_content_tokens_subject_is_the_callers_member_id_and_only_admins_name_another,
);

/// Invites `email` as `role` with the admin browser; returns the invitation token.
async fn invite(app: &TestApp, admin: &Browser, email: &str, name: &str, role: &str) -> (Value, String) {
    let answer = admin
        .send(app, Method::POST, "/api/members", Some(json!({ "email": email, "name": name, "role": role })))
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let url = answer.body["invitation"]["url"].as_str().unwrap();
    let token =
        url.strip_prefix("http://127.0.0.1:8080/#invite=").unwrap_or_else(|| panic!("{url}")).to_owned();
    (answer.body["member"].clone(), token)
}

async fn accept(app: &TestApp, token: &str, password: &str) -> Answer {
    app.send(
        Method::POST,
        "/api/invitations/accept",
        &[],
        Some(json!({ "token": token, "password": password })),
    )
    .await
}

fn codes(answer: &Answer) -> Vec<String> {
    answer.body["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| issue["code"].as_str().unwrap().to_owned())
        .collect()
}

async fn member_joins(app: &TestApp, admin: &Browser, email: &str, role: &str) -> (i64, Browser) {
    let (member, token) = invite(app, admin, email, "Bea Member", role).await;
    let answer = accept(app, &token, "plum-orbit-cascade-77").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    (member["id"].as_i64().unwrap(), Browser::from_answer(&answer))
}

async fn activity(app: &TestApp) -> Vec<Value> {
    app.get_as_admin("/api/activity?limit=200").await.body["entries"].as_array().unwrap().clone()
}

async fn an_invited_member_sets_a_password_the_stored_policy_accepts_and_is_signed_in(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    let admin = Browser::sign_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    // The admin makes the policy stricter: it is the one invitations are checked by.
    let mut settings = app.get_as_admin("/api/settings").await.body["settings"].clone();
    settings["passwordPolicy"]["minLength"] = json!(16);
    let saved = app.as_admin(Method::PUT, "/api/settings", &[("if-match", "\"1\"")], Some(settings)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);

    let (member, token) = invite(&app, &admin, "Bea@Example.com", "Beatrice", "member").await;
    assert_eq!(member["status"], "invited");
    assert_eq!(member["role"], "member");
    let shown = app.send(Method::GET, &format!("/api/invitations/{token}"), &[], None).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.body["email"], "Bea@Example.com");
    assert_eq!(shown.body["passwordPolicy"]["minLength"], 16);
    assert_eq!(shown.body["expiresAt"], START.plus(INVITATION_LIFETIME).rfc3339());

    let short = accept(&app, &token, "plum-orbit-77").await;
    assert_eq!(
        (short.status, short.body["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_password"))
    );
    assert!(codes(&short).contains(&"password.too_short".to_owned()), "{:?}", codes(&short));
    let own_name = accept(&app, &token, "beatrice-beatrice-2025").await;
    assert!(codes(&own_name).contains(&"password.contains_user_input".to_owned()), "{:?}", codes(&own_name));
    let spanish = app
        .send(
            Method::POST,
            "/api/invitations/accept",
            &[("accept-language", "es")],
            Some(json!({ "token": token, "password": "short" })),
        )
        .await;
    assert!(
        spanish.body["issues"][0]["message"].as_str().unwrap().starts_with("Usa al menos"),
        "{}",
        spanish.body
    );

    let joined = accept(&app, &token, "plum-orbit-cascade-77").await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    assert_eq!(joined.body["next"], "done");
    assert_eq!(joined.body["member"]["status"], "active");
    let browser = Browser::from_answer(&joined);
    let me = browser.send(&app, Method::GET, "/api/me", None).await;
    assert_eq!((me.status, me.body["email"].as_str()), (StatusCode::OK, Some("Bea@Example.com")));
    assert_eq!(
        accept(&app, &token, "plum-orbit-cascade-77").await.status,
        StatusCode::NOT_FOUND,
        "single use"
    );
    let again = Browser::sign_in(&app, "bea@example.com", "plum-orbit-cascade-77").await;
    assert_eq!(again.send(&app, Method::GET, "/api/me", None).await.status, StatusCode::OK);
    let events: Vec<String> =
        activity(&app).await.iter().map(|entry| entry["event"].as_str().unwrap().to_owned()).collect();
    for event in ["member.invited", "member.joined", "session.signed_in"] {
        assert!(events.contains(&event.to_owned()), "{event} in {events:?}");
    }
}

async fn an_invitation_works_for_72_hours_and_not_a_millisecond_more(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    let admin = Browser::sign_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let (_, early) = invite(&app, &admin, "early@example.com", "Early", "member").await;
    let (_, late) = invite(&app, &admin, "late@example.com", "Late", "member").await;
    app.clock.advance(INVITATION_LIFETIME - Duration::from_millis(1));
    assert_eq!(accept(&app, &early, "plum-orbit-cascade-77").await.status, StatusCode::OK);
    app.clock.advance(Duration::from_millis(1));
    let shown = app.send(Method::GET, &format!("/api/invitations/{late}"), &[], None).await;
    assert_eq!((shown.status, shown.error()), (StatusCode::NOT_FOUND, "invitation_not_found"));
    assert_eq!(accept(&app, &late, "plum-orbit-cascade-77").await.status, StatusCode::NOT_FOUND);
    let unknown = app.send(Method::GET, "/api/invitations/not-a-token", &[], None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

async fn members_reach_only_their_own_routes_and_admins_reach_every_route(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    let admin = Browser::sign_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let (bea_id, bea) = member_joins(&app, &admin, "bea@example.com", "member").await;
    let admin_id = app.get_as_admin("/api/members").await.body["members"][0]["id"].as_i64().unwrap();
    let settings = app.get_as_admin("/api/settings").await.body["settings"].clone();
    let admin_only: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, "/api/settings".into(), None),
        (Method::PUT, "/api/settings".into(), Some(settings.clone())),
        (Method::GET, "/api/activity".into(), None),
        (Method::GET, "/api/content-token/secret".into(), None),
        (Method::POST, "/api/content-token/secret".into(), None),
        (Method::GET, "/api/members".into(), None),
        (
            Method::POST,
            "/api/members".into(),
            Some(json!({ "email": "c@example.com", "name": "C", "role": "member" })),
        ),
        (Method::PATCH, format!("/api/members/{admin_id}"), Some(json!({ "role": "member" }))),
        (Method::DELETE, format!("/api/members/{admin_id}"), None),
    ];
    for (method, path, body) in &admin_only {
        let answer = bea.send(&app, method.clone(), path, body.clone()).await;
        assert_eq!((answer.status, answer.error()), (StatusCode::FORBIDDEN, "forbidden"), "{method} {path}");
        let anonymous = app.send(method.clone(), path, &[], body.clone()).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "{method} {path}");
    }
    for path in ["/api/me", "/api/session"] {
        assert_eq!(bea.send(&app, Method::GET, path, None).await.status, StatusCode::OK, "{path}");
        assert_eq!(app.send(Method::GET, path, &[], None).await.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    let check = bea.send(&app, Method::POST, "/api/password/check", Some(json!({ "password": "x" }))).await;
    assert_eq!(check.status, StatusCode::OK);
    assert_eq!(bea.send(&app, Method::GET, "/api/session", None).await.body["role"], "member");
    // Admins (by session, or the environment's token) reach them all.
    for (method, path, _) in &admin_only[..6] {
        let answer = admin.send(&app, method.clone(), path, None).await;
        assert_ne!(answer.status, StatusCode::FORBIDDEN, "{method} {path}");
        assert_ne!(answer.status, StatusCode::UNAUTHORIZED, "{method} {path}");
    }
    let renamed = admin
        .send(&app, Method::PATCH, &format!("/api/members/{bea_id}"), Some(json!({ "name": "Bea B." })))
        .await;
    assert_eq!((renamed.status, renamed.body["name"].as_str()), (StatusCode::OK, Some("Bea B.")));
    let listed = app.as_admin(Method::GET, "/api/members", &[], None).await;
    assert_eq!(listed.body["members"].as_array().unwrap().len(), 2);
    let me = app.as_admin(Method::GET, "/api/me", &[], None).await;
    assert_eq!((me.status, me.error()), (StatusCode::NOT_FOUND, "not_a_member"));
    let text = listed.body.to_string();
    assert!(!text.contains("argon2") && !text.contains("password_hash"), "{text}");
}

async fn wrong_credentials_are_one_answer_and_every_attempt_is_logged_without_secrets(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    let admin = Browser::sign_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let (_, invited_token) = invite(&app, &admin, "pending@example.com", "Pending", "member").await;
    for (email, password) in [
        (ADMIN_EMAIL, "wrong-password-1"),
        ("nobody@example.com", "wrong-password-2"),
        ("pending@example.com", "wrong-password-3"),
    ] {
        let answer = app
            .send(Method::POST, "/api/session", &[], Some(json!({ "email": email, "password": password })))
            .await;
        assert_eq!(
            (answer.status, answer.error()),
            (StatusCode::UNAUTHORIZED, "invalid_credentials"),
            "{email}"
        );
        assert!(answer.header("set-cookie").is_none());
    }
    let entries = activity(&app).await;
    let failures: Vec<&Value> =
        entries.iter().filter(|entry| entry["event"] == "session.sign_in_failed").collect();
    let reasons: Vec<&str> =
        failures.iter().map(|entry| entry["target"]["reason"].as_str().unwrap()).collect();
    assert_eq!(reasons, ["not_joined", "unknown_email", "wrong_password"]);
    assert_eq!(failures[2]["who"]["email"], ADMIN_EMAIL);
    assert_eq!(failures[2]["who"]["address"], "127.0.0.1");
    assert!(failures[1]["who"]["email"].is_null(), "an unknown email is not written down");
    let signed_in = entries.iter().find(|entry| entry["event"] == "session.signed_in").unwrap();
    assert_eq!(
        (signed_in["who"]["email"].as_str(), signed_in["who"]["via"].as_str()),
        (Some(ADMIN_EMAIL), Some("session"))
    );
    assert!(signed_in["who"]["memberId"].is_i64());
    let invited = entries.iter().find(|entry| entry["event"] == "member.invited").unwrap();
    assert_eq!(invited["who"]["email"], ADMIN_EMAIL);
    assert_eq!(invited["target"]["email"], "pending@example.com");
    let text = serde_json::to_string(&entries).unwrap();
    for secret in ["wrong-password", ADMIN_PASSWORD, &invited_token, TOKEN, "argon2"] {
        assert!(!text.contains(secret), "{secret} in the log");
    }
}

async fn a_password_change_is_checked_by_the_stored_policy_and_ends_the_other_sessions(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    let admin = Browser::sign_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let (bea_id, bea) = member_joins(&app, &admin, "bea@example.com", "member").await;
    let other = Browser::sign_in(&app, "bea@example.com", "plum-orbit-cascade-77").await;
    let change = |current: &str, new: &str| json!({ "currentPassword": current, "newPassword": new });
    let wrong =
        bea.send(&app, Method::POST, "/api/me/password", Some(change("nope", "amber-delta-harbor-93"))).await;
    assert_eq!((wrong.status, wrong.error()), (StatusCode::UNAUTHORIZED, "invalid_credentials"));
    let weak = bea
        .send(
            &app,
            Method::POST,
            "/api/me/password",
            Some(change("plum-orbit-cascade-77", "bea@example.com")),
        )
        .await;
    assert_eq!((weak.status, weak.error()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_password"));
    assert!(codes(&weak).contains(&"password.contains_user_input".to_owned()), "{:?}", codes(&weak));
    assert_eq!(app.store.member_sessions(bea_id, app.clock.now()).await.unwrap(), 2);
    let done = bea
        .send(
            &app,
            Method::POST,
            "/api/me/password",
            Some(change("plum-orbit-cascade-77", "amber-delta-harbor-93")),
        )
        .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.body);
    assert_eq!(
        bea.send(&app, Method::GET, "/api/me", None).await.status,
        StatusCode::OK,
        "this session stays"
    );
    let ended = other.send(&app, Method::GET, "/api/me", None).await;
    assert_eq!((ended.status, ended.error()), (StatusCode::UNAUTHORIZED, "session_expired"));
    let old = app
        .send(
            Method::POST,
            "/api/session",
            &[],
            Some(json!({ "email": "bea@example.com", "password": "plum-orbit-cascade-77" })),
        )
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let me = Browser::sign_in(&app, "bea@example.com", "amber-delta-harbor-93").await;
    let profile = me.send(&app, Method::GET, "/api/me", None).await;
    assert_eq!(profile.body["passwordChangedAt"], START.rfc3339());
    let csrfless = app
        .send(
            Method::POST,
            "/api/me/password",
            &[("cookie", &me.cookie)],
            Some(change("amber-delta-harbor-93", "x")),
        )
        .await;
    assert_eq!(csrfless.error(), "csrf_failed");
    assert!(activity(&app).await.iter().any(
        |entry| entry["event"] == "member.password_changed" && entry["who"]["email"] == "bea@example.com"
    ));
}

async fn removing_a_member_ends_their_sessions_and_the_last_admin_stays(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    let admin = Browser::sign_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let admin_id = admin.send(&app, Method::GET, "/api/me", None).await.body["id"].as_i64().unwrap();
    let (bea_id, bea) = member_joins(&app, &admin, "bea@example.com", "member").await;
    let last = admin.send(&app, Method::DELETE, &format!("/api/members/{admin_id}"), None).await;
    assert_eq!((last.status, last.error()), (StatusCode::CONFLICT, "last_admin"));
    let demote = admin
        .send(&app, Method::PATCH, &format!("/api/members/{admin_id}"), Some(json!({ "role": "member" })))
        .await;
    assert_eq!((demote.status, demote.error()), (StatusCode::CONFLICT, "last_admin"));
    let removed = admin.send(&app, Method::DELETE, &format!("/api/members/{bea_id}"), None).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let gone = bea.send(&app, Method::GET, "/api/me", None).await;
    assert_eq!((gone.status, gone.error()), (StatusCode::UNAUTHORIZED, "session_expired"));
    let again = admin.send(&app, Method::DELETE, &format!("/api/members/{bea_id}"), None).await;
    assert_eq!((again.status, again.error()), (StatusCode::NOT_FOUND, "member_not_found"));
    // With a second admin, the first may go, by the environment's token.
    let (carl_id, carl) = member_joins(&app, &admin, "carl@example.com", "admin").await;
    let removed = app.as_admin(Method::DELETE, &format!("/api/members/{admin_id}"), &[], None).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert_eq!(admin.send(&app, Method::GET, "/api/me", None).await.status, StatusCode::UNAUTHORIZED);
    let entry = activity(&app).await.into_iter().find(|entry| entry["event"] == "member.removed").unwrap();
    assert_eq!(
        (entry["who"]["via"].as_str(), entry["target"]["email"].as_str()),
        (Some("environment"), Some(ADMIN_EMAIL))
    );
    let last = carl.send(&app, Method::DELETE, &format!("/api/members/{carl_id}"), None).await;
    assert_eq!(last.error(), "last_admin");
}

async fn roles_change_and_bad_requests_get_specific_codes(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    let admin = Browser::sign_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let (bea_id, bea) = member_joins(&app, &admin, "bea@example.com", "member").await;
    let taken = admin
        .send(
            &app,
            Method::POST,
            "/api/members",
            Some(json!({ "email": "BEA@example.com", "name": "B", "role": "member" })),
        )
        .await;
    assert_eq!((taken.status, taken.error()), (StatusCode::CONFLICT, "email_taken"));
    for body in [
        json!({ "email": "not-an-email", "name": "X", "role": "member" }),
        json!({ "email": "x@example.com", "name": " ", "role": "member" }),
        json!({ "email": "x@example.com", "name": "X", "role": "root" }),
        json!({ "email": "x@example.com", "name": "X" }),
        json!({ "email": "x@example.com", "name": "X", "role": "member", "extra": 1 }),
    ] {
        let answer = admin.send(&app, Method::POST, "/api/members", Some(body.clone())).await;
        assert_eq!(
            (answer.status, answer.error()),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_request"),
            "{body}"
        );
    }
    let missing = admin.send(&app, Method::PATCH, "/api/members/999999", Some(json!({ "name": "N" }))).await;
    assert_eq!((missing.status, missing.error()), (StatusCode::NOT_FOUND, "member_not_found"));
    let nonsense = admin.send(&app, Method::PATCH, "/api/members/abc", Some(json!({ "name": "N" }))).await;
    assert_eq!(nonsense.status, StatusCode::NOT_FOUND);
    let promoted = admin
        .send(&app, Method::PATCH, &format!("/api/members/{bea_id}"), Some(json!({ "role": "admin" })))
        .await;
    assert_eq!((promoted.status, promoted.body["role"].as_str()), (StatusCode::OK, Some("admin")));
    assert_eq!(
        bea.send(&app, Method::GET, "/api/settings", None).await.status,
        StatusCode::OK,
        "the role counts at once"
    );
    let entry = activity(&app).await.into_iter().find(|entry| entry["event"] == "member.updated").unwrap();
    assert_eq!(entry["changes"], json!([{ "path": "role", "old": "member", "new": "admin" }]));
}

async fn a_content_tokens_subject_is_the_callers_member_id_and_only_admins_name_another(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    let admin = Browser::sign_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let (member_id, member) = member_joins(&app, &admin, "bea@example.com", "member").await;
    let subject = |answer: &Answer| -> Value {
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        let payload = answer.body["token"].as_str().unwrap().split('.').nth(1).unwrap().to_owned();
        let bytes =
            base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, payload).unwrap();
        serde_json::from_slice::<Value>(&bytes).unwrap()["sub"].clone()
    };

    let own = member.send(&app, Method::POST, "/api/content-token", Some(json!({}))).await;
    assert_eq!(subject(&own), json!(member_id.to_string()));
    // Naming oneself is naming no one else; naming another needs the admin role.
    let same = member
        .send(&app, Method::POST, "/api/content-token", Some(json!({ "subject": member_id.to_string() })))
        .await;
    assert_eq!(subject(&same), json!(member_id.to_string()));
    let other = member.send(&app, Method::POST, "/api/content-token", Some(json!({ "subject": "1" }))).await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    assert_eq!(other.error(), "forbidden");
    // Members verify nothing and read no content through the admin API.
    let verify =
        member.send(&app, Method::POST, "/api/content-token/verify", Some(json!({ "token": "x" }))).await;
    assert_eq!(verify.status, StatusCode::FORBIDDEN);
    assert_eq!(member.send(&app, Method::GET, "/api/content", None).await.status, StatusCode::FORBIDDEN);

    let admin_id = admin.send(&app, Method::GET, "/api/me", None).await.body["id"].clone();
    let admins = admin.send(&app, Method::POST, "/api/content-token", Some(json!({}))).await;
    assert_eq!(subject(&admins), json!(admin_id.as_i64().unwrap().to_string()));
    let named =
        admin.send(&app, Method::POST, "/api/content-token", Some(json!({ "subject": "reader-7" }))).await;
    assert_eq!(subject(&named), json!("reader-7"));
}
