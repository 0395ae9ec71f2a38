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
    /// The functions and methods its body calls (`WaitQueue::wait`, `List::take_slot`),
    /// each with the line of the call.
    calls: Vec<(String, usize)>,
    /// Whether it is a method whose body is one expression and calls nothing of the
    /// learner's (`self.workers.len()`): it returns what another function stored.
    accessor: bool,
    /// Every type name its return type mentions (`Option<SpinGuard<'_, T>>`: `Option`,
    /// `SpinGuard`, `T`).
    returns: Vec<String>,
    /// Whether its doc comment says when it panics ("Panics when the list is full"):
    /// such a panic is the function doing its job, and the caller broke its condition.
    panics_by_design: bool,
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
            .any(|f| f.calls.iter().any(|(c, _)| c == callee))
    })
}

/// The learner's functions of `file` that `function` calls, and those they call, in the
/// order first met; `function` itself is left out.
pub(crate) fn callees(file: &str, function: &str) -> Vec<String> {
    with_functions(file, |functions| callees_in(functions, function))
}

fn callees_in(functions: &[Function], function: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut pending = vec![function.to_string()];
    while let Some(caller) = pending.pop() {
        for f in functions.iter().filter(|f| f.name == caller) {
            for (callee, _) in &f.calls {
                if callee != function && !found.contains(callee) {
                    found.push(callee.clone());
                    pending.push(callee.clone());
                }
            }
        }
    }
    found
}

/// Whether `function` (in `file`) only returns what another function stored: a method
/// whose body is one expression calling nothing of the learner's.
pub(crate) fn is_accessor(file: &str, function: &str) -> bool {
    with_functions(file, |functions| {
        functions.iter().any(|f| f.name == function && f.accessor)
    })
}

/// The line at which `caller` (in `file`) calls `callee`, both as [`function_at`] names
/// them; the first such call.
pub(crate) fn call_line(file: &str, caller: &str, callee: &str) -> Option<u32> {
    with_functions(file, |functions| {
        functions
            .iter()
            .filter(|f| f.name == caller)
            .find_map(|f| f.calls.iter().find(|(c, _)| c == callee))
            .map(|(_, line)| *line as u32)
    })
}

/// For each function of `file`, each pair of fields it locks one after the other
/// (`self.slots[i].lock()` then `self.total.lock()` gives `("slots", "total")`), in the
/// order they are written: (function, first, then).
pub(crate) fn lock_orders(file: &str) -> Vec<(String, String, String)> {
    let Some(source) = crate::util::read_source(file) else {
        return Vec::new();
    };
    let Ok(parsed) = syn::parse_file(&source) else {
        return Vec::new();
    };
    let mut finder = LockOrders::default();
    finder.visit_file(&parsed);
    finder.found
}

#[derive(Default)]
struct LockOrders {
    /// The fields locked so far in the function being walked.
    locked: Vec<String>,
    function: String,
    found: Vec<(String, String, String)>,
}

impl LockOrders {
    fn in_function(&mut self, name: String, walk: impl FnOnce(&mut Self)) {
        let outer = (
            std::mem::take(&mut self.locked),
            std::mem::replace(&mut self.function, name),
        );
        walk(self);
        (self.locked, self.function) = outer;
    }
}

/// The field a lock call's receiver names: `self.total` → `total`, `self.slots[i]` →
/// `slots`.
fn locked_field(receiver: &syn::Expr) -> Option<String> {
    match receiver {
        syn::Expr::Field(field) => match &field.member {
            syn::Member::Named(name) => Some(name.to_string()),
            syn::Member::Unnamed(_) => None,
        },
        syn::Expr::Index(index) => locked_field(&index.expr),
        syn::Expr::Reference(reference) => locked_field(&reference.expr),
        syn::Expr::Paren(paren) => locked_field(&paren.expr),
        _ => None,
    }
}

impl<'ast> Visit<'ast> for LockOrders {
    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.in_function(item.sig.ident.to_string(), |s| {
            visit::visit_item_fn(s, item)
        });
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        self.in_function(item.sig.ident.to_string(), |s| {
            visit::visit_impl_item_fn(s, item)
        });
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        visit::visit_expr_method_call(self, call);
        if call.method != "lock" && call.method != "write" && call.method != "read" {
            return;
        }
        let Some(field) = locked_field(&call.receiver) else {
            return;
        };
        for earlier in &self.locked {
            if *earlier != field {
                self.found
                    .push((self.function.clone(), earlier.clone(), field.clone()));
            }
        }
        if !self.locked.contains(&field) {
            self.locked.push(field);
        }
    }
}

