//! The client's address, for the log-in rate limit and the devices list. It is the socket's
//! peer, unless that peer is one of `QUIRE_TRUSTED_PROXIES` (addresses or CIDRs, none by
//! default): then the proxy's `Forwarded: for=` or `X-Forwarded-For` is believed, read
//! from the right and skipping the trusted proxies themselves, so a client cannot choose
//! its own address by sending the header.

use std::net::{IpAddr, SocketAddr};

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{header::FORWARDED, Extensions, HeaderMap},
    middleware::Next,
    response::Response,
};
use ipnet::IpNet;

use crate::error::AppError;

/// The client address resolved for a request (in its extensions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl ClientIp {
    /// The address [`resolve`] put in a request's `extensions`. Every served request passes
    /// through it, so a missing one is a wiring fault (500), never a shared "unknown"
    /// client that would put everyone in one rate-limit bucket.
    pub fn of(extensions: &Extensions) -> Result<ClientIp, AppError> {
        extensions.get::<ClientIp>().copied().ok_or_else(|| {
            AppError::unexpected("the client address is not in the request's extensions")
        })
    }
}

/// The proxies whose forwarding headers are believed.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses addresses (`10.0.0.1`) and networks (`10.0.0.0/8`); anything else is an error
    /// naming it, so a typo stops the server instead of trusting nobody silently.
    pub fn parse(entries: &[String]) -> anyhow::Result<Self> {
        let mut nets = Vec::new();
        for entry in entries.iter().map(|e| e.trim()).filter(|e| !e.is_empty()) {
            let net = match entry.parse::<IpNet>() {
                Ok(net) => net,
                Err(_) => entry.parse::<IpAddr>().map(IpNet::from).map_err(|_| {
                    anyhow::anyhow!("QUIRE_TRUSTED_PROXIES: {entry:?} is not an address or CIDR")
                })?,
            };
            nets.push(net);
        }
        Ok(TrustedProxies(nets))
    }

    fn trusts(&self, ip: &IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(ip))
    }

    /// The client's address for a request from `peer` carrying `headers`.
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(&peer) {
            return peer;
        }
        let hops = forwarded_for(headers);
        // The right-most address that is not one of our proxies is the one our first proxy
        // saw; anything to its left the client could have written itself.
        hops.iter()
            .rev()
            .find(|ip| !self.trusts(ip))
            .or(hops.first())
            .copied()
            .unwrap_or(peer)
    }
}

/// The addresses a request passed through, client first: from `Forwarded` when present,
/// else `X-Forwarded-For`. Unparseable entries (obfuscated names, `unknown`) are skipped.
fn forwarded_for(headers: &HeaderMap) -> Vec<IpAddr> {
    let forwarded: Vec<&str> = headers
        .get_all(FORWARDED)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .flat_map(|v| v.split(','))
            .flat_map(|element| element.split(';'))
            .filter_map(|pair| {
                let (key, value) = pair.trim().split_once('=')?;
                key.trim()
                    .eq_ignore_ascii_case("for")
                    .then(|| parse_node(value))?
            })
            .collect();
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(parse_node)
        .collect()
}

/// An address as proxies write it: `1.2.3.4`, `1.2.3.4:80`, `"[2001:db8::1]:80"`, `2001:db8::1`.
fn parse_node(value: &str) -> Option<IpAddr> {
    let value = value.trim().trim_matches('"');
    if let Ok(ip) = value.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(socket) = value.parse::<SocketAddr>() {
        return Some(socket.ip());
    }
    value
        .strip_prefix('[')
        .and_then(|v| v.split(']').next())
        .and_then(|v| v.parse().ok())
}

/// What the rate limits count a client address as: the address itself for IPv4, its /64
/// network for IPv6 (one host is usually given a whole /64, so counting single IPv6
/// addresses would give it as many budgets as it cares to use). `address` is as the
/// request's [`ClientIp`] prints it; anything else is counted as it is.
pub fn limit_key(address: &str) -> String {
    match address.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let segments = v6.segments();
            let network = std::net::Ipv6Addr::new(
                segments[0],
                segments[1],
                segments[2],
                segments[3],
                0,
                0,
                0,
                0,
            );
            format!("{network}/64")
        }
        Ok(IpAddr::V6(v6)) => v6
            .to_ipv4_mapped()
            .map_or(address.to_string(), |v4| v4.to_string()),
        _ => address.to_string(),
    }
}

/// The middleware: puts the request's [`ClientIp`] in its extensions.
pub async fn resolve(
    State(proxies): State<TrustedProxies>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    if let Some(peer) = peer {
        let ip = proxies.client_ip(peer, request.headers());
        request.extensions_mut().insert(ClientIp(ip));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let none = TrustedProxies::default();
        let h = headers(&[("x-forwarded-for", "1.2.3.4")]);
        assert_eq!(none.client_ip(ip("10.0.0.9"), &h), ip("10.0.0.9"));
    }

    #[test]
    fn a_trusted_proxy_is_believed_and_client_written_hops_are_not() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8".into(), "192.168.1.5".into()]).unwrap();
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 1.2.3.4, 10.1.1.1")]);
        assert_eq!(proxies.client_ip(ip("10.0.0.9"), &h), ip("1.2.3.4"));
        // An untrusted peer's header counts for nothing.
        assert_eq!(proxies.client_ip(ip("8.8.8.8"), &h), ip("8.8.8.8"));
        let f = headers(&[(
            "forwarded",
            "for=\"[2001:db8::1]:4711\";proto=https, for=10.2.2.2",
        )]);
        assert_eq!(proxies.client_ip(ip("192.168.1.5"), &f), ip("2001:db8::1"));
        // Nothing usable: the peer.
        assert_eq!(
            proxies.client_ip(ip("10.0.0.9"), &headers(&[("x-forwarded-for", "unknown")])),
            ip("10.0.0.9")
        );
    }

    #[test]
    fn limits_count_an_ipv6_host_by_its_64_network() {
        assert_eq!(limit_key("203.0.113.7"), "203.0.113.7");
        assert_eq!(limit_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(
            limit_key("2001:db8:1:2:ffff::9"),
            limit_key("2001:db8:1:2::1")
        );
        assert_ne!(limit_key("2001:db8:1:3::1"), limit_key("2001:db8:1:2::1"));
        assert_eq!(limit_key("::ffff:198.51.100.4"), "198.51.100.4");
        assert_eq!(limit_key("unknown"), "unknown");
    }

    #[test]
    fn a_request_without_a_resolved_address_is_a_fault_not_a_shared_client() {
        let mut extensions = Extensions::new();
        let missing = ClientIp::of(&extensions).unwrap_err();
        assert_eq!(missing.code, crate::error::ErrorCode::Unexpected);
        extensions.insert(ClientIp(ip("203.0.113.7")));
        assert_eq!(
            ClientIp::of(&extensions).unwrap(),
            ClientIp(ip("203.0.113.7"))
        );
    }

    #[test]
    fn a_typo_is_an_error() {
        assert!(TrustedProxies::parse(&["10.0.0.0/33".into()]).is_err());
        assert!(TrustedProxies::parse(&["proxy.local".into()]).is_err());
        assert!(TrustedProxies::parse(&[]).is_ok());
    }
}
