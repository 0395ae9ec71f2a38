//! Which of the learner's functions a failing check of the suite read: the culprit of a
//! failure no run-time evidence explains (a plain test's `assert_eq!`, a model's final
//! check that no analysis of its events accounts for).
//!
//! The suite's file is parsed (with `syn`, spans on) and the statement at the failing
//! line is found, innermost first. The calls it makes are the check's direct subjects
//! (`assert_eq!(queue.pop(), Some(1))` reads `pop`); a variable it reads is followed to
//! the `let` that bound it, earlier in the same function (`let got = inherited(pid)`),
//! one level at a time. The first call, nearest first, that names a function of the
//! learner's files is the one the check read.

use std::collections::HashSet;
use syn::punctuated::Punctuated;
use syn::visit::{self, Visit};

/// The learner's function a failed check read.
pub(crate) struct Checked {
    /// As [`crate::source::functions`] names it (`Queue::pop`).
    pub function: String,
    /// Its file and the line of its `fn`.
    pub file: String,
    pub line: u32,
    /// Every function of the learner's whose mistake the value read could be, `function`
    /// first: those it calls; the others the test calls (constructors aside, unless
    /// `function` only returns what one stored); and, when the suite starts the
    /// package's own programs, the functions their `main`s call (a value that came
    /// from a child process).
    pub suspects: Vec<String>,
}

impl Checked {
    /// Whether `function` is the only suspect: then the check's result can only be its
    /// doing, and it is blamed; else it is named, with the other suspects.
    pub fn alone(&self) -> bool {
        self.suspects.len() == 1
    }
}

/// The learner's function the check at `line` of `test_file` read.
pub(crate) fn checked_function(
    test_file: &str,
    line: u32,
    learner_files: &[String],
) -> Option<Checked> {
    let source = crate::util::read_source(test_file)?;
    let learners = |call: &str| {
        learner_files.iter().find_map(|file| {
            let (name, first) = crate::source::functions::named(file, call)?;
            Some((name, file.clone(), first))
        })
    };
    let (function, file, first) = calls_read_at(&source, line as usize)
        .iter()
        .find_map(|call| learners(call))?;
    let accessor = crate::source::functions::is_accessor(&file, &function);
    let test_calls = calls_in_test(&source, line as usize);
    let mut suspects = vec![function.clone()];
    suspects.extend(crate::source::functions::callees(&file, &function));
    suspects.extend(
        test_calls
            .iter()
            .filter(|c| {
                let name = c.rsplit("::").next().unwrap_or(c);
                accessor || !CONSTRUCTORS.contains(&name)
            })
            .filter_map(|c| learners(c).map(|(name, _, _)| name)),
    );
    // With more than one suspect already: the `Drop`s of what the test made, which run
    // where its values go out of scope (a `Sender` dropped at the end of a block).
    if suspects.len() > 1 {
        suspects.extend(
            test_calls
                .iter()
                .filter_map(|c| learners(c))
                .flat_map(|(name, file, _)| crate::source::functions::drops_of(&file, &name)),
        );
    }
    if starts_own_programs(test_file) {
        suspects.extend(
            program_calls(learner_files)
                .iter()
                .filter_map(|c| learners(c).map(|(name, _, _)| name)),
        );
    }
    let mut unique = HashSet::new();
    suspects.retain(|s| unique.insert(s.clone()));
    Some(Checked {
        suspects,
        function,
        file,
        line: first,
    })
}

/// The suspects of a check that read none of the learner's functions (a count the test
/// kept, the process's own state): those the test holding `line` of `test_file` called
/// (itself or through the suite's helpers), each followed by what it calls.
pub(crate) fn called_by_test(test_file: &str, line: u32, learner_files: &[String]) -> Vec<String> {
    let Some(source) = crate::util::read_source(test_file) else {
        return Vec::new();
    };
    let mut suspects = Vec::new();
    for call in calls_in_test(&source, line as usize) {
        for file in learner_files {
            if let Some((name, _)) = crate::source::functions::named(file, &call) {
                suspects.push(name.clone());
                suspects.extend(crate::source::functions::callees(file, &name));
                // What it made, the language drops where the test's values go out of
                // scope: those `Drop`s run though the test never names them.
                suspects.extend(crate::source::functions::drops_of(file, &name));
            }
        }
    }
    let mut unique = HashSet::new();
    suspects.retain(|s| unique.insert(s.clone()));
    suspects
}

/// Whether the suite at `test_file` starts the package's own programs: a file of its
/// folder names one by `CARGO_BIN_EXE_…`.
fn starts_own_programs(test_file: &str) -> bool {
    let Some(folder) = std::path::Path::new(test_file).parent() else {
        return false;
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return false;
    };
    entries.flatten().any(|e| {
        e.path().extension().is_some_and(|x| x == "rs")
            && std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("CARGO_BIN_EXE_"))
    })
}

