/**
 * The delegate workspace at 10,000 testimonies: the built file, opened from disk in headless
 * Chromium, loads a bundle, then searches, filters, scrolls, tags and opens its tabs. Each
 * interaction is timed inside the page, from its event to the paint that shows its result.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { bundleHeaderLine, bundleLine } from '../crypto/index.js';
import { browserAvailable, launchChromium } from '../test/helpers/browser.js';
import { DAY, writeKeyFile } from '../test/helpers/delegate.js';
import { fold, matches, queryTerms } from '../web/workspace/src/search.js';
import { median, percentile, thousands, type Figure } from './figures.js';
import { BENCH_DELEGATE, CAMPAIGNS, SEARCHED_WORD, sealedTestimonies, SITE_QUESTION, SITES, type BenchTestimony } from './testimonies.js';

const WORKSPACE = join(import.meta.dirname, '..', 'web', 'workspace', 'dist', 'parole-workspace.html');
const TESTIMONIES = Number(process.env.BENCH_WORKSPACE_TESTIMONIES ?? 10_000);
/** Each run opens the workspace afresh and loads the bundle again. */
const RUNS = Number(process.env.BENCH_WORKSPACE_RUNS ?? 3);
/** Times each interaction is repeated within a run. */
const SAMPLES = 6;
const SCROLL_MS = 3000;
const PASSPHRASE = 'banc d’essai';
// A stuck interaction fails the bench rather than hanging it.
const INTERACTION_TIMEOUT_MS = 120_000;

/** What starts an interaction: an event on an element, or bundle files the bench has just chosen. */
type Action =
  | { type: 'input' | 'change'; selector: string; value: string }
  | { type: 'click'; selector: string }
  | { type: 'files-chosen' };

/** What shows the interaction is done: an element appearing, or an element's text changing. */
type Outcome = { appears: string } | { changes: string };

/**
 * Milliseconds from the action's event to the paint of the first frame that shows the outcome.
 * The page code names no function of its own: tsx would wrap it in a helper the page lacks.
 */
function timeToPaint(page: Page, action: Action, outcome: Outcome): Promise<number> {
  return page.evaluate(
    async ({ action, outcome, timeout }) => {
      const watched = document.querySelector('changes' in outcome ? outcome.changes : outcome.appears);
      const before = watched?.textContent;
      const began = action.type === 'files-chosen' ? (globalThis as unknown as { benchFilesChosenAt: number }).benchFilesChosenAt : performance.now();
      if (action.type === 'click') document.querySelector<HTMLElement>(action.selector)!.click();
      else if (action.type !== 'files-chosen') {
        const field = document.querySelector<HTMLInputElement | HTMLSelectElement>(action.selector)!;
        field.value = action.value;
        field.dispatchEvent(new Event(action.type, { bubbles: true }));
      }
      // rAF callbacks run just before the frame is drawn, and a task queued from one runs after.
      do {
        await new Promise((frame) => requestAnimationFrame(frame));
        if (performance.now() - began > timeout) throw new Error(`workspace bench: no outcome ${JSON.stringify(outcome)}`);
      } while ('appears' in outcome ? document.querySelector(outcome.appears) === null : document.querySelector(outcome.changes)?.textContent === before);
      await new Promise((painted) => setTimeout(painted));
      return performance.now() - began;
    },
    { action, outcome, timeout: INTERACTION_TIMEOUT_MS },
  );
}

/** How many testimonies the inbox says it shows. */
async function shownCount(page: Page): Promise<number> {
  const text = (await page.locator('#inbox-count').textContent()) ?? '';
  return Number(text.replace(/\s/g, '').split('sur')[0]);
}

/**
 * Sets a search box or a filter to each value in turn and times each change until the count
 * shows; checks the count, so that a figure never times the wrong work.
 */
async function timeCountChanges(page: Page, type: 'input' | 'change', selector: string, values: { value: string; shown: number }[]): Promise<number[]> {
  const times: number[] = [];
  for (const { value, shown } of values) {
    times.push(await timeToPaint(page, { type, selector, value }, { changes: '#inbox-count' }));
    const count = await shownCount(page);
    if (count !== shown) throw new Error(`workspace bench: ${selector} set to "${value}" shows ${count}, not ${shown}`);
  }
  return times;
}

/** Each value, then back to '' (every testimony), SAMPLES times over. */
function andBack(values: readonly string[], shown: (value: string) => number): { value: string; shown: number }[] {
  return Array.from({ length: SAMPLES }, (_, i) => values[i % values.length]).flatMap((value) => [
    { value, shown: shown(value) },
    { value: '', shown: shown('') },
  ]);
}

