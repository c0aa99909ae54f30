// The phase runner's public surface, for the phase modules, the CLI subcommands and the TUI.
export * from './target.js';
export type * from './types.js';
export * from './plan.js';
export type * from './events.js';
export * from './recap.js';
export * from './failure.js';
export * from './command.js';
export { isPidAlive, killChild } from './kill.js';
export * from './journal.js';
export * from './resume.js';
export * from './lock.js';
export * from './runner.js';
export * from './format.js';
export { labSecrets, makeMasker, MASK } from './mask.js';
export * from './signals.js';
export { OUTPUT_TAIL_LINES } from './context.js';
export * from './files.js';
export * from './progress.js';
