// `helm upgrade --install` / `helm install`: render, create the namespace, create or update each
// object, record the revision (the previous one superseded), create what the chart's software
// would, then with --wait poll until every Deployment / StatefulSet / DaemonSet is ready.
import { sleep } from '../../util/sleep.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { isPlainObject, mergeValues, type Values } from './chart.js';
import { findChart } from './charts/index.js';
import { KubeError, type KubeApi, type ApiObject } from './kube-api.js';
import type { KubeObject } from './objects.js';
import { releaseRecord, renderChart } from './render.js';
import type { ReleaseStore } from './storage.js';
import { helmTime, type HelmRelease } from './release.js';

export class HelmError extends Error {}

export interface InstallRequest {
  release: string;
  chartRef: string;
  repo: string | undefined;
  version: string | undefined;
  namespace: string;
  createNamespace: boolean;
  valuesFiles: string[];
  sets: string[];
  wait: boolean;
  timeoutMs: number;
  /** true: `helm install` (fails when the release exists). */
  installOnly: boolean;
  upgradeInstall: boolean;
  description: string | undefined;
  log: (line: string) => void;
  warn: (line: string) => void;
  /** Aborted on SIGINT/SIGTERM: helm cancels its context and records the revision failed. */
  signal?: AbortSignal | undefined;
}

/** -f files: YAML mappings (an empty file is no values). */
export function readValuesFiles(files: readonly string[]): Values {
  let out: Values = {};
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      throw new HelmError(`open ${f}: no such file or directory`);
    }
    const doc: unknown = parse(text);
    if (doc === null || doc === undefined) continue;
    if (!isPlainObject(doc))
      throw new HelmError(
        `failed to parse ${f}: error unmarshaling JSON: json: cannot unmarshal into Go value of type map[string]interface {}`,
      );
    out = mergeValues(out, doc);
  }
  return out;
}

/** --set a.b=c,d=e (numbers and booleans typed as helm's strvals does). */
export function applySets(values: Values, sets: readonly string[], asString: boolean): Values {
  let out = values;
  for (const set of sets) {
    for (const pair of set.split(',')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new HelmError(`failed parsing --set data: key "${pair}" has no value`);
      const path = pair.slice(0, eq).split('.');
      const raw = pair.slice(eq + 1);
      const value: unknown = asString
        ? raw
        : raw === 'true'
          ? true
          : raw === 'false'
            ? false
            : raw === 'null'
              ? null
              : /^-?\d+$/.test(raw)
                ? Number(raw)
                : raw;
      let patch: unknown = value;
      for (const key of [...path].reverse()) patch = { [key]: patch };
      out = mergeValues(out, patch as Values);
    }
  }
  return out;
}

const workloadStatus = z.looseObject({
  metadata: z.looseObject({ generation: z.number().optional() }),
  spec: z.looseObject({ replicas: z.number().optional() }).optional(),
  status: z
    .looseObject({
      observedGeneration: z.number().optional(),
      replicas: z.number().optional(),
      readyReplicas: z.number().optional(),
      availableReplicas: z.number().optional(),
      updatedReplicas: z.number().optional(),
      desiredNumberScheduled: z.number().optional(),
      numberReady: z.number().optional(),
      updatedNumberScheduled: z.number().optional(),
    })
    .optional(),
});

/** helm's ReadyChecker for the kinds our charts have; a reason when not ready. */
export function notReady(kind: string, o: ApiObject): string | undefined {
  const w = workloadStatus.parse(o);
  const st = w.status ?? {};
  if (w.metadata.generation !== undefined && (st.observedGeneration ?? 0) < w.metadata.generation) return 'generation not observed yet';
  const want = w.spec?.replicas ?? 1;
  if (kind === 'Deployment')
    return (st.availableReplicas ?? 0) >= want && (st.updatedReplicas ?? 0) >= want
      ? undefined
      : `${st.availableReplicas ?? 0} of ${want} replicas available`;
  if (kind === 'StatefulSet') return (st.readyReplicas ?? 0) >= want ? undefined : `${st.readyReplicas ?? 0} of ${want} replicas ready`;
  if (kind === 'DaemonSet') {
    const desired = st.desiredNumberScheduled;
    if (desired === undefined) return 'not scheduled yet';
    return (st.numberReady ?? 0) >= desired ? undefined : `${st.numberReady ?? 0} of ${desired} pods ready`;
  }
  return undefined;
}

