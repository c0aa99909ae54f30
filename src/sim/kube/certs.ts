// TLS material for a simulated API server: a CA, a server certificate for 127.0.0.1 signed by
// it, and a client certificate (CN=kubernetes-admin, O=system:masters) for client-cert auth —
// what kubeadm's admin.conf uses on the real lab. EC P-256 + SHA-256 (selfsigned's default is SHA-1).
import { randomBytes } from 'node:crypto';
import { generate } from 'selfsigned';

export interface ClusterCerts {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** Bearer token accepted by the server. */
  token: string;
}

const DAY = 86_400_000;

/** `ips`: more addresses the server certificate is for (the master's lab address). */
export async function makeClusterCerts(clusterName: string, ips: readonly string[] = []): Promise<ClusterCerts> {
  const notBeforeDate = new Date(Date.now() - DAY);
  const notAfterDate = new Date(Date.now() + 30 * DAY);
  const base = { keyType: 'ec' as const, curve: 'P-256' as const, algorithm: 'sha256', notBeforeDate, notAfterDate };
  const ca = await generate([{ name: 'commonName', value: `${clusterName}-ca` }], {
    ...base,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const [server, client] = await Promise.all([
    generate([{ name: 'commonName', value: 'kube-apiserver' }], {
      ...base,
      ca: { key: ca.private, cert: ca.cert },
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 7, ip: '127.0.0.1' },
            ...ips.map((ip) => ({ type: 7 as const, ip })),
            { type: 2, value: 'localhost' },
            { type: 2, value: 'kubernetes' },
          ],
        },
      ],
    }),
    generate(
      [
        { name: 'commonName', value: 'kubernetes-admin' },
        { name: 'organizationName', value: 'system:masters' },
      ],
      {
        ...base,
        ca: { key: ca.private, cert: ca.cert },
        extensions: [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
          { name: 'extKeyUsage', clientAuth: true },
        ],
      },
    ),
  ]);
  return {
    caCert: ca.cert,
    caKey: ca.private,
    serverCert: server.cert,
    serverKey: server.private,
    clientCert: client.cert,
    clientKey: client.private,
    token: randomBytes(24).toString('hex'),
  };
}
