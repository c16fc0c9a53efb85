//! Bounded downloads: `http(s)` only, connect and whole-request timeouts, at most a few
//! redirects, size caps enforced while the body streams, images checked by their first bytes,
//! and files written under a temporary name and renamed only when complete.

use crate::cache;
use crate::magic::{self, ImageKind};
use crate::url_policy::{self, UrlError};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub connect: Duration,
    /// The whole request, body included.
    pub whole: Duration,
    pub redirects: u32,
    pub image_bytes: u64,
    pub document_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            whole: Duration::from_secs(30),
            redirects: 5,
            image_bytes: 40 << 20,
            document_bytes: 5 << 20,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error(transparent)]
    Url(#[from] UrlError),
    #[error("HTTP {code}")]
    Status { code: u16, retry_after: Option<Duration> },
    #[error("larger than the {limit}-byte limit")]
    TooLarge { limit: u64 },
    #[error("not an image (served as {content_type:?})")]
    NotAnImage { content_type: Option<String> },
    #[error("timed out")]
    Timeout,
    #[error("too many redirects")]
    TooManyRedirects,
    #[error("the body ended early: {0}")]
    Truncated(String),
    #[error("network: {0}")]
    Network(String),
    #[error("cache: {0}")]
    Io(String),
}

impl From<ureq::Error> for FetchError {
    fn from(e: ureq::Error) -> Self {
        match e {
            ureq::Error::Timeout(_) => FetchError::Timeout,
            ureq::Error::TooManyRedirects => FetchError::TooManyRedirects,
            ureq::Error::BodyExceedsLimit(limit) => FetchError::TooLarge { limit },
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => FetchError::Timeout,
            ureq::Error::Io(io) => FetchError::Truncated(io.to_string()),
            other => FetchError::Network(other.to_string()),
        }
    }
}

/// `Retry-After` in seconds (an HTTP date is not honoured; the caller's backoff applies).
fn retry_after(headers: &ureq::http::HeaderMap) -> Option<Duration> {
    let v = headers.get("retry-after")?.to_str().ok()?;
    v.trim().parse::<u64>().ok().map(Duration::from_secs)
}

pub struct Fetcher {
    agent: ureq::Agent,
    limits: Limits,
}

impl Fetcher {
    pub fn new(limits: Limits) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(limits.connect))
            .timeout_global(Some(limits.whole))
            .max_redirects(limits.redirects)
            .http_status_as_error(false)
            .user_agent(format!("srpss/{} (photo screensaver)", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Self { agent, limits }
    }

    fn get(&self, url: &str) -> Result<ureq::http::Response<ureq::Body>, FetchError> {
        url_policy::check(url)?;
        // Failing to connect or to send is the network's fault, not a cut body.
        let response = self.agent.get(url.trim()).call().map_err(|e| match e {
            ureq::Error::Io(io) if io.kind() != std::io::ErrorKind::TimedOut => FetchError::Network(io.to_string()),
            other => other.into(),
        })?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            return Err(FetchError::Status { code: status, retry_after: retry_after(response.headers()) });
        }
        Ok(response)
    }

    /// A feed document, at most `limits.document_bytes`.
    pub fn document(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        let mut response = self.get(url)?;
        Ok(response.body_mut().with_config().limit(self.limits.document_bytes).read_to_vec()?)
    }

    /// Downloads the image at `url` into `dir` (named by the URL's hash and the format its
    /// bytes show), unless it is already there. Nothing but a complete image is ever left under
    /// a cache name.
    pub fn image(&self, url: &str, dir: &Path) -> Result<(PathBuf, ImageKind), FetchError> {
        if let Some(found) = cache::find(dir, url) {
            return Ok(found);
        }
        let mut response = self.get(url)?;
        let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_string);
        let limit = self.limits.image_bytes;
        if response.headers().get("content-length").and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok()).is_some_and(|n| n > limit) {
            return Err(FetchError::TooLarge { limit });
        }
        let mut reader = response.body_mut().with_config().limit(limit).reader();
        let mut head = [0u8; 16];
        let mut got = 0;
        while got < head.len() {
            match reader.read(&mut head[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) => return Err(io_error(e)),
            }
        }
        let kind = magic::sniff(&head[..got]).ok_or(FetchError::NotAnImage { content_type })?;
        let part = cache::partial_path(dir, url);
        let written = (|| -> Result<(), FetchError> {
            let mut file = std::fs::File::create(&part).map_err(|e| FetchError::Io(e.to_string()))?;
            file.write_all(&head[..got]).map_err(|e| FetchError::Io(e.to_string()))?;
            std::io::copy(&mut reader, &mut file).map_err(io_error)?;
            file.sync_all().map_err(|e| FetchError::Io(e.to_string()))
        })();
        if let Err(e) = written {
            // A cut or refused body never looks like a photo.
            let _ = std::fs::remove_file(&part);
            return Err(e);
        }
        let path = dir.join(cache::file_name(url, kind));
        cache::commit(dir, &part, &path).map_err(|e| {
            let _ = std::fs::remove_file(&part);
            FetchError::Io(e.to_string())
        })?;
        Ok((path, kind))
    }
}

/// Errors from reading a body: ureq reports its own (limit, timeout) wrapped in io errors.
fn io_error(e: std::io::Error) -> FetchError {
    let text = e.to_string();
    match e.into_inner().map(|inner| inner.downcast::<ureq::Error>()) {
        Some(Ok(ureq_error)) => FetchError::from(*ureq_error),
        _ if text.contains("limit") => FetchError::TooLarge { limit: 0 },
        _ if text.to_ascii_lowercase().contains("timed out") || text.to_ascii_lowercase().contains("timeout") => FetchError::Timeout,
        _ => FetchError::Truncated(text),
    }
}
