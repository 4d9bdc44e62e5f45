//! The development server: `dist/` on localhost with the headers the app is
//! meant to run under in production, so what the tests see is what users get.
//!
//! - A Content-Security-Policy that allows our own origin and WebAssembly
//!   compilation and nothing else: no inline or eval'd script, no network
//!   access beyond this origin.
//! - Precompressed brotli or gzip when the browser accepts it.
//! - Correct MIME types (`application/wasm` for streaming compilation).

use std::fs::File;
use std::path::{Component, Path, PathBuf};
use std::thread;

use anyhow::{Result, anyhow};
use tiny_http::{Header, Request, Response, ResponseBox, Server, StatusCode};

/// The policy every response carries. `'wasm-unsafe-eval'` allows compiling
/// WebAssembly (ours and DuckDB's) without allowing `eval`. Style sheets
/// come only from our origin (and CodeMirror's adopted sheets); inline style
/// *attributes* are allowed because Chrome's contenteditable editing, under
/// the SQL editor, writes them when typing replaces a selection. Attribute
/// styles cannot add selectors, and anything they could load is still held
/// to img-src and font-src.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; \
     script-src 'self' 'wasm-unsafe-eval'; \
     worker-src 'self'; \
     connect-src 'self'; \
     style-src 'self'; \
     style-src-attr 'unsafe-inline'; \
     img-src 'self' data: blob:; \
     font-src 'self'; \
     manifest-src 'self'; \
     base-uri 'none'; \
     form-action 'none'; \
     frame-ancestors 'none'";

/// Serve `dist` on 127.0.0.1:`port` under the path `base` (`/` or
/// `/team/strata/`, as a static host might) until the process is stopped.
pub fn run(dist: &Path, port: u16, base: &str) -> Result<()> {
    if !base.starts_with('/') || !base.ends_with('/') {
        return Err(anyhow!("the base path {base:?} must start and end with /"));
    }
    if !dist.join("index.html").is_file() {
        return Err(anyhow!(
            "{} has no index.html: build first (drop --no-build)",
            dist.display()
        ));
    }
    let server = Server::http(("127.0.0.1", port))
        .map_err(|e| anyhow!("could not listen on 127.0.0.1:{port}: {e}"))?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|addr| addr.port())
        .unwrap_or(port);
    // The end-to-end tests read this line to find the port.
    println!("Strata is served at http://127.0.0.1:{port}{base}");
    for request in server.incoming_requests() {
        let (dist, base) = (dist.to_path_buf(), base.to_owned());
        thread::spawn(move || respond(&dist, &base, request));
    }
    Ok(())
}

fn respond(dist: &Path, base: &str, request: Request) {
    let accepts = |encoding: &str| {
        request.headers().iter().any(|h| {
            h.field.equiv("Accept-Encoding")
                && h.value.as_str().split(',').any(|e| {
                    e.split(';')
                        .next()
                        .is_some_and(|name| name.trim() == encoding)
                })
        })
    };
    let encodings: Vec<&str> = ["br", "gzip"].into_iter().filter(|e| accepts(e)).collect();
    // Outside the base path there is nothing.
    let under_base = request.url().strip_prefix(&base[..base.len() - 1]);
    let response = match under_base
        .filter(|u| u.starts_with('/'))
        .and_then(|u| resolve(dist, u))
    {
        Some(path) => file_response(&path, &encodings),
        None => None,
    };
    let response = response.unwrap_or_else(not_found);
    // A client that went away is not our problem.
    let _ = request.respond(response);
}

/// The file a URL names under `dist`, if it is one. Paths that climb out of
/// `dist` (`..`) or name hidden files resolve to nothing.
fn resolve(dist: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let relative = path.trim_start_matches('/');
    let relative = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_owned()
    };
    let relative = Path::new(&relative);
    let safe = relative.components().all(|c| match c {
        Component::Normal(part) => !part.to_string_lossy().starts_with('.'),
        _ => false,
    });
    let full = dist.join(relative);
    (safe && full.is_file()).then_some(full)
}

