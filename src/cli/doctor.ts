// `k8slab-tui doctor`: checks what the host needs and says exactly how to install what is missing.
import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import { execa } from 'execa';
import { ConfigError, loadConfig, sshCredentials } from '../config/load.js';
import { computeBudget, gb, thisMachine } from '../config/budget.js';
import { locateConfig } from '../config/paths.js';
import { formatProblem } from '../config/problems.js';
import type { CliArgs } from './args.js';
import type { Output } from './validate.js';
import { EXIT } from './errors.js';

export interface Check {
  name: string;
  ok: boolean;
  required: boolean;
  detail: string;
  /** How to fix it, when not ok. */
  fix?: string;
}

const onMac = os.platform() === 'darwin';

async function toolVersion(command: string, args: string[]): Promise<string | undefined> {
  try {
    const result = await execa(command, args, { timeout: 10_000, reject: false });
    if (result.exitCode !== 0 && !result.stdout) return undefined;
    return (result.stdout || result.stderr).split('\n')[0]?.trim();
  } catch {
    return undefined; // ENOENT and friends: not installed
  }
}

export async function hostChecks(configPath: string, env: NodeJS.ProcessEnv = process.env): Promise<Check[]> {
  const checks: Check[] = [];
  const tool = async (name: string, args: string[], fix: string): Promise<void> => {
    const version = await toolVersion(name, args);
    checks.push(
      version ? { name, ok: true, required: true, detail: version } : { name, ok: false, required: true, detail: 'not found on PATH', fix },
    );
  };
  await tool(
    'tart',
    ['--version'],
    onMac
      ? 'brew install openai/tools/tart'
      : 'Tart runs on Apple-silicon Macs only (brew install openai/tools/tart there); on this machine use --demo',
  );
  await tool(
    'kubectl',
    ['version', '--client=true'],
    onMac
      ? 'brew install kubectl'
      : 'see https://kubernetes.io/docs/tasks/tools/ (or: apt-get install kubectl from the Kubernetes apt repository)',
  );
  await tool('helm', ['version', '--short'], onMac ? 'brew install helm' : 'see https://helm.sh/docs/intro/install/');

  let config;
  try {
    config = loadConfig(configPath);
    checks.push({ name: 'config', ok: true, required: true, detail: configPath });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    checks.push({
      name: 'config',
      ok: false,
      required: true,
      detail: err.problems.map(formatProblem).join('; '),
      fix: `fix ${configPath} (k8slab-tui validate shows every problem)`,
    });
    return checks;
  }
  const creds = sshCredentials(config, env);
  if (creds.privateKeyPath) {
    let readable = true;
    try {
      accessSync(creds.privateKeyPath, constants.R_OK);
    } catch {
      readable = false;
    }
    checks.push(
      readable
        ? { name: 'ssh credentials', ok: true, required: true, detail: `key ${creds.privateKeyPath}` }
        : {
            name: 'ssh credentials',
            ok: false,
            required: true,
            detail: `key ${creds.privateKeyPath} is not readable`,
            fix: `create it (ssh-keygen -t ed25519 -f ${creds.privateKeyPath}) or point K8SLAB_SSH_KEY at your key`,
          },
    );
  } else if (creds.password) {
    checks.push({
      name: 'ssh credentials',
      ok: true,
      required: true,
      detail: `password for ${creds.user} (from ${env.K8SLAB_SSH_PASSWORD ? 'K8SLAB_SSH_PASSWORD' : 'the config'}; replaced by a generated key during install)`,
    });
  } else {
    checks.push({
      name: 'ssh credentials',
      ok: false,
      required: true,
      detail: 'neither a key nor a password',
      fix: 'set ssh_key_path or ssh_password in the config, or K8SLAB_SSH_KEY / K8SLAB_SSH_PASSWORD',
    });
  }
  const host = thisMachine();
  const budget = computeBudget(config, host);
  const freeMb = Math.floor(os.freemem() / 1024 / 1024);
  const fits = budget.total.memoryMb <= host.memoryMb;
  checks.push({
    name: 'memory',
    ok: fits,
    required: true,
    detail: `the lab needs ${gb(budget.total.memoryMb)}; this machine has ${gb(host.memoryMb)} (${gb(freeMb)} free now)`,
    ...(fits ? {} : { fix: 'shrink the nodes in the config or run the lab on a larger host; --demo needs none of it' }),
  });
  checks.push({
    name: 'cpu',
    ok: true,
    required: false,
    detail: `${budget.total.vcpu} vCPU on ${host.cores} cores = ${budget.cpuOvercommit.toFixed(2)}x overcommit`,
  });
  return checks;
}

export async function runDoctor(args: CliArgs, io: Output): Promise<number> {
  const checks = await hostChecks(locateConfig(args.config).path);
  if (args.json) io.out(JSON.stringify(checks));
  else
    for (const c of checks) {
      io.out(`${c.ok ? 'ok     ' : c.required ? 'MISSING' : 'warn   '} ${c.name}: ${c.detail}`);
      if (!c.ok && c.fix) io.out(`        fix: ${c.fix}`);
    }
  const missing = checks.filter((c) => !c.ok && c.required);
  if (!args.json)
    io.out(
      missing.length === 0 ? '\nall required checks passed' : `\n${missing.length} required check${missing.length === 1 ? '' : 's'} failed`,
    );
  return missing.length === 0 ? EXIT.ok : EXIT.failure;
}
