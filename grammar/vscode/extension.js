// The proviso extension for VS Code: starts the language server (`proviso lsp`, over stdio) for
// .proviso files, and adds the command "Proviso: Evaluate folder against scenario", which runs
// `proviso eval <folder> --facts <scenario>` and shows the memo in the "Proviso" output channel.
// Plain JavaScript: no build step. Highlighting is the TextMate grammar of package.json.
'use strict';

const fs = require('fs');
const path = require('path');
const childProcess = require('child_process');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.OutputChannel | undefined} */
let evalOutput;

/** The `proviso` binary of the settings: `proviso.path`, or `proviso` on PATH. */
function provisoBinary() {
  const configured = vscode.workspace.getConfiguration('proviso').get('path');
  return typeof configured === 'string' && configured.trim() !== '' ? configured.trim() : 'proviso';
}

/**
 * The `proviso.scenario` setting for the server, or null when it is empty: a path relative to the
 * first workspace folder is made absolute when that file exists; anything else (a scenario's name,
 * `first-conversion`, which the server looks up in the clause folder's scenarios/) is passed as is.
 */
function configuredScenario() {
  const scenario = vscode.workspace.getConfiguration('proviso').get('scenario');
  if (typeof scenario !== 'string' || scenario.trim() === '') return null;
  const value = scenario.trim();
  if (path.isAbsolute(value)) return value;
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  const inWorkspace = folder ? path.join(folder.uri.fsPath, value) : null;
  return inWorkspace && fs.existsSync(inWorkspace) ? inWorkspace : value;
}

function createClient() {
  // No `transport` on purpose: with TransportKind.stdio the client would append `--stdio` to the
  // arguments, and the command is exactly `proviso lsp`. Without it, stdio is used as is.
  const serverOptions = { command: provisoBinary(), args: ['lsp'] };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'proviso' }],
    initializationOptions: { scenario: configuredScenario() },
    synchronize: {
      // Scenario files and the folder's other inputs change what the server reports.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{proviso,toml,csv,txt}'),
    },
  };
  return new LanguageClient('proviso', 'Proviso Language Server', serverOptions, clientOptions);
}

async function startClient() {
  client = createClient();
  try {
    await client.start();
  } catch (err) {
    const message = err && err.message ? err.message : String(err);
    const choice = await vscode.window.showErrorMessage(
      `Proviso: could not start \`${provisoBinary()} lsp\` (${message}). Install the binary with ` +
        '`cargo install --path .` in the proviso repository, or set `proviso.path`.',
      'Open Settings',
    );
    if (choice === 'Open Settings') {
      vscode.commands.executeCommand('workbench.action.openSettings', 'proviso.path');
    }
  }
}

async function restartClient() {
  if (client) {
    const old = client;
    client = undefined;
    try {
      await old.stop();
    } catch (_) {
      // A server that never started has nothing to stop.
    }
  }
  await startClient();
}

/** The clause folder to evaluate: the folder of the active file (its parent for a scenario), or one the user picks. */
async function clauseFolder() {
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.uri.scheme === 'file') {
    let dir = path.dirname(editor.document.uri.fsPath);
    if (path.basename(dir) === 'scenarios') dir = path.dirname(dir);
    if (fs.existsSync(path.join(dir, 'scenarios'))) return dir;
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: 'Evaluate this clause folder',
  });
  return picked && picked.length > 0 ? picked[0].fsPath : undefined;
}

/** The `description` of a scenario's `[scenario]` table, when it has one on a line of its own. */
function scenarioDescription(file) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    const m = /^description\s*=\s*"((?:[^"\\]|\\.)*)"/m.exec(text);
    return m ? m[1] : undefined;
  } catch (_) {
    return undefined;
  }
}

async function evaluateFolder() {
  const folder = await clauseFolder();
  if (!folder) return;
  const scenariosDir = path.join(folder, 'scenarios');
  let names = [];
  try {
    names = fs.readdirSync(scenariosDir).filter((n) => n.endsWith('.toml')).sort();
  } catch (_) {
    names = [];
  }
  if (names.length === 0) {
    vscode.window.showErrorMessage(`Proviso: no scenarios/*.toml in ${folder}`);
    return;
  }
  const items = names.map((name) => ({
    label: name,
    description: scenarioDescription(path.join(scenariosDir, name)),
    file: path.join(scenariosDir, name),
  }));
  const pick = await vscode.window.showQuickPick(items, {
    placeHolder: `Scenario to evaluate ${path.basename(folder)} against`,
    matchOnDescription: true,
  });
  if (!pick) return;
  runEval(folder, pick.file);
}

/** Runs `proviso eval <folder> --facts <scenario>` and shows what it prints. */
function runEval(folder, scenario) {
  if (!evalOutput) evalOutput = vscode.window.createOutputChannel('Proviso');
  const out = evalOutput;
  const binary = provisoBinary();
  const args = ['eval', folder, '--facts', scenario];
  const cwd = path.dirname(folder);
  out.clear();
  out.show(true);
  out.appendLine(`$ ${binary} ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
  const child = childProcess.spawn(binary, args, { cwd, env: { ...process.env, NO_COLOR: '1' } });
  child.stdout.on('data', (chunk) => out.append(chunk.toString()));
  child.stderr.on('data', (chunk) => out.append(chunk.toString()));
  child.on('error', (err) => {
    out.appendLine(`could not run ${binary}: ${err.message} (set proviso.path)`);
    vscode.window.showErrorMessage(`Proviso: could not run ${binary}: ${err.message}`);
  });
  child.on('close', (code) => {
    out.appendLine(code === 0 ? '' : `\n${binary} eval exited with code ${code}`);
  });
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('proviso.evaluateFolder', evaluateFolder),
    vscode.commands.registerCommand('proviso.restartServer', restartClient),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('proviso.path') || e.affectsConfiguration('proviso.scenario')) {
        restartClient();
      }
    }),
  );
  await startClient();
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
