// The chunked hand-over of an opened file's object graph: what arrives equals what was sent
// (as structured clone would have it: Maps, Sets, typed arrays, shared objects), across real
// MessagePorts with the buffers transferred, in chunks of a bounded weight; malformed input is refused.
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { encodeGraph, GraphDecoder, GraphWireError } from '../../../../src/main/core/open/graph-wire';

/** Through a real port, chunk by chunk, as the opener receives them. */
function roundTrip(value: object, budget?: number): { out: unknown; chunks: number } {
  const { port1, port2 } = new MessageChannel();
  const decoder = new GraphDecoder();
  let chunks = 0;
  try {
    for (const { chunk, transfer } of encodeGraph(value, budget)) {
      port1.postMessage(chunk, transfer);
      decoder.add(receiveMessageOnPort(port2)!.message);
      chunks++;
    }
    return { out: decoder.result(), chunks };
  } finally {
    port1.close();
  }
}

describe('graph wire', () => {
  test('a graph like an opened file comes back equal, typed arrays as typed arrays, shared objects shared', () => {
    const row = (i: number) => ({ bucketId: `route:${i}`, label: '', start: i ? 'AAE=' : null, end: null, aggregate: false, routeIds: [i],
      routeIdsTruncated: false, routeCount: 1, values: Uint32Array.from([i, i + 1]), groups: new Float64Array([2 ** 40, 1]), terms: null });
    const rows = Array.from({ length: 300 }, (_, i) => row(i));
    const matrix = { source: 'n1', series: 'writes', generatedAt: null, columns: Float64Array.from([1, 2]), rows };
    const aligned = { ...matrix, exactColumns: Float64Array.from([1.5, 2.5]) }; // shares `rows`
    const value = {
      kind: 'snapshot',
      nodes: [{ status: { node: 'n1', ok: true, warnings: [] }, raw: null, matrix }, { status: { node: 'n2', ok: false, error: 'down', warnings: [] }, raw: null, matrix: null }],
      merge: { inputs: [aligned], activity: [new Map([[1, { slots: [0, 1], terms: [5, 5] }]])], seen: new Set(['a', 'b']), events: [],
        coverage: { cells: [Uint32Array.from([3]), null], rows: new Uint8Array(0) } },
      identities: [undefined, { nodeId: 'n2' }],
      big: -0, nan: Number.NaN, huge: 2n ** 70n, when: new Date(0), undef: undefined,
    };
    const { out, chunks } = roundTrip(value, 200);
    expect(chunks).toBeGreaterThan(5);
    expect(out).toStrictEqual(value);
    const o = out as typeof value;
    expect(o.merge.inputs[0]!.rows).toBe(o.nodes[0]!.matrix!.rows);
    expect(o.merge.inputs[0]!.rows[7]!.values).toBeInstanceOf(Uint32Array);
    expect(o.merge.inputs[0]!.rows[7]!.groups).toBeInstanceOf(Float64Array);
    expect(o.merge.activity[0]).toBeInstanceOf(Map);
    expect(Object.is(o.big, -0)).toBe(true);
  });

  test('long arrays, Maps and Sets arrive whole from their pieces; holes read as undefined', () => {
    const objects = Array.from({ length: 5000 }, (_, i) => ({ i }));
    const numbers = Array.from({ length: 9000 }, (_, i) => i * 0.5);
    const mixed = Array.from({ length: 4500 }, (_, i) => (i % 3 ? null : { i }));
    const map = new Map(Array.from({ length: 3000 }, (_, i) => [i, { slots: [i] }] as const));
    const set = new Set(Array.from({ length: 2500 }, (_, i) => `k${i}`));
    const holes = [1, , 3];
    const { out } = roundTrip({ objects, numbers, mixed, map, set, holes, share: [objects, objects] });
    expect(out).toEqual({ objects, numbers, mixed, map, set, holes: [1, undefined, 3], share: [objects, objects] });
    const o = out as { objects: unknown[]; share: unknown[][] };
    expect(o.share[0]).toBe(o.objects);
  });

  test('every kind of view, views sharing one buffer, a Node Buffer, a large array; own properties named __proto__', () => {
    const shared = new ArrayBuffer(64);
    const large = new Float64Array(200_000).map((_, i) => i);
    const value = {
      views: [new Int8Array([-1]), new Uint8ClampedArray([255]), new Int16Array([-2]), new Uint16Array([2]), new Int32Array([-3]),
        new Float32Array([0.5]), new BigInt64Array([-1n]), new BigUint64Array([1n]), new DataView(new ArrayBuffer(4))],
      a: new Uint32Array(shared, 0, 4), b: new Uint32Array(shared, 16, 4), sub: large.subarray(10, 20), large,
      buf: Buffer.from('bytes'), empty: new Uint32Array(0),
      proto: JSON.parse('{"__proto__": {"x": 1}, "y": [{"z": 2}]}') as object,
    };
    value.a[1] = 7;
    const copy = large.slice(); // the large one's buffer moves: the sender's copy is detached
    const { out } = roundTrip(value, 50);
    expect(large.length).toBe(0);
    const o = out as typeof value;
    expect(o.a).toEqual(Uint32Array.from([0, 7, 0, 0]));
    expect(o.large).toEqual(copy);
    expect(o.sub.buffer).toBe(o.large.buffer);
    expect(o.sub).toEqual(Float64Array.from({ length: 10 }, (_, i) => i + 10));
    expect(o.buf).toEqual(new Uint8Array(Buffer.from('bytes')));
    expect(o.views.map((v) => v.constructor.name)).toEqual(value.views.map((v) => v.constructor.name));
    expect(o.views).toEqual(value.views);
    expect(Object.getPrototypeOf(o.proto)).toBe(Object.prototype);
    expect(Object.keys(o.proto)).toEqual(['__proto__', 'y']);
    expect(o.proto).toEqual(value.proto);
  });

  test('chunks stay near their budget; a cyclic graph is refused', () => {
    const rows = Array.from({ length: 4000 }, (_, i) => ({ id: `r${i}`, values: new Uint32Array(8), groups: new Uint32Array(8) }));
    const sizes = [...encodeGraph({ rows }, 500)].map(({ chunk }) => chunk.items.length);
    expect(sizes.length).toBeGreaterThan(20);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(520);
    const a: { self?: unknown } = {};
    a.self = { a };
    expect(() => [...encodeGraph(a)]).toThrow(/cyclic/);
  });

  test('what the decoder is handed is checked: shapes of chunks and items, references to items not yet received', () => {
    for (const bad of [null, {}, { shapes: [], items: [1], shells: [], pack: null, views: [] },
      { shapes: [[1]], items: [], shells: [], pack: null, views: [] }]) {
      expect(() => new GraphDecoder().add(bad)).toThrow(GraphWireError);
    }
    const shell = (item: unknown, kind = 1) => ({ shapes: [], items: [item], shells: [kind], pack: null, views: [6, 0, 4] });
    expect(() => new GraphDecoder().add({ ...shell(0), views: Float64Array.of(6, 0, 4) })).toThrow(/malformed chunk/);
    expect(() => new GraphDecoder().add(shell('x'))).toThrow(/malformed item/);
    expect(() => new GraphDecoder().add(shell([0, 5]))).toThrow(/reference to item 5/);
    expect(() => new GraphDecoder().add(shell([99]))).toThrow(/unknown shape 99/);
    expect(() => new GraphDecoder().add(shell(0, 2))).toThrow(/malformed typed array/); // no pack to view
    expect(() => new GraphDecoder().add({ ...shell(1, 2), pack: new ArrayBuffer(16) })).toThrow(/malformed typed array/);
    expect(() => new GraphDecoder().result()).toThrow(/nothing was received/);
  });
});
