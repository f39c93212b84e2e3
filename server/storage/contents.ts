/**
 * The content-addressed store of project files shared by every job: each file's bytes once,
 * named by their SHA-256, under FARM_DATA_DIR/contents/ (FarmStorage.contentPath), with a
 * Content row saying it is there. A submission sends its manifest, asks which contents
 * are missing, uploads only those, then names them in submitJob.
 *
 * What keeps the row and the file in step: every change of the store (a content arriving,
 * contents leaving) runs one at a time through `serialized`, and a ProjectFile row can only
 * point at a Content row (a foreign key with ON DELETE RESTRICT), so a content a job uses
 * is never removed, and a job can never name a content that is gone. A submission racing
 * the deletion of the last job using one of its contents is refused with the content named
 * (asking missingContents again lists it); the store is never left inconsistent.
 */
import fsp from 'node:fs/promises';
import type { FileUpload } from 'graphql-upload-minimal';
import type { Clock } from '../clock.ts';
import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { InputError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { type ManifestEntry, sha256Problem } from '../jobs/project-manifest.ts';
import { commitFile, type FarmStorage, type ReceivedFile, receiveFile, UploadRejected } from './files.ts';

export interface ContentStoreNeeds {
  db: Db;
  storage: Pick<FarmStorage, 'contentPath' | 'incomingPath'>;
  clock: Clock;
  log: Logger;
  config: { maxUploadBytes: number; unusedContentGraceS: number };
}

/** The contents a manifest names that the store lacks, each once, with every path using it. */
export interface MissingContent {
  sha256: string;
  size: number;
  paths: string[];
}

export interface StoredContent {
  sha256: string;
  size: number;
  /** It was in the store before this upload: nothing was written. */
  alreadyStored: boolean;
}

/** SQLite binds at most 32,766 values per statement; lookups go in slices well under that. */
const LOOKUP_SLICE = 500;
/** Unused contents are looked for hourly, or more often when the grace period is shorter. */
const SWEEP_INTERVAL_S = 3600;

export class ContentStore {
  private queue: Promise<unknown> = Promise.resolve();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(private readonly needs: ContentStoreNeeds) {}

  /** Runs `change` after every change begun before it: one writer of the store at a time. */
  private serialized<T>(change: () => Promise<T>): Promise<T> {
    const run = this.queue.then(change, change);
    this.queue = run.catch(() => {});
    return run;
  }

  /** The size of each of these contents the store holds (those it lacks are absent). */
  async storedSizes(sha256s: Iterable<string>): Promise<Map<string, number>> {
    const wanted = [...new Set(sha256s)];
    const sizes = new Map<string, number>();
    for (let i = 0; i < wanted.length; i += LOOKUP_SLICE) {
      const rows = await this.needs.db.content.findMany({
        where: { sha256: { in: wanted.slice(i, i + LOOKUP_SLICE) } },
        select: { sha256: true, size: true },
      });
      for (const row of rows) sizes.set(row.sha256, Number(row.size));
    }
    return sizes;
  }

  /**
   * Which of a (validated) manifest's contents the store lacks. A content it holds with
   * another size than the manifest says is refused: the manifest is wrong, and uploading
   * would not mend it.
   */
  async missing(files: readonly ManifestEntry[], field: string): Promise<MissingContent[]> {
    const sizes = await this.storedSizes(files.map((f) => f.sha256));
    const missing = new Map<string, MissingContent>();
    files.forEach((file, i) => {
      const stored = sizes.get(file.sha256);
      if (stored !== undefined && stored !== file.size) {
        throw new InputError(`${field}[${i}].size`, `${file.path}: content ${file.sha256} has ${stored} bytes, not ${file.size}`);
      }
      if (stored !== undefined) return;
      const entry = missing.get(file.sha256) ?? { sha256: file.sha256, size: file.size, paths: [] };
      entry.paths.push(file.path);
      missing.set(file.sha256, entry);
    });
    return [...missing.values()];
  }

  /**
   * Stores one content, streamed to disk and hashed on the way; the bytes must have the
   * SHA-256 the client claims, or nothing is stored. A content already stored is not read
   * again (the server drops the rest of the request); either way its grace period starts
   * anew, so an upload is not swept before the submission that follows it.
   */
  async receive(claimedSha256: string, file: Promise<FileUpload>): Promise<StoredContent> {
    const shaProblem = sha256Problem(claimedSha256);
    if (shaProblem) throw new InputError('sha256', shaProblem);
    const { db, storage, config, clock } = this.needs;
    const already = await this.serialized(async () => {
      const row = await db.content.findUnique({ where: { sha256: claimedSha256 } });
      if (!row || !(await isFile(storage.contentPath(claimedSha256)))) return null;
      await db.content.update({ where: { sha256: claimedSha256 }, data: { storedAt: clock() } });
      return { sha256: claimedSha256, size: Number(row.size), alreadyStored: true };
    });
    if (already) return already;

    let received;
    let fileName = 'the file';
    try {
      const upload = await file;
      fileName = upload.filename || fileName;
      received = await receiveFile(upload.createReadStream(), storage.incomingPath('.content'), {
        field: 'file',
        maxBytes: config.maxUploadBytes,
        allowEmpty: true,
      });
    } catch (error) {
      const problem = error instanceof UploadRejected ? error.message : `the upload failed: ${(error as Error).message}`;
      throw new InputError('file', `${fileName}: ${problem}`);
    }
    if (received.sha256 !== claimedSha256) {
      await fsp.rm(received.path, { force: true });
      throw new InputError('file', `${fileName}: its bytes have SHA-256 ${received.sha256}, not ${claimedSha256} as claimed; nothing was stored`);
    }
    return this.serialized(() => this.adopt(received));
  }

  /**
   * Takes files already received to incoming/ and hashed (a project archive's, unpacked)
   * into the store, each moved or, when its content is there already, removed.
   */
  storeReceived(files: readonly ReceivedFile[]): Promise<void> {
    return this.serialized(async () => {
      for (const file of files) await this.adopt(file);
    });
  }

  /** Inside the store's turn: the received file becomes the content's file and row. */
  private async adopt(received: ReceivedFile): Promise<StoredContent> {
    const { db, storage, clock } = this.needs;
    const dest = storage.contentPath(received.sha256);
    // Two uploads of one content at once: the first to land keeps its file.
    if (await isFile(dest)) await fsp.rm(received.path, { force: true });
    else await commitFile(received.path, dest);
    const data = { size: BigInt(received.size), storedAt: clock() };
    await db.content.upsert({ where: { sha256: received.sha256 }, create: { sha256: received.sha256, ...data }, update: data });
    return { sha256: received.sha256, size: received.size, alreadyStored: false };
  }

  /** Removes those of these contents no job uses any more (after a job is deleted). */
  removeUnused(sha256s: readonly string[]): Promise<number> {
    return this.serialized(() => this.removeIfUnused([...new Set(sha256s)], false));
  }

  /** Removes contents uploaded longer than the grace period ago that no job uses. */
  sweepUnused(): Promise<number> {
    const cutoff = new Date(this.needs.clock().getTime() - this.needs.config.unusedContentGraceS * 1000);
    // Looked up inside the store's turn, so no upload renews one of them meanwhile.
    return this.serialized(async () => {
      const old = await this.needs.db.content.findMany({ where: { storedAt: { lt: cutoff }, files: { none: {} } }, select: { sha256: true } });
      return this.removeIfUnused(old.map((c) => c.sha256), true);
    });
  }

  /**
   * Row first, then file. The DELETE itself checks that no job uses the content, in one
   * statement, so a job submitted a moment ago (its ProjectFile rows written after the
   * caller looked) keeps its contents. One statement per slice, not per content: a job of
   * 10,000 files of its own took 8.6 s to delete one at a time, 2.0 s so (this machine, 2 cores).
   */
  private async removeIfUnused(sha256s: readonly string[], sweep: boolean): Promise<number> {
    const { db, storage, log } = this.needs;
    let removed = 0;
    for (let i = 0; i < sha256s.length; i += LOOKUP_SLICE) {
      const gone = await db.$queryRaw<Array<{ sha256: string }>>(unusedContentsDelete(sha256s.slice(i, i + LOOKUP_SLICE)));
      for (const { sha256 } of gone) await fsp.rm(storage.contentPath(sha256), { force: true });
      removed += gone.length;
    }
    if (removed > 0) log.info({ removed, sweep }, 'unused contents removed from the store');
    return removed;
  }

  /** Sweeps at start, then hourly (or every grace period, if shorter). */
  start(): void {
    const sweep = () => void this.sweepUnused().catch((error: unknown) => this.needs.log.error({ err: error }, 'content sweep failed'));
    sweep();
    const everyS = Math.min(SWEEP_INTERVAL_S, this.needs.config.unusedContentGraceS);
    this.sweeper = setInterval(sweep, everyS * 1000);
    this.sweeper.unref();
  }

  /** Stops the sweeps and waits for the store's last change to finish. */
  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    await this.queue;
  }
}

/** Deletes the Content rows of these contents that no ProjectFile names, returning which. */
function unusedContentsDelete(sha256s: readonly string[]): Prisma.Sql {
  return Prisma.sql`
    DELETE FROM "Content"
     WHERE "sha256" IN (${Prisma.join(sha256s)})
       AND NOT EXISTS (SELECT 1 FROM "ProjectFile" f WHERE f."sha256" = "Content"."sha256")
    RETURNING "sha256"`;
}

async function isFile(file: string): Promise<boolean> {
  const stat = await fsp.stat(file).catch(() => null);
  return stat?.isFile() ?? false;
}
