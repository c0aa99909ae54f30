// Writes a kubeconfig (0600) that both kubectl and client-node accept: https + CA data + a user
// with a bearer token or a client certificate (a context always needs a user, see research §8).
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ClusterCerts } from './certs.js';

export type KubeconfigAuth = 'token' | 'cert';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

export function kubeconfigText(clusterName: string, server: string, certs: ClusterCerts, auth: KubeconfigAuth): string {
  const user = `${clusterName}-admin`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: clusterName, cluster: { server, 'certificate-authority-data': b64(certs.caCert) } }],
    users: [
      {
        name: user,
        user:
          auth === 'token'
            ? { token: certs.token }
            : { 'client-certificate-data': b64(certs.clientCert), 'client-key-data': b64(certs.clientKey) },
      },
    ],
    contexts: [{ name: clusterName, context: { cluster: clusterName, user, namespace: 'default' } }],
    'current-context': clusterName,
    preferences: {},
  });
}

export function writeKubeconfig(dir: string, clusterName: string, server: string, certs: ClusterCerts, auth: KubeconfigAuth): string {
  const path = join(dir, `${clusterName}.yaml`);
  writeFileSync(path, kubeconfigText(clusterName, server, certs, auth), { mode: 0o600 });
  chmodSync(path, 0o600); // mode above applies only when the file is created
  return path;
}
