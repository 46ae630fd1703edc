//! Templates and static files: the embedded default theme, or themes/<name>/ in
//! the site, with the site's own templates/ overriding single templates and its
//! static/ overriding single files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::template::Template;
use crate::diag::{Diagnostic, Diagnostics, Location, Sources};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// Templates every theme must have: one per kind of page the site publishes.
/// The results templates are not among them: a site without scoring files
/// never renders them.
pub const REQUIRED: &[Template] = &[
    Template::Index,
    Template::Section,
    Template::Item,
    Template::Page,
    Template::Units,
    Template::Unit,
    Template::Tags,
    Template::Tag,
    Template::Search,
    Template::NotFound,
    Template::Atom,
    Template::Rss,
    Template::Sitemap,
    Template::Robots,
];

/// What one page's render may take (our patch of tera, vendor/tera/PATCHED.md),
/// so a template that never ends is an error, not a hang. Counted, not timed:
/// the heaviest page of a 10,000-item site (sitemap.xml) takes about 171,000
/// steps, and a runaway loop stops after one to two seconds.
pub const RENDER_STEPS: u64 = 50_000_000;
/// No page, string or list of a render may be longer.
pub const RENDER_BYTES: usize = 64 << 20;

/// Where the theme's version of each template is also found.
pub const THEME_PREFIX: &str = "theme/";

