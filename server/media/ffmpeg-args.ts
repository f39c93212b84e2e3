/**
 * The ffmpeg command lines behind frame thumbnails, previews and a job's preview video, as
 * pure functions of their inputs (tested in tests/unit/media-ffmpeg-args.test.ts without
 * running ffmpeg). Each filter was checked with ffmpeg 5.1 (Debian bookworm) on frames
 * Blender 3.4 wrote in every output format: PNG, JPEG, OPEN_EXR, OPEN_EXR_MULTILAYER (with
 * its layer named), TIFF, WEBP, BMP, TARGA, JP2, DPX and IRIS decode; ffmpeg 5.1 has no
 * Radiance HDR decoder, so HDR frames get no preview.
 */

/**
 * The name a frame's thumbnail and preview go by (`0001` for `0001.png`), or null when
 * ffmpeg cannot read the format (Radiance HDR), so no URL is offered that would only fail.
 */
export function previewBaseName(outputFile: string): string | null {
  if (/\.hdr$/i.test(outputFile)) return null;
  return outputFile.replace(/\.[^.]+$/, '');
}

/** How ffmpeg should decode a frame file: only EXR needs telling. */
export interface FrameDecoding {
  /** The frame is OpenEXR: linear light, to be tone-mapped for display. */
  exr: boolean;
  /** For a multilayer EXR, the layer to show (`ViewLayer.Combined`); null for plain RGB(A). */
  exrLayer?: string | null;
}

export const THUMBNAIL_BOX = { width: 320, height: 180 } as const;

export const VIDEO_FPS = { default: 24, min: 1, max: 120 } as const;

/** Bump when the output of these arguments changes, so cached files from older ones are made again. */
export const PREVIEW_RECIPE_VERSION = 1;

export function decodingFor(fileName: string, exrLayer: string | null = null): FrameDecoding {
  const exr = /\.exr$/i.test(fileName);
  return { exr, exrLayer: exr ? exrLayer : null };
}

/**
 * Decoder options, which go before `-i`. EXR holds linear scene light; without a transfer
 * function ffmpeg shows it as if it were already gamma-encoded, noticeably too dark (mean
 * luma 129 where Blender's own PNG of the frame has 159). `-apply_trc iec61966_2_1` applies
 * the sRGB curve (mean 174: Blender's "Standard" view, a little brighter than the Filmic
 * view its PNGs use by default, as expected).
 */
function decoderArgs(decoding: FrameDecoding): string[] {
  if (!decoding.exr) return [];
  const args = ['-apply_trc', 'iec61966_2_1'];
  if (decoding.exrLayer) args.push('-layer', decoding.exrLayer);
  return args;
}

/** One JPEG image out: `-update 1` tells the image2 muxer the name is a single file, not a pattern. */
function jpegOutput(output: string, quality: number): string[] {
  return ['-frames:v', '1', '-c:v', 'mjpeg', '-q:v', String(quality), '-f', 'image2', '-update', '1', '-y', output];
}

/**
 * A JPEG fitting in a 320×180 box with the frame's aspect ratio, never enlarged (a 64×36
 * frame stays 64×36). The quotes keep the commas inside min() from splitting the filtergraph.
 */
export function thumbnailArgs(input: string, output: string, decoding: FrameDecoding): string[] {
  const { width, height } = THUMBNAIL_BOX;
  const fit = `scale='min(${width},iw)':'min(${height},ih)':force_original_aspect_ratio=decrease`;
  return [...decoderArgs(decoding), '-i', input, '-vf', fit, ...jpegOutput(output, 4)];
}

/** The frame at full size as a JPEG a browser shows. */
export function previewArgs(input: string, output: string, decoding: FrameDecoding): string[] {
  return [...decoderArgs(decoding), '-i', input, ...jpegOutput(output, 2)];
}

/**
 * An H.264 MP4 of the frames listed in `listFile` (see concatList), one picture per frame at
 * `fps`. The concat demuxer gives each still the image2 default duration (1/25 s); `setpts`
 * renumbers them N/fps, so with `-r fps` no frame is duplicated or dropped (frame count ==
 * files listed, checked with ffprobe -count_frames). yuv420p needs even sizes, and is what
 * browsers and phones play; +faststart puts the index first so playback starts before the
 * download ends. veryfast/crf 20: a preview, made quickly on the server's few cores.
 */
