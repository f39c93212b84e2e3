import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { checkPathMappings, PATH_MAPPINGS_FILE } from './path-mappings.ts';

/** One file of a job's project, as the server lists it (Job.files). */
export interface ProjectFile {
  path: string;
  sha256: string;
  size: number;
  contentUrl: string;
}

/** What the worker needs to lay a job's project out: where the .blend goes and every other file. */
export interface JobProject {
  blendPath: string;
  files: readonly ProjectFile[];
}

/** A job's tree in use: the .blend in it, its path mappings for Blender (a file), if any. */
export interface AcquiredTree {
  blendFile: string;
  /** The mappings of worker/path-mappings.ts with absolute targets, beside the tree; none without. */
  pathMappings: string | undefined;
  release: () => void;
}

/** Where a tree's files come from: worker/content-cache.ts, by hash. */
export interface ProjectContents {
  get(url: string, sha256: string, size: number): Promise<string>;
}

/** Puts a cached file at its place in a tree: a hard link, or a copy where links cannot go. */
export type PlaceFile = (cached: string, target: string) => Promise<'linked' | 'copied'>;

/** Link errors that mean "not here" (cache on another filesystem, no hard links, too many): copy instead. */
const COPY_INSTEAD = new Set(['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP']);

/** Places files with `link` (fs.link; a failing one in tests), copying where it cannot. */
export function linkOrCopyWith(link: (existing: string, created: string) => Promise<void>): PlaceFile {
  return async (cached, target) => {
    try {
      await link(cached, target);
      return 'linked';
    } catch (error) {
      if (!COPY_INSTEAD.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
      await fsp.copyFile(cached, target);
      return 'copied';
    }
  };
}

export const linkOrCopy = linkOrCopyWith(fsp.link);

/**
 * Trees kept on disk besides those in use: a job whose frames come back (a retry, a second
 * slot) finds its tree laid out. Older ones are removed when a new tree is made; the worker
 * is not told when a job ends, so the count bounds the disk a worker takes for trees.
 */
export const KEEP_TREES = 4;

/**
 * Files fetched and placed at once while a tree is laid out: enough to hide latency, few enough
 * for a 10,000-file project. bench/project-tree.ts, 1,000 files of 4 KiB over local HTTP, cold
 * cache, 2 loaded cores: 1 at a time 4.2 s, 8 at once 1.3 s, 32 at once 2.0 s.
 */
const PARALLEL_DOWNLOADS = 8;

/**
 * Where `relative` lands in `tree`, refusing a path that could leave it. The server checks
 * paths when the job is submitted; the worker checks again, since it must never write
 * outside its own folder whatever the server sends.
 */
export function placeInTree(tree: string, relative: string): string {
  const segments = relative.split('/');
  const refused =
    relative.includes('\\') || relative.includes('\0') || /^[A-Za-z]:/.test(relative) || segments.some((s) => s === '' || s === '.' || s === '..');
  const target = path.resolve(tree, relative);
  if (refused || !target.startsWith(tree + path.sep)) throw new Error(`refusing project path "${relative}": it leaves the job's project tree`);
  return target;
}

/**
 * The jobs' project trees on this worker, WORK_DIR/projects/<job id>/: the .blend at its
 * blendPath and every file at its path, as on the artist's machine, so Blender resolves
 * `//textures/grid.png` beside the .blend as it did there. Built from the content cache with
 * hard links (a tree costs directory entries, not bytes), in a temporary folder renamed into
 * place once whole. Slots share it: a tree is laid out once, however many slots render the job.
 */
export class ProjectTrees {
  private readonly layouts = new Map<string, Promise<string>>();
  private readonly inUse = new Map<string, number>();
  /** When each tree was last used in this run, as a count: file times are too coarse to order trees used in one tick. */
  private readonly lastUse = new Map<string, number>();
  private uses = 0;

  constructor(
    readonly root: string,
    private readonly contents: ProjectContents,
    private readonly options: { keep?: number; place?: PlaceFile } = {},
  ) {}

  treeOf(jobId: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(jobId)) throw new Error(`not a job id: ${jobId}`);
    return path.join(path.resolve(this.root), jobId);
  }

  /**
   * The job's tree, laid out if need be (`project` is asked only then), held until `release`:
   * a tree in use is never removed. Returns the path of the .blend in it.
   */
  async acquire(jobId: string, blendFile: string, project: () => Promise<JobProject>): Promise<AcquiredTree> {
    const tree = this.treeOf(jobId);
    this.inUse.set(jobId, (this.inUse.get(jobId) ?? 0) + 1);
    this.lastUse.set(jobId, ++this.uses);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (this.inUse.get(jobId) ?? 1) - 1;
      if (left > 0) this.inUse.set(jobId, left);
      else this.inUse.delete(jobId);
    };
    try {
      let layout = this.layouts.get(jobId);
      if (!layout) {
        layout = this.layOutOnce(jobId, tree, blendFile, project).finally(() => this.layouts.delete(jobId));
        this.layouts.set(jobId, layout);
      }
      const blendPath = await layout;
      const mappings = `${tree}.path-mappings.json`;
      const pathMappings = (await fsp.stat(mappings).then(() => true, () => false)) ? mappings : undefined;
      return { blendFile: placeInTree(tree, blendPath), pathMappings, release };
    } catch (error) {
      release();
      throw error;
    }
  }

  /** Lays the tree out unless it is there; returns the .blend's path in it. */
  private async layOutOnce(jobId: string, tree: string, blendFile: string, project: () => Promise<JobProject>): Promise<string> {
    const marker = `${tree}.blend-path`;
    const known = await fsp.readFile(marker, 'utf8').catch(() => null);
    if (known !== null && (await fsp.stat(tree).then((s) => s.isDirectory(), () => false))) {
      // Laid out by an earlier frame or run: whole, since a tree is renamed into place only once built.
      const now = new Date();
      await fsp.utimes(tree, now, now);
      return known;
    }
    const wanted = await project();
    await this.layOut(tree, blendFile, wanted);
    await this.writePathMappings(tree, wanted);
    await fsp.writeFile(marker, wanted.blendPath);
    await this.prune(jobId);
    return wanted.blendPath;
  }

  /**
   * The project's PATH_MAPPINGS_FILE, checked, with targets absolute in `tree`, written beside
   * the tree (`<tree>.path-mappings.json`) for Blender; a project without one gets none.
   */
  private async writePathMappings(tree: string, project: JobProject): Promise<void> {
    const file = `${tree}.path-mappings.json`;
    await fsp.rm(file, { force: true });
    if (!project.files.some((f) => f.path === PATH_MAPPINGS_FILE)) return;
    const raw: unknown = JSON.parse(await fsp.readFile(placeInTree(tree, PATH_MAPPINGS_FILE), 'utf8'));
    const checked = checkPathMappings(
      raw,
      project.files.map((f) => f.path),
    );
    await fsp.writeFile(file, JSON.stringify(checked.map((m) => ({ ...m, path: placeInTree(tree, m.path) }))));
  }

  /** Builds the tree in a temporary folder, then renames it into place. */
  async layOut(tree: string, blendFile: string, project: JobProject): Promise<{ linked: number; copied: number }> {
    const partial = `${tree}.${process.pid}.${crypto.randomUUID()}.part`;
    // Every path checked before anything is fetched or written.
    const blendTarget = placeInTree(partial, project.blendPath);
    const targets = project.files.map((file) => placeInTree(partial, file.path));
    const taken = new Set([blendTarget]);
    for (const [i, target] of targets.entries()) {
      if (taken.has(target)) throw new Error(`project path "${project.files[i]!.path}" appears twice in the job's project`);
      taken.add(target);
    }
    const place = this.options.place ?? linkOrCopy;
    const counts = { linked: 0, copied: 0 };
    const put = async (cached: string, target: string) => {
      await fsp.mkdir(path.dirname(target), { recursive: true });
      counts[await place(cached, target)] += 1;
    };
    try {
      await put(blendFile, blendTarget);
      let next = 0;
      const downloader = async () => {
        for (let i = next++; i < project.files.length; i = next++) {
          const file = project.files[i]!;
          await put(await this.contents.get(file.contentUrl, file.sha256, file.size), targets[i]!);
        }
      };
      await Promise.all(Array.from({ length: PARALLEL_DOWNLOADS }, downloader));
      await fsp.rm(tree, { recursive: true, force: true });
      await fsp.rename(partial, tree);
    } catch (error) {
      await fsp.rm(partial, { recursive: true, force: true });
      throw error;
    }
    return counts;
  }

  /** Removes trees past the KEEP_TREES most recently used, never one in use, and leftovers of runs that stopped mid-layout. */
  private async prune(current: string): Promise<void> {
    const root = path.resolve(this.root);
    const names = await fsp.readdir(root);
    const leftovers = names.filter((n) => n.endsWith('.part') && !n.includes(`.${process.pid}.`));
    const trees = [];
    for (const name of names.filter((n) => /^[A-Za-z0-9_-]+$/.test(n))) {
      const stat = await fsp.stat(path.join(root, name)).catch(() => null);
      if (stat?.isDirectory()) trees.push({ name, use: this.lastUse.get(name) ?? 0, usedAt: stat.mtimeMs });
    }
    // Used in this run first, most recent first; then those of earlier runs, by when they were last used.
    trees.sort((a, b) => b.use - a.use || b.usedAt - a.usedAt);
    const old = trees
      .slice(this.options.keep ?? KEEP_TREES)
      .map((t) => t.name)
      .filter((name) => name !== current && !this.inUse.has(name) && !this.layouts.has(name));
    for (const name of [...leftovers, ...old]) await fsp.rm(path.join(root, name), { recursive: true, force: true });
    for (const name of old) {
      await fsp.rm(path.join(root, `${name}.blend-path`), { force: true });
      await fsp.rm(path.join(root, `${name}.path-mappings.json`), { force: true });
      this.lastUse.delete(name);
    }
  }
}
