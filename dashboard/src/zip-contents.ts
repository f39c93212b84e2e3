/**
 * The file names in a .zip, read in the browser from its central directory alone (the
 * end of the file), so a project archive of gigabytes lists its .blend files at once,
 * without being read whole or sent first. Only names: the server checks and unpacks.
 */

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
/** The end record (22 bytes) follows the directory, with a comment of up to 65,535 bytes. */
const TAIL_BYTES = 22 + 0xffff;

async function bytesOf(file: Blob, start: number, end: number): Promise<DataView> {
  return new DataView(await file.slice(start, end).arrayBuffer());
}

/** Where the central directory starts and how long it is, from the end record (or its ZIP64 form). */
async function directoryPlace(file: Blob): Promise<{ offset: number; size: number }> {
  const tailStart = Math.max(0, file.size - TAIL_BYTES);
  const tail = await bytesOf(file, tailStart, file.size);
  let at = tail.byteLength - 22;
  while (at >= 0 && tail.getUint32(at, true) !== END_OF_DIRECTORY) at--;
  if (at < 0) throw new Error('not a .zip archive (no central directory at its end)');
  const size = tail.getUint32(at + 12, true);
  const offset = tail.getUint32(at + 16, true);
  if (offset !== 0xffffffff && size !== 0xffffffff) return { offset, size };
  // Archives over 4 GB keep the real figures in a ZIP64 record, found through its locator.
  const locatorAt = tailStart + at - 20;
  const locator = await bytesOf(file, locatorAt, locatorAt + 20);
  if (locatorAt < 0 || locator.getUint32(0, true) !== ZIP64_LOCATOR) throw new Error('a damaged .zip archive (no ZIP64 record)');
  const recordAt = Number(locator.getBigUint64(8, true));
  const record = await bytesOf(file, recordAt, recordAt + 56);
  if (record.getUint32(0, true) !== ZIP64_END) throw new Error('a damaged .zip archive (no ZIP64 record)');
  return { size: Number(record.getBigUint64(40, true)), offset: Number(record.getBigUint64(48, true)) };
}

/** Every entry's name, as the archive writes it (folders end with /). */
export async function zipEntryNames(file: Blob): Promise<string[]> {
  const { offset, size } = await directoryPlace(file);
  const directory = await bytesOf(file, offset, offset + size);
  const utf8 = new TextDecoder();
  const names: string[] = [];
  for (let at = 0; at + 46 <= directory.byteLength && directory.getUint32(at, true) === DIRECTORY_ENTRY; ) {
    const nameLength = directory.getUint16(at + 28, true);
    const extraLength = directory.getUint16(at + 30, true);
    const commentLength = directory.getUint16(at + 32, true);
    names.push(utf8.decode(new Uint8Array(directory.buffer, directory.byteOffset + at + 46, nameLength)));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** The .blend files a project archive holds, in its order. */
export async function blendsInArchive(file: Blob): Promise<string[]> {
  return (await zipEntryNames(file)).filter((name) => name.toLowerCase().endsWith('.blend'));
}

/** The form treats a chosen file as a project archive by its name; the server checks its bytes. */
export const isArchiveName = (name: string) => name.toLowerCase().endsWith('.zip');
