// First paint of the heatmap in real Chromium, engine vs elastickv's fillRect-per-cell SPA, same run.
import { ms, ratio } from './measure';
import { runPage } from './support/chromium-page';

export default async function run(): Promise<void> {
  const got = await runPage<Record<string, number>>('heatmap');
  if (!got) return;
  const { result: r, version } = got;
  console.log(`Chromium ${version} headless (software raster), 1600 × 1000 view`);
  console.log(`  1024 × 1440: engine ${ms(r.engineSmall!)}, fillRect per cell ${ms(r.baselineSmall!)} (engine ${ratio(r.baselineSmall!, r.engineSmall!)} faster)`);
  console.log(`    (1024 × 1440 engine: quantise and draw ${ms(r.small_draw!)}, wait for the frame ${ms(r.small_frame!)})`);
  console.log(`  6144 × 4096: engine ${ms(r.engineBig!)} first paint (max-downsampled to the view)`);
  console.log(`  6144 × 4096 zoom redraw (wheel in and out, median) ${ms(r.redrawBig!)}; hover hit-test ${ms(r.hoverBig!)}`);
  console.log(`  6144 × 4096 first zoom of a new matrix (quantises every cell once, then draws) ${ms(r.firstZoomBig!)}`);
  const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(1)} %`;
  console.log(`  6144 × 4096 marginal totals (both strips, added and drawn), first paint of a new matrix ${ms(r.marg_marginalsFirst!)}`
    + ` vs the heatmap's ${ms(r.marg_heatmapFirst!)} (${pct(r.marg_marginalsFirst!, r.marg_heatmapFirst!)})`);
  console.log(`  6144 × 4096 marginal totals per zoom step (median) ${ms(r.marg_marginalsRedraw!)}`
    + ` vs the heatmap's redraw ${ms(r.marg_heatmapRedraw!)} (${pct(r.marg_marginalsRedraw!, r.marg_heatmapRedraw!)})`);
}
