//! Compression for streamed HTML. tower-http's `CompressionLayer` holds output back until
//! its buffer fills whenever the body stream is pending (tower-http issue #292), which
//! would undo streaming: the head and heading of `/posts` must reach the browser before the
//! list is ready. Here each chunk Leptos yields is compressed and flushed (a gzip sync
//! flush, a brotli flush) so it can be decoded on arrival; the stream is finished when the
//! body ends. Static assets are precompressed at build time and served by `ServeDir`.

use std::io::Write;

use axum::{
    body::{Body, Bytes},
    extract::Request,
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};
use futures::StreamExt;

use crate::content_encoding::{negotiate, Encoding};

/// Brotli quality for pages rendered per request: 4 compresses a page several times
/// faster than 5 for a few percent more bytes (measured with `make bench`); pages kept by
/// the page cache are compressed once, at the best quality.
const BROTLI_QUALITY: u32 = 4;
/// Brotli window (log2 bytes): a page is tens of kilobytes, so 512 KB is plenty, and a
/// smaller window costs less to set up per response than the default 4 MB.
const BROTLI_LGWIN: u32 = 19;

enum Encoder {
    Brotli(Box<brotli::CompressorWriter<Vec<u8>>>),
    Gzip(flate2::write::GzEncoder<Vec<u8>>),
}

impl Encoder {
    fn new(encoding: Encoding) -> Self {
        match encoding {
            Encoding::Brotli => Encoder::Brotli(Box::new(brotli::CompressorWriter::new(
                Vec::new(),
                4096,
                BROTLI_QUALITY,
                BROTLI_LGWIN,
            ))),
            Encoding::Gzip => Encoder::Gzip(flate2::write::GzEncoder::new(
                Vec::new(),
                flate2::Compression::default(),
            )),
        }
    }

    /// Compresses `chunk` and returns every byte needed to decode it now.
    fn encode(&mut self, chunk: &[u8]) -> std::io::Result<Bytes> {
        match self {
            Encoder::Brotli(w) => {
                w.write_all(chunk)?;
                w.flush()?;
                Ok(Bytes::from(std::mem::take(w.get_mut())))
            }
            Encoder::Gzip(w) => {
                w.write_all(chunk)?;
                w.flush()?;
                Ok(Bytes::from(std::mem::take(w.get_mut())))
            }
        }
    }

    /// Ends the compressed stream.
    fn finish(self) -> std::io::Result<Bytes> {
        match self {
            Encoder::Brotli(w) => Ok(Bytes::from(w.into_inner())),
            Encoder::Gzip(w) => Ok(Bytes::from(w.finish()?)),
        }
    }
}

/// Middleware: compresses `text/html` responses chunk by chunk for clients that accept it.
pub async fn compress_html(request: Request, next: Next) -> Response {
    let encoding = negotiate(
        request
            .headers()
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok()),
    );
    let response = next.run(request).await;
    let Some(encoding) = encoding else {
        return response;
    };
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html || response.headers().contains_key(header::CONTENT_ENCODING) {
        return response;
    }

    let (mut parts, body) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CONTENT_ENCODING, encoding.header_value());
    parts
        .headers
        .append(header::VARY, HeaderValue::from_static("accept-encoding"));

    let chunks = body
        .into_data_stream()
        .map(Some)
        .chain(futures::stream::once(async { None }));
    let compressed = chunks.scan(Some(Encoder::new(encoding)), |state, item| {
        let out = match item {
            Some(Ok(bytes)) => state
                .as_mut()
                .map(|encoder| encoder.encode(&bytes).map_err(axum::Error::new)),
            Some(Err(err)) => {
                *state = None;
                Some(Err(err))
            }
            None => state
                .take()
                .map(|encoder| encoder.finish().map_err(axum::Error::new)),
        };
        futures::future::ready(out)
    });
    Response::from_parts(parts, Body::from_stream(compressed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn each_gzip_chunk_decodes_before_the_stream_ends() {
        let mut encoder = Encoder::new(Encoding::Gzip);
        let first = encoder.encode(b"<h1>Posts</h1>").unwrap();
        let mut decoded = Vec::new();
        let mut decoder = flate2::write::GzDecoder::new(&mut decoded);
        decoder.write_all(&first).unwrap();
        decoder.flush().unwrap();
        drop(decoder);
        assert_eq!(decoded, b"<h1>Posts</h1>");

        let second = encoder.encode(b"<ul></ul>").unwrap();
        let end = encoder.finish().unwrap();
        let whole = [first.as_ref(), second.as_ref(), end.as_ref()].concat();
        let mut all = String::new();
        flate2::read::GzDecoder::new(&whole[..])
            .read_to_string(&mut all)
            .unwrap();
        assert_eq!(all, "<h1>Posts</h1><ul></ul>");
    }

    #[test]
    fn each_brotli_chunk_decodes_before_the_stream_ends() {
        let mut encoder = Encoder::new(Encoding::Brotli);
        let first = encoder.encode(b"<h1>Posts</h1>").unwrap();
        let mut partial = Vec::new();
        let mut reader = brotli::Decompressor::new(&first[..], 4096);
        let mut buf = [0u8; 64];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            partial.extend_from_slice(&buf[..n]);
        }
        assert_eq!(partial, b"<h1>Posts</h1>");

        let end = encoder.finish().unwrap();
        let whole = [first.as_ref(), end.as_ref()].concat();
        let mut all = String::new();
        brotli::Decompressor::new(&whole[..], 4096)
            .read_to_string(&mut all)
            .unwrap();
        assert_eq!(all, "<h1>Posts</h1>");
    }
}
