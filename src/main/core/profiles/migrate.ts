// Store migrations: one step per version, applied in order on load. Each new version adds one
// step here and a fixture test (test/fixtures/profiles/vN.json).
import { randomUUID } from 'node:crypto';
import { PROFILES_VERSION } from '../../../shared/profiles';

type Doc = Record<string, unknown>;

export const MIGRATIONS: Record<number, (doc: Doc, nowIso: string) => Doc> = {
  // v0: the unversioned first draft, {profiles: [{name, nodes, accessKey, ...}]} without ids.
  0: (doc, nowIso) => ({
    version: 1,
    profiles: (Array.isArray(doc.profiles) ? doc.profiles : []).map((p: unknown) => {
      const o = (p && typeof p === 'object' ? p : {}) as Doc;
      return { id: randomUUID(), createdAt: nowIso, updatedAt: nowIso, ...o };
    }),
  }),
};

export function versionOf(doc: Doc): number {
  return typeof doc.version === 'number' ? doc.version : 0;
}

/** Migrate up to the current version; returns the version it started from. */
export function migrate(doc: Doc, nowIso: string): { doc: Doc; from: number } {
  const from = versionOf(doc);
  let d = doc;
  for (let v = from; v < PROFILES_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new Error(`no migration from version ${v}`);
    d = step(d, nowIso);
  }
  return { doc: d, from };
}
