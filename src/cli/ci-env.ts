// Ink decides once, when its module is first evaluated, whether it runs "in CI" (the CI or
// CONTINUOUS_INTEGRATION variable set): then it draws nothing until it exits. Someone who starts
// the TUI in a real terminal wants to see it, whatever their environment says, so the variables
// are hidden while Ink loads and put back at once (child processes such as tart, kubectl and helm
// still see them).
const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

export async function importWithoutCiDetection<T>(load: () => Promise<T>, interactive: boolean): Promise<T> {
  if (!interactive) return load();
  const saved = new Map<string, string>();
  for (const name of CI_VARIABLES) {
    const value = process.env[name];
    if (value !== undefined) {
      saved.set(name, value);
      delete process.env[name];
    }
  }
  try {
    return await load();
  } finally {
    for (const [name, value] of saved) process.env[name] = value;
  }
}
