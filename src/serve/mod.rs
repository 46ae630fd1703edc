//! `bangvang serve`: live preview. The site is built into a temporary folder
//! with base_url pointed at the dev server, served over HTTP, and rebuilt when
//! a source file changes; every open page then reloads (or shows the errors)
//! through Server-Sent Events.
//!
//! Threads: the HTTP server runs on a single-threaded tokio runtime (a preview
//! has a handful of clients); watching and rebuilding run on one plain thread,
//! because a build is blocking, CPU-bound work (rayon) and the [`Rebuilder`]
//! needs `&mut self`. The two meet in [`reload::Hub`], a watch channel holding
//! the latest build state.
//!
//! The rebuild itself is behind [`Rebuilder`] (implemented by
//! `incremental::Incremental`), so the server and the watcher know nothing of
//! how a site is built.

pub mod reload;
pub mod server;
pub mod watch;

use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use crate::build::BuildOptions;
use crate::diag;
use crate::site::LoadOptions;

use reload::Hub;

/// What one rebuild produced, as the terminal and the open pages show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The output folder now holds a complete site of this build. When false,
    /// nothing was written and the last good site is still being served.
    pub ok: bool,
    /// The rendered diagnostics (`diag::render_all`), exactly the text the
    /// terminal shows; may hold warnings when `ok`. Shown in the pages'
    /// overlay when the build failed.
    pub diagnostics: String,
    /// One line for the log: what changed, what was redone, how long it took,
    /// e.g. "changed content/tin-tuc/x.md; rendered 12 files, wrote 3 in 18 ms".
    pub summary: String,
}

/// The seam between watching and building: called once at start (with no
/// changed paths) and then once per settled batch of changes, with the
/// absolute paths of the files and folders that were created, changed,
/// removed or renamed (both names of a rename). Implementations write the site
/// into the output folder they were made with and must write nothing when the
/// build fails.
pub trait Rebuilder {
    fn rebuild(&mut self, changed: &[PathBuf]) -> Outcome;
}

/// Any `FnMut(&[PathBuf]) -> Outcome` is a rebuilder (handy for tests and
/// experiments).
impl<F: FnMut(&[PathBuf]) -> Outcome> Rebuilder for F {
    fn rebuild(&mut self, changed: &[PathBuf]) -> Outcome {
        self(changed)
    }
}

/// The rebuilder `serve` uses: the site stays loaded and a change redoes
/// only what it affects (see `incremental`).
impl Rebuilder for crate::incremental::Incremental {
    fn rebuild(&mut self, changed: &[PathBuf]) -> Outcome {
        let r = crate::incremental::Incremental::rebuild(self, changed);
        let what = describe_changes(self.root(), changed);
        let ms = r.millis;
        let diagnostics = diag::render_all(&r.diags, &r.sources);
        match &r.stats {
            Some(s) if r.ok() => Outcome {
                ok: true,
                diagnostics,
                summary: format!(
                    "{what}; {}, wrote {}, removed {} in {ms} ms",
                    r.work, s.written, s.removed
                ),
            },
            _ => {
                let n = r.diags.error_count();
                Outcome {
                    ok: false,
                    diagnostics,
                    summary: format!(
                        "{what}; build failed with {n} error{} in {ms} ms; still serving the last good site",
                        if n == 1 { "" } else { "s" }
                    ),
                }
            }
        }
    }
}

/// "initial build", "changed content/a.md" or "changed a, b, c and 4 more",
/// with paths relative to the site root: the start of every log line.
pub fn describe_changes(root: &Path, changed: &[PathBuf]) -> String {
    const SHOWN: usize = 3;
    if changed.is_empty() {
        return "initial build".to_owned();
    }
    let names: Vec<String> = changed
        .iter()
        .take(SHOWN)
        .map(|p| diag::display_path(root, p))
        .collect();
    let mut s = format!("changed {}", names.join(", "));
    if changed.len() > SHOWN {
        s.push_str(&format!(" and {} more", changed.len() - SHOWN));
    }
    s
}

#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    pub drafts: bool,
    /// The build moment (`--now` or SOURCE_DATE_EPOCH); `None` for the
    /// clock, read again at every rebuild.
    pub now: Option<jiff::Timestamp>,
}

/// `bangvang serve` with the incremental rebuilder. Returns the exit code.
pub fn run(opts: &ServeOptions) -> i32 {
    run_with(opts, crate::incremental::Incremental::new)
}

