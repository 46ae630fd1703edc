//! Expanding shortcodes (`crate::shortcodes`) with the site's data and the
//! theme, before each render: the placeholders of every page's HTML are
//! replaced with what its shortcodes show now, and the page records what
//! it read (`Page::deps`, the keys of the seasons shown and of the
//! documents register, whose key covers its files' sizes), which every
//! fingerprint that holds the page whole includes (`engine::Fp::page`). So
//! an edit of a scoring file renders again the articles that show it, in
//! `build` and in `serve`, and nothing else. Units, clusters and
//! documents.yaml are the build's context (`build::context_hash`): a
//! change there renders everything already.

use xxhash_rust::xxh3::Xxh3;

use super::labels::UnitLabels;
use super::results::links::Links;
use super::results::words::pts;
use super::theme::Theme;
use crate::diag::{Diagnostic, Location};
use crate::documents::Found;
use crate::i18n::word;
use crate::refs::{Lookup, Refs};
use crate::scoring::Status;
use crate::shortcodes::{Call, Value, builtins, substitute};
use crate::site::{SeasonResult, Site};
use crate::text::{Lang, nearest};
use crate::urls::Urls;

/// The template of a site-defined shortcode.
pub fn template_of(name: &str) -> String {
    format!("shortcodes/{name}.html")
}

/// Fills in every page's shortcodes; the errors are unknown shortcodes and
/// ids (each at its position), and site shortcodes that fail to render.
pub fn expand(site: &mut Site, theme: &Theme) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut done = Vec::new();
    if site.pages.values().all(|p| p.shortcodes.is_none()) {
        return diags;
    }
    {
        let site: &Site = site;
        let urls = Urls::new(&site.config);
        let labels = UnitLabels::new(&site.units, site.config.language);
        let links = Links::new(site, &urls, &labels);
        let x = Expander {
            site,
            urls: &urls,
            links: &links,
            theme,
            lang: site.config.language,
            cache: Default::default(),
        };
        for (rel, page) in &site.pages {
            let Some(sc) = &page.shortcodes else { continue };
            let mut deps = Xxh3::new();
            let mut outs: Vec<Option<String>> = Vec::with_capacity(sc.calls.len());
            for call in &sc.calls {
                // Shortcodes inside a body come before it.
                let body = call
                    .body
                    .as_deref()
                    .map(|b| substitute(b, &|n| outs.get(n).cloned().flatten()));
                let out = x.cached(call, body.as_deref(), &mut deps);
                outs.push(match out {
                    Ok(html) => Some(html),
                    Err(Some((loc, msg, hint))) => {
                        diags.push(Diagnostic::error(&page.file, Some(loc), msg).with_hint(hint));
                        None
                    }
                    Err(None) => None,
                });
            }
            let html = substitute(&sc.html, &|n| outs.get(n).cloned().flatten());
            done.push((rel.clone(), html, deps.digest()));
        }
    }
    for (rel, html, deps) in done {
        if let Some(p) = site.pages.get_mut(&rel) {
            p.content_html = html;
            p.deps = deps;
        }
    }
    diags
}

/// An error at the shortcode, or `None`: it names what failed to load,
/// which is reported already (one fault, one error).
type Failure = Option<(Location, String, String)>;

struct Expander<'a> {
    site: &'a Site,
    urls: &'a Urls,
    links: &'a Links<'a>,
    theme: &'a Theme,
    lang: Lang,
    cache: std::cell::RefCell<std::collections::HashMap<String, (String, Vec<u64>)>>,
}

