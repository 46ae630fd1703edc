//! The public-comment producer: the list of proposals (proposals.html), a
//! page per proposal (proposal.html) and the home page's open ones. What
//! they say of "open", "closed" and "days left" is true at the build moment
//! (`Site::moment`), which enters their fingerprints; a script of the theme
//! updates it in the browser from the period's dates.

use super::context::unit_ref;
use super::engine::{Fp, GENERATED, Planner};
use super::labels::UnitLabels;
use super::template::Template;
use super::views::proposals::{Built, IndividualView, Outcome, ProposalView, ProposedUnit, Status};
use super::views::tv;
use crate::documents::Found;
use crate::i18n::word;
use crate::proposals::{self, Proposal};
use crate::site::Site;
use crate::text::{self, Lang};
use crate::urls::Urls;

pub fn status(p: &Proposal, site: &Site) -> Status {
    let lang = site.config.language;
    let date = |d| text::format_date_short(d, lang);
    match p.status(site.moment.today()) {
        proposals::Status::Upcoming => Status {
            code: "upcoming",
            label: word(lang, "status_upcoming"),
            detail: word(lang, "starts_on_n").replace("{date}", &date(p.start)),
            days_left: None,
        },
        proposals::Status::Open(n) => Status {
            code: "open",
            label: word(lang, "status_open"),
            detail: if n <= 1 {
                word(lang, "last_day")
            } else {
                word(lang, "days_left_n").replace("{n}", &n.to_string())
            },
            days_left: Some(n),
        },
        proposals::Status::Closed => Status {
            code: "closed",
            label: word(lang, "status_closed"),
            detail: word(lang, "ended_on_n").replace("{date}", &date(p.end)),
            days_left: None,
        },
    }
}

pub fn view<'a>(p: &'a Proposal, site: &Site, urls: &Urls, labels: &UnitLabels) -> ProposalView<'a> {
    let lang = site.config.language;
    let markdown = |s: &str| crate::markdown::render(s).html;
    ProposalView {
        id: &p.id,
        year: p.year,
        title: &p.title,
        award: &p.award,
        council: &p.council,
        url: urls.url(&urls.proposal(p.year, &p.id)),
        start: p.start.to_string(),
        end: p.end.to_string(),
        start_short: text::format_date_short(p.start, lang),
        end_short: text::format_date_short(p.end, lang),
        working_days: p.working_days,
        status: status(p, site),
        units: p
            .units
            .iter()
            .map(|u| ProposedUnit {
                unit: unit_ref(site, urls, labels, &u.unit),
                reason: &u.reason,
            })
            .collect(),
        individuals: p
            .individuals
            .iter()
            .map(|i| IndividualView {
                name: &i.name,
                position: i.position.as_deref(),
                unit: i.unit.as_deref(),
            })
            .collect(),
        contact_html: markdown(&p.contact),
        description_html: p.description.as_deref().map(markdown).unwrap_or_default(),
        outcome: p.outcome.as_ref().map(|(number, _)| {
            let doc = match site.documents.find(number, None) {
                Found::Document(d) => Some(d),
                _ => None,
            };
            Outcome {
                number,
                title: doc.map(|d| super::documents::title(d, lang)),
                url: doc.map(|d| urls.url(&urls.document(d.issued.year(), &d.slug))),
            }
        }),
    }
}

/// `built`: the moment the statuses were computed at.
pub fn built(site: &Site) -> Built {
    let lang = site.config.language;
    let local = site.moment.local();
    let text = word(lang, "built_at_n")
        .replace("{time}", &text::format_time(local.time()))
        .replace("{date}", &text::format_date_short(local.date(), lang));
    Built {
        datetime: format!("{}+07:00", local.strftime("%Y-%m-%dT%H:%M:%S")),
        text,
        today: site.moment.today().to_string(),
    }
}

/// What pages that show statuses are made from besides the proposals: the
/// moment as they show it (the day decides the statuses, the minute the
/// "as of" line) and the register (outcomes link their decisions).
pub fn moment_fp(site: &Site, fp: Fp) -> Fp {
    let b = built(site);
    site.proposals
        .iter()
        .fold(fp, |fp, p| fp.num(p.key))
        .str(&b.datetime)
        .num(site.documents.key)
}

/// The home page's `consultations`: proposals open or not yet open, soonest
/// end first.
pub fn home(site: &Site, urls: &Urls, labels: &UnitLabels) -> Vec<tera::Value> {
    let today = site.moment.today();
    let mut shown: Vec<&Proposal> = site
        .proposals
        .iter()
        .filter(|p| p.status(today) != proposals::Status::Closed)
        .collect();
    shown.sort_by(|a, b| (a.end, a.start, a.year, &a.id).cmp(&(b.end, b.start, b.year, &b.id)));
    shown.iter().map(|p| tv(&view(p, site, urls, labels))).collect()
}

pub(super) fn plan(site: &Site, urls: &Urls, labels: &UnitLabels, p: &mut Planner) {
    if site.proposals.is_empty() {
        return;
    }
    let lang: Lang = site.config.language;
    // Newest year first; in a year, the latest period first.
    let mut order: Vec<&Proposal> = site.proposals.iter().collect();
    order.sort_by(|a, b| (b.year, b.end, &b.id).cmp(&(a.year, a.end, &a.id)));
    p.add_with(
        GENERATED,
        urls.proposals(),
        Template::Proposals,
        word(lang, "consultations"),
        || moment_fp(site, Fp::new()),
        || {
            let views: Vec<ProposalView> = order.iter().map(|pr| view(pr, site, urls, labels)).collect();
            vec![("proposals", tv(&views).into()), ("built", tv(&built(site)).into())]
        },
    );
    for pr in &site.proposals {
        let fp = || moment_fp(site, Fp::new().num(pr.key));
        p.add_with(
            &pr.file,
            urls.proposal(pr.year, &pr.id),
            Template::Proposal,
            pr.title.clone(),
            fp,
            || {
                vec![
                    ("proposal", tv(&view(pr, site, urls, labels)).into()),
                    ("built", tv(&built(site)).into()),
                    ("list_url", tera::Value::from(urls.url(&urls.proposals())).into()),
                ]
            },
        );
    }
}

/// The search index's entries of the proposals: (title, url, date, words).
pub(super) fn search_entries(site: &Site, urls: &Urls) -> Vec<(String, String, String, String)> {
    let lang = site.config.language;
    site.proposals
        .iter()
        .map(|p| {
            let mut words = vec![p.title.clone(), p.award.clone(), p.council.clone()];
            for u in &p.units {
                if let Some(unit) = site.units.get(&u.unit) {
                    words.push(unit.full_name());
                }
            }
            words.extend(p.individuals.iter().map(|i| i.name.clone()));
            (
                p.title.clone(),
                urls.url(&urls.proposal(p.year, &p.id)),
                text::format_date_short(p.start, lang),
                text::fold(&words.join(" ")),
            )
        })
        .collect()
}
