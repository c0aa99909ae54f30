// The dense table: column layout, the sort / filter pipeline (memoized on object identity), and
// in the App: only visible rows rendered, selection kept by key across a reorder, filter, sort.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutColumns, type Column } from '../../src/components/table/columns.js';
import { createPipeline, followOffset } from '../../src/components/table/model.js';
import { makePods } from '../helpers/lab-data.js';
import type { PodRecord } from '../../src/store/types.js';
import { waitFor as waitUntil } from '../helpers/wait.js';
import { PGDN, mount, ready } from './harness.js';

type Row = { id: string; name: string; n: number };
const columns: Column<Row>[] = [
  { id: 'name', title: 'NAME', width: 20, min: 8, grow: true, text: (r) => r.name },
  { id: 'n', title: 'N', width: 5, align: 'right', text: (r) => String(r.n), sortKey: (r) => r.n },
  { id: 'extra', title: 'EXTRA', width: 30, drop: 1, text: () => 'x' },
];

test('layout: flexible columns grow into spare room and shrink first; droppable columns go when even that is too wide', () => {
  const wide = layoutColumns(columns, 100);
  assert.equal(wide.reduce((s, c) => s + c.width, 0) + 2, 100);
  assert.equal(wide[0]!.width, 100 - 5 - 30 - 2);
  const narrow = layoutColumns(columns, 40);
  assert.deepEqual(
    narrow.map((c) => [c.column.id, c.width]),
    [
      ['name', 34],
      ['n', 5],
    ],
  );
  const tiny = layoutColumns(columns, 12);
  assert.ok(tiny.reduce((s, c) => s + c.width, 0) + tiny.length - 1 <= 12);
});

test('pipeline: sorts once per base/sort change, filters case-insensitively, returns the same array while nothing changed', () => {
  const pipeline = createPipeline(columns, (r) => r.id);
  const base: Row[] = [
    { id: 'a', name: 'Alpha', n: 3 },
    { id: 'b', name: 'beta', n: 1 },
    { id: 'c', name: 'gamma', n: 2 },
  ];
  const sorted = pipeline.rows(base, { column: 'n', descending: false }, undefined, 0);
  assert.deepEqual(
    sorted.map((r) => r.id),
    ['b', 'c', 'a'],
  );
  assert.equal(pipeline.rows(base, { column: 'n', descending: false }, undefined, 0), sorted, 'memoized');
  assert.deepEqual(
    pipeline.rows(base, { column: 'n', descending: true }, undefined, 0).map((r) => r.id),
    ['a', 'c', 'b'],
  );
  assert.deepEqual(
    pipeline.rows(base, undefined, 'A', 0).map((r) => r.id),
    ['a', 'b', 'c'],
    'every name has an a',
  );
  assert.deepEqual(
    pipeline.rows(base, undefined, 'AL', 0).map((r) => r.id),
    ['a'],
  );
  assert.equal(pipeline.indexOf(sorted, 'c'), 1);
  assert.equal(followOffset(0, 15, 10, 100), 6);
  assert.equal(followOffset(6, 3, 10, 100), 3);
  assert.equal(followOffset(95, 99, 10, 100), 90);
});

test('pipeline: 20,000 pods sort and filter fast, and a repeat with unchanged inputs costs nothing', () => {
  const pods = makePods(20_000);
  const pipeline = createPipeline<PodRecord>(
    [
      { id: 'name', title: 'NAME', width: 10, text: (p) => p.name },
      { id: 'ns', title: 'NS', width: 10, text: (p) => p.namespace },
    ],
    (p) => p.uid,
  );
  let t = performance.now();
  const sorted = pipeline.rows(pods, { column: 'name', descending: true }, undefined, 0);
  const sortMs = performance.now() - t;
  t = performance.now();
  const filtered = pipeline.rows(pods, { column: 'name', descending: true }, 'web-0001', 0);
  const filterMs = performance.now() - t;
  t = performance.now();
  assert.equal(pipeline.rows(pods, { column: 'name', descending: true }, 'web-0001', 0), filtered);
  const repeatMs = performance.now() - t;
  assert.equal(sorted.length, 20_000);
  assert.ok(filtered.length > 0 && filtered.every((p) => p.name.includes('web-0001')));
  assert.ok(sortMs < 500 && filterMs < 300, `sort ${sortMs.toFixed(1)} ms, filter ${filterMs.toFixed(1)} ms`);
  assert.ok(repeatMs < 1, `repeat ${repeatMs.toFixed(3)} ms`);
});

