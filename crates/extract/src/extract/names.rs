//! The element names of a tree, each stored once.
//!
//! Nodes refer to their element's namespace and local name by an index
//! into this table, so a node contains no atom. A copy of the tree for a
//! scoring pass then copies plain bytes, dropping it frees nothing per
//! node, and a smaller node makes every walk over the tree read less
//! memory.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use html5ever::{LocalName, Namespace};

/// Index of an element name in a [`Names`] table.
pub type NameIndex = u32;

/// The distinct element names of a tree, in the order they first came.
#[derive(Debug, Clone, Default)]
pub struct Names {
    list: Vec<(Namespace, LocalName)>,
    index: HashMap<(Namespace, LocalName), NameIndex, BuildHasherDefault<AtomHasher>>,
}

impl Names {
    /// Returns the index of a name, adding the name when it is new.
    pub fn intern(&mut self, ns: Namespace, local: LocalName) -> NameIndex {
        let list = &mut self.list;
        *self.index.entry((ns, local)).or_insert_with_key(|name| {
            list.push(name.clone());
            (list.len() - 1) as NameIndex
        })
    }

    /// Returns the namespace and local name at `index`.
    pub fn get(&self, index: NameIndex) -> &(Namespace, LocalName) {
        &self.list[index as usize]
    }
}

/// Hasher for keys made of atoms, which hash by writing their
/// precomputed hash. It does one multiply per write instead of the rounds
/// of the default SipHash.
#[derive(Default)]
struct AtomHasher(u64);

impl AtomHasher {
    fn add(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for AtomHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.add(u64::from(byte));
        }
    }

    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use html5ever::{local_name, ns};

    #[test]
    fn intern_keeps_one_index_per_name() {
        let mut names = Names::default();
        let p = names.intern(ns!(html), local_name!("p"));
        let svg_a = names.intern(ns!(svg), local_name!("a"));
        let html_a = names.intern(ns!(html), local_name!("a"));
        let custom = names.intern(ns!(html), LocalName::from("my-widget"));
        assert_eq!(names.intern(ns!(html), local_name!("p")), p);
        assert_eq!(names.intern(ns!(html), LocalName::from("my-widget")), custom);
        assert_ne!(svg_a, html_a);
        assert_eq!(names.get(svg_a), &(ns!(svg), local_name!("a")));
        assert_eq!(names.get(custom).1, LocalName::from("my-widget"));
    }
}
