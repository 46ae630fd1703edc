//! data/units.yaml and data/clusters.yaml: the communes and wards, in official
//! order, and the emulation clusters they are grouped in.

use std::collections::HashMap;

use jiff::civil::Date;

use crate::diag::{Diagnostic, Location};
use crate::refs::{Failures, Lookup, Refs};
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

/// Units in official order with an index by id, and what failed to load.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Units {
    pub list: Vec<Unit>,
    index: HashMap<String, usize>,
    pub failures: Failures,
}

impl Units {
    /// The units of a data/units.yaml that could not be read: none known,
    /// none missing.
    pub fn failed() -> Units {
        Units {
            failures: Failures::all(),
            ..Units::default()
        }
    }
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

/// The clusters in the order written, and what failed to load.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Clusters {
    pub list: Vec<Cluster>,
    pub failures: Failures,
}

impl Clusters {
    /// The clusters of a data/clusters.yaml that could not be read.
    pub fn failed() -> Clusters {
        Clusters {
            list: Vec::new(),
            failures: Failures::all(),
        }
    }
    pub fn ids(&self) -> Vec<&str> {
        self.list.iter().map(|c| c.id.as_str()).collect()
    }
}

impl std::ops::Deref for Clusters {
    type Target = [Cluster];
    fn deref(&self) -> &[Cluster] {
        &self.list
    }
}

impl<'a> IntoIterator for &'a Clusters {
    type Item = &'a Cluster;
    type IntoIter = std::slice::Iter<'a, Cluster>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
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

/// Reads the `<key>:` list of a data file. Whatever keeps the whole list from
/// being known (the file does not parse, is not a map, has no such list or
/// an unknown key that may be it) marks `failures` partial.
fn entries<'n>(
    root: &'n Node,
    ctx: &mut Ctx,
    file: &str,
    key: &'static [&'static str],
    failures: &mut Failures,
) -> &'n [Node] {
    let before = ctx.diags.len();
    let Some(m) = ctx.map(root, file, key) else {
        failures.partial = true;
        return &[];
    };
    let items = m.get(key[0]).and_then(|n| ctx.list(n, key[0])).unwrap_or_default();
    m.finish(ctx, file);
    if ctx.diags.len() > before {
        failures.partial = true;
    }
    items
}

pub fn parse_units(text: &str) -> (Units, Vec<Diagnostic>) {
    let mut ctx = Ctx::new(UNITS_FILE);
    let mut units = Units::default();
    let root = match yaml::parse(text, UNITS_FILE, 0, 0) {
        Ok(r) => r,
        Err(d) => return (Units::failed(), vec![d]),
    };
    let mut successors: Vec<(usize, Location)> = Vec::new();
    for item in entries(&root, &mut ctx, UNITS_FILE, &["units"], &mut units.failures) {
        let Decoded { unit, id, successor_at } = decode_unit(&mut ctx, item);
        let Some(u) = unit else {
            // Read but broken: references to it are not checked; without an id,
            // any reference might be to it.
            match id {
                Some((id, _)) => {
                    units.failures.broken.insert(id);
                }
                None => units.failures.partial = true,
            }
            continue;
        };
        if let Some(&first) = units.index.get(&u.id) {
            let line = units.list.get(first).map_or(0, |f| f.loc.line);
            ctx.error(
                id.map_or(u.loc, |(_, at)| at),
                format!("duplicate unit id `{}`", u.id),
                Some(format!("the first is on line {line}; ids must be unique")),
            );
            // The repeat was meant to be some other unit, which one is not known.
            units.failures.partial = true;
            continue;
        }
        if let Some(at) = successor_at {
            successors.push((units.list.len(), at));
        }
        units.index.insert(u.id.clone(), units.list.len());
        units.list.push(u);
    }
    check_successors(&mut ctx, &units, &successors);
    (units, ctx.diags)
}

