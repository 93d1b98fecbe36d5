// Faults a simulated node can be told to have, so the app can be proven against nodes that
// are slow, broken or hostile. Spec strings (`KIND[:ARG]`) are shared by the CLI flag
// `--fault I:KIND[:ARG]` and the in-process API.
import type { ServerResponse } from 'node:http';
import { rfc3339 } from './http';

export type Fault =
  /** Every request waits this long before it is handled. */
  | { kind: 'latency'; ms: number }
  /** Every request is accepted and never answered (until the node stops). */
  | { kind: 'hang' }
  /** Every request gets headers and half a body, then the connection is destroyed. */
  | { kind: 'reset' }
  /** KeyViz data requests (after the session check) get this status with a contract-shaped body. */
  | { kind: 'status'; code: number }
  /** ... 200 with a body that is not JSON. */
  | { kind: 'garbage' }
  /** ... 200 with well-formed JSON of the wrong shape. */
  | { kind: 'invalid' }
  /** ... 200 streaming a valid-looking matrix of this many MiB, generated as it is sent. */
  | { kind: 'huge'; mib: number }
  /** ... 302 to another address. */
  | { kind: 'redirect'; url: string }
  /** Stop listening (the port stays reserved for `up`). */
  | { kind: 'down' }
  /** Listen again on the same port. */
  | { kind: 'up' };

export type FaultKind = Fault['kind'];
/** Faults that change how a KeyViz data answer looks; at most one at a time. */
export type AnswerFault = Extract<Fault, { kind: 'status' | 'garbage' | 'invalid' | 'huge' | 'redirect' }>;

export class FaultSpecError extends Error {}

export const FAULT_HELP = `latency:MS, hang, reset, status:CODE, garbage, invalid, huge:MIB, redirect:URL, down, up`;

function wholeNumber(kind: string, raw: string | undefined, min: number, max: number): number {
  if (raw === undefined || !/^\d+$/.test(raw)) throw new FaultSpecError(`fault '${kind}' needs a whole number (${kind}:N)`);
  const v = Number(raw);
  if (v < min || v > max) throw new FaultSpecError(`fault '${kind}:${raw}': the number must be from ${min} to ${max}`);
  return v;
}

/** `KIND[:ARG]` → a fault. */
export function parseFault(spec: string): Fault {
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const arg = colon < 0 ? undefined : spec.slice(colon + 1);
  const noArg = (f: Fault): Fault => {
    if (arg !== undefined) throw new FaultSpecError(`fault '${kind}' takes no argument (got '${spec}')`);
    return f;
  };
  switch (kind) {
    case 'latency': return { kind, ms: wholeNumber(kind, arg, 0, 3_600_000) };
    case 'status': return { kind, code: wholeNumber(kind, arg, 400, 599) };
    case 'huge': return { kind, mib: wholeNumber(kind, arg, 1, 1 << 20) };
    case 'redirect': {
      let url: URL;
      try {
        url = new URL(arg ?? '');
      } catch {
        throw new FaultSpecError(`fault 'redirect' needs an absolute URL (redirect:http://host:port/path), got '${arg ?? ''}'`);
      }
      return { kind, url: url.href };
    }
    case 'hang': case 'reset': case 'garbage': case 'invalid': case 'down': case 'up':
      return noArg({ kind });
    default:
      throw new FaultSpecError(`unknown fault '${kind}' (known: ${FAULT_HELP})`);
  }
}

/** `I:KIND[:ARG]` (the CLI form) → node index and fault. */
export function parseNodeFault(spec: string, nodes: number): { node: number; fault: Fault } {
  const m = /^(\d+):(.+)$/.exec(spec);
  if (!m) throw new FaultSpecError(`--fault takes I:KIND[:ARG], e.g. 1:latency:500 (got '${spec}')`);
  const node = Number(m[1]);
  if (node >= nodes) throw new FaultSpecError(`--fault ${spec}: there is no node ${node} (nodes are 0 to ${nodes - 1})`);
  return { node, fault: parseFault(m[2]!) };
}

