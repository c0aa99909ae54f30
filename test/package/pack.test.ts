// `npx k8slab-tui` from the published form: pack the package, install the tarball into an empty
// folder, and run the bin from there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

test('npm pack → npm install in an empty folder → npx k8slab-tui --help / --version / validate', { timeout: 240_000 }, () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  const work = mkdtempSync(path.join(os.tmpdir(), 'k8slab-pack-'));
  const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { encoding: 'utf8' }).trim().split('\n').at(-1)!;
  const tarball = path.join(work, packed);
  const app = path.join(work, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(path.join(app, 'package.json'), '{"name":"consumer","version":"1.0.0","private":true}');
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=warn', tarball], {
    cwd: app,
    encoding: 'utf8',
  });
  assert.equal(install.status, 0, install.stderr);
  // engines admits this Node, and so does every dependency we bring (ADR-015)
  assert.doesNotMatch(install.stderr, /EBADENGINE/, `npm install on node ${process.versions.node} warned:\n${install.stderr}`);
  // what the bundle carries is not installed again: ink, react, zustand, zod … are devDependencies
  for (const bundled of ['ink', 'react', 'zustand', 'zod', 'execa', 'yaml'])
    assert.equal(existsSync(path.join(app, 'node_modules', bundled)), false, `${bundled} is bundled into dist/ and must not be installed`);
  const npx = (args: string[]): string =>
    execFileSync('npx', ['--no-install', 'k8slab-tui', ...args], {
      cwd: app,
      encoding: 'utf8',
      env: { ...process.env, K8SLAB_HOME: path.join(work, 'state') },
    });
  assert.match(npx(['--help']), /k8slab-tui — a terminal control center/);
  assert.equal(npx(['--version']).trim(), pkg.version);
  // The bundled default config is found from the installed package.
  const validate = npx(['validate', '--host-cores', '16', '--host-memory', '128']);
  assert.match(validate, /config: .*node_modules\/k8slab-tui\/config\/clusters\.json \(bundled default\)/);
  assert.match(validate, /total\s+10\s+21\s+67\.5 GB/);
});
