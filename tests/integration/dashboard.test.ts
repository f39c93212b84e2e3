/**
 * The web dashboard as a user drives it: Debian's Chromium (through playwright-core) on the
 * built dashboard that a real farm serves at /, with a real worker rendering with Blender.
 * Screenshots of each page land in tests/artifacts/ for a person to look at.
 */
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import yauzl from 'yauzl';
import { buildDashboardIfNeeded } from '../../dashboard/build-if-needed.ts';
import { byTestId, CHROMIUM, CHROMIUM_ARGS } from '../support/chromium.ts';
import { makeScene } from '../support/blender.ts';
import { ok, startFarm, startWorker, submitJob, tempDir, type TestFarm, type TestWorker } from '../support/farm.ts';
import { RegisterTagged } from '../support/operations.ts';
import { freePort } from '../support/processes.ts';
import { createFarmClient, type FarmClient } from '../../common/client.ts';
import { PollJob, ReportFrameProgress } from '../../worker/graphql/operations.ts';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** Names of the files in a zip, in archive order. */
function zipEntries(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('dashboard in Chromium', { timeout: 150_000 }, () => {
  let farm: TestFarm;
  let worker: TestWorker;
  let browser: Browser;
  let page: Page;
  let port: number;
  let dataDir: string;
  let blend: string;
  let slowBlend: string;
  let firstJobId = '';
  let secondJobId = '';
  let slowJobId = '';
  let scripted: FarmClient | undefined;
  const pageErrors: string[] = [];

  before(async () => {
    const dir = await tempDir('dashboard');
    const [, scene, slowScene] = await Promise.all([
      buildDashboardIfNeeded(() => undefined),
      makeScene({ out: path.join(dir, 'six.blend'), frames: 6 }),
      // ~1.8 s a frame here: long enough to watch a frame's percent move.
      makeScene({ out: path.join(dir, 'slow.blend'), frames: 5, samples: 128, scale: 400 }),
      fsp.mkdir(ARTIFACTS, { recursive: true }),
    ]);
    blend = scene;
    slowBlend = slowScene;
    port = await freePort();
    dataDir = await tempDir('dashboard-data');
    farm = await startFarm({ port, dataDir });
    worker = startWorker(farm.url, 'dash-worker');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  after(async () => {
    await browser?.close();
    await scripted?.close();
    await worker?.stop();
    await farm?.stop();
  });

  it('serves the dashboard at / and submits a job through the form, showing the upload', async () => {
    await page.goto(`${farm.url}/`);
    await page.locator(byTestId('jobs-page')).waitFor();
    await page.getByText('No jobs yet.').waitFor();

    await page.click(byTestId('nav-submit'));
    await page.locator(byTestId('submit-form')).waitFor();
    assert.equal(new URL(page.url()).pathname, '/submit');
    await page.setInputFiles(byTestId('file-input'), blend);
    assert.equal(await page.inputValue(byTestId('name-input')), 'six', 'the name comes from the file');
    await page.fill(byTestId('name-input'), 'six frames');
    await page.fill(byTestId('frame-start'), '1');
    await page.fill(byTestId('frame-end'), '6');
    await page.fill(byTestId('frame-step'), '1');
    await page.selectOption(byTestId('format-select'), 'PNG');
    await page.fill(byTestId('priority-field'), '5');
    await page.fill(byTestId('max-attempts'), '2');
    await page.fill(byTestId('render-timeout'), '120');

    // Localhost uploads ~550 KB in a blink: slow the upload down so the bar can be seen moving.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 400 * 1024,
    });
    await page.click(byTestId('submit-job'));
    const midway = await page.waitForFunction(
      () => {
        const bar = document.querySelector('[data-testid="upload-progress"]');
        const value = Number(bar?.getAttribute('aria-valuenow'));
        return bar && value > 0 && value < 100 ? value : null;
      },
      null,
      { timeout: 10_000, polling: 50 },
    );
    const uploaded = await midway.jsonValue();
    assert.ok(uploaded !== null && uploaded > 0 && uploaded < 100, `upload bar part way: ${uploaded}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-submit.png'), fullPage: true, animations: 'disabled' });

    await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    firstJobId = new URL(page.url()).pathname.split('/').pop() ?? '';
    const settings = await page.locator(byTestId('job-settings')).innerText();
    assert.match(settings, /PNG/);
    assert.match(settings, /1–6 \(6\)/);
    assert.match(settings, /Max attempts\s+2/);
    assert.match(settings, /Render timeout\s+2 min 00 s/);
  });

  it('follows the job live to COMPLETED, with thumbnails, previews and a video', async () => {
    await page.locator(`${byTestId('job-page')} ${byTestId('job-status')}[data-status="COMPLETED"]`).waitFor({ timeout: 60_000 });
    assert.equal(await page.getAttribute(byTestId('job-progress'), 'aria-valuenow'), '100');
    assert.equal(await page.innerText(byTestId('frames-done')), '6 / 6');
    assert.equal(await page.locator(`${byTestId('frame-tile')}[data-status="DONE"]`).count(), 6);

    // Every tile's thumbnail and the large latest render are real decoded images.
    await page.waitForFunction(
      () => {
        const images = [...document.querySelectorAll<HTMLImageElement>('[data-testid="frame-thumb"], [data-testid="latest-preview"]')];
        return images.length === 7 && images.every((img) => img.complete && img.naturalWidth > 0);
      },
      null,
      { timeout: 20_000 },
    );
    const video = page.locator(byTestId('preview-video'));
    await video.waitFor();
    const videoSrc = await video.getAttribute('src');
    assert.ok(videoSrc?.endsWith('/preview.mp4'));
    const videoState = await page.waitForFunction(
      () => {
        const v = document.querySelector<HTMLVideoElement>('[data-testid="preview-video"]');
        if (!v) return null;
        if (v.error) return { error: v.error.code, message: v.error.message };
        return v.readyState >= 1 ? { duration: v.duration, width: v.videoWidth, height: v.videoHeight } : null;
      },
      null,
      { timeout: 20_000 },
    );
    // ffmpeg's H.264 of the six 64x36 frames, decoded by Chromium.
    const played = (await videoState.jsonValue()) as { duration?: number; width?: number; height?: number };
    assert.deepEqual({ width: played.width, height: played.height }, { width: 64, height: 36 }, JSON.stringify(played));
    assert.ok((played.duration ?? 0) > 0);

    // A frame's details: who rendered it, how long it took, its picture large.
    await page.click(`${byTestId('frame-tile')}[data-frame="3"]`);
    const details = page.locator(byTestId('frame-details'));
    await details.waitFor();
    assert.equal(await details.locator(byTestId('frame-worker')).innerText(), 'dash-worker');
    assert.equal(await details.locator(byTestId('frame-attempts')).innerText(), '1');
    assert.match(await details.locator(byTestId('frame-render-time')).innerText(), /\d s/);
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="frame-preview"]');
      return img?.complete && img.naturalWidth > 0;
    });
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-job.png'), fullPage: true, animations: 'disabled' });
  });

  it('downloads every frame as one zip through the page link', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(byTestId('download-zip'))]);
    const file = await download.path();
    const names = (await zipEntries(file)).map((name) => path.posix.basename(name)).sort();
    assert.deepEqual(names, ['0001.png', '0002.png', '0003.png', '0004.png', '0005.png', '0006.png']);
  });

  it('requeues selected frames after a confirmation, and they render again', async () => {
    await page.click(`${byTestId('frame-tile')}[data-frame="2"]`);
    await page.click(`${byTestId('frame-tile')}[data-frame="5"]`, { modifiers: ['Control'] });
    assert.equal(await page.innerText(byTestId('selected-count')), '2 selected');
    await page.click(byTestId('requeue-selected'));
    const dialog = page.locator(byTestId('confirm-dialog'));
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Frames 2 and 5 go back to the queue/);
    await page.click(byTestId('confirm-ok'));
    await dialog.waitFor({ state: 'detached' });
    // Frame 5 (the one in the details) rendered again, on its second attempt; then the job is done again.
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="frame-details"] [data-testid="frame-status"]')?.getAttribute('data-status') === 'DONE' &&
        document.querySelector('[data-testid="frame-attempts"]')?.textContent === '2',
      null,
      { timeout: 30_000 },
    );
    await page.locator(`${byTestId('job-page')} ${byTestId('job-status')}[data-status="COMPLETED"]`).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator(`${byTestId('frame-tile')}[data-status="DONE"]`).count(), 6);
  });

  it('shows submission errors by their field; cancels a job through its button and confirmation, then requeues it', async () => {
    // Required tags no worker has: the job waits, so it is there to cancel.
    await page.click(byTestId('nav-submit'));
    await page.setInputFiles(byTestId('file-input'), blend);
    await page.fill(byTestId('name-input'), 'waiting for a gpu');
    // The server's refusal, next to the field it names.
    await page.fill(byTestId('frame-start'), '5');
    await page.fill(byTestId('frame-end'), '2');
    await page.click(byTestId('submit-job'));
    const errors = page.locator(byTestId('submit-errors'));
    await errors.waitFor();
    assert.match(await errors.innerText(), /Last frame: must not be before frameStart \(5\), got 2/);
    assert.match(await page.locator(`.has-error ${byTestId('field-error')}`).innerText(), /must not be before/);
    assert.equal(new URL(page.url()).pathname, '/submit');
    await page.check(byTestId('frames-count'));
    await page.fill(byTestId('total-frames'), '4');
    await page.fill(byTestId('tags-input'), 'gpu, nowhere');
    await page.click(byTestId('submit-job'));
    await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
    secondJobId = new URL(page.url()).pathname.split('/').pop() ?? '';
    assert.notEqual(secondJobId, firstJobId);
    await page.locator(`${byTestId('job-status')}[data-status="QUEUED"]`).waitFor();

    await page.click(byTestId('cancel-job'));
    const dialog = page.locator(byTestId('confirm-dialog'));
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Cancel “waiting for a gpu”\?/);
    await page.click(byTestId('confirm-ok'));
    await page.locator(`${byTestId('job-status')}[data-status="CANCELED"]`).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="frame-tile"][data-status="CANCELED"]').length === 4);

    await page.click(byTestId('requeue-job'));
    await dialog.waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-confirm.png'), animations: 'disabled' });
    await page.click(byTestId('confirm-ok'));
    await page.locator(`${byTestId('job-status')}[data-status="QUEUED"]`).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="frame-tile"][data-status="QUEUED"]').length === 4);
  });

  it('shows the workers, busy ones with the live percent of their frame', async () => {
    const slow = ok(await submitJob(farm.farm, slowBlend, { name: 'slow shot', totalFrames: 5, outputFormat: 'PNG' })).submitJob;
    slowJobId = slow.id;
    // Blender prints a short frame's samples in one batch, so a real worker's percent jumps
    // 0 → 100. A worker driven through the API (it has the tags the waiting job needs) reports
    // the steps in between, one at a time, each one to be seen on the page.
    const { registerWorker } = ok(
      await farm.farm.client.mutation(RegisterTagged, { name: 'scripted-gpu', tags: ['gpu', 'nowhere'] }).toPromise(),
    );
    scripted = createFarmClient({ serverUrl: farm.url, token: () => registerWorker.token });
    const { pollJob } = ok(await scripted.client.mutation(PollJob, { workerId: registerWorker.worker.id }).toPromise());
    assert.equal(pollJob?.jobId, secondJobId);

    await page.click(byTestId('nav-workers'));
    const real = page.locator(`${byTestId('worker-row')}[data-worker-name="dash-worker"]`);
    const api = page.locator(`${byTestId('worker-row')}[data-worker-name="scripted-gpu"]`);
    await api.waitFor();
    assert.match(await api.locator(byTestId('worker-current')).innerText(), /waiting for a gpu · frame 1\s+starting/);
    for (const percent of [25, 60]) {
      ok(await scripted.client.mutation(ReportFrameProgress, { jobId: secondJobId, frameNumber: pollJob.frameNumber, percent }).toPromise());
      await api.locator(byTestId('worker-frame-percent'), { hasText: `${percent}%` }).waitFor({ timeout: 5_000 });
    }
    assert.equal(await api.getAttribute('data-status'), 'BUSY');
    await real.locator(byTestId('worker-frame'), { hasText: 'slow shot' }).waitFor({ timeout: 10_000 });
    assert.equal(await real.getAttribute('data-status'), 'BUSY');
    assert.match(await real.locator(byTestId('worker-heartbeat')).innerText(), /just now|\d+ s ago/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-workers.png'), fullPage: true, animations: 'disabled' });
  });

  it('lists the jobs with their progress, ETA and settings', async () => {
    await page.click(byTestId('nav-jobs'));
    const first = page.locator(`${byTestId('job-row')}[data-job-id="${firstJobId}"]`);
    const second = page.locator(`${byTestId('job-row')}[data-job-id="${secondJobId}"]`);
    const running = page.locator(`${byTestId('job-row')}[data-job-id="${slowJobId}"]`);
    await first.waitFor();
    assert.equal(await first.getAttribute('data-status'), 'COMPLETED');
    assert.equal(await first.locator(byTestId('job-progress')).getAttribute('aria-valuenow'), '100');
    assert.equal(await first.locator(byTestId('job-priority')).innerText(), '5');
    assert.equal(await second.getAttribute('data-status'), 'RUNNING');
    assert.match(await second.innerText(), /gpu/);
    assert.equal(await running.getAttribute('data-status'), 'RUNNING');
    await page.waitForFunction(
      (id) => /\d s/.test(document.querySelector(`[data-job-id="${id}"] [data-testid="job-eta"]`)?.textContent ?? ''),
      slowJobId,
      // The ETA needs the slow frame's first progress: on a loaded 2-core machine its Blender
      // took over 10 s to start (seen while other test runs shared the machine).
      { timeout: 30_000 },
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-jobs.png'), fullPage: true, animations: 'disabled' });
  });

  it('shows the connection lost while the server restarts, then catches up by itself', async () => {
    await page.evaluate(() => {
      (window as Window & { sameDocument?: boolean }).sameDocument = true;
    });
    await farm.stop();
    const banner = page.locator(byTestId('connection-banner'));
    await banner.waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-reconnecting.png'), animations: 'disabled' });

    farm = await startFarm({ port, dataDir });
    // Submitted while the page is still waiting to reconnect: no event of it reaches the page.
    const third = ok(
      await submitJob(farm.farm, blend, { name: 'after the restart', totalFrames: 2, outputFormat: 'PNG', priority: 10 }),
    ).submitJob;
    await banner.waitFor({ state: 'detached', timeout: 20_000 });
    const row = page.locator(`${byTestId('job-row')}[data-job-id="${third.id}"]`);
    await row.waitFor({ timeout: 10_000 });
    // The worker comes back too, and the page follows the new job live to the end.
    await page.locator(`${byTestId('job-row')}[data-job-id="${third.id}"][data-status="COMPLETED"]`).waitFor({ timeout: 45_000 });
    assert.equal(await page.evaluate(() => (window as Window & { sameDocument?: boolean }).sameDocument), true, 'the page was not reloaded');
    assert.deepEqual(pageErrors, []);
  });
});
