// The controls follow what main said a view can do (its `can`), never the view's shape: each kind's
// own table from the app, and one made-up set, to show that nothing else decides.
import { describe, expect, test } from 'vitest';
import { RecordButton } from '../../../src/renderer/src/components/Capture';
import { ExportMenu } from '../../../src/renderer/src/components/FileActions';
import { Toolbar } from '../../../src/renderer/src/components/Controls';
import type { ViewCan, ViewKind } from '../../../src/shared/ipc';
import { useAppStore } from '../../../src/renderer/src/store';
import { mountPerTest } from '../support/dom';
import { COMPARISON, LIVE, REPLAY, SNAPSHOT } from '../../helpers/view-kinds';

const ui = mountPerTest(() => {});

function show(view: { kind: ViewKind; can: ViewCan }): void {
  useAppStore.setState({ connection: { id: 'c1', label: 'x', key: 'x', nodes: ['http://a:1'], accessKey: null, profile: null, ...view,
    snapshot: view.kind === 'snapshot' ? { path: '/f.kvsnap', label: 'f', createdAt: '2026-11-24T12:00:00Z', appVersion: 't', series: 'writes', redacted: false } : null,
    capture: null } });
}

const exportItems = (): string[] => [...ui.container.querySelectorAll('[role=menuitem]')].map((b) => b.textContent ?? '');
const hasRecord = (): boolean => [...ui.container.querySelectorAll('button')].some((b) => /^Record/.test(b.textContent ?? ''));
const hasRows = (): boolean => ui.container.querySelector('input[type=number]') !== null;

describe('controls from `can`', () => {
  test.each([
    ['live', LIVE, true, true, true],
    ['snapshot', SNAPSHOT, true, false, false],
    ['replay', REPLAY, true, false, false],
    ['comparison', COMPARISON, false, false, false],
  ] as const)('%s: snapshot export %s, record %s, questions for the nodes %s', async (_k, view, snapshot, record, asks) => {
    show(view);
    await ui.render(<><ExportMenu /><RecordButton /><Toolbar /></>);
    expect(exportItems().some((t) => t.startsWith('Snapshot'))).toBe(snapshot);
    expect(exportItems()).toContain('CSV…');
    expect(hasRecord()).toBe(record);
    expect(hasRows()).toBe(asks);
  });

  test('a live view that could not capture or export a snapshot shows neither: only `can` decides', async () => {
    show({ kind: 'live', can: { ...LIVE.can, capture: false, exportSnapshot: false, exportPng: false } });
    await ui.render(<><ExportMenu /><RecordButton /></>);
    expect(exportItems()).toEqual(['CSV…']);
    expect(hasRecord()).toBe(false);
  });
});
