// The clusters.json schema: the single source of truth for the lab's topology (seed section 4).
// Structural rules live in the zod schema; rules that relate several fields (unique names, one
// master, CIDR overlaps) are in `crossFieldProblems` so that they are reported together with the
// structural ones. Resource budgets against a host are in budget.ts.
import { z } from 'zod';

/** DNS-1123 label: names become VM names and host names and reach remote shells. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
export const DNS_LABEL_HINT = 'a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)';

export const LIMITS = {
  cpu: { min: 1, max: 64 },
  masterCpu: 2, // kubeadm's preflight refuses a control plane with fewer than 2 CPUs
  memoryMb: { min: 1024, max: 512 * 1024 },
  masterMemoryMb: 2048, // kubeadm's preflight wants ~1700 MB on a control plane
  diskGb: { min: 20, max: 2000 }, // the base image's disk is 20 GB and tart can only grow it
} as const;

const dnsLabel = z.string().regex(DNS_LABEL, { message: DNS_LABEL_HINT });
const cidrText = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, { message: 'an IPv4 CIDR such as 10.10.0.0/16' });

export const nodeSchema = z.strictObject({
  name: dnsLabel,
  role: z.enum(['master', 'worker']),
  cpu: z.int().min(LIMITS.cpu.min).max(LIMITS.cpu.max),
  memory: z.int().min(LIMITS.memoryMb.min).max(LIMITS.memoryMb.max),
  disk: z.int().min(LIMITS.diskGb.min).max(LIMITS.diskGb.max),
});

export const CLUSTER_ROLES = ['platform', 'dev', 'staging', 'prod'] as const;

export const clusterSchema = z.strictObject({
  name: dnsLabel,
  /** What the cluster is for; defaults to its name when that is one of the seed's four roles. */
  role: z.enum(CLUSTER_ROLES).optional(),
  pod_cidr: cidrText,
  service_cidr: cidrText,
  nodes: z.array(nodeSchema).min(1),
});

export const hostSchema = z.strictObject({
  cores: z.int().min(1).max(1024),
  memory_gb: z.number().positive().max(16384),
});

export const labConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  name: dnsLabel.default('k8slab'),
  base_image: z.string().min(1).regex(/^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/, { message: 'an image reference such as ghcr.io/cirruslabs/ubuntu:latest' }),
  golden_image: dnsLabel.optional(),
  kubernetes_version: z.string().regex(/^v?1\.\d{1,2}$/, { message: 'a minor version such as 1.31' }).default('1.31'),
  ssh_user: z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, { message: 'a Unix user name' }),
  /** Kept for compatibility with the seed's clusters.json; never printed. */
  ssh_password: z.string().min(1).optional(),
  ssh_key_path: z.string().min(1).optional(),
  /** The VMs' own network (Tart softnet's DHCP range by default). */
  vm_network: cidrText.default('192.168.64.0/24'),
  host: hostSchema.optional(),
  clusters: z.array(clusterSchema).min(1),
});

export type NodeSpec = z.infer<typeof nodeSchema>;
export type ClusterSpec = z.infer<typeof clusterSchema>;
export type HostSpec = z.infer<typeof hostSchema>;
export type LabConfig = z.infer<typeof labConfigSchema>;
export type ClusterRole = (typeof CLUSTER_ROLES)[number];

export function clusterRole(cluster: ClusterSpec): ClusterRole | undefined {
  if (cluster.role) return cluster.role;
  return (CLUSTER_ROLES as readonly string[]).includes(cluster.name) ? (cluster.name as ClusterRole) : undefined;
}

export function masterOf(cluster: ClusterSpec): NodeSpec {
  const master = cluster.nodes.find((n) => n.role === 'master');
  if (!master) throw new Error(`cluster ${cluster.name} has no master`); // the schema rules this out
  return master;
}
