//! Two server processes (the real binary) on one PostgreSQL behave as one: a session, a
//! version, a rotation, a content token, the CORS list and a throttle count made on one are
//! seen by the other, of N writers spread over both exactly one wins, and killing one leaves
//! the other serving.
//!
//! Both run with the same `--public-origin`, as behind a balancer, so a browser's `Origin`
//! is the same whichever instance answers.

mod common;

use common::database::PostgresDatabase;
use common::{admin_json, bearer, client, put_settings, sign_in_from, Dirs, Options, Server};
use serde_json::{json, Value};

const PUBLIC_ORIGIN: &str = "http://policy-widget.test";

/// How each instance starts: on `database`, behind the same public origin.
fn instance_options(database: &PostgresDatabase) -> Options {
    Options {
        database: Some(database.url.clone()),
        extra_args: vec!["--public-origin".into(), PUBLIC_ORIGIN.into()],
        ..Options::with_token()
    }
}

/// Starts two instances on `database` at the same moment (their migrations race, and the
/// advisory lock settles it).
fn two_instances(database: &PostgresDatabase) -> (Dirs, Dirs, Server, Server) {
    let options = instance_options(database);
    let (dirs_a, dirs_b) = (Dirs::new(), Dirs::new());
    let (a, b) = std::thread::scope(|scope| {
        let a = scope.spawn(|| Server::start(&dirs_a, &options));
        let b = scope.spawn(|| Server::start(&dirs_b, &options));
        (a.join().unwrap(), b.join().unwrap())
    });
    (dirs_a, dirs_b, a, b)
}

