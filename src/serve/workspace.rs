//! The workspace of the page: the clause folder on disk and, in memory, the texts of the files
//! edited in the page and not saved. Checking and "Evaluate" read the edited texts over the
//! folder's own; only [`Workspace::save`] writes a file, and only one of the folder's listing.
//!
//! The folder is one clause folder (a deal's folder, with its `deal.toml`, is not served: give
//! one of its clause folders). It may `use` the names of sibling folders: they are read as
//! `proviso check` reads them, found from the edited texts. A clause file of the folder that
//! cannot be read (not UTF-8), or that is a link out of the folder, is not read by the page: it
//! is a [`FolderProblem`], shown with every check and evaluation, which then do not check.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::safety::{ApiError, inside, pick, plain_name};
use crate::compare::Side;
use crate::error::Error;
use crate::source::Sources;
use crate::{FolderTexts, Program};

/// A clause file of the folder, as the page lists it.
#[derive(Debug, Clone)]
pub struct ClauseFile {
    /// Its name within the folder: how the page and the API name it.
    pub name: String,
    pub path: PathBuf,
}

/// A scenario of the folder, as the page lists it.
#[derive(Debug, Clone)]
pub struct ScenarioFile {
    pub name: String,
    pub path: PathBuf,
}

/// A clause file the page does not read, and why: `proviso check` would read it (or fail on
/// it), so the page says the folder does not check rather than show results without it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderProblem {
    /// Its name within the folder (or the path of a used folder's file).
    pub file: String,
    pub message: String,
    pub help: String,
}

/// An edit of a file kept in memory: the text on disk when the edit began, and the edited text.
#[derive(Debug, Clone)]
struct Edit {
    base: String,
    text: String,
}

/// What an edit sent with a sequence number did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// Kept (or, back to the text on disk, forgotten).
    Kept,
    /// Older than an edit of that file already applied: ignored.
    Stale,
}

#[derive(Debug, Default)]
struct Edits {
    /// Edited texts by file name, not saved.
    texts: BTreeMap<String, Edit>,
    /// The highest sequence number applied, by file name (kept across save and revert).
    seq: BTreeMap<String, u64>,
}

#[derive(Debug)]
pub struct Workspace {
    dir: PathBuf,
    edits: Mutex<Edits>,
}

