//! The server's one source of "now": the system clock in production, a clock the tests set
//! and advance. Every time rule (session expiry, the sign-in throttle's window, when a secret
//! was made) asks a [`Clock`] and hands the time to the store, which never reads a clock.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// A point in time: milliseconds since the Unix epoch, UTC. What the database stores (an
/// integer, the same on SQLite and PostgreSQL) and what every rule compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixMillis(pub i64);

impl UnixMillis {
    /// `self + duration` (saturating: no rule reaches year 292,000,000).
    #[must_use]
    pub fn plus(self, duration: Duration) -> UnixMillis {
        UnixMillis(self.0.saturating_add(duration_millis(duration)))
    }

    /// `self - duration` (saturating).
    #[must_use]
    pub fn minus(self, duration: Duration) -> UnixMillis {
        UnixMillis(self.0.saturating_sub(duration_millis(duration)))
    }

    /// Whole seconds since the epoch, rounded down (JWT `iat`/`exp`, TOTP steps, the API's
    /// `expiresAt`).
    pub fn unix_seconds(self) -> i64 {
        self.0.div_euclid(1000)
    }

    /// RFC 3339 in UTC, with the fraction of a second when there is one: `2025-12-01T10:00:00.25Z`.
    pub fn rfc3339(self) -> String {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1_000_000)
            .ok()
            .and_then(|time| time.format(&Rfc3339).ok())
            .unwrap_or_default()
    }
}

fn duration_millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// Where "now" comes from. Cheap to clone; every clone reads the same source.
#[derive(Debug, Clone)]
pub struct Clock(Source);

#[derive(Debug, Clone)]
enum Source {
    System,
    Manual(Arc<AtomicI64>),
}

impl Clock {
    /// The operating system's wall clock. Several instances compare each other's times
    /// (a session made on one expires on another), so their hosts keep time with NTP.
    pub fn system() -> Clock {
        Clock(Source::System)
    }

    /// Now.
    pub fn now(&self) -> UnixMillis {
        match &self.0 {
            Source::System => {
                let nanos = OffsetDateTime::now_utc().unix_timestamp_nanos();
                UnixMillis(i64::try_from(nanos / 1_000_000).unwrap_or(i64::MAX))
            }
            Source::Manual(millis) => UnixMillis(millis.load(Ordering::SeqCst)),
        }
    }
}

/// A clock that stands still until told to move: the tests' way to cross an expiry or a
/// window without waiting for it.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    /// A clock that reads `start` until advanced.
    pub fn starting_at(start: UnixMillis) -> ManualClock {
        ManualClock(Arc::new(AtomicI64::new(start.0)))
    }

    /// The [`Clock`] to hand to the code under test; it follows this one.
    pub fn clock(&self) -> Clock {
        Clock(Source::Manual(Arc::clone(&self.0)))
    }

    /// Moves time forward by `by`.
    pub fn advance(&self, by: Duration) {
        self.0.fetch_add(duration_millis(by), Ordering::SeqCst);
    }

    /// Now, as the clock reads.
    pub fn now(&self) -> UnixMillis {
        UnixMillis(self.0.load(Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_advanced_and_its_clocks_follow() {
        let manual = ManualClock::starting_at(UnixMillis(1_000));
        let clock = manual.clock();
        assert_eq!(clock.now(), UnixMillis(1_000));
        manual.advance(Duration::from_millis(1_500));
        assert_eq!(clock.clone().now(), UnixMillis(2_500));
        assert_eq!(manual.now(), UnixMillis(2_500));
    }

    #[test]
    fn the_system_clock_is_after_2020() {
        assert!(Clock::system().now() > UnixMillis(1_577_836_800_000));
    }

    #[test]
    fn times_format_as_rfc3339_utc_and_count_seconds_down() {
        assert_eq!(UnixMillis(0).rfc3339(), "1970-01-01T00:00:00Z");
        assert_eq!(UnixMillis(1_764_583_200_250).rfc3339(), "2025-12-01T10:00:00.25Z");
        assert_eq!(UnixMillis(1_999).unix_seconds(), 1);
        assert_eq!(UnixMillis(-1).unix_seconds(), -1);
        assert_eq!(UnixMillis(5).plus(Duration::from_secs(1)), UnixMillis(1_005));
        assert_eq!(UnixMillis(5).minus(Duration::from_millis(10)), UnixMillis(-5));
        assert_eq!(UnixMillis(i64::MAX).plus(Duration::from_secs(1)), UnixMillis(i64::MAX));
    }
}
