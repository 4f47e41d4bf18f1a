//! What a place in the clause files means, for editors: the analysis behind the language server
//! (`proviso lsp`, [`crate::lsp`]) and the web page, free of any protocol.
//!
//! [`analyze`] reads a clause folder (or a deal, [`crate::read_clauses`]) from the disk with the
//! texts an editor holds unsaved laid over it ([`Overlays`]), checks it as `proviso check` does
//! and indexes its names ([`index`]). The [`Analysis`] then answers, by file path and byte
//! offset: its diagnostics (errors and warnings, [`diagnostics`]), hover ([`hover`]), go to
//! definition and find references ([`navigate`]), symbols ([`symbols`]), completion
//! ([`completion`]) and formatting (through [`crate::layout`]). Offsets are bytes of the file's
//! text; [`LineIndex`] converts them to the lines and UTF-16 columns editors count.
//!
//! An analysis is a snapshot: an edit makes a new one. Values shown on hover are evaluated in a
//! scenario (the one the settings name, else the folder's first) once per snapshot and term.

pub mod completion;
pub mod diagnostics;
pub mod hover;
pub mod index;
mod line_index;
pub mod navigate;
pub mod symbols;
mod values;

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

pub use diagnostics::{Diagnostic, Related, Severity};
pub use index::{Index, Symbol};
pub use line_index::{LineIndex, Position};

use crate::source::{FileId, Sources};
use crate::{ClauseLoadError, Error, Program};

/// The texts an editor holds, by absolute path: they prevail over the files on disk.
pub type Overlays = HashMap<PathBuf, String>;

/// What the editor chose.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The scenario whose values hover shows (a path, or a name in the folder's `scenarios/`);
    /// without it, the first scenario of the folder.
    pub scenario: Option<String>,
}

/// A place in a file: its path and a byte range of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub range: Range<usize>,
}

/// One clause file of the analysis.
#[derive(Debug, Clone)]
struct FileEntry {
    path: PathBuf,
    file: FileId,
}

/// A checked and indexed clause folder, as the editor has it.
#[derive(Debug)]
pub struct Analysis {
    root: PathBuf,
    settings: Settings,
    sources: Sources,
    files: Vec<FileEntry>,
    program: Option<Program>,
    index: Index,
    diagnostics: Vec<Diagnostic>,
    /// The scenario loaded for hover, once.
    scenario: OnceLock<values::Loaded>,
    /// Each term's value shown on hover, once.
    shown: Mutex<HashMap<String, Option<String>>>,
}

/// The clause folder a clause file belongs to: its folder.
pub fn folder_of(file: &Path) -> Option<PathBuf> {
    let folder = file.parent()?;
    Some(folder.canonicalize().unwrap_or_else(|_| folder.to_owned()))
}

/// Read, check and index the clause folder (or deal) at `folder`, the overlays prevailing over
/// the disk. Never fails: what cannot be read or checked is in [`Analysis::diagnostics`].
pub fn analyze(folder: &Path, overlays: &Overlays, settings: &Settings) -> Analysis {
    let root = folder.canonicalize().unwrap_or_else(|_| folder.to_owned());
    let mut sources = Sources::new();
    let mut diagnostics = Vec::new();
    let folders = match crate::read_clauses(&root, &mut sources) {
        Ok(folders) => folders,
        Err(e) => {
            let errors = match e {
                ClauseLoadError::Diagnostics(es) => es,
                ClauseLoadError::Io(path, message) => {
                    diagnostics.push(Diagnostic::io(&root, &path, &message));
                    Vec::new()
                }
            };
            diagnostics.extend(errors.iter().map(|e| Diagnostic::of(e, &root)));
            Vec::new()
        }
    };
    let folders: Vec<crate::FolderTexts> = folders
        .into_iter()
        .map(|(path, (id, texts, evaluated))| (id, laid_over(&path, texts, overlays), evaluated))
        .collect();
    // Parsed and checked as `check_folders` does (lib.rs), keeping what it does not hand
    // back: the syntax trees, for the index, and the warnings of a folder with errors, so they
    // do not vanish from the editor while the user types.
    let mut files = Vec::new();
    let mut parsed = Vec::new();
    let mut errors: Vec<Error> = Vec::new();
    for (id, texts, evaluated) in folders {
        let mut trees = Vec::new();
        for (name, text) in texts {
            let text: Arc<str> = Arc::from(text);
            let file = sources.add(name.clone(), text.clone());
            files.push(FileEntry {
                path: PathBuf::from(&name),
                file,
            });
            match crate::syntax::parse(file, &name, &text) {
                Ok(tree) => trees.push(tree),
                Err(es) => errors.extend(es.into_iter().map(Error::from)),
            }
        }
        parsed.push((id, trees, evaluated));
    }
    let trees: Vec<(usize, &crate::ast::File)> = parsed
        .iter()
        .enumerate()
        .flat_map(|(d, (_, trees, _))| trees.iter().map(move |t| (d, t)))
        .collect();
    let index = index::build(&trees, &sources);
    let mut warnings = Vec::new();
    let mut program = None;
    if errors.is_empty() && !parsed.is_empty() {
        let mut checked = Vec::new();
        for (id, trees, evaluated) in parsed {
            let (source, source_errors) = crate::check::load_source(&trees, &mut sources);
            crate::check::load_holiday_lists(&trees, &mut sources);
            errors.extend(source_errors.into_iter().map(Error::from));
            checked.push(crate::check::Folder {
                id,
                files: trees,
                source,
                evaluated,
            });
        }
        match crate::check::check_deal(checked, &sources) {
            Ok(p) => {
                warnings.clone_from(&p.warnings);
                program = errors.is_empty().then_some(p);
            }
            Err(failure) => {
                errors.extend(failure.errors.into_iter().map(Error::from));
                warnings = failure.warnings;
            }
        }
    }
    diagnostics.extend(errors.iter().map(|e| Diagnostic::of(e, &root)));
    let warnings = warnings.into_iter().map(Error::from);
    diagnostics.extend(warnings.map(|w| Diagnostic::of(&w, &root)));
    Analysis {
        root,
        settings: settings.clone(),
        sources,
        files,
        program,
        index,
        diagnostics,
        scenario: OnceLock::new(),
        shown: Mutex::new(HashMap::new()),
    }
}

