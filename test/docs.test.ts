// The README is what a newcomer reads: short, naming the Node version the install really needs
// (once, the same as package.json and CI), and every link and picture in it and in docs/ leads
// somewhere that exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');
const README = read('README.md');
const PAGES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
/** A newcomer's page, not the reference (that lives in docs/). */
const MAX_README_LINES = 200;

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
const anchor = (heading: string): string => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');

describe('README and docs', () => {
  test(`the README stays a newcomer's page (at most ${MAX_README_LINES} lines)`, () => {
    expect(README.split('\n').length).toBeLessThanOrEqual(MAX_README_LINES);
  });

  test('the README names the Node version package.json and CI require, once, as major.minor', () => {
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const [, major, minor] = /^>=(\d+)\.(\d+)$/.exec(engines)!;
    const named = [...README.matchAll(/Node(?:\.js)? (\d+)\.(\d+)/g)].map((m) => `${m[1]}.${m[2]}`);
    expect(named).toEqual([`${major}.${minor}`]);
    // CI checks the same floor before it runs anything.
    expect(read('.ci/run')).toContain(`a>${major}||(a===${major}&&b>=${minor})`);
    // Electron's own installer is what sets the floor: the pinned Electron must not ask for more.
    const electron = JSON.parse(read('node_modules/electron/package.json')) as { engines?: { node?: string } };
    const floor = /(\d+)\.(\d+)/.exec(electron.engines?.node ?? '0.0')!;
    expect(Number(floor[1]) * 1000 + Number(floor[2])).toBeLessThanOrEqual(Number(major) * 1000 + Number(minor));
  });

  test.each(PAGES)('every relative link and picture in %s exists', (page) => {
    const text = read(page);
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)|<img src="([^"]+)"/g)].map((m) => m[1] ?? m[2]!)
      .filter((t) => !/^[a-z]+:/.test(t));
    if (page === 'README.md') expect(targets.length).toBeGreaterThan(5);
    for (const t of targets) {
      const [path, hash] = t.split('#') as [string, string | undefined];
      const file = path === '' ? join(ROOT, page) : resolve(ROOT, dirname(page), path);
      expect(existsSync(file), `${page} links to ${t}`).toBe(true);
      if (hash) {
        const headings = [...readFileSync(file, 'utf8').matchAll(/^#+ (.+)$/gm)].map((m) => anchor(m[1]!));
        expect(headings, `${page} links to ${t}`).toContain(hash);
      }
    }
  });
});
