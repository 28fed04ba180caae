//! The throttle on failed sign-ins, in three parts (the state is in the store,
//! `store/throttle.rs`, so every instance on one database agrees):
//!
//! - **per address**: [`MAX_ADDRESS_FAILURES`] failures within [`ADDRESS_WINDOW`] of one
//!   client address (an IPv6 address counts as its /64, which one host usually holds whole)
//!   refuse that address's sign-ins and bearer tokens until the window ends. At most
//!   [`MAX_ADDRESS_WINDOWS`] windows are stored.
//! - **per account**: after [`ACCOUNT_FREE_FAILURES`] consecutive failures of a member's
//!   sign-in (wrong password or wrong code, from any address) the account is refused for a
//!   delay that doubles with each further failure, from [`ACCOUNT_FIRST_DELAY`] up to
//!   [`ACCOUNT_MAX_DELAY`]; a successful sign-in resets it. Unknown emails have no account
//!   row, so the table holds at most one row per member.
//! - **trusted devices** (OWASP's "device cookies"): a completed sign-in gives the browser a
//!   random cookie bound to its member. A sign-in of that member presenting it skips both
//!   checks above, so neither an attack on the account from anywhere nor one from the
//!   member's own (shared) address keeps them out of their usual browser. Its failures
//!   count on the device alone: [`DEVICE_MAX_FAILURES`] of them and it is forgotten.

use std::net::IpAddr;
use std::time::Duration;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;

use crate::auth::{cookie, random_token, sha256};
use crate::clock::UnixMillis;
use crate::error::ApiError;
use crate::store::throttle::TrustedDevice;
use crate::AppState;

/// Failed sign-ins allowed per client address per [`ADDRESS_WINDOW`].
pub const MAX_ADDRESS_FAILURES: i64 = 10;
/// The window of an address's count: it starts at the address's first failure and, once
/// over, the count starts again from zero.
pub const ADDRESS_WINDOW: Duration = Duration::from_secs(5 * 60);
/// The most address windows stored; past it, the windows with the fewest failures (the
/// oldest first) are forgotten.
pub const MAX_ADDRESS_WINDOWS: i64 = 10_000;
/// Consecutive failed sign-ins of one account that cost nothing.
pub const ACCOUNT_FREE_FAILURES: i64 = 5;
/// The delay after the [`ACCOUNT_FREE_FAILURES`]th failure; each further one doubles it.
pub const ACCOUNT_FIRST_DELAY: Duration = Duration::from_secs(60);
/// The longest an account is ever refused after one failure.
pub const ACCOUNT_MAX_DELAY: Duration = Duration::from_secs(15 * 60);
/// An account's count is forgotten this long after its last failure.
pub const ACCOUNT_MEMORY: Duration = Duration::from_secs(24 * 60 * 60);
/// How long a trusted device's cookie lasts.
pub const DEVICE_LIFETIME: Duration = Duration::from_secs(90 * 24 * 60 * 60);
/// Failed sign-ins with one device cookie (since its last success) before it is forgotten.
pub const DEVICE_MAX_FAILURES: i64 = 5;
/// Trusted devices kept per member; a new one beyond it replaces the oldest.
pub const DEVICES_PER_MEMBER: i64 = 10;
/// The device cookie's name over plain HTTP.
pub const DEVICE_COOKIE: &str = "pw_device";
/// The device cookie's name over HTTPS (`__Host-`: `Secure`, `Path=/`, no `Domain`).
pub const SECURE_DEVICE_COOKIE: &str = "__Host-pw_device";

/// The key an address is counted under: an IPv4 address itself (an IPv4-mapped IPv6 one
/// included), an IPv6 address its /64 (`2001:db8:1:2::/64`), since a single host is
/// commonly given a whole /64 and could otherwise make a key per guess.
pub fn address_key(address: IpAddr) -> String {
    match address {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                format!("{}/64", std::net::Ipv6Addr::from(prefix))
            }
        },
    }
}

/// How long an account with `failures` consecutive failures is refused after the last one.
pub fn account_delay(failures: i64) -> Duration {
    if failures < ACCOUNT_FREE_FAILURES {
        return Duration::ZERO;
    }
    let doublings = u32::try_from(failures - ACCOUNT_FREE_FAILURES).unwrap_or(u32::MAX).min(16);
    ACCOUNT_FIRST_DELAY.saturating_mul(1 << doublings).min(ACCOUNT_MAX_DELAY)
}

