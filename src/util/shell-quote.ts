// POSIX shell quoting: every value that reaches a shell (a remote node's, a wrapper script's, a
// command shown to the user) goes through here, so that a node name, a path or a password can
// never be read by the shell as syntax.

const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
const PLAIN_CHAR = /[A-Za-z0-9_@%+=:,./-]/;

/** Quotes one argument for a POSIX shell: wrapped in single quotes, embedded ones as '\''. */
export function shellQuote(arg: string): string {
  if (arg === '') return "''";
  // Plain words need no quotes; keeping them bare makes logged commands readable.
  if (PLAIN_WORD.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Quotes each argument and joins them with spaces: a command line safe for `sh -c`. */
export function shellJoin(args: readonly string[]): string {
  return args.map(shellQuote).join(' ');
}

/**
 * The inverse of shellQuote for one word made of single-quoted parts and bare characters
 * (what shellQuote produces). Returns undefined for anything else (double quotes, $, spaces…).
 */
export function shellUnquote(word: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < word.length) {
    const ch = word[i] as string;
    if (ch === "'") {
      const end = word.indexOf("'", i + 1);
      if (end < 0) return undefined;
      out += word.slice(i + 1, end);
      i = end + 1;
    } else if (ch === '\\' && i + 1 < word.length) {
      out += word[i + 1];
      i += 2;
    } else if (PLAIN_CHAR.test(ch)) {
      out += ch;
      i += 1;
    } else {
      return undefined;
    }
  }
  return out;
}
