/**
 * The local scenario's report: the medians of every row, the node's speed-up over the other ways,
 * the targets' verdicts at N=10,000, and the memory's own cost.
 */
import { fmtMs, mb } from './common';
import {
	DEFAULT_BATCH,
	HTTP_PER_ITEM_MAX,
	MEMORY_FULL,
	SMALL_BATCH,
	TARGET_N,
} from './local-variants';
import type { Measured, Row } from './local-measure';
import { median, TARGET_SIZE, TARGET_US } from './mapping.bench';
import type { InProcessCost } from './node-cost';

export interface ReportMeta {
	n8nVersion: string;
	loadAtStart: string;
	loadAtEnd: string;
	totalS: number;
}

/** A row's medians over its successful runs. */
type Summary = ReturnType<typeof summarise>;
/** The summary of one variant at one N, if it ran. */
type StatOf = (key: string, n: number) => Summary | undefined;

function summarise(row: Row) {
	const ok = row.runs.filter((r) => r.ok);
	const pick = (f: (m: Measured) => number) => (ok.length ? median(ok.map(f)) : NaN);
	return {
		engineMs: pick((r) => r.engineMs),
		wallMs: pick((r) => r.wallMs),
		processMs: pick((r) => r.processMs),
		peak: pick((r) => r.mainPeak + r.runnerPeak),
		mainPeak: pick((r) => r.mainPeak),
		runnerPeak: pick((r) => r.runnerPeak),
		exactlyOnce: row.runs.length > 0 && row.runs.every((r) => r.exactlyOnce),
		failed: row.runs.length - ok.length,
	};
}

function statOf(rows: Row[]): StatOf {
	return (key, n) => {
		const row = rows.find((r) => r.variant.key === key && r.n === n);
		return row && row.runs.length ? summarise(row) : undefined;
	};
}

export function printReport(
	rows: Row[],
	inProcess: InProcessCost[],
	sizes: number[],
	meta: ReportMeta,
): void {
	const stat = statOf(rows);
	printResults(rows, sizes, meta.n8nVersion);
	printRatios(rows, stat, sizes);
	printTargets(stat, inProcess);
	printPeakRssBySize(stat, sizes);
	printFootnotes(meta);
}

function printResults(rows: Row[], sizes: number[], n8nVersion: string): void {
	console.log(
		`\n## Results (n8n ${n8nVersion}; engine = n8n's executionTime of the posting node(s); wall = the execution's startedAt → stoppedAt, generation included; medians)\n`,
	);
	console.log(
		'| workflow | N | engine | wall | payments/s | peak RSS n8n + runner | exactly once | runs |',
	);
	console.log('|---|---:|---:|---:|---:|---:|:-:|---:|');
	for (const n of sizes) {
		for (const row of rows.filter((r) => r.n === n && r.runs.length > 0)) {
			const s = summarise(row);
			const posting = row.variant.group !== '0' && row.variant.key !== 'setRef';
			const rate =
				posting && s.engineMs > 0 ? Math.round((n / s.engineMs) * 1000).toLocaleString('en') : '—';
			const rss = Number.isNaN(s.peak)
				? '—'
				: s.peak === 0
					? '(no n8n)'
					: `${mb(s.peak)} MB (${mb(s.mainPeak)} + ${mb(s.runnerPeak)})`;
			const label = row.extrapolatedFrom
				? `${row.variant.label} — extrapolated ×${n / row.extrapolatedFrom} from N=${row.extrapolatedFrom.toLocaleString('en')}`
				: row.variant.label;
			const engine = row.variant.group === '0' ? '—' : fmtMs(s.engineMs);
			console.log(
				`| ${label} | ${n.toLocaleString('en')} | ${engine} | ${fmtMs(s.wallMs)} | ${rate} | ${rss} | ${exactlyOnceCell(row, s)} | ${row.runs.length}${s.failed ? ` (${s.failed} failed)` : ''} |`,
			);
		}
	}
}

function exactlyOnceCell(row: Row, s: Summary): string {
	if (row.extrapolatedFrom) return '—';
	if (row.variant.posts) return s.exactlyOnce ? 'yes' : '**NO**';
	return s.exactlyOnce ? 'n/a (0 sent)' : '**NO**';
}

function printRatios(rows: Row[], stat: StatOf, sizes: number[]): void {
	console.log('\n## Ratios (engine time; how many times faster the Amili Payment node is)\n');
	console.log(
		'| N | Batch Size | vs (2) HTTP per item | vs (3) Code chunks + HTTP | vs (4) the wire (node ÷ wire) |',
	);
	console.log('|---:|---:|---:|---:|---:|');
	for (const n of sizes) {
		const wire = stat('wire', n);
		const http = stat('httpPerItem', n);
		const chunks = stat('codeChunks', n);
		const httpExtrapolated = rows.find(
			(r) => r.variant.key === 'httpPerItem' && r.n === n,
		)?.extrapolatedFrom;
		for (const [key, size] of [
			['amili', DEFAULT_BATCH],
			['amiliSmall', SMALL_BATCH],
		] as const) {
			const node = stat(key, n);
			if (!node) continue;
			const ratio = (other?: { engineMs: number }) =>
				other ? `${(other.engineMs / node.engineMs).toFixed(1)}×` : '—';
			const httpNote = httpExtrapolated ? ' (extrapolated)' : '';
			console.log(
				`| ${n.toLocaleString('en')} | ${size} | ${ratio(http)}${http ? httpNote : ''} | ${ratio(chunks)} | ${wire ? `${(node.engineMs / wire.engineMs).toFixed(1)}× the wire` : '—'} |`,
			);
		}
	}
}

