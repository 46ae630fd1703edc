//! `bangvang check`: renders the site in memory with the build's engine
//! (nothing is written to the output folder) and checks every link of every
//! output file against the files the build would write, `#fragment`s
//! against the ids of the target page; with `external`, http(s) links
//! outside the site too. The HTML of feed entries is checked as well, and
//! reported only where it breaks what its page does not. Each broken link
//! is one error at the place it was written (`origin`); the same broken
//! link made by one template on many pages is one error naming the first
//! page and the count.

mod external;
pub mod extract;
mod origin;
pub mod resolve;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, Location, Sources, display_path};
use crate::render::{self, Bytes, Theme, plan::Body};
use crate::site::LoadOptions;
use external::Outcome;
use extract::{Kind, Scanned};
use resolve::Target;

#[derive(Clone, Debug)]
pub struct CheckOptions {
    pub root: PathBuf,
    pub load: LoadOptions,
    pub external: bool,
}

pub struct Report {
    pub diags: Diagnostics,
    pub sources: Sources,
    /// Files checked, links checked, external URLs checked (0 without `external`).
    pub files: usize,
    pub links: usize,
    pub external: usize,
    /// Broken links (errors that are about links, not a site that failed to load).
    pub broken: usize,
}

impl Report {
    pub fn ok(&self) -> bool {
        !self.diags.has_errors()
    }
}

/// Where an output file comes from.
enum Made {
    /// Rendered from this template (its name), or made by code (`None`).
    Job(Option<String>),
    /// A static file, shown as the author sees it.
    Static(String),
}

struct Doc {
    made: Made,
    text: String,
    scanned: Scanned,
}

/// The cache file of `check --external`.
pub fn links_cache(root: &std::path::Path) -> PathBuf {
    root.join(crate::cache::DIR).join("external-links")
}