impl Workspace {
    pub fn new(dir: PathBuf) -> Workspace {
        Workspace {
            dir,
            edits: Mutex::new(Edits::default()),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The `.proviso` files of the folder (listed, not read), sorted by name, with the
    /// problems of the listing: a file whose link points out of the folder is left out and is
    /// a problem; what is not a file (a folder, a pipe) and a hidden name are left out.
    pub fn listing(&self) -> Result<(Vec<ClauseFile>, Vec<FolderProblem>), ApiError> {
        let entries = std::fs::read_dir(&self.dir).map_err(|e| {
            ApiError::internal(format!(
                "cannot list the clause folder `{}`: {e}",
                self.dir.display()
            ))
        })?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "proviso"))
            .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file()))
            .collect();
        paths.sort();
        let mut files = Vec::new();
        let mut problems = Vec::new();
        for path in paths {
            let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
                continue;
            };
            if !plain_name(&name) {
                continue;
            }
            if inside(&self.dir, &path) {
                files.push(ClauseFile { name, path });
            } else {
                problems.push(FolderProblem {
                    message: format!(
                        "`{name}` is a link to a file outside the clause folder: the page \
                         leaves it out, while `proviso check` reads it"
                    ),
                    help: "copy the file into the folder, or check the folder with \
                           `proviso check`"
                        .to_owned(),
                    file: name,
                });
            }
        }
        Ok((files, problems))
    }

    /// The `.proviso` files of the folder ([`Workspace::listing`]).
    pub fn files(&self) -> Result<Vec<ClauseFile>, ApiError> {
        Ok(self.listing()?.0)
    }

    /// The scenarios of the folder ([`crate::scenario::discover`]), sorted by name.
    pub fn scenarios(&self) -> Result<Vec<ScenarioFile>, ApiError> {
        let paths = crate::scenario::discover(&self.dir)
            .map_err(|e| ApiError::internal(format!("cannot list the scenarios: {e}")))?;
        Ok(paths
            .into_iter()
            .filter(|p| inside(&self.dir, p))
            .map(|path| ScenarioFile {
                name: crate::scenario::name_of(&path),
                path,
            })
            .collect())
    }

    /// The scenario of that name, from the listing.
    pub fn scenario(&self, name: &str) -> Result<ScenarioFile, ApiError> {
        let all = self.scenarios()?;
        pick(&all, name, "scenario", |s| &s.name).cloned()
    }

    /// The clause file of that name, from the listing.
    pub fn file(&self, name: &str) -> Result<ClauseFile, ApiError> {
        let all = self.files()?;
        pick(&all, name, "clause file", |f| &f.name).cloned()
    }

    /// The text on disk of a file of the listing (a file that is not UTF-8 is a 422 saying
    /// so: it is the file's content, not a fault of the server).
    pub fn saved_text(&self, file: &ClauseFile) -> Result<String, ApiError> {
        read_text(&file.path).map_err(|m| ApiError {
            status: axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            message: format!("cannot read `{}`: {m}", file.name),
        })
    }

    /// The edited text of a file, when it has one.
    pub fn edited_text(&self, name: &str) -> Option<String> {
        self.edits().texts.get(name).map(|e| e.text.clone())
    }

    /// The names of the files with unsaved edits.
    pub fn edited_names(&self) -> Vec<String> {
        self.edits().texts.keys().cloned().collect()
    }

    /// Keep an edited text in memory (an edit back to the text it began from is no edit). With
    /// a sequence number `seq`, an edit older than one already applied to that file is ignored
    /// (two edits sent at once may arrive in either order).
    pub fn edit(
        &self,
        file: &ClauseFile,
        text: String,
        seq: Option<u64>,
    ) -> Result<Applied, ApiError> {
        let mut edits = self.edits();
        if let Some(seq) = seq {
            let last = edits.seq.entry(file.name.clone()).or_insert(0);
            if seq < *last {
                return Ok(Applied::Stale);
            }
            *last = seq;
        }
        let base = match edits.texts.get(&file.name) {
            Some(e) => e.base.clone(),
            None => self.saved_text(file)?,
        };
        if text == base {
            edits.texts.remove(&file.name);
        } else {
            edits.texts.insert(file.name.clone(), Edit { base, text });
        }
        Ok(Applied::Kept)
    }

    /// Forget the edit of a file.
    pub fn revert(&self, file: &ClauseFile) {
        self.edits().texts.remove(&file.name);
    }

    /// Write the edited text of a file to disk; false when it has no edit. A 409 when the file
    /// on disk changed since the edit began (another editor saved it): nothing is written.
    /// The text is written to a file beside it, then renamed over it, so a crash leaves the
    /// old file or the new one, never half of one.
    pub fn save(&self, file: &ClauseFile) -> Result<bool, ApiError> {
        let mut edits = self.edits();
        let Some(edit) = edits.texts.get(&file.name) else {
            return Ok(false);
        };
        if !inside(&self.dir, &file.path) {
            return Err(ApiError::bad_request(format!(
                "`{}` is not inside the clause folder",
                file.name
            )));
        }
        let now = self.saved_text(file)?;
        if now != edit.base {
            return Err(ApiError {
                status: axum::http::StatusCode::CONFLICT,
                message: format!(
                    "`{}` has changed on disk since you began editing it: nothing was saved. \
                     Copy your text, then Revert to see the file as it is now",
                    file.name
                ),
            });
        }
        let temp = file.path.with_file_name(format!(".{}.saving", file.name));
        let written =
            std::fs::write(&temp, &edit.text).and_then(|()| std::fs::rename(&temp, &file.path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temp);
            return Err(ApiError::internal(format!(
                "cannot write `{}`: {e}",
                file.name
            )));
        }
        edits.texts.remove(&file.name);
        Ok(true)
    }

    /// The folder as saved on disk, and the files the page cannot read.
    pub fn saved(&self) -> Result<(Side, Vec<FolderProblem>), ApiError> {
        let (folders, problems) = self.folders(&BTreeMap::new())?;
        Ok((
            Side {
                label: "saved".to_owned(),
                folders,
                documents: Vec::new(),
            },
            problems,
        ))
    }

    /// The folder with the edits laid over it (the used folders found from the edited texts),
    /// and the files the page cannot read.
    pub fn edited(&self) -> Result<(Side, Vec<FolderProblem>), ApiError> {
        let edits: BTreeMap<String, String> = self
            .edits()
            .texts
            .iter()
            .map(|(k, e)| (k.clone(), e.text.clone()))
            .collect();
        let (folders, problems) = self.folders(&edits)?;
        Ok((
            Side {
                label: "edited".to_owned(),
                folders,
                documents: Vec::new(),
            },
            problems,
        ))
    }

    /// The folder's texts (each edited text over its file's) and those of the folders it
    /// uses, as [`crate::read_clauses`] reads them; what cannot be read is a problem.
    fn folders(
        &self,
        edits: &BTreeMap<String, String>,
    ) -> Result<(Vec<FolderTexts>, Vec<FolderProblem>), ApiError> {
        let (files, mut problems) = self.listing()?;
        let mut own = Vec::new();
        for f in &files {
            if let Some(text) = edits.get(&f.name) {
                own.push((f.path.display().to_string(), text.clone()));
                continue;
            }
            match read_text(&f.path) {
                Ok(text) => own.push((f.path.display().to_string(), text)),
                Err(m) => problems.push(FolderProblem {
                    file: f.name.clone(),
                    message: format!("`{}` cannot be read: {m}", f.name),
                    help: "save the file as UTF-8 text".to_owned(),
                }),
            }
        }
        let mut folders: Vec<FolderTexts> = vec![(crate::deal::document_id(&self.dir), own, true)];
        let base = self
            .dir
            .canonicalize()
            .ok()
            .and_then(|d| d.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        let mut k = 0;
        while let Some((_, texts, _)) = folders.get(k) {
            let mut found = Vec::new();
            for used in crate::deal::uses(texts) {
                let folder = base.join(&used);
                let known = folders.iter().any(|(id, _, _)| *id == used)
                    || found.iter().any(|(id, _, _)| *id == used);
                if known || !folder.is_dir() {
                    continue;
                }
                match crate::read_clause_folder(&folder) {
                    Ok(read) => found.push((used, read, false)),
                    Err(crate::ClauseLoadError::Io(p, m)) => problems.push(FolderProblem {
                        file: p.clone(),
                        message: format!("the used folder's file `{p}` cannot be read: {m}"),
                        help: "check that folder with `proviso check`".to_owned(),
                    }),
                    Err(crate::ClauseLoadError::Diagnostics(es)) => problems.push(FolderProblem {
                        file: folder.display().to_string(),
                        message: format!(
                            "the used folder `{used}` cannot be read: {} problem(s)",
                            es.len()
                        ),
                        help: "check that folder with `proviso check`".to_owned(),
                    }),
                }
            }
            folders.extend(found);
            k += 1;
        }
        Ok((folders, problems))
    }

    fn edits(&self) -> std::sync::MutexGuard<'_, Edits> {
        // A panic while the lock was held cannot leave the map half-written: take it as is.
        self.edits
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A file's text; the message when it cannot be read (not UTF-8, say).
fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| e.to_string())
}

/// Check a side: its program, or every diagnostic; the warnings of a program that checks.
pub fn check(side: &Side) -> (Option<(Program, Sources)>, Vec<Error>) {
    let mut sources = Sources::new();
    for (name, text) in &side.documents {
        sources.add(name.clone(), text.as_str());
    }
    match crate::check_folders(side.folders.clone(), &mut sources) {
        Ok(program) => {
            let warnings = program.warnings.iter().cloned().map(Error::from).collect();
            (Some((program, sources)), warnings)
        }
        Err(errors) => (None, errors),
    }
}
