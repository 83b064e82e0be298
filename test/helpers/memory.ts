import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Peak resident memory of a live process so far, from the kernel (VmHWM). */
export function peakRss(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error('no VmHWM');
  return Number(match[1]) * 1024;
}

/** Reads VmHWM until the process exits: the last reading is its peak to within one interval. */
export async function watchPeak(child: ChildProcess): Promise<number> {
  let peak = 0;
  while (child.exitCode === null && child.signalCode === null) {
    try {
      peak = Math.max(peak, peakRss(child.pid!));
    } catch {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return peak;
}
