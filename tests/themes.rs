//! A site restyles the theme without copying it: a site template extends the
//! theme's own version of the same template (`theme/<name>`) and overrides
//! single blocks, and `static/assets/site.css` is loaded after the theme's
//! CSS. The example site is docs/themes.md's, kept in tests/sites/restyled/.

mod common;

use std::path::Path;

use common::{Fixture, copy_dir};

/// The example of docs/themes.md over the small fixture site.
fn restyled() -> Fixture {
    let f = Fixture::new();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/restyled"),
        f.root(),
    );
    f
}

#[test]
fn a_site_template_overrides_one_block_of_the_theme_and_keeps_the_rest() {
    let f = restyled();
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    let home = f.read("index.html");
    // The overridden block.
    assert!(
        home.contains(r#"<img class="brand-logo" src="/portal/assets/logo.svg""#),
        "{home}"
    );
    assert!(!home.contains("brand-mark"), "the theme's logo is replaced: {home}");
    // The theme's blocks around it are kept: title, search, nav, footer.
    for kept in [
        "brand-title",
        "header-search",
        "site-nav",
        "site-footer",
        "Ký kết giao ước",
    ] {
        assert!(home.contains(kept), "{kept} is kept: {home}");
    }
    // Every page extends base.html, so every page has the new logo.
    let item = f.read("tin-tuc/ky-ket/index.html");
    assert!(item.contains("brand-logo") && !item.contains("brand-mark"), "{item}");
    // site.css after the theme's style.css (both named by their content's
    // hash), and the site's file published.
    let style = home.find("assets/style.").expect("the theme's CSS");
    let site = home.find("assets/site.").expect("the site's CSS");
    assert!(style < site, "site.css comes after style.css");
    assert!(f.read(&linked(&home, "assets/site.")).contains("--brand: #0b5cad"));
}

/// The output path of the file linked as `/portal/<prefix>…"`.
fn linked(html: &str, prefix: &str) -> String {
    let at = html.find(&format!("/portal/{prefix}")).expect("linked") + "/portal/".len();
    let end = html[at..].find('"').expect("a quoted link");
    html[at..at + end].to_owned()
}

#[test]
fn without_a_site_css_the_theme_publishes_an_empty_one() {
    let f = Fixture::new();
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    let home = f.read("index.html");
    assert!(
        !f.read(&linked(&home, "assets/site.")).contains('{'),
        "no rules in the theme's site.css"
    );
}

#[test]
fn a_block_error_in_a_site_template_names_the_site_file() {
    let f = restyled();
    f.write(
        "templates/base.html",
        "{% extends \"theme/base.html\" %}\n{% block logo %}{{ no_such_value }}{% endblock logo %}\n",
    );
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert!(err.contains("templates/base.html:2:"), "{err}");
}

#[test]
fn an_overriding_block_can_keep_the_themes_content_with_super() {
    let f = restyled();
    f.write(
        "templates/base.html",
        "{% extends \"theme/base.html\" %}\n{% block footer %}{{ super() }}<p class=\"city-line\">Đường dây nóng: 0209 3870 000</p>{% endblock footer %}\n",
    );
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    let home = f.read("index.html");
    let footer = home.find("site-footer").expect("the theme's footer");
    let line = home.find("city-line").expect("the site's line");
    assert!(footer < line, "the site's line follows the theme's footer: {home}");
}