const KEEP_ON_UPDATE: Record<string, (existing: ApiObject, next: KubeObject) => KubeObject> = {
  // clusterIP is immutable and allocated by the server; keep what it gave.
  Service: (e, n) => {
    const spec = z
      .looseObject({ clusterIP: z.string().optional(), clusterIPs: z.array(z.string()).optional() })
      .safeParse((e as Record<string, unknown>).spec);
    if (!spec.success || !isPlainObject(n.spec)) return n;
    return {
      ...n,
      spec: {
        ...n.spec,
        ...(spec.data.clusterIP ? { clusterIP: spec.data.clusterIP } : {}),
        ...(spec.data.clusterIPs ? { clusterIPs: spec.data.clusterIPs } : {}),
      },
    };
  },
};

async function applyObject(api: KubeApi, o: KubeObject, keepData: boolean, req: InstallRequest): Promise<'created' | 'configured'> {
  for (let attempt = 0; ; attempt++) {
    try {
      await api.create(o);
      if (o.kind === 'CustomResourceDefinition') api.learnCrd(o);
      return 'created';
    } catch (err) {
      if (err instanceof KubeError && err.status === 409) break;
      // A custom resource right after its CRD: the API may not serve it yet.
      if (err instanceof KubeError && err.isNotFound && attempt < 20) {
        await sleep(250);
        continue;
      }
      throw err;
    }
  }
  const existing = await api.get(o);
  if (!existing) return applyObject(api, o, keepData, req);
  const a = existing.metadata.annotations ?? {};
  if (a['meta.helm.sh/release-name'] !== req.release || a['meta.helm.sh/release-namespace'] !== req.namespace) {
    // Real helm refuses ("invalid ownership metadata") unless --take-ownership; the demo lab's
    // seeded objects have no helm metadata, so the stand-in adopts them and says so.
    req.warn(
      `WARNING: ${o.kind} "${o.metadata.name}"${o.metadata.namespace ? ` in namespace "${o.metadata.namespace}"` : ''} exists without release ownership metadata; taking ownership for release "${req.release}"`,
    );
  }
  let next: KubeObject = {
    ...o,
    metadata: { ...o.metadata, ...(existing.metadata.resourceVersion ? { resourceVersion: existing.metadata.resourceVersion } : {}) },
  };
  next = KEEP_ON_UPDATE[o.kind]?.(existing, next) ?? next;
  if (keepData && o.kind === 'Secret') {
    const data = z.looseObject({ data: z.record(z.string(), z.string()).optional() }).parse(existing).data;
    if (data) next = { ...next, data: { ...(isPlainObject(next.data) ? next.data : {}), ...data } };
  }
  await api.replace(next);
  if (o.kind === 'CustomResourceDefinition') api.learnCrd(o);
  return 'configured';
}

async function ensureNamespace(api: KubeApi, name: string, create: boolean): Promise<void> {
  const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
  if (await api.get(ns)) return;
  if (!create) throw new HelmError(`create: failed to create: namespaces "${name}" not found`);
  try {
    await api.create({ ...ns, metadata: { name, labels: { name } } });
  } catch (err) {
    if (!(err instanceof KubeError && err.status === 409)) throw err;
  }
}

class Canceled extends Error {
  constructor() {
    super('context canceled');
  }
}

function checkCanceled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Canceled();
}

async function waitReady(api: KubeApi, objects: readonly KubeObject[], deadline: number, signal: AbortSignal | undefined): Promise<void> {
  const workloads = objects.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind));
  let pending = workloads;
  for (;;) {
    const still: KubeObject[] = [];
    for (const w of pending) {
      const live = await api.get(w);
      if (!live || notReady(w.kind, live) !== undefined) still.push(w);
    }
    if (still.length === 0) return;
    pending = still;
    checkCanceled(signal);
    if (Date.now() >= deadline) throw new HelmError('context deadline exceeded');
    await sleep(Math.min(Number(process.env.HELM_STANDIN_POLL_MS ?? 500), Math.max(1, deadline - Date.now())), signal);
    checkCanceled(signal);
  }
}

