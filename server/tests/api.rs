//! The settings, password, secret and activity API, driven over HTTP against the real binary.

mod common;

use common::{bearer, client, get_settings, put_settings as put, Dirs, Options, Server};
use serde_json::{json, Value};

async fn error_code(response: reqwest::Response) -> String {
    let body: Value = response.json().await.unwrap();
    body["error"].as_str().unwrap_or_else(|| panic!("no error code in {body}")).to_owned()
}

#[tokio::test]
async fn get_settings_returns_defaults_version_and_etag() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let (body, etag) = get_settings(&server).await;
    assert_eq!(body["version"], 1);
    assert_eq!(etag, "\"1\"");
    assert_eq!(body["settings"]["contentToken"]["ttlSeconds"], 3600);
    assert_eq!(body["settings"]["passwordPolicy"]["minLength"], 8);
    assert!(!body.to_string().contains("secret"), "GET never shows the content-token secret");
}

#[tokio::test]
async fn put_with_the_current_etag_writes_and_bumps_the_version() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let (mut body, etag) = get_settings(&server).await;
    body["settings"]["contentToken"]["ttlSeconds"] = json!(7200);
    let response = put(&server, &body["settings"], Some(&etag)).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["etag"], "\"2\"");
    let written: Value = response.json().await.unwrap();
    assert_eq!(written["version"], 2);
    assert_eq!(written["settings"]["contentToken"]["ttlSeconds"], 7200);
    let (again, _) = get_settings(&server).await;
    assert_eq!(again["settings"]["contentToken"]["ttlSeconds"], 7200);
}

#[tokio::test]
async fn put_without_if_match_is_428_and_writes_nothing() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let (mut body, _) = get_settings(&server).await;
    body["settings"]["contentToken"]["ttlSeconds"] = json!(7200);
    let response = put(&server, &body["settings"], None).await;
    assert_eq!(response.status(), 428);
    assert_eq!(error_code(response).await, "precondition_required");
    let response = put(&server, &body["settings"], Some("*")).await;
    assert_eq!(response.status(), 428);
    assert_eq!(get_settings(&server).await.0["version"], 1);
}

#[tokio::test]
async fn put_with_a_stale_etag_is_409_with_the_current_version() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let (mut body, etag) = get_settings(&server).await;
    body["settings"]["twoFactor"]["enforced"] = json!(true);
    assert_eq!(put(&server, &body["settings"], Some(&etag)).await.status(), 200);
    body["settings"]["contentToken"]["ttlSeconds"] = json!(60);
    let response = put(&server, &body["settings"], Some(&etag)).await;
    assert_eq!(response.status(), 409);
    let conflict: Value = response.json().await.unwrap();
    assert_eq!(conflict["error"], "version_conflict");
    assert_eq!(conflict["version"], 2);
    for tag in ["\"99\"", "W/\"2\"", "garbage"] {
        assert_eq!(put(&server, &body["settings"], Some(tag)).await.status(), 409, "{tag}");
    }
    assert_eq!(get_settings(&server).await.0["settings"]["contentToken"]["ttlSeconds"], 3600);
}

#[tokio::test]
async fn of_20_concurrent_writers_with_the_same_etag_exactly_one_wins() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let (body, etag) = get_settings(&server).await;
    let writers = (0..20).map(|index| {
        let mut settings = body["settings"].clone();
        settings["contentToken"]["ttlSeconds"] = json!(4000 + index);
        let (url, etag) = (server.url("/api/settings"), etag.clone());
        tokio::spawn(async move {
            client()
                .put(url)
                .header("Authorization", bearer())
                .header("Content-Type", "application/json")
                .header("If-Match", etag)
                .body(settings.to_string())
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        })
    });
    let mut statuses = Vec::new();
    for writer in writers.collect::<Vec<_>>() {
        statuses.push(writer.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|status| **status == 200).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|status| **status == 409).count(), 19, "{statuses:?}");
    assert_eq!(get_settings(&server).await.0["version"], 2);
}

#[tokio::test]
async fn invalid_settings_are_422_with_the_cores_issues_and_nothing_is_written() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let (mut body, etag) = get_settings(&server).await;
    body["settings"]["passwordPolicy"]["minLenght"] = json!(12);
    let response = put(&server, &body["settings"], Some(&etag)).await;
    assert_eq!(response.status(), 422);
    let rejected: Value = response.json().await.unwrap();
    assert_eq!(rejected["error"], "invalid_settings");
    let issues = rejected["issues"].as_array().unwrap();
    assert!(issues.iter().any(|issue| issue["code"] == "settings.invalid"), "{rejected}");
    assert!(issues.iter().all(|issue| issue["message"].as_str().is_some_and(|m| !m.is_empty())));
    assert_eq!(get_settings(&server).await.0["version"], 1);
}

