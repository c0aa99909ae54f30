// Preloaded into a process under test (node --import): every socket it opens is checked. A
// connection to anything outside 127.0.0.0/8 (or ::1, or a Unix socket) is refused before it is
// made and written to $K8SLAB_LOOPBACK_LOG; every allowed one is counted there too, so a test can
// tell "nothing left this machine" from "nothing connected at all".
import net from 'node:net';
import { appendFileSync } from 'node:fs';

const log = process.env.K8SLAB_LOOPBACK_LOG;
const loopback = (host) =>
  host === undefined || host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host) || /^::ffff:127\./.test(host);

function record(line) {
  if (log) appendFileSync(log, `${line}\n`);
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  // net.connect() and the http agents pass their normalised arguments as one array: [options, cb].
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  let host;
  let port;
  let pathName;
  if (first !== null && typeof first === 'object') {
    host = first.host;
    port = first.port;
    pathName = first.path || undefined; // net dials a pipe only for a non-empty path (the http agents pass path: null)
  } else if (typeof first === 'string' && !/^\d+$/.test(first)) {
    pathName = first;
  } else {
    port = first;
    host = typeof args[1] === 'string' ? args[1] : undefined;
  }
  if (pathName !== undefined) return connect.apply(this, args);
  if (!loopback(host)) {
    record(`DENIED ${process.pid} ${host}:${port}`);
    throw new Error(`loopback guard: refused a connection to ${host}:${port}`);
  }
  record(`ok ${process.pid} ${host ?? 'localhost'}:${port}`);
  return connect.apply(this, args);
};