export async function install(api: KubeApi, store: ReleaseStore, req: InstallRequest): Promise<HelmRelease> {
  const candidates = findChart(req.chartRef, req.repo);
  if (candidates.length === 0) {
    throw new HelmError(
      req.repo ? `chart "${req.chartRef}" not found in ${req.repo} repository` : `repo ${req.chartRef.split('/')[0]} not found`,
    );
  }
  const chart = req.version ? candidates.find((c) => c.metadata.version === req.version) : candidates[0];
  if (!chart)
    throw new HelmError(`chart "${req.chartRef}" version "${req.version}" not found in ${req.repo ?? 'the repository'} repository`);

  const history = await store.history(req.namespace, req.release);
  const last = history.at(-1);
  const installing = last === undefined || last.info.status === 'uninstalled';
  // helm install wraps its errors in "INSTALLATION FAILED", helm upgrade in "UPGRADE FAILED";
  // upgrade --install of a new release returns the install action's error as it is.
  const prefix = req.installOnly ? 'INSTALLATION FAILED: ' : installing ? '' : 'UPGRADE FAILED: ';
  if (req.installOnly && last && last.info.status !== 'uninstalled')
    throw new HelmError(`INSTALLATION FAILED: cannot re-use a name that is still in use`);
  if (!req.installOnly && installing && !req.upgradeInstall)
    throw new HelmError(`UPGRADE FAILED: "${req.release}" has no deployed releases`);
  if (!req.installOnly && installing) req.log(`Release "${req.release}" does not exist. Installing it now.`);
  // action.Upgrade: a pending last revision is another helm at work (errPending).
  if (!installing && last.info.status.startsWith('pending'))
    throw new HelmError(`${prefix}another operation (install/upgrade/rollback) is in progress`);
  // The revision an upgrade replaces: the deployed one, else a last one that failed or was superseded.
  const current = installing
    ? undefined
    : ([...history].reverse().find((r) => r.info.status === 'deployed') ??
      (last.info.status === 'failed' || last.info.status === 'superseded' ? last : undefined));

  const userValues = applySets(readValuesFiles(req.valuesFiles), req.sets, false);
  let rendered;
  try {
    rendered = renderChart(chart, req.release, req.namespace, userValues);
  } catch (err) {
    throw new HelmError(`${prefix}${(err as Error).message}`);
  }
  await ensureNamespace(api, req.namespace, req.createNamespace || installing === false);

  const revision = (last?.version ?? 0) + 1;
  const deadline = Date.now() + req.timeoutMs;
  const firstDeployed = installing ? undefined : last.info.first_deployed;
  const pending = releaseRecord(rendered, userValues, {
    revision,
    status: installing ? 'pending-install' : 'pending-upgrade',
    ...(firstDeployed ? { firstDeployed } : {}),
    ...(req.description ? { description: req.description } : {}),
  });
  await store.create(pending);

  const fail = async (message: string): Promise<never> => {
    await store.update({
      ...pending,
      info: { ...pending.info, status: 'failed', description: `${installing ? 'Release' : 'Upgrade'} "${req.release}" failed: ${message}` },
    });
    throw new HelmError(`${prefix}${message}`);
  };
  try {
    const keep = new Set(chart.keepSecretData ?? []);
    for (const o of rendered.objects) {
      checkCanceled(req.signal);
      await applyObject(api, o, keep.has(o.metadata.name), req);
    }
    // Objects of the replaced revision that this one no longer renders are deleted, as helm does.
    if (current) {
      const now = new Set(rendered.objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`));
      for (const old of manifestObjects(current.manifest ?? ''))
        if (!now.has(`${old.kind}/${old.metadata.namespace ?? ''}/${old.metadata.name}`)) await api.delete(old);
    }
    // What the chart's software creates once it runs; left as it is when already there.
    for (const o of rendered.runtime) {
      try {
        await api.create(o);
      } catch (err) {
        if (!(err instanceof KubeError && err.status === 409)) throw err;
      }
    }
  } catch (err) {
    return fail(err instanceof KubeError ? err.message.replace(/^[^:]*: /, '') : (err as Error).message);
  }
  if (req.wait) {
    try {
      await waitReady(api, rendered.objects, deadline, req.signal);
    } catch (err) {
      return fail((err as Error).message);
    }
  }
  const deployed: HelmRelease = { ...pending, info: { ...pending.info, status: 'deployed', last_deployed: helmTime() } };
  if (!installing) req.log(`Release "${req.release}" has been upgraded. Happy Helming!`);
  await store.update(deployed);
  // Only the replaced revision becomes superseded; older failed ones stay failed.
  if (current && current.info.status !== 'superseded') await store.update({ ...current, info: { ...current.info, status: 'superseded' } });
  return deployed;
}

const manifestObject = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.looseObject({ name: z.string(), namespace: z.string().optional() }),
});

/** The objects a stored manifest lists (for upgrade pruning and uninstall). */
export function manifestObjects(manifest: string): KubeObject[] {
  return manifest
    .split(/^---$/m)
    .map((doc) => parse(doc) as unknown)
    .flatMap((d) => {
      const r = manifestObject.safeParse(d);
      return r.success ? [r.data as KubeObject] : [];
    });
}
