//! Admin access: bearer tokens, the browser's cookie session with its CSRF token, the
//! Origin rule, sign-out, the failure rate limit and the generated token.

mod common;

use common::{bearer, client, Dirs, Options, Server, TOKEN};
use serde_json::{json, Value};

struct Browser {
    cookie: String,
    csrf: String,
}

async fn sign_in(server: &Server) -> (Browser, reqwest::header::HeaderMap) {
    let response = common::sign_in_from(server, &server.origin()).await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    let set_cookie = headers["set-cookie"].to_str().unwrap().to_owned();
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    let body: Value = response.json().await.unwrap();
    (Browser { cookie, csrf: body["csrfToken"].as_str().unwrap().to_owned() }, headers)
}

fn put_settings(
    server: &Server,
    browser: &Browser,
    csrf: Option<&str>,
    etag: &str,
    body: &Value,
) -> reqwest::RequestBuilder {
    let mut request = client()
        .put(server.url("/api/settings"))
        .header("Cookie", &browser.cookie)
        .header("Origin", server.origin())
        .header("Content-Type", "application/json")
        .header("If-Match", etag)
        .body(body.to_string());
    if let Some(csrf) = csrf {
        request = request.header("X-CSRF-Token", csrf);
    }
    request
}

#[tokio::test]
async fn no_or_wrong_credentials_are_401_with_a_code() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    for (authorization, code) in [
        (None, "unauthenticated"),
        (Some("Bearer wrong-token"), "invalid_token"),
        (Some("Basic YWRtaW46YWRtaW4="), "invalid_token"),
        (Some(&format!("Bearer {TOKEN}x")[..]), "invalid_token"),
    ] {
        let mut request = client().get(server.url("/api/settings"));
        if let Some(value) = authorization {
            request = request.header("Authorization", value);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401, "{authorization:?}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"], code);
    }
    // Every route that needs a member, by the method it serves, refuses a request without one.
    for (method, path) in [
        (reqwest::Method::GET, "/api/activity"),
        (reqwest::Method::POST, "/api/password/check"),
        (reqwest::Method::GET, "/api/content-token/secret"),
        (reqwest::Method::POST, "/api/content-token/secret"),
    ] {
        let response = client().request(method.clone(), server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 401, "{method} {path}");
        assert_eq!(response.json::<Value>().await.unwrap()["error"], "unauthenticated", "{method} {path}");
    }
    // A method a route does not serve is refused by the router before anyone is asked for
    // credentials: 405 whether or not they are given.
    for authorization in [None, Some(bearer())] {
        let mut request = client().post(server.url("/api/activity"));
        if let Some(value) = &authorization {
            request = request.header("Authorization", value);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 405, "{authorization:?}");
        assert_eq!(response.json::<Value>().await.unwrap()["error"], "method_not_allowed");
    }
}

#[tokio::test]
async fn browser_signs_in_with_an_httponly_strict_cookie_and_a_csrf_token() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let (browser, headers) = sign_in(&server).await;
    let set_cookie = headers["set-cookie"].to_str().unwrap();
    assert!(set_cookie.starts_with("pw_session="));
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    assert!(!set_cookie.contains("Secure"), "plain HTTP: browsers would drop a Secure cookie");
    assert!(!set_cookie.contains(TOKEN));
    assert!(browser.csrf.len() >= 32);

    let response = client().get(server.url("/api/session")).header("Cookie", &browser.cookie).send().await;
    let session: Value = response.unwrap().json().await.unwrap();
    assert_eq!(session["csrfToken"], browser.csrf.as_str());
    assert_eq!(session["via"], "session");

    let response = client().get(server.url("/api/settings")).header("Cookie", &browser.cookie).send().await;
    assert_eq!(response.unwrap().status(), 200, "safe methods need no CSRF token");
}

