// The controller used until the composition root is given one wired to the services: every
// action fails with a message the footer shows, so keys never silently do nothing.
import type { LabController } from '../ports/lab-controller.js';

const notWired = (what: string): Error => new Error(`${what} is not available: no lab connected`);

export const nullController: LabController = {
  tailPodLogs: () => Promise.reject(notWired('pod logs')),
  tailKubeletJournal: () => Promise.reject(notWired('the kubelet journal')),
  openShell: () => Promise.reject(notWired('an SSH shell')),
  silenceAlert: () => Promise.reject(notWired('silencing')),
  startJob: () => Promise.reject(notWired('running a job')),
  cancelJob: () => undefined,
};
