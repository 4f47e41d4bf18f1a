// Tokenizes proviso clause files with the TextMate engine VS Code uses (vscode-textmate with the
// Oniguruma regular expressions of vscode-oniguruma) and checks the scopes of
// grammar/proviso.tmLanguage.json:
//   1. every .proviso file under clauses/ (and the valid ones under tests/) is tokenized with
//      no character left without a scope, none marked invalid, and no text block or region left
//      open at the end of the file;
//   2. on known lines of those files, each token named below has the scope written here by hand.
// Run by `npm test` in grammar/vscode; exits 1 on the first file with a failure listed.
'use strict';

const fs = require('fs');
const path = require('path');
const assert = require('assert');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const repo = path.resolve(__dirname, '..', '..', '..');
const grammarPath = path.join(repo, 'grammar', 'proviso.tmLanguage.json');

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.proviso'
        ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath)
        : null,
  });
  return registry.loadGrammar('source.proviso');
}

/** Every file under `dir` whose name ends with `.proviso`, sorted. */
function provisoFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...provisoFiles(p));
    else if (entry.name.endsWith('.proviso')) out.push(p);
  }
  return out.sort();
}

/** The lines of a file, each with its tokens: { text, scopes } (scopes without source.proviso). */
function tokenize(grammar, text) {
  let state = vsctm.INITIAL;
  const lines = text.split(/\r?\n/).map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return {
      line,
      tokens: r.tokens.map((t) => ({
        text: line.slice(t.startIndex, t.endIndex),
        scopes: t.scopes.slice(1),
      })),
    };
  });
  return { lines, depth: state.depth };
}

/** Problems of a whole file: unscoped or invalid characters, a region open at the end. */
function fileProblems(rel, tokenized) {
  const problems = [];
  tokenized.lines.forEach(({ tokens }, i) => {
    for (const t of tokens) {
      if (t.text.trim() === '') continue;
      if (t.scopes.length === 0) problems.push(`${rel}:${i + 1}: no scope for ${JSON.stringify(t.text)}`);
      const bad = t.scopes.find((s) => s.startsWith('invalid.'));
      if (bad) problems.push(`${rel}:${i + 1}: ${bad} for ${JSON.stringify(t.text)}`);
    }
  });
  if (tokenized.depth !== 1) problems.push(`${rel}: a region is still open at the end (depth ${tokenized.depth})`);
  return problems;
}

