import { connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect, type TLSSocket } from "node:tls";

/**
 * Loket's own HTTP/1.1 client for the Bot API's JSON calls (a reply, a tap's answer, "typing…"):
 * a pool of kept-alive sockets per Bot API origin, each request written as one string (request
 * line, headers, JSON body), one exchange at a time on a socket, the answer read by a small parser
 * (status line, Content-Length or chunked body, `Connection: close`, HTTP/1.0, an answer read to
 * the socket's end). Why not Node's client: its ClientRequest, agent, IncomingMessage stream and
 * their events were over half of a reply's send in perf26's profile (docs/benchmarks.md). Uploads
 * and grammY's own calls keep Node's client (fetch.ts).
 */

/** Where a pool connects: the host without IPv6 brackets; the TLS server name ("" for none). */
export interface Http1Origin {
  https: boolean;
  host: string;
  port: number;
  servername: string;
}

/** The end of one exchange: a network or protocol error, or the status and the answer's text. */
export type Http1Done = (err: Error | undefined, status: number, text: string) => void;

/** A call under way: `destroy` ends it with `err` (an abort, the call's time bound). */
export interface Http1Call {
  destroy(err: Error): void;
}

/** Bounds on what a server may send before the body (a Bot API answer's head is ~200 bytes). */
const HEAD_MAX = 64 * 1024;
const LINE_MAX = 4 * 1024;
/** As Node's agent: at most this many idle sockets are kept per origin. */
const IDLE_MAX = 256;
const CRLFCRLF = Buffer.from("\r\n\r\n");

class Exchange implements Http1Call {
  conn: Conn | undefined;
  finished = false;
  /** A byte of the answer arrived: the request was read, it is never sent again. */
  answered = false;
  retried = false;
  constructor(
    readonly pool: Http1Pool,
    readonly request: string,
    private readonly done: Http1Done,
  ) {}
  finish(err: Error | undefined, status: number, text: string): void {
    if (this.finished) return;
    this.finished = true;
    this.done(err, status, text);
  }
  destroy(err: Error): void {
    if (this.finished) return;
    const conn = this.conn;
    this.finish(err, 0, "");
    conn?.socket.destroy();
  }
}

const enum State {
  Head,
  Length,
  ChunkSize,
  ChunkData,
  ChunkEnd,
  Trailers,
  UntilEnd,
}

class Conn {
  readonly socket: Socket;
  exchange: Exchange | undefined;
  /** Exchanges this socket has completed: a socket that served one may have been closed while idle. */
  served = 0;
  private gone = false;
  private error: Error | undefined;
  // The answer being read.
  private buf: Buffer | undefined;
  private pos = 0;
  private state = State.Head;
  private status = 0;
  private remaining = 0;
  private keepAlive = true;
  private parts: Buffer[] = [];
  /** The idle time after which this socket is closed by us (from the server's Keep-Alive hint), 0 for none. */
  private idleMs = 0;

  constructor(private readonly pool: Http1Pool) {
    const o = pool.origin;
    if (o.https) {
      const s: TLSSocket = tlsConnect({ host: o.host, port: o.port, ...(o.servername ? { servername: o.servername } : {}), ...(pool.session ? { session: pool.session } : {}) });
      s.on("session", (session: Buffer) => (pool.session = session));
      this.socket = s;
    } else {
      this.socket = netConnect({ host: o.host, port: o.port });
    }
    this.socket.setNoDelay(true);
    this.socket.setKeepAlive(true, 1000);
    this.socket.on("data", (c: Buffer) => this.onData(c));
    this.socket.on("end", () => this.onEnd());
    this.socket.on("error", (err: Error) => (this.error ??= err));
    this.socket.on("close", () => this.onClose());
    // Inactivity past the server's hint: closed if idle (a slow answer is bounded by the caller).
    this.socket.on("timeout", () => {
      if (!this.exchange) this.socket.destroy();
    });
  }

  run(ex: Exchange): void {
    this.exchange = ex;
    ex.conn = this;
    this.state = State.Head;
    this.parts = [];
    this.keepAlive = true;
    this.socket.ref();
    this.socket.write(ex.request);
  }

  private onData(chunk: Buffer): void {
    const ex = this.exchange;
    if (!ex || ex.finished) return void this.socket.destroy(); // bytes nobody asked for: the socket is not trusted again
    ex.answered = true;
    if (this.buf && this.pos < this.buf.length) {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
    } else this.buf = chunk;
    this.pos = 0;
    try {
      this.parse();
    } catch (err) {
      this.buf = undefined;
      ex.finish(err as Error, 0, "");
      this.socket.destroy();
    }
  }

