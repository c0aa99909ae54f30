// Starting the full-screen TUI: load the config (bad config → message, exit 2, before the screen
// changes), build the store, enter the alternate screen, render, and restore the terminal on
// every way out.
import React from 'react';
import { render } from 'ink';
import { App } from '../app/App.js';
import { createLabStore } from '../store/store.js';
import { loadConfigOrReport } from './load-config.js';
import { statePaths } from '../config/paths.js';
import { chooseHost, computeBudget } from '../config/budget.js';
import { createFileLogger } from '../util/logger.js';
import { StateFileError } from '../util/private-files.js';
import { secureStateDir } from '../config/state-dir.js';
import { EXIT } from './errors.js';
import type { CliArgs } from './args.js';
import type { Output } from './validate.js';
import { enterAltScreen, leaveAltScreen } from '../ui/terminal.js';
import { DeferredController } from '../runtime/deferred-controller.js';
import { toVmRecords } from '../feeds/tart-convert.js';
import type { LabConfig } from '../config/schema.js';
import type { LabStore } from '../store/store.js';
import type { Logger } from '../util/logger.js';
import type { LabEndpointsFile } from '../config/endpoints.js';

/** The endpoints a running headless demo lab printed (`k8slab-tui demo > lab.json`). */
async function readEndpointsFile(file: string): Promise<LabEndpointsFile> {
  const { readFile } = await import('node:fs/promises');
  const { parseLabEndpointsFile } = await import('../config/endpoints.js');
  const text = await readFile(file, 'utf8').catch(() => {
    throw new Error(`--demo-lab ${file}: cannot read it`);
  });
  return parseLabEndpointsFile(text, `--demo-lab ${file}`);
}

/** Writes to a terminal that is gone (a closed window, a hung-up pty) fail with EIO or EPIPE. */
function terminalGone(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return code === 'EIO' || code === 'EPIPE';
}

/** Starts the demo lab when asked, then the runtime (feeds + controller); never throws. */
async function connectLab(
  args: CliArgs,
  config: LabConfig,
  configPath: string,
  store: LabStore,
  controller: DeferredController,
  logger: Logger,
): Promise<{ stop(): Promise<void> }> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const s of stops.reverse()) await s().catch((err: unknown) => logger.warn('stop failed', { error: err }));
  };
  try {
    await new Promise((resolve) => setImmediate(resolve));
    const { endpointsFromFile, realEndpoints } = await import('../config/endpoints.js');
    let endpoints = realEndpoints(statePaths());
    if (args.demoLab) {
      endpoints = endpointsFromFile(await readEndpointsFile(args.demoLab));
    } else if (args.demo) {
      store.getState().flash('starting the demo lab on 127.0.0.1 …');
      const { startDemoProcess } = await import('../runtime/demo-process.js');
      // A new demo dir starts from nothing (press i to install it); no dir: a finished lab.
      const demo = await startDemoProcess({
        configPath,
        logger,
        ...(args.demoDir ? { demoDir: args.demoDir } : {}),
        ...(args.pods ? { pods: args.pods } : {}),
      });
      stops.push(async () => {
        await demo.stop();
      });
      endpoints = endpointsFromFile(demo.info);
      logger.info('demo lab up', { dir: demo.info.dir, pid: demo.pid });
    }
    const { LabRuntime } = await import('../runtime/lab-runtime.js');
    const runtime = await LabRuntime.start({ store, config, endpoints, logger });
    stops.push(() => runtime.stop());
    controller.attach(runtime.controller);
    if (args.demo) store.getState().flash('demo lab ready: every view shows the simulated lab (press ? for keys)');
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    logger.error('could not connect the lab', { error: err });
    controller.fail(`the lab could not be started: ${message}`);
    store.getState().flash(`could not start the lab: ${message}`, 'error');
  }
  return { stop };
}

export async function runTui(args: CliArgs, io: Output): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    io.err('k8slab-tui: the control center needs a terminal; for scripts use the subcommands (k8slab-tui status --json, validate, info)');
    return EXIT.badInput;
  }
  const loaded = loadConfigOrReport(args.config, io);
  if (!loaded) return EXIT.badInput;
  const { config, location } = loaded;
  const paths = statePaths();
  let stateWarning: string | undefined;
  let logger: Logger;
  try {
    stateWarning = secureStateDir(paths);
    logger = createFileLogger(paths.appLog, args.debug ? 'debug' : 'info');
  } catch (err) {
    if (!(err instanceof StateFileError)) throw err;
    io.err(`k8slab-tui: ${err.message}`);
    return EXIT.failure;
  }
  logger.info('starting', { config: location.path, demo: args.demo, readonly: args.readonly });
  if (stateWarning) logger.warn(stateWarning);

  const store = createLabStore({ readonly: args.readonly });
  store.getState().setConfig(config, location.path, computeBudget(config, chooseHost(config, args.host)));
  store.getState().setVms(toVmRecords(config, undefined)); // every VM listed before tart answers
  if (stateWarning) store.getState().flash(stateWarning, 'error');

  const restore = (): void => leaveAltScreen();
  let stopLab: () => Promise<void> = async () => undefined;
  let leaving = false;
  const onFatal = (err: unknown): void => {
    if (terminalGone(err)) {
      // The terminal went away under us (its window closed): nothing to restore or print to.
      // Stop the lab's connections (a demo child ends with us) and leave quietly.
      if (leaving) return;
      leaving = true;
      logger.info('the terminal went away; stopping');
      setTimeout(() => process.exit(EXIT.ok), 5000).unref();
      void stopLab()
        .catch(() => undefined)
        .finally(() => void logger.close().finally(() => process.exit(EXIT.ok)));
      return;
    }
    restore();
    logger.error('fatal', { error: err });
    process.stderr.write(`k8slab-tui: ${err instanceof Error ? err.message : String(err)} (details in ${paths.appLog})\n`);
    process.exit(EXIT.failure);
  };
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
  process.on('exit', restore);

  enterAltScreen();
  const controller = new DeferredController();
  const instance = render(<App store={store} controller={controller} />, { exitOnCtrlC: true, patchConsole: true });
  // The lab's services load after the first frame: the screen is up while they connect.
  const lab = connectLab(args, config, location.path, store, controller, logger);
  stopLab = async () => (await lab).stop();
  // Ctrl-C in the TUI is a key (raw mode); a SIGINT comes from outside (`kill -INT`), like these.
  const onSignal = (): void => instance.unmount();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    await (await lab).stop();
    restore();
    logger.info('stopped');
    await logger.close();
  }
  return EXIT.ok;
}
