//! The workspace of the page: the clause folder on disk and, in memory, the texts of the files
//! edited in the page and not saved. Checking and "Evaluate" read the edited texts over the
//! folder's own; only [`Workspace::save`] writes a file, and only one of the folder's listing.
//!
//! The folder may use another folder's names (or be a deal): its texts are those
//! [`crate::read_clauses`] reads, the edits laid over the files of the folder itself.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::safety::{ApiError, inside, pick};
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

#[derive(Debug)]
pub struct Workspace {
    dir: PathBuf,
    /// Edited texts by file name, not saved.
    edits: Mutex<BTreeMap<String, String>>,
}

impl Workspace {
    pub fn new(dir: PathBuf) -> Workspace {
        Workspace {
            dir,
            edits: Mutex::new(BTreeMap::new()),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The `.proviso` files of the folder, sorted by name; a file whose link points out of the
    /// folder is left out.
    pub fn files(&self) -> Result<Vec<ClauseFile>, ApiError> {
        let texts = crate::read_clause_folder(&self.dir)
            .map_err(|e| ApiError::internal(format!("cannot read the clause folder: {e}")))?;
        Ok(texts
            .into_iter()
            .map(|(p, _)| PathBuf::from(p))
            .filter(|p| inside(&self.dir, p))
            .filter_map(|path| {
                let name = path.file_name()?.to_string_lossy().into_owned();
                Some(ClauseFile { name, path })
            })
            .collect())
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

    /// The text on disk of a file of the listing.
    pub fn saved_text(&self, file: &ClauseFile) -> Result<String, ApiError> {
        std::fs::read_to_string(&file.path)
            .map_err(|e| ApiError::internal(format!("cannot read `{}`: {e}", file.name)))
    }

    /// The edited text of a file, when it has one.
    pub fn edited_text(&self, name: &str) -> Option<String> {
        self.edits().get(name).cloned()
    }

    /// The names of the files with unsaved edits.
    pub fn edited_names(&self) -> Vec<String> {
        self.edits().keys().cloned().collect()
    }

    /// Keep an edited text in memory (an edit back to the saved text is no edit).
    pub fn edit(&self, file: &ClauseFile, text: String) -> Result<(), ApiError> {
        let saved = self.saved_text(file)?;
        let mut edits = self.edits();
        if text == saved {
            edits.remove(&file.name);
        } else {
            edits.insert(file.name.clone(), text);
        }
        Ok(())
    }

    /// Forget the edit of a file.
    pub fn revert(&self, file: &ClauseFile) {
        self.edits().remove(&file.name);
    }

    /// Write the edited text of a file to disk; false when it has no edit.
    pub fn save(&self, file: &ClauseFile) -> Result<bool, ApiError> {
        let mut edits = self.edits();
        let Some(text) = edits.get(&file.name) else {
            return Ok(false);
        };
        if !inside(&self.dir, &file.path) {
            return Err(ApiError::bad_request(format!(
                "`{}` is not inside the clause folder",
                file.name
            )));
        }
        std::fs::write(&file.path, text)
            .map_err(|e| ApiError::internal(format!("cannot write `{}`: {e}", file.name)))?;
        edits.remove(&file.name);
        Ok(true)
    }

    /// The folder as saved on disk.
    pub fn saved(&self) -> Result<Side, ApiError> {
        let folders = self.folders()?;
        Ok(Side {
            label: "saved".to_owned(),
            folders,
            documents: Vec::new(),
        })
    }

    /// The folder with the edits laid over it.
    pub fn edited(&self) -> Result<Side, ApiError> {
        let mut folders = self.folders()?;
        let edits = self.edits().clone();
        let own = self.dir.canonicalize().ok();
        for (_, texts, _) in &mut folders {
            for (path, text) in texts.iter_mut() {
                let path = Path::new(path.as_str());
                let here = path.parent().and_then(|p| p.canonicalize().ok());
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                if here.is_some()
                    && here == own
                    && let Some(edit) = name.and_then(|n| edits.get(&n))
                {
                    text.clone_from(edit);
                }
            }
        }
        Ok(Side {
            label: "edited".to_owned(),
            folders,
            documents: Vec::new(),
        })
    }

    fn folders(&self) -> Result<Vec<FolderTexts>, ApiError> {
        let read = crate::read_clauses(&self.dir, &mut Sources::new()).map_err(|e| match e {
            crate::ClauseLoadError::Io(p, m) => {
                ApiError::internal(format!("cannot read the clause folder `{p}`: {m}"))
            }
            crate::ClauseLoadError::Diagnostics(es) => ApiError::internal(format!(
                "the deal of the clause folder cannot be read: {} problem(s)",
                es.len()
            )),
        })?;
        // A clause file that is a link out of its folder is not read (nor shown in a
        // diagnostic): the page serves the folders' own files only.
        Ok(read
            .into_iter()
            .map(|(dir, (id, mut texts, evaluated))| {
                texts.retain(|(path, _)| inside(&dir, Path::new(path)));
                (id, texts, evaluated)
            })
            .collect())
    }

    fn edits(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, String>> {
        // A panic while the lock was held cannot leave the map half-written: take it as is.
        self.edits
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
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
