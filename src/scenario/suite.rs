//! A clause folder's scenarios run together, each with how its memo compares with the
//! snapshot beside it: what `proviso test` reports, in any format. Deciding to write a
//! snapshot (new, accepted, reviewed) is the caller's; [`Entry::settle`] records it.

use std::path::Path;

use crate::Program;
use crate::source::Sources;

use super::run::{Run, run};
use super::snapshot::{self, State};

/// Where a scenario's snapshot stands after the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Snapshot {
    /// The memo is the snapshot.
    Same,
    /// There was no snapshot: `written` when it has now been written.
    New { written: bool },
    /// The memo differs from the snapshot: the readable diff, and what was decided.
    Changed { diff: String, decision: Decision },
    /// The scenario could not be evaluated, so there is no memo to compare.
    NotRun,
}

/// What became of a changed snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Left as it was: the scenario fails until it is accepted.
    Pending,
    /// The new memo was written as the snapshot (`--accept`, or accepted in `--review`).
    Accepted,
    /// Rejected in `--review`: the snapshot stays, and the scenario fails.
    Rejected,
    /// Skipped in `--review`.
    Skipped,
}

#[derive(Debug)]
pub struct Entry {
    pub run: Run,
    pub snapshot: Snapshot,
}

impl Entry {
    /// Its expectations hold, nothing went wrong, and its snapshot is the memo (or was new and
    /// has been written, or has been accepted).
    pub fn passed(&self) -> bool {
        self.run.passed()
            && match &self.snapshot {
                Snapshot::Same => true,
                // Missing and not written (in CI): nothing to compare the memo with.
                Snapshot::New { written } => *written,
                Snapshot::Changed { decision, .. } => *decision == Decision::Accepted,
                Snapshot::NotRun => false,
            }
    }

    /// Record what was decided about the snapshot, writing the memo when it is new or the
    /// change is accepted.
    pub fn settle(&mut self, decision: Decision) -> std::io::Result<()> {
        let write = match &self.snapshot {
            Snapshot::New { .. } => true,
            Snapshot::Changed { .. } => decision == Decision::Accepted,
            Snapshot::Same | Snapshot::NotRun => false,
        };
        if let (true, Some(memo)) = (write, &self.run.memo) {
            snapshot::write(&snapshot::path_of(&self.run.path), memo)?;
        }
        match &mut self.snapshot {
            Snapshot::New { written } => *written = write,
            Snapshot::Changed { decision: d, .. } => *d = decision,
            Snapshot::Same | Snapshot::NotRun => {}
        }
        Ok(())
    }
}

/// Run one scenario file and compare its memo with its snapshot (writing nothing).
pub fn entry(program: &Program, sources: &mut Sources, path: &Path) -> Entry {
    let mut run = run(program, sources, path);
    let snapshot = match &run.memo {
        None => Snapshot::NotRun,
        Some(memo) => match snapshot::compare(&snapshot::path_of(path), memo) {
            Ok(State::Same) => Snapshot::Same,
            Ok(State::New) => Snapshot::New { written: false },
            Ok(State::Changed(old)) => Snapshot::Changed {
                diff: snapshot::diff(&old, memo),
                decision: Decision::Pending,
            },
            Err(e) => {
                let shown = snapshot::path_of(path).display().to_string();
                let file = sources.add(shown.clone(), "");
                run.errors.push(
                    super::ScenarioError::Io {
                        action: "read the snapshot",
                        path: shown,
                        message: e.to_string(),
                        help: "the snapshot is the file `<scenario>.memo.txt` beside the scenario"
                            .into(),
                        src: sources.named(file),
                        span: crate::source::Span::new(file, 0, 0).into(),
                    }
                    .into(),
                );
                Snapshot::NotRun
            }
        },
    };
    Entry { run, snapshot }
}