const STATUS_BODIES: Record<number, { error: string; message: string }> = {
  400: { error: 'invalid_query', message: 'series must be one of: reads, writes, read_bytes, write_bytes' },
  401: { error: 'unauthenticated', message: 'invalid or expired session' },
  403: { error: 'forbidden', message: 'this endpoint requires admin.full_access_keys membership' },
  404: { error: 'unknown_endpoint', message: 'no admin API handler is registered for this path' },
  405: { error: 'method_not_allowed', message: 'only GET' },
  429: { error: 'rate_limited', message: 'too many login attempts from this source; try again later' },
  500: { error: 'internal', message: 'internal error' },
  503: { error: 'keyviz_disabled', message: 'key visualizer sampler is not configured on this node' },
};

export function statusBody(code: number): { error: string; message: string } {
  return STATUS_BODIES[code] ?? { error: 'simulated_failure', message: `status ${code} injected by demo-cluster` };
}

/** Answer a KeyViz data request according to an answer fault (`series` as the request asked). */
export function answerWithFault(res: ServerResponse, fault: AnswerFault, nowMs: number, series = 'writes'): void {
  switch (fault.kind) {
    case 'status': {
      const headers: Record<string, string> = {
        'Content-Type': 'application/json; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store',
      };
      if (fault.code === 429 || fault.code === 503) headers['Retry-After'] = fault.code === 429 ? '60' : '1';
      res.writeHead(fault.code, headers);
      res.end(`${JSON.stringify(statusBody(fault.code))}\n`);
      return;
    }
    case 'garbage':
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end('{"column_unix_ms":[1700000000000,17000000\u0000<html>oops</html>\n');
      return;
    case 'invalid':
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(`${JSON.stringify({ column_unix_ms: 'soon', rows: { bucket_id: 7, values: 'many' }, series: 42 })}\n`);
      return;
    case 'redirect':
      res.writeHead(302, { Location: fault.url, 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<a href="${fault.url}">Found</a>.\n`);
      return;
    case 'huge':
      streamHugeMatrix(res, fault.mib * 1024 * 1024, nowMs, series);
  }
}

const HUGE_COLUMNS = 1440;

/**
 * Stream a well-formed matrix of exactly `bytes` bytes (Content-Length set), generated chunk by
 * chunk under backpressure so the simulator's memory stays flat however large it is.
 */
export function streamHugeMatrix(res: ServerResponse, bytes: number, nowMs: number, series = 'writes'): void {
  const step = 60_000;
  const first = Math.floor(nowMs / step) * step - (HUGE_COLUMNS - 1) * step;
  const cols = Array.from({ length: HUGE_COLUMNS }, (_, j) => first + j * step);
  const head = Buffer.from(`{"column_unix_ms":${JSON.stringify(cols)},"rows":[`);
  const tail = Buffer.from(`],"series":${JSON.stringify(series)},"generated_at":"${rfc3339(nowMs)}"}\n`);
  // Every row has the same length: a fixed-width id and fixed-width values.
  const values = Array.from({ length: HUGE_COLUMNS }, (_, j) => 1000 + ((j * 7919) % 9000)).join(',');
  const ids = `[${new Array<string>(HUGE_COLUMNS).fill('1').join(',')}]`;
  const terms = `[${new Array<string>(HUGE_COLUMNS).fill('2').join(',')}]`;
  const row = (i: number): string => `{"bucket_id":"route:${String(i).padStart(10, '0')}","start":null,"end":null,`
    + `"aggregate":false,"route_count":1,"values":[${values}],"raft_group_ids":${ids},"leader_terms":${terms}}`;
  const rowLen = Buffer.byteLength(row(0));
  const room = bytes - head.length - tail.length;
  const rowCount = room <= 0 ? 0 : Math.floor((room + 1) / (rowLen + 1)); // rows are comma-separated
  const used = head.length + tail.length + (rowCount > 0 ? rowCount * rowLen + rowCount - 1 : 0);
  const padding = Math.max(0, bytes - used); // JSON whitespace before the tail keeps the size exact
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': String(used + padding),
  });
  res.write(head);
  let i = 0;
  const ROWS_PER_CHUNK = 32;
  const pump = (): void => {
    while (i < rowCount) {
      if (res.destroyed) return; // client gone: stop generating
      const n = Math.min(ROWS_PER_CHUNK, rowCount - i);
      let chunk = '';
      for (let r = 0; r < n; r++, i++) chunk += (i === 0 ? '' : ',') + row(i);
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (res.destroyed) return;
    if (padding > 0) res.write(Buffer.alloc(padding, 0x20));
    res.end(tail);
  };
  pump();
}
