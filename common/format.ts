/** Text for sizes and times that every program writes the same way: the `farm` command, the dashboard, the worker's logs. */

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Decimal units, as the MB/s beside them: 1 MB is 1,000,000 bytes. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value >= 100 ? 0 : 1)} ${UNITS[unit]}`;
}
