//! The sign-in throttle through the whole HTTP application on a manual clock (and its
//! store's bound directly), on SQLite (`sqlite::*`) and PostgreSQL (`postgres::*`): per
//! address (IPv6 per /64), per account with a doubling, capped delay that a success resets,
//! trusted devices that keep the real admin in while both are under attack, the second
//! factor's step, and a table that never holds more windows than its cap.

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use common::app::{Answer, TestApp, START};
use common::database::Database;
use common::{ADMIN_EMAIL, ADMIN_PASSWORD};
use policy_widget_server::clock::ManualClock;
use policy_widget_server::site::{parse_trusted_proxy, Site};
use policy_widget_server::store::Store;
use policy_widget_server::throttle::{
    ACCOUNT_FIRST_DELAY, ACCOUNT_FREE_FAILURES, ACCOUNT_MAX_DELAY, ADDRESS_WINDOW, DEVICE_MAX_FAILURES,
    MAX_ADDRESS_FAILURES,
};
use policy_widget_server::totp;
use serde_json::json;

on_both_backends!(
    an_address_is_refused_after_ten_failures_until_its_window_ends,
    an_ipv6_address_counts_as_its_64,
    an_account_is_refused_after_five_failures_from_any_addresses_for_a_doubling_capped_delay,
    the_admin_with_a_trusted_device_signs_in_while_their_account_and_address_are_under_attack,
    a_trusted_device_has_its_own_few_failures_and_is_then_forgotten,
    the_second_factor_step_is_throttled_and_a_trusted_device_is_spared,
    address_windows_never_outgrow_their_cap_and_a_throttled_address_stays_throttled,
    over_https_the_device_cookie_is_host_prefixed_and_secure,
);

const WRONG: &str = "not-the-password-at-all";

/// The application behind a trusted proxy at 127.0.0.1, so `X-Forwarded-For` names the client.
async fn start(database: &Database) -> TestApp {
    let site = Site { trusted_proxies: vec![parse_trusted_proxy("127.0.0.1").unwrap()], ..Site::default() };
    TestApp::start(database, site).await
}

/// `POST /api/session` from `address`, with a device cookie (`pw_device=…`) when given.
async fn attempt(app: &TestApp, email: &str, password: &str, address: &str, device: Option<&str>) -> Answer {
    let mut headers = vec![("x-forwarded-for", address)];
    if let Some(device) = device {
        headers.push(("cookie", device));
    }
    app.send(Method::POST, "/api/session", &headers, Some(json!({ "email": email, "password": password })))
        .await
}

/// The device cookie an answer sets, as `pw_device=…`.
fn device_cookie(answer: &Answer) -> Option<String> {
    answer
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("pw_device="))
        .map(|value| value.split(';').next().unwrap_or_default().to_owned())
}

fn assert_refused(answer: &Answer, retry_after: u64) {
    assert_eq!((answer.status, answer.error()), (StatusCode::TOO_MANY_REQUESTS, "too_many_failures"));
    assert_eq!(answer.header("retry-after"), Some(retry_after.to_string().as_str()), "{}", answer.body);
}

fn assert_wrong(answer: &Answer) {
    assert_eq!((answer.status, answer.error()), (StatusCode::UNAUTHORIZED, "invalid_credentials"));
}

/// Fails `count` times from `address` with emails no one has (only the address counts).
async fn fail_unknown(app: &TestApp, address: &str, count: i64) {
    for index in 0..count {
        assert_wrong(&attempt(app, &format!("nobody{index}@example.com"), WRONG, address, None).await);
    }
}

