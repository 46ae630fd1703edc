//! `check --external`: every http(s) link outside the site is fetched
//! (HEAD, then GET when a server refuses HEAD), at most `CONCURRENCY` at a
//! time and `PER_HOST` per host, each within site.yaml's `check.timeout`
//! (a server that does not answer a `HEAD` in time is not asked again with
//! `GET`, nor about its other links: a host that is down costs one timeout
//! per lane, not one per link). Links that answered
//! well in the last `MAX_AGE` are taken from the cache file in the site's
//! cache folder and not fetched again; failures are always fetched again.
//!
//! The client is ureq (blocking, rustls with ring: no OpenSSL headers, no
//! async runtime of its own); threads are plain std threads.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub const CONCURRENCY: usize = 8;
pub const PER_HOST: usize = 2;
pub const MAX_AGE: Duration = Duration::from_secs(24 * 3600);
const CACHE_HEADER: &str = "bangvang external links 1";

/// What became of one external URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// Known good from the cache.
    Cached,
    /// Matched a prefix of `check.skip`.
    Skipped,
    Broken(String),
}

/// The host part of an http(s) URL (what the per-host limit counts).
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// Checks `urls` (deduplicated by the caller). `cache` is the cache file;
/// returns every URL's outcome and a note when the cache could not be saved.
pub fn check(
    urls: &[String],
    settings: &crate::config::Check,
    cache: &Path,
) -> (BTreeMap<String, Outcome>, Option<String>) {
    let skip = &settings.skip;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let mut known = load_cache(cache, now);
    let mut out = BTreeMap::new();
    let mut by_host: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for u in urls {
        if skip.iter().any(|s| u.starts_with(s.as_str())) {
            out.insert(u.clone(), Outcome::Skipped);
        } else if known.contains_key(u.as_str()) {
            out.insert(u.clone(), Outcome::Cached);
        } else {
            by_host.entry(host(u)).or_default().push(u);
        }
    }
    // Each host's URLs in at most PER_HOST lanes, each lane fetched in
    // order by one worker: so no host sees more than PER_HOST requests at
    // once, and no more than CONCURRENCY run in all.
    let mut lanes: Vec<Vec<&str>> = Vec::new();
    for list in by_host.values() {
        let n = list.len().min(PER_HOST);
        for k in 0..n {
            lanes.push(list.iter().skip(k).step_by(n).copied().collect());
        }
    }
    let queue = Mutex::new(lanes);
    let results: Mutex<Vec<(String, Outcome)>> = Mutex::new(Vec::new());
    // Hosts that let a request time out: their other links are not asked,
    // so a server that is down costs one timeout per lane, not per link.
    let silent: Mutex<HashSet<&str>> = Mutex::new(HashSet::new());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(settings.timeout))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!("bangvang-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    std::thread::scope(|s| {
        for _ in 0..CONCURRENCY {
            s.spawn(|| {
                loop {
                    let lane = match queue.lock() {
                        Ok(mut q) => q.pop(),
                        Err(_) => None,
                    };
                    let Some(lane) = lane else { break };
                    for url in lane {
                        let h = host(url);
                        let o = if silent.lock().is_ok_and(|s| s.contains(h)) {
                            Outcome::Broken(format!(
                                "not asked: {h} gave no answer within {} s to another link",
                                settings.timeout.as_secs()
                            ))
                        } else {
                            let (o, timed_out) = fetch(&agent, url, settings.timeout);
                            if timed_out && let Ok(mut s) = silent.lock() {
                                s.insert(h);
                            }
                            o
                        };
                        if let Ok(mut r) = results.lock() {
                            r.push((url.to_owned(), o));
                        }
                    }
                }
            });
        }
    });
    for (url, o) in results.into_inner().unwrap_or_default() {
        if o == Outcome::Ok {
            known.insert(url.clone(), now);
        }
        out.insert(url, o);
    }
    let note = save_cache(cache, &known)
        .err()
        .map(|e| format!("cannot save the link cache {}: {e}", cache.display()));
    (out, note)
}

/// What became of `url`, and whether it timed out.
fn fetch(agent: &ureq::Agent, url: &str, timeout: Duration) -> (Outcome, bool) {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| r.map(|r| r.status().as_u16());
    let mut answer = status(agent.head(url).call());
    // Some servers refuse or mishandle HEAD: ask again with GET (not after
    // a timeout, which would double the wait for a server that is down).
    if matches!(answer, Ok(403 | 404 | 405 | 501)) || matches!(&answer, Err(e) if !matches!(e, ureq::Error::Timeout(_)))
    {
        let get = status(agent.get(url).call());
        if get.is_ok() {
            answer = get;
        }
    }
    match answer {
        Ok(s) if s < 400 => (Outcome::Ok, false),
        Ok(s) => (Outcome::Broken(format!("the server answered HTTP {s}")), false),
        Err(ureq::Error::Timeout(_)) => (
            Outcome::Broken(format!("no answer within {} s", timeout.as_secs())),
            true,
        ),
        Err(e) => (Outcome::Broken(e.to_string()), false),
    }
}

/// URL → when it last answered well, for entries younger than `MAX_AGE`.
fn load_cache(path: &Path, now: u64) -> HashMap<String, u64> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return HashMap::new();
    };
    let mut lines = text.lines();
    if lines.next() != Some(CACHE_HEADER) {
        return HashMap::new();
    }
    lines
        .filter_map(|l| {
            let (t, url) = l.split_once('\t')?;
            let t: u64 = t.parse().ok()?;
            (t <= now && now - t < MAX_AGE.as_secs()).then(|| (url.to_owned(), t))
        })
        .collect()
}

fn save_cache(path: &Path, known: &HashMap<String, u64>) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut entries: Vec<(&String, &u64)> = known.iter().collect();
    entries.sort();
    let mut text = format!("{CACHE_HEADER}\n");
    for (url, t) in entries {
        if !url.contains(['\n', '\t']) {
            text.push_str(&format!("{t}\t{url}\n"));
        }
    }
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, text.as_bytes())?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_an_old_or_foreign_cache_is_ignored() {
        assert_eq!(host("https://a.vn:8080/x?y"), "a.vn:8080");
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("links");
        std::fs::write(
            &f,
            format!(
                "{CACHE_HEADER}\n100\thttps://a/\n{}\thttps://b/\n",
                100 + MAX_AGE.as_secs()
            ),
        )
        .unwrap();
        let now = 101 + MAX_AGE.as_secs() - 1;
        let k = load_cache(&f, now);
        assert!(k.contains_key("https://b/") && !k.contains_key("https://a/"), "{k:?}");
        std::fs::write(&f, "something else\n1\thttps://b/\n").unwrap();
        assert!(load_cache(&f, 2).is_empty());
    }
}
