//! Live reload: the hub that holds the latest build state, the Server-Sent
//! Events stream every open page listens to, and the small script (with the
//! error overlay) injected into HTML responses of the dev server only.
//!
//! Events on `/__bangvang/events`, each with one line of JSON as data:
//! - `hello` {generation}: sent on connect while the site is good; a page
//!   built by another generation (it connected late) reloads.
//! - `reload` {generation}: a build succeeded; pages reload.
//! - `build-error` {generation, text}: a build failed; pages show `text` (the
//!   terminal's diagnostics) in an overlay. Sent on connect too while broken.
//!   Not named `error`: EventSource fires `error` for lost connections.

use std::convert::Infallible;
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use tokio::sync::watch;

use super::Outcome;

pub const EVENTS_PATH: &str = "/__bangvang/events";
pub const SCRIPT_PATH: &str = "/__bangvang/reload.js";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    /// Counts successful builds: what the served files correspond to.
    pub generation: u64,
    /// The diagnostics of the last build when it failed.
    pub error: Option<String>,
    /// The server is stopping: streams end so graceful shutdown can finish.
    pub closed: bool,
}

/// Shared by the rebuild thread (publishing) and every SSE stream. A watch
/// channel fits: a page needs only the latest state, never the history.
pub struct Hub {
    tx: watch::Sender<State>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub::new()
    }
}

impl Hub {
    pub fn new() -> Hub {
        Hub {
            tx: watch::Sender::new(State::default()),
        }
    }

    /// Callable from any thread; needs no runtime.
    pub fn publish(&self, o: &Outcome) {
        self.tx.send_modify(|s| {
            if o.ok {
                s.generation += 1;
                s.error = None;
            } else {
                let text = if o.diagnostics.trim().is_empty() {
                    &o.summary
                } else {
                    &o.diagnostics
                };
                s.error = Some(text.clone());
            }
        });
    }

    pub fn close(&self) {
        self.tx.send_modify(|s| s.closed = true);
    }

    pub fn state(&self) -> State {
        self.tx.borrow().clone()
    }

    pub fn subscribe(&self) -> watch::Receiver<State> {
        self.tx.subscribe()
    }
}

/// The event for the current state: `first` on connect, else after a change.
pub fn event_for(state: &State, first: bool) -> Event {
    let (name, data) = match &state.error {
        Some(text) => (
            "build-error",
            serde_json::json!({ "generation": state.generation, "text": text }),
        ),
        None => (
            if first { "hello" } else { "reload" },
            serde_json::json!({ "generation": state.generation }),
        ),
    };
    // serde_json escapes newlines, so the data is always one SSE line.
    let ev = Event::default().event(name).data(data.to_string());
    if first {
        ev.retry(Duration::from_millis(1000))
    } else {
        ev
    }
}

/// The stream for one page: the current state at once, then every change,
/// until the hub closes.
pub fn stream(rx: watch::Receiver<State>) -> impl Stream<Item = Result<Event, Infallible>> + Send + 'static {
    futures_util::stream::unfold((rx, true), |(mut rx, first)| async move {
        if !first && rx.changed().await.is_err() {
            return None;
        }
        let state = rx.borrow_and_update().clone();
        if state.closed {
            return None;
        }
        Some((Ok(event_for(&state, first)), (rx, false)))
    })
}

pub fn sse(rx: watch::Receiver<State>) -> Sse<impl Stream<Item = Result<Event, Infallible>> + Send + 'static> {
    Sse::new(stream(rx)).keep_alive(KeepAlive::default())
}

/// The tag injected into served HTML: the generation the page was served at
/// travels with it, so a page that missed a reload catches up on connect.
pub fn script_tag(generation: u64) -> String {
    format!("<script src=\"{SCRIPT_PATH}\" data-generation=\"{generation}\"></script>")
}

