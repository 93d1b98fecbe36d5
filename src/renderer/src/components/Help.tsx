import { KEYMAP } from '../keymap';
import { useAppStore } from '../store';

export function HelpOverlay(): React.JSX.Element | null {
  const helpOpen = useAppStore((s) => s.helpOpen);
  const set = useAppStore((s) => s.set);
  if (!helpOpen) return null;
  return (
    <div className="help" role="dialog" aria-label="Keyboard shortcuts">
      <h2>Keyboard shortcuts</h2>
      <table><tbody>
        {KEYMAP.map((b) => <tr key={b.action}><td>{b.keys.map((k) => <kbd key={k}>{k}</kbd>)}</td><td>{b.description}</td></tr>)}
      </tbody></table>
      <button type="button" onClick={() => set({ helpOpen: false })}>Close</button>
    </div>
  );
}
