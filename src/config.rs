//! site.yaml: the site's settings.

use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::text::Lang;
use crate::yaml::{self, Ctx};

pub const FILE: &str = "site.yaml";
const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "paginate",
    "notice",
    "extra",
    "check",
    "compress",
];

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute, always ending with `/`.
    pub base_url: String,
    pub language: Lang,
    pub theme: String,
    pub paginate: usize,
    pub notice: Option<String>,
    pub extra: serde_json::Value,
    /// `check:`: settings of `bangvang check --external`.
    pub check: Check,
    /// `compress:`: precompressed copies of text files, if any.
    pub compress: Compress,
}

/// `check: {skip: [...], timeout: 10}`: URL prefixes `check --external`
/// does not fetch, and how long it waits for one answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub skip: Vec<String>,
    pub timeout: std::time::Duration,
}

impl Default for Check {
    fn default() -> Check {
        Check {
            skip: Vec::new(),
            timeout: std::time::Duration::from_secs(10),
        }
    }
}

/// `compress: {gzip: true, brotli: true, min_size: 1024}`: a `.gz` and a
/// `.br` beside every text file of at least `min_size` bytes. Off unless
/// site.yaml turns it on (a server must be set up to serve them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Compress {
    pub gzip: bool,
    pub brotli: bool,
    pub min_size: usize,
}

impl Compress {
    pub fn any(&self) -> bool {
        self.gzip || self.brotli
    }
}

impl Config {
    /// The path part of base_url, the prefix of every internal link: `/` or `/portal/`.
    pub fn root_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }
}

/// Decodes site.yaml; `text` is the file's normalised text.
pub fn parse(text: &Arc<str>) -> Result<Config, Vec<Diagnostic>> {
    let root = yaml::parse(text, FILE, 0, 0).map_err(|d| vec![d])?;
    let mut ctx = Ctx::new(FILE);
    let config = decode(&root, &mut ctx);
    match config {
        Some(c) if ctx.diags.iter().all(|d| !d.is_error()) => Ok(c),
        _ => Err(ctx.diags),
    }
}

fn decode(root: &yaml::Node, ctx: &mut Ctx) -> Option<Config> {
    let m = ctx.map(root, "site.yaml", KEYS)?;
    let title = m
        .require(ctx, "title", "site.yaml")
        .and_then(|n| ctx.nonempty(n, "title"));
    let description = m
        .get("description")
        .and_then(|n| ctx.string(n, "description"))
        .unwrap_or_default();
    let base_url = m.require(ctx, "base_url", "site.yaml").and_then(|n| {
        let s = ctx.nonempty(n, "base_url")?;
        match normalize_base_url(&s) {
            Ok(u) => Some(u),
            Err(why) => {
                ctx.error(
                    n.loc,
                    why,
                    Some("write it like https://thidua.example.vn/ or https://host/portal/".into()),
                );
                None
            }
        }
    });
    let language = match m.get("language") {
        None => Some(Lang::Vi),
        Some(n) => {
            let s = ctx.string(n, "language")?;
            let lang = Lang::parse(s.trim());
            if lang.is_none() {
                ctx.error(n.loc, format!("unknown language `{s}`"), Some("use vi or en".into()));
            }
            lang
        }
    };
    let theme = match m.get("theme") {
        None => Some("default".to_owned()),
        Some(n) => ctx.nonempty(n, "theme").and_then(|s| {
            if is_safe_name(&s) {
                Some(s)
            } else {
                ctx.error(
                    n.loc,
                    format!("theme name `{s}` is not a folder name"),
                    Some("use letters, digits, - and _ only: it names themes/<theme>/".into()),
                );
                None
            }
        }),
    };
    let paginate = match m.get("paginate") {
        None => Some(20),
        Some(n) => ctx.int(n, "paginate", 1, 10_000).map(|v| v as usize),
    };
    let notice = m
        .get("notice")
        .and_then(|n| ctx.string(n, "notice"))
        .filter(|s| !s.trim().is_empty());
    // Not `?`: the other keys are still checked when `extra` is wrong.
    let extra = match m.get("extra") {
        None => Some(serde_json::Value::Object(Default::default())),
        Some(n) => ctx.map(n, "`extra`", &[]).map(|_| n.to_json()),
    };
    let check = match m.get("check") {
        None => Some(Check::default()),
        Some(n) => decode_check(n, ctx),
    };
    let compress = match m.get("compress") {
        None => Some(Compress::default()),
        Some(n) => decode_compress(n, ctx),
    };
    m.finish(ctx, "site.yaml");
    Some(Config {
        title: title?,
        description,
        base_url: base_url?,
        language: language?,
        theme: theme?,
        paginate: paginate?,
        notice,
        extra: extra?,
        check: check?,
        compress: compress?,
    })
}

