// helm's secrets storage driver over the API: list a release's revisions, write a new one, mark
// the previous superseded, delete them on uninstall.
import type { KubeApi } from './kube-api.js';
import { releaseFromSecret, releaseSecretFor, RELEASE_SECRET_TYPE, type HelmRelease } from './release.js';
import { z } from 'zod';

const secretData = z.looseObject({ type: z.string().optional(), data: z.record(z.string(), z.string()).optional() });
const SECRET = { apiVersion: 'v1', kind: 'Secret' };

export class ReleaseStore {
  constructor(private readonly api: KubeApi) {}

  /** Every revision of every release (in one namespace, or all), oldest first per release. */
  async all(namespace: string | undefined, name?: string): Promise<HelmRelease[]> {
    const items = await this.api.list('v1', 'Secret', namespace, name ? `owner=helm,name=${name}` : 'owner=helm');
    const out: HelmRelease[] = [];
    for (const item of items) {
      const s = secretData.parse(item);
      if (s.type !== RELEASE_SECRET_TYPE) continue;
      out.push(releaseFromSecret(s));
    }
    return out.sort((a, b) => a.name.localeCompare(b.name) || a.version - b.version);
  }

  async history(namespace: string, name: string): Promise<HelmRelease[]> {
    return (await this.all(namespace, name)).filter((r) => r.name === name && r.namespace === namespace);
  }

  async last(namespace: string, name: string): Promise<HelmRelease | undefined> {
    return (await this.history(namespace, name)).at(-1);
  }

  async create(rel: HelmRelease): Promise<void> {
    await this.api.create(releaseSecretFor(rel, { createdAt: Math.floor(Date.now() / 1000) }));
  }

  async update(rel: HelmRelease): Promise<void> {
    const obj = releaseSecretFor(rel, { modifiedAt: Math.floor(Date.now() / 1000) });
    const existing = await this.api.get(obj);
    const createdAt = existing?.metadata.labels?.createdAt;
    if (createdAt) (obj.metadata.labels ?? {}).createdAt = createdAt;
    await this.api.replace({
      ...obj,
      metadata: { ...obj.metadata, ...(existing?.metadata.resourceVersion ? { resourceVersion: existing.metadata.resourceVersion } : {}) },
    });
  }

  async delete(rel: HelmRelease): Promise<void> {
    await this.api.delete({ ...SECRET, metadata: { name: `sh.helm.release.v1.${rel.name}.v${rel.version}`, namespace: rel.namespace } });
  }
}