/// A folder's texts with the editor's overlays laid over them, and the overlays of new files of
/// the folder added.
fn laid_over(
    folder: &Path,
    texts: Vec<(String, String)>,
    overlays: &Overlays,
) -> Vec<(String, String)> {
    let mut texts: Vec<(String, String)> = texts
        .into_iter()
        .map(|(name, text)| match overlays.get(Path::new(&name)) {
            Some(o) => (name, o.clone()),
            None => (name, text),
        })
        .collect();
    let mut new: Vec<(String, String)> = overlays
        .iter()
        .filter(|(p, _)| {
            p.parent() == Some(folder)
                && p.extension().is_some_and(|x| x == "proviso")
                && !texts.iter().any(|(n, _)| Path::new(n) == p.as_path())
        })
        .map(|(p, t)| (p.display().to_string(), t.clone()))
        .collect();
    texts.append(&mut new);
    texts.sort_by(|a, b| a.0.cmp(&b.0));
    texts
}

impl Analysis {
    /// The folder analysed.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The clause files analysed (of every folder of a deal).
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|f| f.path.as_path())
    }

    /// Whether the folder checks.
    pub fn checks(&self) -> bool {
        self.program.is_some()
    }

    /// The checked program, when the folder checks.
    pub fn program(&self) -> Option<&Program> {
        self.program.as_ref()
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Every error and warning of the folder, each in its file (a clause file, or the document's
    /// text a warning points into).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The text of a file of the analysis (a clause file or the document's text).
    pub fn text(&self, path: &Path) -> Option<&str> {
        let name = path.display().to_string();
        let file = self.sources.find(&name)?;
        self.sources.get(file).map(|f| &*f.text)
    }

    /// The line index of a file of the analysis.
    pub fn line_index(&self, path: &Path) -> Option<LineIndex> {
        let name = path.display().to_string();
        let file = self.sources.find(&name)?;
        self.sources
            .get(file)
            .map(|f| LineIndex::new(f.text.clone()))
    }

    fn file_id(&self, path: &Path) -> Option<FileId> {
        self.files.iter().find(|f| f.path == path).map(|f| f.file)
    }

    fn path_of(&self, file: FileId) -> Option<&Path> {
        self.files
            .iter()
            .find(|f| f.file == file)
            .map(|f| f.path.as_path())
    }

    fn location(&self, span: crate::source::Span) -> Option<Location> {
        Some(Location {
            path: self.path_of(span.file)?.to_owned(),
            range: span.start as usize..span.end as usize,
        })
    }

    /// What each piece of a clause file is, for colouring it ([`crate::syntax::highlight`]).
    pub fn highlights(&self, path: &Path) -> Vec<crate::syntax::Highlight> {
        self.text(path)
            .map(crate::syntax::highlight)
            .unwrap_or_default()
    }

    /// The file in the canonical layout (`proviso fmt`): `Ok(None)` when it already is, the
    /// syntax errors when it does not parse.
    pub fn format(&self, path: &Path) -> Result<Option<String>, Vec<Diagnostic>> {
        let text = self.text(path).unwrap_or_default();
        let name = path.display().to_string();
        match crate::layout::format_named(&name, text) {
            Ok(formatted) if formatted == text => Ok(None),
            Ok(formatted) => Ok(Some(formatted)),
            Err(errors) => Err(errors
                .into_iter()
                .map(|e| Diagnostic::of(&Error::from(e), &self.root))
                .collect()),
        }
    }
}
