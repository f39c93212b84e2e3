import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import {
  BlenderOutputParser,
  parseBlenderLine,
  type BlenderOutputEvent,
} from '../../worker/blender/output-parser.ts';

const FIXTURES = new URL('./fixtures/blender/', import.meta.url);

function fixtureLines(name: string): string[] {
  const text = fs.readFileSync(new URL(`${name}.txt`, FIXTURES), 'utf8');
  return text.replace(/\n$/, '').split('\n');
}

function parseFixture(name: string): { events: BlenderOutputEvent[]; parser: BlenderOutputParser } {
  const parser = new BlenderOutputParser();
  const events: BlenderOutputEvent[] = [];
  for (const line of fixtureLines(name)) {
    const event = parser.feed(line);
    if (event) events.push(event);
  }
  return { events, parser };
}

function ofType<T extends BlenderOutputEvent['type']>(
  events: BlenderOutputEvent[],
  type: T,
): Extract<BlenderOutputEvent, { type: T }>[] {
  return events.filter((event): event is Extract<BlenderOutputEvent, { type: T }> => event.type === type);
}

describe('BlenderOutputParser on recorded Blender 3.4.1 output', () => {
  it('follows a Cycles frame from sample 0 to Finished and Saved', () => {
    const { events } = parseFixture('cycles-frame-1');
    assert.deepEqual(
      ofType(events, 'progress').map((event) => [event.frame, event.percent]),
      [
        [1, 0],
        [1, 12],
        [1, 100],
      ],
    );
    assert.deepEqual(ofType(events, 'saved'), [{ type: 'saved', path: '/tmp/farm-fixtures/out/0001.png' }]);
    assert.deepEqual(ofType(events, 'error'), []);
    assert.equal(events.at(-1)?.type, 'saved');
  });

  it('keeps tiled Cycles progress rising although each tile restarts its samples', () => {
    const { events } = parseFixture('cycles-tiled');
    const percents = ofType(events, 'progress').map((event) => event.percent);
    assert.ok(percents.length >= 16, `only ${percents.length} progress events`);
    for (let i = 1; i < percents.length; i++) {
      assert.ok(percents[i]! > percents[i - 1]!, `progress went from ${percents[i - 1]} to ${percents[i]}`);
    }
    assert.equal(percents.at(-1), 100);
    assert.deepEqual(ofType(events, 'saved'), [{ type: 'saved', path: '/tmp/farm-fixtures/out-tiles/0001.png' }]);
  });

  it('reads Eevee sample lines and does not take its EGL errors for Blender errors', () => {
    const { events } = parseFixture('eevee-frame-1');
    assert.deepEqual(
      ofType(events, 'progress').map((event) => event.percent),
      [12, 100],
    );
    assert.deepEqual(ofType(events, 'error'), []);
    assert.deepEqual(ofType(events, 'saved'), [{ type: 'saved', path: '/tmp/farm-fixtures/out-eevee/0001.png' }]);
  });

  it('names the missing scene, before any render output', () => {
    const { events } = parseFixture('scene-not-found');
    assert.deepEqual(events[0], { type: 'scene-not-found', scene: 'NoSuchScene' });
    // Left alone, Blender then renders and saves the file's active scene, exit status 0.
    assert.equal(ofType(events, 'saved').length, 1);
  });

  const failures: [fixture: string, message: string | RegExp][] = [
    ['no-camera', 'Cannot render, no camera'],
    ['not-a-blend', "File format is not supported in file '/tmp/farm-fixtures/not-a-blend.blend'"],
    ['truncated', /^Failed to read blend file .*: Missing DNA block$/],
    ['missing-file', /^Cannot read file '.*does-not-exist\.blend': No such file or directory$/],
    ['unwritable-output', /^Render error \(Invalid argument\) cannot save: '.*0001\.png'$/],
    ['cycles-no-denoiser', 'Build without OpenImageDenoiser'],
  ];
  for (const [fixture, message] of failures) {
    it(`reports Blender's error line (${fixture})`, () => {
      const { events } = parseFixture(fixture);
      const errors = ofType(events, 'error');
      assert.equal(errors.length, 1, JSON.stringify(errors));
      if (typeof message === 'string') assert.equal(errors[0]?.message, message);
      else assert.match(errors[0]?.message ?? '', message);
      assert.deepEqual(ofType(events, 'saved'), []);
    });
  }

  it('keeps the end of the log, where the error is', () => {
    const { parser } = parseFixture('no-camera');
    assert.equal(
      parser.logTail(),
      [
        'Blender 3.4.1',
        'Read blend: /tmp/farm-fixtures/no-camera.blend',
        'Error: Cannot render, no camera',
        '',
        'Blender quit',
      ].join('\n'),
    );
  });
});

