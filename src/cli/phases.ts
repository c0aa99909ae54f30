// `k8slab-tui install | boot | shutdown | destroy | status`: the phase jobs without the TUI.
// Readable lines (or `--json`: one runner event per line), the recap at the end, exit codes
// (0 ok, 1 failed, 2 bad input, 130 cancelled), Ctrl-C cancels the job cleanly. `--demo` starts
// a demo lab in a child process (`k8slab-tui demo`) and attaches to its endpoints like to any
// lab (`--demo-dir DIR` keeps it between runs; a new DIR starts from nothing, plain `--demo` from
// a finished lab); `--demo-lab FILE` attaches to one already running.
import { createInterface } from 'node:readline/promises';
import { statePaths } from '../config/paths.js';
import { secureStateDir } from '../config/state-dir.js';
import type { LabConfig } from '../config/schema.js';
import { endpointsFromFile, parseLabEndpointsFile, realEndpoints } from '../config/endpoints.js';
import { readFileSync } from 'node:fs';
import { silentLogger } from '../util/logger.js';
import type { CliArgs } from './args.js';
import { EXIT, UsageError } from './errors.js';
import { loadConfigOrReport } from './load-config.js';
import type { Output } from './validate.js';
import type { PhaseEnv, PhaseJobKind } from '../phases/index.js';

interface LabHandle {
  env: PhaseEnv;
  stop(): Promise<void>;
}

async function openLab(args: CliArgs, config: LabConfig, configPath: string, io: Output): Promise<LabHandle> {
  const { createPhaseEnv } = await import('../phases/index.js');
  if (args.demoLab) {
    let text: string;
    try {
      text = readFileSync(args.demoLab, 'utf8');
    } catch {
      throw new UsageError(`--demo-lab ${args.demoLab}: cannot read it`);
    }
    let file;
    try {
      file = parseLabEndpointsFile(text, `--demo-lab ${args.demoLab}`);
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    const env = createPhaseEnv({ config, endpoints: endpointsFromFile(file) });
    return { env, stop: async () => env.close() };
  }
  if (!args.demo && !args.demoDir) {
    const paths = statePaths();
    // kubeconfigs and the SSH key live there: a state dir others can read is tightened, and said
    const warning = secureStateDir(paths);
    if (warning) io.err(`k8slab-tui: warning: ${warning}`);
    const env = createPhaseEnv({ config, endpoints: realEndpoints(paths) });
    return { env, stop: async () => env.close() };
  }
  const { startDemoProcess } = await import('../runtime/demo-process.js');
  const demo = await startDemoProcess({
    configPath,
    logger: silentLogger,
    ...(args.demoDir ? { demoDir: args.demoDir } : {}),
    ...(args.pods ? { pods: args.pods } : {}),
  });
  const env = createPhaseEnv({ config, endpoints: endpointsFromFile(demo.info) });
  return {
    env,
    stop: async () => {
      env.close();
      await demo.stop();
    },
  };
}

/** The destroy confirmation: --yes NAME, or the name typed on a terminal. */
async function confirmed(config: LabConfig, args: CliArgs, io: Output): Promise<boolean> {
  let typed = args.yes;
  if (typed === undefined && process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    typed = (await rl.question(`This deletes every VM of lab "${config.name}" and its state. Type the lab's name to confirm: `)).trim();
    rl.close();
  }
  if (typed === config.name) return true;
  io.err(
    typed === undefined
      ? `k8slab-tui: destroy needs a typed confirmation: --yes ${config.name}`
      : `k8slab-tui: --yes ${JSON.stringify(typed)} does not match the lab's name "${config.name}"; nothing was destroyed`,
  );
  return false;
}

export async function runPhaseCommand(kind: PhaseJobKind, args: CliArgs, io: Output): Promise<number> {
  const loaded = loadConfigOrReport(args.config, io);
  if (!loaded) return EXIT.badInput;
  const { config, location } = loaded;
  if (args.from !== undefined && kind !== 'install') {
    io.err(`k8slab-tui: --from applies to install only, not ${kind}`);
    return EXIT.badInput;
  }
  if (kind === 'destroy' && !(await confirmed(config, args, io))) return EXIT.badInput;

  const { planFor } = await import('../phases/index.js');
  const { startJob, jobFiles, labSecrets, formatEvent, exitCodeFor, cancelOnSignals, LockBusyError } =
    await import('../phases/runner/index.js');
  const lab = await openLab(args, config, location.path, io);
  try {
    const plan = planFor(kind, lab.env);
    const phases = plan.phases.map((p) => p.number);
    if (args.from !== undefined && !phases.includes(args.from)) {
      io.err(`k8slab-tui: --from ${args.from}: ${kind} has phases ${phases[0]}–${phases[phases.length - 1]}`);
      return EXIT.badInput;
    }
    const files = jobFiles(lab.env.paths, kind);
    // a terminal gets the live view (bar, running steps, time left) with the same lines above it
    const live =
      !args.json && process.stdout.isTTY === true
        ? await (await import('./progress/index.js')).openLiveView({ kind, journal: files.journal })
        : undefined;
    try {
      let job;
      try {
        job = startJob(plan, {
          ...files,
          ...(args.from !== undefined ? { from: args.from } : {}),
          // only install resumes: boot/shutdown/destroy re-check everything (the lab moved since)
          resume: kind === 'install',
          secrets: labSecrets(config),
          onEvent: (e) => {
            if (args.json) io.out(JSON.stringify(e));
            else if (live) live.push(e);
            else for (const line of formatEvent(e)) io.out(line);
          },
        });
      } catch (err) {
        if (err instanceof LockBusyError) {
          await live?.close();
          io.err(`k8slab-tui: ${err.message}`);
          return EXIT.failure;
        }
        throw err;
      }
      const offSignals = cancelOnSignals(job);
      try {
        return exitCodeFor((await job.done).outcome);
      } finally {
        offSignals();
      }
    } finally {
      await live?.close();
    }
  } finally {
    await lab.stop();
  }
}

export async function runStatus(args: CliArgs, io: Output): Promise<number> {
  const loaded = loadConfigOrReport(args.config, io);
  if (!loaded) return EXIT.badInput;
  const { collectStatus, formatStatus, statusHealthy } = await import('../phases/index.js');
  const lab = await openLab(args, loaded.config, loaded.location.path, io);
  try {
    let status;
    try {
      status = await collectStatus(loaded.config, lab.env.endpoints, lab.env.tart);
    } catch (err) {
      // tart missing or failing: say so (TartNotInstalledError names the install command) instead of a table of guesses
      const { TartError } = await import('../services/tart/index.js');
      if (!(err instanceof TartError)) throw err;
      io.err(`k8slab-tui: status cannot read the VMs: ${err.message}`);
      return EXIT.failure;
    }
    if (args.json) io.out(JSON.stringify(status));
    else for (const line of formatStatus(status)) io.out(line);
    return statusHealthy(status) ? EXIT.ok : EXIT.failure;
  } finally {
    await lab.stop();
  }
}
