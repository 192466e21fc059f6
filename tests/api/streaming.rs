//! Streaming: while the posts query is held at a gate (the `test-hooks` gate cookie), the
//! head, nav, heading and search of `/posts` reach the client, and the list follows in the
//! same response once the test opens the gate; compressed responses stream just the same.
//! No clock is read: the order of what arrives, and what has arrived while the list is
//! held, are the proof.

use std::{io::Write, time::Duration};

use futures::{stream::BoxStream, StreamExt};
use quire::test_hooks::{open_gate, POSTS_GATE_COOKIE};

use crate::helpers::spawn_app;

/// How long a test waits for an answer that must come (a failure bound, never a measure).
const DEADLINE: Duration = Duration::from_secs(20);

/// The search field's label: part of the page's head, before the list.
const SEARCH: &str = "<label for=\"post-search\">Search posts</label>";
/// The posts list, named by its label.
const LIST: &str = "aria-label=\"Posts\"";

/// A response read chunk by chunk, each decoded with `decode`, into `text`.
struct Arrivals<D> {
    chunks: BoxStream<'static, reqwest::Result<bytes::Bytes>>,
    decode: D,
    text: String,
}

impl<D: FnMut(&[u8]) -> Vec<u8>> Arrivals<D> {
    fn new(response: reqwest::Response, decode: D) -> Self {
        Arrivals {
            chunks: response.bytes_stream().boxed(),
            decode,
            text: String::new(),
        }
    }

    /// Reads until `text` contains `needle`; panics if the response ends or stalls first.
    async fn until(&mut self, needle: &str) {
        let read = async {
            while !self.text.contains(needle) {
                let chunk = self.chunks.next().await?.expect("a chunk");
                self.text
                    .push_str(&String::from_utf8_lossy(&(self.decode)(&chunk)));
            }
            Some(())
        };
        match tokio::time::timeout(DEADLINE, read).await {
            Ok(Some(())) => {}
            Ok(None) => panic!("the response ended without {needle}"),
            Err(_) => panic!(
                "{needle} did not arrive while the list was held: {}",
                self.text
            ),
        }
    }

    /// Reads the rest of the response.
    async fn rest(&mut self) {
        let read = async {
            while let Some(chunk) = self.chunks.next().await {
                let chunk = chunk.expect("a chunk");
                self.text
                    .push_str(&String::from_utf8_lossy(&(self.decode)(&chunk)));
            }
        };
        tokio::time::timeout(DEADLINE, read)
            .await
            .expect("the response ended");
    }
}

fn raw_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .build()
        .unwrap()
}

/// `/posts` with its list held at a gate of its own, in `encoding`.
async fn held_posts(app: &crate::helpers::TestApp, encoding: &str) -> (reqwest::Response, String) {
    let gate = format!("streaming-{}", uuid::Uuid::new_v4());
    let response = raw_client()
        .get(app.url("/posts"))
        .header("cookie", format!("{POSTS_GATE_COOKIE}={gate}"))
        .header("accept-encoding", encoding)
        .send()
        .await
        .unwrap();
    (response, gate)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_heading_arrives_while_the_list_is_held_and_the_list_follows_in_one_response() {
    let app = spawn_app().await;
    let (response, gate) = held_posts(&app, "identity").await;
    let mut page = Arrivals::new(response, |b| b.to_vec());
    page.until(SEARCH).await;
    assert!(page.text.contains("<h1>Posts</h1>"));
    assert!(
        !page.text.contains(LIST),
        "the list came before the gate opened"
    );

    open_gate(&gate);
    page.rest().await;
    let html = &page.text;
    // In order: the list is inside the page after its heading, not parked in a <template>
    // for a script (the one template is the inert island bootstrap in the head).
    assert!(html.find(SEARCH).unwrap() < html.find(LIST).unwrap());
    assert_eq!(html.matches("<template").count(), 1);
    assert!(html.contains("<template id=\"quire-islands\">"));
    assert!(
        html.contains("</html>"),
        "{}",
        &html[html.len().saturating_sub(400)..]
    );
}

/// `/posts` in `encoding`, read through `decoder` (a writer that decodes into a `Vec`):
/// the compressed head must decode on its own while the list is still held, and the rest
/// must follow once the gate opens.
async fn compressed_page_streams<W: Write + Send + 'static>(
    encoding: &str,
    mut decoder: W,
    decoded: fn(&mut W) -> &mut Vec<u8>,
) {
    let app = spawn_app().await;
    let (response, gate) = held_posts(&app, encoding).await;
    assert_eq!(response.headers()["content-encoding"], encoding);
    let mut page = Arrivals::new(response, move |chunk| {
        decoder.write_all(chunk).unwrap();
        decoder.flush().unwrap();
        std::mem::take(decoded(&mut decoder))
    });
    page.until("<h1>Posts</h1>").await;
    assert!(
        !page.text.contains(LIST),
        "the list came before the gate opened"
    );
    open_gate(&gate);
    page.until(LIST).await;
    page.rest().await;
    assert!(page.text.contains("</html>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn brotli_pages_stream_chunk_by_chunk() {
    let decoder = brotli::DecompressorWriter::new(Vec::new(), 4096);
    compressed_page_streams("br", decoder, |d| d.get_mut()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gzip_pages_stream_chunk_by_chunk() {
    let decoder = flate2::write::GzDecoder::new(Vec::new());
    compressed_page_streams("gzip", decoder, |d| d.get_mut()).await;
}
