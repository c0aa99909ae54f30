// What a kubeconfig means for one context: the server, the TLS material and how to authenticate,
// read the way kubectl reads it (embedded *-data before files, relative files against the
// kubeconfig's folder, token before tokenFile before basic auth). Kubeconfigs that kubeadm writes
// (the lab's) need nothing more. Credentials that come from a plugin (`exec`, `auth-provider`)
// are left to client-node, which the transport then loads: only such kubeconfigs pay for it
// (ADR-012: client-node's KubeConfig alone costs ~75 MB of RSS).
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const clusterSchema = z.looseObject({
  server: z.string(),
  'certificate-authority': z.string().optional(),
  'certificate-authority-data': z.string().optional(),
  'insecure-skip-tls-verify': z.boolean().optional(),
  'tls-server-name': z.string().optional(),
  'proxy-url': z.string().optional(),
});

const userSchema = z.looseObject({
  'client-certificate': z.string().optional(),
  'client-certificate-data': z.string().optional(),
  'client-key': z.string().optional(),
  'client-key-data': z.string().optional(),
  token: z.string().optional(),
  tokenFile: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  exec: z.unknown().optional(),
  'auth-provider': z.unknown().optional(),
});

const contextSchema = z.looseObject({ cluster: z.string(), user: z.string().optional(), namespace: z.string().optional() });

const kubeconfigSchema = z.looseObject({
  clusters: z.array(z.looseObject({ name: z.string(), cluster: clusterSchema })).nullish(),
  users: z.array(z.looseObject({ name: z.string(), user: userSchema })).nullish(),
  contexts: z.array(z.looseObject({ name: z.string(), context: contextSchema })).nullish(),
  'current-context': z.string().optional(),
});

export interface KubeTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized?: boolean;
  servername?: string;
}

export type KubeAuth =
  | { kind: 'none' }
  | { kind: 'token'; token: string }
  /** Read at every request: a projected service-account token rotates. */
  | { kind: 'token-file'; path: string }
  | { kind: 'basic'; username: string; password: string }
  /** exec or auth-provider: client-node runs the plugin and caches what it returns. */
  | { kind: 'plugin' };

export interface ResolvedKubeconfig {
  context: string;
  server: string;
  tls: KubeTls;
  auth: KubeAuth;
}

export class KubeconfigError extends Error {}

/** Reads and resolves one context (the current one unless named); throws KubeconfigError. */
export async function readKubeconfig(path: string, contextName?: string): Promise<ResolvedKubeconfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new KubeconfigError(`cannot read it: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new KubeconfigError(`not YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = kubeconfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KubeconfigError(`${issue?.path.join('.') || '(top)'}: ${issue?.message ?? 'unexpected shape'}`);
  }
  const config = parsed.data;
  const name = contextName ?? config['current-context'];
  if (!name) throw new KubeconfigError('current-context: not set and no context named');
  const context = config.contexts?.find((c) => c.name === name)?.context;
  if (!context) throw new KubeconfigError(`contexts: no context named "${name}"`);
  const cluster = config.clusters?.find((c) => c.name === context.cluster)?.cluster;
  if (!cluster) throw new KubeconfigError(`clusters: no cluster named "${context.cluster}" (context "${name}")`);
  // client-node ignores the CA of a context without a user (research §8); kubectl needs one too.
  if (!context.user) throw new KubeconfigError(`contexts.${name}.user: the context has no user`);
  const user = config.users?.find((u) => u.name === context.user)?.user;
  if (!user) throw new KubeconfigError(`users: no user named "${context.user}" (context "${name}")`);
  if (!cluster.server.startsWith('https://'))
    throw new KubeconfigError(`clusters.${context.cluster}.server: only https servers are supported, got ${cluster.server}`);
  if (cluster['proxy-url']) throw new KubeconfigError(`clusters.${context.cluster}.proxy-url: proxies are not supported`);

  const base = dirname(path);
  const file = async (field: string, p: string): Promise<Buffer> => {
    const full = isAbsolute(p) ? p : join(base, p);
    return readFile(full).catch((err: NodeJS.ErrnoException) => {
      throw new KubeconfigError(`${field}: cannot read ${full} (${err.code ?? err.message})`);
    });
  };
  const material = async (field: string, data: string | undefined, filePath: string | undefined): Promise<Buffer | undefined> => {
    if (data !== undefined) return Buffer.from(data, 'base64');
    if (filePath !== undefined) return file(field, filePath);
    return undefined;
  };

  const tls: KubeTls = {};
  const ca = await material(
    `clusters.${context.cluster}.certificate-authority`,
    cluster['certificate-authority-data'],
    cluster['certificate-authority'],
  );
  if (ca) tls.ca = ca;
  if (cluster['insecure-skip-tls-verify']) tls.rejectUnauthorized = false;
  if (cluster['tls-server-name']) tls.servername = cluster['tls-server-name'];
  const cert = await material(`users.${context.user}.client-certificate`, user['client-certificate-data'], user['client-certificate']);
  const key = await material(`users.${context.user}.client-key`, user['client-key-data'], user['client-key']);
  if ((cert === undefined) !== (key === undefined))
    throw new KubeconfigError(`users.${context.user}: a client certificate needs its key and the other way round`);
  if (cert && key) Object.assign(tls, { cert, key });

  let auth: KubeAuth = { kind: 'none' };
  if (user.exec !== undefined || user['auth-provider'] !== undefined) auth = { kind: 'plugin' };
  else if (user.token) auth = { kind: 'token', token: user.token };
  else if (user.tokenFile) auth = { kind: 'token-file', path: isAbsolute(user.tokenFile) ? user.tokenFile : join(base, user.tokenFile) };
  else if (user.username !== undefined && user.password !== undefined)
    auth = { kind: 'basic', username: user.username, password: user.password };
  return { context: name, server: cluster.server, tls, auth };
}

/** The Authorization header for a resolved (non-plugin) auth; re-reads a token file each time. */
export async function authorizationHeader(auth: Exclude<KubeAuth, { kind: 'plugin' }>): Promise<string | undefined> {
  switch (auth.kind) {
    case 'none':
      return undefined;
    case 'token':
      return `Bearer ${auth.token}`;
    case 'token-file': {
      const token = await readFile(auth.path, 'utf8').catch((err: NodeJS.ErrnoException) => {
        throw new KubeconfigError(`tokenFile: cannot read ${auth.path} (${err.code ?? err.message})`);
      });
      return `Bearer ${token.trim()}`;
    }
    case 'basic':
      return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  }
}
