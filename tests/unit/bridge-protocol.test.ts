/**
 * The line protocol between the worker and worker/blender/bridge.py (bridge-protocol.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BRIDGE_PREFIX, parseBridgeLine, quitCommandLine, renderCommandLine } from '../../worker/blender/bridge-protocol.ts';
import { say } from '../support/fake-session.ts';

describe('parseBridgeLine', () => {
  it('reads the bridge\'s lines and leaves Blender\'s alone', () => {
    assert.deepEqual(parseBridgeLine(say('ready', { scene: 'Scene', pid: 7 })), { event: 'ready', scene: 'Scene' });
    assert.deepEqual(parseBridgeLine(say('end', { id: 3, ok: true })), { event: 'end', id: 3, ok: true });
    assert.deepEqual(parseBridgeLine(say('end', { id: 3, ok: false, error: 'Error: No camera found in scene "Scene"' })), {
      event: 'end',
      id: 3,
      ok: false,
      error: 'Error: No camera found in scene "Scene"',
    });
    assert.deepEqual(parseBridgeLine(say('scene-missing', { scene: 'X', message: "Can't find scene: 'X' in file: '/f.blend'" })), {
      event: 'scene-missing',
      scene: 'X',
      message: "Can't find scene: 'X' in file: '/f.blend'",
    });
    assert.equal(parseBridgeLine("Saved: '/out/0001.png'"), null);
    assert.equal(parseBridgeLine('Fra:1 Mem:10.74M (Peak 11.22M) | Time:00:00.03 | Scene, ViewLayer | Finished'), null);
    assert.deepEqual(parseBridgeLine(`${BRIDGE_PREFIX}end {"id": 3, "ok`), { event: 'garbled', line: `${BRIDGE_PREFIX}end {"id": 3, "ok` });
    assert.deepEqual(parseBridgeLine(say('hello', {})), { event: 'garbled', line: say('hello', {}) });
  });
});

describe('the commands bridge.py reads', () => {
  it('asks for a frame with an id its END repeats, and for Blender to quit', () => {
    assert.deepEqual(JSON.parse(renderCommandLine(7, { frame: 12, format: 'OPEN_EXR', outputDir: '/farm/out/job-1' })), {
      id: 7,
      command: 'render',
      frame: 12,
      format: 'OPEN_EXR',
      outputDir: '/farm/out/job-1',
    });
    assert.equal(renderCommandLine(7, { frame: 12, format: 'PNG', outputDir: '/o' }).includes('\n'), false, 'one line');
    assert.deepEqual(JSON.parse(quitCommandLine()), { command: 'quit' });
  });
});
