// Talks to a real `proviso lsp` the way the extension starts it (the command, `lsp`, stdio, the
// `proviso.scenario` setting as initializationOptions.scenario): initialize, open a clause file,
// hover over a defined term, shut down. Opt-in: it runs when PROVISO_BIN names a proviso binary
// (e.g. PROVISO_BIN=../../target/debug/proviso npm run test:server), and says it is skipped
// otherwise.
'use strict';

const fs = require('fs');
const path = require('path');
const assert = require('assert');
const childProcess = require('child_process');
const { pathToFileURL } = require('url');

const repo = path.resolve(__dirname, '..', '..', '..');
const folder = path.join(repo, 'clauses', 'pmic-series-a');

/** A JSON-RPC connection over the server's stdio, with LSP's Content-Length framing. */
function connect(child) {
  let buffer = Buffer.alloc(0);
  let nextId = 1;
  const pending = new Map();
  const notifications = [];
  child.stdout.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = buffer.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length: *(\d+)/i.exec(header);
      assert.ok(m, `a Content-Length header: ${header}`);
      const length = Number(m[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
      buffer = buffer.subarray(headerEnd + 4 + length);
      if (process.env.PROVISO_LSP_TRACE) console.error('<-', JSON.stringify(message).slice(0, 200));
      if (message.id !== undefined && pending.has(message.id)) {
        const { resolve, reject } = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) reject(new Error(`${message.error.code}: ${message.error.message}`));
        else resolve(message.result);
      } else if (message.method) {
        notifications.push(message);
      }
    }
  });
  const send = (message) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  };
  return {
    notifications,
    request: (method, params) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        send({ id, method, params });
        setTimeout(() => reject(new Error(`${method}: no answer in 30 s`)), 30000).unref();
      }),
    notify: (method, params) => send({ method, params }),
  };
}

async function main() {
  const binary = process.env.PROVISO_BIN;
  if (!binary) {
    console.log('skipped: set PROVISO_BIN to a proviso binary with `proviso lsp` to talk to the server');
    return;
  }
  const child = childProcess.spawn(path.resolve(binary), ['lsp'], { cwd: repo, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const rpc = connect(child);

  const init = await rpc.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(repo).href,
    workspaceFolders: [{ uri: pathToFileURL(repo).href, name: 'proviso' }],
    capabilities: {
      textDocument: {
        hover: { contentFormat: ['markdown', 'plaintext'] },
        semanticTokens: {
          requests: { full: true },
          tokenTypes: [],
          tokenModifiers: [],
          formats: ['relative'],
        },
      },
    },
    initializationOptions: { scenario: 'first-conversion' },
  });
  const caps = init.capabilities;
  assert.ok(caps, 'initialize answers with capabilities');
  for (const cap of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'documentSymbolProvider', 'completionProvider', 'documentFormattingProvider']) {
    assert.ok(caps[cap], `the server offers ${cap}`);
  }
  rpc.notify('initialized', {});

  const file = path.join(folder, '05c-conversion-price.proviso');
  const text = fs.readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).href;
  rpc.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'proviso', version: 1, text } });

  // Hover over the term of `define "Floor Price" : USD per share = $0.75 per share`.
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('define "Floor Price"'));
  assert.ok(line >= 0);
  const character = lines[line].indexOf('Floor Price') + 2;
  const hover = await rpc.request('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  const shown = JSON.stringify(hover && hover.contents);
  assert.ok(shown && shown.includes('Floor Price'), `hover over "Floor Price" names it: ${shown}`);

  let tokens = 'semantic tokens not offered';
  if (caps.semanticTokensProvider) {
    const result = await rpc.request('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.ok(result && Array.isArray(result.data) && result.data.length % 5 === 0, 'semantic tokens come in fives');
    tokens = `${result.data.length / 5} semantic tokens`;
  }

  await rpc.request('shutdown', null);
  rpc.notify('exit', null);
  child.stdin.end(); // as clients do: the server's reader ends with its input
  const timeout = new Promise((resolve) => setTimeout(() => resolve('still running'), 10000).unref());
  const code = await Promise.race([exited, timeout]);
  if (code === 'still running') child.kill();
  assert.strictEqual(code, 0, 'the server exits with 0 within 10 s of shutdown and exit');
  console.log(`ok: \`${binary} lsp\` initialized with the scenario setting, hovered "Floor Price", ${tokens}, shut down`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
