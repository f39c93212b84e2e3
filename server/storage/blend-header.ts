/**
 * Recognises a .blend by its first bytes: Blender writes `BLENDER` first; it can also
 * save compressed files, gzip before Blender 3.0 and zstd since.
 */

const BLENDER_MAGIC = Buffer.from('BLENDER', 'ascii');
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);

export type BlendEncoding = 'plain' | 'gzip' | 'zstd';

export function blendEncoding(head: Buffer): BlendEncoding | null {
  if (head.subarray(0, BLENDER_MAGIC.length).equals(BLENDER_MAGIC)) return 'plain';
  if (head.subarray(0, GZIP_MAGIC.length).equals(GZIP_MAGIC)) return 'gzip';
  if (head.subarray(0, ZSTD_MAGIC.length).equals(ZSTD_MAGIC)) return 'zstd';
  return null;
}

/** The reason a file is not a .blend, or null when it looks like one. */
export function blendHeaderProblem(head: Buffer): string | null {
  if (blendEncoding(head) !== null) return null;
  return 'not a .blend file (it does not start with Blender\'s "BLENDER" header, nor is it a gzip- or zstd-compressed .blend)';
}