/// The names of the calls the `main` of each program of the learner's (`src/bin/*.rs`)
/// makes.
fn program_calls(learner_files: &[String]) -> Vec<String> {
    let mut calls = Vec::new();
    for file in learner_files {
        let in_bin = std::path::Path::new(file)
            .parent()
            .is_some_and(|p| p.ends_with("src/bin"));
        let Some(source) = in_bin.then(|| crate::util::read_source(file)).flatten() else {
            continue;
        };
        let Ok(parsed) = syn::parse_file(&source) else {
            continue;
        };
        for item in &parsed.items {
            if let syn::Item::Fn(f) = item
                && f.sig.ident == "main"
            {
                let mut reads = Reads::default();
                reads.visit_block(&f.block);
                calls.extend(reads.calls);
            }
        }
    }
    calls
}

/// Calls that make a value rather than act on one: they do not count as another
/// function the test calls.
const CONSTRUCTORS: &[&str] = &["new", "default", "with_capacity"];

/// Every call the test function holding `line` makes, and those of the suite's own
/// helper functions it calls (and they call), by name.
fn calls_in_test(source: &str, line: usize) -> Vec<String> {
    let Ok(file) = syn::parse_file(source) else {
        return Vec::new();
    };
    let functions: Vec<&syn::ItemFn> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Fn(f) => Some(f),
            _ => None,
        })
        .collect();
    let Some(test) = functions.iter().find(|f| {
        let span = f.block.brace_token.span.join();
        span.start().line <= line && line <= span.end().line
    }) else {
        return Vec::new();
    };
    let mut calls: Vec<String> = Vec::new();
    let mut walked: Vec<String> = Vec::new();
    let mut pending: Vec<&syn::ItemFn> = vec![test];
    while let Some(f) = pending.pop() {
        walked.push(f.sig.ident.to_string());
        let mut reads = Reads::default();
        reads.visit_block(&f.block);
        for call in reads.calls {
            if let Some(helper) = functions.iter().find(|h| h.sig.ident == call.as_str())
                && !walked.contains(&call)
            {
                pending.push(helper);
            }
            calls.push(call);
        }
    }
    calls
}

/// The names of the calls the statement at `line` makes, then those of the `let`s that
/// bound the variables it reads (nearest first), without repeats.
fn calls_read_at(source: &str, line: usize) -> Vec<String> {
    let Ok(file) = syn::parse_file(source) else {
        return Vec::new();
    };
    let mut finder = StatementAt {
        line,
        found: None,
        lets: Vec::new(),
        in_function: Vec::new(),
    };
    finder.visit_file(&file);
    let Some(stmt) = finder.found else {
        return Vec::new();
    };
    let mut calls: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut reads = Reads::default();
    reads.visit_stmt(stmt);
    let mut wanted = reads.names;
    calls.extend(reads.calls);
    // Follow each variable to its nearest `let` above the line, a level at a time.
    for _ in 0..4 {
        let mut next = Vec::new();
        for name in wanted {
            if !seen.insert(name.clone()) {
                continue;
            }
            let Some(local) = finder
                .lets
                .iter()
                .rev()
                .find(|(bound, _)| bound.contains(&name))
            else {
                continue;
            };
            let mut reads = Reads::default();
            reads.visit_expr(local.1);
            calls.extend(reads.calls);
            next.extend(reads.names);
        }
        wanted = next;
    }
    let mut unique = HashSet::new();
    calls.retain(|c| unique.insert(c.clone()));
    calls
}

/// Finds the innermost statement holding `line`, and the `let`s above it in the same
/// function (the names each binds, and its value).
struct StatementAt<'ast> {
    line: usize,
    found: Option<&'ast syn::Stmt>,
    lets: Vec<(Vec<String>, &'ast syn::Expr)>,
    /// `lets` found so far in each function being walked, outermost first.
    in_function: Vec<Vec<(Vec<String>, &'ast syn::Expr)>>,
}

impl StatementAt<'_> {
    fn holds(&self, span: proc_macro2::Span) -> bool {
        span.start().line <= self.line && self.line <= span.end().line
    }
}

/// The span of a statement, from its first token to its last.
fn stmt_span(stmt: &syn::Stmt) -> Option<(usize, usize)> {
    let (first, last) = match stmt {
        syn::Stmt::Local(local) => (local.let_token.span, local.semi_token.span),
        syn::Stmt::Macro(mac) => (
            mac.mac.path.segments.first()?.ident.span(),
            mac.mac.delimiter.span().close(),
        ),
        syn::Stmt::Expr(expr, _) => return expr_lines(expr),
        syn::Stmt::Item(_) => return None,
    };
    Some((first.start().line, last.end().line))
}

/// The lines an expression spans, as far as its outermost tokens show them.
fn expr_lines(expr: &syn::Expr) -> Option<(usize, usize)> {
    let mut lines = Lines::default();
    lines.visit_expr(expr);
    Some((lines.first?, lines.last?))
}

#[derive(Default)]
struct Lines {
    first: Option<usize>,
    last: Option<usize>,
}

impl Lines {
    fn see(&mut self, span: proc_macro2::Span) {
        let (a, b) = (span.start().line, span.end().line);
        self.first = Some(self.first.map_or(a, |f| f.min(a)));
        self.last = Some(self.last.map_or(b, |l| l.max(b)));
    }
}

