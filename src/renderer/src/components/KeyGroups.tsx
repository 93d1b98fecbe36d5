// The key axis's hierarchy (heatmap/groups.ts): one lane per level at the axis's left edge, a
// bracket per group beside its rows, named; a click collapses the group into one summed row or
// expands it again. One element per group in view, never per row or cell.
import type { Display } from '../heatmap/groups';
import type { Viewport } from '../heatmap/pyramid';
import { useAppStore } from '../store';

/** A lane's width in CSS px (styles.css widens the key axis by this per lane: --lanes). */
export const LANE_PX = 12;

/** Each level that has a group on the axis, in order, gets a lane. */
export function lanesOf(d: Display): Map<number, number> {
  const levels = [...new Set(d.shown.map((g) => g.group.level))].sort((a, b) => a - b);
  return new Map(levels.map((l, i) => [l, i]));
}

export function KeyGroups({ display, vp, lanes }: { display: Display; vp: Viewport; lanes: Map<number, number> }): React.JSX.Element | null {
  const toggle = useAppStore((s) => s.toggleGroup);
  if (display.shown.length === 0) return null;
  const vr = vp.r1 - vp.r0;
  return (
    <div className="key-groups" aria-label="Key groups">
      {display.shown.map(({ group: g, d0, d1, collapsed }) => {
        const a = Math.max(d0, vp.r0);
        const b = Math.min(d1, vp.r1);
        if (b <= a) return null;
        const rows = g.end - g.start;
        // Its name says "a group of N", not "N rows": the toolbar's Rows field is found by its label.
        return (
          <button key={g.key} type="button" className={`key-group${collapsed ? ' collapsed' : ''}`} aria-expanded={!collapsed}
            aria-label={`${collapsed ? 'Expand' : 'Collapse'} ${g.name} (a group of ${rows})`}
            title={`${g.name}: ${rows} rows, click to ${collapsed ? 'expand them' : 'collapse them into one summed row'}`}
            data-key={g.key} data-level={g.level} data-start={g.start} data-end={g.end}
            style={{ top: `${((a - vp.r0) / vr) * 100}%`, height: `${((b - a) / vr) * 100}%`, left: (lanes.get(g.level) ?? 0) * LANE_PX }}
            // The key axis under it zooms on a drag: a click here is the group's.
            onMouseDown={(e) => e.stopPropagation()} onClick={() => toggle(g.key)}>
            <span>{g.name}</span>
          </button>
        );
      })}
    </div>
  );
}
