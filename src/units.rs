//! data/units.yaml and data/clusters.yaml: the communes and wards, in official
//! order, and the emulation clusters they are grouped in.

use std::collections::HashMap;

use jiff::civil::Date;

use crate::diag::{Diagnostic, Location};
use crate::text;
use crate::yaml::{self, Ctx, Node};

pub const UNITS_FILE: &str = "data/units.yaml";
pub const CLUSTERS_FILE: &str = "data/clusters.yaml";
const UNIT_KEYS: &[&str] = &[
    "id",
    "name",
    "kind",
    "code",
    "aliases",
    "until",
    "successor",
    "description",
];
const CLUSTER_KEYS: &[&str] = &["id", "name", "organiser", "description"];
pub const KINDS: &[&str] = &["phường", "xã", "thị trấn"];

#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub code: Option<String>,
    pub aliases: Vec<String>,
    pub until: Option<Date>,
    pub successor: Option<String>,
    pub description: Option<String>,
    pub loc: Location,
}

impl Unit {
    /// "Phường Huyền Tụng": the kind capitalised, then the name.
    pub fn full_name(&self) -> String {
        let mut chars = self.kind.chars();
        let kind: String = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        format!("{kind} {}", self.name)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    pub id: String,
    pub name: String,
    pub organiser: Option<String>,
    pub description: Option<String>,
}

/// Units in official order with an index by id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Units {
    pub list: Vec<Unit>,
    index: HashMap<String, usize>,
}

impl Units {
    pub fn get(&self, id: &str) -> Option<&Unit> {
        self.index.get(id).and_then(|&i| self.list.get(i))
    }
    /// Position in official order, used to order ties and unranked lists.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
    pub fn ids(&self) -> Vec<&str> {
        self.list.iter().map(|u| u.id.as_str()).collect()
    }
    /// Units whose successor is `id`.
    pub fn predecessors(&self, id: &str) -> impl Iterator<Item = &Unit> {
        self.list.iter().filter(move |u| u.successor.as_deref() == Some(id))
    }
}

/// An id usable in a URL: lowercase ASCII letters, digits and inner
/// hyphens, at most 100 bytes.
pub fn is_valid_id(id: &str) -> bool {
    id.len() <= 100 && is_url_word(id)
}