async fn an_address_is_refused_after_ten_failures_until_its_window_ends(database: &Database) {
    let app = start(database).await;
    for _ in 0..MAX_ADDRESS_FAILURES {
        fail_unknown(&app, "203.0.113.7", 1).await;
        app.clock.advance(Duration::from_secs(1));
    }
    // START + 10 s: refused until START + 300 s, the right password too, before it is checked.
    assert_refused(&attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "203.0.113.7", None).await, 290);
    assert_refused(&attempt(&app, "nobody@example.com", WRONG, "203.0.113.7", None).await, 290);
    assert_eq!(app.store.account_failure_rows().await.unwrap(), 0, "unknown emails have no account row");
    let elsewhere = attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "203.0.113.8", None).await;
    assert_eq!(elsewhere.status, StatusCode::OK, "another address is not refused");
    app.clock.advance(Duration::from_millis(289_500));
    assert_refused(&attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "203.0.113.7", None).await, 1);
    app.clock.advance(Duration::from_millis(500));
    let after = attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "203.0.113.7", None).await;
    assert_eq!(after.status, StatusCode::OK, "the window is over");
    // The refused attempts were not counted: a new window starts at one failure.
    fail_unknown(&app, "203.0.113.7", MAX_ADDRESS_FAILURES - 1).await;
    assert_eq!(attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "203.0.113.7", None).await.status, StatusCode::OK);
    fail_unknown(&app, "203.0.113.7", 1).await;
    assert_refused(&attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "203.0.113.7", None).await, 300);
}

async fn an_ipv6_address_counts_as_its_64(database: &Database) {
    let app = start(database).await;
    for index in 1..=MAX_ADDRESS_FAILURES {
        fail_unknown(&app, &format!("2001:db8:1:2::{index:x}"), 1).await;
    }
    let same_64 = attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "2001:db8:1:2:ffff:ffff:ffff:ffff", None).await;
    assert_refused(&same_64, 300);
    let next_64 = attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "2001:db8:1:3::1", None).await;
    assert_eq!(next_64.status, StatusCode::OK);
    assert_eq!(app.store.address_failure_rows().await.unwrap(), 1, "ten hosts, one key");
}

async fn an_account_is_refused_after_five_failures_from_any_addresses_for_a_doubling_capped_delay(
    database: &Database,
) {
    let app = start(database).await;
    let mut next_address = 0;
    let mut address = || {
        next_address += 1;
        format!("198.51.100.{next_address}")
    };
    for _ in 0..ACCOUNT_FREE_FAILURES {
        assert_wrong(&attempt(&app, ADMIN_EMAIL, WRONG, &address(), None).await);
    }
    // Five failures, each from its own address: the account is refused for a minute, even
    // with the right password from a new address; other accounts and addresses are not.
    assert_refused(&attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, &address(), None).await, 60);
    assert_wrong(&attempt(&app, "nobody@example.com", WRONG, &address(), None).await);
    app.clock.advance(Duration::from_secs(30));
    assert_refused(&attempt(&app, ADMIN_EMAIL, WRONG, &address(), None).await, 30);
    app.clock.advance(Duration::from_secs(30));
    // Each failure after a delay doubles the next one, up to 15 minutes.
    for expected in [120, 240, 480, 900, 900] {
        assert_wrong(&attempt(&app, ADMIN_EMAIL, WRONG, &address(), None).await);
        assert_refused(&attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, &address(), None).await, expected);
        app.clock.advance(Duration::from_secs(expected));
    }
    assert_eq!(ACCOUNT_MAX_DELAY, Duration::from_secs(900));
    // A new browser, after the delay: signed in, and the count starts again.
    let signed_in = attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, &address(), None).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.body);
    assert!(device_cookie(&signed_in).is_some(), "the browser is now trusted");
    assert_eq!(app.store.account_failure_rows().await.unwrap(), 0, "a success resets the count");
    for _ in 0..ACCOUNT_FREE_FAILURES - 1 {
        assert_wrong(&attempt(&app, ADMIN_EMAIL, WRONG, &address(), None).await);
    }
    assert_eq!(attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, &address(), None).await.status, StatusCode::OK);
    for _ in 0..ACCOUNT_FREE_FAILURES {
        assert_wrong(&attempt(&app, ADMIN_EMAIL, WRONG, &address(), None).await);
    }
    assert_refused(
        &attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, &address(), None).await,
        ACCOUNT_FIRST_DELAY.as_secs(),
    );
}

