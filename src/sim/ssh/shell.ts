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

  const execute = async (text: string): Promise<void> => {
    const command = text.trim();
    const exit = /^exit(?:\s+(\d+))?$/.exec(command);
    if (exit) return finish(Number(exit[1] ?? 0));
    if (command !== '') {
      const abort = new AbortController();
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
      if (result.stdout) channel.write(crlf(result.stdout));
      if (result.stderr) channel.write(crlf(result.stderr));
    }
    if (!closed) channel.write(prompt);
  };

  channel.on('data', (chunk: Buffer) => {
    if (busy || closed) return; // a running command owns the terminal; keys are dropped
    for (const ch of chunk.toString('utf8')) {
      if (ch === '\r' || ch === '\n') {
        channel.write('\r\n');
        const text = line;
        line = '';
        busy = true;
        void execute(text).finally(() => {
          busy = false;
        });
        return;
      }
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
  });
}