fn decode_check(n: &yaml::Node, ctx: &mut Ctx) -> Option<Check> {
    let m = ctx.map(n, "`check`", &["skip", "timeout"])?;
    let skip = match m.get("skip") {
        None => Some(Vec::new()),
        Some(list) => ctx
            .strings(list, "skip")
            .map(|v| v.into_iter().map(|(s, _)| s).collect()),
    };
    let timeout = m.get("timeout").map_or(Some(Check::default().timeout), |v| {
        ctx.int(v, "timeout", 1, 300)
            .map(|s| std::time::Duration::from_secs(s as u64))
    });
    m.finish(ctx, "`check`");
    Some(Check {
        skip: skip?,
        timeout: timeout?,
    })
}

fn decode_compress(n: &yaml::Node, ctx: &mut Ctx) -> Option<Compress> {
    let m = ctx.map(n, "`compress`", &["gzip", "brotli", "min_size"])?;
    let gzip = m.get("gzip").map_or(Some(true), |v| ctx.bool(v, "gzip"));
    let brotli = m.get("brotli").map_or(Some(true), |v| ctx.bool(v, "brotli"));
    let min_size = m
        .get("min_size")
        .map_or(Some(1024), |v| ctx.int(v, "min_size", 0, 1 << 30))
        .map(|v| v as usize);
    m.finish(ctx, "`compress`");
    Some(Compress {
        gzip: gzip?,
        brotli: brotli?,
        min_size: min_size?,
    })
}

/// Checks and normalises a base URL: http(s), a host, no query or fragment, a trailing `/`.
pub fn normalize_base_url(s: &str) -> Result<String, String> {
    let s = s.trim();
    let Some((scheme, rest)) = s.split_once("://") else {
        return Err(format!("base_url `{s}` must start with https:// or http://"));
    };
    if scheme != "https" && scheme != "http" {
        return Err(format!("base_url `{s}` must start with https:// or http://"));
    }
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || s.contains(['?', '#', ' ', '"', '<', '>', '\\']) {
        return Err(format!("base_url `{s}` is not a plain web address"));
    }
    let mut out = s.to_owned();
    if !out.ends_with('/') {
        out.push('/');
    }
    Ok(out)
}

pub fn is_safe_name(s: &str) -> bool {
    !s.is_empty() && s.len() <= 100 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Config, Vec<Diagnostic>> {
        parse(&Arc::from(s))
    }

    #[test]
    fn defaults_and_root_path() {
        let c = p("title: T\nbase_url: https://host/portal\n").unwrap();
        assert_eq!(c.base_url, "https://host/portal/");
        assert_eq!(c.root_path(), "/portal/");
        assert_eq!((c.language, c.theme.as_str(), c.paginate), (Lang::Vi, "default", 20));
        let c = p("title: T\nbase_url: http://h\n").unwrap();
        assert_eq!(c.root_path(), "/");
    }

    #[test]
    fn a_wrong_extra_does_not_hide_the_other_keys() {
        let errs = p("title: T\nbase_url: https://h/\nextra: 5\ntheem: x\n").unwrap_err();
        let msgs: Vec<_> = errs.iter().map(|d| d.one_line()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs[1].contains("did you mean `theme`?"), "{msgs:?}");
    }

    #[test]
    fn reports_every_problem() {
        let errs = p("titel: T\nbase_url: ftp://x\nlanguage: fr\npaginate: 0\n").unwrap_err();
        let msgs: Vec<_> = errs.iter().map(|d| d.one_line()).collect();
        assert!(msgs.iter().any(|m| m.contains("needs `title`")), "{msgs:?}");
        assert!(
            msgs.iter()
                .any(|m| m.contains("site.yaml:2:11") && m.contains("https://")),
            "{msgs:?}"
        );
        assert!(msgs.iter().any(|m| m.contains("unknown language `fr`")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("`paginate`")), "{msgs:?}");
        assert!(
            msgs.iter()
                .any(|m| m.contains("site.yaml:1:1") && m.contains("did you mean `title`")),
            "{msgs:?}"
        );
    }
}
