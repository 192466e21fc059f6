//! Streaming: with the posts query slowed (the `test-hooks` latency cookie), the head,
//! nav, heading and search of `/posts` reach the client before the list, in the same
//! response; and compressed responses stream just the same.

use std::{
    io::Write,
    time::{Duration, Instant},
};

use futures::StreamExt;
use quire::test_hooks::POSTS_DELAY_COOKIE;

use crate::helpers::spawn_app;

const DELAY_MS: u64 = 1500;

/// Reads `response` chunk by chunk, decoding with `decode`, and returns when the decoded
/// text first contained `early` and when it first contained `late`.
async fn arrival_of(
    response: reqwest::Response,
    early: &str,
    late: &str,
    mut decode: impl FnMut(&[u8]) -> Vec<u8>,
) -> (Duration, Duration, String) {
    let start = Instant::now();
    let mut text = String::new();
    let (mut early_at, mut late_at) = (None, None);
    let mut stream = response.bytes_stream();
    while let Some(chunk) = stream.next().await {
        text.push_str(&String::from_utf8_lossy(&decode(&chunk.unwrap())));
        if early_at.is_none() && text.contains(early) {
            early_at = Some(start.elapsed());
        }
        if late_at.is_none() && text.contains(late) {
            late_at = Some(start.elapsed());
        }
    }
    (
        early_at.unwrap_or_else(|| panic!("never saw {early}")),
        late_at.unwrap_or_else(|| panic!("never saw {late}")),
        text,
    )
}

fn raw_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_heading_arrives_before_the_slow_list_in_one_response() {
    let app = spawn_app().await;
    let response = raw_client()
        .get(app.url("/posts"))
        .header("cookie", format!("{POSTS_DELAY_COOKIE}={DELAY_MS}"))
        .header("accept-encoding", "identity")
        .send()
        .await
        .unwrap();
    let (heading, list, html) = arrival_of(
        response,
        "<label for=\"post-search\">Search posts</label>",
        "class=\"post-list\"",
        |b| b.to_vec(),
    )
    .await;
    assert!(
        list >= heading + Duration::from_millis(DELAY_MS / 2),
        "heading at {heading:?}, list at {list:?}"
    );
    // In order: the list is inside the page, not parked in a <template> for a script (the
    // one template is the inert island bootstrap in the head).
    assert!(html.find("<h1>Posts</h1>").unwrap() < html.find("class=\"post-list\"").unwrap());
    assert_eq!(html.matches("<template").count(), 1);
    assert!(html.contains("<template id=\"quire-islands\">"));
    assert!(
        html.contains("</html>"),
        "{}",
        &html[html.len().saturating_sub(400)..]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn brotli_pages_stream_chunk_by_chunk() {
    let app = spawn_app().await;
    let response = raw_client()
        .get(app.url("/posts"))
        .header("cookie", format!("{POSTS_DELAY_COOKIE}={DELAY_MS}"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "br");
    let mut decoder = brotli::DecompressorWriter::new(Vec::new(), 4096);
    let (heading, list, _) =
        arrival_of(response, "<h1>Posts</h1>", "class=\"post-list\"", |chunk| {
            decoder.write_all(chunk).unwrap();
            decoder.flush().unwrap();
            std::mem::take(decoder.get_mut())
        })
        .await;
    assert!(
        list >= heading + Duration::from_millis(DELAY_MS / 2),
        "heading at {heading:?}, list at {list:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gzip_pages_decode_whole() {
    let app = spawn_app().await;
    let response = raw_client()
        .get(app.url("/posts"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "gzip");
    let bytes = response.bytes().await.unwrap();
    let mut html = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut html)
        .unwrap();
    assert!(html.contains("<h1>Posts</h1>"));
    assert!(
        html.contains("</html>"),
        "{}",
        &html[html.len().saturating_sub(400)..]
    );
}
