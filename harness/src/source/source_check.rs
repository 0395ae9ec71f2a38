//! Refuses to model-check a file that reaches around the shim.
//!
//! loom only sees the primitives it provides. A `std::sync::Mutex` inside a model is
//! invisible to it: a blocked std lock blocks the single OS thread that runs every model
//! thread, and the model hangs; a std atomic or `UnsafeCell` is never checked, so a race
//! on it passes. So before a model runs, its subject file is *parsed* (with `syn`, not
//! scanned line by line) and every path that names std's (or another crate's)
//! synchronization is reported with the line and the `crate::…` path to use instead:
//!
//! - `use` trees however they are nested or spread over lines
//!   (`use std::{\n    sync::Mutex,\n};`), globs, and `self` imports;
//! - aliases, followed to what they name: `use std::sync as s;` then `s::Mutex`,
//!   `use std as s;` then `s::sync::…`, `extern crate std as x;` then `x::thread::…`;
//! - fully qualified paths in types and expressions (`::std::sync::Mutex<T>`,
//!   `std::thread::spawn(..)`, `<std::sync::Mutex<u8>>::new`);
//! - `core::sync::atomic`, `std::hint::spin_loop`, `std::hint::black_box` (under the
//!   model, `crate::hint::black_box` is a step the checker interleaves; std's hides a lock
//!   held around pure computation), `std::cell::UnsafeCell`, and any `parking_lot` or
//!   `crossbeam` path;
//! - paths inside macro invocations and `macro_rules!` bodies, as far as their tokens
//!   show them.
//!
//! A file that does not parse is not a bypass: the compiler reports it, better than this
//! check could.

use crate::FailureClass;
use proc_macro2::{TokenStream, TokenTree};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use syn::visit::{self, Visit};

/// One finding: a path that reaches around the shim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// 1-based line number.
    pub line: usize,
    /// The line as written.
    pub text: String,
    /// The path as written there, e.g. `s::Mutex`.
    pub written: String,
    /// What it names once aliases are followed, e.g. `std::sync::Mutex`.
    pub path: String,
    /// What to write instead, e.g. `crate::sync::Mutex`.
    pub instead: String,
}

/// Parses `source` and returns every shim bypass in it, one per line, in line order.
/// A file that does not parse has none (the compiler will report it).
pub fn scan(source: &str) -> Vec<Violation> {
    let Ok(file) = syn::parse_file(source) else {
        return Vec::new();
    };
    let mut imports = Imports::default();
    imports.visit_file(&file);
    let mut checker = Checker {
        aliases: imports.aliases(),
        extern_aliases: imports.extern_aliases,
        found: BTreeMap::new(),
    };
    for import in &imports.list {
        let refused = checker.check_path(&import.segments, import.leading_colon, import.line);
        // An import that is itself refused names the fix on its own line; following its
        // name into every line that uses it would only repeat that. A renamed import
        // (`as s`) is followed: its uses do not look like std's.
        if refused
            && !import.renamed
            && let Some(name) = &import.name
        {
            checker.aliases.remove(name);
        }
    }
    for (line, name, original) in &imports.extern_crates {
        checker.add(
            *line,
            format!("extern crate {original} as {name}"),
            original.clone(),
            "crate::sync` and `crate::thread".to_string(),
        );
    }
    checker.visit_file(&file);
    let lines: Vec<&str> = source.lines().collect();
    checker
        .found
        .into_iter()
        .map(|(line, (written, path, instead))| Violation {
            line,
            text: lines
                .get(line.wrapping_sub(1))
                .map(|l| l.trim().to_string())
                .unwrap_or_default(),
            written,
            path,
            instead,
        })
        .collect()
}