/// The one function of `file` called `name` (`pop` finds `Queue::pop`), with the line of
/// its `fn`; `None` when there is none, or more than one (`drop` of two types).
pub(crate) fn named(file: &str, name: &str) -> Option<(String, u32)> {
    with_functions(file, |functions| {
        let mut found = functions
            .iter()
            .filter(|f| f.name == name || f.name.rsplit_once("::").is_some_and(|(_, n)| n == name));
        let one = found.next()?;
        found
            .next()
            .is_none()
            .then(|| (one.name.clone(), one.first as u32))
    })
}

/// The function of `file` that gives back what `taker` takes: the `drop` of a type of
/// the file's that `taker` returns (`SpinLock::lock` returns a `SpinGuard`, whose `Drop`
/// releases the lock), with the line of its `fn`.
pub(crate) fn gives_back(file: &str, taker: &str) -> Option<(String, u32)> {
    with_functions(file, |functions| {
        drops_in(functions, taker).into_iter().next()
    })
}

/// The `drop`s of the types of `file` that `function` returns (`channel` returns a
/// `Sender` and a `Receiver`: `Sender::drop`, if `Sender` has a `Drop`): what the language
/// runs when the caller's values go out of scope, which no test names.
pub(crate) fn drops_of(file: &str, function: &str) -> Vec<String> {
    with_functions(file, |functions| {
        drops_in(functions, function)
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    })
}

fn drops_in(functions: &[Function], function: &str) -> Vec<(String, u32)> {
    let Some(function) = functions.iter().find(|f| f.name == function) else {
        return Vec::new();
    };
    let mut found: Vec<(String, u32)> = Vec::new();
    for ty in &function.returns {
        let drop = format!("{ty}::drop");
        if let Some(f) = functions.iter().find(|f| f.name == drop)
            && !found.iter().any(|(n, _)| *n == drop)
        {
            found.push((f.name.clone(), f.first as u32));
        }
    }
    found
}

/// The function of `file` that broke the condition of `function`, when `function`'s
/// docs say when it panics and exactly one function of the file calls it: that caller,
/// with the line of its call.
pub(crate) fn caller_of_a_panicking(file: &str, function: &str) -> Option<(String, u32)> {
    with_functions(file, |functions| {
        functions
            .iter()
            .find(|f| f.name == function)
            .filter(|f| f.panics_by_design)?;
        let mut callers = functions.iter().filter_map(|f| {
            let (_, line) = f.calls.iter().find(|(c, _)| c == function)?;
            Some((f.name.clone(), *line as u32))
        });
        let one = callers.next()?;
        callers.next().is_none().then_some(one)
    })
}

/// The learner's function in `file` that calls both `first` and `then` (a check in one
/// and its act in the other), with the line of its call of `then`; `None` when no
/// function calls both, or more than one does.
pub(crate) fn caller_of_both(file: &str, first: &str, then: &str) -> Option<(String, u32)> {
    with_functions(file, |functions| caller_in(functions, first, then))
}