  /** Reads what `buf` holds from `pos`; completes the exchange when its answer is whole. */
  private parse(): void {
    const buf = this.buf!;
    for (;;) {
      switch (this.state) {
        case State.Head: {
          const end = buf.indexOf(CRLFCRLF, this.pos);
          if (end < 0) {
            if (buf.length - this.pos > HEAD_MAX) throw new Error(`Bot API answer's head over ${HEAD_MAX} bytes`);
            return;
          }
          const head = buf.toString("latin1", this.pos, end);
          this.pos = end + 4;
          this.readHead(head);
          break;
        }
        case State.Length:
        case State.ChunkData: {
          const have = buf.length - this.pos;
          if (have < this.remaining) {
            if (have) this.parts.push(buf.subarray(this.pos));
            this.remaining -= have;
            this.pos = buf.length;
            return;
          }
          if (this.remaining) this.parts.push(buf.subarray(this.pos, this.pos + this.remaining));
          this.pos += this.remaining;
          this.remaining = 0;
          if (this.state === State.Length) return this.complete();
          this.state = State.ChunkEnd;
          break;
        }
        case State.ChunkSize: {
          const line = this.line(buf);
          if (line === undefined) return;
          const m = /^([0-9a-fA-F]{1,8})[ \t]*(?:;.*)?$/.exec(line);
          if (!m) throw new Error(`Bot API answer's chunk size not understood: ${JSON.stringify(line.slice(0, 40))}`);
          this.remaining = parseInt(m[1]!, 16);
          this.state = this.remaining ? State.ChunkData : State.Trailers;
          break;
        }
        case State.ChunkEnd: {
          if (buf.length - this.pos < 2) return;
          if (buf[this.pos] !== 13 || buf[this.pos + 1] !== 10) throw new Error("Bot API answer's chunk not ended by CRLF");
          this.pos += 2;
          this.state = State.ChunkSize;
          break;
        }
        case State.Trailers: {
          const line = this.line(buf);
          if (line === undefined) return;
          if (line === "") return this.complete();
          break; // a trailer: not read
        }
        case State.UntilEnd: {
          if (this.pos < buf.length) this.parts.push(buf.subarray(this.pos));
          this.pos = buf.length;
          return;
        }
      }
    }
  }

  /** The next CRLF-ended line from `pos`, or undefined until it has arrived. */
  private line(buf: Buffer): string | undefined {
    const end = buf.indexOf("\r\n", this.pos);
    if (end < 0) {
      if (buf.length - this.pos > LINE_MAX) throw new Error(`Bot API answer's line over ${LINE_MAX} bytes`);
      return undefined;
    }
    const line = buf.toString("latin1", this.pos, end);
    this.pos = end + 2;
    return line;
  }

  private readHead(head: string): void {
    const m = /^HTTP\/1\.([01]) (\d{3})/.exec(head);
    if (!m) throw new Error(`Bot API answer's status line not understood: ${JSON.stringify(head.slice(0, 40))}`);
    const status = Number(m[2]);
    let length: number | undefined;
    let chunked = false;
    let connection = "";
    let hint: string | undefined;
    let at = head.indexOf("\r\n");
    while (at >= 0) {
      const next = head.indexOf("\r\n", at + 2);
      const lineEnd = next < 0 ? head.length : next;
      const colon = head.indexOf(":", at + 2);
      if (colon > 0 && colon < lineEnd) {
        const name = head.slice(at + 2, colon).trim().toLowerCase();
        const value = head.slice(colon + 1, lineEnd).trim();
        if (name === "content-length") {
          if (!/^\d{1,15}$/.test(value) || (length !== undefined && length !== Number(value))) throw new Error(`Bot API answer's Content-Length not understood: ${JSON.stringify(value)}`);
          length = Number(value);
        } else if (name === "transfer-encoding") chunked = /(?:^|,)\s*chunked\s*$/i.test(value);
        else if (name === "connection") connection += `,${value.toLowerCase()}`;
        else if (name === "keep-alive") hint = value;
      }
      at = next;
    }
    if (status < 200) return; // 100 Continue, 103 Early Hints: the answer's head follows
    this.status = status;
    this.keepAlive = m[1] === "1" ? !/(?:^|,)\s*close\s*(?:,|$)/.test(connection) : /(?:^|,)\s*keep-alive\s*(?:,|$)/.test(connection);
    // As Node's agent: a server's `Keep-Alive: timeout=N` says when it closes an idle connection;
    // the socket is closed by us a second before, and not kept when that leaves no time.
    const seconds = hint === undefined ? undefined : /(?:^|,)\s*timeout=(\d+)/i.exec(hint)?.[1];
    if (seconds !== undefined) {
      const ms = Number(seconds) * 1000 - 1000;
      if (ms <= 0) this.keepAlive = false;
      else if (ms !== this.idleMs) this.socket.setTimeout((this.idleMs = ms));
    }
    if (status === 204 || status === 304) {
      this.state = State.Length;
      this.remaining = 0;
    } else if (chunked) this.state = State.ChunkSize;
    else if (length !== undefined) {
      this.state = State.Length;
      this.remaining = length;
    } else {
      this.state = State.UntilEnd;
      this.keepAlive = false;
    }
  }