#[tokio::test]
async fn policy_violations_are_422_with_codes_and_paths_the_browser_shows() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let (mut body, etag) = get_settings(&server).await;
    body["settings"]["passwordPolicy"]["minLength"] = json!(2);
    body["settings"]["cors"]["allowedOrigins"] = json!(["https://mydomain.com/"]);
    body["settings"]["contentToken"]["ttlSeconds"] = json!("3600");
    let response = put(&server, &body["settings"], Some(&etag)).await;
    assert_eq!(response.status(), 422);
    let rejected: Value = response.json().await.unwrap();
    let found: Vec<(String, String)> = rejected["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| (issue["code"].as_str().unwrap().into(), issue["path"].as_str().unwrap_or("").into()))
        .collect();
    for expected in [
        ("policy.min_length_out_of_range", "passwordPolicy.minLength"),
        ("origin.trailing_slash", "cors.allowedOrigins[0]"),
        ("settings.invalid", "contentToken.ttlSeconds"),
    ] {
        assert!(
            found.iter().any(|(code, path)| (code.as_str(), path.as_str()) == expected),
            "{expected:?} in {found:?}"
        );
    }
    assert_eq!(get_settings(&server).await.0["version"], 1, "nothing is written");
}

#[tokio::test]
async fn issue_messages_follow_accept_language() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let (mut body, etag) = get_settings(&server).await;
    body["settings"]["passwordPolicy"]["minLength"] = json!(2);
    let message = |language: &'static str| {
        let request = client()
            .put(server.url("/api/settings"))
            .header("Authorization", bearer())
            .header("Content-Type", "application/json")
            .header("If-Match", etag.clone())
            .header("Accept-Language", language)
            .body(body["settings"].to_string());
        async move {
            let rejected: Value = request.send().await.unwrap().json().await.unwrap();
            rejected["issues"][0]["message"].as_str().unwrap().to_owned()
        }
    };
    assert_ne!(message("en").await, message("es-CL,es;q=0.9").await);
}

#[tokio::test]
async fn malformed_bodies_get_400_413_415() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let send = |content_type: &'static str, body: Vec<u8>| {
        client()
            .put(server.url("/api/settings"))
            .header("Authorization", bearer())
            .header("Content-Type", content_type)
            .header("If-Match", "\"1\"")
            .body(body)
            .send()
    };
    // 32,000 deep: as deep as fits in the body limit (serde_json stops at 128).
    let deep = format!("{}{}", "[".repeat(32_000), "]".repeat(32_000));
    for (body, expected) in [
        (b"{\"passwordPolicy\":".to_vec(), "malformed_json"),
        (b"not json".to_vec(), "malformed_json"),
        (b"{\"contentToken\":{\"ttlSeconds\":1e999}}".to_vec(), "malformed_json"),
        (b"\"\xff\xfe\"".to_vec(), "malformed_json"),
        (deep.into_bytes(), "malformed_json"),
        (Vec::new(), "malformed_json"),
    ] {
        let response = send("application/json", body).await.unwrap();
        assert_eq!(response.status(), 400);
        assert_eq!(error_code(response).await, expected);
    }
    let response = send("application/json", vec![b' '; 64 * 1024 + 1]).await.unwrap();
    assert_eq!(response.status(), 413);
    assert_eq!(error_code(response).await, "payload_too_large");
    for content_type in ["text/plain", "application/x-www-form-urlencoded", "application/jsonp"] {
        let response = send(content_type, b"{}".to_vec()).await.unwrap();
        assert_eq!(response.status(), 415, "{content_type}");
        assert_eq!(error_code(response).await, "unsupported_media_type");
    }
    let response = send("application/json; charset=utf-8", b"[".to_vec()).await.unwrap();
    assert_eq!(response.status(), 400, "a charset parameter is still JSON");
    assert_eq!(get_settings(&server).await.0["version"], 1);
}

#[tokio::test]
async fn a_body_streamed_past_the_limit_without_content_length_is_413() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let head = format!(
        "PUT /api/settings HTTP/1.1\r\nHost: {}\r\nAuthorization: {}\r\nContent-Type: application/json\r\n\
         If-Match: \"1\"\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        server.address,
        bearer()
    );
    let mut request = head.into_bytes();
    for _ in 0..20 {
        request.extend_from_slice(format!("1000\r\n{}\r\n", " ".repeat(0x1000)).as_bytes());
    }
    request.extend_from_slice(b"0\r\n\r\n");
    let (status, _) = common::raw(server.address, &request);
    assert_eq!(status, 413);
}

