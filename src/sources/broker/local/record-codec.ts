/**
 * The local log's on-disk record: `[u32 body length][u32 crc32(body)][body]`,
 * body = `[u32 meta length][meta JSON][value bytes]`. The checksum lets a
 * reopened log drop a record torn by a crash during its (unacknowledged) write.
 */
import { crc32 } from 'node:zlib';

export interface LogRecord {
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
  timestamp: number;
}

const FRAME_HEADER = 8;

export function encodeRecords(records: LogRecord[]): Buffer {
  const frames = records.map((record) => {
    const meta = Buffer.from(JSON.stringify({ k: record.key, h: record.headers, t: record.timestamp }), 'utf8');
    const body = Buffer.allocUnsafe(4 + meta.length + record.value.length);
    body.writeUInt32BE(meta.length, 0);
    meta.copy(body, 4);
    record.value.copy(body, 4 + meta.length);
    const header = Buffer.allocUnsafe(FRAME_HEADER);
    header.writeUInt32BE(body.length, 0);
    header.writeUInt32BE(crc32(body), 4);
    return [header, body];
  });
  return Buffer.concat(frames.flat());
}

/**
 * Start positions of the intact records in `data`, and where the intact
 * prefix ends (anything after it is a torn tail).
 */
export function scanFrames(data: Buffer): { starts: number[]; end: number } {
  const starts: number[] = [];
  let position = 0;
  while (position + FRAME_HEADER <= data.length) {
    const length = data.readUInt32BE(position);
    const bodyStart = position + FRAME_HEADER;
    if (bodyStart + length > data.length) break;
    if (crc32(data.subarray(bodyStart, bodyStart + length)) !== data.readUInt32BE(position + 4)) break;
    starts.push(position);
    position = bodyStart + length;
  }
  return { starts, end: position };
}

/** Decodes the frames laid end to end in `data`. */
export function decodeFrames(data: Buffer): LogRecord[] {
  const records: LogRecord[] = [];
  let position = 0;
  while (position < data.length) {
    const length = data.readUInt32BE(position);
    const body = data.subarray(position + FRAME_HEADER, position + FRAME_HEADER + length);
    const metaLength = body.readUInt32BE(0);
    const meta = JSON.parse(body.toString('utf8', 4, 4 + metaLength)) as { k: string | null; h: Record<string, string>; t: number };
    records.push({ key: meta.k, headers: meta.h, timestamp: meta.t, value: Buffer.from(body.subarray(4 + metaLength)) });
    position += FRAME_HEADER + length;
  }
  return records;
}
