//! Which function of the learner's source a line belongs to: how a diagnosis names its
//! culprit (`SortedList::insert`, never a line number alone).
//!
//! A file is parsed once (with `syn`, spans on) into the line ranges of its functions,
//! methods with their `impl`'s type; a line belongs to the innermost range that holds
//! it, so a closure's line belongs to the function it is written in.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use syn::visit::{self, Visit};

/// A function's lines and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Function {
    first: usize,
    last: usize,
    /// `insert` for a free function, `SortedList::insert` for a method.
    name: String,
}

type Cache = HashMap<String, Vec<Function>>;

/// The function that line `line` of `file` is written in, as `Type::method` or `name`.
pub(crate) fn function_at(file: &str, line: u32) -> Option<String> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
    let functions = cache.entry(file.to_string()).or_insert_with(|| {
        crate::util::read_source(file)
            .map(|text| functions_in(&text))
            .unwrap_or_default()
    });
    innermost(functions, line as usize)
}

fn innermost(functions: &[Function], line: usize) -> Option<String> {
    functions
        .iter()
        .filter(|f| f.first <= line && line <= f.last)
        .min_by_key(|f| f.last - f.first)
        .map(|f| f.name.clone())
}

/// Every function and method in `source`, with its lines.
fn functions_in(source: &str) -> Vec<Function> {
    let Ok(file) = syn::parse_file(source) else {
        return Vec::new();
    };
    let mut finder = Finder::default();
    finder.visit_file(&file);
    finder.found
}

#[derive(Default)]
struct Finder {
    /// The type of the `impl` being walked.
    within: Option<String>,
    found: Vec<Function>,
}

impl Finder {
    /// A function from its `fn` keyword to its body's closing brace.
    fn push(&mut self, sig: &syn::Signature, body: &syn::Block) {
        let name = sig.ident.to_string();
        let name = match &self.within {
            Some(ty) => format!("{ty}::{name}"),
            None => name,
        };
        self.found.push(Function {
            first: sig.fn_token.span.start().line,
            last: body.brace_token.span.close().end().line,
            name,
        });
    }
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.push(&item.sig, &item.block);
        visit::visit_item_fn(self, item);
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        let ty = match &*item.self_ty {
            syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        };
        let outer = std::mem::replace(&mut self.within, ty);
        visit::visit_item_impl(self, item);
        self.within = outer;
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        self.push(&item.sig, &item.block);
        visit::visit_impl_item_fn(self, item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "\
pub struct List;

impl List {
    pub fn insert(&self, value: u64) -> bool {
        let f = |x: u64| {
            x + 1
        };
        f(value) > 0
    }
}

fn helper() {}
";

    #[test]
    fn a_line_belongs_to_the_innermost_function_with_its_type() {
        let functions = functions_in(SOURCE);
        assert_eq!(innermost(&functions, 6).as_deref(), Some("List::insert"));
        assert_eq!(innermost(&functions, 8).as_deref(), Some("List::insert"));
        assert_eq!(innermost(&functions, 12).as_deref(), Some("helper"));
        assert_eq!(innermost(&functions, 1), None);
    }
}