pub fn check(opts: &CheckOptions) -> Report {
    let (site, theme, mut diags, mut sources) = crate::build::load_with_theme(&opts.root, &opts.load);
    let done = |mut diags: Diagnostics, sources, files, links, external, broken| {
        diags.sort();
        Report {
            diags,
            sources,
            files,
            links,
            external,
            broken,
        }
    };
    let (Some(site), Some(theme)) = (site, theme) else {
        return done(diags, sources, 0, 0, 0, 0);
    };
    if diags.has_errors() {
        return done(diags, sources, 0, 0, 0, 0);
    }
    let rendered = render::render_streamed(&site, &theme, None, |job, bytes| {
        let template = match &job.body {
            Body::Template { name, .. } => Some(name.file().to_owned()),
            Body::Item(_) => Some(render::template::Template::Item.file().to_owned()),
            _ => None,
        };
        Ok((job.file.clone(), template, bytes))
    });
    let files = match rendered {
        Ok((files, _)) => files,
        Err(ds) => {
            diags.extend(ds);
            return done(diags, sources, 0, 0, 0, 0);
        }
    };
    let mut docs: BTreeMap<String, (Made, Vec<u8>)> = BTreeMap::new();
    for (file, template, bytes) in files {
        docs.insert(file, (Made::Job(template), bytes));
    }
    for (rel, b) in &theme.statics {
        let (shown, bytes) = match b {
            Bytes::Embedded(b) => (format!("(built-in theme) static/{rel}"), Ok(b.to_vec())),
            Bytes::File(p) => (display_path(&opts.root, p), std::fs::read(p)),
        };
        match bytes {
            Ok(bytes) => {
                docs.insert(rel.clone(), (Made::Static(shown), bytes));
            }
            Err(e) => diags.push(Diagnostic::error(shown, None, format!("cannot read it: {e}"))),
        }
    }
    let docs: BTreeMap<String, Doc> = docs
        .into_par_iter()
        .map(|(path, (made, bytes))| {
            let kind = extract::kind_of(&path);
            let text = match kind {
                Kind::Other => String::new(),
                _ => String::from_utf8_lossy(&bytes).into_owned(),
            };
            let scanned = extract::scan(kind, &text);
            (path, Doc { made, text, scanned })
        })
        .collect();
    // CSS files of the site are sources too: their errors show a snippet.
    for d in docs.values() {
        if let Made::Static(shown) = &d.made
            && !d.scanned.links.is_empty()
        {
            sources.insert(shown.clone(), d.text.as_str().into());
        }
    }

    let config = &site.config;
    let root_path = config.root_path();
    let mut broken: Vec<Broken> = Vec::new();
    let mut external: BTreeMap<String, Vec<(&str, usize)>> = BTreeMap::new();
    let mut links = 0;
    // A feed entry's links are its page's, made absolute: one broken there
    // is reported at the page, and at the feed only when no page has it
    // (the feed's copy went wrong). Targets are (path, fragment).
    let target_key = |p: &str, f: Option<String>| (p.trim_end_matches('/').to_owned(), f);
    type TargetKey = (String, Option<String>);
    let mut broken_targets: HashSet<TargetKey> = HashSet::new();
    let mut in_entries: Vec<(&str, usize, String, TargetKey)> = Vec::new();
    for (path, doc) in &docs {
        for (i, link) in doc.scanned.links.iter().enumerate() {
            links += 1;
            let entry = doc.scanned.in_entry.contains(&i);
            let why = match resolve::resolve(&link.url, path, &config.base_url, root_path) {
                Target::Skip => None,
                // Fetched (once) for the page that links it.
                Target::External(_) if entry => None,
                Target::External(u) => {
                    if opts.external {
                        external.entry(u).or_default().push((path, i));
                    }
                    None
                }
                // A relative link above the site's root: the page's own error.
                Target::Outside(_) if entry => None,
                Target::Outside(why) => Some(why),
                Target::Internal { path: p, fragment } => {
                    let why = internal(&docs, &p, fragment.as_deref());
                    if let Some(why) = why {
                        let key = target_key(&p, fragment);
                        if entry {
                            in_entries.push((path, i, why, key));
                            continue;
                        }
                        broken_targets.insert(key);
                        Some(why)
                    } else {
                        None
                    }
                }
            };
            if let Some(why) = why {
                broken.push(Broken {
                    doc: path,
                    link: i,
                    why,
                });
            }
        }
    }
    for (doc, link, why, key) in in_entries {
        if !broken_targets.contains(&key) {
            broken.push(Broken {
                doc,
                link,
                why: format!("{why} (in a feed entry only: no page has this broken link)"),
            });
        }
    }
    let mut checked_external = 0;
    if opts.external && !external.is_empty() {
        let urls: Vec<String> = external.keys().cloned().collect();
        let (outcomes, note) = external::check(&urls, &config.check, &links_cache(&opts.root));
        if let Some(n) = note {
            diags.push(Diagnostic::warning(crate::cache::DIR, None, n));
        }
        for (url, o) in &outcomes {
            if !matches!(o, Outcome::Skipped) {
                checked_external += 1;
            }
            if let Outcome::Broken(why) = o {
                for (doc, i) in external.get(url).into_iter().flatten() {
                    broken.push(Broken {
                        doc,
                        link: *i,
                        why: why.clone(),
                    });
                }
            }
        }
    }

    let md = origin::MdLinks::of(&site, &sources);
    // (file, position, link) → the output files it shows on, and why it
    // is broken on the first of them (a summary's relative link can break
    // differently on each list that shows it).
    broken.sort_by(|a, b| (a.doc, a.link).cmp(&(b.doc, b.link)));
    type Group<'a> = (String, BTreeSet<&'a str>);
    let mut grouped: BTreeMap<(String, Option<Location>, String), Group> = BTreeMap::new();
    for b in &broken {
        let doc = &docs[b.doc];
        let link = &doc.scanned.links[b.link];
        let (file, loc) = place(&theme, &sources, &md, doc, link, root_path, b.doc);
        let g = grouped
            .entry((file, loc, link.url.clone()))
            .or_insert_with(|| (format!("broken link `{}`: {}", link.url, b.why), BTreeSet::new()));
        g.1.insert(b.doc);
    }
    let count = grouped.len();
    for ((file, loc, _), (message, pages)) in grouped {
        let first = pages.first().copied().unwrap_or_default();
        let hint = if pages.len() == 1 {
            format!("in the output file {first}")
        } else {
            format!("in the output file {first} and {} others", pages.len() - 1)
        };
        diags.push(Diagnostic::error(file, loc, message).with_hint(hint));
    }
    sources.retain(|f| diags.iter().any(|d| d.file == f));
    done(diags, sources, docs.len(), links, checked_external, count)
}

