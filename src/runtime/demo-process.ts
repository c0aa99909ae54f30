// `--demo` runs the demo lab in a child process (`k8slab-tui demo`), attached to like any lab:
// the simulated API servers, SSH servers and relays hold tens of thousands of full objects and do
// their own work, which is not the control center's — on a real lab they run on the VMs. The TUI
// process then holds what the TUI needs and its event loop serves only the screen. The child
// exits on SIGTERM, and when its stdin closes: if the TUI dies, even by SIGKILL, its lab goes too.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseLabEndpointsFile, type LabEndpointsFile } from '../config/endpoints.js';
import type { Logger } from '../util/logger.js';

export interface DemoProcessOptions {
  configPath: string;
  pods?: number;
  demoDir?: string;
  logger: Logger;
  /** The CLI entry to run (default: this process's own). */
  entry?: string;
  startTimeoutMs?: number;
}

export interface DemoProcess {
  info: LabEndpointsFile;
  pid: number;
  /** Ends the lab (SIGTERM; SIGKILL after 10 s) and says how it ended. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export const DEMO_WATCH_STDIN = 'K8SLAB_DEMO_WATCH_STDIN';

export function startDemoProcess(options: DemoProcessOptions): Promise<DemoProcess> {
  const entry = options.entry ?? process.argv[1];
  if (!entry) return Promise.reject(new Error('cannot tell which program to start for the demo lab'));
  // No execArgv: the lab needs none of the TUI's node flags (nor a test runner's loaders).
  // Run from source (tsx src/cli/main.ts), the child needs the same loader; the built bin needs none.
  const args = [...(/\.tsx?$/.test(entry) ? ['--import', 'tsx'] : []), entry, 'demo', '--config', options.configPath];
  if (options.pods) args.push('--pods', String(options.pods));
  if (options.demoDir) args.push('--demo-dir', options.demoDir);
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, [DEMO_WATCH_STDIN]: '1' } });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  // Its stderr would draw over the TUI: it goes to the log instead.
  createInterface({ input: child.stderr }).on('line', (line) => options.logger.warn('demo lab', { line }));
  const stop = async (): Promise<{ code: number | null; signal: NodeJS.Signals | null }> => {
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const how = await exited;
    clearTimeout(killer);
    return how;
  };
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the demo lab did not start within ${(options.startTimeoutMs ?? 120_000) / 1000} s`));
    }, options.startTimeoutMs ?? 120_000);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the demo lab exited before it was up (${signal ?? `exit ${code}`}); see the log`));
    });
    lines.once('line', (line) => {
      clearTimeout(timer);
      let info: LabEndpointsFile;
      try {
        info = parseLabEndpointsFile(line, 'the demo lab');
      } catch (err) {
        void stop();
        reject(
          new Error(
            `the demo lab printed something else than its endpoints: ${err instanceof Error ? err.message : String(err)}; ${line.slice(0, 120)}`,
          ),
        );
        return;
      }
      resolve({ info, pid: child.pid!, stop });
    });
  });
}
