// The import rules of docs/architecture.md (after ../shared/design/architecture.md), made executable:
// core never imports electron, only the shell (src/main/shell) does; the renderer never imports main or Node; shared imports
// nothing of ours, preload is only the bridge over the channel list, the CLI reaches main only through core,
// the simulated cluster speaks only the wire (shared) and only the app's start and the CLI load it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import pkg from '../package.json' with { type: 'json' };

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx|mts)$/.test(name) ? [p] : [];
  });
}

interface Import { file: string; spec: string; target: string | null }

function imports(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  return specs.map((spec) => ({
    file: relative(ROOT, file),
    spec,
    target: spec.startsWith('.') ? relative(ROOT, resolve(dirname(file), spec)) : null,
  }));
}

const all = files(SRC).flatMap(imports);
const from = (prefix: string): Import[] => all.filter((i) => i.file.startsWith(prefix));
const nodeBuiltin = (spec: string): boolean => spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]!);
const show = (list: Import[]): string[] => list.map((i) => `${i.file} imports ${i.spec}`);
/** A bare import's package (`@scope/name` or `name`), one the built app ships (not a dev dependency). */
const runtimePackage = (spec: string): boolean =>
  Object.keys(pkg.dependencies).includes(spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/'));

describe('import rules', () => {
  test('the scanner sees the code base', () => {
    expect(all.length).toBeGreaterThan(30);
    expect(from('src/main/core/').length).toBeGreaterThan(10);
    expect(from('src/demo-cluster/').length).toBeGreaterThan(10);
  });

  test('core never imports electron, react, the renderer, or the Electron glue', () => {
    const bad = from('src/main/core/').filter((i) => i.spec === 'electron' || i.spec.startsWith('electron/')
      || i.spec === 'react' || (i.target !== null && (i.target.startsWith('src/renderer') || i.target.startsWith('src/preload')
        || (i.target.startsWith('src/main') && !i.target.startsWith('src/main/core')))));
    expect(show(bad)).toEqual([]);
  });

  test('shared imports nothing of ours outside shared, and no Node or Electron', () => {
    const bad = from('src/shared/').filter((i) => (i.target !== null && !i.target.startsWith('src/shared'))
      || i.spec === 'electron' || nodeBuiltin(i.spec));
    expect(show(bad)).toEqual([]);
  });

  test('the renderer never imports main, preload code, Node or Electron', () => {
    const bad = from('src/renderer/').filter((i) => i.spec === 'electron' || nodeBuiltin(i.spec)
      || (i.target !== null && (i.target.startsWith('src/main') || i.target.startsWith('src/cli')
        || (i.target.startsWith('src/preload') && !i.target.endsWith('api')))));
    expect(show(bad)).toEqual([]);
  });

  test('only the Electron shell (src/main/shell) imports electron; the application and core never import the shell', () => {
    const electronOutsideShell = all.filter((i) => (i.spec === 'electron' || i.spec.startsWith('electron/'))
      && !i.file.startsWith('src/main/shell/') && i.file !== 'src/preload/index.ts');
    const shellFromOutside = all.filter((i) => i.target !== null && i.target.startsWith('src/main/shell') && !i.file.startsWith('src/main/shell/'));
    expect(show([...electronOutsideShell, ...shellFromOutside])).toEqual([]);
    // Each room is populated: the rule guards something.
    expect(from('src/main/app/').length).toBeGreaterThan(10);
    expect(from('src/main/shell/').some((i) => i.spec === 'electron')).toBe(true);
  });

  test('src/main holds only its rooms: core, app, shell', () => {
    const loose = readdirSync(join(SRC, 'main')).filter((n) => !['core', 'app', 'shell'].includes(n));
    expect(loose).toEqual([]);
  });

  test('the heatmap engine (when present) never imports React', () => {
    const bad = from('src/renderer/src/heatmap/').filter((i) => i.spec === 'react' || i.spec.startsWith('react-dom'));
    expect(show(bad)).toEqual([]);
  });

  test('preload is only the bridge: electron and the channel list, nothing else of ours', () => {
    const bad = from('src/preload/').filter((i) => i.spec !== 'electron'
      && !(i.file === 'src/preload/api.d.ts' && i.target === 'src/shared/ipc-channels')
      && !(i.file === 'src/preload/index.ts' && i.target === 'src/shared/ipc-channels'));
    expect(show(bad)).toEqual([]);
  });

  test('channel strings are written only in src/shared (others use the contract\'s names)', async () => {
    const { EVENT_CHANNELS, INVOKE_CHANNELS } = await import('../src/shared/ipc-channels');
    const channels = [...Object.values(INVOKE_CHANNELS), ...Object.values(EVENT_CHANNELS)];
    const bad = files(SRC).filter((f) => !relative(ROOT, f).startsWith('src/shared/')).flatMap((f) => {
      const text = readFileSync(f, 'utf8');
      return channels.filter((c) => text.includes(`'${c}'`) || text.includes(`"${c}"`)).map((c) => `${relative(ROOT, f)} writes '${c}'`);
    });
    expect(bad).toEqual([]);
  });

  test('files and the round\'s pure parts never load the HTTP client (types only)', () => {
    const bad = files(join(SRC, 'main/core')).filter((f) => /\/core\/(snapshot|capture|round)\//.test(f)).flatMap((f) => {
      const text = readFileSync(f, 'utf8');
      // A value import of the fan-out barrel (`import { x } from '../fanout'`); `import type` is erased.
      return [...text.matchAll(/^import (?!type )[^;]*?from '\.\.\/fanout';/gm)].map((m) => `${relative(ROOT, f)}: ${m[0]}`);
    });
    expect(bad).toEqual([]);
  });

  test('the simulator speaks only the wire: shared, Node and the app\'s packages, never the client', () => {
    const bad = from('src/demo-cluster/').filter((i) => (i.target !== null
      ? !i.target.startsWith('src/shared/') && !i.target.startsWith('src/demo-cluster/')
      : !nodeBuiltin(i.spec) && !runtimePackage(i.spec)));
    expect(show(bad)).toEqual([]);
  });

  test('core never imports the simulator', () => {
    const bad = from('src/main/core/').filter((i) => i.target !== null && i.target.startsWith('src/demo-cluster'));
    expect(show(bad)).toEqual([]);
  });

  test('only the app\'s start (app-core, the Demo) and the CLI import the simulator', () => {
    const bad = all.filter((i) => i.target !== null && i.target.startsWith('src/demo-cluster')
      && !i.file.startsWith('src/demo-cluster/') && i.file !== 'src/main/app/app-core.ts' && !i.file.startsWith('src/cli/'));
    expect(show(bad)).toEqual([]);
  });

  test('the fan-out\'s timeouts are made only in its deadline module (one Deadline per round, passed down)', () => {
    const bad = files(join(SRC, 'main/core')).map((f) => relative(ROOT, f))
      .filter((f) => f !== 'src/main/core/fanout/deadline.ts')
      .flatMap((f) => {
        const text = readFileSync(join(ROOT, f), 'utf8');
        // `AbortSignal.timeout(`, or a timer that aborts (`setTimeout(() => c.abort(), ms)`).
        return [...text.matchAll(/AbortSignal\.timeout\(|\bsetTimeout\([^;]*?\babort\(/g)].map((m) => `${f}: ${m[0]}`);
      });
    expect(bad).toEqual([]);
  });

  test('a bound is written once: no module but src/shared/limits.ts spells a limit as a literal bound', async () => {
    const limits = await import('../src/shared/limits');
    const byValue = new Map<number, string[]>();
    for (const [name, v] of Object.entries(limits)) if (typeof v === 'number') byValue.set(v, [...(byValue.get(v) ?? []), name]);
    // A literal where a bound is set: zod's .min/.max, an input's min/max/maxLength, a flag's range, a default.
    const BOUND = /(?:\.(?:min|max|lte|gte|lt|gt)\(|\b(?:min|max|maxLength)=\{|intFlag\([^)]*?,\s*|\?\?\s*|Math\.(?:min|max)\([^)]*?,\s*|\b(?:default|at most|up to|1 to) )(\d[\d_]*)(?![\w.]|\s?\*)/g;
    const bad = files(SRC).filter((f) => {
      const rel = relative(ROOT, f);
      // The simulator plays elastickv and keeps elastickv's numbers as its own: an oracle shares nothing with the client.
      return rel !== 'src/shared/limits.ts' && !rel.startsWith('src/demo-cluster/') && rel !== 'src/cli/commands/demo-cluster.ts';
    }).flatMap((f) => {
      const text = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      return [...text.matchAll(BOUND)].flatMap((m) => {
        const names = byValue.get(Number(m[1]!.replace(/_/g, '')));
        return names ? [`${relative(ROOT, f)}: ${m[0]} (${names.join(' or ')})`] : [];
      });
    });
    expect(bad).toEqual([]);
  });

  test('the CLI reaches main only through core and never loads electron', () => {
    const bad = from('src/cli/').filter((i) => i.spec === 'electron'
      || (i.target !== null && i.target.startsWith('src/main') && !i.target.startsWith('src/main/core')));
    expect(show(bad)).toEqual([]);
  });

  test('tests and benchmarks take ephemeral ports, never a fixed one (operators run real nodes on 8080, 18080…)', () => {
    const own = [...files(join(ROOT, 'test')), ...files(join(ROOT, 'bench'))].filter((f) => !f.endsWith('architecture.test.ts'));
    expect(own.length).toBeGreaterThan(50);
    // A port written as a number where a server listens or a simulator is told where to: `--port', '18080'`,
    // `.listen(18080`, `port: 18080`, `listen({ port: 8080`, `const PORT = 18080`. Port 0 (the system picks) is the one number allowed.
    const FIXED = /(?:'--port',\s*'(\d+)'|\.listen\(\s*(\d+)|\bport:\s*(\d+)|listen\(\{\s*port:\s*(\d+)|\b[A-Z_]*PORT[A-Z_]*\s*=\s*(\d+))/g;
    const bad = own.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(FIXED)]
      .filter((m) => Number(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]) !== 0).map((m) => `${relative(ROOT, f)}: ${m[0]}`));
    expect(bad).toEqual([]);
  });

  test('git tracks no symlink and nothing under node_modules (a worktree\'s node_modules link once slipped in)', async () => {
    const { execFileSync } = await import('node:child_process');
    let listing: string;
    try {
      listing = execFileSync('git', ['ls-files', '-s'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    } catch {
      return; // not a git checkout (a source archive): nothing to check
    }
    const bad = listing.split('\n').filter((l) => l.startsWith('120000 ') || /\tnode_modules(\/|$)/.test(l));
    expect(bad).toEqual([]);
  });
});
