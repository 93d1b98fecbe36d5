import { useEffect } from 'react';
import { ConnectForm, Toolbar } from './components/Controls';
import { Heatmap } from './components/Heatmap';
import { DegradedBanner, NodeStrip, SecretPrompt, Warnings } from './components/Status';
import { api } from './api';
import { useAppStore } from './store';

/** Auto-refresh: one round at a time, paused while the window is hidden. */
function useAutoRefresh(): void {
  const { autoRefreshMs, connection, refresh } = useAppStore();
  useEffect(() => {
    if (!connection || autoRefreshMs === 0) return undefined;
    const tick = (): void => { if (!document.hidden) void refresh(); };
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

export function App(): React.JSX.Element {
  const connection = useAppStore((s) => s.connection);
  const refreshDemo = useAppStore((s) => s.refreshDemo);
  useEffect(() => { void refreshDemo(); }, [refreshDemo]);
  useProgress();
  useAutoRefresh();
  return (
    <main className="app">
      <header><h1>KeyViz Inspector</h1></header>
      {connection ? (
        <>
          <Toolbar />
          <NodeStrip />
          <SecretPrompt />
          <DegradedBanner />
          <Warnings />
          <Heatmap />
        </>
      ) : <ConnectForm />}
    </main>
  );
}