describe('parseBlenderLine', () => {
  it('ignores lines that carry no event', () => {
    for (const line of [
      '',
      'Blender 3.4.1',
      'Blender quit',
      ' Time: 00:00.12 (Saving: 00:00.08)',
      'Fra:1 Mem:9.94M (Peak 11.22M) | Time:00:00.00 | Mem:0.00M, Peak:0.00M | Scene, ViewLayer | Synchronizing object | Cube',
      'Fra:1 Mem:29.79M (Peak 29.79M) | Time:00:00.69 | Mem:0.00M, Peak:2.18M | Scene | ViewLayer | Finishing',
      'EGL Error (0x3001): EGL_NOT_INITIALIZED: EGL is not initialized',
    ]) {
      assert.equal(parseBlenderLine(line), null, line);
    }
  });

  it('counts finished tiles once', () => {
    const line = (rest: string): string =>
      `Fra:3 Mem:11.92M (Peak 11.92M) | Time:00:00.08 | Remaining:00:00.75 | Mem:2.18M, Peak:2.18M | Scene, ViewLayer | ${rest}`;
    assert.deepEqual(parseBlenderLine(line('Rendered 0/4 Tiles, Sample 1/2')), { type: 'progress', frame: 3, percent: 12 });
    assert.deepEqual(parseBlenderLine(line('Rendered 1/4 Tiles, Sample 2/2')), { type: 'progress', frame: 3, percent: 25 });
    assert.deepEqual(parseBlenderLine(line('Rendered 4/4 Tiles, Sample 2/2')), { type: 'progress', frame: 3, percent: 100 });
  });

  it('keeps quotes and spaces inside names', () => {
    assert.deepEqual(parseBlenderLine("Can't find scene: 'Shot 'A' 010' in file: '/a b/c.blend'"), {
      type: 'scene-not-found',
      scene: "Shot 'A' 010",
    });
    assert.deepEqual(parseBlenderLine("Saved: '/farm/job's frames/0001.png'"), {
      type: 'saved',
      path: "/farm/job's frames/0001.png",
    });
  });
});

describe('BlenderOutputParser log tail', () => {
  it('keeps at most 50 lines', () => {
    const parser = new BlenderOutputParser();
    for (let i = 1; i <= 200; i++) parser.feed(`line ${i}`);
    const tail = parser.logTail().split('\n');
    assert.equal(tail.length, 50);
    assert.equal(tail[0], 'line 151');
    assert.equal(tail.at(-1), 'line 200');
  });

  it('keeps at most 8 KiB, cutting a single huge line', () => {
    const parser = new BlenderOutputParser();
    for (let i = 0; i < 40; i++) parser.feed(`${i} ${'x'.repeat(500)}`);
    assert.ok(Buffer.byteLength(parser.logTail()) <= 8 * 1024);
    assert.match(parser.logTail(), /^\d+ x+\n/);
    assert.match(parser.logTail(), /39 x+$/);

    parser.feed('é'.repeat(10_000));
    const tail = parser.logTail();
    assert.ok(Buffer.byteLength(tail) <= 8 * 1024, `${Buffer.byteLength(tail)} bytes`);
    assert.ok(tail.endsWith('é…'));
    assert.ok(!tail.includes('\uFFFD'));
  });

  it('drops a carriage return before parsing', () => {
    const parser = new BlenderOutputParser();
    assert.deepEqual(parser.feed("Saved: '/tmp/out/0001.png'\r"), { type: 'saved', path: '/tmp/out/0001.png' });
    assert.equal(parser.logTail(), "Saved: '/tmp/out/0001.png'");
  });
});
