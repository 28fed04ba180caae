//! The admin page (`--www-dir` at `/`) and the WebAssembly package (`--pkg-dir` at `/pkg/`).

use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{from_fn, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use percent_encoding::percent_decode_str;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::ApiError;
use crate::AppState;

/// The static routes. Files are revalidated on every use (`no-cache`, with
/// `Last-Modified`): wasm-pack's file names carry no content hash, so a long `max-age`
/// would pin a stale core next to a fresh page.
pub fn router(www_dir: &Path, pkg_dir: &Path) -> Router<AppState> {
    let serve = |dir: &Path| ServeDir::new(dir).precompressed_br().precompressed_gzip();
    Router::new()
        .nest_service("/pkg", serve(pkg_dir))
        .fallback_service(serve(www_dir))
        .layer(from_fn(reject_impossible_names))
        .layer(CompressionLayer::new().br(true).gzip(true))
        // A pre-compressed file (`.br`/`.gz` beside it) depends on Accept-Encoding as much as
        // one compressed on the fly, but ServeDir (tower-http 0.6) does not say so, and a
        // shared cache could hand brotli to a client that never asked for it.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
}

/// Longest file name (one path segment, percent-decoded) that can exist: Linux's `NAME_MAX`.
pub const MAX_NAME_BYTES: usize = 255;
/// Longest static path (percent-decoded) looked up on disk; no served file is nested that deep.
pub const MAX_STATIC_PATH_BYTES: usize = 1024;

/// Middleware on the static routes: a name no file system can hold is answered 404 here.
/// `ServeDir` would ask the OS, get `ENAMETOOLONG` and answer 500.
pub async fn reject_impossible_names(request: Request, next: Next) -> Response {
    if is_impossible_name(request.uri().path()) {
        return ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such file").into_response();
    }
    next.run(request).await
}

/// Whether `raw` (a request path as sent) names a file too long to exist: a segment over
/// [`MAX_NAME_BYTES`] or a path over [`MAX_STATIC_PATH_BYTES`], after percent-decoding.
pub fn is_impossible_name(raw: &str) -> bool {
    let decoded = percent_decode_str(raw).collect::<Vec<u8>>();
    decoded.len() > MAX_STATIC_PATH_BYTES
        || decoded.split(|byte| *byte == b'/').any(|name| name.len() > MAX_NAME_BYTES)
}

/// Middleware: refuses any path that could climb out of a served directory, in any
/// encoding — `..` segments plain, percent-encoded or double-encoded, encoded slashes,
/// backslashes and NUL. `ServeDir` already refuses `..`; this makes the rule explicit
/// and independent of it.
pub async fn reject_traversal(request: Request, next: Next) -> Response {
    if is_suspicious_path(request.uri().path()) {
        tracing::warn!("refused a path-traversal attempt");
        return ApiError::bad_request("bad_path", "the path is not allowed").into_response();
    }
    next.run(request).await
}

/// Whether `raw` (a request path as sent) tries to escape, after up to three rounds of
/// percent-decoding.
pub fn is_suspicious_path(raw: &str) -> bool {
    let mut current = raw.to_owned();
    for _ in 0..3 {
        let lower = current.to_ascii_lowercase();
        if current.contains(['\\', '\0']) || ["%2f", "%5c", "%00"].iter().any(|bad| lower.contains(bad)) {
            return true;
        }
        if current.split('/').any(|segment| segment == ".." || segment == ".") {
            return true;
        }
        let decoded = percent_decode_str(&current).decode_utf8_lossy().into_owned();
        if decoded == current {
            return false;
        }
        current = decoded;
    }
    // Still encoded after three rounds: nobody means that honestly.
    true
}

#[cfg(test)]
mod tests {
    use super::{is_impossible_name, is_suspicious_path};

    #[test]
    fn names_longer_than_the_file_system_allows_are_impossible() {
        assert!(!is_impossible_name(&format!("/{}", "a".repeat(255))));
        assert!(is_impossible_name(&format!("/{}", "a".repeat(256))));
        assert!(is_impossible_name(&format!("/pkg/{}", "%61".repeat(256))), "decoded length counts");
        assert!(is_impossible_name(&"/abcdefghi".repeat(103)));
        assert!(!is_impossible_name("/pkg/policy_widget_core_bg.wasm"));
    }

    #[test]
    fn traversal_in_every_encoding_is_suspicious() {
        for path in [
            "/../Cargo.toml",
            "/pkg/../../etc/passwd",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/Cargo.toml",
            "/.%2e/Cargo.toml",
            "/..%2fCargo.toml",
            "/..%2FCargo.toml",
            "/%252e%252e/Cargo.toml",
            "/%25252e%25252e/x",
            "/..\\Cargo.toml",
            "/..%5cCargo.toml",
            "/a%00.js",
            "/./index.html",
        ] {
            assert!(is_suspicious_path(path), "{path}");
        }
    }

    #[test]
    fn ordinary_paths_pass() {
        for path in ["/", "/index.html", "/pkg/policy_widget_core_bg.wasm", "/elements/a%20b.js", "/..foo/x"]
        {
            assert!(!is_suspicious_path(path), "{path}");
        }
    }
}
