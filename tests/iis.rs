//! The IIS `web.config` of docs/hosting.md (read from that page, between
//! its markers). IIS does not run here, and the page says so: this checks
//! what can be checked without it. The file is well-formed XML with
//! `<configuration>` at its root; every `mimeMap` follows a `remove` of
//! its extension (IIS refuses a second entry for one extension, and it has
//! its own for most); every kind of text file the sample site publishes is
//! mapped with `charset=utf-8`; `index.html` is the default document and
//! assets/ is cached for a year; the 404 page is the one the nginx and
//! Apache configurations name.

mod common;

use std::collections::BTreeSet;

use common::Fixture;
use common::http::documented;

fn hosting() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/hosting.md")).expect("hosting.md")
}

#[test]
fn the_documented_web_config_is_well_formed_and_covers_the_sites_text_files() {
    let text = documented("iis", "xml").trim_start().to_owned();
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("web.config is not well-formed XML: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "configuration");
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));

    // Every mimeMap replaces IIS's entry: a `remove` of the same extension
    // comes first, in the same <staticContent>.
    let mut mapped: Vec<(String, String)> = Vec::new();
    for content in root.descendants().filter(|n| n.has_tag_name("staticContent")) {
        let mut removed = BTreeSet::new();
        for n in content.children().filter(|n| n.is_element()) {
            let ext = n.attribute("fileExtension").map(str::to_owned);
            match n.tag_name().name() {
                "remove" => {
                    removed.insert(ext.expect("remove names a fileExtension"));
                }
                "mimeMap" => {
                    let ext = ext.expect("mimeMap names a fileExtension");
                    assert!(removed.contains(&ext), "mimeMap {ext} without a remove before it");
                    let ty = n.attribute("mimeType").expect("mimeType").to_owned();
                    mapped.push((ext, ty));
                }
                _ => {}
            }
        }
    }
    let exts: BTreeSet<&str> = mapped.iter().map(|(e, _)| e.as_str()).collect();
    assert_eq!(exts.len(), mapped.len(), "each extension mapped once: {mapped:?}");

    // The sample site's files, by extension: text ones need a charset.
    let f = Fixture::sample();
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    let published: BTreeSet<String> = common::snapshot(&f.out())
        .into_iter()
        .filter_map(|(rel, _)| rel.rsplit_once('.').map(|(_, e)| format!(".{e}")))
        .collect();
    for ext in &published {
        let text = matches!(
            ext.as_str(),
            ".html" | ".xml" | ".json" | ".css" | ".js" | ".svg" | ".csv" | ".txt"
        );
        let ty = mapped.iter().find(|(e, _)| e == ext).map(|(_, t)| t.as_str());
        if text {
            assert!(
                ty.is_some_and(|t| t.ends_with("; charset=utf-8")),
                "{ext} is published and must be mapped with charset=utf-8: {ty:?}"
            );
        }
    }
    assert_eq!(
        mapped.iter().find(|(e, _)| e == ".xlsx").map(|(_, t)| t.as_str()),
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );

    // `dir/` serves dir/index.html; assets/ may be kept for a year.
    let defaults: Vec<&str> = root
        .descendants()
        .filter(|n| n.has_tag_name("defaultDocument"))
        .flat_map(|d| d.descendants().filter(|n| n.has_tag_name("add")))
        .filter_map(|n| n.attribute("value"))
        .collect();
    assert_eq!(defaults, ["index.html"]);
    let assets = root
        .children()
        .find(|n| n.has_tag_name("location") && n.attribute("path") == Some("assets"))
        .expect("<location path=\"assets\">");
    let cache = assets
        .descendants()
        .find(|n| n.has_tag_name("clientCache"))
        .expect("clientCache");
    assert_eq!(cache.attribute("cacheControlMaxAge"), Some("365.00:00:00"));

    // The custom 404 page, the same as nginx's and Apache's.
    let errors: Vec<(Option<&str>, Option<&str>)> = root
        .descendants()
        .filter(|n| n.has_tag_name("error"))
        .map(|n| (n.attribute("statusCode"), n.attribute("path")))
        .collect();
    assert_eq!(errors, [(Some("404"), Some("/portal/404.html"))]);
    let doc = hosting();
    assert!(doc.contains("error_page 404 /portal/404.html;") && doc.contains("ErrorDocument 404 /portal/404.html"));
    assert!(published.contains(".html"));
}