#[tokio::test]
async fn settings_and_secret_persist_across_a_restart() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let (mut body, etag) = get_settings(&server).await;
    body["settings"]["cors"] = json!({ "enabled": true, "allowedOrigins": ["https://api.mydomain.com"] });
    assert_eq!(put(&server, &body["settings"], Some(&etag)).await.status(), 200);
    let status = server.stop();
    assert!(status.success(), "SIGTERM is a clean exit: {status}");

    let server = Server::start(&dirs, &Options::with_token());
    let (body, etag) = get_settings(&server).await;
    assert_eq!(etag, "\"2\"");
    assert_eq!(body["settings"]["cors"]["allowedOrigins"], json!(["https://api.mydomain.com"]));
    let activity = common::admin_json(client().get(server.url("/api/activity?event=settings.updated"))).await;
    assert_eq!(activity["entries"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn password_check_reports_under_the_stored_policy_and_never_echoes_the_password() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let (mut body, etag) = get_settings(&server).await;
    body["settings"]["passwordPolicy"]["minLength"] = json!(20);
    assert_eq!(put(&server, &body["settings"], Some(&etag)).await.status(), 200);

    let password = "Zq8#unique-Pw-xyz";
    let response = client()
        .post(server.url("/api/password/check"))
        .header("Authorization", bearer())
        .json(&json!({ "password": password, "userInputs": ["alice@example.com"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(!text.contains(password), "the report must not echo the password");
    let report: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(report["issues"][0]["code"], "password.too_short");
    assert_eq!(report["issues"][0]["params"]["min"], 20);
    assert!(report["strength"]["score"].is_number());

    let response = client()
        .post(server.url("/api/password/check"))
        .header("Authorization", bearer())
        .json(&json!({ "password": 12345, "extra": password }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(!response.text().await.unwrap().contains(password));
    assert!(!server.stderr().contains(password), "the password must never reach the log");
}

#[tokio::test]
async fn secret_rotation_returns_a_256_bit_secret_once_and_logs_no_value() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let rotate =
        || client().post(server.url("/api/content-token/secret")).header("Authorization", bearer()).send();
    let response = rotate().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let first: Value = response.json().await.unwrap();
    let secret = first["secret"].as_str().unwrap().to_owned();
    assert_eq!(secret.len(), 43, "32 bytes in base64url without padding");
    assert!(secret.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    let second: Value = rotate().await.unwrap().json().await.unwrap();
    assert_ne!(second["secret"], first["secret"]);

    let settings = client().get(server.url("/api/settings")).header("Authorization", bearer()).send().await;
    assert!(!settings.unwrap().text().await.unwrap().contains(&secret));
    let activity = client().get(server.url("/api/activity")).header("Authorization", bearer()).send().await;
    let activity: Value = activity.unwrap().json().await.unwrap();
    let text = activity.to_string();
    assert!(!text.contains(&secret) && !text.contains(second["secret"].as_str().unwrap()));
    assert_eq!(activity["entries"][0]["event"], "contentToken.secretRotated");
    assert_eq!(activity["entries"][0]["changes"], json!([]));
    assert!(!server.stderr().contains(&secret), "the secret must never reach the log");
}

#[tokio::test]
async fn activity_names_who_when_and_each_change_newest_first_in_pages() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    for ttl in [7200, 1800, 900] {
        let (mut body, etag) = get_settings(&server).await;
        body["settings"]["contentToken"]["ttlSeconds"] = json!(ttl);
        assert_eq!(put(&server, &body["settings"], Some(&etag)).await.status(), 200);
    }
    let page = |query: String| {
        let separator = if query.is_empty() { "?" } else { "&" };
        let url = server.url(&format!("/api/activity{query}{separator}event=settings.updated"));
        async move {
            let response = client().get(url).header("Authorization", bearer()).send().await.unwrap();
            assert_eq!(response.status(), 200);
            response.json::<Value>().await.unwrap()
        }
    };
    let all = page(String::new()).await;
    let entries = all["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(
        entries[2]["changes"],
        json!([{ "path": "contentToken.ttlSeconds", "old": 3600, "new": 7200 }])
    );
    assert_eq!(entries[0]["changes"][0]["new"], 900, "newest first");
    assert_eq!(entries[0]["event"], "settings.updated");
    assert_eq!(entries[0]["version"], 4);
    assert_eq!(entries[0]["who"]["actor"], "environment");
    assert_eq!(entries[0]["who"]["via"], "environment");
    assert!(entries[0]["at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(all["nextBefore"], Value::Null);

    let first = page("?limit=2".into()).await;
    assert_eq!(first["entries"].as_array().unwrap().len(), 2);
    let before = first["nextBefore"].as_i64().unwrap();
    let second = page(format!("?limit=2&before={before}")).await;
    assert_eq!(second["entries"].as_array().unwrap().len(), 1);
    assert_eq!(second["entries"][0]["changes"][0]["new"], 7200);

    let response = client()
        .get(server.url("/api/activity?limit=abc"))
        .header("Authorization", bearer())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(error_code(response).await, "invalid_query");
}

#[tokio::test]
async fn unknown_api_routes_and_methods_answer_json_errors() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let response =
        client().get(server.url("/api/nope")).header("Authorization", bearer()).send().await.unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(error_code(response).await, "not_found");
    let response =
        client().delete(server.url("/api/settings")).header("Authorization", bearer()).send().await.unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(error_code(response).await, "method_not_allowed");
}