// Known lines: [file, a piece of the line that finds it, [token text, nth occurrence on the line
// (0-based), the scope its innermost scopes must include]...]. Written by hand from
// grammar/README.md; a change of scope names is a change to these too.
const EXPECTATIONS = [
  ['clauses/pmic-series-a/00-document.proviso', '// The Certificate of Designation', [
    ['//', 0, 'comment.line.double-slash.proviso'],
    [' The Certificate of Designation of the 4% Series A Convertible Preferred Stock of', 0, 'comment.line.double-slash.proviso'],
  ]],
  ['clauses/pmic-series-a/00-document.proviso', 'document "Certificate', [
    ['document', 0, 'storage.type.declaration.proviso'],
    ['Certificate of Designation of the 4% Series A Convertible Preferred Stock, Pacific Magtron International Corp. (2002)', 0, 'string.quoted.double.proviso'],
  ]],
  ['clauses/pmic-series-a/00-document.proviso', 'party company', [
    ['party', 0, 'storage.type.declaration.proviso'],
    ['company', 0, 'variable.other.constant.party.proviso'],
    ['the Company', 0, 'string.quoted.double.proviso'],
  ]],
  ['clauses/pmic-series-a/00-document.proviso', 'enum dividend_election {', [
    ['enum', 0, 'storage.type.declaration.proviso'],
    ['dividend_election', 0, 'entity.name.type.proviso'],
    ['{', 0, 'punctuation.section.block.begin.proviso'],
    ['cash', 0, 'variable.other.proviso'],
  ]],
  ['clauses/pmic-series-a/00-document.proviso', 'facts deal {', [
    ['facts', 0, 'storage.type.declaration.proviso'],
    ['deal', 0, 'entity.name.type.proviso'],
  ]],
  // A field named like a keyword is a field; its type is a type.
  ['clauses/pmic-series-a/00-document.proviso', '  first_closing_date: optional date', [
    ['first_closing_date', 0, 'variable.other.field.proviso'],
    ['optional', 0, 'storage.type.proviso'],
    ['date', 0, 'storage.type.proviso'],
  ]],
  ['clauses/pmic-series-a/00-document.proviso', 'records holder keyed by name {', [
    ['records', 0, 'storage.type.declaration.proviso'],
    ['holder', 0, 'entity.name.type.proviso'],
    ['keyed', 0, 'keyword.other.proviso'],
    ['by', 0, 'keyword.other.proviso'],
  ]],
  ['clauses/pmic-series-a/00-document.proviso', 'event conversion_notice {', [
    ['event', 0, 'storage.type.declaration.proviso'],
    ['conversion_notice', 0, 'entity.name.type.proviso'],
  ]],
  ['clauses/pmic-series-a/00-document.proviso', '  amount: USD', [
    ['amount', 0, 'variable.other.field.proviso'],
    ['USD', 0, 'storage.type.proviso'],
  ]],
  ['clauses/pmic-series-a/00-document.proviso', '  require date >= conversion_date', [
    ['require', 0, 'keyword.control.proviso'],
    ['>=', 0, 'keyword.operator.comparison.proviso'],
    ['conversion_date', 0, 'variable.other.proviso'],
  ]],
  ['clauses/pmic-series-a/00-document.proviso', 'because "certificates are delivered upon a conversion', [
    ['because', 0, 'keyword.control.proviso'],
    ['certificates are delivered upon a conversion, so not before its Conversion Date', 0, 'string.quoted.double.proviso'],
  ]],
  ['clauses/pmic-series-a/05c-conversion-price.proviso', 'section "5(c)(i)(A)" "Set Price" {', [
    ['section', 0, 'storage.type.declaration.proviso'],
    ['5(c)(i)(A)', 0, 'constant.other.reference.section.proviso'],
    ['Set Price', 0, 'entity.name.section.proviso'],
  ]],
  ['clauses/pmic-series-a/05c-conversion-price.proviso', '[...] (A) 120% of the average of the 5 Closing Prices', [
    ['    [...] (A) 120% of the average of the 5 Closing Prices immediately prior to the Closing Date', 0, 'string.quoted.triple.quote.proviso'],
  ]],
  ['clauses/pmic-series-a/05c-conversion-price.proviso', 'define "Set Price" : USD per share =', [
    ['define', 0, 'storage.type.declaration.proviso'],
    ['Set Price', 0, 'entity.name.function.definition.proviso'],
    [':', 0, 'punctuation.separator.colon.proviso'],
    ['USD', 0, 'storage.type.proviso'],
    ['per', 0, 'keyword.other.unit.proviso'],
    ['share', 0, 'keyword.other.unit.proviso'],
    ['=', 0, 'keyword.operator.comparison.proviso'],
  ]],
  ['clauses/pmic-series-a/05c-conversion-price.proviso', 'round (120% × average of "Closing Price" over the 5 trading days before deal.first_closing_date)', [
    ['round', 0, 'support.function.proviso'],
    ['120%', 0, 'constant.numeric.percent.proviso'],
    ['×', 0, 'keyword.operator.arithmetic.proviso'],
    ['average', 0, 'support.function.proviso'],
    ['of', 0, 'keyword.operator.word.proviso'],
    ['Closing Price', 0, 'entity.name.function.term.proviso'],
    ['"', 0, 'punctuation.definition.string.begin.proviso'],
    ['over', 0, 'keyword.other.proviso'],
    ['5', 0, 'constant.numeric.proviso'],
    ['trading', 0, 'keyword.other.unit.proviso'],
    ['days', 0, 'keyword.other.unit.proviso'],
    ['before', 0, 'keyword.other.proviso'],
    ['deal', 0, 'variable.other.proviso'],
    ['.', 0, 'punctuation.accessor.proviso'],
    ['first_closing_date', 0, 'variable.other.property.proviso'],
  ]],
  ['clauses/pmic-series-a/05c-conversion-price.proviso', 'to the nearest cent, half up, under "5(c)(v)"', [
    ['nearest', 0, 'keyword.other.proviso'],
    ['cent', 0, 'keyword.other.unit.proviso'],
    ['half', 0, 'keyword.other.proviso'],
    ['under', 0, 'keyword.other.proviso'],
    ['5(c)(v)', 0, 'constant.other.reference.section.proviso'],
  ]],
  ['clauses/pmic-series-a/05c-conversion-price.proviso', '    interpretation """', [
    ['interpretation', 0, 'keyword.other.text.proviso'],
    ['"""', 0, 'punctuation.definition.string.begin.proviso'],
  ]],
  ['clauses/pmic-series-a/05c-conversion-price.proviso', '"The Closing Date on which such Preferred Stock was issued" is the first Closing', [
    ['      "The Closing Date on which such Preferred Stock was issued" is the first Closing, given', 0, 'string.quoted.triple.interpretation.proviso'],
  ]],
  ['clauses/pmic-series-a/05c-conversion-price.proviso', 'define "Floor Price" : USD per share = $0.75 per share', [
    ['$0.75', 0, 'constant.numeric.money.proviso'],
    ['per', 1, 'keyword.other.unit.proviso'],
    ['share', 1, 'keyword.other.unit.proviso'],
  ]],
  ['clauses/pmic-series-a/05c-conversion-price.proviso', 'define "Discounted Average VWAP" (day: date) : USD per share =', [
    ['(', 0, 'punctuation.section.parens.begin.proviso'],
    ['day', 0, 'variable.parameter.proviso'],
    ['date', 0, 'storage.type.proviso'],
  ]],
  ['clauses/pmic-series-a/05c-conversion-price.proviso', '85% × average of the 5 lowest of "VWAP" over the 30 trading days before day', [
    ['85%', 0, 'constant.numeric.percent.proviso'],
    ['the', 0, 'keyword.other.proviso'],
    ['lowest', 0, 'support.function.proviso'],
    ['VWAP', 0, 'entity.name.function.term.proviso'],
    ['30', 0, 'constant.numeric.proviso'],
    ['day', 0, 'keyword.other.unit.proviso'],
  ]],
  ['clauses/pmic-series-a/05c-conversion-price.proviso', 'not less than "Adjusted Floor Price"(day))', [
    ['not', 0, 'keyword.operator.word.proviso'],
    ['less', 0, 'keyword.operator.word.proviso'],
    ['than', 0, 'keyword.operator.word.proviso'],
    ['Adjusted Floor Price', 0, 'entity.name.function.term.proviso'],
  ]],
  ['clauses/pmic-series-a/05c-conversion-price.proviso', 'change.shares_before / change.shares_after', [
    ['/', 0, 'keyword.operator.arithmetic.proviso'],
    ['shares_before', 0, 'variable.other.property.proviso'],
  ]],
  ['clauses/pmic-series-a/02-dividends.proviso', '× year fraction from "Original Issue Date" to day, actual/360', [
    ['year', 0, 'keyword.other.unit.proviso'],
    ['fraction', 0, 'support.function.proviso'],
    ['from', 0, 'keyword.other.proviso'],
    ['Original Issue Date', 0, 'entity.name.function.term.proviso'],
    ['actual/360', 0, 'constant.language.day-count.proviso'],
  ]],
  ['clauses/pmic-series-a/02-dividends.proviso', "where p.holder = conversion.holder and p.section = '2(a)'", [
    ['where', 0, 'keyword.control.proviso'],
    ['section', 0, 'variable.other.property.proviso'],
    ['and', 0, 'keyword.operator.word.proviso'],
    ['2(a)', 0, 'string.quoted.single.proviso'],
  ]],
  ['clauses/pmic-series-a/02-dividends.proviso', "with holder = conversion.holder, section = '2(a)', conversion_date =", [
    ['with', 0, 'keyword.other.proviso'],
    ['holder', 0, 'variable.other.property.proviso'],
    ['section', 0, 'variable.other.property.proviso'],
  ]],
  ['clauses/pmic-series-a/02-dividends.proviso', 'notwithstanding anything to the contrary', [
    ['notwithstanding', 0, 'keyword.other.precedence.proviso'],
    ['anything', 0, 'keyword.other.precedence.proviso'],
    ['contrary', 0, 'keyword.other.precedence.proviso'],
  ]],
  ['clauses/pmic-series-a/05b-delivery.proviso', 'obligation deliver_conversion_shares for each conversion: conversion_notice {', [
    ['obligation', 0, 'storage.type.declaration.proviso'],
    ['deliver_conversion_shares', 0, 'entity.name.function.rule.proviso'],
    ['for', 0, 'keyword.control.proviso'],
    ['each', 0, 'keyword.control.proviso'],
    ['conversion', 0, 'variable.parameter.proviso'],
    ['conversion_notice', 0, 'variable.other.proviso'],
  ]],
  ['clauses/pmic-series-a/05b-delivery.proviso', '    obligor company', [
    ['obligor', 0, 'keyword.other.rule.proviso'],
  ]],
  ['clauses/pmic-series-a/08-definitions.proviso', 'trading days are market rows with', [
    ['are', 0, 'keyword.other.proviso'],
    ['market', 0, 'keyword.other.proviso'],
    ['rows', 0, 'keyword.other.proviso'],
  ]],
  ['tests/corpus/business-days.proviso', 'define "Grace Over Thanksgiving" : date = 5 business days after 2002-11-22', [
    ['Grace Over Thanksgiving', 0, 'entity.name.function.definition.proviso'],
    ['business', 0, 'keyword.other.unit.proviso'],
    ['after', 0, 'keyword.other.proviso'],
    ['2002-11-22', 0, 'constant.numeric.date.proviso'],
  ]],
  ['tests/corpus/business-days.proviso', 'define "Anniversaries Of The 31st" : list of date = the monthly anniversaries of 2002-01-31 through 2002-05-31', [
    ['list', 0, 'storage.type.proviso'],
    ['monthly', 0, 'keyword.other.proviso'],
    ['through', 0, 'keyword.other.proviso'],
    ['2002-05-31', 0, 'constant.numeric.date.proviso'],
  ]],
  ['clauses/pmic-escrow/00-document.proviso', 'use "Closing Price", company, holder, deal from "pmic-series-a"', [
    ['use', 0, 'storage.type.declaration.proviso'],
    ['Closing Price', 0, 'entity.name.function.term.proviso'],
    ['company', 0, 'variable.other.proviso'],
    ['from', 0, 'keyword.other.proviso'],
    ['pmic-series-a', 0, 'string.quoted.double.proviso'],
  ]],
  ['clauses/pmic-series-a/05h-notices.proviso', 'if time of notice.sent_at < 6:30 p.m. then day of notice.sent_at', [
    ['if', 0, 'keyword.control.proviso'],
    ['time', 0, 'storage.type.proviso'],
    ['sent_at', 0, 'variable.other.property.proviso'],
    ['<', 0, 'keyword.operator.comparison.proviso'],
    ['6:30 p.m.', 0, 'constant.numeric.time.proviso'],
    ['then', 0, 'keyword.control.proviso'],
  ]],
  ['clauses/pmic-series-a/05b-delivery.proviso', '× tiered "Late Delivery Trading Days"(conversion)', [
    ['tiered', 0, 'support.function.proviso'],
    ['Late Delivery Trading Days', 0, 'entity.name.function.term.proviso'],
    ['conversion', 0, 'variable.other.proviso'],
  ]],
  ['clauses/pmic-series-a/06-redemption.proviso', '  reject redemption_invalidation inv', [
    ['reject', 0, 'storage.type.declaration.proviso'],
    ['redemption_invalidation', 0, 'entity.name.type.proviso'],
    ['inv', 0, 'variable.parameter.proviso'],
  ]],
  ['clauses/pmic-series-a/08-definitions.proviso', '  not computable because """', [
    ['not', 0, 'keyword.operator.word.proviso'],
    ['computable', 0, 'keyword.other.rule.proviso'],
    ['because', 0, 'keyword.control.proviso'],
    ['"""', 0, 'punctuation.definition.string.begin.proviso'],
  ]],
  ['clauses/family/a13-reset-market-price/variant.proviso', 'market series bid: USD per share', [
    ['market', 0, 'storage.type.declaration.proviso'],
    ['series', 0, 'storage.type.declaration.proviso'],
    ['bid', 0, 'variable.other.constant.series.proviso'],
    ['USD', 0, 'storage.type.proviso'],
  ]],
  ['clauses/family/c1-schedule-5bd/variant.proviso', 'business days are weekdays except the holidays in "ny-bank-holidays.csv", "ca-bank-holidays.csv"', [
    ['weekdays', 0, 'keyword.other.unit.proviso'],
    ['except', 0, 'keyword.other.proviso'],
    ['holidays', 0, 'keyword.other.unit.proviso'],
    ['in', 0, 'keyword.operator.word.proviso'],
    ['ny-bank-holidays.csv', 0, 'string.quoted.double.file.proviso'],
    ['ca-bank-holidays.csv', 0, 'string.quoted.double.file.proviso'],
  ]],
];

