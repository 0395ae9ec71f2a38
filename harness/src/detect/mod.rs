//! Detection outside the model checker: the tracked std shim's registry and the
//! detector that gives a plain test a deadlock or spin verdict in seconds
//! ([`track`]), and where a spinning thread is, read from its stack ([`spin_site`]).

pub(crate) mod panics;
pub(crate) mod processes;
mod spin_site;
pub(crate) mod stuck;
pub mod track;

/// The entries of a `/proc` folder whose names are numbers (processes, threads, file
/// descriptors): the number and the entry's path. Empty if the folder cannot be read.
pub(crate) fn numbered<N: std::str::FromStr>(dir: &str) -> Vec<(N, std::path::PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path())))
        .collect()
}

/// How often the thread whose `/proc/…/task/<tid>` folder is `dir` was switched off its
/// core, voluntarily or not: unchanged between two looks, it did not run in between.
pub(crate) fn switches(dir: &std::path::Path) -> Option<u64> {
    let status = std::fs::read_to_string(dir.join("status")).ok()?;
    Some(
        status
            .lines()
            .filter(|l| l.contains("ctxt_switches:"))
            .filter_map(|l| l.split_whitespace().last()?.parse::<u64>().ok())
            .sum(),
    )
}

/// A hang proven while it happens: the report, and where the test's own thread waits in
/// the learner's code (the function to look at), when it waits there.
pub(crate) struct Proven {
    pub(crate) report: String,
    pub(crate) culprit: Option<crate::outcome::Culprit>,
}

/// Where thread `tid` (asleep) waits in the learner's code: the innermost frame of its
/// stack in the exercise's sources, outside its tests.
pub(crate) fn waits_in_learners_code(tid: i32) -> Option<crate::outcome::Culprit> {
    let (file, line) = spin_site::spinning_at(tid, |file| {
        file.ends_with(".rs")
            && crate::util::origin::is_exercise_file(file)
            && !crate::util::display_path(file).starts_with("tests/")
    })?;
    Some(crate::outcome::Culprit {
        function: crate::source::functions::function_at(&file, line)?,
        file: crate::util::display_path(&file),
        line,
        thread: None,
    })
}

/// Where thread `tid` (asleep) waits in the exercise's files, tests included:
/// `file:line`, and the function when one is found.
pub(crate) fn waits_at(tid: i32) -> Option<String> {
    let (file, line) = spin_site::spinning_at(tid, |file| {
        file.ends_with(".rs") && crate::util::origin::is_exercise_file(file)
    })?;
    let within = crate::source::functions::function_at(&file, line)
        .map(|f| format!(" in `{f}`"))
        .unwrap_or_default();
    Some(format!(
        "{}:{line}{within}",
        crate::util::display_path(&file)
    ))
}
