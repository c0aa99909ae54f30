// A stand-in `helm` (3.x command lines) for the demo lab: it renders the pinned charts from the
// catalog in ./charts and acts through the cluster API named by --kubeconfig, storing releases
// as helm's secrets driver does, so the real helm can read them. Errors are `Error: …` on
// stderr with exit 1, as helm prints them. Only the kubeconfig's server is ever contacted.
import { parseArgs, flag, flagAll, flagBool, parseDuration, UsageError, type Parsed } from './args.js';
import { HelmError, install, manifestObjects } from './install.js';
import { KubeApi, KubeError } from './kube-api.js';
import { ansic, encode, listRow, statusText, table } from './output.js';
import { ReleaseStore } from './storage.js';
import { helmTime, type HelmRelease } from './release.js';

const VERSION = 'v3.17.2';
const out = (s: string): void => void process.stdout.write(s);
const err = (s: string): void => void process.stderr.write(s);

function outputFormat(p: Parsed, allowed: readonly string[] = ['table', 'json', 'yaml']): string {
  const o = flag(p, 'output') ?? 'table';
  if (!allowed.includes(o)) throw new UsageError(`invalid argument "${o}" for "-o, --output" flag: invalid format type`);
  return o;
}

function kubeconfigPath(p: Parsed): string {
  const k = flag(p, 'kubeconfig') ?? process.env.KUBECONFIG?.split(':')[0];
  if (!k)
    throw new HelmError(
      'Kubernetes cluster unreachable: no --kubeconfig given and KUBECONFIG is not set (the stand-in does not read ~/.kube/config)',
    );
  return k;
}

function namespaceOf(p: Parsed): string {
  return flag(p, 'namespace') ?? process.env.HELM_NAMESPACE ?? 'default';
}

async function withApi<T>(p: Parsed, fn: (api: KubeApi, store: ReleaseStore) => Promise<T>): Promise<T> {
  const api = await KubeApi.connect(kubeconfigPath(p), flag(p, 'kube-context'));
  try {
    return await fn(api, new ReleaseStore(api));
  } finally {
    api.close();
  }
}

async function findRelease(store: ReleaseStore, ns: string, name: string, revision?: string): Promise<HelmRelease> {
  const history = await store.history(ns, name);
  const rel = revision
    ? history.find((r) => String(r.version) === revision)
    : history.filter((r) => r.info.status !== 'uninstalled').at(-1);
  if (!rel) throw new HelmError(revision ? 'release: revision not found' : 'release: not found');
  return rel;
}

