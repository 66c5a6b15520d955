/**
 * A process tree's memory, read from /proc: every SAMPLE_MS the sampler reads /proc/<pid>/status of
 * a process and of every process below it (for `n8n execute`: the task runner that runs Code nodes,
 * and its own children). VmHWM is the kernel's peak resident set of a process over its whole life, so
 * the last reading before a process exits is its peak (what happens in its last SAMPLE_MS may be
 * missed). VmRSS is kept as a timeline to find the resident set while a given node ran.
 */
import { readdirSync, readFileSync } from 'node:fs';

export const SAMPLE_MS = 40;

export interface ProcessPeak {
	pid: number;
	command: string;
	/** Peak resident set (VmHWM), bytes. */
	hwm: number;
}

export interface MemorySample {
	at: number;
	/** VmRSS of the n8n process and of all its descendants together, bytes. */
	rss: number;
}

function readStatus(pid: number): { rss: number; hwm: number } | undefined {
	try {
		const text = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (key: string) => {
			const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
			return match ? Number(match[1]) * 1024 : 0;
		};
		return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
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

function commandOf(pid: number): string {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
			.split('\0')
			.filter(Boolean)
			.slice(-3)
			.join(' ');
	} catch {
		return '?';
	}
}

/** The process and all its descendants. */
function tree(pid: number): number[] {
	const all = [pid];
	for (let i = 0; i < all.length; i++) all.push(...childrenOf(all[i]));
	return all;
}

/** Samples a process tree every SAMPLE_MS from construction until stop(). */
export class TreeMemorySampler {
	readonly peaks = new Map<number, ProcessPeak>();
	readonly samples: MemorySample[] = [];
	private readonly interval: NodeJS.Timeout;

	constructor(private readonly pid: number) {
		this.interval = setInterval(() => this.sample(), SAMPLE_MS);
	}

	/** One reading of every process in the tree now. */
	sample(): void {
		let rss = 0;
		for (const p of tree(this.pid)) {
			const status = readStatus(p);
			if (!status) continue;
			rss += status.rss;
			const known = this.peaks.get(p);
			if (known) known.hwm = Math.max(known.hwm, status.hwm);
			else this.peaks.set(p, { pid: p, command: commandOf(p), hwm: status.hwm });
		}
		if (rss > 0) this.samples.push({ at: Date.now(), rss });
	}

	stop(): void {
		clearInterval(this.interval);
	}

	/** VmHWM of the root process, and of the largest descendant (the task runner). */
	rootAndRunnerPeaks(): { mainPeak: number; runnerPeak: number } {
		const runner = [...this.peaks.values()]
			.filter((p) => p.pid !== this.pid)
			.sort((a, b) => b.hwm - a.hwm)[0];
		return { mainPeak: this.peaks.get(this.pid)?.hwm ?? 0, runnerPeak: runner?.hwm ?? 0 };
	}
}
