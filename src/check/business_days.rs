//! Checking of `business days are weekdays except the holidays in "ny-bank-holidays.csv", …`:
//! at most one per document (a deal's documents each define their own Business Days); each list a CSV file of the folder, read here, every problem
//! an error at its row; and every formula that counts Business Days (`5 business days after
//! d`, `the business days after a through b`) needs the declaration.
//!
//! A list is a CSV file with a header naming a `date` column (any case) and optionally a `name`
//! column; other columns are ignored. Dates are YYYY-MM-DD, in increasing order, each once. A
//! list covers the whole calendar years from its first holiday's through its last's, and lists
//! at least one holiday in every year between: a year with none is an error, not a year
//! without holidays.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::{CheckError, Checker};
use crate::ast;
use crate::program::{BusinessCalendar, Holiday, HolidayList};
use crate::source::{FileId, Sources, Span, Spanned};

/// How the help shows a good declaration.
const EXAMPLE: &str = "business days are weekdays except the holidays in \"ny-bank-holidays.csv\"";

/// The declarations of the files, each with its section.
fn declarations(files: &[ast::File]) -> impl Iterator<Item = &ast::BusinessDaysDecl> {
    files.iter().flat_map(|f| &f.items).filter_map(|i| match i {
        ast::Item::Section(s) => s.business_days.as_deref(),
        _ => None,
    })
}

/// Where a holiday list named in a clause file is: beside the clause file. `None` for a name
/// that is not a file name alone.
fn list_path(sources: &Sources, name: &Spanned<String>) -> Option<PathBuf> {
    let n = name.node.as_str();
    let plain = !n.is_empty() && !n.contains(['/', '\\', ':']) && n != "." && n != "..";
    if !plain {
        return None;
    }
    let folder = sources
        .get(name.span.file)
        .and_then(|f| Path::new(&f.name).parent().map(Path::to_path_buf))
        .unwrap_or_default();
    Some(folder.join(n))
}

/// Read the holiday lists the clause files name into `sources` (a list already there — a folder
/// read from git, or given by a test — is kept). A file that cannot be read is left out:
/// checking reports it at its name.
pub fn load_holiday_lists(files: &[ast::File], sources: &mut Sources) {
    let paths: Vec<PathBuf> = declarations(files)
        .flat_map(|d| &d.holidays)
        .filter_map(|name| list_path(sources, name))
        .collect();
    for path in paths {
        let shown = path.display().to_string();
        if sources.find(&shown).is_some() {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(&path) {
            sources.add(shown, text);
        }
    }
}

impl Checker<'_> {
    pub(super) fn business_days(&mut self, files: &[ast::File]) {
        // The first rule of each document (a deal's documents each define their own).
        let mut first: Vec<(usize, Span)> = Vec::new();
        for (section, s) in self.ast_sections(files) {
            let Some(decl) = &s.business_days else {
                continue;
            };
            let document = self.doc_of(decl.span);
            if let Some((_, first)) = first.iter().find(|(d, _)| *d == document) {
                let at = self.sources.location(*first);
                self.invalid(
                    decl.span,
                    "the document says twice which days are Business Days".to_owned(),
                    "a second rule",
                    format!("the first is at {at}; keep one rule, naming every holiday list in it"),
                );
                continue;
            }
            first.push((document, decl.span));
            let lists = self.holiday_lists(decl);
            if let Some(lists) = lists {
                let info = self.prog.sections.at(section);
                self.prog.business_days.push(BusinessCalendar {
                    section,
                    document,
                    cited: format!("{} \"{}\"", info.number, info.title),
                    lists,
                    span: decl.span,
                });
            }
        }
        for span in std::mem::take(&mut self.business_uses) {
            let document = self.doc_of(span);
            if first.iter().any(|(d, _)| *d == document) {
                continue;
            }
            let (which, deal) = if self.prog.is_deal() {
                let id = self
                    .prog
                    .documents
                    .get(document)
                    .map_or("", |d| d.id.as_str());
                (
                    format!("the document `{id}`"),
                    "; each document of a deal says it for its own rules",
                )
            } else {
                ("the clause folder".to_owned(), "")
            };
            self.invalid(
                span,
                format!(
                    "Business Days are counted here, but {which} does not say which days are \
                     Business Days"
                ),
                "counts Business Days",
                format!(
                    "say it once, in the section that defines \"Business Day\": `{EXAMPLE}` \
                     (each list a CSV file of the clause folder, with a `date` column and \
                     optionally a `name` column){deal}"
                ),
            );
        }
    }

    /// Each list the declaration names, read; `None` when one of them is wrong (reported).
    fn holiday_lists(&mut self, decl: &ast::BusinessDaysDecl) -> Option<Vec<HolidayList>> {
        let mut lists = Vec::new();
        let mut ok = true;
        for (i, name) in decl.holidays.iter().enumerate() {
            if decl.holidays.iter().take(i).any(|n| n.node == name.node) {
                self.holidays_error(
                    name.span,
                    format!("the holiday list `{}` is named twice", name.node),
                    "named again",
                    "name each list once".to_owned(),
                );
                ok = false;
                continue;
            }
            let Some(path) = list_path(self.sources, name) else {
                self.holidays_error(
                    name.span,
                    format!("the holiday list `{}` is not a file name", name.node),
                    "not a file of the clause folder",
                    format!(
                        "a holiday list is a CSV file kept in the clause folder: name it by its \
                         file name alone, e.g. `{EXAMPLE}`"
                    ),
                );
                ok = false;
                continue;
            };
            let Some(file) = self.sources.find(&path.display().to_string()) else {
                self.holidays_error(
                    name.span,
                    format!(
                        "the holiday list `{}` is not in the clause folder",
                        name.node
                    ),
                    "no such file in the clause folder",
                    "put the list in the clause folder under this name (a CSV file with a \
                     `date` column, one holiday a row), or correct the name"
                        .to_owned(),
                );
                ok = false;
                continue;
            };
            match read_list(self.sources, file, &name.node) {
                Ok(list) => lists.push(list),
                Err(errors) => {
                    self.errors.extend(errors);
                    ok = false;
                }
            }
        }
        ok.then_some(lists)
    }

    fn holidays_error(&mut self, span: Span, message: String, label: &str, help: String) {
        self.errors
            .push(holidays_error(self.sources, span, message, label, help));
    }
}

