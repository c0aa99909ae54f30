// The demo lab's address plan (ADR-014): every VM has a lab address on Tart's softnet
// (192.168.64.x, what `tart ip` prints and what its node reports), and each master's API server
// listens at <master>:6443 there, as kubeadm sets it up. None of them is ever connected to from
// this machine: the endpoints file's `reach` maps each lab address to the loopback port that
// serves it.
import type { LabConfig } from '../../config/schema.js';

/** kube-apiserver's secure port on a kubeadm master. */
export const API_SERVER_PORT = 6443;

/** VM name → its lab address: 192.168.64.10 upward, in the config's order, one per VM. */
export function labAddresses(config: LabConfig): Map<string, string> {
  const vms = config.clusters.flatMap((c) => c.nodes.map((n) => n.name));
  return new Map(vms.map((vm, i) => [vm, `192.168.64.${10 + i}`]));
}
