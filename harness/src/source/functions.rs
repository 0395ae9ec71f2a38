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
    /// The names of the functions and methods its body calls (`wait`, `take_slot`).
    calls: Vec<String>,
}

type Cache = HashMap<String, Vec<Function>>;

/// `file`'s functions, parsed once per file.
fn with_functions<R>(file: &str, read: impl FnOnce(&[Function]) -> R) -> R {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
    let functions = cache.entry(file.to_string()).or_insert_with(|| {
        crate::util::read_source(file)
            .map(|text| functions_in(&text))
            .unwrap_or_default()
    });
    read(functions)
}

/// The function that line `line` of `file` is written in, as `Type::method` or `name`.
pub(crate) fn function_at(file: &str, line: u32) -> Option<String> {
    with_functions(file, |functions| innermost(functions, line as usize))
}

/// Whether the body of `caller` (in `file`) calls the learner's function `callee`
/// (both as [`function_at`] names them).
pub(crate) fn calls(file: &str, caller: &str, callee: &str) -> bool {
    with_functions(file, |functions| {
        functions
            .iter()
            .filter(|f| f.name == caller)
            .any(|f| f.calls.iter().any(|c| c == callee))
    })
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
    let mut types = Types::default();
    types.visit_file(&file);
    let mut finder = Finder {
        types,
        ..Finder::default()
    };
    finder.visit_file(&file);
    finder.found
}

/// The types a file defines, with the fields of its structs whose type it defines too
/// (`queue: WaitQueue`): a call through such a field is a call of the learner's.
#[derive(Default)]
struct Types {
    defined: Vec<String>,
    /// (struct, field, field's type), for every field whose type is a single name.
    fields: Vec<(String, String, String)>,
}

impl Types {
    fn is_defined(&self, name: &str) -> bool {
        self.defined.iter().any(|d| d == name)
    }

    /// The learner's type of field `field` of `within`, if it is one.
    fn field(&self, within: &str, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(s, f, _)| s == within && f == field)
            .map(|(_, _, ty)| ty.as_str())
            .filter(|ty| self.is_defined(ty))
    }
}

/// A type written as one name (`WaitQueue`, `Arc<WaitQueue>` is not one).
fn single_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) if path.qself.is_none() && path.path.segments.len() == 1 => {
            Some(path.path.segments[0].ident.to_string())
        }
        _ => None,
    }
}

impl<'ast> Visit<'ast> for Types {
    fn visit_item_struct(&mut self, item: &'ast syn::ItemStruct) {
        let name = item.ident.to_string();
        for field in &item.fields {
            if let (Some(ident), Some(ty)) = (&field.ident, single_name(&field.ty)) {
                self.fields.push((name.clone(), ident.to_string(), ty));
            }
        }
        self.defined.push(name);
    }

    fn visit_item_enum(&mut self, item: &'ast syn::ItemEnum) {
        self.defined.push(item.ident.to_string());
    }
}

#[derive(Default)]
struct Finder {
    types: Types,
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
        let mut calls = Calls {
            types: &self.types,
            within: self.within.as_deref(),
            found: Vec::new(),
        };
        calls.visit_block(body);
        self.found.push(Function {
            first: sig.fn_token.span.start().line,
            last: body.brace_token.span.close().end().line,
            name,
            calls: calls.found,
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

/// The learner's functions a block calls, named as [`function_at`] names them:
/// `self.take_slot()` and `Self::take_slot()` → `List::take_slot`, `self.queue.wait()`
/// through a field of a type the file defines → `WaitQueue::wait`, `helper()` →
/// `helper`. A call whose target the file does not define (`self.sleepers.lock()` on a
/// std mutex, a method of a local variable) is left out: its name may be the learner's
/// by chance.
struct Calls<'t> {
    types: &'t Types,
    within: Option<&'t str>,
    found: Vec<String>,
}

impl Calls<'_> {
    fn target(&self, receiver: &syn::Expr, method: String) -> Option<String> {
        let is_self = |e: &syn::Expr| matches!(e, syn::Expr::Path(p) if p.path.is_ident("self"));
        match receiver {
            e if is_self(e) => Some(format!("{}::{method}", self.within?)),
            syn::Expr::Field(field) if is_self(&field.base) => {
                let syn::Member::Named(name) = &field.member else {
                    return None;
                };
                let ty = self.types.field(self.within?, &name.to_string())?;
                Some(format!("{ty}::{method}"))
            }
            _ => None,
        }
    }
}

impl<'ast> Visit<'ast> for Calls<'_> {
    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if let Some(target) = self.target(&call.receiver, call.method.to_string()) {
            self.found.push(target);
        }
        visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let syn::Expr::Path(path) = &*call.func {
            let names: Vec<String> = path
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            let target = match names.as_slice() {
                [name] => Some(name.clone()),
                [ty, name] if ty == "Self" => self.within.map(|w| format!("{w}::{name}")),
                [ty, name] if self.types.is_defined(ty) => Some(format!("{ty}::{name}")),
                _ => None,
            };
            self.found.extend(target);
        }
        visit::visit_expr_call(self, call);
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
    fn a_function_knows_what_it_calls() {
        let source = "struct W; struct Q { queue: W, sleepers: std::sync::Mutex<u8> } \
                      impl W { fn wait(&self) {} } \
                      impl Q { fn lock(&self) { while self.try_it() { self.queue.wait(); } \
                                                let _ = self.sleepers.lock(); Self::nap(1); } \
                               fn try_it(&self) -> bool { true } fn nap(n: u8) {} }";
        let functions = functions_in(source);
        let lock = functions.iter().find(|f| f.name == "Q::lock").unwrap();
        assert_eq!(lock.calls, ["Q::try_it", "W::wait", "Q::nap"]);
    }

    #[test]
    fn a_line_belongs_to_the_innermost_function_with_its_type() {
        let functions = functions_in(SOURCE);
        assert_eq!(innermost(&functions, 6).as_deref(), Some("List::insert"));
        assert_eq!(innermost(&functions, 8).as_deref(), Some("List::insert"));
        assert_eq!(innermost(&functions, 12).as_deref(), Some("helper"));
        assert_eq!(innermost(&functions, 1), None);
    }
}