async fn the_admin_with_a_trusted_device_signs_in_while_their_account_and_address_are_under_attack(
    database: &Database,
) {
    let app = start(database).await;
    let office = "203.0.113.7";
    let first = attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, office, None).await;
    assert_eq!(first.status, StatusCode::OK);
    let device = device_cookie(&first).expect("a device cookie at the first sign-in");
    assert!(first.header("set-cookie").unwrap().starts_with("pw_session="), "the session cookie comes first");
    let session = first.header("set-cookie").unwrap().split(';').next().unwrap().to_owned();
    assert!(device_cookie(&first).unwrap().len() > "pw_device=".len() + 40);
    app.clock.advance(Duration::from_secs(3600));
    // The attacker shares the office's address and tries the admin's account from others.
    fail_unknown(&app, office, MAX_ADDRESS_FAILURES).await;
    for index in 0..ACCOUNT_FREE_FAILURES {
        assert_wrong(&attempt(&app, ADMIN_EMAIL, WRONG, &format!("198.51.100.{index}"), None).await);
    }
    assert_refused(&attempt(&app, ADMIN_EMAIL, WRONG, "198.51.100.99", None).await, 60);
    assert_refused(&attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, office, None).await, 300);
    // The admin's usual browser is let in, keeps its device cookie, and its session too.
    let again = attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, office, Some(&device)).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.body["next"], "done");
    assert!(device_cookie(&again).is_none(), "the same device stays trusted");
    assert_eq!(app.store.trusted_device_rows().await.unwrap(), 1);
    let headers = [("cookie", session.as_str()), ("x-forwarded-for", office)];
    let open = app.send(Method::GET, "/api/session", &headers, None).await;
    assert_eq!(open.status, StatusCode::OK, "a session is not throttled");
    // The cookie works only for its own member, and a forged one is no device.
    let forged = attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, office, Some("pw_device=forged")).await;
    assert_refused(&forged, 300);
    let other = attempt(&app, "nobody@example.com", WRONG, office, Some(&device)).await;
    assert_refused(&other, 300);
    // The success reset the account: a new browser elsewhere is let in at once.
    let elsewhere = attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "192.0.2.50", None).await;
    assert_eq!(elsewhere.status, StatusCode::OK);
    let activity = app.get_as_admin("/api/activity?limit=100").await.body.to_string();
    let device_value = device.trim_start_matches("pw_device=");
    assert!(!activity.contains(device_value), "the activity log never holds the device cookie");
    assert!(!activity.contains(ADMIN_PASSWORD) && !activity.contains(WRONG), "nor a password");
    assert!(activity.contains("\"reason\":\"wrong_password\"") && activity.contains("unknown_email"));
}

async fn a_trusted_device_has_its_own_few_failures_and_is_then_forgotten(database: &Database) {
    let app = start(database).await;
    let first = attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "203.0.113.7", None).await;
    let device = device_cookie(&first).unwrap();
    for _ in 0..DEVICE_MAX_FAILURES - 1 {
        assert_wrong(&attempt(&app, ADMIN_EMAIL, WRONG, "203.0.113.7", Some(&device)).await);
    }
    assert_eq!(app.store.account_failure_rows().await.unwrap(), 0, "counted on the device, not the account");
    assert_eq!(app.store.address_failure_rows().await.unwrap(), 0, "nor on the address");
    // A success with it resets its count.
    assert_eq!(
        attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "203.0.113.7", Some(&device)).await.status,
        StatusCode::OK
    );
    for _ in 0..DEVICE_MAX_FAILURES {
        assert_wrong(&attempt(&app, ADMIN_EMAIL, WRONG, "203.0.113.7", Some(&device)).await);
    }
    assert_eq!(app.store.trusted_device_rows().await.unwrap(), 0, "forgotten at its fifth failure");
    // From now on the cookie counts for nothing: its failures count on the account.
    for _ in 0..ACCOUNT_FREE_FAILURES {
        assert_wrong(&attempt(&app, ADMIN_EMAIL, WRONG, "203.0.113.7", Some(&device)).await);
    }
    assert_refused(&attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "203.0.113.7", Some(&device)).await, 60);
}