fn caller_in(functions: &[Function], first: &str, then: &str) -> Option<(String, u32)> {
    let mut callers = functions.iter().filter_map(|f| {
        let calls = |name: &str| f.calls.iter().find(|(c, _)| c == name);
        calls(first)?;
        let (_, line) = calls(then)?;
        Some((f.name.clone(), *line as u32))
    });
    let found = callers.next()?;
    callers.next().is_none().then_some(found)
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
    // Only calls of the file's own functions are the learner's (a local variable passed
    // by name is not a function); an accessor is a one-expression method left with none.
    let mut functions = finder.found;
    let defined: Vec<String> = functions.iter().map(|f| f.name.clone()).collect();
    for f in &mut functions {
        f.calls.retain(|(c, _)| defined.contains(c));
        f.accessor &= f.calls.is_empty();
    }
    functions
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
    fn push(&mut self, attrs: &[syn::Attribute], sig: &syn::Signature, body: &syn::Block) {
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
        let method = sig.receiver().is_some();
        let mut returns = TypeNames::default();
        returns.visit_return_type(&sig.output);
        // `-> Self` returns the `impl`'s type.
        for name in &mut returns.0 {
            if name == "Self"
                && let Some(ty) = &self.within
            {
                name.clone_from(ty);
            }
        }
        let one_expression = matches!(body.stmts.as_slice(), [syn::Stmt::Expr(_, None)]);
        self.found.push(Function {
            first: sig.fn_token.span.start().line,
            last: body.brace_token.span.close().end().line,
            name,
            // Whether it calls anything of the learner's is known once the file is read.
            accessor: method && one_expression,
            calls: calls.found,
            returns: returns.0,
            panics_by_design: attrs.iter().any(documents_a_panic),
        });
    }
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.push(&item.attrs, &item.sig, &item.block);
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
        self.push(&item.attrs, &item.sig, &item.block);
        visit::visit_impl_item_fn(self, item);
    }
}

/// Whether a doc attribute says when the function panics (`/// Panics when …`, a
/// `# Panics` section).
fn documents_a_panic(attr: &syn::Attribute) -> bool {
    let syn::Meta::NameValue(doc) = &attr.meta else {
        return false;
    };
    let syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(text),
        ..
    }) = &doc.value
    else {
        return false;
    };
    attr.path().is_ident("doc") && {
        let text = text.value();
        text.contains("Panics when") || text.contains("Panics if") || text.contains("# Panics")
    }
}

/// Every type name written in a type (each path segment's name, nested arguments too).
#[derive(Default)]
struct TypeNames(Vec<String>);

impl<'ast> Visit<'ast> for TypeNames {
    fn visit_path_segment(&mut self, segment: &'ast syn::PathSegment) {
        self.0.push(segment.ident.to_string());
        visit::visit_path_segment(self, segment);
    }
}