/// What to write instead of the path `segments` (aliases already followed), or `None`
/// when the path does not reach around the shim.
fn replacement(segments: &[String]) -> Option<String> {
    let first = segments.first()?.as_str();
    let second = segments.get(1).map(String::as_str);
    let third = segments.get(2).map(String::as_str);
    let rest = |from: usize, base: &str| {
        let tail: Vec<&str> = segments[from.min(segments.len())..]
            .iter()
            .map(String::as_str)
            .filter(|s| *s != "*")
            .collect();
        if tail.is_empty() {
            base.to_string()
        } else {
            format!("{base}::{}", tail.join("::"))
        }
    };
    match (first, second) {
        ("std" | "core" | "alloc", Some("sync")) => Some(rest(2, "crate::sync")),
        ("std", Some("thread")) => Some(rest(2, "crate::thread")),
        ("std" | "core", Some("cell")) if matches!(third, Some("UnsafeCell" | "*")) => {
            Some("crate::cell::UnsafeCell".to_string())
        }
        ("std" | "core", Some("hint")) if matches!(third, Some("spin_loop" | "*")) => {
            Some("crate::hint::spin_loop".to_string())
        }
        ("std" | "core", Some("hint")) if third == Some("black_box") => {
            Some("crate::hint::black_box".to_string())
        }
        ("parking_lot" | "parking_lot_core", _) => Some(rest(1, "crate::sync")),
        (krate, _) if krate.starts_with("crossbeam") => {
            let threads = segments.iter().any(|s| s == "thread" || s == "scope");
            Some(
                if threads {
                    "crate::thread"
                } else {
                    "crate::sync"
                }
                .to_string(),
            )
        }
        _ => None,
    }
}

/// One imported path: `use a::b::c;` is `[a, b, c]`, a glob ends in `*`.
#[derive(Debug)]
struct Import {
    segments: Vec<String>,
    leading_colon: bool,
    /// The name it brings into scope (`c`, or the `as` name); `None` for a glob.
    name: Option<String>,
    /// Whether it was imported `as` another name.
    renamed: bool,
    line: usize,
}

/// First pass: every `use` and `extern crate` in the file, wherever it is.
#[derive(Default)]
struct Imports {
    list: Vec<Import>,
    /// `extern crate original as name`: (line, name, original).
    extern_crates: Vec<(usize, String, String)>,
    /// `extern crate original as name`: name → original; these also apply after `::`.
    extern_aliases: HashMap<String, String>,
}

impl Imports {
    fn flatten(&mut self, tree: &syn::UseTree, prefix: &mut Vec<String>, leading_colon: bool) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.flatten(&path.tree, prefix, leading_colon);
                prefix.pop();
            }
            syn::UseTree::Name(name) => self.push(prefix, &name.ident, None, leading_colon),
            syn::UseTree::Rename(rename) => {
                self.push(prefix, &rename.ident, Some(&rename.rename), leading_colon);
            }
            syn::UseTree::Glob(glob) => {
                let mut segments = prefix.clone();
                segments.push("*".to_string());
                self.list.push(Import {
                    segments,
                    leading_colon,
                    name: None,
                    renamed: false,
                    line: glob.star_token.spans[0].start().line,
                });
            }
            syn::UseTree::Group(group) => {
                for item in &group.items {
                    self.flatten(item, prefix, leading_colon);
                }
            }
        }
    }

    fn push(
        &mut self,
        prefix: &[String],
        ident: &syn::Ident,
        rename: Option<&syn::Ident>,
        leading_colon: bool,
    ) {
        let mut segments = prefix.to_vec();
        if ident != "self" {
            segments.push(ident.to_string());
        }
        let name = rename
            .or(Some(ident).filter(|i| *i != "self"))
            .map(ToString::to_string)
            .or_else(|| segments.last().cloned())
            .filter(|n| n != "_");
        self.list.push(Import {
            segments,
            leading_colon,
            name,
            renamed: rename.is_some(),
            line: ident.span().start().line,
        });
    }

    /// name → the path it stands for, for every import that names something.
    fn aliases(&self) -> HashMap<String, (Vec<String>, bool)> {
        let mut aliases = HashMap::new();
        for import in &self.list {
            if let Some(name) = &import.name {
                aliases.insert(
                    name.clone(),
                    (import.segments.clone(), import.leading_colon),
                );
            }
        }
        for (name, original) in &self.extern_aliases {
            aliases.insert(name.clone(), (vec![original.clone()], true));
        }
        aliases
    }
}

