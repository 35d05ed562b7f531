//! The HTML5 named character references, as a sorted table searched by
//! binary search.
//!
//! This replaces the upstream crate's perfect-hash map, which held every
//! name and also every prefix of every name (mapped to `(0, 0)`) so that
//! html5ever's tokenizer can tell, one character at a time, whether a longer
//! match may still come. A sorted table answers the same question: a key is
//! a prefix of some name exactly when the first name not less than the key
//! starts with it. The table is a fraction of the map's size in the wasm
//! core, and the tokenizer only searches it after an `&`.

include!(concat!(env!("OUT_DIR"), "/named_entity_table.rs"));

/// What a key that is only the start of a name maps to.
static PREFIX: (u32, u32) = (0, 0);

/// The named character references, looked up as the upstream map was.
pub struct NamedEntities {
    names: &'static str,
    ends: &'static [u16],
    code_points: &'static [(u32, u32)],
}

/// A map of entity names to their code points. The second code point is 0
/// if the entity has a single code point. Names have their leading `&`
/// removed. Every proper prefix of a name (and the empty key) maps to
/// `(0, 0)`, as in the upstream map.
///
/// # Examples
///
/// ```
/// use web_atoms::NAMED_ENTITIES;
///
/// assert_eq!(NAMED_ENTITIES.get("gt;"), Some(&(62, 0)));
/// assert_eq!(NAMED_ENTITIES.get("g"), Some(&(0, 0)));
/// assert_eq!(NAMED_ENTITIES.get("gx"), None);
/// ```
pub static NAMED_ENTITIES: NamedEntities = NamedEntities {
    names: NAMES,
    ends: &ENDS,
    code_points: &CODE_POINTS,
};

impl NamedEntities {
    /// Returns the code points of the name `key`, `(0, 0)` when `key` is
    /// only the start of a name, or `None` when no name starts with it.
    pub fn get(&self, key: &str) -> Option<&'static (u32, u32)> {
        let index = self.partition_point(key);
        let name = self.name(index)?;
        if name == key {
            self.code_points.get(index)
        } else if name.starts_with(key) {
            Some(&PREFIX)
        } else {
            None
        }
    }

    /// Returns the number of names.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Returns whether the table has no names.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Returns the index of the first name not less than `key`.
    fn partition_point(&self, key: &str) -> usize {
        let (mut low, mut high) = (0, self.ends.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.name(middle) {
                Some(name) if name < key => low = middle + 1,
                _ => high = middle,
            }
        }
        low
    }

    fn name(&self, index: usize) -> Option<&'static str> {
        let end = usize::from(*self.ends.get(index)?);
        let start = match index {
            0 => 0,
            _ => usize::from(self.ends[index - 1]),
        };
        self.names.get(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The upstream map, rebuilt from the source list: every name and every
    /// prefix of every name.
    fn upstream() -> std::collections::BTreeMap<String, (u32, u32)> {
        let source = include_str!("entities.rs");
        let mut map = std::collections::BTreeMap::new();
        for line in source.lines() {
            let Some(rest) = line.trim().strip_prefix("(\"&") else { continue };
            let (name, values) = rest.split_once("\", ").unwrap();
            let values = values.trim_end_matches("),").trim_end_matches(')');
            let (first, second) = values.split_once(", ").unwrap();
            map.insert(name.to_string(), (first.parse().unwrap(), second.parse().unwrap()));
        }
        let names: Vec<String> = map.keys().cloned().collect();
        for name in names {
            for end in 0..name.len() {
                map.entry(name[..end].to_string()).or_insert((0, 0));
            }
        }
        map
    }

    #[test]
    fn answers_as_the_upstream_map_did() {
        let upstream = upstream();
        assert_eq!(NAMED_ENTITIES.len(), 2231);
        for (key, value) in &upstream {
            assert_eq!(NAMED_ENTITIES.get(key), Some(value), "{key:?}");
            for extra in ["x", ";", "0", "\u{e9}"] {
                let longer = format!("{key}{extra}");
                assert_eq!(NAMED_ENTITIES.get(&longer), upstream.get(&longer), "{longer:?}");
            }
        }
        assert_eq!(NAMED_ENTITIES.get("zzzz"), None);
    }
}