/// Successors refer to ids anywhere in the file, so they are checked after
/// reading all: each must exist, and following them must never come back
/// (a → b → a, or a unit its own successor).
fn check_successors(ctx: &mut Ctx, units: &Units, successors: &[(usize, Location)]) {
    let ids = units.ids();
    let refs = Refs::new(&ids, &units.failures);
    let at: HashMap<usize, Location> = successors.iter().copied().collect();
    let place = |i: usize| {
        at.get(&i)
            .copied()
            .or_else(|| units.list.get(i).map(|u| u.loc))
            .unwrap_or_default()
    };
    for (i, u) in units.list.iter().enumerate() {
        if let Some(s) = &u.successor
            && refs.lookup(s) == Lookup::Missing
        {
            ctx.error(
                place(i),
                format!("unit `{}` has successor `{s}`, which is not in data/units.yaml", u.id),
                Some(refs.hint(s, "add the unit to data/units.yaml")),
            );
        }
    }
    // Each unit has at most one successor, so walking from every unit finds
    // every loop; each is reported once, at the unit of it written first.
    let next = |i: usize| units.list.get(i)?.successor.as_deref().and_then(|s| units.position(s));
    let mut done = vec![false; units.list.len()];
    let mut on_path: Vec<Option<usize>> = vec![None; units.list.len()];
    for start in 0..units.list.len() {
        let mut path: Vec<usize> = Vec::new();
        let mut i = Some(start);
        let mut looped: Option<usize> = None;
        while let Some(j) = i.filter(|&j| !done[j]) {
            if let Some(k) = on_path[j] {
                looped = Some(k);
                break;
            }
            on_path[j] = Some(path.len());
            path.push(j);
            i = next(j);
        }
        if let Some(from) = looped {
            let cycle = &path[from..];
            let k = (0..cycle.len()).min_by_key(|&k| cycle[k]).unwrap_or(0);
            let order: Vec<usize> = cycle[k..].iter().chain(&cycle[..k]).copied().collect();
            let first = order[0];
            let name = |p: usize| units.list[p].id.as_str();
            let (message, hint) = if order.len() == 1 {
                (
                    format!("unit `{}` names itself as its successor", name(first)),
                    "a successor is the unit this one became part of: name another unit or remove the line",
                )
            } else {
                let mut chain: Vec<&str> = order.iter().map(|&p| name(p)).collect();
                chain.push(name(first));
                (
                    format!("successors go round in a loop: {}", chain.join(" → ")),
                    "a successor is the unit this one became part of, so following successors must end at a unit that still exists: correct or remove one of them",
                )
            };
            ctx.error(place(first), message, Some(hint.to_owned()));
        }
        for p in path {
            done[p] = true;
            on_path[p] = None;
        }
    }
}

/// A unit, its id when that could be read (even if the unit could not), and
/// where its successor is written.
struct Decoded {
    unit: Option<Unit>,
    id: Option<(String, Location)>,
    successor_at: Option<Location>,
}

fn decode_unit(ctx: &mut Ctx, n: &Node) -> Decoded {
    let Some(m) = ctx.map(n, "a unit", UNIT_KEYS) else {
        return Decoded {
            unit: None,
            id: None,
            successor_at: None,
        };
    };
    let id = m
        .require(ctx, "id", "a unit")
        .and_then(|v| id(ctx, v).map(|s| (s, v.loc)));
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
    let successor_node = m.get("successor");
    let successor = successor_node.and_then(|v| ctx.nonempty(v, "successor"));
    let description = m.get("description").and_then(|v| ctx.string(v, "description"));
    m.finish(ctx, "a unit");
    let unit = match (id.clone(), name, kind) {
        (Some((id, _)), Some(name), Some(kind)) => Some(Unit {
            id,
            name,
            kind,
            code,
            aliases: aliases.into_iter().map(|(s, _)| s).collect(),
            until,
            successor,
            description,
            loc: n.loc,
        }),
        _ => None,
    };
    Decoded {
        unit,
        id,
        successor_at: successor_node.map(|v| v.loc),
    }
}

