/** Spawns a pipelines worker process (pipeline-worker-child.ts) on a test database. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface PipelineWorkerProcess {
  child: ChildProcess;
  /** Resolves once the worker consumes jobs. */
  ready: Promise<void>;
  /** The exit code (null when a signal ended it). */
  exited: Promise<number | null>;
}

const CHILD = fileURLToPath(new URL('./pipeline-worker-child.ts', import.meta.url));

export function spawnPipelineWorker(databaseUrl: string, name: string, concurrency = 2): PipelineWorkerProcess {
  const child = spawn(process.execPath, [CHILD], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, MESHGATE_PIPE_DATABASE_URL: databaseUrl, MESHGATE_PIPE_WORKER: name, MESHGATE_PIPE_CONCURRENCY: String(concurrency) },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready\n')) resolve();
    });
    void exited.then((code) => reject(new Error(`pipeline worker ${name} exited (${code}) before it was ready`)));
  });
  return { child, ready, exited };
}
