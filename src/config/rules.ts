// Rules that relate several fields of clusters.json: unique names, exactly one master per
// cluster, CIDRs that are valid and never overlap (seed 3.2). They read the raw document
// defensively so that they can run, and report, even when other fields are malformed.
import { cidrsOverlap, parseCidr, type Ipv4Cidr } from './cidr.js';
import { LIMITS } from './schema.js';
import type { Problem } from './problems.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const arrayAt = (o: Json, key: string): unknown[] => (Array.isArray(o[key]) ? (o[key] as unknown[]) : []);

const DEFAULT_VM_NETWORK = '192.168.64.0/24';
const PREFIX_RANGE = { pod_cidr: [8, 24], service_cidr: [12, 28], vm_network: [8, 30] } as const;
const PREFIX_WHY = {
  pod_cidr: 'room for a /24 per node (Cilium cluster-pool)',
  service_cidr: 'kube-apiserver accepts at most 20 host bits for services',
  vm_network: 'a usable VM network',
} as const;

interface NamedCidr {
  path: string;
  cidr: Ipv4Cidr;
}

function checkCidr(value: unknown, path: string, field: keyof typeof PREFIX_RANGE, problems: Problem[]): Ipv4Cidr | undefined {
  if (typeof value !== 'string' || !/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(value)) return undefined; // the schema reports it
  const cidr = parseCidr(value);
  if (!cidr) {
    problems.push({ path, message: `must be a valid IPv4 CIDR (octets 0-255, prefix 0-32), got "${value}"` });
    return undefined;
  }
  if (cidr.hostBitsSet) {
    const network = [24, 16, 8, 0].map((shift) => (cidr.network >>> shift) & 255).join('.');
    problems.push({ path, message: `has host bits set: expected ${network}/${cidr.prefix}, got "${value}"` });
  }
  const [min, max] = PREFIX_RANGE[field];
  if (cidr.prefix < min || cidr.prefix > max) {
    problems.push({ path, message: `prefix must be between /${min} and /${max} (${PREFIX_WHY[field]}), got /${cidr.prefix}` });
  }
  return cidr;
}

export function crossFieldProblems(doc: unknown): Problem[] {
  const problems: Problem[] = [];
  if (!isObject(doc)) return problems;
  const clusters = arrayAt(doc, 'clusters');
  const clusterNames = new Map<string, string>();
  const nodeNames = new Map<string, string>();
  const networks: NamedCidr[] = [];

  clusters.forEach((cluster, ci) => {
    if (!isObject(cluster)) return;
    const cpath = `clusters[${ci}]`;
    if (typeof cluster.name === 'string') {
      const first = clusterNames.get(cluster.name);
      if (first) problems.push({ path: `${cpath}.name`, message: `duplicate cluster name "${cluster.name}" (already used at ${first})` });
      else clusterNames.set(cluster.name, `${cpath}.name`);
    }
    for (const field of ['pod_cidr', 'service_cidr'] as const) {
      const cidr = checkCidr(cluster[field], `${cpath}.${field}`, field, problems);
      if (cidr) networks.push({ path: `${cpath}.${field}`, cidr });
    }
    const nodes = arrayAt(cluster, 'nodes');
    const masters: string[] = [];
    nodes.forEach((node, ni) => {
      if (!isObject(node)) return;
      const npath = `${cpath}.nodes[${ni}]`;
      if (typeof node.name === 'string') {
        const first = nodeNames.get(node.name);
        if (first) problems.push({ path: `${npath}.name`, message: `duplicate node name "${node.name}" (already used at ${first}); node names become VM names and must be unique across the lab` });
        else nodeNames.set(node.name, `${npath}.name`);
      }
      if (node.role !== 'master') return;
      masters.push(typeof node.name === 'string' ? node.name : `nodes[${ni}]`);
      if (typeof node.cpu === 'number' && Number.isInteger(node.cpu) && node.cpu >= LIMITS.cpu.min && node.cpu < LIMITS.masterCpu) {
        problems.push({ path: `${npath}.cpu`, message: `a master must have at least ${LIMITS.masterCpu} (vCPU) for kubeadm's preflight, got ${node.cpu}` });
      }
      if (typeof node.memory === 'number' && Number.isInteger(node.memory) && node.memory >= LIMITS.memoryMb.min && node.memory < LIMITS.masterMemoryMb) {
        problems.push({ path: `${npath}.memory`, message: `a master must have at least ${LIMITS.masterMemoryMb} (MB) for kubeadm's preflight, got ${node.memory}` });
      }
    });
    if (nodes.length > 0 && masters.length !== 1) {
      const which = masters.length === 0 ? 'none' : `${masters.length} (${masters.join(', ')})`;
      problems.push({ path: `${cpath}.nodes`, message: `must have exactly one node with role "master", got ${which}` });
    }
  });

  const vmNetworkValue = doc.vm_network ?? DEFAULT_VM_NETWORK;
  const vmNetwork = checkCidr(vmNetworkValue, 'vm_network', 'vm_network', problems);
  if (vmNetwork) networks.push({ path: doc.vm_network === undefined ? 'vm_network (default)' : 'vm_network', cidr: vmNetwork });

  for (let i = 0; i < networks.length; i++) {
    for (let j = i + 1; j < networks.length; j++) {
      const a = networks[i]!;
      const b = networks[j]!;
      if (cidrsOverlap(a.cidr, b.cidr)) {
        const [first, second] = b.path.startsWith('vm_network') ? [b, a] : [a, b];
        problems.push({ path: second.path, message: `${second.cidr.text} overlaps ${first.cidr.text} at ${first.path}; pod, service and VM networks must not overlap anywhere in the lab` });
      }
    }
  }
  return problems;
}
