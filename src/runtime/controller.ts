// The LabController the views use, over the runtime's services: pod logs through the cluster's
// kube client, kubelet's journal and shells through the SSH pool, silences through Alertmanager.
import type { LabController, LogTailRequest } from '../ports/lab-controller.js';
import type { LabRuntime } from './lab-runtime.js';
import { PhaseJobs } from '../phases/jobs.js';
import { Batcher } from '../util/batcher.js';

/** Lines of a chatty stream handed over in batches: one render per flush, not per line. */
const lineBatcher = (onLines: (lines: string[]) => void): Batcher<string> => new Batcher({ onFlush: onLines, delayMs: 50 });

export function createController(runtime: LabRuntime): LabController {
  const jobs = new PhaseJobs({ config: runtime.config, endpoints: runtime.endpoints, store: runtime.store });
  const kubeClient = (cluster: string) => {
    const client = runtime.kube.get(cluster)?.kubeClient;
    if (!client) throw new Error(`cluster ${cluster} is not connected yet`);
    return client;
  };
  const target = (node: string) => {
    const t = runtime.sshTarget(node);
    if (!t || !runtime.pool) throw new Error(`${node} has no SSH address (is the VM running?)`);
    return { t, pool: runtime.pool };
  };

  return {
    async tailPodLogs(request: LogTailRequest, onLines, signal) {
      const out = lineBatcher(onLines);
      try {
        for await (const line of kubeClient(request.cluster).logs(request.namespace, request.pod, {
          follow: !request.previous,
          tailLines: request.tailLines ?? 200,
          signal,
          ...(request.container ? { container: request.container } : {}),
          ...(request.previous ? { previous: true } : {}),
          ...(request.timestamps ? { timestamps: true } : {}),
        })) {
          out.push(line);
        }
      } finally {
        out.flush();
      }
    },

    async tailKubeletJournal(node, onLines, signal) {
      const { t, pool } = target(node);
      const out = lineBatcher(onLines);
      try {
        for await (const line of pool.stream(t, 'journalctl -u kubelet -f -n 100 --no-pager', { signal, sudo: true })) out.push(line.line);
      } finally {
        out.flush();
      }
    },

    async openShell(node) {
      const { t, pool } = target(node);
      const exit = await pool.shell(t, {
        stdin: process.stdin,
        stdout: process.stdout,
        columns: process.stdout.columns || 80,
        rows: process.stdout.rows || 24,
        term: process.env.TERM ?? 'xterm-256color',
      });
      return exit.code ?? 0;
    },

    async silenceAlert(request) {
      const client = runtime.alertmanager();
      if (!client) throw new Error('Alertmanager is not reachable yet');
      const now = Date.now();
      const id = await client.createSilence({
        matchers: Object.entries(request.labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })),
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + request.durationMinutes * 60_000).toISOString(),
        createdBy: 'k8slab-tui',
        comment: request.comment,
      });
      runtime.scheduler.trigger('alertmanager');
      return id;
    },

    async startJob(request) {
      await jobs.start(request);
    },

    cancelJob() {
      jobs.cancel();
    },
  };
}
