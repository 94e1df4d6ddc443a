import { connect, type Socket } from 'node:net';

/** A minimal HTTP/1.1 response: what a GraphQL POST needs. */
export interface RawResponse {
  status: number;
  body: string;
}

interface PendingRequest {
  message: string | Buffer;
  resolve: (response: RawResponse) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | null;
  retried: boolean;
  connection: Connection | null;
}

interface Connection {
  socket: Socket;
  current: PendingRequest | null;
  served: number;
  parser: ResponseParser;
}

/**
 * Keep-alive HTTP/1.1 connections to one origin. Each request is one socket write (head and body together) and the
 * response is parsed in place (Content-Length or chunked): far less work per call than node:http's ClientRequest,
 * which matters because a federated operation makes several subgraph calls.
 */
export function createHttp1Pool(host: string, port: number, maxConnections = 128) {
  const idle: Connection[] = [];
  const queue: PendingRequest[] = [];
  let open = 0;

  function dispatch(request: PendingRequest) {
    const connection = idle.pop();
    if (connection) return assign(connection, request);
    if (open < maxConnections) return assign(openConnection(), request);
    queue.push(request);
  }

  function assign(connection: Connection, request: PendingRequest) {
    connection.current = request;
    request.connection = connection;
    connection.parser.reset();
    connection.socket.write(request.message);
  }

  function openConnection(): Connection {
    open++;
    const socket = connect({ host, port, noDelay: true, keepAlive: true });
    const connection: Connection = { socket, current: null, served: 0, parser: new ResponseParser() };
    socket.on('data', (chunk: Buffer) => {
      const request = connection.current;
      if (!request) return;
      const response = connection.parser.push(chunk);
      if (!response) return;
      connection.current = null;
      connection.served++;
      finish(request, response);
      if (connection.parser.closeAfter) socket.destroy();
      else release(connection);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      open--;
      const index = idle.indexOf(connection);
      if (index >= 0) idle.splice(index, 1);
      const request = connection.current;
      connection.current = null;
      if (request) failOrRetry(request, connection);
      if (queue.length && open < maxConnections) dispatch(queue.shift()!);
    });
    return connection;
  }

  function release(connection: Connection) {
    const next = queue.shift();
    if (next) assign(connection, next);
    else idle.push(connection);
  }

  /** A reused keep-alive socket may have been closed by the server just before our write: retry once on a new one. */
  function failOrRetry(request: PendingRequest, connection: Connection) {
    const untouched = !connection.parser.started;
    const closeDelimited = connection.parser.finishOnClose();
    if (closeDelimited) return finish(request, closeDelimited);
    if (untouched && connection.served > 0 && !request.retried) {
      request.retried = true;
      return dispatch(request);
    }
    if (request.timer) clearTimeout(request.timer);
    request.reject(new Error(`connection to ${host}:${port} closed before a complete response`));
  }

  function finish(request: PendingRequest, response: RawResponse) {
    if (request.timer) clearTimeout(request.timer);
    request.resolve(response);
  }

  return {
    request(message: string | Buffer, timeoutMs: number): Promise<RawResponse> {
      return new Promise((resolve, reject) => {
        const request: PendingRequest = { message, resolve, reject, timer: null, retried: false, connection: null };
        request.timer = setTimeout(() => {
          request.timer = null;
          request.resolve = () => {};
          request.reject = () => {};
          const queued = queue.indexOf(request);
          if (queued >= 0) queue.splice(queued, 1);
          if (request.connection?.current === request) request.connection.socket.destroy();
          reject(new Error(`no response within ${timeoutMs} ms`));
        }, timeoutMs);
        dispatch(request);
      });
    },
  };
}

/** Incremental parser for one response at a time. */
class ResponseParser {
  started = false;
  closeAfter = false;
  private buffer: Buffer | null = null;
  private chunks: Buffer[] = [];
  private total = 0;
  private status = 0;
  private bodyStart = -1;
  private length = -1;
  private chunked = false;

  reset() {
    this.started = false;
    this.closeAfter = false;
    this.buffer = null;
    this.chunks = [];
    this.total = 0;
    this.bodyStart = -1;
    this.length = -1;
    this.chunked = false;
  }

  push(chunk: Buffer): RawResponse | null {
    this.started = true;
    this.chunks.push(chunk);
    this.total += chunk.length;
    if (this.bodyStart < 0 && !this.readHead(this.joined())) return null;
    if (this.length >= 0 && this.total - this.bodyStart < this.length) return null;
    if (this.length < 0 && !this.chunked) return null; // delimited by connection close
    const buffer = this.joined();
    if (this.chunked) return this.readChunked(buffer);
    return { status: this.status, body: buffer.toString('utf8', this.bodyStart, this.bodyStart + this.length) };
  }

  finishOnClose(): RawResponse | null {
    if (this.bodyStart < 0 || this.length >= 0 || this.chunked) return null;
    return { status: this.status, body: this.joined().toString('utf8', this.bodyStart) };
  }

  private joined(): Buffer {
    if (this.buffer && this.buffer.length === this.total) return this.buffer;
    this.buffer = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.total);
    this.chunks = [this.buffer];
    return this.buffer;
  }

  private readHead(buffer: Buffer): boolean {
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return false;
    const head = buffer.toString('latin1', 0, end);
    this.status = Number(head.slice(9, 12));
    for (const line of head.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line
        .slice(colon + 1)
        .trim()
        .toLowerCase();
      if (name === 'content-length') this.length = Number(value);
      else if (name === 'transfer-encoding') this.chunked = value.includes('chunked');
      else if (name === 'connection') this.closeAfter = value === 'close';
    }
    this.bodyStart = end + 4;
    if (this.status === 204 || this.status === 304) this.length = 0;
    if (this.length < 0 && !this.chunked) this.closeAfter = true;
    return true;
  }

  private readChunked(buffer: Buffer): RawResponse | null {
    const parts: Buffer[] = [];
    let offset = this.bodyStart;
    for (;;) {
      const lineEnd = buffer.indexOf('\r\n', offset);
      if (lineEnd < 0) return null;
      const size = parseInt(buffer.toString('latin1', offset, lineEnd), 16);
      if (size === 0) return buffer.indexOf('\r\n\r\n', lineEnd) < 0 ? null : this.done(parts);
      if (buffer.length < lineEnd + 2 + size + 2) return null;
      parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
      offset = lineEnd + 2 + size + 2;
    }
  }

  private done(parts: Buffer[]): RawResponse {
    return { status: this.status, body: Buffer.concat(parts).toString('utf8') };
  }
}
