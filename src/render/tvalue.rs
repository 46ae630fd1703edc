//! JSON values as Tera values. Converting by hand rather than through serde
//! shares key names: every item value has the same twenty-odd keys, and
//! through serde each key of each map is its own allocation (about a third
//! of an item's memory). The values are those serde would give.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;
use tera::value::Key;

thread_local! {
    /// Key names seen on this thread. Bounded by the distinct names the
    /// site uses (ours and the keys of authors' `extra` maps).
    static KEYS: RefCell<HashMap<String, Arc<str>>> = RefCell::new(HashMap::new());
}

fn key(k: &str) -> Key<'static> {
    KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        match keys.get(k) {
            Some(a) => Key::String(Arc::clone(a)),
            None => {
                let a: Arc<str> = Arc::from(k);
                keys.insert(k.to_owned(), Arc::clone(&a));
                Key::String(a)
            }
        }
    })
}

/// `v` for templates: numbers as serde_json serialises them (unsigned,
/// then signed, then float), null as none.
pub fn tv(v: &Value) -> tera::Value {
    match v {
        Value::Null => tera::Value::from(()),
        Value::Bool(b) => tera::Value::from(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => tera::Value::from(u),
            (None, Some(i), _) => tera::Value::from(i),
            (None, None, f) => tera::Value::from(f.unwrap_or(0.0)),
        },
        Value::String(s) => tera::Value::from(s.as_str()),
        Value::Array(a) => tera::Value::from(a.iter().map(tv).collect::<Vec<_>>()),
        Value::Object(m) => tera::Value::from(map(m.iter().map(|(k, v)| (k.as_str(), tv(v))))),
    }
}

/// A map of the given entries, keys shared.
pub fn map<'a>(entries: impl Iterator<Item = (&'a str, tera::Value)>) -> tera::Map {
    let mut out = tera::Map::new();
    for (k, v) in entries {
        out.insert(key(k), v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_values_as_through_serde() {
        let v = serde_json::json!({
            "s": "short", "long": "a string longer than twenty-one bytes", "n": null, "b": true,
            "u": 3, "i": -4, "f": 2.5, "big": u64::MAX,
            "a": [1, "x", {"k": [null]}], "m": {"nested": {"deep": 1}}, "empty": {},
        });
        let by_serde = tera::Value::try_from_serializable(&v).unwrap();
        assert_eq!(tv(&v), by_serde);
        same_kinds(&tv(&v), &by_serde);
    }

    /// Equal values may differ in kind (3 unsigned, 3 signed): compare those too.
    fn same_kinds(a: &tera::Value, b: &tera::Value) {
        assert_eq!(a.kind(), b.kind(), "{a} / {b}");
        if let (Some(x), Some(y)) = (a.as_array(), b.as_array()) {
            x.iter().zip(y).for_each(|(x, y)| same_kinds(x, y));
        }
        if let (Some(x), Some(y)) = (a.as_map(), b.as_map()) {
            assert_eq!(x.len(), y.len());
            for (k, v) in x {
                same_kinds(v, &y[k]);
            }
        }
    }
}
