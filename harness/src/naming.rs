//! Names for shared objects on the card, learned from the line that created them.
//!
//! A constructor of the loom shim is `#[track_caller]`, so it knows the line that called
//! it: `not_empty: Condvar::new(),` names the condvar `not_empty`; `let flag =
//! Arc::new(AtomicBool::new(false));` names the flag `flag`. A line that names nothing
//! (`Mutex::new(())` as an argument) leaves the object numbered, `Mutex#1`.

use std::collections::HashMap;
use std::panic::Location;
use std::sync::{Mutex, OnceLock};

type Cache = HashMap<(&'static str, u32, u32), Option<&'static str>>;

/// The name the source line at `location` gives the object made there, if any.
pub(crate) fn name_at(location: &'static Location<'static>) -> Option<&'static str> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    let key = (location.file(), location.line(), location.column());
    let cache = CACHE.get_or_init(Default::default);
    if let Some(found) = cache.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
        return *found;
    }
    // Read outside the lock; a race only reads the same line twice.
    let name = crate::card::read_line(location.file(), location.line())
        .and_then(|line| name_in(&line, location.column() as usize))
        // One leak per distinct source location that names an object: a handful.
        .map(|name| &*Box::leak(name.into_boxed_str()));
    cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(key, name);
    name
}

/// The name `line` gives the expression starting at `column` (1-based, in chars).
fn name_in(line: &str, column: usize) -> Option<String> {
    let before: String = line.chars().take(column.checked_sub(1)?).collect();
    let mut rest = before.trim_end();
    // Wrappers around the constructor: `Arc::new(`, `Some(`, `Box::new(`.
    while let Some(inner) = rest.strip_suffix('(') {
        let inner = inner.trim_end();
        let path_start = inner
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .map_or(0, |i| i + 1);
        if path_start == inner.len() {
            return None; // a bare `(`: a tuple or an argument list, not a wrapper
        }
        rest = inner[..path_start].trim_end();
    }
    if let Some(field) = rest.strip_suffix(':')
        && !field.ends_with(':')
    {
        // `name: Type::new(` in a struct literal.
        return last_ident(field);
    }
    if let Some(binding) = rest.strip_suffix('=')
        && !binding.ends_with(['=', '!', '<', '>', '+', '-', '*', '/'])
    {
        // `let name = …` or `let name: Type = …` or `self.name = …`.
        let binding = binding.split(':').next().unwrap_or(binding);
        return last_ident(binding);
    }
    None
}

/// The identifier that `text` ends with (`let mut flag ` → `flag`), if it is one.
fn last_ident(text: &str) -> Option<String> {
    let text = text.trim_end();
    let start = text
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    let ident = &text[start..];
    let first = ident.chars().next()?;
    let keyword = matches!(ident, "let" | "mut" | "ref" | "self" | "_");
    (first.is_alphabetic() || first == '_' && ident.len() > 1)
        .then(|| ident.to_string())
        .filter(|_| !keyword)
}

#[cfg(test)]
mod tests {
    use super::name_in;

    fn at(line: &str, call: &str) -> Option<String> {
        let column = line[..line.find(call).expect("call in line")]
            .chars()
            .count()
            + 1;
        name_in(line, column)
    }

    #[test]
    fn a_struct_field_names_its_object() {
        assert_eq!(
            at("            not_empty: Condvar::new(),", "Condvar").as_deref(),
            Some("not_empty")
        );
        assert_eq!(
            at("    permits: Mutex::new(permits),", "Mutex").as_deref(),
            Some("permits")
        );
    }

    #[test]
    fn a_let_binding_names_its_object_through_wrappers() {
        assert_eq!(
            at("let flag = Arc::new(AtomicBool::new(false));", "AtomicBool").as_deref(),
            Some("flag")
        );
        assert_eq!(
            at(
                "let mut jobs: Arc<Mutex<u8>> = Arc::new(Mutex::new(0));",
                "Mutex::new"
            )
            .as_deref(),
            Some("jobs")
        );
    }

    #[test]
    fn an_argument_or_a_comparison_names_nothing() {
        assert_eq!(at("f(Mutex::new(()))", "Mutex"), None);
        assert_eq!(
            at("let (a, b) = (Mutex::new(1), Mutex::new(2));", "Mutex"),
            None
        );
        assert_eq!(at("x == Mutex::new(1)", "Mutex"), None);
        assert_eq!(at("Mutex::new(1)", "Mutex"), None);
    }
}
