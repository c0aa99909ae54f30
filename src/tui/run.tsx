// Starting the full-screen TUI: load the config (bad config → message, exit 2, before the screen
// changes), build the store, enter the alternate screen, render, and restore the terminal on
// every way out.
import React from 'react';
import { render } from 'ink';
import { App } from '../app.js';
import { createLabStore } from '../store/store.js';
import { ConfigError, loadConfig } from '../config/load.js';
import { locateConfig, statePaths } from '../config/paths.js';
import { chooseHost, computeBudget } from '../config/budget.js';
import { formatProblem } from '../config/problems.js';
import { createFileLogger } from '../util/logger.js';
import { EXIT } from '../cli/errors.js';
import type { CliArgs } from '../cli/args.js';
import type { Output } from '../cli/validate.js';
import { enterAltScreen, leaveAltScreen } from './terminal.js';

export async function runTui(args: CliArgs, io: Output): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    io.err('k8slab-tui: the control center needs a terminal; for scripts use the subcommands (k8slab-tui status --json, validate, info)');
    return EXIT.badInput;
  }
  const location = locateConfig(args.config);
  let config;
  try {
    config = loadConfig(location.path);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.err(`${location.path}: ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}`);
    for (const p of err.problems) io.err(`  ${formatProblem(p)}`);
    return EXIT.badInput;
  }
  const paths = statePaths();
  const logger = createFileLogger(paths.appLog, args.debug ? 'debug' : 'info');
  logger.info('starting', { config: location.path, demo: args.demo, readonly: args.readonly });

  const store = createLabStore({ readonly: args.readonly });
  store.getState().setConfig(config, location.path, computeBudget(config, chooseHost(config, args.host)));

  const restore = (): void => leaveAltScreen();
  const onFatal = (err: unknown): void => {
    restore();
    logger.error('fatal', { error: err });
    process.stderr.write(`k8slab-tui: ${err instanceof Error ? err.message : String(err)} (details in ${paths.appLog})\n`);
    process.exit(EXIT.failure);
  };
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
  process.on('exit', restore);

  enterAltScreen();
  const instance = render(<App store={store} />, { exitOnCtrlC: true, patchConsole: true });
  const onSignal = (): void => instance.unmount();
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    restore();
    logger.info('stopped');
    await logger.close();
  }
  return EXIT.ok;
}
