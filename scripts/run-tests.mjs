// Runs every test/**/*.test.ts(x) file with Node's own test runner, TypeScript loaded through tsx.
// Node 20's --test takes no glob, so the files are listed here. Pass paths or name fragments
// as arguments to run a subset: `npm run test:unit -- config`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

function listTests(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...listTests(path));
    else if (/\.test\.tsx?$/.test(entry)) out.push(path);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = listTests('test')
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}
// The pinned upstream kubectl and helm (scripts/fetch-tools.sh) come first on PATH, so every test
// and every phase job a test starts uses those, not whatever the machine happens to have.
const tools = resolve('.tools/bin');
for (const tool of ['kubectl', 'helm']) {
  if (!existsSync(join(tools, tool))) {
    console.error(`missing: ${join(tools, tool)} (the pinned ${tool}). Fetch it first: bash scripts/fetch-tools.sh`);
    process.exit(1);
  }
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: { ...process.env, PATH: `${tools}${delimiter}${process.env.PATH ?? ''}`, NODE_NO_WARNINGS: '1' },
});
process.exit(result.status ?? 1);
