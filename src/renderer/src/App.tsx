import { useEffect } from 'react';
import { QuickConnect, Toolbar } from './components/Controls';
import { DiscoveredPeers, DuplicateNodes } from './components/Identity';
import { Profiles } from './components/Profiles';
import { exportView, FileBanner, FileNotice, SnapshotFiles, useFileOpening } from './components/FileActions';
import { RecordingBar, ReplayBar, useCaptureEvents } from './components/Capture';
import { DetailDock } from './components/DetailDock';
import { HelpOverlay } from './components/Help';
import { Heatmap } from './components/Heatmap';
import { BalancePanel } from './components/Balance';
import { actionFor } from './keymap';
import { DegradedBanner, LeadershipEvents, NodeStrip, SecretPrompt, Warnings } from './components/Status';
import { api } from './api';
import { useAppStore } from './store';

/** Auto-refresh: one round at a time, paused while the window is hidden. */
function useAutoRefresh(): void {
  const autoRefreshMs = useAppStore((s) => s.autoRefreshMs);
  const connection = useAppStore((s) => s.connection);
  const refresh = useAppStore((s) => s.refresh);
  useEffect(() => {
    if (!connection || autoRefreshMs === 0) return undefined;
    // Auto-refresh asks only for the new columns; the Refresh button refetches everything.
    const tick = (): void => { if (!document.hidden) void refresh(true); };
    const id = window.setInterval(tick, autoRefreshMs);
    return () => window.clearInterval(id);
  }, [autoRefreshMs, connection, refresh]);
}

/** Per-node progress of the round in flight, from the main process. */
function useProgress(): void {
  const onProgress = useAppStore((s) => s.onProgress);
  useEffect(() => {
    try {
      return api.onProgress(onProgress);
    } catch {
      return undefined; // no bridge: App already says so
    }
  }, [onProgress]);
}

/** The application menu's commands (File → Open, Export…). */
function useMenu(): void {
  useEffect(() => {
    try {
      return api.onMenuCommand((command) => {
        const s = useAppStore.getState();
        const can = s.connection?.can;
        const exportable = can?.exportSnapshot === true;
        switch (command) {
          case 'open': void s.openSnapshot(); break;
          case 'exportSnapshot': if (exportable) void exportView('snapshot'); break;
          case 'exportRedacted': if (exportable) void exportView('redacted'); break;
          case 'exportCsv': if (can?.exportCsv) void exportView('csv'); break;
          case 'exportPng': if (can?.exportPng) void exportView('png1'); break;
          case 'help': s.set({ helpOpen: true }); break;
        }
      });
    } catch {
      return undefined; // no bridge: App already says so
    }
  }, []);
}

/** Keyboard shortcuts, dispatched through the one keymap. */
function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const s = useAppStore.getState();
      const action = actionFor(e);
      if (!action) return;
      e.preventDefault();
      switch (action) {
        case 'unpin': if (s.helpOpen) s.set({ helpOpen: false }); else s.pinCell(null); break;
        case 'help': s.set({ helpOpen: !s.helpOpen }); break;
        case 'refresh': void s.refresh(); break;
        case 'toggleScale': s.set({ scale: s.scale === 'log' ? 'linear' : 'log' }); break;
        case 'toggleConflicts': s.set({ showConflicts: !s.showConflicts }); break;
        case 'brighter': s.set({ brightness: Math.min(4, s.brightness + 0.25) }); break;
        case 'dimmer': s.set({ brightness: Math.max(0.25, s.brightness - 0.25) }); break;
        case 'zoomBack': s.zoomBack(); break;
        case 'zoomReset': s.zoomReset(); break;
        case 'exportSnapshot': if (s.connection?.can.exportSnapshot) void exportView('snapshot'); break;
        case 'openSnapshot': void s.openSnapshot(); break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function App(): React.JSX.Element {
  const connection = useAppStore((s) => s.connection);
  const editing = useAppStore((s) => s.editing !== null);
  const refreshDemo = useAppStore((s) => s.refreshDemo);
  useEffect(() => { void refreshDemo(); }, [refreshDemo]);
  useProgress();
  useShortcuts();
  useAutoRefresh();
  useFileOpening();
  useMenu();
  useCaptureEvents();
  return (
    // A view fills the window and no more (the heatmap takes what the bars leave); the start screen scrolls.
    <main className={connection ? 'app viewing' : 'app'}>
      {/* The window's title says it; a view needs the row for the heatmap. */}
      <header className={connection ? 'visually-hidden' : undefined}><h1>KeyViz Inspector</h1></header>
      <RecordingBar />
      {connection ? (
        <>
          <Toolbar />
          <FileBanner />
          <ReplayBar />
          <FileNotice />
          <NodeStrip />
          <SecretPrompt />
          <DiscoveredPeers />
          <DuplicateNodes />
          <DegradedBanner />
          <Warnings />
          <LeadershipEvents />
          <div className="view-body">
            <Heatmap />
            <DetailDock />
          </div>
          <BalancePanel />
        </>
      ) : <><Profiles />{!editing && <><SnapshotFiles /><QuickConnect /></>}</>}
      <HelpOverlay />
    </main>
  );
}