async fn settings(server: &Server) -> (Value, String) {
    common::get_settings(server).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgres_behave_as_one() {
    let Some(database) = PostgresDatabase::create("two_instances_on_one_postgres_behave_as_one").await else {
        return;
    };
    let (_dirs_a, _dirs_b, a, b) = two_instances(&database);

    // A browser session made on A works on B, CSRF token included.
    let response = sign_in_from(&a, PUBLIC_ORIGIN).await;
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let csrf = response.json::<Value>().await.unwrap()["csrfToken"].as_str().unwrap().to_owned();
    let on_b: Value = client()
        .get(b.url("/api/session"))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(on_b["csrfToken"], csrf.as_str(), "B knows A's session");

    // A stale If-Match from A conflicts on B, and the other way round.
    let (loaded_on_a, etag) = settings(&a).await;
    let mut edit = loaded_on_a["settings"].clone();
    edit["contentToken"]["ttlSeconds"] = json!(7200);
    let saved = client()
        .put(b.url("/api/settings"))
        .header("Cookie", &cookie)
        .header("X-CSRF-Token", &csrf)
        .header("Origin", PUBLIC_ORIGIN)
        .header("Content-Type", "application/json")
        .header("If-Match", &etag)
        .body(edit.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200, "a save through B with A's session");
    let new_version = saved.json::<Value>().await.unwrap()["version"].as_i64().unwrap();
    edit["contentToken"]["ttlSeconds"] = json!(60);
    let stale = put_settings(&a, &edit, Some(&etag)).await;
    assert_eq!(stale.status(), 409);
    assert_eq!(stale.json::<Value>().await.unwrap()["version"], new_version);
    assert_eq!(settings(&a).await.0["settings"]["contentToken"]["ttlSeconds"], 7200, "A reads B's write");

    // A rotation on A is B's current secret at once, and both logs show it.
    let rotated = admin_json(client().post(a.url("/api/content-token/secret"))).await;
    let status_on_b = admin_json(client().get(b.url("/api/content-token/secret"))).await;
    assert_eq!(status_on_b["rotatedAt"], rotated["rotatedAt"]);
    let activity_on_b = admin_json(client().get(b.url("/api/activity"))).await;
    let events: Vec<&str> = activity_on_b["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["event"].as_str().unwrap())
        .filter(|event| !event.starts_with("session.") && !event.starts_with("member."))
        .collect();
    assert_eq!(events, ["contentToken.secretRotated", "settings.updated"]);

    // Sign-out on B ends the session on A.
    let signed_out = client()
        .delete(b.url("/api/session"))
        .header("Cookie", &cookie)
        .header("X-CSRF-Token", &csrf)
        .header("Origin", PUBLIC_ORIGIN)
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), 204);
    let on_a = client().get(a.url("/api/session")).header("Cookie", &cookie).send().await.unwrap();
    assert_eq!(on_a.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_20_writers_spread_over_two_instances_exactly_one_wins() {
    let Some(database) =
        PostgresDatabase::create("of_20_writers_spread_over_two_instances_exactly_one_wins").await
    else {
        return;
    };
    let (_dirs_a, _dirs_b, a, b) = two_instances(&database);
    let (body, etag) = settings(&a).await;
    let writers: Vec<_> = (0..20)
        .map(|index| {
            let mut edit = body["settings"].clone();
            edit["contentToken"]["ttlSeconds"] = json!(4000 + index);
            let url = if index % 2 == 0 { a.url("/api/settings") } else { b.url("/api/settings") };
            let etag = etag.clone();
            tokio::spawn(async move {
                let response = client()
                    .put(url)
                    .header("Authorization", bearer())
                    .header("Content-Type", "application/json")
                    .header("If-Match", etag)
                    .body(edit.to_string())
                    .send()
                    .await
                    .unwrap();
                (response.status().as_u16(), response.json::<Value>().await.unwrap())
            })
        })
        .collect();
    let mut answers = Vec::new();
    for writer in writers {
        answers.push(writer.await.unwrap());
    }
    let winners: Vec<&Value> =
        answers.iter().filter(|(status, _)| *status == 200).map(|(_, body)| body).collect();
    let statuses: Vec<u16> = answers.iter().map(|(status, _)| *status).collect();
    assert_eq!(winners.len(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|status| **status == 409).count(), 19, "{statuses:?}");
    for instance in [&a, &b] {
        let (stored, _) = settings(instance).await;
        assert_eq!(stored["settings"], winners[0]["settings"], "both serve the winner's write");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_one_instance_leaves_the_other_serving_and_a_restarted_one_shares_the_throttle() {
    let Some(database) = PostgresDatabase::create("killing_one_instance_leaves_the_other_serving").await
    else {
        return;
    };
    let (dirs_a, _dirs_b, a, b) = two_instances(&database);
    let status = a.kill();
    assert!(!status.success(), "SIGKILL, as a crash");
    for path in ["/healthz", "/readyz"] {
        let response = client().get(b.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
    }
    let (body, etag) = settings(&b).await;
    let mut edit = body["settings"].clone();
    edit["twoFactor"]["enforced"] = json!(true);
    assert_eq!(put_settings(&b, &edit, Some(&etag)).await.status(), 200, "B still writes");

    // A comes back and reads what B wrote meanwhile.
    let a = Server::start(&dirs_a, &instance_options(&database));
    assert_eq!(settings(&a).await.0["settings"]["twoFactor"]["enforced"], true);
    // Five failures on each: ten from this address in all, so both refuse it now.
    for server in [&a, &b] {
        for _ in 0..5 {
            common::fail_with_a_wrong_token(server).await;
        }
    }
    for server in [&a, &b] {
        let response =
            client().get(server.url("/api/settings")).header("Authorization", bearer()).send().await.unwrap();
        assert_eq!(response.status(), 429, "the count is the database's, not one process's");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_tokens_and_cors_are_one_across_instances() {
    let Some(database) = PostgresDatabase::create("content_tokens_and_cors_are_one_across_instances").await
    else {
        return;
    };
    let (_dirs_a, _dirs_b, a, b) = two_instances(&database);
    let stored = client()
        .put(a.url("/api/content/welcome"))
        .header("Authorization", bearer())
        .json(&json!({ "title": "Hello" }))
        .send()
        .await
        .unwrap();
    assert_eq!(stored.status(), 201);
    let issued = admin_json(client().post(a.url("/api/content-token")).json(&json!({}))).await;
    let token = issued["token"].as_str().unwrap().to_owned();
    let read = |server: &Server, origin: &str| {
        client()
            .get(server.url("/content/welcome"))
            .header("Authorization", format!("Bearer {token}"))
            .header("Origin", origin.to_owned())
            .send()
    };
    let reader = "https://app.example.com";

    // A token issued on A opens the content on B; CORS allowed on B applies on A.
    let on_b = read(&b, reader).await.unwrap();
    assert_eq!(on_b.status(), 200, "B verifies A's token with the one secret");
    assert!(on_b.headers().get("access-control-allow-origin").is_none(), "CORS is off by default");
    let (current, etag) = settings(&b).await;
    let mut edit = current["settings"].clone();
    edit["cors"] = json!({ "enabled": true, "allowedOrigins": [reader] });
    assert_eq!(put_settings(&b, &edit, Some(&etag)).await.status(), 200);
    let on_a = read(&a, reader).await.unwrap();
    assert_eq!(on_a.headers()["access-control-allow-origin"], reader, "B's settings, A's next answer");

    // A rotation on B refuses the token on A at once.
    let rotated = client()
        .post(b.url("/api/content-token/secret"))
        .header("Authorization", bearer())
        .send()
        .await
        .unwrap();
    assert_eq!(rotated.status(), 200);
    let refused = read(&a, reader).await.unwrap();
    assert_eq!(refused.status(), 401);
    assert_eq!(refused.json::<Value>().await.unwrap()["reason"], "signature_invalid");
}