export function videoArgs(listFile: string, output: string, opts: { fps: number; decoding: FrameDecoding }): string[] {
  const filters = [`setpts=N/(${opts.fps}*TB)`, 'scale=trunc(iw/2)*2:trunc(ih/2)*2', 'format=yuv420p'].join(',');
  return [
    ...decoderArgs(opts.decoding),
    '-f', 'concat', '-safe', '0', '-i', listFile,
    '-vf', filters,
    '-r', String(opts.fps),
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p',
    '-movflags', '+faststart', '-an', '-f', 'mp4', '-y', output,
  ];
}

/**
 * An ffconcat list of the frame files, in the order given. Frame numbers may skip (a job with
 * a step of 2 has 0001, 0003, ...), so the list names each file rather than a %04d pattern.
 * Inside single quotes everything is literal; a quote itself is written '\''.
 */
export function concatList(files: readonly string[]): string {
  const lines = ['ffconcat version 1.0'];
  for (const file of files) {
    if (/[\n\r]/.test(file)) throw new Error(`a frame path with a line break cannot go in an ffconcat list: ${JSON.stringify(file)}`);
    lines.push(`file '${file.replaceAll("'", "'\\''")}'`);
  }
  return `${lines.join('\n')}\n`;
}

/** `?fps=N`: a whole number from 1 to 120, 24 when absent; otherwise an error message for a 400. */
export function parseFps(raw: string | null): { fps: number } | { error: string } {
  if (raw === null || raw === '') return { fps: VIDEO_FPS.default };
  const fps = Number(raw);
  if (!/^\d+$/.test(raw) || fps < VIDEO_FPS.min || fps > VIDEO_FPS.max) {
    return { error: `fps must be a whole number from ${VIDEO_FPS.min} to ${VIDEO_FPS.max}, got "${raw}"` };
  }
  return { fps };
}

/**
 * The channel names of an OpenEXR file, from its header (the `channels` attribute of type
 * `chlist`); null when the bytes are not an EXR header or it is cut off. Layout, from the
 * OpenEXR file format spec: magic 76 2f 31 01, 4 version bytes, then attributes
 * `name\0 type\0 int32 size value` up to an empty name; a chlist value is a run of
 * `name\0 int32 pixelType, uint8 pLinear, 3 reserved, int32 xSampling, int32 ySampling`
 * ended by an empty name.
 */
export function exrChannelNames(header: Buffer): string[] | null {
  if (header.length < 8 || header.readUInt32LE(0) !== 20000630) return null;
  const cString = (at: number): { text: string; next: number } | null => {
    const end = header.indexOf(0, at);
    return end === -1 ? null : { text: header.toString('latin1', at, end), next: end + 1 };
  };
  let at = 8;
  for (;;) {
    const name = cString(at);
    if (!name) return null;
    if (name.text === '') return null;
    const type = cString(name.next);
    if (!type || type.next + 4 > header.length) return null;
    const size = header.readInt32LE(type.next);
    const value = type.next + 4;
    // A negative or overlong size (a damaged or hostile file) would walk backwards forever.
    if (size < 0 || value + size > header.length) return null;
    if (name.text === 'channels' && type.text === 'chlist') {
      const names: string[] = [];
      let p = value;
      for (;;) {
        const channel = cString(p);
        if (!channel || channel.next > value + size) return null;
        if (channel.text === '') return names;
        names.push(channel.text);
        p = channel.next + 16;
      }
    }
    at = value + size;
  }
}

/**
 * The layer ffmpeg should decode from an EXR with these channels: null when it has plain
 * R, G, B channels; otherwise the render's combined pass (Blender's multilayer EXR names
 * channels `<view layer>.<pass>.<R|G|B|A>`, e.g. `ViewLayer.Combined.R`), or the first
 * layer with an R channel.
 */
export function exrLayerToShow(channels: readonly string[]): string | null {
  if (['R', 'G', 'B'].every((c) => channels.includes(c))) return null;
  const layers = channels.filter((c) => c.endsWith('.R')).map((c) => c.slice(0, -2));
  return layers.find((l) => l === 'Combined' || l.endsWith('.Combined')) ?? layers[0] ?? null;
}