async function run(argv: readonly string[]): Promise<number> {
  const p = parseArgs(argv);
  switch (p.command) {
    case 'version': {
      const short = flagBool(p, 'short');
      out(
        short
          ? `${VERSION}+gstandin\n`
          : `version.BuildInfo{Version:"${VERSION}", GitCommit:"k8slab-standin", GitTreeState:"clean", GoVersion:"go1.23.7"}\n`,
      );
      return 0;
    }
    case 'upgrade':
    case 'install': {
      const [release = '', chartRef = ''] = p.positionals;
      const format = outputFormat(p);
      const timeout = flag(p, 'timeout');
      // helm cancels its context on SIGINT/SIGTERM: the revision is recorded failed, not left pending.
      const cancel = new AbortController();
      const onSignal = (): void => {
        out(`Release ${p.positionals[0] ?? ''} has been cancelled.\n`);
        cancel.abort();
      };
      process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
      const rel = await withApi(p, (api, store) =>
        install(api, store, {
          release,
          chartRef,
          repo: flag(p, 'repo'),
          version: flag(p, 'version'),
          namespace: namespaceOf(p),
          createNamespace: flagBool(p, 'create-namespace'),
          valuesFiles: flagAll(p, 'values'),
          sets: flagAll(p, 'set'),
          wait: flagBool(p, 'wait') || flagBool(p, 'atomic'),
          timeoutMs: timeout ? parseDuration(timeout) : 300_000,
          installOnly: p.command === 'install',
          upgradeInstall: p.command === 'upgrade' && flagBool(p, 'install'),
          description: flag(p, 'description'),
          log: (line) => format === 'table' && out(`${line}\n`),
          warn: (line) => err(`${line}\n`),
          signal: cancel.signal,
        }),
      ).finally(() => {
        process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      });
      if (format === 'table') out(statusText(rel));
      else out(encode(format as 'json' | 'yaml', rel));
      return 0;
    }
    case 'status': {
      const format = outputFormat(p);
      const rel = await withApi(p, (_api, store) => findRelease(store, namespaceOf(p), p.positionals[0] ?? '', flag(p, 'revision')));
      // helm status drops the chart from the release it prints (rel.Chart = nil; omitempty)
      const { chart: _chart, ...shown } = rel;
      if (format === 'table') out(statusText(rel, flagBool(p, 'show-desc')));
      else out(encode(format as 'json' | 'yaml', shown));
      return 0;
    }
    case 'list': {
      const format = outputFormat(p);
      const all = flagBool(p, 'all-namespaces');
      const rows = await withApi(p, async (_api, store) => {
        const revisions = await store.all(all ? undefined : namespaceOf(p));
        const latest = new Map<string, HelmRelease>();
        for (const r of revisions) {
          const key = `${r.namespace}/${r.name}`;
          const prev = latest.get(key);
          if (!prev || prev.version < r.version) latest.set(key, r);
        }
        const want = new Set(['deployed', 'superseded', 'failed', 'uninstalled', 'pending'].filter((s) => flagBool(p, s)));
        const shown = [...latest.values()].filter((r) => {
          if (flagBool(p, 'all')) return true;
          if (want.size === 0) return r.info.status === 'deployed' || r.info.status === 'failed';
          return want.has(r.info.status.startsWith('pending') ? 'pending' : r.info.status);
        });
        const filter = flag(p, 'filter');
        return shown.filter((r) => !filter || new RegExp(filter).test(r.name)).sort((a, b) => a.name.localeCompare(b.name));
      });
      if (flagBool(p, 'short')) out(rows.map((r) => `${r.name}\n`).join(''));
      else if (format === 'table')
        out(
          table([
            ...(flagBool(p, 'no-headers') ? [] : [['NAME', 'NAMESPACE', 'REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION']]),
            ...rows.map((r) => Object.values(listRow(r))),
          ]),
        );
      else out(encode(format as 'json' | 'yaml', rows.map(listRow)));
      return 0;
    }
    case 'history': {
      const format = outputFormat(p);
      const history = await withApi(p, (_api, store) => store.history(namespaceOf(p), p.positionals[0] ?? ''));
      if (history.length === 0) throw new HelmError('release: not found');
      const rows = history.map((r) => ({
        revision: r.version,
        updated: r.info.last_deployed ?? '',
        status: r.info.status,
        chart: `${r.chart.metadata.name}-${r.chart.metadata.version}`,
        app_version: r.chart.metadata.appVersion ?? '',
        description: r.info.description ?? '',
      }));
      if (format === 'table')
        out(
          table([
            ['REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION', 'DESCRIPTION'],
            ...rows.map((r) => [String(r.revision), ansic(r.updated), r.status, r.chart, r.app_version, r.description]),
          ]),
        );
      else out(encode(format as 'json' | 'yaml', rows));
      return 0;
    }
    case 'uninstall': {
      const name = p.positionals[0] ?? '';
      const ns = namespaceOf(p);
      await withApi(p, async (api, store) => {
        const history = await store.history(ns, name);
        const last = history.at(-1);
        if (!last || last.info.status === 'uninstalled') {
          if (flagBool(p, 'ignore-not-found')) return;
          throw new HelmError(`uninstall: Release not loaded: ${name}: release: not found`);
        }
        // Reverse install order; CRDs annotated helm.sh/resource-policy: keep stay, as helm leaves them.
        for (const o of manifestObjects(last.manifest ?? '').reverse()) {
          const ann = (o.metadata.annotations ?? {}) as Record<string, string>;
          if (ann['helm.sh/resource-policy'] === 'keep') continue;
          await api.delete(o);
        }
        if (flagBool(p, 'keep-history')) {
          await store.update({
            ...last,
            info: { ...last.info, status: 'uninstalled', deleted: helmTime(), description: 'Uninstallation complete' },
          });
        } else {
          for (const r of history) await store.delete(r);
        }
      });
      out(`release "${name}" uninstalled\n`);
      return 0;
    }
    case 'get values': {
      const format = outputFormat(p);
      const rel = await withApi(p, (_api, store) => findRelease(store, namespaceOf(p), p.positionals[0] ?? '', flag(p, 'revision')));
      const values = flagBool(p, 'all') ? { ...(rel.chart.values ?? {}), ...(rel.config ?? {}) } : (rel.config ?? {});
      if (format === 'table')
        out(
          `${flagBool(p, 'all') ? 'COMPUTED VALUES' : 'USER-SUPPLIED VALUES'}:\n${Object.keys(values).length === 0 ? 'null\n' : encode('yaml', values)}`,
        );
      else out(encode(format as 'json' | 'yaml', values));
      return 0;
    }
    case 'get manifest': {
      const rel = await withApi(p, (_api, store) => findRelease(store, namespaceOf(p), p.positionals[0] ?? '', flag(p, 'revision')));
      out(`${rel.manifest ?? ''}\n`);
      return 0;
    }
    case 'get notes': {
      const rel = await withApi(p, (_api, store) => findRelease(store, namespaceOf(p), p.positionals[0] ?? '', flag(p, 'revision')));
      out(`NOTES:\n${rel.info.notes ?? ''}\n`);
      return 0;
    }
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (e) {
    if (e instanceof UsageError || e instanceof HelmError) err(`Error: ${e.message}\n`);
    else if (e instanceof KubeError)
      err(
        `Error: ${e.kind === 'network' || e.kind === 'timeout' || e.kind === 'config' ? `Kubernetes cluster unreachable: ${e.message}` : e.message}\n`,
      );
    else err(`Error: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  }
}

// Run as a program (the bundle, or tsx on this file), not when imported by tests.
const entry = process.argv[1] ?? '';
if (/helm-standin\.(ts|js|mjs)$/.test(entry)) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
