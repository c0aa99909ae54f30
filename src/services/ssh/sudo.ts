// The seed's ssh_exec_sudo as one remote command line. Without a password: `sudo -n`, which fails
// at once instead of hanging on a prompt. With one: the password travels on the channel's stdin
// (never in argv, never in the command text), is read by the remote shell's `read` builtin and
// handed to `sudo -S` only when sudo actually asks, so a NOPASSWD sudoers never leaks it to the
// command's stdin.
import { shellQuote } from '../../util/shell-quote.js';

export const SUDO_PASSWORD_VAR = '__k8slab_pw';

export function sudoCommand(command: string, withPassword: boolean): string {
  const inner = `sudo -n -- sh -c ${shellQuote(command)}`;
  if (!withPassword) return inner;
  const prompted = `sudo -S -p '' -- sh -c ${shellQuote(command)}`;
  return (
    `IFS= read -r ${SUDO_PASSWORD_VAR}; ` +
    `if sudo -n true 2>/dev/null; then unset ${SUDO_PASSWORD_VAR}; ${inner}; ` +
    `else { printf '%s\\n' "$${SUDO_PASSWORD_VAR}"; unset ${SUDO_PASSWORD_VAR}; cat; } | ${prompted}; fi`
  );
}
