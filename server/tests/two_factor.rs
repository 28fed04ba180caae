//! The second factor through the whole HTTP application on a manual clock, on SQLite
//! (`sqlite::*`) and PostgreSQL (`postgres::*`): enrolment at the next sign-in once
//! `twoFactor.enforced` is on, codes within ±1 step, replay refused, recovery codes used
//! once, challenges that expire, self-service enrolment and removal, the admin's reset.

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use common::app::{Answer, TestApp};
use common::database::Database;
use common::{ADMIN_EMAIL, ADMIN_PASSWORD};
use policy_widget_server::second_factor::CHALLENGE_LIFETIME;
use policy_widget_server::site::Site;
use policy_widget_server::totp;
use serde_json::{json, Value};

on_both_backends!(
    enforcement_enrols_at_the_next_sign_in_and_then_asks_for_a_code_every_time,
    a_member_enrols_from_the_profile_and_removes_it_with_a_code,
);

const BEA: &str = "bea@example.com";
const BEA_PASSWORD: &str = "plum-orbit-cascade-77";

fn code_now(app: &TestApp, secret: &str) -> String {
    let bytes = totp::base32_decode(secret).unwrap();
    totp::code(&bytes, totp::step_at(app.clock.now().unix_seconds()))
}

async fn password_step(app: &TestApp, email: &str, password: &str) -> Answer {
    let answer = app
        .send(Method::POST, "/api/session", &[], Some(json!({ "email": email, "password": password })))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer
}

async fn second_step(app: &TestApp, body: Value) -> Answer {
    app.send(Method::POST, "/api/session/totp", &[], Some(body)).await
}

fn browser(answer: &Answer) -> (String, String) {
    let cookie = answer.header("set-cookie").unwrap().split(';').next().unwrap().to_owned();
    (cookie, answer.body["csrfToken"].as_str().unwrap().to_owned())
}

