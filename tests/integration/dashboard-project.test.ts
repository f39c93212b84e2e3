/**
 * A project .zip submitted through the dashboard's form in Chromium: the form lists the
 * .blend files inside (read from the archive in the browser), the person picks one, and a
 * real worker renders the job to COMPLETED. A hostile archive's refusal shows under the
 * file field.
 */
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildDashboardIfNeeded } from '../../dashboard/build-if-needed.ts';
import { makeProject } from '../support/blender-projects.ts';
import { byTestId, CHROMIUM, CHROMIUM_ARGS } from '../support/chromium.ts';
import { startFarm, startWorker, tempDir, type TestFarm, type TestWorker } from '../support/farm.ts';
import { TestJobProject } from '../support/projects.ts';
import { zipArchive, zipFolder } from '../support/zip-writer.ts';

describe('a project .zip through the dashboard in Chromium', { timeout: 120_000 }, () => {
  let farm: TestFarm;
  let worker: TestWorker;
  let browser: Browser;
  let page: Page;
  let dir: string;
  const pageErrors: string[] = [];

  before(async () => {
    dir = await tempDir('dashboard-project');
    const [, blendFile] = await Promise.all([
      buildDashboardIfNeeded(() => undefined),
      makeProject({ dir: path.join(dir, 'project', 'shot'), kinds: ['relative'] }),
    ]);
    // A second .blend (an older version beside the shot): the form must ask which to render.
    await fsp.mkdir(path.join(dir, 'project', 'old'));
    await fsp.copyFile(blendFile, path.join(dir, 'project', 'old', 'shot-v1.blend'));
    await fsp.writeFile(path.join(dir, 'project.zip'), await zipFolder(path.join(dir, 'project')));
    farm = await startFarm();
    worker = startWorker(farm.url, 'dash-zip-worker');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
    await farm?.stop();
  });

  it('lists the .blend files inside, submits the one picked, and the job completes', async () => {
    await page.goto(`${farm.url}/submit`);
    await page.locator(byTestId('submit-form')).waitFor();
    await page.setInputFiles(byTestId('file-input'), path.join(dir, 'project.zip'));
    assert.equal(await page.inputValue(byTestId('name-input')), 'project', 'the name comes from the archive');
    const picker = page.locator(byTestId('blend-path-select'));
    await picker.waitFor();
    const options = await picker.locator('option').allInnerTexts();
    assert.deepEqual(options.slice(1).sort(), ['old/shot-v1.blend', 'shot/shot.blend'], 'both .blend files, after the prompt');
    await page.check(byTestId('frames-count'));
    await page.fill(byTestId('total-frames'), '1');

    await page.click(byTestId('submit-job'));
    assert.match(await page.locator(`.has-error ${byTestId('field-error')}`).innerText(), /choose the \.blend in the archive/);
    await picker.selectOption('shot/shot.blend');
    await page.click(byTestId('submit-job'));
    await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    const id = new URL(page.url()).pathname.split('/').pop() ?? '';
    await page.locator(`${byTestId('job-status')}[data-status="COMPLETED"]`).waitFor({ timeout: 60_000 });

    const { data } = await farm.farm.client.query(TestJobProject, { id }).toPromise();
    assert.equal(data?.job?.blendPath, 'shot/shot.blend');
    assert.deepEqual(data?.job?.files.map((f) => f.path).sort(), ['old/shot-v1.blend', 'shot/textures/grid.png']);
    assert.deepEqual(pageErrors, []);
  });

  it("shows the server's refusal of a hostile archive under the file field", async () => {
    const hostile = path.join(dir, 'hostile.zip');
    await fsp.writeFile(hostile, zipArchive([{ name: 'shot.blend', data: 'BLENDER-v405' }, { name: '../evil.sh', data: 'x' }]));
    await page.goto(`${farm.url}/submit`);
    await page.setInputFiles(byTestId('file-input'), hostile);
    await page.locator(byTestId('blend-path-select')).waitFor();
    await page.check(byTestId('frames-count'));
    await page.fill(byTestId('total-frames'), '1');
    await page.click(byTestId('submit-job'));
    await page.locator(byTestId('submit-errors')).waitFor();
    const underFile = page.locator(`.has-error:has(${byTestId('file-input')}) ${byTestId('field-error')}`);
    assert.match(await underFile.innerText(), /"\.\.\/evil\.sh" would land outside the project folder/);
    assert.equal(new URL(page.url()).pathname, '/submit');
  });
});
