// Runs every benchmark in bench/ one after another (each prints its own figures and ratios).
// `npm run bench -- ssh` runs the ones whose file name contains "ssh".
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const filters = process.argv.slice(2);
const benches = readdirSync('bench')
  .filter((f) => f.endsWith('.ts') && !f.endsWith('-child.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n=== bench/${file}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
