import { useEffect } from 'react';
import { useAppStore } from './store';

export function App(): React.JSX.Element {
  const demo = useAppStore((s) => s.demo);
  const refreshDemo = useAppStore((s) => s.refreshDemo);
  useEffect(() => { void refreshDemo(); }, [refreshDemo]);

  return (
    <main className="app">
      <h1>KeyViz Inspector</h1>
      <section aria-label="Demo cluster" className="card">
        <h2>Demo cluster</h2>
        {demo.state === 'starting' && <p>Starting the built-in demo cluster…</p>}
        {demo.state === 'running' && (
          <>
            <p>
              The built-in Demo cluster is running: {demo.nodes.length} simulated elastickv nodes on this
              computer (seed {demo.seed}).
            </p>
            <ul className="nodes">
              {demo.nodes.map((url) => <li key={url}><code>{url}</code></li>)}
            </ul>
            <p className="hint">The cluster heatmap arrives in a later version.</p>
          </>
        )}
        {(demo.state === 'failed' || demo.state === 'unavailable') && (
          <p role="alert">The demo cluster could not start: {demo.error}</p>
        )}
      </section>
    </main>
  );
}
