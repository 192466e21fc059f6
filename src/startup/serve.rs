//! Serving a router until told to stop (Ctrl-C, SIGTERM, or a future of the caller's): then
//! no new connections, and the requests in flight get at most [`SHUTDOWN_GRACE`] to finish.

use axum::Router;
use tokio::net::TcpListener;

/// Longest the server waits, once told to stop, for the requests in flight.
pub const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// Serves `router` on `listener` until the process is asked to stop (Ctrl-C or SIGTERM):
/// then it stops accepting, lets the requests in flight finish, and returns; requests still
/// running after [`SHUTDOWN_GRACE`] are abandoned (their transactions roll back).
pub async fn serve(listener: TcpListener, router: Router) -> std::io::Result<()> {
    serve_until(listener, router, shutdown_signal()).await
}

/// [`serve`], stopping when `stop` completes instead of on a signal.
pub async fn serve_until(
    listener: TcpListener,
    router: Router,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let stopping = std::sync::Arc::new(tokio::sync::Notify::new());
    use axum::serve::ListenerExt;
    // Streamed pages go out in several writes; without TCP_NODELAY a later write waits for
    // the client's delayed ACK of the first (about 40 ms on Linux).
    let listener = listener.tap_io(|stream| {
        if let Err(err) = stream.set_nodelay(true) {
            tracing::debug!(error = %err, "could not set TCP_NODELAY");
        }
    });
    let server = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown({
        let stopping = std::sync::Arc::clone(&stopping);
        async move {
            stop.await;
            stopping.notify_one();
        }
    });
    let deadline = async move {
        stopping.notified().await;
        tokio::time::sleep(SHUTDOWN_GRACE).await;
    };
    tokio::select! {
        served = server => {
            tracing::info!("stopped: every request in flight was answered");
            served
        }
        _ = deadline => {
            tracing::warn!("stopped: requests still in flight after {SHUTDOWN_GRACE:?} were abandoned");
            Ok(())
        }
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub(super) async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: no new connections; finishing the requests in flight");
}
