// Runs extension.js outside VS Code, against a stand-in for the `vscode` module and for
// vscode-languageclient, and checks what it would do in the editor:
//   - activation starts the language server as exactly `proviso lsp` (or `proviso.path lsp`),
//     over stdio with no extra argument, for .proviso files, with `proviso.scenario` (made
//     absolute when it names a file of the workspace, else as written) as
//     initializationOptions.scenario;
//   - "Proviso: Evaluate folder against scenario", with a clause file of clauses/pmic-series-a
//     open, offers that folder's scenarios/*.toml (each with its description) and runs
//     `<proviso.path> eval <folder> --facts <scenario>`, showing its output in the channel;
//   - package.json contributes the language, the grammar and the commands extension.js registers.
// Run by `npm test` in grammar/vscode.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const assert = require('assert');
const Module = require('module');

const repo = path.resolve(__dirname, '..', '..', '..');
const folder = path.join(repo, 'clauses', 'pmic-series-a');

// ---- stand-ins -------------------------------------------------------------------------------

const settings = { path: '', scenario: '' };
const commands = new Map();
const clients = [];
const outputLines = [];
let quickPickItems = null;
let errors = [];
let activeFile = null;

class FakeLanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions, started: false, stopped: false });
    clients.push(this);
  }
  async start() {
    this.started = true;
  }
  async stop() {
    this.stopped = true;
  }
}

const vscode = {
  workspace: {
    getConfiguration: (section) => {
      assert.strictEqual(section, 'proviso');
      return { get: (key) => settings[key] };
    },
    workspaceFolders: [{ uri: { fsPath: repo } }],
    createFileSystemWatcher: (glob) => ({ glob, dispose() {} }),
    onDidChangeConfiguration: () => ({ dispose() {} }),
  },
  window: {
    get activeTextEditor() {
      return activeFile ? { document: { uri: { scheme: 'file', fsPath: activeFile } } } : undefined;
    },
    showErrorMessage: async (message) => {
      errors.push(message);
      return undefined;
    },
    showQuickPick: async (items) => {
      quickPickItems = items;
      return items.find((i) => i.label === 'first-conversion.toml');
    },
    showOpenDialog: async () => undefined,
    createOutputChannel: () => ({
      clear() {},
      show() {},
      append: (s) => outputLines.push(s),
      appendLine: (s) => outputLines.push(s + '\n'),
    }),
  },
  commands: {
    registerCommand: (id, fn) => {
      commands.set(id, fn);
      return { dispose() {} };
    },
    executeCommand: async () => undefined,
  },
};

const stubs = { vscode, 'vscode-languageclient/node': { LanguageClient: FakeLanguageClient } };
const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (Object.prototype.hasOwnProperty.call(stubs, request)) return stubs[request];
  return originalLoad.call(this, request, parent, isMain);
};

// ---- the checks ------------------------------------------------------------------------------

/** Waits for the output channel to hold `text` (the spawned process writes asynchronously). */
async function outputContains(text) {
  for (let i = 0; i < 100; i++) {
    if (outputLines.join('').includes(text)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`the output channel never showed ${JSON.stringify(text)}; it holds:\n${outputLines.join('')}`);
}

async function main() {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  const extension = require('../extension.js');
  const context = { subscriptions: [] };

  // Activation: `proviso lsp` on PATH, no scenario.
  await extension.activate(context);
  assert.strictEqual(clients.length, 1, 'one language client');
  const client = clients[0];
  assert.deepStrictEqual(client.serverOptions, { command: 'proviso', args: ['lsp'] });
  assert.ok(client.started, 'the client is started');
  assert.deepStrictEqual(client.clientOptions.documentSelector, [{ scheme: 'file', language: 'proviso' }]);
  assert.deepStrictEqual(client.clientOptions.initializationOptions, { scenario: null });

  // The settings: a binary path and a scenario relative to the workspace folder.
  settings.path = '/opt/proviso/bin/proviso';
  settings.scenario = 'clauses/pmic-series-a/scenarios/first-conversion.toml';
  await commands.get('proviso.restartServer')();
  assert.strictEqual(clients.length, 2, 'restarting makes a new client');
  assert.ok(clients[0].stopped, 'the old client is stopped');
  assert.deepStrictEqual(clients[1].serverOptions, { command: '/opt/proviso/bin/proviso', args: ['lsp'] });
  assert.deepStrictEqual(clients[1].clientOptions.initializationOptions, {
    scenario: path.join(repo, 'clauses', 'pmic-series-a', 'scenarios', 'first-conversion.toml'),
  });
  // A scenario's name is for the server to find in the clause folder's scenarios/.
  settings.scenario = 'first-conversion';
  await commands.get('proviso.restartServer')();
  assert.deepStrictEqual(clients[2].clientOptions.initializationOptions, { scenario: 'first-conversion' });
  settings.scenario = '';

  // The commands package.json contributes are the ones extension.js registers.
  const contributed = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepStrictEqual(contributed, [...commands.keys()].sort());
  assert.deepStrictEqual(manifest.contributes.languages[0].extensions, ['.proviso']);
  assert.strictEqual(manifest.contributes.grammars[0].scopeName, 'source.proviso');
  assert.strictEqual(manifest.contributes.grammars[0].path, './syntaxes/proviso.tmLanguage.json');
  assert.deepStrictEqual(Object.keys(manifest.contributes.configuration.properties).sort(), ['proviso.path', 'proviso.scenario']);

  // Evaluate folder against scenario: a stand-in binary that prints its arguments.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proviso-ext-'));
  const fake = path.join(dir, 'proviso');
  fs.writeFileSync(fake, '#!/bin/sh\necho "args: $*"\n');
  fs.chmodSync(fake, 0o755);
  settings.path = fake;
  activeFile = path.join(folder, '05c-conversion-price.proviso');
  await commands.get('proviso.evaluateFolder')();
  assert.deepStrictEqual(errors, []);
  const expectedNames = fs
    .readdirSync(path.join(folder, 'scenarios'))
    .filter((n) => n.endsWith('.toml'))
    .sort();
  assert.ok(expectedNames.length > 5, 'the example folder has scenarios');
  assert.deepStrictEqual(quickPickItems.map((i) => i.label), expectedNames);
  const first = quickPickItems.find((i) => i.label === 'first-conversion.toml');
  assert.strictEqual(
    first.description,
    'One conversion of 100 shares on 2002-10-15; certificates delivered late on 2002-10-23',
  );
  const scenario = path.join(folder, 'scenarios', 'first-conversion.toml');
  await outputContains(`args: eval ${folder} --facts ${scenario}`);

  // From a scenario file, the folder is the clause folder above scenarios/.
  outputLines.length = 0;
  activeFile = scenario;
  await commands.get('proviso.evaluateFolder')();
  await outputContains(`args: eval ${folder} --facts ${scenario}`);

  // A binary that does not exist is reported, not thrown.
  outputLines.length = 0;
  settings.path = path.join(dir, 'no-such-proviso');
  await commands.get('proviso.evaluateFolder')();
  await outputContains('could not run');
  assert.strictEqual(errors.length, 1);

  await extension.deactivate();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(
    `ok: the server is \`proviso lsp\` with the settings; the evaluate command offers ${expectedNames.length} scenarios ` +
      'and runs `proviso eval <folder> --facts <scenario>`',
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
