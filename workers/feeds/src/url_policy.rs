//! Which URLs may be fetched: `http` and `https` only, with a host, no credentials. What the
//! network sends never becomes a path on disk (the cache names files by hash).

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("{0:?} is not an http or https URL")]
    Scheme(String),
    #[error("{0:?} has no host")]
    NoHost(String),
    #[error("{0:?} carries a user name or password")]
    Credentials(String),
}

/// Accepts `url` if it is absolute `http(s)://host...` without user info.
pub fn check(url: &str) -> Result<(), UrlError> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    let rest = if let Some(r) = lower.strip_prefix("https://") {
        r
    } else if let Some(r) = lower.strip_prefix("http://") {
        r
    } else {
        return Err(UrlError::Scheme(u.into()));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(UrlError::Credentials(u.into()));
    }
    let host = authority.rsplit_once(':').map_or(authority, |(h, port)| if port.chars().all(|c| c.is_ascii_digit()) { h } else { authority });
    if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c == '\\') {
        return Err(UrlError::NoHost(u.into()));
    }
    Ok(())
}

/// The host of an accepted URL, lower case (for per-host pauses and domain diversity).
pub fn host(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    (!host.is_empty()).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_http_urls_pass() {
        assert!(check("https://i.redd.it/abc.jpg").is_ok());
        assert!(check("http://127.0.0.1:8080/feed.xml").is_ok());
        assert!(matches!(check("file:///etc/passwd"), Err(UrlError::Scheme(_))));
        assert!(matches!(check("ftp://x/y.jpg"), Err(UrlError::Scheme(_))));
        assert!(matches!(check("javascript:alert(1)"), Err(UrlError::Scheme(_))));
        assert!(matches!(check("../../etc/passwd"), Err(UrlError::Scheme(_))));
        assert!(matches!(check("https:///nohost"), Err(UrlError::NoHost(_))));
        assert!(matches!(check("https://user:pw@host/x"), Err(UrlError::Credentials(_))));
        assert_eq!(host("https://I.Redd.it:443/a.jpg").as_deref(), Some("i.redd.it"));
    }
}
