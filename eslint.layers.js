// The layers of src/, top to bottom (docs/architecture.md). A folder may import from the layers
// below it, never from one above it or from a sibling in its own row. src/sim/ stands beside
// the product: it may use the wire code in services/ and config/, manifests/ and util/, and no
// product folder may import it (ADR-014) except the command that starts the demo lab.
export const LAYERS = [
  ['cli'], // entry points: the bin, the commands, the TUI launcher
  ['app'], // the TUI's composition: layout, input dispatch, panes
  ['views'], // one module per screen
  ['components'], // presentational pieces
  ['ui'], // UI state without rendering: keymap, dialogs, log sessions, the UI store, the terminal
  ['runtime'], // wiring: which feeds run against which endpoints, the controller
  ['phases', 'feeds'], // jobs that change the lab; feeds that read it into the store
  ['store'], // the lab store (zustand)
  ['services', 'manifests', 'ports'], // clients of the outside systems; the lab's manifests; the controller port
  ['config'], // the lab config, its rules, the endpoints contract, state paths
  ['util'], // helpers that know nothing of the lab
];

export const SIM_MAY_USE = ['services', 'manifests', 'config', 'util'];

const ALL = LAYERS.flat();

/** Top-level folders `folder` must not import. */
export function forbiddenFor(folder) {
  if (folder === 'sim') return ALL.filter((f) => !SIM_MAY_USE.includes(f));
  const row = LAYERS.findIndex((r) => r.includes(folder));
  const above = LAYERS.slice(0, row).flat();
  const siblings = LAYERS[row].filter((f) => f !== folder);
  return [...above, ...siblings, 'sim'];
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * ESLint blocks: for each folder and each file depth, the relative specifiers that reach a
 * forbidden top-level folder (`../` once per level, then the folder's name), static or import().
 */
export function layerRules({ maxDepth = 4, allowSim = [] } = {}) {
  const blocks = [];
  for (const folder of [...ALL, 'sim']) {
    const forbidden = forbiddenFor(folder);
    for (let depth = 1; depth <= maxDepth; depth += 1) {
      const files = [`src/${folder}/${'*/'.repeat(depth - 1)}*.{ts,tsx}`];
      const up = '\\.\\./'.repeat(depth);
      const regex = `^${up}(${forbidden.map(escape).join('|')})(/|$)`;
      const message =
        folder === 'sim'
          ? `src/sim/ may use only ${SIM_MAY_USE.join(', ')} (ADR-014; docs/architecture.md)`
          : `src/${folder}/ may not import a layer above it, a sibling of its row, or src/sim/ (docs/architecture.md; the demo lab is reached through its endpoints file, ADR-014)`;
      blocks.push({
        files,
        ignores: allowSim,
        rules: {
          'no-restricted-imports': ['error', { patterns: [{ regex, message }] }],
          'no-restricted-syntax': ['error', { selector: `ImportExpression[source.value=/${regex.replace(/\//g, '\\/')}/]`, message }],
        },
      });
    }
  }
  return blocks;
}
