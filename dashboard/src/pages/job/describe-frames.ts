/** "Frame 7", "Frames 2 and 5", "Frames 1–3, 7 and 9": frame numbers, sorted, as a sentence names them. */
export function describeFrames(numbers: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === (numbers[j] ?? 0) + 1) j += 1;
    runs.push(j > i + 1 ? `${numbers[i]}–${numbers[j]}` : j === i + 1 ? `${numbers[i]}, ${numbers[j]}` : `${numbers[i]}`);
    i = j + 1;
  }
  const last = runs.pop();
  const text = runs.length ? `${runs.join(', ')} and ${last}` : last;
  return `${numbers.length === 1 ? 'Frame' : 'Frames'} ${text}`;
}
