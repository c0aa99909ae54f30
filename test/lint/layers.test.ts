// The layer rules of eslint.config.js (eslint.layers.js) fire on what they forbid and stay quiet
// on what they allow: probe sources linted in memory under the paths they would have.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  assert.ok(result, `no lint result for ${filePath}`);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

const cases: { file: string; code: string; refused: boolean; why: string }[] = [
  {
    file: 'src/store/probe.ts',
    code: "import { VIEWS } from '../views/registry.js';\nexport const v = VIEWS;\n",
    refused: true,
    why: 'store imports views (upward)',
  },
  {
    file: 'src/util/probe.ts',
    code: "import { statePaths } from '../config/paths.js';\nexport const p = statePaths;\n",
    refused: true,
    why: 'util imports config (upward)',
  },
  {
    file: 'src/phases/install/probe.ts',
    code: "export const f = () => import('../../feeds/scheduler.js');\n",
    refused: true,
    why: 'phases import()s feeds (a sibling of its row)',
  },
  {
    file: 'src/views/probe.ts',
    code: "import { DemoLab } from '../sim/lab/demo-lab.js';\nexport const d = DemoLab;\n",
    refused: true,
    why: 'a view imports the simulator',
  },
  {
    file: 'src/runtime/probe.ts',
    code: "export const f = () => import('../sim/lab/index.js');\n",
    refused: true,
    why: 'runtime import()s the simulator',
  },
  {
    file: 'src/sim/kube/probe.ts',
    code: "import { createPhaseEnv } from '../../phases/env.js';\nexport const c = createPhaseEnv;\n",
    refused: true,
    why: 'the simulator imports a product layer',
  },
  {
    file: 'src/views/probe.ts',
    code: "import { theme } from '../components/theme.js';\nexport const t = theme;\n",
    refused: false,
    why: 'views import components (downward)',
  },
  {
    file: 'src/sim/kube/probe.ts',
    code: "import { shellQuote } from '../../services/ssh/quote.js';\nexport const q = shellQuote;\n",
    refused: false,
    why: 'the simulator uses services wire code',
  },
  {
    file: 'src/cli/demo-probe.ts',
    code: "import { DemoLab } from '../sim/lab/demo-lab.js';\nexport const d = DemoLab;\n",
    refused: false,
    why: 'the command that starts the demo lab',
  },
  {
    file: 'src/phases/runner/probe.ts',
    code: "import { shellQuote } from '../ssh-key.js';\nexport const q = shellQuote;\n",
    refused: false,
    why: 'within its own folder',
  },
];

for (const c of cases) {
  test(`${c.refused ? 'refused' : 'allowed'}: ${c.why} (${c.file})`, async () => {
    const errors = await layerErrors(c.file, c.code);
    if (c.refused)
      assert.ok(
        errors.length > 0 && errors.every((m) => /docs\/architecture\.md/.test(m)),
        `expected a layer error, got ${JSON.stringify(errors)}`,
      );
    else assert.deepEqual(errors, []);
  });
}
