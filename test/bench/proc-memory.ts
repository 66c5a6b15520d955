/**
 * A process tree's memory, read from /proc: every SAMPLE_MS the sampler reads /proc/<pid>/status of
 * a process and of every process below it (for `n8n execute`: the task runner that runs Code nodes,
 * and its own children). VmHWM is the kernel's peak resident set of a process over its whole life, so
 * the last reading before a process exits is its peak (what happens in its last SAMPLE_MS may be
 * missed).
 */
import { readdirSync, readFileSync } from 'node:fs';

const SAMPLE_MS = 40;

function peakOf(pid: number): number | undefined {
	try {
		const text = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (key: string) => {
			const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
			return match ? Number(match[1]) * 1024 : 0;
		};
		return kb('VmHWM');
	} catch {
		return undefined;
	}
}

function childrenOf(pid: number): number[] {
	const children: number[] = [];
	try {
		for (const task of readdirSync(`/proc/${pid}/task`)) {
			const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
			if (text) children.push(...text.split(/\s+/).map(Number));
		}
	} catch {
		// gone
	}
	return children;
}

/** The process and all its descendants. */
function tree(pid: number): number[] {
	const all = [pid];
	for (let i = 0; i < all.length; i++) all.push(...childrenOf(all[i]));
	return all;
}

/** Samples a process tree every SAMPLE_MS from construction until stop(). */
export class TreeMemorySampler {
	/** Peak resident set (VmHWM) of each process seen, bytes, by pid. */
	private readonly peaks = new Map<number, number>();
	private readonly interval: NodeJS.Timeout;

	constructor(private readonly pid: number) {
		this.interval = setInterval(() => this.sample(), SAMPLE_MS);
	}

	/** One reading of every process in the tree now. */
	sample(): void {
		for (const p of tree(this.pid)) {
			const hwm = peakOf(p);
			if (hwm === undefined) continue;
			this.peaks.set(p, Math.max(this.peaks.get(p) ?? 0, hwm));
		}
	}

	stop(): void {
		clearInterval(this.interval);
	}

	/** VmHWM of the root process, and of the largest descendant (the task runner). */
	rootAndRunnerPeaks(): { mainPeak: number; runnerPeak: number } {
		const descendants = [...this.peaks].filter(([pid]) => pid !== this.pid).map(([, hwm]) => hwm);
		return { mainPeak: this.peaks.get(this.pid) ?? 0, runnerPeak: Math.max(0, ...descendants) };
	}
}