fn code_now(clock: &ManualClock, secret: &str) -> String {
    let bytes = totp::base32_decode(secret).unwrap();
    totp::code(&bytes, totp::step_at(clock.now().unix_seconds()))
}

/// The admin enrols a device from their profile; returns the TOTP secret and the browser's
/// device cookie.
async fn admin_enrols(app: &TestApp) -> (String, String) {
    let signed_in = attempt(app, ADMIN_EMAIL, ADMIN_PASSWORD, "203.0.113.7", None).await;
    let device = device_cookie(&signed_in).unwrap();
    let session = signed_in.header("set-cookie").unwrap().split(';').next().unwrap().to_owned();
    let csrf = signed_in.body["csrfToken"].as_str().unwrap().to_owned();
    let headers = [("cookie", session.as_str()), ("x-csrf-token", csrf.as_str())];
    let started = app.send(Method::POST, "/api/me/two-factor", &headers, None).await;
    let secret = started.body["secret"].as_str().unwrap().to_owned();
    let code = code_now(&app.clock, &secret);
    let confirmed =
        app.send(Method::POST, "/api/me/two-factor/confirm", &headers, Some(json!({ "code": code }))).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    // The next code is a step later (the confirmed one is spent).
    app.clock.advance(Duration::from_secs(30));
    (secret, device)
}

async fn code_step(
    app: &TestApp,
    challenge: &str,
    code: &str,
    address: &str,
    device: Option<&str>,
) -> Answer {
    let mut headers = vec![("x-forwarded-for", address)];
    if let Some(device) = device {
        headers.push(("cookie", device));
    }
    let body = json!({ "challenge": challenge, "code": code });
    app.send(Method::POST, "/api/session/totp", &headers, Some(body)).await
}

fn wrong_code(right: &str) -> &'static str {
    if right == "000000" {
        "111111"
    } else {
        "000000"
    }
}

async fn the_second_factor_step_is_throttled_and_a_trusted_device_is_spared(database: &Database) {
    let app = start(database).await;
    let (secret, device) = admin_enrols(&app).await;
    // Someone with the password but not the device: five wrong codes, from five addresses.
    let password = attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "198.51.100.1", None).await;
    assert_eq!(password.body["next"], "totp");
    let challenge = password.body["challenge"].as_str().unwrap().to_owned();
    for index in 0..ACCOUNT_FREE_FAILURES {
        let wrong = wrong_code(&code_now(&app.clock, &secret));
        let answer = code_step(&app, &challenge, wrong, &format!("198.51.100.{index}"), None).await;
        assert_eq!((answer.status, answer.error()), (StatusCode::UNAUTHORIZED, "invalid_code"));
    }
    // The account is refused at both steps now, the right code included.
    let right = code_now(&app.clock, &secret);
    assert_refused(&code_step(&app, &challenge, &right, "198.51.100.9", None).await, 60);
    assert_refused(&attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "198.51.100.9", None).await, 60);
    // The admin's trusted browser passes both steps.
    let password = attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "203.0.113.7", Some(&device)).await;
    assert_eq!(password.body["next"], "totp", "{}", password.body);
    let challenge = password.body["challenge"].as_str().unwrap().to_owned();
    let done = code_step(&app, &challenge, &right, "203.0.113.7", Some(&device)).await;
    assert_eq!((done.status, &done.body["next"]), (StatusCode::OK, &json!("done")), "{}", done.body);
    assert_eq!(app.store.account_failure_rows().await.unwrap(), 0, "the completed sign-in reset the account");
    // Wrong codes count on the address too: ten from one address refuse it.
    app.clock.advance(ADDRESS_WINDOW);
    let password = attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "192.0.2.1", None).await;
    let challenge = password.body["challenge"].as_str().unwrap().to_owned();
    fail_unknown(&app, "192.0.2.1", MAX_ADDRESS_FAILURES - 1).await;
    let wrong = wrong_code(&code_now(&app.clock, &secret));
    assert_eq!(code_step(&app, &challenge, wrong, "192.0.2.1", None).await.error(), "invalid_code");
    let right = code_now(&app.clock, &secret);
    assert_refused(&code_step(&app, &challenge, &right, "192.0.2.1", None).await, 300);
}

