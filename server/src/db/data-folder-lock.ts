import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/** A lock not refreshed for this long belongs to a process that is gone (killed, or the machine stopped). */
export const LOCK_STALE_MS = 5_000;
// Refreshed well inside the stale time, so a busy event loop does not lose the lock.
const LOCK_UPDATE_MS = 1_000;

/** Another live process holds the data folder. */
export class DataFolderInUseError extends Error {
  override name = 'DataFolderInUseError';
}

/**
 * Takes the exclusive lock on an embedded data folder (`vetline.lock`, kept fresh by
 * proper-lockfile), so two servers never open one PGlite database. A lock whose owner is alive
 * refuses at once; one left by a killed owner is taken over once it is stale (≤ LOCK_STALE_MS).
 * @returns a function that releases the lock.
 * @throws DataFolderInUseError when another live process holds it.
 */
export async function lockDataFolder(
  dataDir: string,
  onCompromised: (error: Error) => void,
): Promise<() => Promise<void>> {
  const ownerFile = path.join(dataDir, 'vetline.pid');
  const options = {
    lockfilePath: path.join(dataDir, 'vetline.lock'),
    realpath: false,
    stale: LOCK_STALE_MS,
    update: LOCK_UPDATE_MS,
    onCompromised,
  };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const owner = await readOwner(ownerFile);
    const refusal = () =>
      new DataFolderInUseError(
        `The data folder ${dataDir} is in use by another Vetline${owner ? ` (process ${owner})` : ''}. ` +
          'Stop it first, or set VETLINE_DATA_DIR to another folder.',
      );
    if (owner !== undefined && isAlive(owner)) throw refusal();
    // The owner is gone without releasing: wait until its last refresh is stale, then take over.
    const attempts = Math.ceil(LOCK_STALE_MS / 250) + 4;
    try {
      release = await lockfile.lock(dataDir, { ...options, retries: { retries: attempts, factor: 1, minTimeout: 250, maxTimeout: 250 } });
    } catch (retryError) {
      if ((retryError as NodeJS.ErrnoException).code === 'ELOCKED') throw refusal();
      throw retryError;
    }
  }
  // proper-lockfile makes its directory with the default mode; the data folder is owner-only throughout.
  await chmod(options.lockfilePath, 0o700);
  await writeFile(ownerFile, `${process.pid}\n`, { mode: 0o600 });
  return async () => {
    await rm(ownerFile, { force: true });
    await release();
  };
}

async function readOwner(file: string): Promise<number | undefined> {
  const pid = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
