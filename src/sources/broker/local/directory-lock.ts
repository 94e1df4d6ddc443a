/**
 * One process owns a local broker directory at a time: `broker.lock` holds
 * the owner's pid. A lock whose process is gone is taken over, so a crash
 * does not wedge the directory.
 */
import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { BrokerError } from '../port.ts';

export interface DirectoryLock {
  release(): Promise<void>;
}

export async function lockDirectory(dir: string): Promise<DirectoryLock> {
  const path = join(dir, 'broker.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, 'wx');
      await file.writeFile(String(process.pid));
      await file.close();
      return { release: () => unlink(path).catch(() => {}) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (isAlive(owner)) {
        throw new BrokerError('local', 'BROKER_LOCKED', `${dir} is in use by process ${owner}`, false);
      }
      await unlink(path).catch(() => {});
    }
  }
  throw new BrokerError('local', 'BROKER_LOCKED', `${dir}: could not take broker.lock`, true);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