/// Inserts the reload script before the last `</body>` (any case), or at the
/// end when there is none. Only the dev server calls this; files on disk are
/// never changed.
pub fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let tag = script_tag(generation);
    let at = rfind_ascii_ci(html, b"</body").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The page side. The overlay is built with textContent only: the message is
/// author text (file contents in snippets) and must never become markup.
pub const SCRIPT: &str = r#"(() => {
  "use strict";
  const me = document.currentScript;
  const pageGeneration = Number(me && me.dataset.generation);
  const ID = "__bangvang-overlay";

  function hide() {
    const old = document.getElementById(ID);
    if (old) old.remove();
  }

  function show(text) {
    hide();
    const box = document.createElement("div");
    box.id = ID;
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;box-sizing:border-box;" +
      "padding:24px;background:rgba(24,24,27,.96);color:#f4f4f5;text-align:left;" +
      "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,'DejaVu Sans Mono',monospace;";
    const head = document.createElement("div");
    head.style.cssText = "display:flex;gap:16px;align-items:baseline;justify-content:space-between;" +
      "font-weight:bold;color:#fca5a5;margin-bottom:12px;";
    const title = document.createElement("span");
    title.textContent = "bangvang: the site has errors; this page shows the last good build";
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.title = "Hide until the next build";
    close.style.cssText = "font:inherit;font-size:20px;line-height:1;padding:2px 10px;cursor:pointer;" +
      "background:#3f3f46;color:#f4f4f5;border:1px solid #71717a;border-radius:4px;";
    close.addEventListener("click", hide);
    head.append(title, close);
    const pre = document.createElement("pre");
    pre.style.cssText = "margin:0;white-space:pre-wrap;word-break:break-word;font:inherit;color:inherit;background:none;";
    pre.textContent = text;
    box.append(head, pre);
    document.documentElement.appendChild(box);
  }

  function parse(e) {
    try { return JSON.parse(e.data); } catch (_) { return null; }
  }

  const source = new EventSource("/__bangvang/events");
  source.addEventListener("hello", (e) => {
    const d = parse(e);
    if (d && d.generation !== pageGeneration) location.reload(); else hide();
  });
  source.addEventListener("reload", () => { hide(); location.reload(); });
  source.addEventListener("build-error", (e) => {
    const d = parse(e);
    if (d && typeof d.text === "string") show(d.text);
  });
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(ok: bool, diagnostics: &str) -> Outcome {
        Outcome {
            ok,
            diagnostics: diagnostics.into(),
            summary: "s".into(),
        }
    }

    #[test]
    fn injects_before_the_last_body_end_tag() {
        let out = inject(b"<html><body><p>a</p></BODY></html>", 3);
        let s = String::from_utf8(out).unwrap();
        assert_eq!(
            s,
            "<html><body><p>a</p><script src=\"/__bangvang/reload.js\" data-generation=\"3\"></script></BODY></html>"
        );
        let s = String::from_utf8(inject(b"<p>fragment", 1)).unwrap();
        assert!(s.starts_with("<p>fragment<script "), "{s}");
        assert!(s.ends_with("</script>"), "{s}");
    }

    #[test]
    fn hub_counts_good_builds_and_keeps_the_error() {
        let hub = Hub::new();
        hub.publish(&outcome(true, ""));
        hub.publish(&outcome(false, "error: content/a.md:4:1: bad\n"));
        let s = hub.state();
        assert_eq!(
            (s.generation, s.error.as_deref()),
            (1, Some("error: content/a.md:4:1: bad\n"))
        );
        hub.publish(&outcome(true, ""));
        assert_eq!(
            hub.state(),
            State {
                generation: 2,
                error: None,
                closed: false
            }
        );
    }

    #[test]
    fn the_overlay_never_uses_inner_html() {
        assert!(!SCRIPT.contains("innerHTML") && !SCRIPT.contains("insertAdjacentHTML"));
        assert!(SCRIPT.contains("pre.textContent = text"));
        assert!(SCRIPT.contains(EVENTS_PATH));
    }
}
