// One node metrics sample: the pooled, batched ssh2 exec vs the seed's way (a fresh `ssh` process
// per command, four commands), against the same real OpenSSH sshd on loopback, in one run.
// Run: npx tsx bench/ssh-metrics.ts [rounds]
import { spawn } from 'node:child_process';
import path from 'node:path';
import { NodeMetricsSampler, collectNodeMetrics } from '../src/services/metrics/index.js';
import { SshPool } from '../src/services/ssh/index.js';
import { startSshd } from '../test/helpers/sshd.js';

const rounds = Number(process.argv[2] ?? 10);

// The seed's status script: one ssh per probe.
const SEED_COMMANDS = ['top -bn1 | head -n 5', 'free -m', 'df -h /', 'ss -tlnp'];

function sshOnce(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('ssh', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (c: Buffer) => (err += c.toString()));
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ssh exited ${code}: ${err}`))));
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const sshd = await startSshd();
try {
  const target = sshd.target('bench-node');
  const pool = new SshPool({
    auth: { username: sshd.user, privateKeyPath: sshd.privateKeyPath },
    knownHostsFile: path.join(sshd.dir, 'known_hosts'),
  });
  const sampler = new NodeMetricsSampler();
  const connectMs = await time(() => pool.connect(target, { timeoutMs: 10_000 }));
  const sshArgs = (cmd: string): string[] => [
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    `UserKnownHostsFile=${path.join(sshd.dir, 'cli_known_hosts')}`,
    '-o',
    'BatchMode=yes',
    '-o',
    'LogLevel=ERROR',
    '-i',
    sshd.privateKeyPath,
    '-p',
    String(sshd.port),
    `${sshd.user}@127.0.0.1`,
    cmd,
  ];

  const pooled: number[] = [];
  const seed: number[] = [];
  // Interleaved so that both see the same machine load.
  for (let i = 0; i < rounds; i++) {
    pooled.push(await time(() => collectNodeMetrics(pool, target, sampler)));
    seed.push(
      await time(async () => {
        for (const cmd of SEED_COMMANDS) await sshOnce(sshArgs(cmd));
      }),
    );
  }
  pool.close();
  const p = median(pooled);
  const s = median(seed);
  console.log(`node metrics sample, ${rounds} rounds, loopback OpenSSH (${sshd.port})`);
  console.log(`  ssh2 connect (once):                     ${connectMs.toFixed(1)} ms`);
  console.log(
    `  pooled batched exec + parse (median):    ${p.toFixed(1)} ms   [min ${Math.min(...pooled).toFixed(1)}, max ${Math.max(...pooled).toFixed(1)}]`,
  );
  console.log(
    `  seed: 4 x fresh ssh process (median):    ${s.toFixed(1)} ms   [min ${Math.min(...seed).toFixed(1)}, max ${Math.max(...seed).toFixed(1)}]`,
  );
  console.log(`  ratio: ${(s / p).toFixed(1)}x faster (target >= 20x)`);
} finally {
  await sshd.dispose();
}
