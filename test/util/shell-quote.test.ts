// Shell quoting (src/util/shell-quote.ts): what reaches a shell on a node, in a wrapper script or in
// a command shown to the user, checked against a real POSIX shell.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { shellJoin, shellQuote, shellUnquote } from '../../src/util/shell-quote.js';
import { displayCommand } from '../../src/phases/runner/command.js';

const sh = (script: string): string => spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8' }).stdout;

describe('shellQuote', () => {
  it('round-trips hostile strings through a real POSIX shell', () => {
    for (const value of ['', 'plain', "it's", 'a b', '$(id)', '`id`', '"q"', "'", "''", 'new\nline', '-n', '*', '\\', '!x', 'ünï']) {
      assert.equal(sh(`printf '%s' ${shellQuote(value)}`), value);
      assert.equal(shellUnquote(shellQuote(value)), value);
    }
    assert.equal(shellJoin(['echo', 'a b']), "echo 'a b'");
    assert.equal(shellQuote("it's"), "'it'\\''s'");
  });
});

describe('shellJoin', () => {
  it('leaves plain words bare and quotes the rest, so a shell gets back the same argv', () => {
    const argv = ['/usr/bin/node', '--import', 'file:///a b/tsx.mjs', "it's", '', 'x=1,y=2'];
    const line = shellJoin(argv);
    assert.equal(line, "/usr/bin/node --import 'file:///a b/tsx.mjs' 'it'\\''s' '' x=1,y=2");
    assert.equal(sh(`for a in ${line}; do printf '[%s]' "$a"; done`), argv.map((a) => `[${a}]`).join(''));
  });

  it('is what the runner shows for a local command', () => {
    assert.equal(displayCommand('tart', ['clone', 'ghcr.io/x:1', 'my vm']), "tart clone ghcr.io/x:1 'my vm'");
  });
});

describe('shellUnquote', () => {
  it('refuses what shellQuote never writes', () => {
    for (const word of ['"q"', '$x', 'a b', "'open", '*']) assert.equal(shellUnquote(word), undefined, word);
  });
});