impl<'ast> Visit<'ast> for Imports {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.flatten(&item.tree, &mut Vec::new(), item.leading_colon.is_some());
    }

    fn visit_item_extern_crate(&mut self, item: &'ast syn::ItemExternCrate) {
        let original = item.ident.to_string();
        let line = item.ident.span().start().line;
        match &item.rename {
            Some((_, name)) if name != "_" => {
                let name = name.to_string();
                self.extern_aliases.insert(name.clone(), original.clone());
                if matches!(original.as_str(), "std" | "core" | "alloc") {
                    self.extern_crates.push((line, name, original.clone()));
                }
            }
            _ => {}
        }
        if original.starts_with("crossbeam") || original.starts_with("parking_lot") {
            self.list.push(Import {
                segments: vec![original],
                leading_colon: true,
                name: None,
                renamed: false,
                line,
            });
        }
    }
}

/// Second pass: every path in the file, with aliases followed.
struct Checker {
    aliases: HashMap<String, (Vec<String>, bool)>,
    extern_aliases: HashMap<String, String>,
    /// line → (as written, what it names, what to write instead); the first per line.
    found: BTreeMap<usize, (String, String, String)>,
}

impl Checker {
    fn resolve(&self, segments: &[String], leading_colon: bool, depth: usize) -> Vec<String> {
        let Some(first) = segments.first() else {
            return Vec::new();
        };
        if depth > 16
            || matches!(
                first.as_str(),
                "crate" | "self" | "super" | "Self" | "$crate"
            )
        {
            return segments.to_vec();
        }
        let target = if leading_colon {
            self.extern_aliases
                .get(first)
                .map(|original| (vec![original.clone()], true))
        } else {
            self.aliases.get(first).cloned()
        };
        match target {
            Some((mut path, leading)) if path.as_slice() != &segments[..1] => {
                path.extend_from_slice(&segments[1..]);
                self.resolve(&path, leading, depth + 1)
            }
            _ => segments.to_vec(),
        }
    }

    /// Records a finding if the path reaches around the shim; says whether it does.
    fn check_path(&mut self, segments: &[String], leading_colon: bool, line: usize) -> bool {
        let resolved = self.resolve(segments, leading_colon, 0);
        let Some(instead) = replacement(&resolved) else {
            return false;
        };
        {
            let written = format!(
                "{}{}",
                if leading_colon { "::" } else { "" },
                segments.join("::")
            );
            self.add(line, written, resolved.join("::"), instead);
        }
        true
    }

    fn add(&mut self, line: usize, written: String, path: String, instead: String) {
        self.found.entry(line).or_insert((written, path, instead));
    }

    /// Finds `a::b::c` (and `::a::b`) in a macro's tokens, at any depth of nesting.
    fn scan_tokens(&mut self, tokens: TokenStream) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                TokenTree::Group(group) => {
                    self.scan_tokens(group.stream());
                    i += 1;
                }
                TokenTree::Ident(_) | TokenTree::Punct(_) => {
                    let leading_colon = is_path_sep(&tokens, i);
                    let start = if leading_colon { i + 2 } else { i };
                    let mut segments = Vec::new();
                    let mut line = 0;
                    let mut j = start;
                    while let Some(TokenTree::Ident(ident)) = tokens.get(j) {
                        if segments.is_empty() {
                            line = ident.span().start().line;
                        }
                        segments.push(ident.to_string());
                        if is_path_sep(&tokens, j + 1) {
                            j += 3;
                        } else {
                            j += 1;
                            break;
                        }
                    }
                    if segments.is_empty() {
                        i += 1;
                    } else {
                        if segments.len() > 1 || leading_colon {
                            let _ = self.check_path(&segments, leading_colon, line);
                        }
                        i = j;
                    }
                }
                TokenTree::Literal(_) => i += 1,
            }
        }
    }
}

