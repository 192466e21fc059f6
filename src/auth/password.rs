//! argon2id password hashes as PHC strings. Parameters are OWASP's first recommended set
//! (m = 19 MiB, t = 2, p = 1), stated here rather than left to the crate's defaults so a
//! dependency update cannot weaken them.
//!
//! Each hash costs tens of milliseconds of CPU and 19 MiB of memory, so a burst of log-ins
//! must not become a burst of hashes. They run on a small pool of their own
//! ([`HashPool`]): as many threads as there are cores, each at a lower scheduling priority
//! than the threads rendering pages (so a log-in flood slows log-ins, not reading). A
//! request waits at most [`QUEUE_WAIT`] for a free thread; after that it is answered 503
//! ("The server is busy. Try again in a moment.") with `Retry-After`. At most
//! [`WAITERS_PER_THREAD`] requests per thread wait at all: past that ceiling a request is
//! answered busy at once, so a flood never piles up waiting requests (each holding its
//! connection and body) in front of the pool.

use std::{
    sync::{mpsc, Arc, Mutex, OnceLock},
    time::Duration,
};

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};
use tokio::sync::{oneshot, Semaphore};

use crate::error::{AppError, BUSY};

/// Memory cost in KiB.
const M_COST_KIB: u32 = 19 * 1024;
/// Iterations.
const T_COST: u32 = 2;
/// Lanes.
const P_COST: u32 = 1;

/// Longest a request waits for a hashing thread before it is told the server is busy.
pub const QUEUE_WAIT: Duration = Duration::from_secs(2);
/// Most requests per hashing thread that may wait for one; more are answered busy at once.
pub const WAITERS_PER_THREAD: usize = 8;
/// What a busy answer tells the client to wait, in seconds.
const BUSY_RETRY_AFTER_SECS: u64 = 2;
/// The hashing threads' niceness (0 is normal, 19 the lowest priority).
#[cfg(target_os = "linux")]
const HASH_THREAD_NICENESS: libc::c_int = 10;

fn hasher() -> Argon2<'static> {
    let params =
        Params::new(M_COST_KIB, T_COST, P_COST, None).expect("argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes `password` with a fresh random salt, on the calling thread.
pub fn hash_password_blocking(password: &str) -> anyhow::Result<String> {
    let hash: PasswordHash = hasher()
        .hash_password(password.as_bytes())
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))?;
    Ok(hash.to_string())
}

/// Whether `password` matches the PHC string `phc`, on the calling thread. A malformed hash
/// never matches.
pub fn verify_password_blocking(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

type Job = Box<dyn FnOnce() + Send>;

/// The hashing threads and the permits that admit work to them; cheap to clone (one
/// shared pool). The server makes one at start-up and puts it in every request's context.
#[derive(Clone)]
pub struct HashPool {
    permits: Arc<Semaphore>,
    /// Admission to the wait for a permit: at most [`WAITERS_PER_THREAD`] per thread.
    waiters: Arc<Semaphore>,
    jobs: Arc<Mutex<mpsc::Sender<Job>>>,
    wait: Duration,
}

impl std::fmt::Debug for HashPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HashPool")
            .field("free", &self.permits.available_permits())
            .field("wait", &self.wait)
            .finish()
    }
}

impl HashPool {
    /// The pool the router provides to every request.
    pub fn from_context() -> Result<HashPool, AppError> {
        crate::error::expect_context::<HashPool>()
    }

    /// One thread per core, waiting at most [`QUEUE_WAIT`].
    pub fn for_cores() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        HashPool::new(cores, QUEUE_WAIT)
    }

    /// A pool of `threads` low-priority threads; callers wait at most `wait` for one.
    pub fn new(threads: usize, wait: Duration) -> Self {
        let threads = threads.max(1);
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..threads {
            let receiver = Arc::clone(&receiver);
            std::thread::Builder::new()
                .name(format!("quire-hash-{n}"))
                .spawn(move || {
                    lower_priority();
                    loop {
                        let job = match receiver.lock() {
                            Ok(receiver) => receiver.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                })
                .expect("starting a hashing thread");
        }
        HashPool {
            permits: Arc::new(Semaphore::new(threads)),
            waiters: Arc::new(Semaphore::new(threads * WAITERS_PER_THREAD)),
            jobs: Arc::new(Mutex::new(sender)),
            wait,
        }
    }

    /// Runs `work` on a hashing thread: 503 when none frees up within the wait.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let busy = || AppError::unavailable(BUSY, BUSY_RETRY_AFTER_SECS);
        let waiting = Arc::clone(&self.waiters).try_acquire_owned().map_err(|_| {
            tracing::warn!("too many requests wait for password hashing; answered busy");
            busy()
        })?;
        let _permit = tokio::time::timeout(self.wait, Arc::clone(&self.permits).acquire_owned())
            .await
            .map_err(|_| {
                tracing::warn!("password hashing is saturated; answered busy");
                busy()
            })?
            .map_err(|_| busy())?;
        drop(waiting);
        let (done, result) = oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = done.send(work());
        });
        self.jobs
            .lock()
            .map_err(|_| AppError::unexpected("the hashing pool is poisoned"))?
            .send(job)
            .map_err(|_| AppError::unexpected("the hashing pool has stopped"))?;
        result
            .await
            .map_err(|_| AppError::unexpected("a hashing job was dropped"))
    }
}

