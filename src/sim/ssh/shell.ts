// The simulated VM's interactive shell on a pty: a prompt, echo, backspace, ^C, ^D, and commands
// answered by the same handlers as exec (plus `exit`).
import { PassThrough } from 'node:stream';
import type { ServerChannel } from 'ssh2';
import type { SimExecContext, SimExecResult } from './commands.js';
import type { SyntheticNode } from './synthetic.js';

export type RunCommand = (command: string, ctx: SimExecContext) => Promise<SimExecResult>;

const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

export function runShell(channel: ServerChannel, node: SyntheticNode, username: string, run: RunCommand): void {
  const prompt = `${username}@${node.vm.name}:~$ `;
  let line = '';
  let busy = false;
  let closed = false;
  channel.on('close', () => {
    closed = true;
  });
  const finish = (code: number): void => {
    if (closed) return;
    closed = true;
    channel.exit(code);
    channel.end();
  };
  channel.write(`Welcome to Ubuntu 24.04.1 LTS (GNU/Linux 6.8.0-51-generic aarch64)\r\n\r\n${prompt}`);

  // The running command's abort, so that ^C interrupts it as the tty's SIGINT would.
  let running: AbortController | undefined;
  const execute = async (text: string): Promise<void> => {
    const command = text.trim();
    const exit = /^exit(?:\s+(\d+))?$/.exec(command);
    if (exit) return finish(Number(exit[1] ?? 0));
    if (command !== '') {
      const abort = new AbortController();
      running = abort;
      const ctx: SimExecContext = {
        node,
        username,
        sudo: false,
        stdin: new PassThrough().end(),
        write: (t) => channel.write(crlf(t)),
        writeErr: (t) => channel.write(crlf(t)),
        signal: abort.signal,
      };
      const result = await run(command, ctx);
      running = undefined;
      if (closed) return;
      if (result.stdout) channel.write(crlf(result.stdout));
      if (result.stderr) channel.write(crlf(result.stderr));
    }
    if (!closed) channel.write(prompt);
  };

  // Input typed (or pasted, or piped by `ssh -tt`) while a command runs waits its turn, as in a
  // tty's input queue; dropping it lost every line after the first of a chunk.
  let pending = '';
  let lastWasCr = false;
  const pump = (): void => {
    while (!busy && !closed && pending !== '') {
      const ch = String.fromCodePoint(pending.codePointAt(0) as number); // whole characters, not UTF-16 halves
      pending = pending.slice(ch.length);
      if (ch === '\r' || ch === '\n') {
        if (ch === '\n' && lastWasCr) {
          lastWasCr = false; // CR LF from a terminal is one Enter
          continue;
        }
        lastWasCr = ch === '\r';
        channel.write('\r\n');
        const text = line;
        line = '';
        busy = true;
        void execute(text).finally(() => {
          busy = false;
          pump();
        });
        return;
      }
      lastWasCr = false;
      if (ch === '\x03') {
        line = '';
        channel.write(`^C\r\n${prompt}`);
      } else if (ch === '\x04') {
        if (line === '') return finish(0);
      } else if (ch === '\x7f' || ch === '\b') {
        if (line.length > 0) {
          line = line.slice(0, -1);
          channel.write('\b \b');
        }
      } else if (ch >= ' ') {
        line += ch;
        channel.write(ch);
      }
    }
  };

  channel.on('data', (chunk: Buffer) => {
    if (closed) return;
    const text = chunk.toString('utf8');
    if (busy && text.includes('\x03')) {
      // ^C while a command runs: interrupt it and flush what was typed ahead (the tty's ISIG).
      pending = '';
      channel.write('^C\r\n');
      running?.abort();
      return;
    }
    pending += text;
    pump();
  });
}
