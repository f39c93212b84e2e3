/**
 * What a tag is, for workers and jobs alike. The server checks the same rule
 * (server/jobs/validate-submission.ts imports it); the worker checks it too so a typo in
 * --tags fails at once.
 */
export const MAX_TAGS = 32;
const TAG = /^[A-Za-z0-9_.-]{1,50}$/;

/** Why `tag` is not a tag, or null when it is one. */
export function tagProblem(tag: string): string | null {
  return TAG.test(tag) ? null : `"${tag}" is not a tag: use 1 to 50 letters, digits, "_", "." or "-"`;
}

/**
 * `--tags gpu,big-memory` as a list of tags: comma-separated, spaces around commas ignored,
 * an empty value meaning none. Throws with a message naming the first bad tag.
 */
export function parseWorkerTags(text: string): string[] {
  if (text.trim() === '') return [];
  const tags = text.split(',').map((tag) => tag.trim());
  for (const tag of tags) {
    const problem = tagProblem(tag);
    if (problem) throw new Error(problem);
  }
  const unique = [...new Set(tags)];
  if (unique.length > MAX_TAGS) throw new Error(`at most ${MAX_TAGS} tags, got ${unique.length}`);
  return unique;
}
