//! Links to units and clusters as the results views show them. A unit's
//! link is built once per render of the results and shared by every row,
//! member list and breakdown that names the unit.

use std::collections::HashMap;

use crate::render::labels::UnitLabels;
use crate::render::views::results::{ClusterLink, ClusterName, UnitLink};
use crate::site::Site;
use crate::urls::Urls;

pub struct Links<'a> {
    site: &'a Site,
    urls: &'a Urls,
    units: HashMap<&'a str, UnitLink<'a>>,
}

impl<'a> Links<'a> {
    pub fn new(site: &'a Site, urls: &'a Urls, labels: &UnitLabels) -> Links<'a> {
        let units = site
            .units
            .list
            .iter()
            .map(|u| {
                let link = UnitLink {
                    id: &u.id,
                    full_name: u.full_name(),
                    label: labels.full(u),
                    url: urls.url(&urls.unit(&u.id)),
                };
                (u.id.as_str(), link)
            })
            .collect();
        Links { site, urls, units }
    }

    /// The unit's link; `None` (null) for an id units.yaml does not have.
    pub fn unit(&self, id: &str) -> Option<&UnitLink<'a>> {
        self.units.get(id)
    }

    pub fn cluster(&self, id: &'a str) -> ClusterLink<'a> {
        ClusterLink {
            id,
            name: cluster_name(self.site, id),
            url: self.urls.url(&self.urls.cluster(id)),
        }
    }
}

/// A cluster's name and link, without its id.
pub fn cluster_name_link<'a>(site: &'a Site, urls: &Urls, id: &'a str) -> ClusterName<'a> {
    ClusterName {
        name: cluster_name(site, id),
        url: urls.url(&urls.cluster(id)),
    }
}

/// The name clusters.yaml gives the cluster, else its id.
pub fn cluster_name<'a>(site: &'a Site, id: &'a str) -> &'a str {
    site.clusters
        .iter()
        .find(|c| c.id == id)
        .map_or(id, |c| c.name.as_str())
}