fn is_path_sep(tokens: &[TokenTree], at: usize) -> bool {
    matches!(
        (tokens.get(at), tokens.get(at + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
            if a.as_char() == ':' && b.as_char() == ':' && a.spacing() == proc_macro2::Spacing::Joint
    )
}

impl<'ast> Visit<'ast> for Checker {
    fn visit_item_use(&mut self, _: &'ast syn::ItemUse) {
        // Checked from the first pass's flattened imports.
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if let Some(first) = path.segments.first() {
            let _ = self.check_path(
                &segments,
                path.leading_colon.is_some(),
                first.ident.span().start().line,
            );
        }
        visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        visit::visit_macro(self, mac);
        self.scan_tokens(mac.tokens.clone());
    }
}

/// Reads the subject file and returns the report to fail with, if it bypasses the shim.
pub fn check(test: &str, path: &str) -> Result<(), String> {
    let source = match std::fs::read_to_string(path) {
        Ok(source) => source,
        Err(e) => return Err(format!("cannot read the file under test, {path}: {e}")),
    };
    let violations = scan(&source);
    if violations.is_empty() {
        return Ok(());
    }
    let shown = crate::util::display_path(path);
    let available = shim_modules(path);
    let mut report = String::new();
    let _ = writeln!(report, "model check refused to run: {test}");
    let _ = writeln!(report, "{}", FailureClass::ShimBypass.report_line());
    let _ = writeln!(report);
    for v in &violations {
        let what = if v.written == v.path {
            format!("`{}`", v.path)
        } else {
            format!("`{}`, which is `{}`,", v.written, v.path)
        };
        let _ = writeln!(
            report,
            "  {shown}:{} uses {what} directly:\n      {}",
            v.line, v.text
        );
        let _ = writeln!(report, "{}", replacement_advice(v, available.as_deref()));
    }
    let _ = writeln!(report);
    let _ = writeln!(
        report,
        "{}",
        FailureClass::ShimBypass.advice_for(available.as_deref())
    );
    Err(report)
}

/// The shim modules the crate of the file at `path` brings in (`use
/// harness::std_shim::{sync, thread};` in the `lib.rs` beside it), if that can be read.
pub(crate) fn shim_modules(path: &str) -> Option<Vec<String>> {
    let lib = std::path::Path::new(path).with_file_name("lib.rs");
    let file = syn::parse_file(&std::fs::read_to_string(lib).ok()?).ok()?;
    fn under_shim(tree: &syn::UseTree, prefix: &[String], out: &mut Vec<String>) {
        match tree {
            syn::UseTree::Path(p) => {
                let mut prefix = prefix.to_vec();
                prefix.push(p.ident.to_string());
                under_shim(&p.tree, &prefix, out);
            }
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| under_shim(t, prefix, out)),
            syn::UseTree::Name(n) if prefix == ["harness", "std_shim"] => {
                out.push(n.ident.to_string());
            }
            syn::UseTree::Rename(r) if prefix == ["harness", "std_shim"] => {
                out.push(r.rename.to_string());
            }
            _ => {}
        }
    }
    let mut modules = Vec::new();
    for item in &file.items {
        if let syn::Item::Use(u) = item {
            under_shim(&u.tree, &[], &mut modules);
        }
    }
    (!modules.is_empty()).then_some(modules)
}

/// What to write instead of `v`'s path: its `crate::…` path, or, where this exercise's
/// crate has no such module (`crate::thread` in an exercise done with `crate::sync`
/// alone), that the exercise is meant to be done without it.
fn replacement_advice(v: &Violation, available: Option<&[String]>) -> String {
    let module = v
        .instead
        .strip_prefix("crate::")
        .and_then(|rest| rest.split("::").next());
    let (Some(module), Some(available)) = (module, available) else {
        return format!("    write `{}` instead.", v.instead);
    };
    if available.iter().any(|m| m == module) {
        return format!("    write `{}` instead.", v.instead);
    }
    let has: Vec<String> = available.iter().map(|m| format!("`crate::{m}`")).collect();
    let waiting = if [
        "std::thread::yield_now",
        "std::thread::sleep",
        "std::hint::spin_loop",
    ]
    .contains(&v.path.as_str())
    {
        " A thread that has to wait here should sleep until another thread wakes it \
         (a `Condvar` from `crate::sync`), not yield, spin or sleep for a while."
    } else {
        ""
    };
    let text = format!(
        "this exercise has no `crate::{module}`: it is meant to be done with what its \
         `src/lib.rs` brings in ({}).{waiting}",
        has.join(", ")
    );
    crate::util::wrap(&text, 84)
        .iter()
        .map(|line| format!("    {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_the_exercise_does_not_have_is_not_suggested() {
        let v = Violation {
            line: 34,
            text: "std::thread::yield_now();".into(),
            written: "std::thread::yield_now".into(),
            path: "std::thread::yield_now".into(),
            instead: "crate::thread::yield_now".into(),
        };
        let only_sync = ["sync".to_string()];
        let advice = replacement_advice(&v, Some(&only_sync));
        assert!(!advice.contains("write `crate::thread"), "{advice}");
        assert!(advice.contains("no `crate::thread`"), "{advice}");
        assert!(advice.contains("`Condvar`"), "{advice}");
        let both = ["sync".to_string(), "thread".to_string()];
        assert_eq!(
            replacement_advice(&v, Some(&both)),
            "    write `crate::thread::yield_now` instead."
        );
        assert_eq!(
            replacement_advice(&v, None),
            "    write `crate::thread::yield_now` instead."
        );
    }

    /// (line, what it names, what to write instead) of each finding.
    fn findings(source: &str) -> Vec<(usize, String, String)> {
        scan(source)
            .into_iter()
            .map(|v| (v.line, v.path, v.instead))
            .collect()
    }

    fn one(line: usize, path: &str, instead: &str) -> Vec<(usize, String, String)> {
        vec![(line, path.to_string(), instead.to_string())]
    }

    #[test]
    fn a_direct_std_import_is_found_with_its_replacement() {
        assert_eq!(
            findings("use std::sync::Mutex;\nuse crate::sync::Arc;\n"),
            one(1, "std::sync::Mutex", "crate::sync::Mutex")
        );
    }

    #[test]
    fn a_use_tree_spread_over_lines_is_found_on_the_line_that_names_sync() {
        let source = "use std::{\n    sync::Mutex,\n};\n";
        assert_eq!(
            findings(source),
            one(2, "std::sync::Mutex", "crate::sync::Mutex")
        );
        let nested = "use std::{collections::VecDeque, sync::{atomic::{AtomicU64, Ordering}}};";
        assert_eq!(
            findings(nested),
            one(
                1,
                "std::sync::atomic::AtomicU64",
                "crate::sync::atomic::AtomicU64"
            )
        );
        assert_eq!(findings("use std::{thread, fmt};")[0].2, "crate::thread");
    }

    #[test]
    fn an_alias_of_std_sync_is_followed_to_its_use() {
        let source = "use std::sync as s;\nfn f() -> s::Mutex<u8> { s::Mutex::new(0) }\n";
        let found = scan(source);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[1].line, 2);
        assert_eq!(found[1].written, "s::Mutex");
        assert_eq!(found[1].path, "std::sync::Mutex");
        assert_eq!(found[1].instead, "crate::sync::Mutex");
    }

    #[test]
    fn an_alias_of_std_itself_is_followed_into_its_paths() {
        let source = "use std as s;\n\nfn f() { let _m = s::sync::Mutex::new(0); }\n";
        assert_eq!(
            findings(source),
            one(3, "std::sync::Mutex::new", "crate::sync::Mutex::new")
        );
    }

    #[test]
    fn an_extern_crate_alias_of_std_is_refused_and_followed() {
        let source = "extern crate std as x;\nfn f() { x::thread::spawn(|| ()); }\n";
        let found = findings(source);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, 1);
        assert_eq!(
            found[1],
            (
                2,
                "std::thread::spawn".into(),
                "crate::thread::spawn".into()
            )
        );
        let absolute = "extern crate std as x;\ntype M = ::x::sync::Mutex<u8>;\n";
        assert_eq!(findings(absolute)[1].1, "std::sync::Mutex");
    }

    #[test]
    fn fully_qualified_paths_in_types_and_calls_are_found() {
        let source = "struct S {\n    m: ::std::sync::Mutex<u32>,\n}\nfn f() {\n    std::thread::spawn(|| ());\n    let _ = <std::sync::Mutex<u8>>::new(1);\n}\n";
        let lines: Vec<usize> = findings(source).iter().map(|f| f.0).collect();
        assert_eq!(lines, vec![2, 5, 6]);
        assert_eq!(findings(source)[1].2, "crate::thread::spawn");
    }

    #[test]
    fn core_atomics_spin_loop_and_unsafe_cell_are_found() {
        assert_eq!(
            findings("use core::sync::atomic::AtomicBool;"),
            one(
                1,
                "core::sync::atomic::AtomicBool",
                "crate::sync::atomic::AtomicBool"
            )
        );
        assert_eq!(
            findings("fn f() { std::hint::spin_loop(); }"),
            one(1, "std::hint::spin_loop", "crate::hint::spin_loop")
        );
        assert_eq!(
            findings("use std::hint::black_box;"),
            one(1, "std::hint::black_box", "crate::hint::black_box")
        );
        assert_eq!(
            findings("struct S(std::cell::UnsafeCell<u8>);"),
            one(1, "std::cell::UnsafeCell", "crate::cell::UnsafeCell")
        );
        assert_eq!(
            findings("use std::cell;\n\nstruct S(cell::UnsafeCell<u8>);"),
            one(3, "std::cell::UnsafeCell", "crate::cell::UnsafeCell")
        );
    }

    #[test]
    fn parking_lot_and_crossbeam_types_are_found() {
        assert_eq!(
            findings("use parking_lot::Mutex;"),
            one(1, "parking_lot::Mutex", "crate::sync::Mutex")
        );
        assert_eq!(
            findings("fn f() { crossbeam::scope(|_| ()); }")[0].2,
            "crate::thread"
        );
        assert_eq!(
            findings("type Q = crossbeam_queue::ArrayQueue<u8>;")[0].2,
            "crate::sync"
        );
    }

    #[test]
    fn paths_inside_macros_are_found_where_their_tokens_show_them() {
        assert_eq!(
            findings("fn f() { let v = vec![std::sync::Mutex::new(1)]; }"),
            one(1, "std::sync::Mutex::new", "crate::sync::Mutex::new")
        );
        let rules =
            "macro_rules! lock {\n    () => {\n        ::std::sync::Mutex::new(0)\n    };\n}\n";
        assert_eq!(findings(rules)[0].0, 3);
    }

    #[test]
    fn comments_strings_and_unrelated_std_paths_are_fine() {
        let ok = "// std::sync::Mutex would hang the model\n/* std::thread */ use std::collections::VecDeque;\nuse std::fmt;\nuse crate::sync::{Arc, Mutex};\nuse crate::cell::UnsafeCell;\nuse crate::hint;\nfn f() -> &'static str { hint::spin_loop(); \"std::sync::Mutex\" }\nfn g() { println!(\"{}\", std::mem::size_of::<u8>()); }\n";
        assert!(scan(ok).is_empty(), "{:?}", scan(ok));
    }

    #[test]
    fn a_file_that_does_not_parse_is_left_to_the_compiler() {
        assert!(scan("use std::sync::Mutex\nfn (").is_empty());
    }

    #[test]
    fn the_lost_update_starter_with_a_multi_line_std_import_is_refused() {
        // The racy starter body of lost-update, importing std's types over three lines:
        // a line-by-line scanner let it through and the race passed its grade.
        let source = "use std::{\n    sync::atomic::{AtomicU64, Ordering},\n};\n\npub struct Counter {\n    value: AtomicU64,\n}\n\nimpl Counter {\n    pub fn increment(&self) {\n        let v = self.value.load(Ordering::SeqCst);\n        self.value.store(v + 1, Ordering::SeqCst);\n    }\n}\n";
        let found = scan(source);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 2);
        assert_eq!(found[0].instead, "crate::sync::atomic::AtomicU64");
    }
}