struct Broken<'a> {
    doc: &'a str,
    link: usize,
    why: String,
}

/// Why a link to `path#fragment` of the output is broken, if it is.
fn internal(docs: &BTreeMap<String, Doc>, path: &str, fragment: Option<&str>) -> Option<String> {
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else if docs.contains_key(path) {
        path.to_owned()
    } else {
        // A folder without its `/`: servers redirect to it.
        format!("{path}/index.html")
    };
    let Some(target) = docs.get(&file) else {
        let shown = if path.is_empty() || path.ends_with('/') {
            file
        } else {
            path.to_owned()
        };
        return Some(format!("the site has no file {shown}"));
    };
    let frag = fragment?;
    if extract::kind_of(&file) != Kind::Html || frag.eq_ignore_ascii_case("top") || target.scanned.ids.contains(frag) {
        return None;
    }
    Some(format!("{file} has no element with id `{frag}`"))
}

/// The file and position a broken link is reported at.
fn place(
    theme: &Theme,
    sources: &Sources,
    md: &origin::MdLinks,
    doc: &Doc,
    link: &extract::Found,
    root_path: &str,
    path: &str,
) -> (String, Option<Location>) {
    match &doc.made {
        Made::Static(shown) => (
            shown.clone(),
            Some(crate::diag::locate(
                &doc.text,
                link.offset,
                link.offset + link.raw.len(),
            )),
        ),
        Made::Job(template) => {
            // Markdown links to `/x` are published as `<root_path>x`.
            let written = link.url.strip_prefix(root_path).map(|rest| format!("/{rest}"));
            let m = md
                .find(&link.url, &doc.text)
                .or_else(|| written.and_then(|w| md.find(&w, &doc.text)));
            if let Some(m) = m {
                return (m.file.clone(), Some(m.loc));
            }
            let Some(template) = template else {
                return (path.to_owned(), None);
            };
            let chain = chain(theme, template);
            let tail = link.raw.strip_prefix(root_path).filter(|t| t.len() >= 4);
            let found = origin::in_templates(&link.raw, &chain, sources)
                .or_else(|| tail.and_then(|t| origin::in_templates(t, &chain, sources)));
            match found {
                Some((shown, loc)) => (shown, Some(loc)),
                None => (chain.first().cloned().unwrap_or_else(|| template.clone()), None),
            }
        }
    }
}

/// The shown names of a template and of every template it uses, at any
/// depth, the template itself first.
fn chain(theme: &Theme, name: &str) -> Vec<String> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut order: Vec<&str> = Vec::new();
    let mut todo = vec![name];
    while let Some(n) = todo.pop() {
        if !seen.insert(n) {
            continue;
        }
        order.push(n);
        if let Some(uses) = theme.uses.get(n) {
            todo.extend(uses.iter().rev().map(String::as_str));
        }
    }
    let shown: HashMap<&str, &str> = theme
        .templates
        .iter()
        .map(|(k, (s, _))| (k.as_str(), s.as_str()))
        .collect();
    order
        .into_iter()
        .filter_map(|n| shown.get(n).map(|s| (*s).to_owned()))
        .collect()
}
