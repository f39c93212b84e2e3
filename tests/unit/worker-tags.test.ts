import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWorkerTags } from '../../common/tags.ts';

describe('--tags', () => {
  it('reads comma-separated tags, spaces around commas ignored, each once', () => {
    assert.deepEqual(parseWorkerTags('gpu,big-memory'), ['gpu', 'big-memory']);
    assert.deepEqual(parseWorkerTags(' gpu , cuda_12.2 ,gpu'), ['gpu', 'cuda_12.2']);
  });

  it('takes an empty value for no tags', () => {
    assert.deepEqual(parseWorkerTags(''), []);
    assert.deepEqual(parseWorkerTags('  '), []);
  });

  it('names the first bad tag', () => {
    assert.throws(() => parseWorkerTags('gpu,big memory'), { message: '"big memory" is not a tag: use 1 to 50 letters, digits, "_", "." or "-"' });
    assert.throws(() => parseWorkerTags('gpu,,cpu'), { message: /^"" is not a tag/ });
    assert.throws(() => parseWorkerTags(`${'x'.repeat(51)}`), { message: /^"x{51}" is not a tag/ });
    assert.throws(() => parseWorkerTags('gpu,rtx/4090'), { message: /^"rtx\/4090" is not a tag/ });
  });

  it('allows as many tags as the server does', () => {
    const tags = Array.from({ length: 33 }, (_, i) => `t${i}`);
    assert.equal(parseWorkerTags(tags.slice(0, 32).join(',')).length, 32);
    assert.throws(() => parseWorkerTags(tags.join(',')), { message: 'at most 32 tags, got 33' });
  });
});
