// A new namespace gets its `default` ServiceAccount and the `kube-root-ca.crt` ConfigMap; a
// Terminating one is removed once its contents are gone.
import type { Controller } from './types.js';
import { keyOf } from './types.js';

/** What the root CA ConfigMap carries in the simulator (no real CA behind it). */
const ROOT_CA =
  '-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhrOHNsYWIt\nc2ltdWxhdGVkLWNsdXN0ZXItY2EwHhcNMjYwMTAxMDAwMDAwWhcNMzYwMTAxMDAw\n-----END CERTIFICATE-----\n';

export const namespaceController: Controller = {
  name: 'namespace',
  keysFor(state, ch) {
    if (ch.kind === 'namespaces') return ch.type === 'DELETED' ? [] : [keyOf(ch.obj)];
    const ns = ch.obj.metadata.namespace;
    if (ch.type === 'DELETED' && ns && state.get('namespaces', undefined, ns)?.status?.phase === 'Terminating')
      return [{ ns: undefined, name: ns }];
    return [];
  },
  all: (state) => state.list('namespaces').map(keyOf),
  reconcile(state, _ns, name) {
    const ns = state.get('namespaces', undefined, name);
    if (!ns) return;
    if (ns.status?.phase === 'Terminating') {
      state.engine.finishNamespace(name);
      return;
    }
    const sa = state.kinds.byId('serviceaccounts');
    const cm = state.kinds.byId('configmaps');
    if (sa && !state.get('serviceaccounts', name, 'default'))
      state.engine.create(sa, name, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } });
    if (cm && !state.get('configmaps', name, 'kube-root-ca.crt')) {
      state.engine.create(cm, name, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'kube-root-ca.crt',
          annotations: {
            'kubernetes.io/description':
              'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
          },
        },
        data: { 'ca.crt': ROOT_CA },
      });
    }
  },
};