/**
 * Frame intervals over SCROLL_MS while the list scrolls from the top a step every frame:
 * `rowsPerFrame` rows, or far enough to cross the whole list in that time (a dragged scrollbar).
 */
function scrollFrameIntervals(page: Page, rowsPerFrame: number | 'whole list'): Promise<number[]> {
  return page.evaluate(
    async ({ duration, rowsPerFrame }) => {
      const list = document.querySelector<HTMLElement>('.list')!;
      const step =
        rowsPerFrame === 'whole list'
          ? (list.scrollHeight - list.clientHeight) / (duration / (1000 / 60))
          : rowsPerFrame * document.querySelector<HTMLElement>('.row')!.offsetHeight;
      list.scrollTop = 0;
      const intervals: number[] = [];
      let last = await new Promise<number>((frame) => requestAnimationFrame(frame));
      const end = last + duration;
      while (last < end) {
        list.scrollTop += step;
        const now = await new Promise<number>((frame) => requestAnimationFrame(frame));
        intervals.push(now - last);
        last = now;
      }
      return intervals;
    },
    { duration: SCROLL_MS, rowsPerFrame },
  );
}

/** A fresh workspace, unlocked; resolves once it has loaded the bundle, with the load's time. */
async function openAndLoad(context: BrowserContext, keyFile: string, bundle: string, count: number): Promise<{ page: Page; load: number }> {
  const page = await context.newPage();
  await page.goto(pathToFileURL(WORKSPACE).href);
  await page.locator('#key-file').setInputFiles(keyFile);
  await page.locator('#passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Ouvrir' }).click();
  await page.locator('#unlocked-as').waitFor();
  await page.evaluate(() =>
    document.addEventListener('change', () => Object.assign(globalThis, { benchFilesChosenAt: performance.now() }), { capture: true, once: true }),
  );
  await page.locator('#bundle-files').setInputFiles(bundle);
  const load = await timeToPaint(page, { type: 'files-chosen' }, { appears: '#load-report p' });
  const report = (await page.locator('#load-report').textContent())?.replace(/\s/g, '') ?? '';
  if (!report.startsWith(`${count}témoignagesajoutés`)) throw new Error(`workspace bench: the load reports "${report}"`);
  return { page, load };
}

/** Megabytes of JavaScript heap the page holds once garbage is collected. */
async function heapMegabytes(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 2 ** 20;
}

interface InboxTimes {
  search: number[];
  filterCampaign: number[];
  filterAnswer: number[];
  wheelFrames: number[];
  dragFrames: number[];
}

/** Search, filters and scrolling, each checked against the count the testimonies give. */
async function timeInbox(page: Page, testimonies: readonly BenchTestimony[]): Promise<InboxTimes> {
  const folded = testimonies.map((t) => fold(t.text));
  const search = await timeCountChanges(page, 'input', '#search', andBack([SEARCHED_WORD, `${SEARCHED_WORD} ${SITES[0]}`], (query) =>
    folded.filter((text) => matches(text, queryTerms(query))).length,
  ));
  const filterCampaign = await timeCountChanges(page, 'change', '#filter-campaign', andBack(CAMPAIGNS, (campaign) =>
    campaign === '' ? testimonies.length : testimonies.filter((t) => t.campaign === campaign).length,
  ));
  await page.locator('#filter-question').selectOption(SITE_QUESTION);
  const answered = testimonies.map((t) => t.answers?.[SITE_QUESTION]);
  const filterAnswer = await timeCountChanges(page, 'change', '#filter-answer', andBack(SITES, (site) =>
    answered.filter((given) => given !== undefined && (site === '' || given === site)).length,
  ));
  await page.locator('#filter-question').selectOption('');
  // Three rows a frame is a brisk mouse wheel.
  const wheelFrames = await scrollFrameIntervals(page, 3);
  const dragFrames = await scrollFrameIntervals(page, 'whole list');
  return { search, filterCampaign, filterAnswer, wheelFrames, dragFrames };
}

interface WorkTimes {
  tag: number[];
  quotesTabFirst: number;
  quotesTab: number[];
  figuresTab: number[];
  inboxTab: number[];
}