async fn send_as(
    app: &TestApp,
    who: &(String, String),
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Answer {
    app.send(method, path, &[("cookie", &who.0), ("x-csrf-token", &who.1)], body).await
}

/// The admin invites Bea, who joins with a password.
async fn bea_joins(app: &TestApp) -> i64 {
    let invite = app
        .as_admin(
            Method::POST,
            "/api/members",
            &[],
            Some(json!({ "email": BEA, "name": "Bea", "role": "member" })),
        )
        .await;
    assert_eq!(invite.status, StatusCode::CREATED);
    let url = invite.body["invitation"]["url"].as_str().unwrap();
    let token = url.rsplit("#invite=").next().unwrap();
    let accepted = app
        .send(
            Method::POST,
            "/api/invitations/accept",
            &[],
            Some(json!({ "token": token, "password": BEA_PASSWORD })),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    invite.body["member"]["id"].as_i64().unwrap()
}

async fn enforce(app: &TestApp, on: bool) {
    let current = app.get_as_admin("/api/settings").await;
    let mut settings = current.body["settings"].clone();
    settings["twoFactor"]["enforced"] = json!(on);
    let etag = current.header("etag").unwrap().to_owned();
    let saved = app.as_admin(Method::PUT, "/api/settings", &[("if-match", &etag)], Some(settings)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
}

async fn enforcement_enrols_at_the_next_sign_in_and_then_asks_for_a_code_every_time(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    let bea_id = bea_joins(&app).await;
    assert_eq!(password_step(&app, BEA, BEA_PASSWORD).await.body["next"], "done", "not enforced yet");
    enforce(&app, true).await;

    let setup = password_step(&app, BEA, BEA_PASSWORD).await;
    assert_eq!(setup.body["next"], "totp_setup");
    assert!(setup.header("set-cookie").is_none(), "no session before the second factor");
    let secret = setup.body["secret"].as_str().unwrap().to_owned();
    assert_eq!(secret.len(), 32);
    let uri = setup.body["otpauthUri"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/policy%2Dwidget:bea%40example%2Ecom?secret="), "{uri}");
    assert!(setup.body["qrSvg"].as_str().unwrap().contains("<svg"));
    let challenge = setup.body["challenge"].as_str().unwrap().to_owned();
    let wrong = second_step(&app, json!({ "challenge": challenge, "code": "000000" })).await;
    let wrong = if code_now(&app, &secret) == "000000" {
        second_step(&app, json!({ "challenge": challenge, "code": "111111" })).await
    } else {
        wrong
    };
    assert_eq!((wrong.status, wrong.error()), (StatusCode::UNAUTHORIZED, "invalid_code"));
    let enrolled =
        second_step(&app, json!({ "challenge": challenge, "code": code_now(&app, &secret) })).await;
    assert_eq!(enrolled.status, StatusCode::OK, "{}", enrolled.body);
    assert_eq!(enrolled.body["next"], "done");
    let codes: Vec<String> = enrolled.body["recoveryCodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    let bea = browser(&enrolled);
    let me = send_as(&app, &bea, Method::GET, "/api/me", None).await;
    assert_eq!(me.body["twoFactor"]["enabled"], true);
    let again = second_step(&app, json!({ "challenge": challenge, "code": code_now(&app, &secret) })).await;
    assert_eq!(again.error(), "challenge_expired", "a challenge is single-use");

    // The same step never works twice: a new challenge with the code just used is refused.
    let next = password_step(&app, BEA, BEA_PASSWORD).await;
    assert_eq!(next.body["next"], "totp");
    assert!(next.body.get("secret").is_none());
    let challenge = next.body["challenge"].as_str().unwrap().to_owned();
    let replay = second_step(&app, json!({ "challenge": challenge, "code": code_now(&app, &secret) })).await;
    assert_eq!((replay.status, replay.error()), (StatusCode::UNAUTHORIZED, "invalid_code"));
    app.clock.advance(Duration::from_secs(30));
    let signed_in =
        second_step(&app, json!({ "challenge": challenge, "code": code_now(&app, &secret) })).await;
    assert_eq!((signed_in.status, signed_in.body["next"].as_str()), (StatusCode::OK, Some("done")));
    assert!(signed_in.body.get("recoveryCodes").is_none());

    // A recovery code works once.
    let with_recovery =
        |challenge: String, code: String| json!({ "challenge": challenge, "recoveryCode": code });
    let next = password_step(&app, BEA, BEA_PASSWORD).await;
    let challenge = next.body["challenge"].as_str().unwrap().to_owned();
    let recovered = second_step(&app, with_recovery(challenge, codes[3].to_uppercase())).await;
    assert_eq!(recovered.status, StatusCode::OK, "{}", recovered.body);
    let next = password_step(&app, BEA, BEA_PASSWORD).await;
    let challenge = next.body["challenge"].as_str().unwrap().to_owned();
    let reused = second_step(&app, with_recovery(challenge, codes[3].clone())).await;
    assert_eq!(reused.error(), "invalid_code");

    // A challenge lives five minutes.
    let next = password_step(&app, BEA, BEA_PASSWORD).await;
    let challenge = next.body["challenge"].as_str().unwrap().to_owned();
    app.clock.advance(CHALLENGE_LIFETIME);
    let late = second_step(&app, json!({ "challenge": challenge, "code": code_now(&app, &secret) })).await;
    assert_eq!((late.status, late.error()), (StatusCode::UNAUTHORIZED, "challenge_expired"));

    // While enforced, a member cannot remove it; an admin resets a lost device.
    let removal =
        send_as(&app, &bea, Method::DELETE, "/api/me/two-factor", Some(json!({ "code": "123456" }))).await;
    assert_eq!((removal.status, removal.error()), (StatusCode::CONFLICT, "two_factor_enforced"));
    let admin = password_step(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(admin.body["next"], "totp_setup", "admins are not exempt");
    let forbidden =
        send_as(&app, &bea, Method::POST, &format!("/api/members/{bea_id}/two-factor/reset"), None).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let reset =
        app.as_admin(Method::POST, &format!("/api/members/{bea_id}/two-factor/reset"), &[], None).await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    assert_eq!(password_step(&app, BEA, BEA_PASSWORD).await.body["next"], "totp_setup");

    let events: Vec<String> = app.get_as_admin("/api/activity?limit=200").await.body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["event"].as_str().unwrap().to_owned())
        .collect();
    for event in ["two_factor.enabled", "two_factor.reset", "session.sign_in_failed"] {
        assert!(events.contains(&event.to_owned()), "{event}");
    }
    let log = app.get_as_admin("/api/activity?limit=200").await.body.to_string();
    assert!(!log.contains(&secret) && !log.contains(&codes[0]), "no secret in the log");
}

async fn a_member_enrols_from_the_profile_and_removes_it_with_a_code(database: &Database) {
    let app = TestApp::start(database, Site::default()).await;
    bea_joins(&app).await;
    let bea = browser(&password_step(&app, BEA, BEA_PASSWORD).await);
    let started = send_as(&app, &bea, Method::POST, "/api/me/two-factor", None).await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.body);
    let secret = started.body["secret"].as_str().unwrap().to_owned();
    let wrong =
        send_as(&app, &bea, Method::POST, "/api/me/two-factor/confirm", Some(json!({ "code": "12345" })))
            .await;
    assert_eq!(wrong.error(), "invalid_code");
    let code = code_now(&app, &secret);
    let confirmed =
        send_as(&app, &bea, Method::POST, "/api/me/two-factor/confirm", Some(json!({ "code": code }))).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    assert_eq!(confirmed.body["recoveryCodes"].as_array().unwrap().len(), 10);
    assert_eq!(password_step(&app, BEA, BEA_PASSWORD).await.body["next"], "totp");
    let replay =
        send_as(&app, &bea, Method::DELETE, "/api/me/two-factor", Some(json!({ "code": code }))).await;
    assert_eq!(replay.error(), "invalid_code", "the confirming code was used");
    app.clock.advance(Duration::from_secs(30));
    let removed = send_as(
        &app,
        &bea,
        Method::DELETE,
        "/api/me/two-factor",
        Some(json!({ "code": code_now(&app, &secret) })),
    )
    .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.body);
    assert_eq!(password_step(&app, BEA, BEA_PASSWORD).await.body["next"], "done");
}
