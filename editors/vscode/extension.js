// The goal extension for VS Code: starts the goal language server (`goal lsp`) over stdio and
// connects the editor to it with vscode-languageclient. Highlighting comes from the TextMate
// grammar in syntaxes/ and works without the server.
'use strict';

const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

/** `~/bin/goal` to `/home/ana/bin/goal`; other paths unchanged. */
function expandHome(file) {
  if (file === '~' || file.startsWith('~/') || file.startsWith('~\\')) {
    return path.join(os.homedir(), file.slice(1));
  }
  return file;
}

/** How to start the server, from the `goal.server.*` settings. */
function serverOptions(config) {
  const command = expandHome(config.get('server.path', 'goal') || 'goal');
  const args = config.get('server.args', ['lsp']);
  const executable = { command, args, transport: TransportKind.stdio };
  return { run: executable, debug: executable };
}

/** Which documents the server serves, and what it is told at start-up. */
function clientOptions(config) {
  const today = config.get('server.today', '');
  return {
    documentSelector: [
      { scheme: 'file', language: 'goal' },
      { scheme: 'untitled', language: 'goal' },
    ],
    initializationOptions: today ? { today } : {},
  };
}

async function start() {
  const config = vscode.workspace.getConfiguration('goal');
  const server = serverOptions(config);
  client = new LanguageClient('goal', 'goal', server, clientOptions(config));
  try {
    await client.start();
  } catch (error) {
    const { command, args } = server.run;
    client = undefined;
    vscode.window.showErrorMessage(
      `goal: cannot start the language server \`${[command, ...args].join(' ')}\` (${error.message}). ` +
        'Install goal (`cargo install --path .` in its repository) or set `goal.server.path`.'
    );
  }
}

async function stop() {
  if (client) {
    const running = client;
    client = undefined;
    await running.stop();
  }
}

async function restart() {
  await stop();
  await start();
}

/** Called by VS Code when a .goal file is opened or the workspace holds one. */
async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('goal.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('goal.server')) {
        return restart();
      }
      return undefined;
    })
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate, serverOptions, clientOptions, expandHome };