/** Ticking a tag in the reader, the first quote, then going from tab to tab. */
async function timeWork(page: Page): Promise<WorkTimes> {
  await page.locator('#tab-tags').click();
  await page.locator('#tag-name').fill('Surveillance');
  await page.locator('#tag-create').click();
  await page.locator('#tag-tree li').waitFor();
  await page.locator('#tab-inbox').click();
  const tag: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    await page.locator('.row').nth(i).click();
    const row = await page.locator('.row[aria-selected="true"]').getAttribute('id');
    tag.push(await timeToPaint(page, { type: 'click', selector: '#reader .tag-check input' }, { appears: `#${row} .tag` }));
  }
  // Quoting opens the quotes tab, whose first card finds the words rare across every testimony;
  // later openings reuse them.
  const quotesTabFirst = await timeToPaint(page, { type: 'click', selector: '#quote-whole' }, { appears: '.quote' });
  const quotesTab: number[] = [];
  const figuresTab: number[] = [];
  const inboxTab: number[] = [];
  const open = (tab: string, drawn: string) => timeToPaint(page, { type: 'click', selector: `#tab-${tab}` }, { appears: drawn });
  for (let i = 0; i < SAMPLES; i++) {
    inboxTab.push(await open('inbox', '#inbox-count'));
    figuresTab.push(await open('figures', '#figures-table'));
    inboxTab.push(await open('inbox', '#inbox-count'));
    quotesTab.push(await open('quotes', '.quote'));
  }
  return { tag, quotesTabFirst, quotesTab, figuresTab, inboxTab };
}

type RunTimes = { load: number; heapMb: number } & InboxTimes & WorkTimes;

/** The workspace figures, medians over RUNS fresh loads; none where Chromium is missing. */
export async function workspaceFigures(): Promise<Figure[]> {
  if (!browserAvailable()) return [];
  if (!existsSync(WORKSPACE)) throw new Error('the workspace is not built: run `npm run build` first');
  const { testimonies, envelopes } = sealedTestimonies(TESTIMONIES);
  const dir = mkdtempSync(join(tmpdir(), 'parole-workspace-bench-'));
  const browser = await launchChromium();
  try {
    const keyFile = await writeKeyFile(join(dir, 'delegate.key.json'), BENCH_DELEGATE, PASSPHRASE);
    const bundle = join(dir, 'bundle.ndjson');
    const lines = envelopes.map((envelope, i) => bundleLine({ id: i + 1, campaign: testimonies[i].campaign, day: DAY, envelope }));
    writeFileSync(bundle, bundleHeaderLine() + lines.join(''));
    const runs: RunTimes[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ locale: 'fr-FR' });
      try {
        const { page, load } = await openAndLoad(context, keyFile, bundle, testimonies.length);
        const heapMb = await heapMegabytes(context, page);
        runs.push({ load, heapMb, ...(await timeInbox(page, testimonies)), ...(await timeWork(page)) });
      } finally {
        await context.close();
      }
    }
    const each = (times: (run: RunTimes) => number) => runs.map(times);
    const all = (times: (run: RunTimes) => number[]) => runs.flatMap(times);
    const wheel = all((r) => r.wheelFrames);
    const drag = all((r) => r.dragFrames);
    return [
      { name: `workspace_load_${thousands(TESTIMONIES)}_ms`, value: median(each((r) => r.load)), unit: 'ms' },
      { name: 'workspace_heap_mb', value: median(each((r) => r.heapMb)), unit: 'MB' },
      { name: 'workspace_search_ms', value: median(all((r) => r.search)), unit: 'ms' },
      { name: 'workspace_filter_ms', value: median(all((r) => r.filterCampaign)), unit: 'ms' },
      { name: 'workspace_filter_answer_ms', value: median(all((r) => r.filterAnswer)), unit: 'ms' },
      { name: 'workspace_scroll_frame_p95_ms', value: percentile(wheel, 0.95), unit: 'ms' },
      { name: 'workspace_scroll_frame_max_ms', value: Math.max(...wheel), unit: 'ms' },
      { name: 'workspace_scroll_drag_frame_p95_ms', value: percentile(drag, 0.95), unit: 'ms' },
      { name: 'workspace_scroll_drag_frame_max_ms', value: Math.max(...drag), unit: 'ms' },
      { name: 'workspace_tag_ms', value: median(all((r) => r.tag)), unit: 'ms' },
      { name: 'workspace_quotes_tab_first_ms', value: median(each((r) => r.quotesTabFirst)), unit: 'ms' },
      { name: 'workspace_quotes_tab_ms', value: median(all((r) => r.quotesTab)), unit: 'ms' },
      { name: 'workspace_figures_tab_ms', value: median(all((r) => r.figuresTab)), unit: 'ms' },
      { name: 'workspace_inbox_tab_ms', value: median(all((r) => r.inboxTab)), unit: 'ms' },
    ];
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