/// `Retry-After` for a refusal that lasts until `until`: whole seconds, rounded up, at least 1.
pub fn retry_after_seconds(until: UnixMillis, now: UnixMillis) -> u64 {
    u64::try_from(until.0.saturating_sub(now.0)).unwrap_or(0).div_ceil(1000).max(1)
}

fn too_many(until: UnixMillis, now: UnixMillis, message: &str) -> ApiError {
    ApiError::new(StatusCode::TOO_MANY_REQUESTS, "too_many_failures", message)
        .retry_after(retry_after_seconds(until, now))
}

/// Until when `address` is refused, if it is now.
async fn address_refused_until(state: &AppState, address: IpAddr) -> Result<Option<UnixMillis>, ApiError> {
    let now = state.clock.now();
    let window = state
        .store
        .address_failures(&address_key(address), now.minus(ADDRESS_WINDOW))
        .await
        .map_err(ApiError::internal)?;
    Ok(window
        .filter(|window| window.failures >= MAX_ADDRESS_FAILURES)
        .map(|window| window.started_at.plus(ADDRESS_WINDOW)))
}

/// Until when member `member_id`'s sign-ins are refused, if they are now.
async fn account_refused_until(state: &AppState, member_id: i64) -> Result<Option<UnixMillis>, ApiError> {
    let now = state.clock.now();
    let failures = state
        .store
        .account_failures(member_id, now.minus(ACCOUNT_MEMORY))
        .await
        .map_err(ApiError::internal)?;
    Ok(failures
        .map(|failures| failures.last_failure_at.plus(account_delay(failures.failures)))
        .filter(|until| *until > now))
}

/// Refuses the request with 429 `too_many_failures` while `address` is throttled, with
/// `Retry-After` the seconds left in its window (the bearer-token check).
///
/// # Errors
/// 429, or 500 when the database fails.
pub async fn check_address(state: &AppState, address: IpAddr) -> Result<(), ApiError> {
    match address_refused_until(state, address).await? {
        Some(until) => Err(too_many(
            until,
            state.clock.now(),
            "too many failed sign-ins from this address; try again later",
        )),
        None => Ok(()),
    }
}

/// Counts a failed sign-in (or bearer token) of `address`.
///
/// # Errors
/// When the database fails.
pub async fn address_failed(state: &AppState, address: IpAddr) -> Result<(), ApiError> {
    let now = state.clock.now();
    state
        .store
        .record_address_failure(&address_key(address), now, now.minus(ADDRESS_WINDOW), MAX_ADDRESS_WINDOWS)
        .await
        .map_err(ApiError::internal)?;
    Ok(())
}

/// One sign-in attempt (the password step, the second-factor step, or an accepted
/// invitation): where it comes from and the trusted device it presented, if any.
#[derive(Debug, Clone)]
pub struct Attempt {
    /// The client's address.
    pub address: IpAddr,
    device: Option<TrustedDevice>,
}

