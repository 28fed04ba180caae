//! The people routes: `/api/me*`, `/api/members*`, `/api/invitations*`, and the `Admin`
//! extractor that gives every other admin route its role check. Handlers convert HTTP and
//! delegate to [`crate::members`] (rules) and the store (state).

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use policy_widget::password::PasswordPolicy;
use policy_widget::settings::SecuritySettings;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::json;

use crate::api::{locale, read_json, session_cookie, ClientAddress};
use crate::auth::{self, random_token, sha256, Authenticated, SESSION_SECONDS};
use crate::error::ApiError;
use crate::members::{self, Member, Role, INVITATION_LIFETIME};
use crate::store::members::{MemberChange, NewMember};
use crate::store::Session;
use crate::throttle::Attempt;
use crate::AppState;

/// The `/api` routes of people (without the prefix).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me", get(me))
        .route("/me/password", post(change_password))
        .route("/members", get(list_members).post(invite_member))
        .route("/members/{id}", patch(update_member).delete(remove_member))
        .route("/invitations/{token}", get(invitation))
        .route("/invitations/accept", post(accept_invitation))
}

/// A request authenticated with the admin role; members get 403 `forbidden`.
pub struct Admin(pub Authenticated);

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let authenticated = Authenticated::from_request_parts(parts, state).await?;
        authenticated.require_admin()?;
        Ok(Admin(authenticated))
    }
}

/// The answer to a successful sign-in (password, invitation): the cookie and `{ next:
/// "done", csrfToken, expiresAt, member }`.
pub fn signed_in(state: &AppState, session_id: &str, session: &Session, member: &Member) -> Response {
    let mut response = Json(json!({
        "next": "done",
        "csrfToken": session.csrf_token,
        "expiresAt": session.expires_at.unix_seconds(),
        "member": member.to_json(),
    }))
    .into_response();
    response.headers_mut().insert(header::SET_COOKIE, session_cookie(state, session_id, SESSION_SECONDS));
    response
}

fn invalid_request(message: &str) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_request", message)
}

/// Reads a JSON body into `T`; serde's messages may quote values (a password), so a body of
/// the wrong shape gets the fixed `expected`.
async fn body<T: DeserializeOwned>(headers: &HeaderMap, body: Body, expected: &str) -> Result<T, ApiError> {
    let posted = read_json(headers, body).await?;
    serde_json::from_value(posted).map_err(|_| invalid_request(expected))
}

fn member_id(path: Result<Path<i64>, PathRejection>) -> Result<i64, ApiError> {
    path.map(|Path(id)| id)
        .map_err(|_| ApiError::new(StatusCode::NOT_FOUND, "member_not_found", "no such member"))
}

fn store_error(error: crate::store::StoreError) -> ApiError {
    ApiError::internal(error)
}

fn change_answer(change: MemberChange) -> Result<Member, ApiError> {
    match change {
        MemberChange::Done(member) => Ok(member),
        MemberChange::NotFound => {
            Err(ApiError::new(StatusCode::NOT_FOUND, "member_not_found", "no such member"))
        }
        MemberChange::LastAdmin => Err(ApiError::new(
            StatusCode::CONFLICT,
            "last_admin",
            "this is the last admin: make another member admin first",
        )),
        MemberChange::EmailTaken => {
            Err(ApiError::new(StatusCode::CONFLICT, "email_taken", "a member with this email exists"))
        }
    }
}

async fn stored_policy(state: &AppState) -> Result<PasswordPolicy, ApiError> {
    let stored = state.store.settings().await.map_err(store_error)?;
    Ok(serde_json::from_value::<SecuritySettings>(stored.settings)
        .map_err(ApiError::internal)?
        .password_policy)
}

/// Checks a new password with the core under the stored policy (the member's email and name
/// as user inputs): 422 `invalid_password` with the `password.*` issues when it fails.
async fn check_new_password(
    state: &AppState,
    headers: &HeaderMap,
    password: &str,
    email: &str,
    name: &str,
) -> Result<(), ApiError> {
    let policy = stored_policy(state).await?;
    let (password, email, name, locale) =
        (password.to_owned(), email.to_owned(), name.to_owned(), locale(headers));
    let report = tokio::task::spawn_blocking(move || {
        members::check_password(&password, &policy, &email, &name, locale)
    })
    .await
    .map_err(ApiError::internal)?;
    if report.ok {
        return Ok(());
    }
    Err(ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_password",
        "the password does not meet the password policy",
    )
    .with("issues", serde_json::to_value(report.issues).map_err(ApiError::internal)?))
}

/// The origin pages are served from: `--public-origin`, or the request's scheme and Host.
fn page_origin(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(origin) = &state.site.public_origin {
        return origin.clone();
    }
    let host = headers.get(header::HOST).and_then(|host| host.to_str().ok()).unwrap_or("127.0.0.1");
    let scheme = if state.site.tls { "https" } else { "http" };
    format!("{scheme}://{host}")
}

