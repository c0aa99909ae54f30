// manifests/versions.json: the pinned chart and image versions, validated. "Pinned" means one exact
// release: no "latest", no ranges or wildcards, so an install today and next month are identical.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { manifestPath, manifestsDir } from './paths.js';

export const CHART_KEYS = ['cilium', 'kube-prometheus-stack', 'loki', 'jenkins', 'argo-cd', 'metrics-server', 'istio-base', 'istiod'] as const;
export type ChartKey = (typeof CHART_KEYS)[number];
export const IMAGE_KEYS = ['nginx', 'httpbin', 'redis', 'alert-webhook-logger'] as const;
export type ImageKey = (typeof IMAGE_KEYS)[number];

/** An exact version such as 1.18.14 or v3.2.6 (a pre-release suffix is allowed, a range is not). */
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

export function isPinnedVersion(version: string): boolean {
  return EXACT_VERSION.test(version);
}

/** registry/repo:tag (or @sha256 digest) whose tag is an exact version, not "latest" or a moving major. */
export function isPinnedImage(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon <= slash) return false; // no tag means :latest
  const tag = image.slice(colon + 1);
  // At least major.minor.patch at the start of the tag; variant suffixes like -alpine are fine.
  return /^v?\d+\.\d+\.\d+([-_.][0-9A-Za-z.-]+)?$/.test(tag) && !/latest/i.test(tag);
}

const chartSchema = z.strictObject({
  repo: z.url({ protocol: /^https$/ }),
  chart: z.string().min(1),
  version: z.string().refine(isPinnedVersion, { message: 'an exact chart version (no latest, no range)' }),
  appVersion: z.string().refine(isPinnedVersion, { message: 'an exact app version' }),
  confirmedAt: z.string().min(1),
});

const imageSchema = z.strictObject({
  image: z.string().refine(isPinnedImage, { message: 'an image with an exact version tag' }),
  confirmedAt: z.string().min(1),
});

export const versionsSchema = z.strictObject({
  $comment: z.string().optional(),
  kubernetes: z.string().regex(/^1\.\d+$/),
  charts: z.strictObject(Object.fromEntries(CHART_KEYS.map((k) => [k, chartSchema])) as Record<ChartKey, typeof chartSchema>),
  images: z.strictObject(Object.fromEntries(IMAGE_KEYS.map((k) => [k, imageSchema])) as Record<ImageKey, typeof imageSchema>),
});

export type Versions = z.infer<typeof versionsSchema>;
export type ChartPin = z.infer<typeof chartSchema>;

/** Reads and validates manifests/versions.json; throws naming every problem. */
export function loadVersions(dir: string = manifestsDir()): Versions {
  const file = manifestPath('versions.json', dir);
  const parsed = versionsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')) as unknown);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`manifests/versions.json: ${problems.join('; ')}`);
  }
  return parsed.data;
}
