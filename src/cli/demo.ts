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
  const { DemoLab } = await import('../sim/lab/index.js');
  const lab = await DemoLab.start({ config: loaded.config, ...(args.demoDir ? { dir: args.demoDir, initial: 'empty' as const } : {}), ...(args.pods ? { extraPods: args.pods } : {}) });
  io.out(JSON.stringify(lab.info));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await lab.stop();
  return EXIT.ok;
}
