//! Who may call the page's API: a request must name this server in its `Host` (so a web site
//! whose name is rebound to this machine's address is refused), and a request that changes
//! something (PUT, POST, DELETE) must come from the page itself — its `Origin`, when sent, is the
//! server's own, `Sec-Fetch-Site` is not another site, and its type is `application/json` (which
//! a cross-site form cannot send, nor a script of another site without a preflight this server
//! never answers). Every refusal is a JSON [`ApiError`] with status 403 (415 for the type).

use std::net::{IpAddr, SocketAddr};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::safety::ApiError;

/// The names under which this server is reached: `127.0.0.1:PORT`, `localhost:PORT`,
/// `[::1]:PORT`, the address it was told to bind, and — when bound to every network
/// (`0.0.0.0`, `::`) — any IP address written as such (a numeric address cannot be rebound by a
/// web site, a domain name can).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    port: u16,
    bound: IpAddr,
}

impl Site {
    /// The server bound at `addr` (its real port, not 0).
    pub fn bound(addr: SocketAddr) -> Site {
        Site {
            port: addr.port(),
            bound: addr.ip(),
        }
    }

    /// A server on the loopback address and `port` (for tests calling the router in-process).
    pub fn loopback(port: u16) -> Site {
        Site::bound(SocketAddr::from(([127, 0, 0, 1], port)))
    }

    /// Whether a `Host` header names this server.
    pub fn allows_host(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        let (name, port) = match host.rsplit_once(':') {
            Some((n, p)) if !p.contains(']') => (n, p.parse::<u16>().ok()),
            _ => (host.as_str(), Some(80)),
        };
        if port != Some(self.port) {
            return false;
        }
        let ip: Option<IpAddr> = name
            .strip_prefix('[')
            .and_then(|n| n.strip_suffix(']'))
            .unwrap_or(name)
            .parse()
            .ok();
        match ip {
            None => name == "localhost",
            Some(ip) => ip.is_loopback() || ip == self.bound || self.bound.is_unspecified(),
        }
    }
}

/// The middleware: refuse what is not for this server or not from its page.
pub async fn guard(State(site): State<Site>, req: Request, next: Next) -> Response {
    match allowed(&site, req.method(), req.headers()) {
        Ok(()) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

fn forbidden(message: String) -> ApiError {
    ApiError {
        status: StatusCode::FORBIDDEN,
        message,
    }
}

fn allowed(site: &Site, method: &Method, headers: &HeaderMap) -> Result<(), ApiError> {
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let host = text(header::HOST).unwrap_or("");
    if !site.allows_host(host) {
        return Err(forbidden(format!(
            "this server does not answer for the host `{host}`: open it at the address \
             `proviso serve` printed (e.g. http://127.0.0.1:{}/)",
            site.port
        )));
    }
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    if let Some(origin) = text(header::ORIGIN)
        && origin != format!("http://{host}")
    {
        return Err(forbidden(format!(
            "a change from the page of `{origin}` is refused: only this server's own page \
             (http://{host}) may change the clause files"
        )));
    }
    if let Some(fetch_site) = text(header::HeaderName::from_static("sec-fetch-site"))
        && !matches!(fetch_site, "same-origin" | "none")
    {
        return Err(forbidden(format!(
            "a change from another site (`Sec-Fetch-Site: {fetch_site}`) is refused: only \
             this server's own page may change the clause files"
        )));
    }
    let json = text(header::CONTENT_TYPE).is_some_and(|t| {
        t.split(';')
            .next()
            .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
    });
    if !json {
        return Err(ApiError {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            message: "a change must be sent as `Content-Type: application/json`".to_owned(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_that_name_this_server() {
        let site = Site::loopback(7878);
        for ok in [
            "127.0.0.1:7878",
            "localhost:7878",
            "LOCALHOST:7878",
            "[::1]:7878",
        ] {
            assert!(site.allows_host(ok), "{ok}");
        }
        for bad in [
            "",
            "evil.example:7878",
            "localhost:7879",
            "localhost",
            "127.0.0.1",
            "192.168.1.5:7878",
            "localhost.evil.example:7878",
        ] {
            assert!(!site.allows_host(bad), "{bad}");
        }
        let lan = Site::bound(SocketAddr::from(([0, 0, 0, 0], 80)));
        assert!(lan.allows_host("192.168.1.5"));
        assert!(lan.allows_host("192.168.1.5:80"));
        assert!(!lan.allows_host("evil.example"));
    }
}
