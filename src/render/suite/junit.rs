//! `proviso test --format junit`: JUnit XML for CI systems — one test suite per clause folder,
//! one test case per scenario, with the text report's details as the failure's description.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::scenario::suite::Entry;
use crate::source::Sources;

use super::result;

pub fn render(clauses: &str, entries: &[Entry], sources: &Sources) -> String {
    let mut suite = TestSuite::new(clauses);
    for e in entries {
        let status = match result(e) {
            "passed" => TestCaseStatus::success(),
            r => {
                let kind = if r == "failed" {
                    NonSuccessKind::Failure
                } else {
                    NonSuccessKind::Error
                };
                let mut status = TestCaseStatus::non_success(kind);
                let mut details = String::new();
                let mut seen = crate::render::text::Seen::default();
                super::text::details(&mut details, clauses, e, sources, false, &mut seen);
                status.set_message(super::text::line(e));
                status.set_description(details);
                status
            }
        };
        let mut case = TestCase::new(e.run.name.clone(), status);
        case.set_classname(clauses);
        suite.add_test_case(case);
    }
    let mut report = Report::new("proviso test");
    report.add_test_suite(suite);
    report
        .to_string()
        .unwrap_or_else(|e| format!("<!-- proviso: the JUnit report could not be written: {e} -->"))
}