  private complete(): void {
    const ex = this.exchange!;
    const parts = this.parts;
    const text = parts.length === 1 ? parts[0]!.toString("utf8") : parts.length ? Buffer.concat(parts).toString("utf8") : "";
    // Bytes past the answer (none from a server that waits for the next request): not trusted.
    const clean = this.buf === undefined || this.pos >= this.buf.length;
    this.buf = undefined;
    this.parts = [];
    this.exchange = undefined;
    ex.conn = undefined;
    this.served++;
    if (this.keepAlive && clean && !this.gone) this.pool.release(this);
    else this.socket.destroy();
    ex.finish(undefined, this.status, text);
  }

  private onEnd(): void {
    if (this.exchange && this.state === State.UntilEnd && !this.exchange.finished) this.complete();
  }

  private onClose(): void {
    this.gone = true;
    this.pool.forget(this);
    const ex = this.exchange;
    this.exchange = undefined;
    if (!ex || ex.finished) return;
    ex.conn = undefined;
    // A socket that served an answer and now closes before a byte of this one: the server closed
    // it while idle and never read the request. Once more on a new socket (see Http1Pool.post).
    if (!ex.answered && !ex.retried && this.served > 0) {
      ex.retried = true;
      return this.pool.start(ex, true);
    }
    const err = this.error ?? Object.assign(new Error(ex.answered ? "Bot API connection closed before the answer was whole" : "socket hang up"), { code: "ECONNRESET" });
    ex.finish(err, 0, "");
  }
}

/**
 * The kept-alive sockets to one Bot API origin. A socket carries one exchange at a time; an idle
 * one is unref'd (it does not keep the process alive) and taken again last-in first-out, as
 * Node's agent does.
 */
export class Http1Pool {
  private readonly idle: Conn[] = [];
  /** The last TLS session, to resume on the next socket. */
  session: Buffer | undefined;
  /** Sockets opened (for tests and benchmarks). */
  opened = 0;

  constructor(readonly origin: Http1Origin) {}

  /**
   * Sends `request` (a whole HTTP/1.1 request: line, headers, blank line, body) and reads its
   * answer; `done` is called once. Sent again, once, on a new socket only when a kept-alive socket
   * closes before any byte of its answer: a server closes a kept-alive connection only between
   * requests, so one that closes as the request arrives has not read it. (Were a server to fail
   * after reading it, the same call would be resent anyway: auto-retry, flood.ts, retries grammY's
   * HttpError after 3 s; this saves the 3 s for the common case.) Never sent again once a byte of
   * its answer arrived, nor after a failure on a new socket.
   */
  post(request: string, done: Http1Done): Http1Call {
    const ex = new Exchange(this, request, done);
    this.start(ex, false);
    return ex;
  }

  /** @internal */
  start(ex: Exchange, fresh: boolean): void {
    const conn = (!fresh && this.idle.pop()) || this.open();
    conn.run(ex);
  }

  private open(): Conn {
    this.opened++;
    return new Conn(this);
  }

  /** @internal */
  release(conn: Conn): void {
    if (this.idle.length >= IDLE_MAX) return void conn.socket.destroy();
    conn.socket.unref();
    this.idle.push(conn);
  }

  /** @internal */
  forget(conn: Conn): void {
    const i = this.idle.lastIndexOf(conn);
    if (i >= 0) this.idle.splice(i, 1);
  }

  /** Closes the idle sockets (a stopping bot; calls under way end by their own abort). */
  closeIdle(): void {
    for (const c of this.idle.splice(0)) c.socket.destroy();
  }
}
