import { GESTURES, KEYMAP } from '../keymap';
import { useAppStore } from '../store';

/** The keys and the mouse gestures, from the keymap (? opens it, Escape closes it). */
export function HelpOverlay(): React.JSX.Element | null {
  const helpOpen = useAppStore((s) => s.helpOpen);
  const set = useAppStore((s) => s.set);
  if (!helpOpen) return null;
  return (
    <div className="help" role="dialog" aria-label="Keys and mouse">
      <h2>Keys and mouse</h2>
      <table aria-label="Keyboard shortcuts"><tbody>
        {KEYMAP.map((b) => <tr key={b.action}><td>{b.keys.map((k) => <kbd key={k}>{k}</kbd>)}</td><td>{b.description}</td></tr>)}
      </tbody></table>
      <h3>On the heatmap</h3>
      <table aria-label="Mouse"><tbody>
        {GESTURES.map((g) => <tr key={g.gesture}><td>{g.gesture}</td><td>{g.description}</td></tr>)}
      </tbody></table>
      <button type="button" onClick={() => set({ helpOpen: false })}>Close</button>
    </div>
  );
}