fn file_response(path: &Path, encodings: &[&str]) -> Option<ResponseBox> {
    let (file, encoding) = encodings
        .iter()
        .find_map(|&encoding| {
            let suffix = if encoding == "br" { "br" } else { "gz" };
            let mut name = path.as_os_str().to_owned();
            name.push(".");
            name.push(suffix);
            File::open(PathBuf::from(name))
                .ok()
                .map(|f| (f, Some(encoding)))
        })
        .or_else(|| File::open(path).ok().map(|f| (f, None)))?;
    let mut response = Response::from_file(file);
    for header in headers(content_type(path)) {
        response.add_header(header);
    }
    if let Some(encoding) = encoding {
        response.add_header(header("Content-Encoding", encoding));
    }
    Some(response.boxed())
}

fn not_found() -> ResponseBox {
    let mut response = Response::from_string("not found").with_status_code(StatusCode(404));
    for header in headers("text/plain; charset=utf-8") {
        response.add_header(header);
    }
    response.boxed()
}

/// The headers every response carries besides its type; `cargo xtask
/// dist` writes the same list for static hosts.
pub const HEADERS: [(&str, &str); 7] = [
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Cache-Control", "no-cache"),
    ("Vary", "Accept-Encoding"),
];

fn headers(content_type: &str) -> Vec<Header> {
    std::iter::once(header("Content-Type", content_type))
        .chain(HEADERS.iter().map(|(name, value)| header(name, value)))
        .collect()
}

#[allow(clippy::expect_used)]
fn header(name: &str, value: &str) -> Header {
    // Every name and value here is an ASCII constant of ours (or a MIME type
    // from `content_type`), which `from_bytes` always accepts.
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
}

/// The MIME type for a file, by its ending.
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "csv" => "text/csv; charset=utf-8",
        "parquet" => "application/vnd.apache.parquet",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_refuses_paths_outside_dist() {
        let dist = std::env::temp_dir().join("strata-serve-test");
        std::fs::create_dir_all(dist.join("pkg")).unwrap();
        std::fs::write(dist.join("index.html"), "<!doctype html>").unwrap();
        std::fs::write(dist.join("pkg/app.js"), "").unwrap();
        std::fs::write(dist.join(".secret"), "").unwrap();

        assert_eq!(resolve(&dist, "/"), Some(dist.join("index.html")));
        assert_eq!(resolve(&dist, "/?q=1"), Some(dist.join("index.html")));
        assert_eq!(resolve(&dist, "/pkg/app.js"), Some(dist.join("pkg/app.js")));
        assert_eq!(resolve(&dist, "/../Cargo.toml"), None);
        assert_eq!(resolve(&dist, "/pkg/../../etc/passwd"), None);
        assert_eq!(resolve(&dist, "/.secret"), None);
        assert_eq!(resolve(&dist, "/missing.js"), None);
    }

    #[test]
    fn wasm_is_served_as_wasm() {
        assert_eq!(content_type(Path::new("a/b.wasm")), "application/wasm");
        assert_eq!(
            content_type(Path::new("bridge.js")),
            "text/javascript; charset=utf-8"
        );
    }

    #[test]
    fn policy_allows_no_inline_script_or_style_sheet_or_eval() {
        let inline: Vec<&str> = CONTENT_SECURITY_POLICY
            .split(';')
            .map(str::trim)
            .filter(|directive| directive.contains("unsafe-inline"))
            .collect();
        assert_eq!(
            inline,
            ["style-src-attr 'unsafe-inline'"],
            "only style attributes"
        );
        assert!(CONTENT_SECURITY_POLICY.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(CONTENT_SECURITY_POLICY.contains("style-src 'self';"));
        assert!(!CONTENT_SECURITY_POLICY.contains("'unsafe-eval'"));
        assert!(CONTENT_SECURITY_POLICY.contains("connect-src 'self'"));
    }
}