#[derive(Clone, Debug)]
pub enum Bytes {
    Embedded(&'static [u8]),
    File(PathBuf),
}

pub struct Theme {
    pub tera: tera::Tera,
    /// Output path → where its bytes come from; site static/ wins over the theme's.
    pub statics: BTreeMap<String, Bytes>,
    /// Template name → (file shown in errors, hash of its text).
    pub templates: BTreeMap<String, (String, u64)>,
    /// Template name → the templates it names (extends, include, import).
    pub uses: BTreeMap<String, Vec<String>>,
    /// Path in static/ → published path, for the files with hashed names
    /// (`assets.rs`): the `assets` templates receive.
    pub assets: BTreeMap<String, String>,
}

impl Theme {
    /// Every template whose output can change when `changed` change: they and
    /// every template that extends, includes or imports one of them, at any
    /// depth.
    pub fn affected_by(&self, changed: &BTreeSet<String>) -> BTreeSet<String> {
        let mut out = changed.clone();
        loop {
            let before = out.len();
            for (name, uses) in &self.uses {
                if uses.iter().any(|u| out.contains(u)) {
                    out.insert(name.clone());
                }
            }
            if out.len() == before {
                return out;
            }
        }
    }
}

/// The template names a template refers to: every quoted name right after
/// `extends`, `include` or `import` in a tag. Over-approximating is safe
/// here (a page re-rendered for nothing); missing one would not be.
fn referenced(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in text.split("{%").skip(1) {
        let tag = tag.split("%}").next().unwrap_or("").trim_start_matches('-').trim();
        if !["extends", "include", "import"].iter().any(|k| tag.starts_with(k)) {
            continue;
        }
        for (i, part) in tag.split(['"', '\'']).enumerate() {
            if i % 2 == 1 && !part.is_empty() {
                out.push(part.to_owned());
            }
        }
    }
    out
}

struct TemplateText {
    shown: String,
    text: Arc<str>,
}

pub fn load(root: &Path, theme: &str, diags: &mut Diagnostics, sources: &mut Sources) -> Option<Theme> {
    let mut templates: BTreeMap<String, TemplateText> = BTreeMap::new();
    let mut statics: BTreeMap<String, Bytes> = BTreeMap::new();
    let theme_dir = root.join("themes").join(theme);
    if theme_dir.is_dir() {
        read_templates(
            &theme_dir.join("templates"),
            &format!("themes/{theme}/templates"),
            &mut templates,
            diags,
        );
        list_statics(
            &theme_dir.join("static"),
            &format!("themes/{theme}/static"),
            &mut statics,
            diags,
        );
    } else if theme == "default" {
        for (rel, bytes) in embedded::FILES {
            if let Some(name) = rel.strip_prefix("templates/") {
                match crate::source::decode(bytes, rel) {
                    Ok(text) => {
                        templates.insert(
                            name.to_owned(),
                            TemplateText {
                                shown: format!("(built-in theme) {rel}"),
                                text,
                            },
                        );
                    }
                    Err(d) => diags.push(d),
                }
            } else if let Some(name) = rel.strip_prefix("static/") {
                statics.insert(name.to_owned(), Bytes::Embedded(bytes));
            }
        }
    } else {
        diags.push(
            Diagnostic::error(
                "site.yaml",
                None,
                format!("theme `{theme}` not found: there is no folder themes/{theme}/"),
            )
            .with_hint("use `theme: default` for the built-in theme, or add the theme's folder"),
        );
        return None;
    }
    // The theme's own version of every template, for a site template of the
    // same name to extend (`{% extends "theme/base.html" %}`) and override
    // single blocks instead of copying the file.
    let own: Vec<(String, TemplateText)> = templates
        .iter()
        .map(|(name, t)| {
            (
                format!("{THEME_PREFIX}{name}"),
                TemplateText {
                    shown: t.shown.clone(),
                    text: Arc::clone(&t.text),
                },
            )
        })
        .collect();
    templates.extend(own);
    read_templates(&root.join("templates"), "templates", &mut templates, diags);
    list_statics(&root.join("static"), "static", &mut statics, diags);

    for name in REQUIRED {
        if !templates.contains_key(name.file()) {
            diags.push(
                Diagnostic::error(
                    format!("themes/{theme}/templates"),
                    None,
                    format!("the theme has no template `{name}`"),
                )
                .with_hint(format!("add templates/{name} to the site or to the theme")),
            );
        }
    }
    let tera = compile(&templates, diags, sources)?;
    let hashes = templates
        .iter()
        .map(|(k, t)| {
            (
                k.clone(),
                (t.shown.clone(), xxhash_rust::xxh3::xxh3_64(t.text.as_bytes())),
            )
        })
        .collect();
    let uses = templates
        .iter()
        .map(|(k, t)| (k.clone(), referenced(&t.text)))
        .collect();
    let assets = super::assets::rename(&mut statics, diags);
    Some(Theme {
        tera,
        statics,
        uses,
        templates: hashes,
        assets,
    })
}

fn new_tera() -> tera::Tera {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_render_limits(RENDER_STEPS, RENDER_BYTES);
    tera
}

/// Parses every template on its own first so every syntax error is reported,
/// then all together so inheritance is checked.
fn compile(
    templates: &BTreeMap<String, TemplateText>,
    diags: &mut Diagnostics,
    sources: &mut Sources,
) -> Option<tera::Tera> {
    let before = diags.error_count();
    for (name, t) in templates {
        sources.insert(t.shown.clone(), t.text.clone());
        if let Err(e) = new_tera().add_raw_template(name, &t.text)
            && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
        {
            diags.push(template_error(&e, templates));
        }
    }
    if diags.error_count() > before {
        return None;
    }
    let mut tera = new_tera();
    if let Err(e) = tera.add_raw_templates(templates.iter().map(|(k, t)| (k.as_str(), &*t.text))) {
        diags.push(template_error(&e, templates));
        return None;
    }
    Some(tera)
}

/// Turns a Tera error into a diagnostic at the template file's line and column.
fn template_error(e: &tera::Error, templates: &BTreeMap<String, TemplateText>) -> Diagnostic {
    template_error_with(e, |name| templates.get(name).map(|t| t.shown.clone()))
}

pub fn template_error_with(e: &tera::Error, shown: impl Fn(&str) -> Option<String>) -> Diagnostic {
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    match report {
        Some(r) => {
            let file = shown(r.filename()).unwrap_or_else(|| r.filename().to_owned());
            let s = r.span();
            let loc = Location {
                line: s.start_line,
                col: s.start_col + 1,
                start: s.range.start,
                end: s.range.end,
            };
            Diagnostic::error(file, Some(loc), format!("template error: {}", r.message()))
        }
        None => {
            let mut msg = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(s) = src {
                msg.push_str(": ");
                msg.push_str(&s.to_string());
                src = s.source();
            }
            Diagnostic::error("templates", None, format!("template error: {msg}"))
        }
    }
}

fn read_templates(dir: &Path, shown_prefix: &str, out: &mut BTreeMap<String, TemplateText>, diags: &mut Diagnostics) {
    for (name, path) in files_under(dir, shown_prefix, diags) {
        let shown = format!("{shown_prefix}/{name}");
        match crate::source::read_text(&path, &shown) {
            Ok(text) => {
                out.insert(name, TemplateText { shown, text });
            }
            Err(d) => diags.push(d),
        }
    }
}

fn list_statics(dir: &Path, shown: &str, out: &mut BTreeMap<String, Bytes>, diags: &mut Diagnostics) {
    for (name, path) in files_under(dir, shown, diags) {
        match name_problem(shown, &name) {
            Some(d) => diags.push(d),
            None => {
                out.insert(name, Bytes::File(path));
            }
        }
    }
}

/// A static file whose name, or a folder's it is in, is longer than output
/// names may be; reported at that name, so a long folder is one error.
fn name_problem(shown: &str, name: &str) -> Option<Diagnostic> {
    use crate::text::{MAX_NAME, MAX_PATH, abbreviate, too_long_part};
    if let Some(part) = too_long_part(name) {
        let end = name.find(part).map_or(name.len(), |i| i + part.len());
        let (at, what) = if end == name.len() {
            (format!("{shown}/{name}"), "file")
        } else {
            (format!("{shown}/{}/", &name[..end]), "folder")
        };
        let message = format!(
            "the {what} name `{}` is {} bytes long; output file and folder names may be at most {MAX_NAME} bytes",
            abbreviate(part),
            part.len()
        );
        return Some(Diagnostic::error(at, None, message).with_hint(format!("rename the {what} to something shorter")));
    }
    (name.len() > MAX_PATH).then(|| {
        Diagnostic::error(
            format!("{shown}/{name}"),
            None,
            format!(
                "this path is {} bytes long below static/; output paths may be at most {MAX_PATH} bytes",
                name.len()
            ),
        )
        .with_hint("use fewer or shorter nested folders")
    })
}

/// Regular files under `dir` by NFC name, not hidden (links not followed:
/// nothing outside the site is read), with their paths on disk.
fn files_under(dir: &Path, shown: &str, diags: &mut Diagnostics) -> Vec<(String, PathBuf)> {
    let visible = |rel: &str| !rel.split('/').any(|s| s.starts_with('.'));
    let mut out = Vec::new();
    for (name, found) in crate::files::list(dir, shown, visible, diags) {
        match found {
            crate::files::Found::File(path) => out.push((name, path)),
            crate::files::Found::Twins(d) => diags.push(d),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_templates_a_template_uses() {
        let t = "{% extends \"base.html\" %}{%- include 'partials/card.html' -%}{% import \"macros.html\" as m %}{% if x %}\"no\"{% endif %}";
        assert_eq!(referenced(t), ["base.html", "partials/card.html", "macros.html"]);
    }
}
