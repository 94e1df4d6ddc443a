/**
 * One partition of the local broker: an append-only file of framed records
 * and, in memory, the byte position of every offset (rebuilt by scanning the
 * file on open; a torn tail left by a crash is cut off). Offsets are dense
 * from 0. A record becomes readable only after its append was fsynced, so
 * consumers never see a message the producer was not told is durable.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { decodeFrames, encodeRecords, scanFrames, type LogRecord } from './record-codec.ts';

export interface PartitionLog {
  /** The offset the next appended record gets. */
  readonly high: number;
  /** Appends and fsyncs; resolves with the first record's offset. */
  append(records: LogRecord[]): Promise<number>;
  /** Up to `max` records from offset `from`, in order. */
  read(from: number, max: number): Promise<LogRecord[]>;
  close(): Promise<void>;
}

export async function openPartitionLog(path: string): Promise<PartitionLog> {
  const file = await open(path, 'a+');
  const { starts, end } = scanFrames(await file.readFile());
  if ((await file.stat()).size > end) await file.truncate(end);
  // starts[offset] is where the record begins; the extra last entry is the end of the log.
  const positions = [...starts, end];
  let appending: Promise<unknown> = Promise.resolve();

  async function appendNow(records: LogRecord[]): Promise<number> {
    const first = positions.length - 1;
    const data = encodeRecords(records);
    try {
      await writeAll(file, data);
      await file.datasync();
    } catch (error) {
      // Cut a partial write off so the next append starts on a frame boundary.
      await file.truncate(positions[first]).catch(() => {});
      throw error;
    }
    let position = positions[first];
    for (const frameLength of frameLengths(data, records.length)) {
      position += frameLength;
      positions.push(position);
    }
    return first;
  }

  return {
    get high() {
      return positions.length - 1;
    },
    append(records) {
      const result = appending.then(() => appendNow(records));
      appending = result.catch(() => {});
      return result;
    },
    async read(from, max) {
      const to = Math.min(positions.length - 1, from + max);
      if (from >= to) return [];
      const length = positions[to] - positions[from];
      const buffer = Buffer.allocUnsafe(length);
      await file.read(buffer, 0, length, positions[from]);
      return decodeFrames(buffer);
    },
    async close() {
      await appending;
      await file.close();
    },
  };
}

async function writeAll(file: FileHandle, data: Buffer): Promise<void> {
  let written = 0;
  while (written < data.length) {
    // The file is opened for appending: every write goes to its end.
    const { bytesWritten } = await file.write(data, written, data.length - written);
    written += bytesWritten;
  }
}

function frameLengths(data: Buffer, count: number): number[] {
  const lengths: number[] = [];
  let position = 0;
  for (let i = 0; i < count; i++) {
    const length = 8 + data.readUInt32BE(position);
    lengths.push(length);
    position += length;
  }
  return lengths;
}
