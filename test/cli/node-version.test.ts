// The CLI refuses a Node older than engines allows with one line that says what to install.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { MIN_NODE_MAJOR, unsupportedNode } from '../../src/cli/node-version.js';

test('Node 20 is refused with the version and what to install; 22, 24 and 26 pass', () => {
  const msg = unsupportedNode('20.20.2');
  assert.ok(msg?.includes('20.20.2') && msg.includes(`Node.js ${MIN_NODE_MAJOR} or newer`) && msg.includes('brew install node@24'), msg);
  assert.ok(unsupportedNode('18.0.0'));
  for (const v of ['22.0.0', '22.23.5', '24.22.3', '26.12.1']) assert.equal(unsupportedNode(v), undefined, v);
  assert.equal(unsupportedNode(), undefined, `the Node running the tests (${process.versions.node}) is supported`);
});

test('the check agrees with package.json engines', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };
  assert.equal(pkg.engines.node, `>=${MIN_NODE_MAJOR}`);
});
