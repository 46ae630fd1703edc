//! Where a link points: a file of the output (and a fragment), an external
//! URL, or nowhere the checker looks (`mailto:`, `data:` …).

use unicode_normalization::UnicodeNormalization;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A path in the output (no leading `/`; `` or `dir/` for a folder) and
    /// the fragment, percent-decoded.
    Internal { path: String, fragment: Option<String> },
    /// An http(s) URL outside the site (without its fragment).
    External(String),
    /// Not checked: another scheme, or an empty link.
    Skip,
    /// A link that can never resolve, and why.
    Outside(String),
}

/// Resolves `url` found in the output file `from` (a path in the output)
/// of a site published at `base_url`, whose path part is `root_path`.
pub fn resolve(url: &str, from: &str, base_url: &str, root_path: &str) -> Target {
    let url = url.trim();
    if url.is_empty() {
        return Target::Skip;
    }
    let (rest, fragment) = match url.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (url, None),
    };
    let rest = rest.split_once('?').map_or(rest, |(r, _)| r);
    let fragment = fragment.map(percent_decode).filter(|f| !f.is_empty());
    if let Some(local) = url.strip_prefix(base_url) {
        let local = local.split(['?', '#']).next().unwrap_or("");
        return internal(&format!("{root_path}{local}"), "", root_path, fragment);
    }
    if url.starts_with("//") {
        let scheme = base_url.split_once(':').map_or("https", |(s, _)| s);
        return Target::External(format!("{scheme}:{}", url.split('#').next().unwrap_or(url)));
    }
    if let Some((scheme, _)) = url.split_once(':')
        && !scheme.is_empty()
        && scheme
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
        && scheme.as_bytes()[0].is_ascii_alphabetic()
    {
        return match scheme.to_ascii_lowercase().as_str() {
            "http" | "https" => Target::External(url.split('#').next().unwrap_or(url).to_owned()),
            _ => Target::Skip,
        };
    }
    if rest.is_empty() {
        // `#frag` or `?q`: this page.
        return Target::Internal {
            path: page_path(from),
            fragment,
        };
    }
    let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    let base = if dir.is_empty() {
        root_path.to_owned()
    } else {
        format!("{root_path}{dir}/")
    };
    internal(rest, &base, root_path, fragment)
}

/// The site path of the page in output file `file` (`a/index.html` → `a/`).
fn page_path(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => dir.to_owned(),
        _ => file.to_owned(),
    }
}

fn internal(path: &str, base: &str, root_path: &str, fragment: Option<String>) -> Target {
    let joined = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("{base}{path}")
    };
    let decoded = percent_decode(&joined);
    // Normalise `.` and `..`; a `..` above the host's root is broken.
    let mut parts: Vec<&str> = Vec::new();
    let trailing = decoded.ends_with('/') || decoded.ends_with("/.") || decoded.ends_with("/..");
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Target::Outside(format!("`{path}` goes above the web server's root"));
                }
            }
            s => parts.push(s),
        }
    }
    let mut abs = format!("/{}", parts.join("/"));
    if trailing && !parts.is_empty() {
        abs.push('/');
    }
    let Some(local) = abs
        .strip_prefix(root_path)
        .or_else(|| (abs.clone() + "/").strip_prefix(root_path).map(|_| ""))
    else {
        return Target::Outside(format!(
            "`{abs}` is outside the site, which is published under `{root_path}` (base_url)"
        ));
    };
    Target::Internal {
        path: local.to_owned(),
        fragment,
    }
}

/// `%XX` escapes decoded (as UTF-8; a bad sequence is kept as U+FFFD), then NFC.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.nfc().collect();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).nfc().collect()
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(path: &str, fragment: Option<&str>) -> Target {
        Target::Internal {
            path: path.into(),
            fragment: fragment.map(Into::into),
        }
    }

    #[test]
    fn resolves_against_the_page_and_the_base_path() {
        let r = |u: &str| resolve(u, "tin-tuc/a/index.html", "https://h/portal/", "/portal/");
        assert_eq!(r("../b/"), int("tin-tuc/b/", None));
        assert_eq!(r("/portal/x.css?v=1"), int("x.css", None));
        assert_eq!(r("/portal"), int("", None));
        assert_eq!(r("#fn-1"), int("tin-tuc/a/", Some("fn-1")));
        assert_eq!(r("https://h/portal/don-vi/#c%E1%BA%A5p"), int("don-vi/", Some("cấp")));
        assert_eq!(r("https://other/x#y"), Target::External("https://other/x".into()));
        assert_eq!(r("//cdn/x"), Target::External("https://cdn/x".into()));
        assert_eq!(r("mailto:a@b"), Target::Skip);
        assert_eq!(r("data:image/png;base64,xx"), Target::Skip);
        assert!(matches!(r("/other/"), Target::Outside(_)));
        assert!(matches!(r("../../../../x"), Target::Outside(_)));
        assert_eq!(r("t%E1%BA%BFt.pdf"), int("tin-tuc/a/tết.pdf", None));
        let css = resolve("../img/x.png", "assets/style.css", "https://h/", "/");
        assert_eq!(css, int("img/x.png", None));
    }
}
