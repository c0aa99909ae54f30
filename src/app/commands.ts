// Command mode (`:`): view names, `:ctx <cluster>` (or `:ctx all`), `:q`. Completion offers the
// first candidate that starts with what was typed.
import { VIEW_IDS, type ViewId } from '../store/types.js';

export type Command =
  { kind: 'view'; view: ViewId } | { kind: 'scope'; cluster: string | undefined } | { kind: 'quit' } | { kind: 'unknown'; text: string };

export function commandCandidates(clusters: string[]): string[] {
  return [...VIEW_IDS, ...clusters.map((c) => `ctx ${c}`), 'ctx all', 'quit'];
}

export function complete(text: string, clusters: string[]): string | undefined {
  const t = text.trimStart();
  if (t === '') return undefined;
  return commandCandidates(clusters).find((c) => c.startsWith(t) && c !== t);
}

export function parseCommand(text: string, clusters: string[]): Command {
  const t = text.trim();
  if (t === 'q' || t === 'quit' || t === 'q!') return { kind: 'quit' };
  const view = VIEW_IDS.find((v) => v === t || (t.length >= 2 && v.startsWith(t)));
  if (view) return { kind: 'view', view };
  const ctx = /^ctx\s+(\S+)$/.exec(t);
  if (ctx) {
    if (ctx[1] === 'all') return { kind: 'scope', cluster: undefined };
    if (clusters.includes(ctx[1]!)) return { kind: 'scope', cluster: ctx[1] };
  }
  return { kind: 'unknown', text: t };
}