/// The link an invitation token makes: the admin page with the token in the fragment,
/// which never reaches a server or a log.
pub fn invitation_url(origin: &str, token: &str) -> String {
    format!("{origin}/#invite={token}")
}

/// `GET /api/me` → the signed-in member, and the stored `passwordPolicy` their new
/// password must meet (members cannot read the settings).
async fn me(auth: Authenticated, State(state): State<AppState>) -> Result<Response, ApiError> {
    let member = auth.member.ok_or_else(|| {
        ApiError::new(StatusCode::NOT_FOUND, "not_a_member", "the environment's admin token is not a member")
    })?;
    let mut body = member.to_json();
    body["passwordPolicy"] =
        serde_json::to_value(stored_policy(&state).await?).map_err(ApiError::internal)?;
    Ok(Json(body).into_response())
}

/// The body of `POST /api/me/password`. No `Debug`: it holds passwords.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PasswordChange {
    current_password: String,
    new_password: String,
}

/// `POST /api/me/password` → 204; the member's other sessions end.
async fn change_password(
    auth: Authenticated,
    State(state): State<AppState>,
    headers: HeaderMap,
    request: Body,
) -> Result<Response, ApiError> {
    let Some(member) = &auth.member else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_a_member",
            "the environment's admin token is not a member",
        ));
    };
    let PasswordChange { current_password, new_password } =
        body(&headers, request, "expected { currentPassword: string, newPassword: string }").await?;
    let stored = state.store.credentials(member.id).await.map_err(store_error)?.and_then(|c| c.password_hash);
    if !auth::verify_password(stored, current_password).await? {
        return Err(ApiError::unauthorized("invalid_credentials", "the current password is wrong"));
    }
    check_new_password(&state, &headers, &new_password, &member.email, &member.name).await?;
    let hash = auth::hash_password(new_password).await?;
    state
        .store
        .change_password(member, &hash, auth.session, &auth.who, state.clock.now())
        .await
        .map_err(store_error)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /api/members` → `{ members }`.
async fn list_members(_: Admin, State(state): State<AppState>) -> Result<Response, ApiError> {
    let members = state.store.members().await.map_err(store_error)?;
    Ok(Json(json!({ "members": members.iter().map(Member::to_json).collect::<Vec<_>>() })).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Invite {
    email: String,
    name: String,
    role: Role,
}

/// `POST /api/members { email, name, role }` → 201 `{ member, invitation: { url, expiresAt } }`.
async fn invite_member(
    Admin(auth): Admin,
    State(state): State<AppState>,
    headers: HeaderMap,
    request: Body,
) -> Result<Response, ApiError> {
    let invite: Invite =
        body(&headers, request, "expected { email: string, name: string, role: \"admin\" | \"member\" }")
            .await?;
    let email = members::parse_email(&invite.email).map_err(invalid_request)?;
    let name = members::parse_name(&invite.name).map_err(invalid_request)?;
    let token = random_token(32).map_err(ApiError::internal)?;
    let now = state.clock.now();
    let expires_at = now.plus(INVITATION_LIFETIME);
    let new = NewMember { email, name, role: invite.role, password_hash: None };
    let change = state.store.create_member(&new, Some((sha256(&token), expires_at)), &auth.who, now).await;
    let member = change_answer(change.map_err(store_error)?)?;
    let url = invitation_url(&page_origin(&state, &headers), &token);
    let answer = json!({ "member": member.to_json(), "invitation": { "url": url, "expiresAt": expires_at.rfc3339() } });
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberPatch {
    name: Option<String>,
    role: Option<Role>,
}

/// `PATCH /api/members/{id} { name?, role? }` → the member.
async fn update_member(
    Admin(auth): Admin,
    State(state): State<AppState>,
    path: Result<Path<i64>, PathRejection>,
    headers: HeaderMap,
    request: Body,
) -> Result<Response, ApiError> {
    let id = member_id(path)?;
    let patch: MemberPatch =
        body(&headers, request, "expected { name?: string, role?: \"admin\" | \"member\" }").await?;
    let name = patch.name.as_deref().map(members::parse_name).transpose().map_err(invalid_request)?;
    let change =
        state.store.update_member(id, name.as_deref(), patch.role, &auth.who, state.clock.now()).await;
    Ok(Json(change_answer(change.map_err(store_error)?)?.to_json()).into_response())
}

/// `DELETE /api/members/{id}` → 204; their sessions and invitation end.
async fn remove_member(
    Admin(auth): Admin,
    State(state): State<AppState>,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = member_id(path)?;
    let change = state.store.remove_member(id, &auth.who, state.clock.now()).await;
    change_answer(change.map_err(store_error)?)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn invitation_gone() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "invitation_not_found",
        "this invitation does not exist, was used, or has expired; ask an admin for a new one",
    )
}

/// `GET /api/invitations/{token}` (no authentication: the token is the credential) →
/// `{ email, name, passwordPolicy, expiresAt }`; email and name are null for the first
/// admin's invitation, which asks for them.
async fn invitation(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, ApiError> {
    let found = state.store.invitation(sha256(&token), state.clock.now()).await.map_err(store_error)?;
    let invitation = found.ok_or_else(invitation_gone)?;
    let policy = stored_policy(&state).await?;
    Ok(Json(json!({
        "email": invitation.member.as_ref().map(|member| &member.email),
        "name": invitation.member.as_ref().map(|member| &member.name),
        "firstAdmin": invitation.member.is_none(),
        "passwordPolicy": policy,
        "expiresAt": invitation.expires_at.rfc3339(),
    }))
    .into_response())
}

/// The body of `POST /api/invitations/accept`. No `Debug`: it holds a password.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Accept {
    token: String,
    password: String,
    /// Only for the first admin's invitation.
    email: Option<String>,
    /// Only for the first admin's invitation.
    name: Option<String>,
}

/// `POST /api/invitations/accept { token, password }` → signed in as the member (or, with
/// `twoFactor.enforced`, `next: "totp_setup"`), or 422 `invalid_password` with the core's
/// issues under the stored policy.
async fn accept_invitation(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    request: Body,
) -> Result<Response, ApiError> {
    let accept: Accept = body(
        &headers,
        request,
        "expected { token: string, password: string } (and email, name for the first admin)",
    )
    .await?;
    let token_sha256 = sha256(&accept.token);
    let invitation = state.store.invitation(token_sha256, state.clock.now()).await.map_err(store_error)?;
    let invitation = invitation.ok_or_else(invitation_gone)?;
    let first_admin = match &invitation.member {
        Some(_) => None,
        None => {
            let email =
                members::parse_email(accept.email.as_deref().unwrap_or("")).map_err(invalid_request)?;
            let name = match accept.name.as_deref() {
                Some(name) => members::parse_name(name).map_err(invalid_request)?,
                None => members::name_from_email(&email),
            };
            Some((email, name))
        }
    };
    let (email, name) = match (&invitation.member, &first_admin) {
        (Some(member), _) => (member.email.as_str(), member.name.as_str()),
        (None, Some((email, name))) => (email.as_str(), name.as_str()),
        (None, None) => return Err(invitation_gone()),
    };
    check_new_password(&state, &headers, &accept.password, email, name).await?;
    let hash = auth::hash_password(accept.password).await?;
    let now = state.clock.now();
    let first_admin_ref = first_admin.as_ref().map(|(email, name)| (email.as_str(), name.as_str()));
    let change = state
        .store
        .accept_invitation(token_sha256, first_admin_ref, &hash, None, &address.to_string(), now)
        .await
        .map_err(store_error)?;
    let member = match change {
        MemberChange::NotFound => return Err(invitation_gone()),
        other => change_answer(other)?,
    };
    tracing::info!(member = member.id, "invitation accepted");
    let attempt = Attempt::read(&state, address, &headers).await?;
    crate::second_factor::after_password(&state, &member, &attempt).await
}

/// The first admin at an empty database's first start, from `email` and `password`
/// (`POLICY_WIDGET_BOOTSTRAP_EMAIL` / `_PASSWORD`). The password must pass the stored policy.
///
/// # Errors
/// With the policy's messages when the password fails it, or what is wrong with the email.
pub async fn bootstrap_admin(
    store: &crate::store::Store,
    email: &str,
    password: &str,
    now: crate::clock::UnixMillis,
) -> Result<Option<Member>, String> {
    let email =
        members::parse_email(email).map_err(|message| format!("POLICY_WIDGET_BOOTSTRAP_EMAIL: {message}"))?;
    let name = members::name_from_email(&email);
    let stored = store.settings().await.map_err(|error| error.to_string())?;
    let policy = serde_json::from_value::<SecuritySettings>(stored.settings)
        .map_err(|error| error.to_string())?
        .password_policy;
    let report = members::check_password(password, &policy, &email, &name, None);
    if !report.ok {
        let messages: Vec<String> = report.issues.iter().map(|issue| issue.message.clone()).collect();
        return Err(format!(
            "POLICY_WIDGET_BOOTSTRAP_PASSWORD does not meet the stored password policy: {}",
            messages.join(" ")
        ));
    }
    let hash = members::hash_password(password)?;
    let new = NewMember { email, name, role: Role::Admin, password_hash: Some(hash) };
    let who = crate::store::Who::environment("");
    match store.create_member(&new, None, &who, now).await.map_err(|error| error.to_string())? {
        MemberChange::Done(member) => Ok(Some(member)),
        _ => Ok(None),
    }
}
