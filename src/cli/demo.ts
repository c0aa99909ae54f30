// `k8slab-tui demo`: the demo lab alone, headless. Once every server is up it prints one JSON
// line saying where everything is, then runs until SIGINT or SIGTERM, shuts everything down and
// removes its temp files.
import type { CliArgs } from './args.js';
import type { Output } from './validate.js';
import { EXIT } from './errors.js';
import { loadConfigOrReport } from './load-config.js';

export async function runDemo(args: CliArgs, io: Output): Promise<number> {
  const loaded = loadConfigOrReport(args.config, io);
  if (!loaded) return EXIT.badInput;
  // Listening before anything starts: a SIGTERM that comes early (the TUI quit at once) or twice
  // still ends in a clean stop, never in the default handler's abrupt exit.
  let requestStop: () => void = () => undefined;
  const stopRequested = new Promise<void>((resolve) => (requestStop = resolve));
  process.on('SIGINT', requestStop);
  process.on('SIGTERM', requestStop);
  // Started by the TUI's --demo: its end (even a crash) closes our stdin, and we go with it.
  if (process.env.K8SLAB_DEMO_WATCH_STDIN === '1') {
    process.stdin.once('end', requestStop);
    process.stdin.once('close', requestStop);
    process.stdin.resume();
  }
  // A stop asked for while the lab is still starting ends the process if the start does not
  // finish soon: a hung start must not outlive the TUI that asked for it.
  let started = false;
  void stopRequested.then(() => {
    if (!started) setTimeout(() => process.exit(EXIT.failure), 10_000).unref();
  });
  const { DemoLab } = await import('../sim/lab/index.js');
  // K8SLAB_DEMO_SPEED (< 1 = busier) lets the terminal tests see the lab live sooner.
  const speed = Number(process.env.K8SLAB_DEMO_SPEED);
  let lab: Awaited<ReturnType<typeof DemoLab.start>>;
  try {
    lab = await DemoLab.start({
      config: loaded.config,
      ...(args.demoDir ? { dir: args.demoDir, initial: 'empty' as const } : {}),
      ...(args.pods ? { extraPods: args.pods } : {}),
      ...(speed > 0 ? { lifeSpeed: speed } : {}),
    });
  } catch (err) {
    // A lab that cannot start says why and ends: a watched stdin must not keep us waiting.
    if (process.env.K8SLAB_DEMO_WATCH_STDIN === '1') process.stdin.destroy();
    io.err(`k8slab-tui: the demo lab could not start: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.failure;
  }
  started = true;
  io.out(JSON.stringify(lab.info));
  await stopRequested;
  if (process.env.K8SLAB_DEMO_WATCH_STDIN === '1') process.stdin.destroy(); // it would keep us alive
  await lab.stop();
  return EXIT.ok;
}
