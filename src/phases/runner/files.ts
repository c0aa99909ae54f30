// Where a job's files go in the lab state dir: the shared journal and lock, one log per job.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { StatePaths } from '../../config/paths.js';
import type { JobKind } from './types.js';

export function newJobId(kind: JobKind, now = new Date()): string {
  return `${kind}-${now.toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
}

/** RunOptions' journal/lock/log/jobId for a job in this lab: spread into startJob's options. */
export function jobFiles(
  paths: StatePaths,
  kind: JobKind,
  jobId = newJobId(kind),
): { jobId: string; journal: string; lock: string; log: string } {
  return { jobId, journal: paths.journal, lock: paths.lock, log: path.join(paths.logs, 'jobs', `${jobId}.log`) };
}
