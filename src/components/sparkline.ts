// Unicode block sparklines for the metrics history (0–100 %). The newest value is on the right.
const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

export function sparkline(values: readonly number[], width: number, max = 100): string {
  if (width <= 0) return '';
  const recent = values.slice(-width);
  const line = recent
    .map((v) => {
      const ratio = Math.min(1, Math.max(0, v / max));
      return BLOCKS[Math.min(BLOCKS.length - 1, Math.floor(ratio * BLOCKS.length))]!;
    })
    .join('');
  return line.padStart(width, ' ');
}