impl Attempt {
    /// The attempt of a request from `address`: its device cookie is looked up (an unknown,
    /// expired or forgotten one is no device).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn read(state: &AppState, address: IpAddr, headers: &HeaderMap) -> Result<Attempt, ApiError> {
        let device = match cookie(headers, state.device_cookie()) {
            Some(value) if !value.is_empty() => state
                .store
                .trusted_device(sha256(value), state.clock.now())
                .await
                .map_err(ApiError::internal)?,
            _ => None,
        };
        Ok(Attempt { address, device })
    }

    /// The trusted device presented, when it belongs to `member_id`.
    fn device_of(&self, member_id: Option<i64>) -> Option<&TrustedDevice> {
        self.device.as_ref().filter(|device| Some(device.member_id) == member_id)
    }

    /// Refuses the attempt with 429 `too_many_failures` while its address is throttled or
    /// the account of `member_id` is (`None`: the email is no member's), unless it presents
    /// a trusted device of that member. `Retry-After` is when both refusals are over.
    ///
    /// # Errors
    /// 429, or 500 when the database fails.
    pub async fn check(&self, state: &AppState, member_id: Option<i64>) -> Result<(), ApiError> {
        if self.device_of(member_id).is_some() {
            return Ok(());
        }
        let address = address_refused_until(state, self.address).await?;
        let account = match member_id {
            Some(id) => account_refused_until(state, id).await?,
            None => None,
        };
        let now = state.clock.now();
        let from_address = "too many failed sign-ins from this address; try again later";
        let of_account = "too many failed sign-ins of this account; try again later";
        let (until, message) = match (address, account) {
            (None, None) => return Ok(()),
            (Some(address), Some(account)) if account > address => (account, of_account),
            (Some(address), _) => (address, from_address),
            (None, Some(account)) => (account, of_account),
        };
        Err(too_many(until, now, message))
    }

    /// Counts a failed attempt: on the trusted device when it presented one of `member_id`
    /// (which is forgotten at [`DEVICE_MAX_FAILURES`]), else on the address and on the
    /// account of `member_id`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn failed(&self, state: &AppState, member_id: Option<i64>) -> Result<(), ApiError> {
        if let Some(device) = self.device_of(member_id) {
            let forgotten = state
                .store
                .record_device_failure(device.id_sha256, DEVICE_MAX_FAILURES)
                .await
                .map_err(ApiError::internal)?;
            if forgotten {
                tracing::warn!(member = device.member_id, "forgot a trusted device after repeated failures");
            }
            return Ok(());
        }
        address_failed(state, self.address).await?;
        if let Some(member_id) = member_id {
            let now = state.clock.now();
            state
                .store
                .record_account_failure(member_id, now, now.minus(ACCOUNT_MEMORY))
                .await
                .map_err(ApiError::internal)?;
        }
        Ok(())
    }

    /// After a completed sign-in of `member_id` (the `response` carries its session): the
    /// account's failures are forgotten, and the browser's device is trusted — the one it
    /// presented has its failures reset, or a new cookie is added to `response`.
    ///
    /// # Errors
    /// When the database or the random source fails.
    pub async fn succeeded(
        &self,
        state: &AppState,
        member_id: i64,
        response: &mut Response,
    ) -> Result<(), ApiError> {
        state.store.clear_account_failures(member_id).await.map_err(ApiError::internal)?;
        if let Some(device) = self.device_of(Some(member_id)) {
            state.store.clear_device_failures(device.id_sha256).await.map_err(ApiError::internal)?;
            return Ok(());
        }
        let value = random_token(32).map_err(ApiError::internal)?;
        let now = state.clock.now();
        state
            .store
            .create_trusted_device(
                sha256(&value),
                member_id,
                now,
                now.plus(DEVICE_LIFETIME),
                DEVICES_PER_MEMBER,
            )
            .await
            .map_err(ApiError::internal)?;
        response.headers_mut().append(header::SET_COOKIE, device_cookie(state, &value));
        Ok(())
    }
}

fn device_cookie(state: &AppState, value: &str) -> HeaderValue {
    let secure = if state.site.is_https() { "; Secure" } else { "" };
    let cookie = format!(
        "{}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{secure}",
        state.device_cookie(),
        DEVICE_LIFETIME.as_secs()
    );
    HeaderValue::from_str(&cookie).expect("cookie is ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_counts_per_address_and_ipv6_per_64() {
        let key = |text: &str| address_key(text.parse().unwrap());
        assert_eq!(key("203.0.113.7"), "203.0.113.7");
        assert_eq!(key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2::1"), key("2001:db8:1:2:ffff::9"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("::1"), "::/64");
    }

    #[test]
    fn the_account_delay_doubles_from_the_fifth_failure_up_to_its_cap() {
        let minutes = |failures| account_delay(failures).as_secs() / 60;
        assert_eq!([0, 4].map(minutes), [0, 0]);
        assert_eq!([5, 6, 7, 8, 9, 10, 1000, i64::MAX].map(minutes), [1, 2, 4, 8, 15, 15, 15, 15]);
        assert_eq!(account_delay(-3), Duration::ZERO);
    }

    #[test]
    fn retry_after_rounds_up_and_is_at_least_one() {
        assert_eq!(retry_after_seconds(UnixMillis(10_500), UnixMillis(0)), 11);
        assert_eq!(retry_after_seconds(UnixMillis(10_000), UnixMillis(0)), 10);
        assert_eq!(retry_after_seconds(UnixMillis(5), UnixMillis(10)), 1);
        assert_eq!(
            retry_after_seconds(UnixMillis(i64::MAX), UnixMillis(i64::MIN)),
            i64::MAX.unsigned_abs().div_ceil(1000)
        );
    }
}
