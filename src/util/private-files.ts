// Files in the lab state dir hold kubeconfigs, the SSH key, known_hosts and job records. They are
// created 0600 in 0700 folders and never opened through a symbolic link: a journal.jsonl linked
// to elsewhere must not have our records appended to the link's target (O_NOFOLLOW), and a
// kubeconfig written over a link must not land where the link points.
import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
  chmodSync,
} from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export class StateFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'StateFileError';
  }
}

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Makes `dir` (and missing parents) 0700. An existing dir that others can read or enter is
 * tightened; the return value says so, for a warning. A symlink or a file in its place is refused.
 */
export function ensurePrivateDir(dir: string): { tightened?: { from: number } } {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  const st = lstatSync(dir);
  if (st.isSymbolicLink()) throw new StateFileError(dir, 'is a symbolic link; the lab state dir must be a real directory');
  if (!st.isDirectory()) throw new StateFileError(dir, 'is not a directory');
  const mode = st.mode & 0o777;
  if ((mode & 0o077) === 0) return {};
  chmodSync(dir, PRIVATE_DIR);
  return { tightened: { from: mode } };
}

/** "0755" for a warning message. */
export function octalMode(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}

export type PrivateOpenMode = 'append' | 'append-read' | 'create-new';

const FLAGS: Record<PrivateOpenMode, number> = {
  append: constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND,
  'append-read': constants.O_RDWR | constants.O_CREAT | constants.O_APPEND,
  'create-new': constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
};

/**
 * Opens a state file without following a final symlink, creating it 0600 in a 0700 folder.
 * `created` tells whether this call made the file (the journal fsyncs its folder then). A file
 * that is not regular (a FIFO, a device) is refused before any byte is written; a looser mode on
 * an existing file is tightened to 0600.
 */
export function openPrivateFile(file: string, mode: PrivateOpenMode): { fd: number; created: boolean } {
  mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR });
  let created = false;
  let fd: number;
  try {
    // O_EXCL first tells whether we create it; O_NONBLOCK keeps a FIFO from blocking the open
    fd = openSync(file, FLAGS[mode] | constants.O_EXCL | constants.O_NOFOLLOW | constants.O_NONBLOCK, PRIVATE_FILE);
    created = true;
  } catch (err) {
    // create-new keeps the plain EEXIST: the lock takes it to mean "held"
    if (errnoCode(err) !== 'EEXIST' || mode === 'create-new') throw translate(file, err);
    try {
      fd = openSync(file, FLAGS[mode] | constants.O_NOFOLLOW | constants.O_NONBLOCK, PRIVATE_FILE);
    } catch (again) {
      throw translate(file, again);
    }
  }
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    throw new StateFileError(file, 'is not a regular file; move it away and try again');
  }
  if ((st.mode & 0o077) !== 0) fchmodSync(fd, PRIVATE_FILE);
  return { fd, created };
}

function translate(file: string, err: unknown): Error {
  const code = errnoCode(err);
  // Linux says ELOOP for O_NOFOLLOW on a link; macOS and the BSDs say EMLINK or EFTYPE
  if (code === 'ELOOP' || code === 'EMLINK' || code === 'EFTYPE') {
    return new StateFileError(
      file,
      'is a symbolic link; state files are never opened through links. Remove the link (rm it) and run again',
    );
  }
  // a FIFO without a reader (write-only, non-blocking), a device, a directory
  if (code === 'ENXIO' || code === 'ENODEV' || code === 'EISDIR')
    return new StateFileError(file, 'is not a regular file; move it away and try again');
  return err instanceof Error ? err : new Error(String(err));
}

/** fsync a folder so that a file just created in it survives a crash (its entry is on disk). */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
    fsyncSync(fd);
  } catch {
    // not every filesystem lets a directory be fsync'd; the file's own fsync still holds
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Appends text to a private state file (known_hosts, a VM console log header). */
export function appendPrivateFile(file: string, text: string): void {
  const { fd } = openPrivateFile(file, 'append');
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces a private state file's content atomically: a fresh 0600 temp file beside it, fsync'd,
 * renamed over the target. A symlink at the target is refused rather than replaced, so a user's
 * deliberate link is reported instead of silently broken.
 */
export function writePrivateFile(file: string, data: string | Uint8Array, fileMode = PRIVATE_FILE): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR });
  try {
    const st = lstatSync(file);
    if (st.isSymbolicLink())
      throw new StateFileError(
        file,
        'is a symbolic link; state files are never written through links. Remove the link (rm it) and run again',
      );
    if (!st.isFile()) throw new StateFileError(file, 'is not a regular file; move it away and try again');
  } catch (err) {
    if (err instanceof StateFileError) throw err;
    if (errnoCode(err) !== 'ENOENT') throw err;
  }
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, fileMode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fchmodSync(fd, fileMode); // the umask may have narrowed it; a .pub file wants exactly 0644
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(temp);
    throw err;
  }
  closeSync(fd);
  renameSync(temp, file);
}
