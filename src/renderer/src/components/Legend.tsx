// The heatmap's legend on screen: zero's swatch (as a zero cell looks on the map), the colour bar
// with its ticks, and the caption naming the unit (heatmap/legend.ts has the rules).
import { useEffect, useRef } from 'react';
import type { Series } from '../../../shared/elastickv/wire';
import { SERIES_UNIT } from '../heatmap/axes';
import { legendCaption, legendTicks, paintLegend } from '../heatmap/legend';
import { QUANTITY } from '../heatmap/units';
import { useAppStore } from '../store';

/** The bar's width in CSS px. */
export const LEGEND_BAR_PX = 240;

export function Legend({ max, series, diverging }: { max: number; series: Series; diverging: boolean }): React.JSX.Element {
  const kind = useAppStore((s) => s.scale);
  const brightness = useAppStore((s) => s.brightness);
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current?.getContext('2d');
    if (c) paintLegend(c, 0, 0, LEGEND_BAR_PX, 10, diverging);
  }, [diverging]);
  const scale = { max, kind, brightness, quantity: QUANTITY[series], diverging };
  return (
    <div className="legend" aria-label="Legend">
      <span className="legend-zero" title="a cell with nothing counted: drawn as the map's background">
        <span className="swatch zero" aria-hidden="true" />0
      </span>
      <div className="legend-bar" style={{ width: LEGEND_BAR_PX }}>
        <canvas ref={ref} width={LEGEND_BAR_PX} height={10} aria-hidden="true" />
        <ol className="legend-ticks" aria-label="Colour bar values">
          {legendTicks(scale, LEGEND_BAR_PX).map((t) => <li key={t.value} data-value={t.value} style={{ left: `${t.at * 100}%` }}>{t.label}</li>)}
        </ol>
      </div>
      <span className="legend-caption">{legendCaption(scale, SERIES_UNIT[series])}</span>
    </div>
  );
}
