// A pod's STATUS word as kubectl's printPod computes it (pkg/printers/internalversion/
// printers.go): what the pods view, `status` and the demo API server's tables all print.

/** What STATUS reads of a container's status (an API pod's, or the demo API server's own). */
interface ContainerStatusLike {
  name: string;
  ready?: boolean;
  started?: boolean;
  state?: { waiting?: { reason?: string }; running?: object; terminated?: Terminated };
}

interface Terminated {
  exitCode?: number;
  reason?: string;
  signal?: number;
}

/** What STATUS reads of a pod: structural, so the product's pods and the simulator's both fit. */
export interface PodForStatus {
  metadata: { name?: string; uid?: string; resourceVersion?: string; deletionTimestamp?: string };
  spec?: { containers?: readonly unknown[]; initContainers?: readonly { name: string; restartPolicy?: string }[] };
  status?: PodStatus;
}

interface PodStatus {
  phase?: string;
  reason?: string;
  conditions?: readonly { type: string; status: string; reason?: string }[];
  initContainerStatuses?: readonly ContainerStatusLike[];
  containerStatuses?: readonly ContainerStatusLike[];
}

const conditionTrue = (status: PodStatus | undefined, type: string): boolean =>
  status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;

/** A terminated container without a reason: its signal, else its exit code. */
const exitText = (t: Terminated): string => (t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`);

/**
 * The init containers' part of STATUS (Init:1/3, Init:CrashLoopBackOff, Init:Error …), or
 * undefined once every init container is done (exit 0) or, for a sidecar, started.
 */
function initStatus(pod: PodForStatus): string | undefined {
  const specs = pod.spec?.initContainers ?? [];
  const sidecars = new Set(specs.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  for (const [i, c] of (pod.status?.initContainerStatuses ?? []).entries()) {
    const terminated = c.state?.terminated;
    const waiting = c.state?.waiting?.reason;
    if (terminated?.exitCode === 0) continue;
    if (sidecars.has(c.name) && c.started === true) continue;
    if (terminated) return terminated.reason ? `Init:${terminated.reason}` : `Init:${exitText(terminated)}`;
    if (waiting && waiting !== 'PodInitializing') return `Init:${waiting}`;
    return `Init:${i}/${specs.length}`;
  }
  return undefined;
}

export function podStatus(pod: PodForStatus): string {
  const status = pod.status;
  const phase = status?.phase ?? '';
  let reason = status?.reason || phase;
  if (status?.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';
  const init = initStatus(pod);
  if (init) reason = init;
  if (!init || conditionTrue(status, 'Initialized')) {
    // kubectl walks the containers from the last to the first: the first one with a reason wins.
    let hasRunning = false;
    for (const c of [...(status?.containerStatuses ?? [])].reverse()) {
      const terminated = c.state?.terminated;
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (terminated) reason = terminated.reason || exitText(terminated);
      else if (c.ready && c.state?.running) hasRunning = true;
    }
    // A finished container beside a running one: the pod runs.
    if (reason === 'Completed' && hasRunning) reason = conditionTrue(status, 'Ready') ? 'Running' : 'NotReady';
  }
  if (pod.metadata.deletionTimestamp && status?.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  // kubectl prints an empty cell for a pod with no phase at all; a word reads better.
  return reason || 'Unknown';
}
