//! The harness is built in layers: a module uses only modules below it, never one that
//! uses it back (the recorder never calls the detector, the shims never call the cards).
//! An import cycle makes every module in it depend on every other: this test finds one.
//!
//! A module is a top-level file of `src/` (or a folder, its files folded together); it
//! uses another when its code (comments left out) names `crate::other`, directly or in a
//! `use crate::{…}` group.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn modules() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules: BTreeMap<String, String> = BTreeMap::new();
    let mut files = vec![src.clone()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(
                std::fs::read_dir(&path)
                    .unwrap()
                    .flatten()
                    .map(|e| e.path()),
            );
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap().as_os_str();
        let name = Path::new(first)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if name == "lib" {
            continue;
        }
        let code: String = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .map(|line| line.split("//").next().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n");
        modules.entry(name).or_default().push_str(&code);
    }
    modules
}

/// Every module `code` names as `crate::NAME` or inside `use crate::{…}`.
fn uses(code: &str, modules: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| modules.contains_key(*w))
            .map(str::to_string)
            .collect()
    };
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = group.split('}').next().unwrap_or_default();
            // Only the first word of each path in the group names a module.
            for path in group.split(',') {
                found.extend(words(path.split("::").next().unwrap_or_default()));
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if modules.contains_key(&name) {
                found.insert(name);
            }
        }
    }
    found
}

/// A cycle through `start`, as the modules along it, if the graph has one.
fn cycle_from(
    start: &str,
    graph: &BTreeMap<String, BTreeSet<String>>,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(at) = path.iter().position(|m| m == start) {
        let mut cycle = path[at..].to_vec();
        cycle.push(start.to_string());
        return Some(cycle);
    }
    if done.contains(start) {
        return None;
    }
    path.push(start.to_string());
    for next in &graph[start] {
        if let Some(cycle) = cycle_from(next, graph, path, done) {
            return Some(cycle);
        }
    }
    path.pop();
    done.insert(start.to_string());
    None
}

#[test]
fn the_harness_modules_use_each_other_without_a_cycle() {
    let modules = modules();
    assert!(modules.len() >= 10, "{:?}", modules.keys());
    let graph: BTreeMap<String, BTreeSet<String>> = modules
        .iter()
        .map(|(name, code)| {
            let mut used = uses(code, &modules);
            used.remove(name);
            (name.clone(), used)
        })
        .collect();
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        if let Some(cycle) = cycle_from(module, &graph, &mut Vec::new(), &mut done) {
            panic!(
                "harness modules use each other in a circle: {}. Move what the lower one \
                 needs into it or into a module below both (util, origin, class), so that \
                 each module uses only modules below it",
                cycle.join(" → ")
            );
        }
    }
}

#[test]
fn a_circle_of_uses_is_found() {
    let modules: BTreeMap<String, String> = [
        ("card", "use crate::{record::Event, util};"),
        ("record", "crate::track::model_event();"),
        ("track", "let _ = crate::card::draw;"),
        ("util", ""),
    ]
    .map(|(n, c)| (n.to_string(), c.to_string()))
    .into_iter()
    .collect();
    let graph: BTreeMap<String, BTreeSet<String>> = modules
        .iter()
        .map(|(name, code)| (name.clone(), uses(code, &modules)))
        .collect();
    assert_eq!(
        graph["card"],
        BTreeSet::from(["record".to_string(), "util".to_string()])
    );
    let cycle = cycle_from("card", &graph, &mut Vec::new(), &mut BTreeSet::new());
    assert_eq!(
        cycle.unwrap(),
        ["card", "record", "track", "card"].map(String::from)
    );
}
