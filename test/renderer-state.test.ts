// How the renderer holds state, checked on its source (beside architecture.test.ts; it needs Node,
// which the renderer's tests do not get): one store (zustand's create in store/index.ts only),
// components always select what they read, and no module-level `let` (state belongs to the store;
// the heatmap engine's reused pixel buffer is a drawing cache, not state).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src/renderer/src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

const sources = files(SRC).map((p) => ({ file: relative(ROOT, p), text: readFileSync(p, 'utf8') }));
const where = (re: RegExp): string[] => sources.flatMap(({ file, text }) =>
  text.split('\n').flatMap((line, i) => (re.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])));

describe('renderer state rules', () => {
  test('the scanner sees the renderer', () => {
    expect(sources.length).toBeGreaterThan(20);
    expect(where(/useAppStore\(/).length).toBeGreaterThan(20);
  });

  test('one store: zustand\'s create is called only in store/index.ts', () => {
    const creates = sources.filter(({ text }) => /import\s*\{[^}]*\bcreate\b[^}]*\}\s*from\s*'zustand'/.test(text)).map((s) => s.file);
    expect(creates).toEqual(['src/renderer/src/store/index.ts']);
  });

  test('no whole-store subscription: useAppStore is always called with a selector', () => {
    expect(where(/useAppStore\(\s*\)/)).toEqual([]);
  });

  test('no module-level let outside the heatmap engine', () => {
    expect(where(/^(export\s+)?let\s/).filter((l) => !l.startsWith('src/renderer/src/heatmap/'))).toEqual([]);
  });
});