/// The learner's functions a block calls, named as [`function_at`] names them:
/// `self.take_slot()` and `Self::take_slot()` → `List::take_slot`, `self.queue.wait()`
/// through a field of a type the file defines → `WaitQueue::wait`, `helper()` →
/// `helper`, and so is `helper` passed as a value. A call whose target the file does not
/// define (`self.sleepers.lock()` on a
/// std mutex, a method of a local variable) is left out: its name may be the learner's
/// by chance.
struct Calls<'t> {
    types: &'t Types,
    within: Option<&'t str>,
    found: Vec<(String, usize)>,
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
            self.found.push((target, call.method.span().start().line));
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
            let line = path
                .path
                .segments
                .last()
                .map_or(0, |s| s.ident.span().start().line);
            self.found.extend(target.map(|t| (t, line)));
        } else {
            self.visit_expr(&call.func);
        }
        for arg in &call.args {
            self.visit_expr(arg);
        }
    }

    /// A function passed as a value (`thread::spawn(current_ids)`, `.map(parse)`) is
    /// called where it is passed to.
    fn visit_expr_path(&mut self, path: &'ast syn::ExprPath) {
        if let Some(name) = path.path.get_ident() {
            let name = name.to_string();
            if name.starts_with(|c: char| c.is_ascii_lowercase()) && name != "self" {
                self.found
                    .push((name, path.path.segments[0].ident.span().start().line));
            }
        }
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

    /// `source` written to a file of its own, for the functions that read a file.
    fn file_with(name: &str, source: &str) -> String {
        let path = std::env::temp_dir().join(format!("harness-{}-{name}.rs", std::process::id()));
        std::fs::write(&path, source).unwrap();
        path.to_string_lossy().into_owned()
    }

    #[test]
    fn what_a_guard_returning_function_takes_its_guards_drop_gives_back() {
        let file = file_with(
            "guard",
            "pub struct Lock; pub struct Guard<'a>(&'a Lock);
             impl Lock {
    pub fn lock(&self) -> Option<Guard<'_>> { None }
                 pub fn len(&self) -> usize { 0 }
}
             impl Drop for Guard<'_> {
    fn drop(&mut self) {}
}
",
        );
        assert_eq!(
            gives_back(&file, "Lock::lock"),
            Some(("Guard::drop".into(), 7))
        );
        assert_eq!(gives_back(&file, "Lock::len"), None);
    }

    #[test]
    fn what_a_function_makes_is_dropped_by_the_drops_of_its_types() {
        let file = file_with(
            "drops",
            "pub struct Tx; pub struct Rx; pub struct Arc;\n\
             pub fn channel() -> (Tx, Rx) { (Tx, Rx) }\n\
             impl Arc { pub fn new() -> Self { Arc } }\n\
             impl Drop for Tx { fn drop(&mut self) {} }\n\
             impl Drop for Arc { fn drop(&mut self) {} }\n",
        );
        assert_eq!(drops_of(&file, "channel"), ["Tx::drop"]);
        assert_eq!(drops_of(&file, "Arc::new"), ["Arc::drop"]);
    }

    #[test]
    fn a_documented_panic_blames_the_one_caller_and_an_undocumented_one_nobody() {
        let file = file_with(
            "panics",
            "struct L;
impl L {
    /// Takes a slot. Panics when the list is full.
                 fn take(&self) -> usize { 0 }
    fn plain(&self) -> usize { 0 }
                 fn insert(&self) {
        self.take();
        self.plain();
    }
}
",
        );
        assert_eq!(
            caller_of_a_panicking(&file, "L::take"),
            Some(("L::insert".into(), 7))
        );
        assert_eq!(caller_of_a_panicking(&file, "L::plain"), None);
    }

    #[test]
    fn a_function_knows_what_it_calls() {
        let source = "struct W; struct Q { queue: W, sleepers: std::sync::Mutex<u8> } \
                      impl W { fn wait(&self) {} } \
                      impl Q { fn lock(&self) { while self.try_it() { self.queue.wait(); } \
                                                let _ = self.sleepers.lock(); Self::nap(1); } \
                               fn try_it(&self) -> bool { true } fn nap(n: u8) {} }";
        let functions = functions_in(source);
        let lock = functions.iter().find(|f| f.name == "Q::lock").unwrap();
        let names: Vec<&str> = lock.calls.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(names, ["Q::try_it", "W::wait", "Q::nap"]);
    }

    #[test]
    fn a_function_reaches_what_its_callees_call_and_an_accessor_calls_nothing() {
        let source = "struct S { n: usize }\nimpl S {\n    fn count(&self) -> usize { self.n }\n    \
                      fn total(&self) -> usize { Some(self.part()).unwrap() + 1 }\n    \
                      fn part(&self) -> usize { self.leaf() }\n    \
                      fn leaf(&self) -> usize { self.total() }\n}\n";
        let functions = functions_in(source);
        assert_eq!(callees_in(&functions, "S::total"), ["S::part", "S::leaf"]);
        assert!(callees_in(&functions, "S::count").is_empty());
        let accessor = |name: &str| functions.iter().any(|f| f.name == name && f.accessor);
        assert!(accessor("S::count"));
        assert!(!accessor("S::part"), "it calls a function of the learner's");
    }

    #[test]
    fn a_function_passed_as_a_value_is_called_and_a_variable_is_not() {
        let source = "fn ids() -> u32 { 1 }\nfn all(n: u32) -> Vec<u32> {\n    \
                      let value = n;\n    (0..value).map(|_| 0).chain(std::iter::once_with(ids)).collect()\n}\n";
        let functions = functions_in(source);
        let all = functions.iter().find(|f| f.name == "all").unwrap();
        let names: Vec<&str> = all.calls.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(names, ["ids"]);
    }

    #[test]
    fn a_check_and_its_act_in_two_functions_belong_to_their_one_caller() {
        let source = "struct S;\nimpl S {\n    fn available(&self) -> u8 { 1 }\n    \
                      fn acquire(&self) {}\n    fn try_acquire(&self) {\n        \
                      if self.available() > 0 {\n            self.acquire();\n        }\n    \
                      }\n}\n";
        let functions = functions_in(source);
        assert_eq!(
            caller_in(&functions, "S::available", "S::acquire"),
            Some(("S::try_acquire".to_string(), 7))
        );
        assert_eq!(
            caller_in(&functions, "S::acquire", "S::available"),
            Some(("S::try_acquire".to_string(), 6))
        );
        assert_eq!(caller_in(&functions, "S::acquire", "S::try_acquire"), None);
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
