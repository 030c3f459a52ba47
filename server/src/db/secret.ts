import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The embedded mode's token-signing secret: made once, kept in the data folder (mode 0600), so
 * sessions survive a restart without any setting. It is returned as found: the caller checks its
 * length (an empty or truncated file must stop start-up, not fail every log-in).
 */
export async function loadOrCreateSecret(dataDir: string): Promise<string> {
  const file = secretFile(dataDir);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}

/** Where the embedded mode keeps its generated secret. */
export const secretFile = (dataDir: string) => path.join(dataDir, 'jwt-secret');
