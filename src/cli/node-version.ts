// The oldest Node.js we run on (package.json engines, ADR-015). Checked before anything that
// needs a newer one loads, so an old Node gets one line saying what to do, not a stack trace.
export const MIN_NODE_MAJOR = 22;

/** The message for an unsupported Node, or undefined when this one will do. */
export function unsupportedNode(version: string = process.versions.node): string | undefined {
  const major = Number.parseInt(version.split('.')[0] ?? '', 10);
  if (Number.isFinite(major) && major >= MIN_NODE_MAJOR) return undefined;
  return `k8slab-tui needs Node.js ${MIN_NODE_MAJOR} or newer; this is Node.js ${version}. Install the current LTS (macOS: brew install node@24; elsewhere: https://nodejs.org) and run it again`;
}
