// Entry point. Kept small so that `--help`, `--version` and `validate` start fast: the TUI, the
// demo lab and the heavy clients are loaded with import() only when a command needs them.
import { commandHelp, parseCliArgs, type CliArgs } from './args.js';
import { EXIT, UsageError } from './errors.js';
import type { Output } from './validate.js';
import { version } from './version.js';
import { unsupportedNode } from './node-version.js';
import { importWithoutCiDetection } from './ci-env.js';

// `k8slab-tui status | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const io: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

async function dispatch(args: CliArgs): Promise<number> {
  switch (args.command) {
    case 'validate':
      return (await import('./validate.js')).runValidate(args, io);
    case 'doctor':
      return (await import('./doctor.js')).runDoctor(args, io);
    case 'info':
      return (await import('./info.js')).runInfo(args, io);
    case 'demo':
      return (await import('./demo.js')).runDemo(args, io);
    case 'status':
      return (await import('./phases.js')).runStatus(args, io);
    case 'install':
    case 'boot':
    case 'shutdown':
    case 'destroy':
      return (await import('./phases.js')).runPhaseCommand(args.command, args, io);
    case 'tui':
      return (await importWithoutCiDetection(() => import('./tui.js'), process.stdout.isTTY === true)).runTui(args, io);
    default:
      io.err(`k8slab-tui: "${args.command}" is not available in this version yet`);
      return EXIT.failure;
  }
}

async function main(argv: string[]): Promise<number> {
  const oldNode = unsupportedNode();
  if (oldNode) {
    io.err(oldNode);
    return EXIT.failure;
  }
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`k8slab-tui: ${err.message}\n${err.hint}`);
      return EXIT.badInput;
    }
    throw err;
  }
  if (args.help) {
    io.out(commandHelp(args.command));
    return EXIT.ok;
  }
  if (args.version) {
    io.out(version());
    return EXIT.ok;
  }
  try {
    return await dispatch(args);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`k8slab-tui: ${err.message}`);
      return EXIT.badInput;
    }
    // Never a stack trace unless asked for: the message names what failed.
    io.err(`k8slab-tui: ${err instanceof Error ? err.message : String(err)}`);
    if (args.debug && err instanceof Error && err.stack) io.err(err.stack);
    return EXIT.failure;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`k8slab-tui: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT.failure;
  },
);
