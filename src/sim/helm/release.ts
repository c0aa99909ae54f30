// helm 3's release record and how the secrets storage driver keeps it: the Release JSON of
// pkg/release (name, info, chart, config, manifest, version, namespace), encoded as
// pkg/storage/driver/util.go does (gzip, then base64) into data.release of a Secret of type
// helm.sh/release.v1 named sh.helm.release.v1.<name>.v<revision>, labelled name, owner=helm,
// status, version (and createdAt / modifiedAt). The Kubernetes API adds its own base64 on top.
import { gunzipSync, gzipSync, constants as zlib } from 'node:zlib';
import { z } from 'zod';
import type { ChartMetadata, Values } from './chart.js';
import type { KubeObject } from './objects.js';

export const RELEASE_SECRET_TYPE = 'helm.sh/release.v1';
export type ReleaseStatus =
  | 'unknown'
  | 'deployed'
  | 'uninstalled'
  | 'superseded'
  | 'failed'
  | 'uninstalling'
  | 'pending-install'
  | 'pending-upgrade'
  | 'pending-rollback';

/** helm's zero time for info.deleted: its pkg/time marshals a zero time.Time as "" (no omitempty). */
const ZERO_TIME = '';

export const releaseSchema = z.looseObject({
  name: z.string(),
  info: z.looseObject({
    first_deployed: z.string().optional(),
    last_deployed: z.string().optional(),
    deleted: z.string().optional(),
    description: z.string().optional(),
    status: z.string(),
    notes: z.string().optional(),
  }),
  chart: z.looseObject({
    metadata: z.looseObject({
      name: z.string(),
      version: z.string(),
      appVersion: z.string().optional(),
      apiVersion: z.string().optional(),
    }),
    lock: z.unknown().optional(),
    templates: z.array(z.unknown()).nullish(),
    values: z.record(z.string(), z.unknown()).nullish(),
    schema: z.unknown().optional(),
    files: z.array(z.unknown()).nullish(),
  }),
  config: z.record(z.string(), z.unknown()).optional(),
  manifest: z.string().optional(),
  hooks: z.array(z.unknown()).optional(),
  version: z.number().int(),
  namespace: z.string(),
});
export type HelmRelease = z.infer<typeof releaseSchema>;

/** A time as helm writes it into the release JSON: Go's RFC 3339 with trailing zeros of the fraction dropped. */
export function helmTime(d: Date = new Date()): string {
  return d
    .toISOString()
    .replace(/(\.\d*?)0+Z$/, '$1Z')
    .replace(/\.Z$/, 'Z');
}

export interface ReleaseInput {
  name: string;
  namespace: string;
  revision: number;
  status: ReleaseStatus;
  chart: ChartMetadata;
  chartValues: Values;
  /** The values the user gave (-f / --set), recorded as `config`. */
  config: Values;
  manifest: string;
  notes?: string | undefined;
  description?: string | undefined;
  firstDeployed?: string | undefined;
  lastDeployed?: string | undefined;
}

/** The release as helm stores it (templates omitted: the stand-in has no chart archive). */
export function buildRelease(r: ReleaseInput): HelmRelease {
  const now = helmTime();
  return {
    name: r.name,
    info: {
      first_deployed: r.firstDeployed ?? now,
      last_deployed: r.lastDeployed ?? now,
      deleted: ZERO_TIME,
      description: r.description ?? (r.revision === 1 ? 'Install complete' : 'Upgrade complete'),
      status: r.status,
      ...(r.notes ? { notes: r.notes } : {}),
    },
    chart: { metadata: { ...r.chart }, lock: null, templates: [], values: r.chartValues, schema: null, files: [] },
    ...(Object.keys(r.config).length > 0 ? { config: r.config } : {}),
    manifest: r.manifest,
    version: r.revision,
    namespace: r.namespace,
  };
}

/** helm's encodeRelease: JSON → gzip (best compression) → base64. */
export function encodeRelease(rel: HelmRelease): string {
  return gzipSync(Buffer.from(JSON.stringify(rel)), { level: zlib.Z_BEST_COMPRESSION }).toString('base64');
}

/** helm's decodeRelease: base64 → gunzip when gzip-magic → JSON, checked. */
export function decodeRelease(text: string): HelmRelease {
  const raw = Buffer.from(text, 'base64');
  const json = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  return releaseSchema.parse(JSON.parse(json.toString('utf8')));
}

export function releaseSecretName(name: string, revision: number): string {
  return `sh.helm.release.v1.${name}.v${revision}`;
}

/** The storage Secret of one revision; `createdAt`/`modifiedAt` as the driver's Create/Update set them. */
export function releaseSecretFor(rel: HelmRelease, times: { createdAt?: number; modifiedAt?: number } = {}): KubeObject {
  const labels: Record<string, string> = {
    name: rel.name,
    owner: 'helm',
    status: rel.info.status,
    version: String(rel.version),
    ...(times.createdAt !== undefined ? { createdAt: String(times.createdAt) } : {}),
    ...(times.modifiedAt !== undefined ? { modifiedAt: String(times.modifiedAt) } : {}),
  };
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: releaseSecretName(rel.name, rel.version), namespace: rel.namespace, labels },
    type: RELEASE_SECRET_TYPE,
    // data values are base64 in the API; the release text is itself base64 (helm's encoding).
    data: { release: Buffer.from(encodeRelease(rel)).toString('base64') },
  };
}

/** The release held by a storage Secret as read from the API (data.release base64 of helm's text). */
export function releaseFromSecret(secret: { data?: Record<string, string> | undefined }): HelmRelease {
  const data = secret.data?.release;
  if (data === undefined) throw new Error('release secret without data.release');
  return decodeRelease(Buffer.from(data, 'base64').toString('utf8'));
}