/** The tokens of the first line of `tokenized` containing `piece`. */
function lineWith(tokenized, piece) {
  return tokenized.lines.find((l) => l.line.includes(piece));
}

function checkExpectations(rel, tokenized) {
  const problems = [];
  for (const [file, piece, tokens] of EXPECTATIONS) {
    if (file !== rel) continue;
    const line = lineWith(tokenized, piece);
    if (!line) {
      problems.push(`${rel}: no line contains ${JSON.stringify(piece)}`);
      continue;
    }
    for (const [text, nth, scope] of tokens) {
      const found = line.tokens.filter((t) => t.text === text)[nth];
      if (!found) {
        const all = line.tokens.map((t) => JSON.stringify(t.text)).join(' ');
        problems.push(`${rel}: ${JSON.stringify(piece)}: no token ${JSON.stringify(text)} #${nth}; tokens: ${all}`);
      } else if (!found.scopes.includes(scope)) {
        problems.push(`${rel}: ${JSON.stringify(piece)}: ${JSON.stringify(text)} has ${found.scopes.join(' ')}, expected ${scope}`);
      }
    }
  }
  return problems;
}

async function main() {
  const grammar = await loadGrammar();
  assert.ok(grammar, 'the grammar source.proviso loads');
  // Every clause file, and the valid test inputs (an error-*.proviso holds a mistake on purpose).
  const files = [
    ...provisoFiles(path.join(repo, 'clauses')),
    ...provisoFiles(path.join(repo, 'tests')).filter((f) => !path.basename(f).startsWith('error-')),
  ];
  const clauseFiles = files.filter((f) => f.startsWith(path.join(repo, 'clauses') + path.sep));
  assert.ok(clauseFiles.length >= 20, `expected the clause files under clauses/, found ${clauseFiles.length}`);
  const problems = [];
  let lines = 0;
  const seen = new Set();
  for (const file of files) {
    const rel = path.relative(repo, file).split(path.sep).join('/');
    const tokenized = tokenize(grammar, fs.readFileSync(file, 'utf8'));
    lines += tokenized.lines.length;
    problems.push(...fileProblems(rel, tokenized), ...checkExpectations(rel, tokenized));
    seen.add(rel);
  }
  for (const [file] of EXPECTATIONS) {
    if (!seen.has(file)) problems.push(`${file}: not found`);
  }
  const checked = EXPECTATIONS.reduce((n, e) => n + e[2].length, 0);
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error(`FAILED: ${problems.length} problem(s) in ${files.length} files`);
    process.exit(1);
  }
  console.log(
    `ok: ${files.length} .proviso files (${clauseFiles.length} under clauses/), ${lines} lines, every character scoped; ` +
      `${checked} hand-written scopes on ${EXPECTATIONS.length} known lines hold`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