/// Lowers the calling thread's scheduling priority (Linux: per-thread niceness).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: gettid and setpriority only read their arguments; a failure leaves the
    // thread at normal priority, which is harmless.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, HASH_THREAD_NICENESS);
    }
}

impl HashPool {
    /// Hashes `password` with a fresh salt.
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        self.run(move || hash_password_blocking(&password))
            .await?
            .map_err(AppError::from)
    }

    /// Whether `password` matches the PHC string `phc`.
    pub async fn verify(&self, password: String, phc: String) -> Result<bool, AppError> {
        self.run(move || verify_password_blocking(&password, &phc))
            .await
    }

    /// Computes the dummy hash (see [`HashPool::dummy_hash`]) once per process; the server
    /// calls it at start-up so no request pays for it.
    pub async fn warm_up(&self) -> Result<(), AppError> {
        if DUMMY.get().is_none() {
            let hash = self
                .run(|| hash_password_blocking(&crate::random::random_id(128)))
                .await??;
            let _ = DUMMY.set(hash);
        }
        Ok(())
    }

    /// A real hash of a random password, verified against when an email is unknown so that
    /// "no such user" and "wrong password" take the same time.
    pub async fn dummy_hash(&self) -> Result<String, AppError> {
        self.warm_up().await?;
        Ok(DUMMY.get().cloned().unwrap_or_default())
    }
}

static DUMMY: OnceLock<String> = OnceLock::new();

/// Hashes off the async runtime, outside any request's pool (the seed and the admin CLI).
pub async fn hash_offline(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_password_blocking(&password)).await?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_phc_strings_that_verify() {
        let phc = hash_password_blocking("User123!x").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify_password_blocking("User123!x", &phc));
        assert!(!verify_password_blocking("User123!y", &phc));
    }

    #[test]
    fn the_same_password_gets_a_different_salt() {
        let a = hash_password_blocking("same").unwrap();
        let b = hash_password_blocking("same").unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn a_malformed_hash_never_matches() {
        assert!(!verify_password_blocking("x", "not a hash"));
    }

    /// A one-thread pool whose thread is busy until `release` is sent: the pool, the release
    /// and the busy job's task. Returns once the job runs (no clock involved).
    async fn busy_pool(
        wait: Duration,
    ) -> (
        HashPool,
        std::sync::mpsc::Sender<()>,
        tokio::task::JoinHandle<Result<(), AppError>>,
    ) {
        let pool = HashPool::new(1, wait);
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let (started, running) = oneshot::channel::<()>();
        let job = {
            let pool = pool.clone();
            tokio::spawn(async move {
                pool.run(move || {
                    let _ = started.send(());
                    let _ = hold.recv();
                })
                .await
            })
        };
        running.await.unwrap();
        (pool, release, job)
    }

    #[tokio::test]
    async fn work_beyond_the_pool_and_its_wait_is_answered_busy() {
        let (pool, release, first) = busy_pool(Duration::from_millis(50)).await;
        let second = pool.run(|| ()).await;
        assert_eq!(
            second.unwrap_err().code,
            crate::error::ErrorCode::Unavailable
        );
        release.send(()).unwrap();
        first.await.unwrap().unwrap();
        assert!(pool.run(|| 7).await.is_ok_and(|n| n == 7));
    }

    #[tokio::test]
    async fn past_the_ceiling_of_waiters_a_request_is_answered_busy_at_once() {
        let (pool, release, running) = busy_pool(Duration::from_secs(30)).await;
        // The thread is busy; its waiters fill the ceiling.
        let waiting: Vec<_> = (0..WAITERS_PER_THREAD)
            .map(|_| {
                let pool = pool.clone();
                tokio::spawn(async move { pool.run(|| ()).await })
            })
            .collect();
        while pool.waiters.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        let started = std::time::Instant::now();
        let refused = pool.run(|| ()).await.unwrap_err();
        assert_eq!(refused.code, crate::error::ErrorCode::Unavailable);
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "answered at once"
        );
        release.send(()).unwrap();
        running.await.unwrap().unwrap();
        for waiter in waiting {
            waiter.await.unwrap().unwrap();
        }
    }
}