/// Serves with the rebuilder that `make` returns for the build options chosen
/// here (root, temporary output folder, base_url of the dev server, drafts).
pub fn run_with<R, F>(opts: &ServeOptions, make: F) -> i32
where
    R: Rebuilder + Send + 'static,
    F: FnOnce(BuildOptions) -> R,
{
    let root = match std::fs::canonicalize(&opts.root) {
        Ok(r) if r.is_dir() => r,
        Ok(_) => return fail(&format!("{} is not a folder", opts.root.display())),
        Err(e) => return fail(&format!("cannot open the site folder {}: {e}", opts.root.display())),
    };
    // Under the system temp dir rather than ROOT: nothing to add to
    // .gitignore, nothing for the watcher to see, and TempDir removes it when
    // dropped (on Ctrl-C too, since we return instead of exiting).
    let out = match tempfile::Builder::new().prefix("bangvang-serve-").tempdir() {
        Ok(d) => d,
        Err(e) => return fail(&format!("cannot create a temporary output folder: {e}")),
    };
    // The site in one folder, the cache folder (manifest, staging files)
    // beside it: on the same file system, and never served.
    let (site_out, cache) = (out.path().join("site"), out.path().join("cache"));
    if let Err(e) = std::fs::create_dir(&site_out) {
        return fail(&format!("cannot create a temporary output folder: {e}"));
    }
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return fail(&format!("cannot start the server runtime: {e}")),
    };
    let code = runtime.block_on(serve(opts, root, &site_out, cache, make));
    // Blocking tasks (file reads) are short; do not wait on a stuck one.
    runtime.shutdown_timeout(Duration::from_secs(1));
    let shown = out.path().display().to_string();
    match out.close() {
        // Quiet on errors: their one line should stay the only one.
        Ok(()) if code == 0 => println!("stopped; removed {shown}"),
        Ok(()) => {}
        Err(e) => eprintln!("warning: could not remove the temporary output {shown}: {e}"),
    }
    code
}

async fn serve<R, F>(opts: &ServeOptions, root: PathBuf, out: &Path, cache: PathBuf, make: F) -> i32
where
    R: Rebuilder + Send + 'static,
    F: FnOnce(BuildOptions) -> R,
{
    // Registered first so a Ctrl-C during the first build still ends here,
    // with the temporary folder removed.
    let mut stop = match shutdown_signal() {
        Ok(s) => s,
        Err(e) => return fail(&format!("cannot listen for Ctrl-C: {e}")),
    };
    let addr = SocketAddr::new(opts.bind, opts.port);
    // Bound before the first build so a taken port fails at once.
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => return fail(&bind_error(&addr, &e)),
    };
    if let Some(w) = exposure_warning(opts.bind) {
        eprintln!("{w}");
    }
    let url = site_url(addr);

    let mut bopts = BuildOptions::new(&root);
    bopts.output = out.to_path_buf();
    bopts.cache = Some(cache);
    bopts.load = LoadOptions {
        drafts: opts.drafts,
        base_url: Some(url.clone()),
        now: opts.now,
    };
    let mut rebuilder = make(bopts);

    let hub = Arc::new(Hub::new());
    // Watching starts before the first build so edits made during it are not lost.
    let watcher = match watch::Watcher::start(&root, &[out.to_path_buf()]) {
        Ok(w) => w,
        Err(e) => return fail(&format!("cannot watch {}: {e}", root.display())),
    };
    let first = guarded(&mut rebuilder, &[]);
    if !first.ok && !root.join(crate::config::FILE).is_file() {
        // Not a site at all (the diagnostics say so): nothing to preview.
        eprint!("{}", first.diagnostics);
        return 1;
    }
    log(&first);
    hub.publish(&first);

    let stop_watch = watcher.stopper();
    let loop_hub = Arc::clone(&hub);
    let rebuild_loop = std::thread::Builder::new()
        .name("bangvang-watch".into())
        .spawn(move || {
            let mut watcher = watcher;
            while let Some(changed) = watcher.next_batch() {
                let outcome = guarded(&mut rebuilder, &changed);
                log(&outcome);
                loop_hub.publish(&outcome);
            }
        });
    let rebuild_loop = match rebuild_loop {
        Ok(h) => h,
        Err(e) => return fail(&format!("cannot start the watcher thread: {e}")),
    };

    let out_canonical = std::fs::canonicalize(out).unwrap_or_else(|_| out.to_path_buf());
    let app = server::router(server::AppState::new(out_canonical, Arc::clone(&hub)));
    let shutdown = Arc::new(tokio::sync::Notify::new());
    let graceful = Arc::clone(&shutdown);
    let mut http = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move { graceful.notified().await })
            .await
    });
    println!(
        "serving {url} (output in {}, removed on exit; Ctrl-C to stop)",
        out.display()
    );
    if opts.open {
        open_browser(&url);
    }

    let code = tokio::select! {
        () = &mut stop => 0,
        res = &mut http => {
            match res {
                Ok(Ok(())) => 0,
                Ok(Err(e)) => fail(&format!("the server stopped: {e}")),
                Err(e) => fail(&format!("the server stopped: {e}")),
            }
        }
    };
    // End the SSE streams first: graceful shutdown waits for open connections.
    hub.close();
    shutdown.notify_one();
    if !http.is_finished() && tokio::time::timeout(Duration::from_secs(3), &mut http).await.is_err() {
        http.abort();
    }
    stop_watch.stop();
    // A build in progress finishes before the output folder is removed.
    let _ = tokio::task::spawn_blocking(move || rebuild_loop.join()).await;
    code
}

