// The window never blocks on a pass over every cell (issue 19, item 3): the longest main-thread
// task while a 6144 × 4096 matrix is opened, zoomed the first time and zoomed on, in Chromium,
// today's way (the pyramid built on the window's thread) against the level worker's, same run; and
// the opening's marginal totals, their block sums added up on the window's thread or in the worker.
import { ms, ratio } from './measure';
import { runPage } from './support/chromium-page';

export default async function run(): Promise<void> {
  const got = await runPage<Record<string, number>>('heatmap-zoom');
  if (!got) return;
  const { result: r, version } = got;
  const v = (k: string): number => r[k]!;
  console.log(`Chromium ${version} headless (software raster), 1600 × 1000 view, 6144 × 4096 matrix`);
  console.log('  longest main-thread task (a message loop\'s largest gap; long-task observer: count of tasks ≥ 50 ms, longest)');
  for (const [phase, what] of [['open', 'opening (first whole-matrix paint)'], ['zoom', 'first zoom, until the zoomed picture is complete'],
    ['on', `${v('today_steps')} more wheel steps in and out, each until complete`]] as const) {
    const t = (p: string): string => `${ms(v(`${p}_${phase}_maxTask`))} (long tasks ${v(`${p}_${phase}_longTasks`)}, longest ${ms(v(`${p}_${phase}_longest`))})`;
    console.log(`  ${what}:`);
    console.log(`    today  ${t('today')}, done in ${ms(v(`today_${phase}_ms`))}`);
    console.log(`    worker ${t('worker')}, done in ${ms(v(`worker_${phase}_ms`))}`);
    console.log(`    longest task: worker ${ratio(v(`worker_${phase}_maxTask`), v(`today_${phase}_maxTask`))} today's`);
  }
  console.log(`  the whole matrix's marginal totals once the picture is drawn: today ${ms(v('today_totals_ms'))} (their block sums added up on the window's thread),`
    + ` worker ${ms(v('worker_totals_ms'))} (from the worker's sums; ${ratio(v('worker_totals_ms'), v('today_totals_ms'))} today's); the same totals: ${v('totals_differ') ? 'no' : 'yes'}`);
  console.log(`  pictures: ${v('compared')} viewports drawn both ways, ${v('differ')} differ`);
  if (v('totals_differ') > 0) throw new Error('the worker\'s block sums give other totals than today\'s');
  if (v('differ') > 0) throw new Error(`the worker's pictures differ from today's at ${v('differ')} viewports`);
}
