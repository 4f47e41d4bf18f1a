// Copies the TextMate grammar, grammar/proviso.tmLanguage.json (the one source, checked by
// tests/editors.rs and test/tokenize.test.js), into syntaxes/ where package.json points: vsce
// packages only the files of this folder. Run by `npm run grammar` and before `vsce package`.
'use strict';
const fs = require('fs');
const path = require('path');

const from = path.join(__dirname, '..', '..', 'proviso.tmLanguage.json');
const to = path.join(__dirname, '..', 'syntaxes', 'proviso.tmLanguage.json');
fs.mkdirSync(path.dirname(to), { recursive: true });
fs.copyFileSync(from, to);
console.log(`copied ${path.relative(process.cwd(), from)} to ${path.relative(process.cwd(), to)}`);
