// The nodes' matrices found in a snapshot's or poll's bytes: put back where each placeholder
// stands, the rest and the matrices are exactly the document JSON.parse reads, whatever the
// values around them; anything the scan does not expect gives null (the caller reads it whole).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { embeddedMatrices, MATRIX_PLACEHOLDER } from '../../../../src/main/core/files/embedded-matrices';

/** JSON.parse of the rest, each node's matrix parsed from its bytes and put back. */
function rebuilt(bytes: Uint8Array): unknown {
  const split = embeddedMatrices(bytes);
  if (!split) return null;
  const doc = JSON.parse(split.rest) as { nodes?: Array<Record<string, unknown>> };
  for (const [i, b] of split.matrices) {
    expect(doc.nodes![i]!.matrix).toBe(MATRIX_PLACEHOLDER);
    doc.nodes![i]!.matrix = JSON.parse(Buffer.from(b).toString('utf8'));
  }
  return doc;
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

// Values with strings full of quotes, backslashes, brackets and non-ASCII, nested anywhere.
const tricky = fc.string({ unit: fc.constantFrom('"', '\\', '[', ']', '{', '}', ',', ':', 'é', '\u2028', 'a', ' ', '\n') });
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), tricky, fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(tricky, fc.constant('matrix'), fc.constant('nodes')), tie('v'), { maxKeys: 3 })),
})).v;
const node = fc.record({
  status: fc.dictionary(fc.oneof(tricky, fc.constantFrom('node', 'ok')), value, { maxKeys: 3 }),
  matrix: fc.option(value, { nil: undefined }),
});
const doc = fc.record({
  head: fc.dictionary(tricky.filter((k) => k !== 'nodes'), value, { maxKeys: 3 }),
  nodes: fc.array(fc.oneof({ weight: 4, arbitrary: node }, { weight: 1, arbitrary: value }), { maxLength: 4 }),
  tail: fc.dictionary(tricky.filter((k) => k !== 'nodes'), value, { maxKeys: 2 }),
});

describe('embeddedMatrices', () => {
  test('rest + matrices = JSON.parse of the document (any values, any spacing)', () => {
    fc.assert(fc.property(doc, fc.constantFrom(undefined, 1, '\t'), ({ head, nodes, tail }, space) => {
      const wire = nodes.map((n) => (typeof n === 'object' && n !== null && 'status' in n && 'matrix' in n
        ? { ...(n.status as object), ...(n.matrix === undefined ? {} : { matrix: n.matrix }) } : n));
      // "nodes" between other members, as a snapshot has it (a head key equal to a tail one: JSON.parse keeps the last).
      const text = `{${[JSON.stringify(head, null, space).slice(1, -1), `"nodes":${JSON.stringify(wire, null, space)}`,
        JSON.stringify(tail, null, space).slice(1, -1)].filter((p) => p.trim() !== '').join(',')}}`;
      const out = rebuilt(enc(text));
      expect(out).not.toBeNull();
      expect(out).toEqual(JSON.parse(text));
    }), { numRuns: 400 });
  });

  test('the matrix bytes are the value as written, escaped keys included', () => {
    const text = ' {"m\\u0061trix":{"rows":[1]},"nodes" : [ {"node":"a\\"]}","m\\u0061trix" : {"x":"}"} } , 7 , {"ok":true} ] } \n';
    const split = embeddedMatrices(enc(text))!;
    expect([...split.matrices.keys()]).toEqual([0]);
    expect(Buffer.from(split.matrices.get(0)!).toString()).toBe('{"x":"}"}');
    expect(JSON.parse(split.rest)).toEqual({ matrix: { rows: [1] }, nodes: [{ node: 'a"]}', matrix: 0 }, 7, { ok: true }] });
  });

  test.each([
    ['"nodes" twice (JSON.parse keeps the last)', '{"nodes":[{"matrix":{}}],"nodes":[]}'],
    ['"matrix" twice in a node', '{"nodes":[{"matrix":{},"matrix":{"a":1}}]}'],
    ['cut inside a matrix', '{"nodes":[{"matrix":{"rows":[1,2'],
    ['cut inside a string', '{"nodes":[{"node":"abc'],
    ['bytes after the document', '{"nodes":[]} x'],
    ['not an object', '[{"nodes":[]}]'],
    ['a byte-order mark first (JSON.parse refuses it)', '\ufeff{"nodes":[]}'],
    ['no colon', '{"nodes" [{"matrix":{}}]}'],
  ])('%s: null, read it whole', (_name, text) => {
    expect(embeddedMatrices(enc(text))).toBeNull();
  });
});
