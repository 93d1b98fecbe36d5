import { describe, expect, test } from 'vitest';
import { identityResponseSchema } from '../../src/shared/ipc';
import { nodeIdentitySchema, type NodeIdentity } from '../../src/shared/identity';

const known: NodeIdentity = { node: 'http://a:1', ok: true, nodeId: 'n1', atMs: 5,
  groups: [{ groupId: 1, leaderId: 'n1', isLeader: true, members: ['n1', 'n2'] }] };

describe('node identity, defined once', () => {
  test('the core shape: what GET /cluster told, or why it is unknown', () => {
    expect(nodeIdentitySchema.parse(known)).toEqual(known);
    expect(nodeIdentitySchema.parse({ node: 'http://b:1', ok: false, error: 'HTTP 500: x' })).toEqual({ node: 'http://b:1', ok: false, error: 'HTTP 500: x' });
    expect(nodeIdentitySchema.safeParse({ node: 'http://a:1', ok: true, groups: [{ groupId: 1, leaderId: 'n1', isLeader: true }] }).success).toBe(false);
  });

  test('the IPC answer is its view: nulls for what is unknown, the groups without their members', () => {
    const view = { node: known.node, ok: true, error: null, nodeId: 'n1', groups: [{ groupId: 1, leaderId: 'n1', isLeader: true }] };
    const parsed = identityResponseSchema.parse({ nodes: [{ ...view, groups: known.groups }], duplicates: [] });
    expect(parsed.nodes).toEqual([view]);
    // Absent is not null across the bridge: the main process must say "unknown".
    expect(identityResponseSchema.safeParse({ nodes: [{ ...view, error: undefined }], duplicates: [] }).success).toBe(false);
    expect(identityResponseSchema.safeParse({ nodes: [{ ...view, nodeId: undefined }], duplicates: [] }).success).toBe(false);
  });
});
