//! Every template the generator renders, by name: a job names its template
//! with this enum, so a typo is a compile error, not a missing page.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Template {
    Index,
    Section,
    Item,
    Page,
    Units,
    Unit,
    Tags,
    Tag,
    Search,
    NotFound,
    Atom,
    Rss,
    Sitemap,
    Robots,
    StandingsIndex,
    Cluster,
    Standings,
    Documents,
    Document,
    Proposals,
    Proposal,
}

impl Template {
    /// The template's file name in a theme's templates/ folder.
    pub const fn file(self) -> &'static str {
        match self {
            Template::Index => "index.html",
            Template::Section => "section.html",
            Template::Item => "item.html",
            Template::Page => "page.html",
            Template::Units => "units.html",
            Template::Unit => "unit.html",
            Template::Tags => "tags.html",
            Template::Tag => "tag.html",
            Template::Search => "search.html",
            Template::NotFound => "404.html",
            Template::Atom => "atom.xml",
            Template::Rss => "rss.xml",
            Template::Sitemap => "sitemap.xml",
            Template::Robots => "robots.txt",
            Template::StandingsIndex => "standings_index.html",
            Template::Cluster => "cluster.html",
            Template::Standings => "standings.html",
            Template::Documents => "documents.html",
            Template::Document => "document.html",
            Template::Proposals => "proposals.html",
            Template::Proposal => "proposal.html",
        }
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.file())
    }
}