/// A panicking build is a bug, but it must not silently end live reload:
/// it becomes a failed build that the terminal and the pages show.
fn guarded<R: Rebuilder>(rebuilder: &mut R, changed: &[PathBuf]) -> Outcome {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| rebuilder.rebuild(changed))).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Outcome {
            ok: false,
            diagnostics: format!(
                "internal error: the build panicked: {why}\nthis is a bug in bangvang; please report it\n"
            ),
            summary: "build panicked; still serving the last good site".to_owned(),
        }
    })
}

fn log(o: &Outcome) {
    eprint!("{}", o.diagnostics);
    let now = jiff::Zoned::now().strftime("%H:%M:%S").to_string();
    println!("[{now}] {}", o.summary);
}

fn fail(msg: &str) -> i32 {
    eprintln!("error: {msg}");
    1
}

/// One line a person can act on; "in use" is by far the most common.
pub fn bind_error(addr: &SocketAddr, e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::AddrInUse => format!("port {} is in use; pass --port N", addr.port()),
        io::ErrorKind::PermissionDenied => {
            format!("not allowed to listen on {addr} (ports below 1024 need privileges); pass --port N")
        }
        io::ErrorKind::AddrNotAvailable => format!("{} is not an address of this machine; pass --bind", addr.ip()),
        _ => format!("cannot listen on {addr}: {e}"),
    }
}

/// A preview is meant for the author: say so when others can reach it.
pub fn exposure_warning(bind: IpAddr) -> Option<String> {
    (!bind.is_loopback())
        .then(|| format!("warning: listening on {bind}: the preview is reachable from other machines on the network"))
}

/// The address pages are served at and the base_url they are built with.
/// An unspecified bind (0.0.0.0, ::) is not an address a browser can open
/// everywhere, so links and --open use loopback then.
pub fn site_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

type StopSignal = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Ctrl-C, and on Unix also SIGTERM (what `kill` and service managers send),
/// so both remove the temporary output.
fn shutdown_signal() -> io::Result<StopSignal> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut int = signal(SignalKind::interrupt())?;
        let mut term = signal(SignalKind::terminate())?;
        Ok(Box::pin(async move {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
        }))
    }
    #[cfg(not(unix))]
    {
        Ok(Box::pin(async {
            let _ = tokio::signal::ctrl_c().await;
        }))
    }
}

/// Failing to open a browser is only a warning: the URL is printed anyway.
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let program = cmd.get_program().to_string_lossy().into_owned();
    match cmd.spawn() {
        Ok(mut child) => {
            // Reap it off the main path; report a failure exit as a warning.
            let url = url.to_owned();
            std::thread::spawn(move || {
                if let Ok(s) = child.wait()
                    && !s.success()
                {
                    eprintln!("warning: {program} could not open a browser ({s}); open {url} yourself");
                }
            });
        }
        Err(e) => eprintln!("warning: could not open a browser ({program}: {e}); open {url} yourself"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_changes_lists_a_few_relative_paths() {
        let root = Path::new("/site");
        assert_eq!(describe_changes(root, &[]), "initial build");
        assert_eq!(
            describe_changes(root, &[root.join("content/tin-tuc/x.md")]),
            "changed content/tin-tuc/x.md"
        );
        let many: Vec<PathBuf> = (0..5).map(|i| root.join(format!("data/{i}.yaml"))).collect();
        assert_eq!(
            describe_changes(root, &many),
            "changed data/0.yaml, data/1.yaml, data/2.yaml and 2 more"
        );
    }

    #[test]
    fn port_in_use_is_one_clear_line() {
        let addr: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        let e = io::Error::from(io::ErrorKind::AddrInUse);
        assert_eq!(bind_error(&addr, &e), "port 1111 is in use; pass --port N");
    }

    #[test]
    fn only_non_loopback_binds_warn() {
        assert!(exposure_warning("127.0.0.1".parse().unwrap()).is_none());
        assert!(exposure_warning("::1".parse().unwrap()).is_none());
        let w = exposure_warning("0.0.0.0".parse().unwrap()).unwrap();
        assert!(w.contains("reachable from other machines"), "{w}");
    }

    #[test]
    fn site_url_uses_loopback_for_unspecified_binds() {
        assert_eq!(site_url("127.0.0.1:1111".parse().unwrap()), "http://127.0.0.1:1111/");
        assert_eq!(site_url("0.0.0.0:8080".parse().unwrap()), "http://127.0.0.1:8080/");
        assert_eq!(site_url("[::]:1111".parse().unwrap()), "http://[::1]:1111/");
    }

    #[test]
    fn a_panicking_build_becomes_a_failed_outcome() {
        let mut r = |_: &[PathBuf]| -> Outcome { panic!("boom") };
        let o = guarded(&mut r, &[]);
        assert!(!o.ok);
        assert!(o.diagnostics.contains("boom"), "{}", o.diagnostics);
    }

    #[test]
    fn closures_are_rebuilders() {
        let mut calls = 0;
        let mut r = |changed: &[PathBuf]| {
            calls += 1;
            Outcome {
                ok: true,
                diagnostics: String::new(),
                summary: describe_changes(Path::new("/"), changed),
            }
        };
        assert_eq!(Rebuilder::rebuild(&mut r, &[]).summary, "initial build");
        assert_eq!(calls, 1);
    }
}
