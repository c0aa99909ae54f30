// Entering and leaving the alternate screen. Leaving must happen on every exit path (q, Ctrl-C,
// a signal, an uncaught error), so it is idempotent.
const ENTER = '\x1b[?1049h\x1b[H\x1b[?25l';
const LEAVE = '\x1b[?25h\x1b[?1049l';

let active = false;

export function enterAltScreen(out: NodeJS.WriteStream = process.stdout): void {
  if (active || !out.isTTY) return;
  out.write(ENTER);
  active = true;
}

export function leaveAltScreen(out: NodeJS.WriteStream = process.stdout): void {
  if (!active) return;
  out.write(LEAVE);
  active = false;
}
