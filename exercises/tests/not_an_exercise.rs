//! `cargo test` in `exercises/` or a chapter folder lands here: say where to go instead.

use std::path::Path;

#[test]
fn this_folder_holds_chapters_not_an_exercise() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut exercises: Vec<String> = std::fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|chapter| chapter.path().is_dir())
        .flat_map(|chapter| {
            std::fs::read_dir(chapter.path())
                .into_iter()
                .flatten()
                .flatten()
        })
        .filter(|exercise| exercise.path().join("Cargo.toml").is_file())
        .filter_map(|exercise| {
            let path = exercise.path();
            Some(path.strip_prefix(root).ok()?.display().to_string())
        })
        .collect();
    exercises.sort();
    panic!(
        "`cargo test` ran in a folder that holds chapters, not in an exercise, so nothing \
         of yours was graded.\nGo into one exercise and run it there, for example:\n\n    \
         cd exercises/{}\n    cargo test\n\nor from anywhere: `cargo run -- list` shows every \
         exercise and its status. The exercises are:\n  {}",
        exercises
            .first()
            .map(String::as_str)
            .unwrap_or("<chapter>/<exercise>"),
        exercises.join("\n  ")
    );
}
