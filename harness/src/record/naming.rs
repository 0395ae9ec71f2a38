//! Names for shared objects on the card, learned from the line that created them.
//!
//! A constructor of the loom shim is `#[track_caller]`, so it knows the line that called
//! it: `not_empty: Condvar::new(),` names the condvar `not_empty`; `let flag =
//! Arc::new(AtomicBool::new(false));` names the flag `flag`. A line that names nothing
//! (`Mutex::new(())` as an argument) leaves the object numbered, `Mutex#1`.

use std::collections::HashMap;
use std::panic::Location;
use std::sync::{Mutex, OnceLock};

/// A name learned from a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Name {
    pub name: &'static str,
    /// Made inside a closure or a `vec![…]` that fills a collection (`forks:
    /// (0..n).map(|_| Mutex::new(0)).collect()`): shown as `forks[0]`, `forks[1]` ….
    pub element: bool,
    /// Made by `#[derive(Default)]`, which reports its attribute's line for every
    /// field: the struct's synchronization fields, in the order `default` makes them.
    pub fields: &'static [&'static str],
}

type Cache = HashMap<(&'static str, u32, u32), Option<Name>>;

/// What `find` says of `location`, found once per source location and kept in `cache`:
/// a model makes its objects again in every execution, and reading the file each time
/// cost a large share of a model's time (and leaked a name each time).
fn once_per_location(
    cache: &'static OnceLock<Mutex<Cache>>,
    location: &'static Location<'static>,
    find: impl FnOnce() -> Option<Name>,
) -> Option<Name> {
    let key = (location.file(), location.line(), location.column());
    let cache = cache.get_or_init(Default::default);
    if let Some(found) = cache.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
        return *found;
    }
    // Found outside the lock; a race only reads the same line twice.
    let name = find();
    cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(key, name);
    name
}

/// The name the source line at `location` gives the object made there, if any.
pub(crate) fn name_at(location: &'static Location<'static>) -> Option<Name> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    once_per_location(&CACHE, location, || find_name(location))
}

fn find_name(location: &'static Location<'static>) -> Option<Name> {
    let leak = |name: String| -> &'static str { Box::leak(name.into_boxed_str()) };
    // One leak per distinct source location that names an object: a handful.
    crate::util::read_line(location.file(), location.line()).and_then(|line| {
        if line.trim_start().starts_with("#[derive(") && line.contains("Default") {
            let text = crate::util::read_source(location.file())?;
            let after = text.lines().skip(location.line() as usize);
            let fields: Vec<&'static str> = derived_fields(after).into_iter().map(leak).collect();
            return (!fields.is_empty()).then(|| Name {
                name: fields[0],
                element: false,
                fields: Box::leak(fields.into_boxed_slice()),
            });
        }
        name_in(&line, location.column() as usize)
            .map(|name| (name, false))
            .or_else(|| element_of(&line).map(|name| (name, true)))
            .or_else(|| element_above(location).map(|name| (name, true)))
            .map(|(name, element)| Name {
                name: leak(name),
                element,
                fields: &[],
            })
    })
}

/// The pair a channel's line binds: `let (job_tx, job_rx) = mpsc::channel();` names the
/// channel `job_tx→job_rx` (not `job_rx` alone, which the mutex a pool wraps around the
/// receiver is often called).
///
/// Kept per source location, as [`name_at`] keeps its names (reading the file for every
/// execution was 14 % of a pool model's time).
pub(crate) fn channel_at(location: &'static Location<'static>) -> Option<Name> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    once_per_location(&CACHE, location, || {
        crate::util::read_line(location.file(), location.line())
            .and_then(|line| pair_in(&line))
            .map(|name| Name {
                name: Box::leak(name.into_boxed_str()),
                element: false,
                fields: &[],
            })
    })
}

