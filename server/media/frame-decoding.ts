import fsp from 'node:fs/promises';
import { decodingFor, exrChannelNames, exrLayerToShow, type FrameDecoding } from './ffmpeg-args.ts';

/** The EXR header (attributes, channel list) is in the first bytes; 64 KiB is far more than Blender writes. */
const EXR_HEADER_BYTES = 64 * 1024;

/**
 * How ffmpeg should read this frame file: which layer of a multilayer EXR to show. Read
 * from the file's header, for thumbnails, previews and preview videos alike.
 */
export async function frameDecoding(file: string): Promise<FrameDecoding> {
  const decoding = decodingFor(file);
  if (!decoding.exr) return decoding;
  const handle = await fsp.open(file, 'r');
  try {
    const buffer = Buffer.alloc(EXR_HEADER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const channels = exrChannelNames(buffer.subarray(0, bytesRead));
    return decodingFor(file, channels ? exrLayerToShow(channels) : null);
  } finally {
    await handle.close();
  }
}
