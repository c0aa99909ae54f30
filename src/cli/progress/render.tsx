// Mounts the live view with Ink for a CLI phase job. Loaded with import() only when the view is
// used (a terminal, no --json). Ink gets an idle stdin: the job needs no keys, so the terminal
// stays in cooked mode and Ctrl-C stays a SIGINT for the runner's cancelOnSignals.
import React from 'react';
import { Readable } from 'node:stream';
import { render } from 'ink';
import type { StepHistory } from '../../phases/runner/estimate.js';
import { LiveProgress } from './LiveProgress.js';
import type { LiveStore } from './store.js';

export interface MountedView {
  /** Removes the live area (the lines printed above stay) and lets Ink go. */
  close(): Promise<void>;
}

export function mountLiveProgress(store: LiveStore, history: StepHistory, stdout: NodeJS.WriteStream): MountedView {
  const idle = Object.assign(new Readable({ read: () => undefined }), { isTTY: false }) as unknown as NodeJS.ReadStream;
  const instance = render(<LiveProgress store={store} history={history} />, {
    stdout,
    stdin: idle,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return {
    close: async () => {
      store.end();
      instance.unmount();
      await instance.waitUntilExit();
    },
  };
}