/// `sender→receiver`, from a `let (sender, receiver) = …` line.
fn pair_in(line: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix("let")?.trim_start();
    let inside = rest.strip_prefix('(')?;
    let (pair, after) = inside.split_once(')')?;
    if !after.trim_start().starts_with(['=', ':']) {
        return None;
    }
    let mut names = pair
        .split(',')
        .map(|n| n.trim().trim_start_matches("mut ").trim());
    let (sender, receiver) = (names.next()?, names.next()?);
    let receiver = last_ident(receiver).filter(|r| r == receiver)?;
    Some(match last_ident(sender).filter(|s| s == sender) {
        Some(sender) => format!("{sender}→{receiver}"),
        None => receiver,
    })
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

/// The field or variable a line fills with many objects: `forks: (0..n).map(|_|
/// Mutex::new(0)).collect()`, `let forks = vec![Mutex::new(0), Mutex::new(0)];`.
fn element_of(line: &str) -> Option<String> {
    let many = line.contains("|") || line.contains("vec![") || line.contains("collect");
    if !many {
        return None;
    }
    let line = line.trim_start();
    let head = line
        .strip_prefix("let ")
        .map(|rest| rest.trim_start().strip_prefix("mut ").unwrap_or(rest))
        .unwrap_or(line);
    let end = head.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    let rest = head[end..].trim_start();
    let binds = (rest.starts_with(':') && !rest.starts_with("::")) || rest.starts_with('=');
    (end > 0 && binds)
        .then(|| last_ident(&head[..end]))
        .flatten()
}

/// [`element_of`] for a constructor that starts its own line inside a closure written
/// over several (`let slots = (0..n)` / `.map(|_| {` / `Mutex::new(Node {`): the
/// statement is read upwards from the constructor's line, a line at a time (at most six,
/// never past the end of an earlier statement), until its first line binds it.
fn element_above(location: &Location<'_>) -> Option<String> {
    let text = crate::util::read_source(location.file())?;
    let lines: Vec<&str> = text.lines().collect();
    let at = (location.line() as usize).checked_sub(1)?;
    let starts_line = lines
        .get(at)?
        .chars()
        .take(location.column().saturating_sub(1) as usize)
        .all(char::is_whitespace);
    if !starts_line {
        return None;
    }
    for first in (at.saturating_sub(6)..at).rev() {
        let above = lines[first].trim_end();
        if above.ends_with(';') || above.ends_with('}') {
            return None;
        }
        if let Some(name) = element_of(&lines[first..=at].join(" ")) {
            return Some(name);
        }
    }
    None
}

/// The fields of the struct that follows a `#[derive(…)]` line whose type is one of the
/// shim's (`state: Mutex<State>`, `changed: Condvar`), in order.
fn derived_fields<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    const SHIM_TYPES: [&str; 5] = ["Mutex", "Condvar", "RwLock", "Atomic", "UnsafeCell"];
    let mut fields = Vec::new();
    let mut inside = false;
    for line in lines {
        let line = line.trim();
        if !inside {
            if line.contains("struct ") {
                if !line.ends_with('{') {
                    return fields; // a tuple or unit struct: nothing to name
                }
                inside = true;
            }
            continue;
        }
        if line.starts_with('}') {
            break;
        }
        let Some((name, ty)) = line.split_once(':') else {
            continue;
        };
        let name = name
            .trim()
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub ");
        if line.starts_with("//") || line.starts_with('#') || ty.starts_with(':') {
            continue;
        }
        if SHIM_TYPES.iter().any(|t| ty.contains(t))
            && let Some(ident) = last_ident(name)
        {
            fields.push(ident);
        }
    }
    fields
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
    fn a_derived_default_names_the_synchronization_fields_in_order() {
        let source = "#[derive(Debug, Default)]
pub struct FairRwLock {
    /// The counts.
    state: Mutex<State>,
    /// Notified on every exit.
    changed: Condvar,
    name: String,
}";
        let fields = super::derived_fields(source.lines().skip(1));
        assert_eq!(fields, ["state", "changed"]);
    }

    #[test]
    fn a_collection_names_its_elements() {
        assert_eq!(
            super::element_of("            forks: (0..seats).map(|_| Mutex::new(0)).collect(),")
                .as_deref(),
            Some("forks")
        );
        assert_eq!(
            super::element_of("let mut forks = vec![Mutex::new(0), Mutex::new(1)];").as_deref(),
            Some("forks")
        );
        assert_eq!(super::element_of("    f(Mutex::new(0));"), None);
        assert_eq!(
            super::element_of(
                "        let slots = (0..=capacity)             .map(|_| {                 Mutex::new(Node {"
            )
            .as_deref(),
            Some("slots"),
            "a statement written over several lines, read from its first"
        );
    }

    #[test]
    fn a_channel_is_named_after_its_sender_and_receiver() {
        assert_eq!(
            super::pair_in("    let (job_tx, job_rx) = mpsc::channel::<Message<J>>();").as_deref(),
            Some("job_tx→job_rx")
        );
        assert_eq!(
            super::pair_in("let (tx, mut rx) = mpsc::channel();").as_deref(),
            Some("tx→rx")
        );
        assert_eq!(
            super::pair_in("let (_, rx) = mpsc::channel();").as_deref(),
            Some("rx")
        );
        assert_eq!(super::pair_in("let pair = mpsc::channel();"), None);
        assert_eq!(super::pair_in("let (_, _) = mpsc::channel();"), None);
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