function verdict(label: string, holds: boolean | undefined, detail: string): void {
	console.log(
		`- ${holds === undefined ? 'NOT MEASURED' : holds ? 'HOLDS ' : 'MISSED'} — ${label}: ${detail}`,
	);
}

/** "a ÷ b = r×" of two engine times, or what the figure needs. */
function quotient(a: Summary | undefined, b: Summary | undefined): string {
	return a && b
		? `${fmtMs(a.engineMs)} ÷ ${fmtMs(b.engineMs)} = ${(a.engineMs / b.engineMs).toFixed(1)}×`
		: 'needs N=10,000';
}

/** Target verdicts at 10,000 payments, default mode. */
function printTargets(stat: StatOf, inProcess: InProcessCost[]): void {
	console.log(
		`\n## Targets (N=${TARGET_N.toLocaleString('en')}, Map Automatically, Batch Size ${DEFAULT_BATCH})\n`,
	);
	const node = stat('amili', TARGET_N);
	const http = stat('httpPerItem', TARGET_N);
	const chunks = stat('codeChunks', TARGET_N);
	const wire = stat('wire', TARGET_N);
	const mapEach = stat('amiliMapEach', TARGET_N);
	const base = stat('baseline', TARGET_N);
	const fasterThan = (label: string, times: number, other: Summary | undefined) =>
		verdict(
			label,
			node && other ? other.engineMs >= times * node.engineMs : undefined,
			quotient(other, node),
		);
	fasterThan('at least 50× faster than (2) HTTP Request per item', 50, http);
	fasterThan('at least 5× faster than (3) Code chunks + HTTP Request', 5, chunks);
	verdict(
		'within 2× of (4) the wire',
		node && wire ? node.engineMs <= 2 * wire.engineMs : undefined,
		quotient(node, wire),
	);
	verdict(
		'Map Each Field (8 expressions) no slower than (3)',
		mapEach && chunks ? mapEach.engineMs <= chunks.engineMs : undefined,
		mapEach && chunks
			? `${fmtMs(mapEach.engineMs)} vs ${fmtMs(chunks.engineMs)}; n8n evaluates 8 × ${TARGET_N.toLocaleString('en')} expressions (see the Edit Fields reference row at N=1,000)`
			: 'needs N=10,000',
	);
	const atTarget = inProcess.find((c) => c.count === TARGET_SIZE);
	verdict(
		`the node's own mapping + validation under ${TARGET_US} µs/item at ${TARGET_SIZE.toLocaleString('en')} (in-process)`,
		atTarget ? atTarget.prepareErpUs < TARGET_US && atTarget.prepareUs < TARGET_US : undefined,
		atTarget
			? `${atTarget.prepareUs.toFixed(2)} µs (benchmark items), ${atTarget.prepareErpUs.toFixed(2)} µs (varied ERP-like items); whole execute() without HTTP ${atTarget.executeUs.toFixed(2)} µs`
			: '—',
	);
	verdict(
		'peak RSS within 20% of n8n alone (0)',
		node && base ? node.peak <= 1.2 * base.peak : undefined,
		node && base
			? `${mb(node.peak)} MB vs ${mb(base.peak)} MB = ${((node.peak / base.peak - 1) * 100).toFixed(0)}% more (VmHWM of n8n execute + its task runner)`
			: 'needs N=10,000',
	);
}

/** The peak RSS target's comparison at the other sizes, for reference. */
function printPeakRssBySize(stat: StatOf, sizes: number[]): void {
	for (const n of sizes.filter((s) => s !== TARGET_N)) {
		const nodeN = stat('amili', n);
		const baseN = stat('baseline', n);
		if (nodeN && baseN)
			console.log(
				`  (peak RSS at N=${n.toLocaleString('en')}: ${mb(nodeN.peak)} MB vs ${mb(baseN.peak)} MB alone, ${((nodeN.peak / baseN.peak - 1) * 100).toFixed(0)}% more)`,
			);
	}
}

function printFootnotes(meta: ReportMeta): void {
	console.log(
		`\nPeak RSS: VmHWM (the kernel's peak resident set) of the \`n8n execute\` process plus that of its task runner (the child that runs Code nodes), ` +
			"read from /proc every 40 ms until they exit; it includes n8n's boot (~450 MB) and its final print of the whole execution as JSON.",
	);
	console.log(
		`HTTP Request one-per-item is measured up to N=${HTTP_PER_ITEM_MAX.toLocaleString('en')}; above, its times are that measurement scaled linearly (it is linear: one request per item), without memory figures.`,
	);
	console.log(
		`Load average at start ${meta.loadAtStart}, at end ${meta.loadAtEnd}; the whole run took ${(meta.totalS / 60).toFixed(1)} min.`,
	);
}

/** The memory's own cost: node engine time with the memory on, minus off (medians). */
export function printMemoryCost(rows: Row[], sizes: number[]): void {
	const stat = statOf(rows);
	console.log(
		"\n## Never twice: the memory's own cost (engine time, memory on minus off, version 2, Batch Size 1000)\n",
	);
	console.log('| N | memory on, empty | memory on, default History Size full | target |');
	console.log('|---:|---:|---:|---|');
	for (const n of sizes) {
		const engine = (key: string) => stat(key, n)?.engineMs ?? NaN;
		const off = engine('memoryOff');
		if (Number.isNaN(off)) continue;
		const cost = (key: string) => fmtMs(engine(key) - off);
		console.log(
			`| ${n.toLocaleString('en')} | ${cost('memory0')} | ${cost(`memory${MEMORY_FULL}`)} | under 200 ms (one request to a remote Amili) |`,
		);
	}
}
