// Tests of extension.js with stand-ins for the `vscode` and `vscode-languageclient` modules, so
// that they run with plain Node (`node --test test/`), without VS Code and without npm.
'use strict';

const assert = require('node:assert');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

/** What the stand-ins saw. */
const seen = { clients: [], errors: [], commands: {}, listeners: [] };
let settings = {};
let failStart = false;

class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions, started: false, stopped: false });
    seen.clients.push(this);
  }
  async start() {
    if (failStart) {
      throw new Error('spawn goal ENOENT');
    }
    this.started = true;
  }
  async stop() {
    this.stopped = true;
  }
}

const stubs = {
  vscode: {
    workspace: {
      getConfiguration: (section) => {
        assert.strictEqual(section, 'goal');
        return { get: (key, fallback) => (key in settings ? settings[key] : fallback) };
      },
      onDidChangeConfiguration: (listener) => {
        seen.listeners.push(listener);
        return { dispose() {} };
      },
    },
    commands: {
      registerCommand: (name, handler) => {
        seen.commands[name] = handler;
        return { dispose() {} };
      },
    },
    window: { showErrorMessage: (message) => seen.errors.push(message) },
  },
  'vscode-languageclient/node': { LanguageClient, TransportKind: { stdio: 0 } },
};
const load = Module._load;
Module._load = function (request, ...rest) {
  return request in stubs ? stubs[request] : load.call(this, request, ...rest);
};
const extension = require('../extension.js');

function context() {
  return { subscriptions: [] };
}

test('starts `goal lsp` over stdio for goal documents', async () => {
  settings = {};
  const ctx = context();
  await extension.activate(ctx);
  const client = seen.clients.at(-1);
  assert.ok(client.started);
  assert.deepStrictEqual(client.serverOptions.run, { command: 'goal', args: ['lsp'], transport: 0 });
  assert.deepStrictEqual(client.clientOptions.documentSelector, [
    { scheme: 'file', language: 'goal' },
    { scheme: 'untitled', language: 'goal' },
  ]);
  assert.deepStrictEqual(client.clientOptions.initializationOptions, {});
  assert.strictEqual(ctx.subscriptions.length, 2);
  await extension.deactivate();
  assert.ok(client.stopped);
});

test('settings choose the program, its arguments and the day', async () => {
  settings = { 'server.path': '~/bin/goal-lsp', 'server.args': [], 'server.today': '2026-01-05' };
  await extension.activate(context());
  const client = seen.clients.at(-1);
  assert.strictEqual(client.serverOptions.run.command, path.join(os.homedir(), 'bin/goal-lsp'));
  assert.deepStrictEqual(client.serverOptions.run.args, []);
  assert.deepStrictEqual(client.clientOptions.initializationOptions, { today: '2026-01-05' });
  await extension.deactivate();
});

test('the restart command and a changed setting start a new server', async () => {
  settings = {};
  await extension.activate(context());
  const first = seen.clients.at(-1);
  await seen.commands['goal.restartServer']();
  const second = seen.clients.at(-1);
  assert.ok(first.stopped && second.started && first !== second);
  await seen.listeners.at(-1)({ affectsConfiguration: (s) => s === 'goal.server' });
  assert.ok(second.stopped && seen.clients.at(-1).started);
  const count = seen.clients.length;
  await seen.listeners.at(-1)({ affectsConfiguration: () => false });
  assert.strictEqual(seen.clients.length, count);
  await extension.deactivate();
});

test('a missing program is reported, not thrown', async () => {
  settings = { 'server.path': 'no-such-goal' };
  failStart = true;
  await extension.activate(context());
  failStart = false;
  assert.match(seen.errors.at(-1), /cannot start the language server `no-such-goal lsp` \(spawn goal ENOENT\)/);
  await extension.deactivate();
});
