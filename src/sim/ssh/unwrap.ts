// Reads the command lines our SSH pool sends back into what the simulated VM should run:
// the pool's sudo wrappers (sudoCommand), plain `sudo …` prefixes and `sh -c '…'`.
import { SUDO_PASSWORD_VAR } from '../../services/ssh/sudo.js';
import { shellUnquote } from '../../util/shell-quote.js';

export interface Unwrapped {
  command: string;
  sudo: boolean;
  /** The first stdin line is a password for sudo (the pool's password wrapper). */
  passwordOnStdin: boolean;
}

/** Reads one shell word (quotes and escapes as shellQuote writes them) starting at `from`. */
export function readWord(text: string, from: number): { word: string; end: number } | undefined {
  let i = from;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return undefined;
      i = close + 1;
    } else if (ch === '\\') i += 2;
    else if (/[\s;|&]/.test(ch)) break;
    else i += 1;
  }
  const word = shellUnquote(text.slice(from, i));
  return word === undefined ? undefined : { word, end: i };
}

const SUDO_OPTS_WITH_ARG = new Set(['-p', '-u', '-g', '-C', '-D', '-h', '-U', '-r', '-t']);

export function unwrapCommand(line: string): Unwrapped {
  let command = line.trim();
  let sudo = false;
  let passwordOnStdin = false;
  if (command.startsWith(`IFS= read -r ${SUDO_PASSWORD_VAR};`)) {
    passwordOnStdin = true;
    const at = command.indexOf('sudo -n -- sh -c ');
    const word = at >= 0 ? readWord(command, at + 'sudo -n -- sh -c '.length) : undefined;
    if (word) return { command: word.word, sudo: true, passwordOnStdin };
  }
  for (;;) {
    const sudoMatch = /^sudo(\s+|$)/.exec(command);
    if (sudoMatch) {
      sudo = true;
      let rest = command.slice(sudoMatch[0].length);
      for (;;) {
        const opt = /^(-[A-Za-z]+|--)(\s+|$)/.exec(rest);
        if (!opt) break;
        rest = rest.slice(opt[0].length);
        if (opt[1] === '--') break;
        if (SUDO_OPTS_WITH_ARG.has(opt[1] as string)) {
          const arg = readWord(rest, 0);
          rest = arg ? rest.slice(arg.end).trimStart() : rest;
        }
      }
      command = rest.trim();
      continue;
    }
    const shMatch = /^(?:\/bin\/)?(?:ba)?sh\s+-c\s+/.exec(command);
    if (shMatch) {
      const word = readWord(command, shMatch[0].length);
      if (word && command.slice(word.end).trim() === '') {
        command = word.word.trim();
        continue;
      }
    }
    return { command, sudo, passwordOnStdin };
  }
}