test('virtualization: with 5,000 pods only the rows that fit are rendered, and the window follows the selection', async () => {
  const { store, ui, frame, press, waitFor } = mount({ pods: 5000, size: { columns: 120, rows: 24 } });
  store.getState().setView('pods');
  await waitFor(/Pods:/);
  await ready();
  const rows = frame()
    .split('\n')
    .filter((l) => /web-\d{5}|a-really-long/.test(l));
  assert.ok(rows.length > 10 && rows.length <= 20, `${rows.length} pod rows rendered`);
  assert.match(frame(), /Pods: all clusters · 5000\s+1\/5000/);
  await press('G');
  assert.match(frame(), /5000\/5000/);
  await press('g', PGDN);
  // Under load the page-down frame can come after the press returns: wait for it (bounded).
  const row = (): number => Number(/(\d+)\/5000/.exec(frame())?.[1]);
  await waitUntil(() => row() > 10 && row() < 25, {
    timeoutMs: 3000,
    intervalMs: 10,
    message: () => `page down to land on row 11–24 (row ${row()})`,
  });
  ui.unmount();
});

test('selection is kept by key when an update reorders the rows', async () => {
  const { store, ui, frame, press, waitFor } = mount({ pods: 40 });
  store.getState().setView('pods');
  await waitFor(/Pods:/);
  await ready();
  await press('j', 'j', 'j');
  const key = store.getState().ui.selection.pods!;
  const pod = Object.values(store.getState().clusters)
    .flatMap((c) => Object.values(c.pods))
    .find((p) => p.uid === key)!;
  const selectedLine = () =>
    ui
      .lastFrame()!
      .split('\n')
      .find((l) => l.includes('\u001B[7m'));
  const settle = { timeoutMs: 3000, intervalMs: 10 };
  await waitUntil(() => selectedLine()?.includes(pod.name), { ...settle, message: 'the selected row to be highlighted' });
  // Sort by another column: the same pod stays selected wherever it lands.
  await press('>', '>', '>', '>', '>');
  assert.equal(store.getState().ui.selection.pods, key);
  await waitUntil(() => /STATUS↑/.test(frame()) && selectedLine()?.includes(pod.name), {
    ...settle,
    message: 'the same pod selected after sorting by STATUS',
  });
  // A watch event renames neighbours (reorders the list); the selection follows the uid.
  store.getState().applyPodEvents(pod.cluster, [{ type: 'upsert', object: { ...pod, name: `zzz-${pod.name}` } }]);
  await waitUntil(() => selectedLine()?.includes(`zzz-${pod.name}`), { ...settle, message: 'the selection to follow the renamed pod' });
  assert.match(frame(), /zzz-/);
  ui.unmount();
});

test('/ filters the pods list live (case-insensitive, over the visible columns) and shows the count', async () => {
  const { store, ui, frame, press, waitFor } = mount({ pods: 300 });
  store.getState().setView('pods');
  await ready();
  await press('/', 'C', 'r', 'a', 's', 'h');
  assert.equal(store.getState().ui.filter.pods, 'Crash');
  await waitFor(/Pods: all clusters · 37 of 300 · \/Crash/);
  const podRows = frame()
    .split('\n')
    .filter((l) => /web-|a-really/.test(l));
  assert.ok(podRows.length > 0 && podRows.every((l) => /CrashLoopBackOff/.test(l)));
  await press('\r');
  await press('\u001B');
  assert.equal(store.getState().ui.filter.pods, '');
  ui.unmount();
});

test('> < cycle the sort column and = reverses it; the header marks it', async () => {
  const { store, ui, frame, press, waitFor } = mount({ pods: 100 });
  store.getState().setView('pods');
  await ready();
  await press('>');
  assert.deepEqual(store.getState().ui.sort.pods, { column: 'cluster', descending: false });
  await waitFor(/CLUSTER↑/);
  await press('>', '>', '>', '>', '>');
  assert.equal(store.getState().ui.sort.pods?.column, 'restarts');
  await press('=');
  assert.deepEqual(store.getState().ui.sort.pods, { column: 'restarts', descending: true });
  // The frame follows the store within Ink's frame throttle: wait for it, not a fixed tick.
  await waitFor(/RESTAR\S*↓/);
  const first = frame()
    .split('\n')
    .find((l) => /web-|a-really/.test(l));
  assert.match(first ?? '', /CrashLoopBackOff\s+17/);
  await press('<');
  assert.equal(store.getState().ui.sort.pods?.column, 'status');
  ui.unmount();
});
