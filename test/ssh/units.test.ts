// Pure pieces of the SSH service: known_hosts parsing and judging, the sudo wrapper (quoting: test/util/shell-quote.test.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { fingerprint, hostPattern, judgeHostKey, parseKnownHosts } from '../../src/services/ssh/known-hosts.js';
import { sudoCommand } from '../../src/services/ssh/sudo.js';

describe('known_hosts', () => {
  const key = (n: number): Buffer =>
    Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), Buffer.alloc(32, n)]);

  it('names hosts the OpenSSH way', () => {
    assert.equal(hostPattern('10.0.0.1', 22), '10.0.0.1');
    assert.equal(hostPattern('127.0.0.1', 2222), '[127.0.0.1]:2222');
  });

  it('judges new, known and mismatched keys, including hashed entries', () => {
    const text = `# comment\n[127.0.0.1]:2222 ssh-ed25519 ${key(1).toString('base64')}\n@cert-authority * ssh-ed25519 ${key(9).toString('base64')}\n`;
    const entries = parseKnownHosts(text);
    assert.equal(entries.length, 1);
    assert.deepEqual(judgeHostKey(entries, '[127.0.0.1]:2222', key(1)), { kind: 'known' });
    assert.deepEqual(judgeHostKey(entries, '[127.0.0.1]:2223', key(1)), { kind: 'new' });
    assert.deepEqual(judgeHostKey(entries, '[127.0.0.1]:2222', key(2)), {
      kind: 'mismatch',
      expectedFingerprint: fingerprint(key(1)),
      actualFingerprint: fingerprint(key(2)),
    });
    const salt = randomBytes(20);
    const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('[10.1.1.1]:22').digest('base64')}`;
    assert.deepEqual(
      judgeHostKey(parseKnownHosts(`${hashed} ssh-ed25519 ${key(3).toString('base64')}`), '[10.1.1.1]:22', key(4)).kind,
      'mismatch',
    );
  });

  it('fingerprints like ssh-keygen', () => {
    const pub = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAOKkdH/K1KwsWMIlhI9zQoJmbntNujcX7wNOxlvls7q x';
    const ours = fingerprint(Buffer.from(pub.split(' ')[1] as string, 'base64'));
    const theirs = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', '-'], { input: pub, encoding: 'utf8' }).stdout.split(' ')[1];
    assert.equal(ours, theirs);
  });
});

describe('sudoCommand', () => {
  it('uses sudo -n without a password, and keeps the password out of the command text', () => {
    assert.equal(sudoCommand("echo 'hi'", false), `sudo -n -- sh -c 'echo '\\''hi'\\'''`);
    const wrapped = sudoCommand('id -u', true);
    assert.match(wrapped, /^IFS= read -r __k8slab_pw; /);
    assert.ok(!/admin/.test(wrapped));
  });

  it('feeds the password line to a prompting sudo only', () => {
    // A stand-in `sudo` on PATH: -n fails (a password is needed); -S reads one line and checks it.
    const dir = spawnSync('mktemp', ['-d'], { encoding: 'utf8' }).stdout.trim();
    const fake = `#!/bin/sh\nif [ "$1" = -n ]; then exit 1; fi\nIFS= read -r pw; [ "$pw" = 'pa ss' ] || { echo bad >&2; exit 1; }\nshift 4; exec "$@"\n`;
    spawnSync('/bin/sh', ['-c', `cat > ${dir}/sudo && chmod +x ${dir}/sudo`], { input: fake });
    const out = spawnSync('/bin/sh', ['-c', `PATH=${dir}:$PATH; ${sudoCommand('cat; echo done', true)}`], {
      input: 'pa ss\nrest of input\n',
      encoding: 'utf8',
    });
    spawnSync('rm', ['-rf', dir]);
    assert.equal(out.stdout, 'rest of input\ndone\n');
    assert.ok(!out.stdout.includes('pa ss') && !out.stderr.includes('pa ss'));
  });
});