pub fn parse_clusters(text: &str) -> (Clusters, Vec<Diagnostic>) {
    let mut ctx = Ctx::new(CLUSTERS_FILE);
    let mut out = Clusters::default();
    let root = match yaml::parse(text, CLUSTERS_FILE, 0, 0) {
        Ok(r) => r,
        Err(d) => return (Clusters::failed(), vec![d]),
    };
    for item in entries(&root, &mut ctx, CLUSTERS_FILE, &["clusters"], &mut out.failures) {
        let Some(c) = ctx.map(item, "a cluster", CLUSTER_KEYS) else {
            out.failures.partial = true;
            continue;
        };
        let cid = c
            .require(&mut ctx, "id", "a cluster")
            .and_then(|v| id(&mut ctx, v).map(|s| (s, v.loc)));
        let name = c
            .require(&mut ctx, "name", "a cluster")
            .and_then(|v| ctx.nonempty(v, "name"));
        let organiser = c.get("organiser").and_then(|v| ctx.nonempty(v, "organiser"));
        let description = c.get("description").and_then(|v| ctx.string(v, "description"));
        c.finish(&mut ctx, "a cluster");
        let (Some((cid, at)), Some(name)) = (cid.clone(), name) else {
            match cid {
                Some((cid, _)) => {
                    out.failures.broken.insert(cid);
                }
                None => out.failures.partial = true,
            }
            continue;
        };
        if out.list.iter().any(|o| o.id == cid) {
            ctx.error(at, format!("duplicate cluster id `{cid}`"), None);
            out.failures.partial = true;
            continue;
        }
        out.list.push(Cluster {
            id: cid,
            name,
            organiser,
            description,
        });
    }
    (out, ctx.diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a reference to `id` finds, as every checker sees it.
    trait LookupExt {
        fn lookup(&self, id: &str) -> Lookup;
    }
    impl LookupExt for Units {
        fn lookup(&self, id: &str) -> Lookup {
            Refs::new(&self.ids(), &self.failures).lookup(id)
        }
    }

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
            "units:\n  - {id: A B, name: x, kind: phố}\n  - {id: a, name: y, kind: xã}\n  - {id: a, name: z, kind: xã}\n",
        );
        let msgs: Vec<_> = d.iter().map(|d| d.one_line()).collect();
        assert!(
            msgs.iter()
                .any(|m| m.contains("units.yaml:2:10") && m.contains("`a-b`")),
            "{msgs:?}"
        );
        assert!(msgs.iter().any(|m| m.contains("unknown kind `phố`")), "{msgs:?}");
        assert!(
            msgs.iter()
                .any(|m| m.contains("duplicate unit id `a`") && m.contains("line 3")),
            "{msgs:?}"
        );
    }

    fn messages(text: &str) -> Vec<String> {
        parse_units(text).1.iter().map(Diagnostic::one_line).collect()
    }

    #[test]
    fn a_missing_successor_is_reported_at_the_successor() {
        let msgs = messages("units:\n  - {id: a, name: y, kind: xã, successor: zz}\n  - {id: z, name: z, kind: xã}\n");
        assert_eq!(
            msgs,
            [
                "error: data/units.yaml:2:43: unit `a` has successor `zz`, which is not in data/units.yaml (hint: did you mean `z`?)"
            ]
        );
    }

    #[test]
    fn a_successor_loop_is_one_error_naming_the_chain() {
        let unit = |id: &str, next: &str| format!("  - {{id: {id}, name: {id}, kind: xã, successor: {next}}}\n");
        let text = format!(
            "units:\n{}{}{}{}",
            unit("b", "c"),
            unit("x", "a"),
            unit("c", "a"),
            unit("a", "b")
        );
        let msgs = messages(&text);
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        // Reported once, at the successor of the loop's unit written first.
        assert!(
            msgs[0].starts_with("error: data/units.yaml:2:43: successors go round in a loop: b → c → a → b"),
            "{msgs:?}"
        );
        let msgs = messages("units:\n  - {id: a, name: a, kind: xã, successor: a}\n");
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        assert!(msgs[0].contains("`a` names itself as its successor"), "{msgs:?}");
        // A chain that ends is fine.
        assert!(
            messages(&format!(
                "units:\n{}{}  - {{id: c, name: c, kind: xã}}\n",
                unit("a", "b"),
                unit("b", "c")
            ))
            .is_empty()
        );
    }

    #[test]
    fn what_failed_to_load_is_known_as_failed() {
        // The file does not parse: nothing is known, nothing is missing.
        let (u, d) = parse_units("units:\n  - {id: a\n");
        assert_eq!(d.len(), 1);
        assert_eq!(u.lookup("a"), Lookup::Failed);
        // `units` is not a list, or misspelt: the same.
        for text in ["units: {a: 1}\n", "unit:\n  - {id: a, name: a, kind: xã}\n"] {
            let (u, d) = parse_units(text);
            assert_eq!((d.len(), u.lookup("a")), (1, Lookup::Failed), "{text}");
        }
        // One broken unit: its id is known as failed, the others are there,
        // and a successor naming it is not reported again.
        let (u, d) =
            parse_units("units:\n  - {id: a, name: a, kind: xóm}\n  - {id: b, name: b, kind: xã, successor: a}\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            [u.lookup("a"), u.lookup("b"), u.lookup("c")],
            [Lookup::Failed, Lookup::Found, Lookup::Missing]
        );
        // A unit whose id cannot be read: any id may be the one it meant.
        let (u, _) = parse_units("units:\n  - {id: A B, name: a, kind: xã}\n  - {id: b, name: b, kind: xã}\n");
        assert_eq!([u.lookup("b"), u.lookup("a-b")], [Lookup::Found, Lookup::Failed]);
        // A complete file: an id not in it is missing.
        let (u, _) = parse_units("units:\n  - {id: b, name: b, kind: xã}\n");
        assert_eq!(u.lookup("c"), Lookup::Missing);
        assert_eq!(Units::default().lookup("c"), Lookup::Missing, "no units.yaml: no units");
    }

    #[test]
    fn clusters_record_what_failed() {
        let (c, d) = parse_clusters("clusters:\n  - {id: x, name: X}\n  - {id: y}\n");
        assert_eq!(d.len(), 1);
        assert_eq!(c.ids(), ["x"]);
        assert!(c.failures.broken.contains("y") && !c.failures.partial);
        let (c, _) = parse_clusters("clusters: [\n");
        assert!(c.failures.partial);
    }
}
