// The one batched command a poll cycle sends to a node: POSIX sh, every section behind a marker,
// every probe allowed to fail without taking the others down. The simulator recognises this exact
// text (NODE_METRICS_COMMAND) and answers it in the same format.

export const SECTION_MARKER = '@@k8slab:';

export const SECTIONS = ['stat', 'loadavg', 'meminfo', 'df', 'uptime', 'kernel', 'nproc', 'ports', 'services'] as const;
export type SectionName = (typeof SECTIONS)[number];

/** Services whose state the node view shows. */
export const WATCHED_SERVICES = ['containerd', 'kubelet'] as const;

const m = (name: SectionName | 'end'): string => `echo '${SECTION_MARKER}${name}'`;

// Ports: `ss -Htlnp` (sudo -n first, so processes of other users show when sudo needs no
// password); without -H support the header is cut; without ss, /proc/net/tcp{,6} raw (no process names).
const PORTS = [
  'if command -v ss >/dev/null 2>&1; then',
  "  echo 'source ss';",
  '  { sudo -n ss -Htlnp 2>/dev/null || ss -Htlnp 2>/dev/null || ss -tlnp 2>/dev/null | tail -n +2; };',
  'else',
  "  echo 'source proc';",
  '  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null;',
  'fi',
].join(' ');

const SERVICES = [
  `for s in ${WATCHED_SERVICES.join(' ')}; do`,
  '  if command -v systemctl >/dev/null 2>&1; then st=$(systemctl is-active "$s" 2>/dev/null); else st=; fi;',
  '  echo "$s ${st:-unknown}";',
  'done',
].join(' ');

export const NODE_METRICS_COMMAND = [
  'LC_ALL=C; export LC_ALL;',
  `${m('stat')}; head -n 1 /proc/stat 2>/dev/null;`,
  `${m('loadavg')}; cat /proc/loadavg 2>/dev/null;`,
  `${m('meminfo')}; grep -E '^(MemTotal|MemAvailable):' /proc/meminfo 2>/dev/null;`,
  `${m('df')}; df -Pk / 2>/dev/null;`,
  `${m('uptime')}; cat /proc/uptime 2>/dev/null;`,
  `${m('kernel')}; uname -r 2>/dev/null;`,
  `${m('nproc')}; nproc 2>/dev/null || grep -c '^processor' /proc/cpuinfo 2>/dev/null;`,
  `${m('ports')}; ${PORTS};`,
  `${m('services')}; ${SERVICES};`,
  `${m('end')}`,
].join(' ');
