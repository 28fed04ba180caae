//! The HTTP application in this process, on a test database and a manual clock: for the
//! rules that need time to pass (the clock is advanced, never waited for) or a `Site` set
//! up as a deployment would be. Requests go through the whole router, middleware included;
//! the peer address is 127.0.0.1, as `server::serve` would insert for a loopback client.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use policy_widget_server::auth::sha256;
use policy_widget_server::clock::{ManualClock, UnixMillis};
use policy_widget_server::site::Site;
use policy_widget_server::store::Store;
use policy_widget_server::{app, AppState};
use serde_json::Value;
use tower::ServiceExt as _;

use super::database::Database;
use super::{ADMIN_EMAIL, ADMIN_PASSWORD, TOKEN};

/// 2025-12-01T10:00:00Z.
pub const START: UnixMillis = UnixMillis(1_764_583_200_000);

/// The router, its clock and its store.
pub struct TestApp {
    pub router: Router,
    pub clock: ManualClock,
    pub store: Store,
    _static_files: tempfile::TempDir,
}

/// One answer: status, headers, and the body as JSON (`Null` when empty or not JSON).
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    /// The `error` code of an error answer.
    pub fn error(&self) -> &str {
        self.body["error"].as_str().unwrap_or("")
    }

    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }
}

impl TestApp {
    /// The application on `database`, started at [`START`], with [`TOKEN`] as the admin token.
    pub async fn start(database: &Database, site: Site) -> TestApp {
        let clock = ManualClock::starting_at(START);
        let store = Store::open(&database.location()).await.unwrap();
        // A secret as the server makes them: 32 bytes, base64url (content tokens are signed with them).
        store.initialize(clock.now(), "aW5pdGlhbC1zZWNyZXQtMDEyMzQ1Njc4OWFiY2RlZjA").await.unwrap();
        store.set_admin_token_hash(sha256(TOKEN), clock.now()).await.unwrap();
        if store.member_count().await.unwrap() == 0 {
            policy_widget_server::people::bootstrap_admin(&store, ADMIN_EMAIL, ADMIN_PASSWORD, clock.now())
                .await
                .unwrap();
        }
        let static_files = tempfile::tempdir().unwrap();
        let state = AppState {
            store: store.clone(),
            clock: clock.clock(),
            site: Arc::new(site),
            www_dir: static_files.path().to_owned(),
            pkg_dir: static_files.path().to_owned(),
        };
        TestApp { router: app(state), clock, store, _static_files: static_files }
    }

    /// Sends a request: `headers` as (name, value) pairs, `body` as JSON when given.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(path).header("host", "127.0.0.1:8080");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = match body {
            Some(body) => {
                request.header("content-type", "application/json").body(Body::from(body.to_string()))
            }
            None => request.body(Body::empty()),
        }
        .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        Answer { status, headers, body: serde_json::from_slice(&bytes).unwrap_or(Value::Null) }
    }

    /// A request with the admin token and `headers`.
    pub async fn as_admin(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> Answer {
        let authorization = format!("Bearer {TOKEN}");
        let mut all = vec![("authorization", authorization.as_str())];
        all.extend_from_slice(headers);
        self.send(method, path, &all, body).await
    }

    /// `GET path` with the admin token.
    pub async fn get_as_admin(&self, path: &str) -> Answer {
        self.as_admin(Method::GET, path, &[], None).await
    }

    /// Signs in as the bootstrap admin, as a browser does; returns the cookie pair
    /// (`name=value`) and the answer.
    pub async fn sign_in(&self, headers: &[(&str, &str)]) -> (String, Answer) {
        self.sign_in_as(ADMIN_EMAIL, ADMIN_PASSWORD, headers).await
    }

    /// Signs in with `email` and `password` (which must work).
    pub async fn sign_in_as(
        &self,
        email: &str,
        password: &str,
        headers: &[(&str, &str)],
    ) -> (String, Answer) {
        let body = serde_json::json!({ "email": email, "password": password });
        let answer = self.send(Method::POST, "/api/session", headers, Some(body)).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        let cookie = answer.header("set-cookie").unwrap().split(';').next().unwrap().to_owned();
        (cookie, answer)
    }
}

/// A signed-in browser: its session cookie and CSRF token.
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

impl Browser {
    /// Signs in with `email` and `password`, which must need no second factor.
    pub async fn sign_in(app: &TestApp, email: &str, password: &str) -> Browser {
        let (cookie, answer) = app.sign_in_as(email, password, &[]).await;
        assert_eq!(answer.body["next"], "done", "{}", answer.body);
        Browser { cookie, csrf: answer.body["csrfToken"].as_str().unwrap().to_owned() }
    }

    /// The browser a sign-in answer (with its `Set-Cookie`) made.
    pub fn from_answer(answer: &Answer) -> Browser {
        let cookie = answer.header("set-cookie").unwrap().split(';').next().unwrap().to_owned();
        Browser { cookie, csrf: answer.body["csrfToken"].as_str().unwrap().to_owned() }
    }

    /// Sends a request with the cookie and the CSRF token.
    pub async fn send(&self, app: &TestApp, method: Method, path: &str, body: Option<Value>) -> Answer {
        let headers = [("cookie", self.cookie.as_str()), ("x-csrf-token", self.csrf.as_str())];
        app.send(method, path, &headers, body).await
    }
}
