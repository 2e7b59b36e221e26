// Starts `seg lsp` for .seg files and connects VS Code to it over standard input and output;
// everything but the colours (syntaxes/seg.tmLanguage.json) comes from the server.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('seg').get('path') || 'seg';
  const serverOptions = { command, args: ['lsp'] };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'seg' },
      { scheme: 'untitled', language: 'seg' },
    ],
  };
  client = new LanguageClient('seg', 'seg language server', serverOptions, clientOptions);
  client.start();
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