/// Lowercase ASCII letters, digits and inner hyphens, of any length.
pub fn is_url_word(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn id(ctx: &mut Ctx, n: &Node) -> Option<String> {
    let s = ctx.nonempty(n, "id")?;
    if is_valid_id(&s) {
        Some(s)
    } else if is_url_word(&s) {
        ctx.error(
            n.loc,
            format!(
                "id `{}` is {} bytes long; ids may be at most 100",
                text::abbreviate(&s),
                s.len()
            ),
            Some("ids appear in URLs: choose a shorter one".to_owned()),
        );
        None
    } else {
        let suggestion = text::slugify(&s);
        ctx.error(
            n.loc,
            format!("id `{s}` may only hold lowercase letters a–z, digits and hyphens"),
            Some(if suggestion.is_empty() {
                "ids appear in URLs".to_owned()
            } else {
                format!("write `{suggestion}`")
            }),
        );
        None
    }
}

pub fn parse_units(text: &str) -> (Units, Vec<Diagnostic>) {
    let mut ctx = Ctx::new(UNITS_FILE);
    let root = match yaml::parse(text, UNITS_FILE, 0, 0) {
        Ok(r) => r,
        Err(d) => return (Units::default(), vec![d]),
    };
    let mut units = Units::default();
    if let Some(m) = ctx.map(&root, UNITS_FILE, &["units"]) {
        let items = m.get("units").and_then(|n| ctx.list(n, "units")).unwrap_or_default();
        for item in items {
            if let Some(u) = decode_unit(&mut ctx, item) {
                if let Some(&first) = units.index.get(&u.id) {
                    let line = units.list.get(first).map_or(0, |f| f.loc.line);
                    ctx.error(
                        u.loc,
                        format!("duplicate unit id `{}`", u.id),
                        Some(format!("the first is on line {line}; ids must be unique")),
                    );
                    continue;
                }
                units.index.insert(u.id.clone(), units.list.len());
                units.list.push(u);
            }
        }
        m.finish(&mut ctx, UNITS_FILE);
    }
    // Successors refer to ids anywhere in the file, so check after reading all.
    let ids = units.ids();
    for u in &units.list {
        if let Some(s) = &u.successor {
            if units.get(s).is_none() {
                let hint = text::nearest(s, &ids).map_or("add the unit to data/units.yaml".to_owned(), |n| {
                    format!("did you mean `{n}`?")
                });
                ctx.error(
                    u.loc,
                    format!("unit `{}` has successor `{s}`, which is not in data/units.yaml", u.id),
                    Some(hint),
                );
            } else if s == &u.id {
                ctx.error(u.loc, format!("unit `{}` names itself as its successor", u.id), None);
            }
        }
    }
    (units, ctx.diags)
}

fn decode_unit(ctx: &mut Ctx, n: &Node) -> Option<Unit> {
    let m = ctx.map(n, "a unit", UNIT_KEYS)?;
    let id = m.require(ctx, "id", "a unit").and_then(|v| id(ctx, v));
    let name = m.require(ctx, "name", "a unit").and_then(|v| ctx.nonempty(v, "name"));
    let kind = m.require(ctx, "kind", "a unit").and_then(|v| {
        let k = ctx.nonempty(v, "kind")?.to_lowercase();
        if KINDS.contains(&k.as_str()) {
            Some(k)
        } else {
            ctx.error(
                v.loc,
                format!("unknown kind `{k}`"),
                Some(format!("use one of: {}", KINDS.join(", "))),
            );
            None
        }
    });
    let code = m.get("code").and_then(|v| ctx.nonempty(v, "code"));
    let aliases = m
        .get("aliases")
        .and_then(|v| ctx.strings(v, "aliases"))
        .unwrap_or_default();
    let until = m.get("until").and_then(|v| ctx.date(v, "until"));
    let successor = m.get("successor").and_then(|v| ctx.nonempty(v, "successor"));
    let description = m.get("description").and_then(|v| ctx.string(v, "description"));
    m.finish(ctx, "a unit");
    Some(Unit {
        id: id?,
        name: name?,
        kind: kind?,
        code,
        aliases: aliases.into_iter().map(|(s, _)| s).collect(),
        until,
        successor,
        description,
        loc: n.loc,
    })
}

pub fn parse_clusters(text: &str) -> (Vec<Cluster>, Vec<Diagnostic>) {
    let mut ctx = Ctx::new(CLUSTERS_FILE);
    let root = match yaml::parse(text, CLUSTERS_FILE, 0, 0) {
        Ok(r) => r,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let mut out: Vec<Cluster> = Vec::new();
    if let Some(m) = ctx.map(&root, CLUSTERS_FILE, &["clusters"]) {
        let items = m
            .get("clusters")
            .and_then(|n| ctx.list(n, "clusters"))
            .unwrap_or_default();
        for item in items {
            let Some(c) = ctx.map(item, "a cluster", CLUSTER_KEYS) else {
                continue;
            };
            let cid = c.require(&mut ctx, "id", "a cluster").and_then(|v| id(&mut ctx, v));
            let name = c
                .require(&mut ctx, "name", "a cluster")
                .and_then(|v| ctx.nonempty(v, "name"));
            let organiser = c.get("organiser").and_then(|v| ctx.nonempty(v, "organiser"));
            let description = c.get("description").and_then(|v| ctx.string(v, "description"));
            c.finish(&mut ctx, "a cluster");
            let (Some(cid), Some(name)) = (cid, name) else { continue };
            if out.iter().any(|o| o.id == cid) {
                ctx.error(item.loc, format!("duplicate cluster id `{cid}`"), None);
                continue;
            }
            out.push(Cluster {
                id: cid,
                name,
                organiser,
                description,
            });
        }
        m.finish(&mut ctx, CLUSTERS_FILE);
    }
    (out, ctx.diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_units_in_order_with_full_names() {
        let (u, d) = parse_units(
            "units:\n  - {id: huyen-tung, name: Huyền Tụng, kind: phường, code: \"01846\", successor: dx}\n  - {id: dx, name: Đức Xuân, kind: Phường}\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(u.ids(), ["huyen-tung", "dx"]);
        assert_eq!(u.list[0].full_name(), "Phường Huyền Tụng");
        assert_eq!(u.predecessors("dx").count(), 1);
    }

    #[test]
    fn reports_bad_units() {
        let (_, d) = parse_units(
            "units:\n  - {id: A B, name: x, kind: phố}\n  - {id: a, name: y, kind: xã, successor: zz}\n  - {id: a, name: z, kind: xã}\n",
        );
        let msgs: Vec<_> = d.iter().map(|d| d.one_line()).collect();
        assert!(
            msgs.iter()
                .any(|m| m.contains("units.yaml:2:10") && m.contains("`a-b`")),
            "{msgs:?}"
        );
        assert!(msgs.iter().any(|m| m.contains("unknown kind `phố`")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("successor `zz`")), "{msgs:?}");
        assert!(
            msgs.iter()
                .any(|m| m.contains("duplicate unit id `a`") && m.contains("line 3")),
            "{msgs:?}"
        );
    }
}