async fn address_windows_never_outgrow_their_cap_and_a_throttled_address_stays_throttled(
    database: &Database,
) {
    const CAP: i64 = 50;
    let clock = ManualClock::starting_at(START);
    let store = Store::open(&database.location()).await.unwrap();
    let window_start = |clock: &ManualClock| clock.now().minus(ADDRESS_WINDOW);
    for _ in 0..MAX_ADDRESS_FAILURES {
        store.record_address_failure("203.0.113.7", clock.now(), window_start(&clock), CAP).await.unwrap();
    }
    // An attacker with 500 addresses: a few failures each, one address after another.
    for index in 0..500 {
        clock.advance(Duration::from_millis(100));
        let key = format!("198.51.{}.{}", index / 250, index % 250);
        for _ in 0..=(index % 3) {
            store.record_address_failure(&key, clock.now(), window_start(&clock), CAP).await.unwrap();
        }
        assert!(store.address_failure_rows().await.unwrap() <= CAP);
    }
    assert_eq!(store.address_failure_rows().await.unwrap(), CAP);
    let kept = store.address_failures("203.0.113.7", window_start(&clock)).await.unwrap();
    assert_eq!(kept.map(|window| window.failures), Some(MAX_ADDRESS_FAILURES), "the oldest, yet kept");
    // Two instances at once cannot push the table past the cap either.
    let other = Store::open(&database.location()).await.unwrap();
    let tasks: Vec<_> = (0..40)
        .map(|index| {
            let store = if index % 2 == 0 { store.clone() } else { other.clone() };
            let now = clock.now();
            tokio::spawn(async move {
                let key = format!("192.0.2.{index}");
                store.record_address_failure(&key, now, now.minus(ADDRESS_WINDOW), CAP).await.unwrap()
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(store.address_failure_rows().await.unwrap(), CAP);
    // Once every window is over, the next failure leaves only itself.
    clock.advance(ADDRESS_WINDOW);
    store.record_address_failure("192.0.2.200", clock.now(), window_start(&clock), CAP).await.unwrap();
    assert_eq!(store.address_failure_rows().await.unwrap(), 1);
}

async fn over_https_the_device_cookie_is_host_prefixed_and_secure(database: &Database) {
    let app = TestApp::start(database, Site { tls: true, ..Site::default() }).await;
    let signed_in = attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "127.0.0.1", None).await;
    assert_eq!(signed_in.status, StatusCode::OK);
    let cookies: Vec<&str> =
        signed_in.headers.get_all("set-cookie").iter().filter_map(|value| value.to_str().ok()).collect();
    let device =
        cookies.iter().find(|cookie| cookie.starts_with("__Host-pw_device=")).expect("the device cookie");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Secure", "Max-Age=7776000"] {
        assert!(device.contains(attribute), "{device} lacks {attribute}");
    }
    let value = device.split(';').next().unwrap();
    let again = attempt(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "127.0.0.1", Some(value)).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(
        again.headers.get_all("set-cookie").iter().count(),
        1,
        "only the session: the device is known"
    );
}
