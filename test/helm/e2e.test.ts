// The helm stand-in end to end: a freshly kubeadm'ed simulated cluster per role (nodes and
// control-plane pods only), every helm release the catalog gives that role installed through the
// bundled stand-in exactly as the install phases run helm, then read back by the REAL helm 3 and
// kubectl binaries: releases, revisions, Services and their NodePorts, CRDs, ready workloads,
// and uninstall. One cluster per role, shared by the tests of that role (they run in order).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { clusterRole, masterOf, type ClusterRole } from '../../src/config/schema.js';
import { INSTALL_STEPS, loadVersions, renderManifest, varsForCluster, type HelmStep } from '../../src/manifests/index.js';
import { helmUpgradeArgs } from '../../src/phases/cluster-ops.js';
import { prepareHelmStandin } from '../../src/sim/helm/standin-build.js';
import { clusterSpec, requireKubectl, startSimCluster, type SimCluster } from '../kube/helpers.js';
import { helm, realHelm, type Run } from './helpers.js';
import { waitFor } from '../helpers/wait.js';

const VERSIONS = loadVersions();
// Go prints times in the local zone; the stand-in in UTC. Both run with TZ=UTC here.
const UTC = { TZ: 'UTC' };

function exec(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 64 << 20, env: { ...process.env, ...UTC, ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const helmSteps = (role: ClusterRole): HelmStep[] =>
  INSTALL_STEPS.filter((s): s is HelmStep => s.kind === 'helm' && s.roles.includes(role));

// What the real helm and kubectl print, read through schemas.
const listSchema = z.array(
  z.object({
    name: z.string(),
    namespace: z.string(),
    revision: z.string(),
    status: z.string(),
    chart: z.string(),
    app_version: z.string(),
  }),
);
const statusSchema = z.looseObject({
  name: z.string(),
  namespace: z.string(),
  version: z.number(),
  info: z.looseObject({ status: z.string(), description: z.string(), first_deployed: z.string(), last_deployed: z.string() }),
  manifest: z.string(),
});
const historySchema = z.array(
  z.object({ revision: z.number(), status: z.string(), chart: z.string(), app_version: z.string(), description: z.string() }),
);
const itemMeta = z.looseObject({
  name: z.string(),
  namespace: z.string().optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  labels: z.record(z.string(), z.string()).optional(),
});
const serviceList = z.looseObject({
  items: z.array(
    z.looseObject({
      metadata: itemMeta,
      spec: z.looseObject({
        type: z.string(),
        ports: z.array(z.looseObject({ name: z.string().optional(), port: z.number(), nodePort: z.number().optional() })),
      }),
    }),
  ),
});
const workloadList = z.looseObject({
  items: z.array(
    z.looseObject({
      kind: z.string(),
      metadata: itemMeta,
      spec: z.looseObject({ replicas: z.number().optional() }),
      status: z
        .looseObject({
          availableReplicas: z.number().optional(),
          readyReplicas: z.number().optional(),
          desiredNumberScheduled: z.number().optional(),
          numberReady: z.number().optional(),
        })
        .optional(),
    }),
  ),
});
const nameList = z.looseObject({ items: z.array(z.looseObject({ metadata: itemMeta })) });

/** A role's cluster, the stand-in on a bin/ as a lab has it, and the rendered values files. */
class Lab {
  private constructor(
    readonly name: string,
    readonly role: ClusterRole,
    readonly cluster: SimCluster,
    readonly helmBin: string,
    readonly dir: string,
  ) {}

  static async start(name: string): Promise<Lab> {
    realHelm();
    requireKubectl();
    const spec = clusterSpec(name);
    const role = clusterRole(spec);
    assert.ok(role, `${name} has a role`);
    const cluster = await startSimCluster(name, { workloads: false });
    const dir = mkdtempSync(join(tmpdir(), `k8slab-helm-e2e-${name}-`));
    const { helmPath } = await prepareHelmStandin(join(dir, 'bin'));
    return new Lab(name, role, cluster, helmPath, dir);
  }

  get kubeconfig(): string {
    return this.cluster.server.kubeconfigPath;
  }

  /** The stand-in as the lab's PATH gives it. */
  standin(args: string[]): Promise<Run> {
    return exec(this.helmBin, args);
  }

  /** The real helm 3 against the same cluster. */
  real(args: string[]): Promise<Run> {
    return helm([...args, '--kubeconfig', this.kubeconfig], UTC);
  }

  async kubectl(args: string[]): Promise<Run> {
    return this.cluster.kubectl(args, 60_000);
  }

  async kubectlJson<S extends z.ZodType>(args: string[], schema: S): Promise<z.infer<S>> {
    const r = await this.kubectl([...args, '-o', 'json']);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return schema.parse(JSON.parse(r.stdout)) as z.infer<S>;
  }

  /** The step's values file rendered as the phases render it (the master's address from the cluster). */
  valuesFile(step: HelmStep): string | undefined {
    if (!step.values) return undefined;
    const spec = clusterSpec(this.name);
    const master = this.cluster.state.get('nodes', undefined, masterOf(spec).name);
    const ip = master?.status.addresses.find((a) => a.type === 'InternalIP')?.address;
    assert.ok(ip, 'the master has an InternalIP');
    const out = join(this.dir, 'rendered', step.values);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, renderManifest(step.values, varsForCluster(spec, ip)), { mode: 0o600 });
    return out;
  }

  /** cluster-ops.ts's helmInstall command line. */
  upgradeInstall(step: HelmStep): Promise<Run> {
    const pin = VERSIONS.charts[step.chart];
    const values = this.valuesFile(step);
    return this.standin(helmUpgradeArgs(step, pin, values, this.kubeconfig));
  }

  /** Every Deployment / StatefulSet / DaemonSet of a release, with what is not ready yet. */
  async unready(release: string, namespace: string): Promise<{ count: number; unready: string[] }> {
    const all = await this.kubectlJson(['get', 'deployments,statefulsets,daemonsets', '-A'], workloadList);
    const mine = all.items.filter(
      (w) =>
        w.metadata.annotations?.['meta.helm.sh/release-name'] === release &&
        w.metadata.annotations['meta.helm.sh/release-namespace'] === namespace,
    );
    const unready = mine.filter((w) => {
      const st = w.status ?? {};
      if (w.kind === 'DaemonSet') return (st.desiredNumberScheduled ?? 0) === 0 || (st.numberReady ?? 0) < (st.desiredNumberScheduled ?? 0);
      const want = w.spec.replicas ?? 1;
      return w.kind === 'Deployment' ? (st.availableReplicas ?? 0) < want : (st.readyReplicas ?? 0) < want;
    });
    return { count: mine.length, unready: unready.map((w) => `${w.kind}/${w.metadata.namespace ?? ''}/${w.metadata.name}`) };
  }

  async close(): Promise<void> {
    await this.cluster.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const statusBlock = (release: string, namespace: string, revision: number): RegExp =>
  new RegExp(
    `NAME: ${release}\\nLAST DEPLOYED: \\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}\\nNAMESPACE: ${namespace}\\nSTATUS: deployed\\nREVISION: ${revision}\\nTEST SUITE: None\\n`,
  );

/** Installs every release of the lab's role; asserts helm's output and that --wait left the workloads ready. */
async function installAll(lab: Lab): Promise<void> {
  for (const step of helmSteps(lab.role)) {
    const r = await lab.upgradeInstall(step);
    const what = `${step.release}: ${r.stderr}`;
    assert.equal(r.code, 0, what);
    assert.equal(r.stderr, '', what);
    assert.ok(r.stdout.startsWith(`Release "${step.release}" does not exist. Installing it now.\n`), r.stdout);
    assert.match(
      r.stdout,
      new RegExp(
        `^Release "${step.release}" does not exist\\. Installing it now\\.\\n${statusBlock(step.release, step.namespace, 1).source}`,
      ),
    );
    // The same block the real helm prints for the stored release.
    const real = await lab.real(['status', step.release, '-n', step.namespace]);
    assert.equal(real.code, 0, real.stderr);
    assert.equal(r.stdout, `Release "${step.release}" does not exist. Installing it now.\n${real.stdout}`);
    // --wait returned: every workload of the release is ready now.
    const w = await lab.unready(step.release, step.namespace);
    assert.deepEqual(w.unready, [], `${step.release}: not ready after --wait`);
  }
}

async function assertListed(lab: Lab): Promise<void> {
  const r = await lab.real(['list', '-A', '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const rows = listSchema.parse(JSON.parse(r.stdout));
  const want = helmSteps(lab.role).map((s) => ({
    name: s.release,
    namespace: s.namespace,
    revision: '1',
    status: 'deployed',
    chart: `${VERSIONS.charts[s.chart].chart}-${VERSIONS.charts[s.chart].version}`,
    app_version: VERSIONS.charts[s.chart].appVersion,
  }));
  const got = rows.map(({ name, namespace, revision, status, chart, app_version }) => ({
    name,
    namespace,
    revision,
    status,
    chart,
    app_version,
  }));
  assert.deepEqual(
    got,
    [...want].sort((a, b) => a.name.localeCompare(b.name)),
  );
  // The stand-in's list is the real one, field for field (updated included).
  const own = await lab.standin(['list', '-A', '--kubeconfig', lab.kubeconfig, '-o', 'json']);
  assert.equal(own.code, 0, own.stderr);
  assert.deepEqual(JSON.parse(own.stdout), JSON.parse(r.stdout));
}

async function assertCiliumStatus(lab: Lab): Promise<void> {
  const r = await lab.real(['status', 'cilium', '-n', 'kube-system', '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const real: unknown = JSON.parse(r.stdout);
  const s = statusSchema.parse(real);
  assert.equal(s.name, 'cilium');
  assert.equal(s.namespace, 'kube-system');
  assert.equal(s.version, 1);
  assert.equal(s.info.status, 'deployed');
  assert.equal(s.info.description, 'Install complete');
  // helm status prints the release without its chart; list says which chart it is.
  assert.ok(!('chart' in s), 'no chart in helm status -o json');
  assert.match(s.manifest, /^---\n# Source: cilium\/templates\//);
  assert.match(s.manifest, /\nkind: DaemonSet\nmetadata:\n {2}name: cilium\n/);
  // The stand-in's own status prints the same release.
  const own = await lab.standin(['status', 'cilium', '-n', 'kube-system', '--kubeconfig', lab.kubeconfig, '-o', 'json']);
  assert.equal(own.code, 0, own.stderr);
  const o = statusSchema.parse(JSON.parse(own.stdout));
  assert.deepEqual(JSON.parse(own.stdout), real);
  assert.equal(o.info.status, 'deployed');
}

async function assertNodePort(
  lab: Lab,
  namespace: string,
  match: (name: string) => boolean,
  portName: string,
  nodePort: number,
): Promise<void> {
  const list = await lab.kubectlJson(['get', 'svc', '-n', namespace], serviceList);
  const svc = list.items.find((s) => match(s.metadata.name));
  assert.ok(svc, `no such Service in ${namespace} (have ${list.items.map((s) => s.metadata.name).join(', ')})`);
  assert.equal(svc.spec.type, 'NodePort', svc.metadata.name);
  assert.equal(
    svc.spec.ports.find((p) => p.name === portName || String(p.port) === portName)?.nodePort,
    nodePort,
    `${svc.metadata.name} ${portName}`,
  );
}

async function crdNames(lab: Lab): Promise<string[]> {
  const r = await lab.kubectl(['get', 'crd', '-o', 'name']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => l.replace(/^customresourcedefinition\.apiextensions\.k8s\.io\//, ''));
}

async function assertSecondRevision(lab: Lab, step: HelmStep): Promise<void> {
  const r = await lab.upgradeInstall(step);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    new RegExp(`^Release "${step.release}" has been upgraded\\. Happy Helming!\\n${statusBlock(step.release, step.namespace, 2).source}`),
  );
  const h = await lab.real(['history', step.release, '-n', step.namespace, '-o', 'json']);
  assert.equal(h.code, 0, h.stderr);
  const rows = historySchema.parse(JSON.parse(h.stdout));
  const chart = `${VERSIONS.charts[step.chart].chart}-${VERSIONS.charts[step.chart].version}`;
  assert.deepEqual(
    rows.map((x) => [x.revision, x.status, x.chart, x.description]),
    [
      [1, 'superseded', chart, 'Install complete'],
      [2, 'deployed', chart, 'Upgrade complete'],
    ],
  );
}

async function assertMissing(lab: Lab): Promise<void> {
  const r = await lab.standin(['status', 'missing', '-n', 'x', '--kubeconfig', lab.kubeconfig, '-o', 'json']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'Error: release: not found\n');
  // the real helm says the same
  const real = await lab.real(['status', 'missing', '-n', 'x', '-o', 'json']);
  assert.equal(real.code, 1);
  assert.equal(real.stderr, 'Error: release: not found\n');
}

/** The manifest's objects as `kubectl get` names them (kind.group/name), by namespace. */
function manifestRefs(manifest: string): { ns: string | undefined; ref: string }[] {
  return parseAllDocuments(manifest)
    .map((d) =>
      z
        .looseObject({
          apiVersion: z.string(),
          kind: z.string(),
          metadata: z.looseObject({ name: z.string(), namespace: z.string().optional() }),
        })
        .safeParse(d.toJS()),
    )
    .flatMap((r) => (r.success ? [r.data] : []))
    .map((o) => {
      const group = o.apiVersion.includes('/') ? `.${o.apiVersion.split('/')[0] ?? ''}` : '';
      return { ns: o.metadata.namespace, ref: `${o.kind.toLowerCase()}${group}/${o.metadata.name}` };
    });
}

async function assertUninstall(lab: Lab, step: HelmStep): Promise<void> {
  const status = await lab.real(['status', step.release, '-n', step.namespace, '-o', 'json']);
  assert.equal(status.code, 0, status.stderr);
  const refs = manifestRefs(statusSchema.parse(JSON.parse(status.stdout)).manifest);
  assert.ok(refs.length > 0);
  // There before.
  for (const { ns, ref } of refs) {
    const r = await lab.kubectl(['get', ref, ...(ns ? ['-n', ns] : []), '-o', 'name']);
    assert.equal(r.code, 0, `${ref} before uninstall: ${r.stderr}`);
  }
  const u = await lab.standin(['uninstall', step.release, '-n', step.namespace, '--kubeconfig', lab.kubeconfig]);
  assert.equal(u.code, 0, u.stderr);
  assert.equal(u.stdout, `release "${step.release}" uninstalled\n`);
  for (const { ns, ref } of refs) {
    const r = await lab.kubectl(['get', ref, ...(ns ? ['-n', ns] : []), '--ignore-not-found', '-o', 'name']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '', `${ref} still there after uninstall`);
  }
  const secrets = await lab.kubectlJson(['get', 'secrets', '-n', step.namespace, '-l', `owner=helm,name=${step.release}`], nameList);
  assert.deepEqual(
    secrets.items.map((s) => s.metadata.name),
    [],
  );
  const list = await lab.real(['list', '-A', '-o', 'json']);
  assert.equal(list.code, 0, list.stderr);
  const names = listSchema.parse(JSON.parse(list.stdout)).map((r) => r.name);
  assert.ok(!names.includes(step.release), `helm list still shows ${step.release}`);
  assert.deepEqual(
    names,
    helmSteps(lab.role)
      .map((s) => s.release)
      .filter((n) => n !== step.release)
      .sort(),
  );
  const again = await lab.real(['status', step.release, '-n', step.namespace]);
  assert.equal(again.code, 1);
  assert.equal(again.stderr, 'Error: release: not found\n');
  // The workloads' pods go with their owners (garbage collection, background propagation).
  let left: string[] = [];
  await waitFor(
    async () => {
      left = (
        await lab.kubectlJson(['get', 'pods', '-n', step.namespace, '-l', `app.kubernetes.io/instance=${step.release}`], nameList)
      ).items.map((p) => p.metadata.name);
      return left.length === 0;
    },
    { timeoutMs: 15_000, intervalMs: 250, message: () => `the pods of ${step.release} to go; still there: ${left.join(', ')}` },
  );
}

const stepOf = (role: ClusterRole, release: string): HelmStep => {
  const s = helmSteps(role).find((x) => x.release === release);
  assert.ok(s, `${role} has no release ${release}`);
  return s;
};

describe('platform: every platform release through the stand-in, read back by helm and kubectl', { concurrency: false }, () => {
  let lab: Lab;
  before(async () => {
    lab = await Lab.start('platform');
  });
  after(async () => {
    await lab.close();
  });

  test("upgrade --install of cilium, kube-prometheus-stack, loki, jenkins, argocd: exit 0, helm's output, ready workloads", async () => {
    assert.deepEqual(
      helmSteps('platform').map((s) => s.release),
      ['cilium', 'kube-prometheus-stack', 'loki', 'jenkins', 'argocd'],
    );
    await installAll(lab);
  });

  test('the real helm lists every release deployed with its chart and app version; status cilium agrees', async () => {
    await assertListed(lab);
    await assertCiliumStatus(lab);
  });

  test('kubectl: Hubble Relay on NodePort 31234, Alertmanager on 30903, Grafana on 30300, the CRDs', async () => {
    await assertNodePort(lab, 'kube-system', (n) => n === 'hubble-relay', '80', 31234);
    await assertNodePort(lab, 'monitoring', (n) => n.endsWith('-alertmanager'), 'http-web', 30903);
    await assertNodePort(lab, 'monitoring', (n) => n.endsWith('-grafana'), 'http-web', 30300);
    const crds = await crdNames(lab);
    for (const c of [
      'ciliumnetworkpolicies.cilium.io',
      'prometheusrules.monitoring.coreos.com',
      'servicemonitors.monitoring.coreos.com',
      'applications.argoproj.io',
    ])
      assert.ok(crds.includes(c), `${c} in ${crds.join(' ')}`);
    assert.ok(!crds.includes('virtualservices.networking.istio.io'), 'no Istio on platform');
    // The operator-made StatefulSets are ready too.
    const sts = await lab.kubectlJson(['get', 'statefulsets', '-n', 'monitoring'], workloadList);
    for (const n of ['alertmanager-kube-prometheus-stack-alertmanager', 'prometheus-kube-prometheus-stack-prometheus']) {
      const s = sts.items.find((x) => x.metadata.name === n);
      assert.ok(s, n);
      assert.equal(s.status?.readyReplicas, s.spec.replicas ?? 1, n);
    }
  });

  test('a second upgrade --install makes revision 2 (1 superseded) and keeps the generated admin password', async () => {
    const secret = z.looseObject({ data: z.record(z.string(), z.string()) });
    const before = await lab.kubectlJson(['get', 'secret', 'jenkins', '-n', 'jenkins'], secret);
    await assertSecondRevision(lab, stepOf('platform', 'jenkins'));
    const after = await lab.kubectlJson(['get', 'secret', 'jenkins', '-n', 'jenkins'], secret);
    assert.deepEqual(after.data, before.data);
  });

  test('status of a missing release: exit 1, Error: release: not found', async () => {
    await assertMissing(lab);
  });

  test('uninstall loki removes its objects, its pods and its release secrets', async () => {
    await assertUninstall(lab, stepOf('platform', 'loki'));
  });
});

describe('dev: cilium, metrics-server, istio-base, istiod through the stand-in', { concurrency: false }, () => {
  let lab: Lab;
  before(async () => {
    lab = await Lab.start('dev');
  });
  after(async () => {
    await lab.close();
  });

  test("upgrade --install of every dev release: exit 0, helm's output, ready workloads", async () => {
    assert.deepEqual(
      helmSteps('dev').map((s) => s.release),
      ['cilium', 'metrics-server', 'istio-base', 'istiod'],
    );
    await installAll(lab);
  });

  test('the real helm lists them; status cilium agrees; kubectl shows Hubble Relay on 31234 and the CRDs', async () => {
    await assertListed(lab);
    await assertCiliumStatus(lab);
    await assertNodePort(lab, 'kube-system', (n) => n === 'hubble-relay', '80', 31234);
    const crds = await crdNames(lab);
    for (const c of [
      'ciliumnetworkpolicies.cilium.io',
      'virtualservices.networking.istio.io',
      'destinationrules.networking.istio.io',
      'peerauthentications.security.istio.io',
    ])
      assert.ok(crds.includes(c), `${c} in ${crds.join(' ')}`);
    // kube-prometheus-stack is a platform release: its CRDs are not on dev.
    assert.ok(!crds.includes('prometheusrules.monitoring.coreos.com'), 'no monitoring CRDs on dev');
  });

  test('a second upgrade --install of istiod: revision 1 superseded, 2 deployed', async () => {
    await assertSecondRevision(lab, stepOf('dev', 'istiod'));
  });

  test('status of a missing release: exit 1, Error: release: not found', async () => {
    await assertMissing(lab);
  });

  test('uninstall metrics-server removes its objects and its release secrets', async () => {
    await assertUninstall(lab, stepOf('dev', 'metrics-server'));
  });

  test('--wait waits: nowhere to schedule → deadline exceeded, then a SIGTERM cancels, then it deploys once the worker is back', async () => {
    const step = stepOf('dev', 'metrics-server');
    const pin = VERSIONS.charts[step.chart];
    const values = lab.valuesFile(step) ?? '';
    const args = (timeout: string): string[] => helmUpgradeArgs(step, pin, values, lab.kubeconfig, timeout);
    // The master is tainted; with the only worker cordoned the Deployment's pod cannot be placed.
    const cordon = await lab.kubectl(['cordon', 'dev-worker1']);
    assert.equal(cordon.code, 0, cordon.stderr);
    const started = Date.now();
    const timedOut = await lab.standin(args('3s'));
    assert.equal(timedOut.code, 1);
    assert.ok(Date.now() - started >= 3000, 'waited for the timeout');
    assert.equal(timedOut.stdout, `Release "${step.release}" does not exist. Installing it now.\n`);
    assert.equal(timedOut.stderr, 'Error: context deadline exceeded\n');

    // SIGTERM while waiting: helm cancels, says so, and records the revision failed (not pending).
    const child = execFile(lab.helmBin, args('15m'), { env: { ...process.env, ...UTC } });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitFor(
      async () => {
        const h = await lab.real(['history', step.release, '-n', step.namespace, '-o', 'json']);
        return h.code === 0 && historySchema.parse(JSON.parse(h.stdout)).some((r) => r.revision === 2 && r.status === 'pending-upgrade');
      },
      { timeoutMs: 20_000, intervalMs: 200, message: 'revision 2 to go pending-upgrade' },
    );
    child.kill('SIGTERM');
    assert.equal(await exited, 1);
    assert.equal(stdout, `Release ${step.release} has been cancelled.\n`);
    assert.equal(stderr, 'Error: UPGRADE FAILED: context canceled\n');

    const uncordon = await lab.kubectl(['uncordon', 'dev-worker1']);
    assert.equal(uncordon.code, 0, uncordon.stderr);
    // The simulated scheduler does not retry a pod it could not place (a real one requeues it on
    // the node's update); deleting it lets the ReplicaSet make one that lands on the worker.
    const del = await lab.kubectl([
      'delete',
      'pods',
      '-n',
      step.namespace,
      '-l',
      `app.kubernetes.io/instance=${step.release}`,
      '--wait=false',
    ]);
    assert.equal(del.code, 0, del.stderr);
    const ok = await lab.standin(args('15m'));
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(
      ok.stdout,
      new RegExp(`^Release "${step.release}" has been upgraded\\. Happy Helming!\\n${statusBlock(step.release, step.namespace, 3).source}`),
    );
    assert.deepEqual((await lab.unready(step.release, step.namespace)).unready, []);
    const h = await lab.real(['history', step.release, '-n', step.namespace, '-o', 'json']);
    assert.equal(h.code, 0, h.stderr);
    assert.deepEqual(
      historySchema.parse(JSON.parse(h.stdout)).map((r) => [r.revision, r.status, r.description]),
      [
        [1, 'failed', `Release "${step.release}" failed: context deadline exceeded`],
        [2, 'superseded', `Upgrade "${step.release}" failed: context canceled`],
        [3, 'deployed', 'Upgrade complete'],
      ],
    );
  });
});