fn holidays_error(
    sources: &Sources,
    span: Span,
    message: String,
    label: &str,
    help: String,
) -> CheckError {
    CheckError::Holidays {
        message,
        help,
        src: sources.named(span.file),
        span: span.into(),
        label: label.to_owned(),
    }
}

/// The span of the line that starts at byte `start`, without its line break.
fn line_span(file: FileId, text: &str, start: usize) -> Span {
    let rest = text.get(start..).unwrap_or("");
    let len = rest.find('\n').unwrap_or(rest.len());
    let len = if rest.get(..len).is_some_and(|l| l.ends_with('\r')) {
        len - 1
    } else {
        len
    };
    Span::new(file, start, start + len)
}

/// Read one holiday list; every problem an error at its row (or at the header).
fn read_list(
    sources: &Sources,
    file: FileId,
    written: &str,
) -> Result<HolidayList, Vec<CheckError>> {
    let text = sources
        .get(file)
        .map(|f| f.text.clone())
        .unwrap_or_default();
    let header = line_span(file, &text, 0);
    let err = |span: Span, message: String, label: &str, help: &str| {
        holidays_error(sources, span, message, label, help.to_owned())
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(vec![err(
                header,
                format!("the holiday list `{written}` cannot be read: {e}"),
                "not a CSV header",
                "the first line is the header, e.g. `date,name`",
            )]);
        }
    };
    let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let Some(date_column) = column("date") else {
        return Err(vec![err(
            header,
            format!("the holiday list `{written}` has no `date` column"),
            "header",
            "the header names a `date` column (any case), each row's holiday as YYYY-MM-DD, and \
             optionally a `name` column",
        )]);
    };
    let name_column = column("name");
    let mut errors = Vec::new();
    let mut holidays: Vec<(Holiday, Span)> = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let start = e.position().map_or(0, |p| p.byte() as usize);
                errors.push(err(
                    line_span(file, &text, start),
                    format!("a row of the holiday list `{written}` is malformed: {e}"),
                    "malformed",
                    "each row is a date and, optionally, the holiday's name",
                ));
                continue;
            }
        };
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let row = line_span(file, &text, start);
        let date_text = record.get(date_column).unwrap_or("");
        let Ok(date) = NaiveDate::parse_from_str(date_text, "%Y-%m-%d") else {
            errors.push(err(
                row,
                format!("`{date_text}` in the holiday list `{written}` is not a date"),
                "not a date",
                "write dates as YYYY-MM-DD, e.g. 2002-11-28",
            ));
            continue;
        };
        if let Some((prev, _)) = holidays.last()
            && date <= prev.date
        {
            let relation = if date == prev.date {
                "repeats"
            } else {
                "comes before"
            };
            errors.push(err(
                row,
                format!(
                    "the holiday list `{written}` is out of order: {date} {relation} the row \
                     above ({})",
                    prev.date
                ),
                &format!("{relation} the previous row"),
                "list each holiday once, in increasing date order",
            ));
            continue;
        }
        let name = name_column
            .and_then(|c| record.get(c))
            .filter(|n| !n.is_empty())
            .map(str::to_owned);
        holidays.push((Holiday { date, name }, row));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let (Some((first, _)), Some((last, _))) = (holidays.first(), holidays.last()) else {
        return Err(vec![err(
            header,
            format!("the holiday list `{written}` lists no holiday"),
            "no rows after the header",
            "a list covers the calendar years of its holidays: list every holiday of each year \
             the clauses count Business Days in",
        )]);
    };
    // Every year from the first to the last has a holiday: a list covers whole years.
    for pair in holidays.windows(2) {
        if let [(a, _), (b, span)] = pair
            && b.date.year() > a.date.year() + 1
        {
            let missing = a.date.year() + 1;
            errors.push(err(
                *span,
                format!("the holiday list `{written}` lists no holiday in {missing}"),
                &format!("the first holiday after {missing}"),
                "a list covers the whole calendar years from its first holiday's through its \
                 last's: list the holidays of every year between, or split the list",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let covers = (
        NaiveDate::from_ymd_opt(first.date.year(), 1, 1).unwrap_or(first.date),
        NaiveDate::from_ymd_opt(last.date.year(), 12, 31).unwrap_or(last.date),
    );
    Ok(HolidayList {
        file: written.to_owned(),
        holidays: holidays.into_iter().map(|(h, _)| h).collect(),
        covers,
    })
}
