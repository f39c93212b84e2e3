import path from 'node:path';

/**
 * The still-image formats a job can ask for, named as Blender's Python API names them
 * (`scene.render.image_settings.file_format`) and as the Prisma enum stores them.
 */
export const OUTPUT_FORMATS = [
  'PNG',
  'JPEG',
  'OPEN_EXR',
  'OPEN_EXR_MULTILAYER',
  'TIFF',
  'WEBP',
  'BMP',
  'TARGA',
  'JP2',
  'HDR',
  'DPX',
  'IRIS',
] as const;

export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

interface FormatInfo {
  /** What `-F` takes. */
  cliName: string;
  /** What Blender appends with `-x 1`, without the dot. */
  extension: string;
}

/**
 * Each row checked against Blender 3.4.1's `Saved:` line for `-F <cliName> -x 1 -f 2`.
 * TARGA is the one whose `-F` spelling differs: `-F TARGA` prints
 * "Error: Format from '-F / --render-format' not known", exits 0 and writes a PNG.
 * Both EXR flavours write `.exr`; IRIS writes `.rgb`.
 */
const FORMATS: Record<OutputFormat, FormatInfo> = {
  PNG: { cliName: 'PNG', extension: 'png' },
  JPEG: { cliName: 'JPEG', extension: 'jpg' },
  OPEN_EXR: { cliName: 'OPEN_EXR', extension: 'exr' },
  OPEN_EXR_MULTILAYER: { cliName: 'OPEN_EXR_MULTILAYER', extension: 'exr' },
  TIFF: { cliName: 'TIFF', extension: 'tif' },
  WEBP: { cliName: 'WEBP', extension: 'webp' },
  BMP: { cliName: 'BMP', extension: 'bmp' },
  TARGA: { cliName: 'TGA', extension: 'tga' },
  JP2: { cliName: 'JP2', extension: 'jp2' },
  HDR: { cliName: 'HDR', extension: 'hdr' },
  DPX: { cliName: 'DPX', extension: 'dpx' },
  IRIS: { cliName: 'IRIS', extension: 'rgb' },
};

export function isOutputFormat(value: string): value is OutputFormat {
  return Object.hasOwn(FORMATS, value);
}

/** The argument for Blender's `-F`. */
export function blenderFormatArg(format: OutputFormat): string {
  return FORMATS[format].cliName;
}

/** The extension Blender gives a frame in this format, without the dot: `jpg`, `exr`, ... */
export function formatExtension(format: OutputFormat): string {
  return FORMATS[format].extension;
}

/**
 * Blender's `####` pads to four digits and grows beyond that (frame 12345 → `12345`), so the
 * name stays the same whichever side computes it.
 */
export function frameFileName(frame: number, format: OutputFormat): string {
  return `${String(frame).padStart(4, '0')}.${formatExtension(format)}`;
}

/** Where a frame lives in `dir`: the worker's render output and the server's job folder alike. */
export function framePath(dir: string, frame: number, format: OutputFormat): string {
  return path.join(dir, frameFileName(frame, format));
}
