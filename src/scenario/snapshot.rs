//! The snapshot of a scenario: its memo (the text output, explanations included) kept beside it
//! as `<name>.memo.txt`, so a lawyer reads in a pull request what an edit changes. Compared
//! byte for byte; line endings are normalised so a checkout on Windows does not differ.

use std::path::{Path, PathBuf};

/// Where a scenario's snapshot lives: `first-conversion.toml` → `first-conversion.memo.txt`.
pub fn path_of(scenario: &Path) -> PathBuf {
    scenario.with_extension("memo.txt")
}

/// How the memo compares with the snapshot on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// The same.
    Same,
    /// No snapshot yet.
    New,
    /// A different snapshot: the old text.
    Changed(String),
}

/// Compare a memo with the snapshot at `path`.
pub fn compare(path: &Path, memo: &str) -> std::io::Result<State> {
    match std::fs::read_to_string(path) {
        Ok(old) if old.replace("\r\n", "\n") == memo => Ok(State::Same),
        Ok(old) => Ok(State::Changed(old.replace("\r\n", "\n"))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::New),
        Err(e) => Err(e),
    }
}

/// Write a memo as the snapshot at `path`.
pub fn write(path: &Path, memo: &str) -> std::io::Result<()> {
    std::fs::write(path, memo)
}

/// The most lines of a memo diff shown; the rest is counted.
const MAX_DIFF_LINES: usize = 400;

/// How long a diff may search for the smallest one before it settles for a coarser one: a
/// portfolio's memo has millions of lines.
const DIFF_TIME: std::time::Duration = std::time::Duration::from_secs(2);

/// A readable line diff of two memos: `-` old, `+` new, with three lines of context, as
/// `git diff` shows it; at most `MAX_DIFF_LINES` lines, then how many more there are.
#[expect(
    clippy::disallowed_methods,
    reason = "a bound on the time spent presenting a diff, not part of any evaluation; small diffs never reach it, so their text does not depend on the machine"
)]
pub fn diff(old: &str, new: &str) -> String {
    let text = similar::TextDiff::configure()
        .deadline(std::time::Instant::now() + DIFF_TIME)
        .diff_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header("snapshot", "now")
        .to_string();
    let total = text.lines().count();
    if total <= MAX_DIFF_LINES {
        return text;
    }
    let mut shown: String = text
        .lines()
        .take(MAX_DIFF_LINES)
        .flat_map(|l| [l, "\n"])
        .collect();
    shown.push_str(&format!(
        "… {} more lines of difference (compare the files themselves)\n",
        total - MAX_DIFF_LINES
    ));
    shown
}
