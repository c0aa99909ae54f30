// The per-cluster values that manifests may contain as ${k8slab.<name>} placeholders, and how each
// one is checked. Every value must match a strict format so that substituting it can never change
// the structure of the YAML it lands in.
import { z } from 'zod';
import { parseCidr } from '../config/cidr.js';
import { DNS_LABEL } from '../config/schema.js';
import type { ClusterSpec } from '../config/schema.js';

export const MANIFEST_VARIABLES = ['clusterName', 'podCidr', 'serviceCidr', 'masterIp'] as const;
export type ManifestVariable = (typeof MANIFEST_VARIABLES)[number];
export type ManifestVars = Record<ManifestVariable, string>;

export function isManifestVariable(name: string): name is ManifestVariable {
  return (MANIFEST_VARIABLES as readonly string[]).includes(name);
}

const cidr = z.string().refine((v) => parseCidr(v) !== undefined && !parseCidr(v)?.hostBitsSet, { message: 'an IPv4 network in CIDR form such as 10.10.0.0/16' });
const ipv4 = z.string().refine((v) => /^\d{1,3}(\.\d{1,3}){3}$/.test(v) && parseCidr(`${v}/32`) !== undefined, { message: 'an IPv4 address such as 192.168.64.10' });

/** Format of each variable's value. */
export const MANIFEST_VARIABLE_SCHEMAS: Record<ManifestVariable, z.ZodType<string>> = {
  clusterName: z.string().regex(DNS_LABEL, { message: 'a DNS-1123 label' }),
  podCidr: cidr,
  serviceCidr: cidr,
  masterIp: ipv4,
};

/** The variables for one cluster: names and CIDRs from the validated config, the master's IP from `tart ip`. */
export function varsForCluster(cluster: ClusterSpec, masterIp: string): ManifestVars {
  return { clusterName: cluster.name, podCidr: cluster.pod_cidr, serviceCidr: cluster.service_cidr, masterIp };
}
