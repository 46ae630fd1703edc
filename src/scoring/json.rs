//! standings.json: the table as data, in the contract's shape and key order.

use serde_json::{Map, Value, json};

use super::compute::Standings;
use super::season::Season;

/// `{cluster, year, status, scale, rows: [{rank, unit, name, points, bonus,
/// deductions, total, groups, stage, tier, award, change}]}`. Rows are in rank
/// order; `tier`, `award` and `change` are null when absent. `scale` is the
/// sheet's whole even when the file does not write `scale`: a given scale must
/// equal it, so it is the same number, and readers always learn what the total
/// is out of. `unit_name` gives the display name of a unit id.
pub fn standings_json(season: &Season, standings: &Standings, unit_name: impl Fn(&str) -> String) -> Value {
    let rows: Vec<Value> = standings
        .rows
        .iter()
        .map(|r| {
            let groups: Map<String, Value> = r.groups.iter().map(|(code, p)| (code.clone(), p.to_json())).collect();
            json!({
                "rank": r.rank,
                "unit": r.unit,
                "name": unit_name(&r.unit),
                "points": r.points.to_json(),
                "bonus": r.bonus.to_json(),
                "deductions": r.deductions.to_json(),
                "total": r.total.to_json(),
                "groups": groups,
                "stage": r.stage,
                "tier": r.tier,
                "award": r.award.and_then(|i| season.awards.get(i)).map(|a| a.title.as_str()),
                "change": r.change,
            })
        })
        .collect();
    json!({
        "cluster": season.cluster,
        "year": season.year,
        "status": season.status.as_str(),
        "scale": season.scale.unwrap_or_else(|| season.sheet.total()).to_json(),
        "rows": rows,
    })
}
