// The address plan applied to kubeconfigs (ADR-014). A lab's kubeconfig names its API server by a
// lab address (kubeadm advertises the master's IP). Where the endpoints say that address is
// reached elsewhere (a loopback port of the demo lab, a forward through a controller), every
// client — our own, and the kubectl and helm child processes — gets a copy whose server is the
// reachable address and whose tls-server-name is the lab host, so the certificate still verifies.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { writePrivateFile } from '../util/private-files.js';
import path from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import type { LabEndpoints } from './endpoints.js';

/** host:port of an https URL, the port defaulted to 443. */
function hostPortOf(server: string): { host: string; port: string } | undefined {
  try {
    const u = new URL(server);
    return { host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port || '443' };
  } catch {
    return undefined;
  }
}

/** The kubeconfig text with every server the plan maps rewritten; unchanged text when none is. */
export function rewriteKubeconfig(text: string, reach: Readonly<Record<string, string>>): string {
  const doc = parseDocument(text);
  const clusters = doc.get('clusters');
  if (!isSeq(clusters)) return text;
  let changed = false;
  for (const node of clusters.items) {
    if (!isMap(node)) continue;
    const server = node.getIn(['cluster', 'server']);
    if (typeof server !== 'string') continue;
    const at = hostPortOf(server);
    const to = at ? reach[`${at.host}:${at.port}`] : undefined;
    if (!at || !to) continue;
    node.setIn(['cluster', 'server'], `https://${to}`);
    if (node.getIn(['cluster', 'tls-server-name']) === undefined) node.setIn(['cluster', 'tls-server-name'], at.host);
    changed = true;
  }
  return changed ? doc.toString() : text;
}

/**
 * The kubeconfig path a client of this machine should use for a cluster: the lab's own file when
 * the plan maps nothing, else a rewritten copy beside it (0600, refreshed when the lab's changes).
 */
export function reachableKubeconfig(endpoints: Pick<LabEndpoints, 'kubeconfig' | 'reach'>, cluster: string): string {
  const source = endpoints.kubeconfig(cluster);
  if (Object.keys(endpoints.reach).length === 0 || !existsSync(source)) return source;
  const text = readFileSync(source, 'utf8');
  const rewritten = rewriteKubeconfig(text, endpoints.reach);
  if (rewritten === text) return source;
  const dir = path.join(path.dirname(source), 'reachable');
  const target = path.join(dir, path.basename(source));
  if (existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs && readFileSync(target, 'utf8') === rewritten) return target;
  writePrivateFile(target, rewritten); // 0600, atomic, never through a link
  return target;
}
