import fsp from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * Writes .zip archives byte by byte, so tests can make the hostile ones no archiver would:
 * entries named `../x` or `/etc/passwd`, symbolic links, headers that lie about sizes.
 */
export interface ZipEntryInput {
  name: string;
  data?: Buffer | string;
  /** Default deflate. */
  method?: 'store' | 'deflate';
  /** Unix file mode (S_IFREG | 0644 by default; S_IFLNK | 0777 for a link). */
  mode?: number;
  /** What the headers claim the unpacked size is, instead of the truth. */
  claimedSize?: number;
}

export const SYMLINK_MODE = 0o120777;

export function zipArchive(inputs: readonly ZipEntryInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const input of inputs) {
    const data = Buffer.isBuffer(input.data) ? input.data : Buffer.from(input.data ?? '');
    const method = input.method ?? 'deflate';
    const packed = method === 'deflate' ? zlib.deflateRawSync(data) : data;
    const name = Buffer.from(input.name, 'utf8');
    const crc = zlib.crc32(data);
    const size = input.claimedSize ?? data.length;
    const fields = (header: Buffer, at: number) => {
      header.writeUInt16LE(0x0800, at); // UTF-8 names
      header.writeUInt16LE(method === 'deflate' ? 8 : 0, at + 2);
      header.writeUInt32LE(0, at + 4); // DOS time and date
      header.writeUInt32LE(crc, at + 8);
      header.writeUInt32LE(packed.length, at + 12);
      header.writeUInt32LE(size, at + 16);
      header.writeUInt16LE(name.length, at + 20);
      header.writeUInt16LE(0, at + 22); // extra field
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    fields(local, 6);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made on Unix, so the mode below is read
    central.writeUInt16LE(20, 6);
    fields(central, 8);
    central.writeUInt32LE(((input.mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(inputs.length, 8);
  end.writeUInt16LE(inputs.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A project folder zipped as an artist would: every file, at its path relative to `dir`. */
export async function zipFolder(dir: string): Promise<Buffer> {
  const inputs: ZipEntryInput[] = [];
  for (const entry of await fsp.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    inputs.push({ name: path.relative(dir, file).split(path.sep).join('/'), data: await fsp.readFile(file) });
  }
  return zipArchive(inputs);
}
