//! The ceiling `make bench` compares Quire against: a bare axum handler answering every
//! request with the same bytes from memory (a page Quire rendered, saved to a file), as fast
//! as the HTTP stack on this machine allows.
//!
//! `ceiling <port> <file> [<content-encoding>]`

use axum::{
    http::{header, HeaderValue},
    response::IntoResponse,
    routing::get,
    Router,
};
use bytes::Bytes;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let port: u16 = args.next().and_then(|p| p.parse().ok()).expect("a port");
    let file = args.next().expect("a file of bytes to serve");
    let encoding = args.next();
    let body = Bytes::from(std::fs::read(&file).expect("the file"));
    let app = Router::new().fallback(get(move || {
        let body = body.clone();
        let encoding = encoding.clone();
        async move {
            let mut response = (
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                )],
                body,
            )
                .into_response();
            if let Some(encoding) = encoding.and_then(|e| HeaderValue::from_str(&e).ok()) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_ENCODING, encoding);
            }
            response
        }
    }));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