impl<'ast> Visit<'ast> for Lines {
    fn visit_ident(&mut self, ident: &'ast proc_macro2::Ident) {
        self.see(ident.span());
    }

    fn visit_lit(&mut self, lit: &'ast syn::Lit) {
        self.see(lit.span());
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.see(mac.delimiter.span().close());
        visit::visit_macro(self, mac);
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        self.see(block.brace_token.span.open());
        self.see(block.brace_token.span.close());
        visit::visit_block(self, block);
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        self.see(call.paren_token.span.close());
        visit::visit_expr_call(self, call);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        self.see(call.paren_token.span.close());
        visit::visit_expr_method_call(self, call);
    }
}

impl<'ast> Visit<'ast> for StatementAt<'ast> {
    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        if !self.holds(item.block.brace_token.span.join()) {
            return;
        }
        self.in_function.push(Vec::new());
        visit::visit_item_fn(self, item);
        self.in_function.pop();
    }

    fn visit_stmt(&mut self, stmt: &'ast syn::Stmt) {
        let Some((first, last)) = stmt_span(stmt) else {
            return visit::visit_stmt(self, stmt);
        };
        if last < self.line {
            // Above the line: a `let` there may bind what the check reads.
            if let syn::Stmt::Local(local) = stmt
                && let Some(init) = &local.init
                && let Some(lets) = self.in_function.last_mut()
            {
                let mut names = Names::default();
                names.visit_pat(&local.pat);
                lets.push((names.0, &*init.expr));
            }
            return;
        }
        if first > self.line {
            return;
        }
        // The statement holds the line: keep it, then look for one inside it.
        self.found = Some(stmt);
        self.lets = self.in_function.last().cloned().unwrap_or_default();
        visit::visit_stmt(self, stmt);
    }
}

/// The names a pattern binds.
#[derive(Default)]
struct Names(Vec<String>);

impl<'ast> Visit<'ast> for Names {
    fn visit_pat_ident(&mut self, pat: &'ast syn::PatIdent) {
        self.0.push(pat.ident.to_string());
        visit::visit_pat_ident(self, pat);
    }
}

/// What an expression reads: the names of the calls it makes (`pop` for `q.pop()`,
/// `inherited` for `subject::inherited(pid)`) and the variables it names.
#[derive(Default)]
struct Reads {
    calls: Vec<String>,
    names: Vec<String>,
}

impl<'ast> Visit<'ast> for Reads {
    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        self.calls.push(call.method.to_string());
        visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        // `Some(…)`, `Ok(…)`: a variant or a tuple struct, not a call of a function.
        if let syn::Expr::Path(path) = &*call.func
            && let Some(last) = path.path.segments.last()
            && !last.ident.to_string().starts_with(char::is_uppercase)
        {
            // `Arc::new(…)` is a function of `Arc`, not any `new`: a call through a type
            // keeps the type's name (`Queue::new`), a call through a module does not
            // (`subject::run` is `run`).
            let segments = &path.path.segments;
            let owner = segments
                .iter()
                .rev()
                .nth(1)
                .map(|s| s.ident.to_string())
                .filter(|owner| owner.starts_with(char::is_uppercase));
            self.calls.push(match owner {
                Some(owner) => format!("{owner}::{}", last.ident),
                None => last.ident.to_string(),
            });
        }
        for arg in &call.args {
            self.visit_expr(arg);
        }
    }

    fn visit_expr_path(&mut self, path: &'ast syn::ExprPath) {
        if let Some(ident) = path.path.get_ident() {
            self.names.push(ident.to_string());
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if let Ok(args) =
            mac.parse_body_with(Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated)
        {
            for arg in &args {
                self.visit_expr(arg);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUITE: &str = "\
#[test]
fn a_pop_returns_the_oldest() {
    let queue = Queue::new(2);
    let got = queue.pop();
    harness::watchdog(move || {
        assert_eq!(
            got,
            Some(1),
            \"the oldest first\"
        );
        assert!(queue.is_empty());
    });
}
";

    #[test]
    fn a_check_reads_the_calls_it_makes_first() {
        assert_eq!(calls_read_at(SUITE, 11), ["is_empty", "Queue::new"]);
    }

    #[test]
    fn a_test_calls_what_its_helpers_call() {
        let suite = "fn helper() { subject::start(); }\n\
                     #[test]\nfn t() {\n    helper();\n    assert!(subject::done());\n}\n";
        assert_eq!(calls_in_test(suite, 5), ["helper", "done", "start"]);
    }

    #[test]
    fn a_variable_a_check_reads_is_followed_to_its_let() {
        assert_eq!(calls_read_at(SUITE, 7), ["pop", "Queue::new"]);
        assert_eq!(calls_read_at(SUITE, 8), ["pop", "Queue::new"]);
    }

    #[test]
    fn a_call_through_a_type_keeps_the_types_name_and_one_through_a_module_does_not() {
        let suite = "#[test]\nfn t() {\n    let seen = std::sync::Arc::new(Flag::new());\n    \
                     assert!(subject::run(seen));\n}\n";
        assert_eq!(calls_read_at(suite, 4), ["run", "Arc::new", "Flag::new"]);
    }
}