#[tokio::test]
async fn unsafe_cookie_requests_need_the_csrf_token() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let (browser, _) = sign_in(&server).await;
    let (body, etag) = common::get_settings(&server).await;
    let mut settings = body["settings"].clone();
    settings["twoFactor"]["enforced"] = json!(true);
    for csrf in [None, Some("wrong"), Some("")] {
        let response = put_settings(&server, &browser, csrf, &etag, &settings).send().await.unwrap();
        assert_eq!(response.status(), 403, "{csrf:?}");
        assert_eq!(response.json::<Value>().await.unwrap()["error"], "csrf_failed");
    }
    let response = client()
        .post(server.url("/api/content-token/secret"))
        .header("Cookie", &browser.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let response =
        put_settings(&server, &browser, Some(&browser.csrf), &etag, &settings).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let activity: Value = client()
        .get(server.url("/api/activity"))
        .header("Cookie", &browser.cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(activity["entries"][0]["who"]["via"], "session");
}

#[tokio::test]
async fn a_foreign_origin_is_refused_whatever_the_credentials() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let (browser, _) = sign_in(&server).await;
    for origin in
        ["https://evil.example", "null", "http://localhost:1", &server.origin().replace("http:", "https:")]
    {
        let response = client()
            .get(server.url("/api/settings"))
            .header("Authorization", bearer())
            .header("Origin", origin)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{origin}");
        assert_eq!(response.json::<Value>().await.unwrap()["error"], "cross_origin");
        let response = client()
            .post(server.url("/api/content-token/secret"))
            .header("Cookie", &browser.cookie)
            .header("X-CSRF-Token", &browser.csrf)
            .header("Origin", origin)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{origin}");
        let response = common::sign_in_from(&server, origin).await;
        assert_eq!(response.status(), 403, "login from {origin}");
    }
    let response = client()
        .get(server.url("/api/settings"))
        .header("Authorization", bearer())
        .header("Sec-Fetch-Site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let response = client()
        .get(server.url("/api/settings"))
        .header("Authorization", bearer())
        .header("Origin", server.origin())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn sign_out_ends_the_session() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let (browser, _) = sign_in(&server).await;
    let response = client().delete(server.url("/api/session")).header("Cookie", &browser.cookie).send().await;
    assert_eq!(response.unwrap().status(), 403, "sign-out is unsafe: it needs the CSRF token too");
    let response = client()
        .delete(server.url("/api/session"))
        .header("Cookie", &browser.cookie)
        .header("X-CSRF-Token", &browser.csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert!(response.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    let response = client().get(server.url("/api/settings")).header("Cookie", &browser.cookie).send().await;
    assert_eq!(response.unwrap().status(), 401);
}

#[tokio::test]
async fn sign_in_with_a_wrong_token_is_401_and_bad_bodies_are_refused() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let response = client()
        .post(server.url("/api/session"))
        .json(&json!({ "email": common::ADMIN_EMAIL, "password": "nope" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert!(response.headers().get("set-cookie").is_none());
    let response = client()
        .post(server.url("/api/session"))
        .json(&json!({ "email": common::ADMIN_EMAIL }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let response = client().post(server.url("/api/session")).body(TOKEN).send().await.unwrap();
    assert_eq!(response.status(), 415);
}

#[tokio::test]
async fn repeated_failures_are_rate_limited_even_for_the_right_token() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    for _ in 0..10 {
        common::fail_with_a_wrong_token(&server).await;
    }
    let response =
        client().get(server.url("/api/settings")).header("Authorization", bearer()).send().await.unwrap();
    assert_eq!(response.status(), 429);
    assert!(response.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() > 0);
    assert_eq!(response.json::<Value>().await.unwrap()["error"], "too_many_failures");
    let response =
        client().post(server.url("/api/session")).json(&common::admin_credentials()).send().await.unwrap();
    assert_eq!(response.status(), 429);
}

#[tokio::test]
async fn without_a_member_the_first_admin_is_invited_by_a_printed_one_time_url() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options { no_bootstrap: true, ..Options::default() });
    let line = server.next_stdout_line();
    let prefix = format!("no admin yet: create the first one within 72 hours at {}/#invite=", server.base);
    let token = line.strip_prefix(&prefix).unwrap_or_else(|| panic!("{line}")).to_owned();
    assert_eq!(token.len(), 43);
    assert!(token.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"-_".contains(&byte)), "{token}");
    let invitation: Value = client()
        .get(server.url(&format!("/api/invitations/{token}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(invitation["firstAdmin"], true);
    assert_eq!(invitation["passwordPolicy"]["minLength"], 8);
    // The whole of the output, from start to exit: the link was its one line after the address,
    // and the log (stderr) never holds it.
    let stderr_file = server.stderr_file.clone();
    let (_, rest) = server.stop_and_read_stdout();
    assert_eq!(rest, Vec::<String>::new(), "printed once, and nothing else is printed");
    let log = std::fs::read_to_string(stderr_file).unwrap();
    assert!(log.contains("/api/invitations/{token}"), "the request is logged, its token left out");
    assert!(!log.contains(&token), "the link goes to stdout only: {log}");
    // A restart before anyone used it makes a new link; the old one stops working.
    let server = Server::start(&dirs, &Options { no_bootstrap: true, ..Options::default() });
    let again = server.next_stdout_line();
    assert!(again.starts_with("no admin yet") && !again.contains(&token), "{again}");
    let new_token = again.rsplit("#invite=").next().unwrap().to_owned();
    let old = client().get(server.url(&format!("/api/invitations/{token}"))).send().await.unwrap();
    assert_eq!(old.status(), 404);
    let accept = |token: String, password: &str| {
        client().post(server.url("/api/invitations/accept")).json(&json!({
            "token": token, "password": password, "email": "Root@Example.com", "name": "Root"
        }))
    };
    let refused = accept(new_token.clone(), "root").send().await.unwrap();
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"], "invalid_password");
    let codes: Vec<&str> =
        body["issues"].as_array().unwrap().iter().map(|i| i["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"password.too_short"), "{codes:?}");
    let accepted = accept(new_token.clone(), "vivid-quartz-lantern-42").send().await.unwrap();
    assert_eq!(accepted.status(), 200);
    assert!(accepted.headers().get("set-cookie").is_some());
    let body: Value = accepted.json().await.unwrap();
    assert_eq!((body["next"].as_str(), body["member"]["role"].as_str()), (Some("done"), Some("admin")));
    assert_eq!(
        accept(new_token, "vivid-quartz-lantern-42").send().await.unwrap().status(),
        404,
        "single use"
    );
    server.stop();
    let server = Server::start(&dirs, &Options { no_bootstrap: true, ..Options::default() });
    let signed_in = client()
        .post(server.url("/api/session"))
        .json(&json!({ "email": "root@example.com", "password": "vivid-quartz-lantern-42" }))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200, "emails match whatever their case");
    let (_, rest) = server.stop_and_read_stdout();
    assert_eq!(rest, Vec::<String>::new(), "an admin exists: no link, nothing after the address");
}

#[tokio::test]
async fn the_first_admins_invitation_is_void_once_a_member_exists() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options { no_bootstrap: true, ..Options::default() });
    let line = server.next_stdout_line();
    let token = line.rsplit("#invite=").next().unwrap().to_owned();
    server.stop();
    // A later start with the bootstrap variables makes the first admin: the link is void.
    let server = Server::start(&dirs, &Options::default());
    let shown = client().get(server.url(&format!("/api/invitations/{token}"))).send().await.unwrap();
    assert_eq!(shown.status(), 404);
    let accept = client()
        .post(server.url("/api/invitations/accept"))
        .json(
            &json!({ "token": token, "password": "vivid-quartz-lantern-42", "email": "mallory@example.com" }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(accept.status(), 404);
}

#[tokio::test]
async fn a_bootstrap_password_the_stored_policy_refuses_exits_2_with_its_messages() {
    let dirs = Dirs::new();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_policy-widget-server"))
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dirs.path("data"))
        .env_remove("POLICY_WIDGET_ADMIN_TOKEN")
        .env("POLICY_WIDGET_BOOTSTRAP_EMAIL", "ada@example.com")
        .env("POLICY_WIDGET_BOOTSTRAP_PASSWORD", "ada")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("at least 8"), "{stderr}");
    assert!(!stderr.contains("\"ada\""), "the password itself is not echoed");
}

#[tokio::test]
async fn a_short_token_from_the_environment_is_refused_at_start() {
    let dirs = Dirs::new();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_policy-widget-server"))
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dirs.path("data"))
        .env("POLICY_WIDGET_ADMIN_TOKEN", "short")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("at least 32"));
}