impl Expander<'_> {
    /// A call's output, made once per expansion for the same name,
    /// arguments and body (an article series showing one season, or every
    /// page of a site showing its unit's card, costs one).
    fn cached(&self, c: &Call, body: Option<&str>, deps: &mut Xxh3) -> Result<String, Failure> {
        let mut key = c.name.clone();
        for a in &c.args {
            key.push('\u{0}');
            key.push_str(&a.name);
            key.push('\u{0}');
            key.push_str(&format!("{:?}", a.value));
        }
        if let Some(b) = body {
            key.push('\u{1}');
            key.push_str(b);
        }
        if let Some((html, read)) = self.cache.borrow().get(&key) {
            for k in read {
                deps.update(&k.to_le_bytes());
            }
            return Ok(html.clone());
        }
        let mut read = Vec::new();
        // Failures are not kept: each is reported at its own position.
        let html = self.call(c, body, &mut read)?;
        for k in &read {
            deps.update(&k.to_le_bytes());
        }
        self.cache.borrow_mut().insert(key, (html.clone(), read));
        Ok(html)
    }

    /// A link as an author writes it (`/don-vi/x/`): pages give Markdown's
    /// links the root path, and feeds make them absolute, after expansion.
    fn href(&self, url: &str) -> String {
        esc(&format!(
            "/{}",
            url.strip_prefix(self.urls.root_path.as_str()).unwrap_or(url)
        ))
    }

    fn call(&self, c: &Call, body: Option<&str>, deps: &mut Vec<u64>) -> Result<String, Failure> {
        match c.name.as_str() {
            "standings" => self.standings(c, deps),
            "unit" => self.unit(c, deps),
            "chart" => self.chart(c, deps),
            "document" => self.document(c, deps),
            "note" => Ok(format!(
                "<aside class=\"note\">\n{}</aside>\n",
                body.unwrap_or_default()
            )),
            _ => self.site_shortcode(c, body),
        }
    }

    fn season(&self, c: &Call) -> Result<&SeasonResult, Failure> {
        let cluster = c.str("cluster").unwrap_or_default();
        let year = c.int("year").unwrap_or_default();
        let ids = self.site.clusters.ids();
        match Refs::new(&ids, &self.site.clusters.failures).lookup(cluster) {
            Lookup::Found => {}
            Lookup::Failed => return Err(None),
            Lookup::Missing => {
                return Err(Some((
                    c.loc_of("cluster"),
                    format!("unknown cluster `{cluster}`: it is not in data/clusters.yaml"),
                    hint(cluster, &ids, "write the id of a cluster of data/clusters.yaml"),
                )));
            }
        }
        let of_cluster: Vec<&SeasonResult> = self
            .site
            .results
            .iter()
            .filter(|r| r.season.cluster == cluster)
            .collect();
        of_cluster
            .iter()
            .find(|r| i64::from(r.season.year) == year)
            .copied()
            .ok_or_else(|| {
                // A scoring file that failed to load is reported already.
                if scoring_file_exists(&self.site.root, cluster, year) {
                    return None;
                }
                let years: Vec<String> = of_cluster.iter().map(|r| r.season.year.to_string()).collect();
                Some((
                    c.loc_of("year"),
                    format!("cluster `{cluster}` has no season {year}: there is no data/scoring/{year}/{cluster}.yaml"),
                    if years.is_empty() {
                        "the cluster has no scoring files yet".to_owned()
                    } else {
                        format!("its seasons: {}", years.join(", "))
                    },
                ))
            })
    }

    fn unit_known(&self, c: &Call, arg: &str) -> Result<String, Failure> {
        let id = c.str(arg).unwrap_or_default();
        let ids = self.site.units.ids();
        match Refs::new(&ids, &self.site.units.failures).lookup(id) {
            Lookup::Found => return Ok(id.to_owned()),
            Lookup::Failed => return Err(None),
            Lookup::Missing => {}
        }
        Err(Some((
            c.loc_of(arg),
            format!("unknown unit `{id}`: it is not in data/units.yaml"),
            hint(id, &ids, "write the id of a unit of data/units.yaml"),
        )))
    }

    /// The top N (all without `top`): rank, unit, total, as the standings
    /// page shows them, and a link to that page.
    fn standings(&self, c: &Call, deps: &mut Vec<u64>) -> Result<String, Failure> {
        let r = self.season(c)?;
        deps.push(r.key);
        let top = c.int("top");
        if let Some(n) = top.filter(|n| *n < 1) {
            return Err(Some((
                c.loc_of("top"),
                format!("`top` is {n}; it must be 1 or more"),
                "write `top=3`, or leave it out for every unit".to_owned(),
            )));
        }
        let s = &r.season;
        let lang = self.lang;
        let cluster = super::results::links::cluster_name(self.site, &s.cluster);
        let url = self.urls.url(&self.urls.season(s.year, &s.cluster));
        let caption = format!("{} {} {}", word(lang, "standings"), cluster, s.year);
        let mut h = String::new();
        h.push_str("<figure class=\"shortcode-standings\">\n");
        h.push_str(&format!("<figcaption>{}", esc(&caption)));
        if s.status != Status::Final {
            h.push_str(&format!(
                " ({})",
                esc(&super::results::words::status_label(lang, s.status))
            ));
        }
        h.push_str("</figcaption>\n");
        let rows = &r.standings.rows;
        let take = top.map_or(rows.len(), |n| usize::try_from(n).unwrap_or(usize::MAX));
        if rows.is_empty() {
            h.push_str(&format!("<p>{}</p>\n", esc(&word(lang, "planned"))));
        } else {
            h.push_str(&format!(
                "<table class=\"data-table\">\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">{}</th></tr></thead>\n<tbody>\n",
                esc(&word(lang, "rank")),
                esc(&word(lang, "unit")),
                esc(&word(lang, "total"))
            ));
            for row in rows.iter().take(take) {
                let unit = match self.links.unit(&row.unit) {
                    Some(u) => format!("<a href=\"{}\">{}</a>", self.href(&u.url), esc(&u.label)),
                    None => esc(&row.unit),
                };
                h.push_str(&format!(
                    "<tr><td>{}</td><th scope=\"row\">{unit}</th><td class=\"num\">{}</td></tr>\n",
                    row.rank,
                    esc(&pts(lang, row.total))
                ));
            }
            h.push_str("</tbody>\n</table>\n");
        }
        h.push_str(&format!(
            "<p class=\"more\"><a href=\"{}\">{}</a></p>\n</figure>\n",
            self.href(&url),
            esc(&word(lang, "full_standings"))
        ));
        Ok(h)
    }

    /// Every season a unit is in, for its latest result and its chart.
    fn seasons_of(&self, unit: &str, deps: &mut Vec<u64>) {
        for r in self
            .site
            .results
            .iter()
            .filter(|r| r.season.members.iter().any(|m| m == unit))
        {
            deps.push(r.key);
        }
    }

    /// A card: the unit's name linking its page, and its latest result.
    fn unit(&self, c: &Call, deps: &mut Vec<u64>) -> Result<String, Failure> {
        let id = self.unit_known(c, "id")?;
        self.seasons_of(&id, deps);
        let lang = self.lang;
        let results = super::results::unit::results(self.site, self.urls, &id);
        let mut h = String::from("<div class=\"shortcode-card shortcode-unit\">\n");
        if let Some(u) = self.links.unit(&id) {
            h.push_str(&format!(
                "<p class=\"title\"><a href=\"{}\">{}</a></p>\n",
                self.href(&u.url),
                esc(&u.label)
            ));
        }
        // The newest season with a rank (a planned year has none).
        if let Some(r) = results.results.iter().find(|r| r.rank.is_some()) {
            let rank = r.rank.unwrap_or_default();
            h.push_str(&format!(
                "<p><a href=\"{}\">{} {}</a>: {} {rank}/{}{}</p>\n",
                self.href(&r.url),
                esc(r.cluster.name),
                r.year,
                esc(&word(lang, "rank")),
                r.of,
                r.total
                    .as_ref()
                    .map(|t| format!(", {} {}", esc(t), esc(&word(lang, "points_word"))))
                    .unwrap_or_default(),
            ));
        }
        h.push_str("</div>\n");
        Ok(h)
    }

    /// The unit page's history chart, with its text alternative.
    fn chart(&self, c: &Call, deps: &mut Vec<u64>) -> Result<String, Failure> {
        let id = self.unit_known(c, "unit")?;
        self.seasons_of(&id, deps);
        let lang = self.lang;
        let results = super::results::unit::results(self.site, self.urls, &id);
        let name = self
            .links
            .unit(&id)
            .map(|u| u.label.clone())
            .unwrap_or_else(|| id.clone());
        let caption = format!("{}: {}", word(lang, "chart_caption"), name);
        let mut h = String::from("<figure class=\"chart shortcode-chart\">\n");
        if !results.chart_svg.is_empty() {
            h.push_str(&format!("<div class=\"chart-wrap\">{}</div>\n", results.chart_svg));
        }
        h.push_str(&format!("<figcaption><strong>{}</strong>", esc(&caption)));
        if !results.chart_text.is_empty() {
            h.push_str(&format!(": {}", esc(&results.chart_text)));
        }
        h.push_str("</figcaption>\n</figure>\n");
        Ok(h)
    }

    /// A card linking the document's page: form and number, issuer, date,
    /// summary, and its file's type and size.
    fn document(&self, c: &Call, deps: &mut Vec<u64>) -> Result<String, Failure> {
        // The register's key covers its files' sizes, which static/ holds
        // (not the build's context).
        deps.push(self.site.documents.key);
        let number = c.str("number").unwrap_or_default();
        let year = c.int("year").and_then(|y| i16::try_from(y).ok());
        let d = match self.site.documents.find(number, year) {
            Found::Document(d) => d,
            // The register failed to load, in part: reported already.
            Found::Unknown if self.site.documents.present => return Err(None),
            Found::Unknown | Found::Missing => {
                return Err(Some((
                    c.loc_of("number"),
                    format!(
                        "no document numbered `{number}`{}: it is not in data/documents.yaml",
                        year.map(|y| format!(" of {y}")).unwrap_or_default()
                    ),
                    "add the document to data/documents.yaml, or write the number as it is there".to_owned(),
                )));
            }
        };
        let lang = self.lang;
        let v = super::documents::view(d, self.urls, lang);
        let mut h = String::from("<div class=\"shortcode-card shortcode-document\">\n");
        h.push_str(&format!(
            "<p class=\"title\"><a href=\"{}\">{}</a></p>\n",
            self.href(&v.url),
            esc(&v.title)
        ));
        h.push_str(&format!(
            "<p>{}, {} <time datetime=\"{}\">{}</time></p>\n",
            esc(v.issuer),
            esc(&word(lang, "document_issued").to_lowercase()),
            esc(&v.issued),
            esc(&v.issued_short)
        ));
        if !v.summary.is_empty() {
            h.push_str(&format!("<p>{}</p>\n", esc(v.summary)));
        }
        h.push_str(&format!(
            "<p><a href=\"{}\" download>{}</a> ({}, {})</p>\n",
            self.href(&v.file.url),
            esc(&word(lang, "document_download")),
            esc(&v.file.kind),
            esc(&v.file.size)
        ));
        h.push_str("</div>\n");
        Ok(h)
    }

    /// `templates/shortcodes/<name>.html` of the site or its theme, with
    /// the arguments as variables and `body` for the body form.
    fn site_shortcode(&self, c: &Call, body: Option<&str>) -> Result<String, Failure> {
        let name = template_of(&c.name);
        if !self.theme.templates.contains_key(&name) {
            let mut known: Vec<&str> = builtins::BUILTINS.iter().map(|b| b.name).collect();
            let site: Vec<&str> = self
                .theme
                .templates
                .keys()
                .filter_map(|k| k.strip_prefix("shortcodes/")?.strip_suffix(".html"))
                .collect();
            known.extend(site);
            return Err(Some((
                c.loc,
                format!("unknown shortcode `{}`", c.name),
                match nearest(&c.name, &known) {
                    Some(w) => format!("did you mean `{w}`? (a site's own shortcode is templates/{name})"),
                    None => format!(
                        "the built-in ones are {}; a site's own shortcode is templates/{name}",
                        builtins::BUILTINS
                            .iter()
                            .map(|b| format!("`{}`", b.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                },
            )));
        }
        let mut ctx = tera::Context::new();
        for a in &c.args {
            match &a.value {
                Value::Str(s) => ctx.insert(a.name.clone(), s),
                Value::Int(n) => ctx.insert(a.name.clone(), n),
                Value::Bool(b) => ctx.insert(a.name.clone(), b),
            }
        }
        if let Some(b) = body {
            ctx.insert("body", b);
        }
        self.theme.tera.render(&name, &ctx).map_err(|e| {
            let d =
                super::theme::template_error_with(&e, |n| self.theme.templates.get(n).map(|(shown, _)| shown.clone()));
            Some((
                c.loc,
                format!(
                    "the shortcode `{}` failed to render: {} (at {})",
                    c.name,
                    d.message,
                    d.position()
                ),
                "every variable its template uses must be an argument of the shortcode (or `body`, in the body form)"
                    .to_owned(),
            ))
        })
    }
}

/// Whether data/scoring/ has a file for the season (`2023/x.yaml`, also
/// `02023/x.yml`): then it failed to load, and that is its error.
fn scoring_file_exists(root: &std::path::Path, cluster: &str, year: i64) -> bool {
    let Ok(dirs) = std::fs::read_dir(root.join("data/scoring")) else {
        return false;
    };
    dirs.flatten().any(|d| {
        d.file_name().to_str().and_then(|n| n.parse::<i64>().ok()) == Some(year)
            && ["yaml", "yml"]
                .iter()
                .any(|ext| d.path().join(format!("{cluster}.{ext}")).exists())
    })
}

fn hint(word: &str, ids: &[&str], otherwise: &str) -> String {
    match nearest(word, ids) {
        Some(w) => format!("did you mean `{w}`?"),
        None => otherwise.to_owned(),
    }
}

/// Text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
