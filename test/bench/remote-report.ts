/** The remote scenario's tables (remote.ts): the issue's table per N, every run's facts, the targets. */
import { fmtMs } from './common';
import { median } from './mapping.bench';

export interface Way {
	key: string;
	kind: 'node' | 'wire';
	batchSize: number;
	/** Parallel Requests for the node, requests in flight for the wire. */
	inFlight: number;
	/** The node: records its memory holds before each run (never twice); unset: Skip Payments Sent Before off. */
	memory?: number;
}

export interface RemoteRun {
	/** The node: n8n's executionTime of the node; the wire: its elapsed time. */
	engineMs: number;
	/** The node: the execution's startedAt → stoppedAt; the wire: its elapsed time. */
	wallMs: number;
	ok: boolean;
	note?: string;
	exactlyOnce: boolean;
	/** POST /payments the simulator received. */
	requests: number;
	/** The most of them it held at once. */
	peakInFlight: number;
	/** TCP connections opened to the simulator (across a network each costs a round trip more). */
	connections: number;
	/** The node: from its start to its first request's arrival at the simulator. */
	beforeFirstMs?: number;
	/** The node: from its last answer leaving the simulator to its end. */
	afterLastMs?: number;
}

export interface RemoteRow {
	way: Way;
	n: number;
	runs: RemoteRun[];
}

export interface RemoteMeta {
	n8nVersion: string;
	latencyMs: number;
	parallel: number;
	loadAtStart: string;
	loadAtEnd: string;
	totalS: number;
}

/** The target sizes and bounds of issue 12, at N = 10,000. */
const TARGET_N = 10_000;
const PARALLEL_BOUND = 1.2;
const SEQUENTIAL_BOUND = 1.15;

function memoryLabel({ memory }: Way): string {
	if (memory === undefined) return '';
	return memory === 0
		? ', memory on (empty)'
		: `, memory on (${memory.toLocaleString('en')} remembered)`;
}

/**
 * Never twice: the node with its memory on against off, same Batch Size and Parallel Requests;
 * target within 1.1×. "Own cost": the memory's calls happen before the first request and after the
 * last answer, so the difference of those two spans (medians) is what the memory itself takes.
 */
export function printMemoryReport(rows: RemoteRow[]): void {
	const medianOf = (row: RemoteRow, pick: (run: RemoteRun) => number) => {
		const ok = row.runs.filter((run) => run.ok);
		return ok.length ? median(ok.map(pick)) : NaN;
	};
	const edges = (run: RemoteRun) => (run.beforeFirstMs ?? NaN) + (run.afterLastMs ?? NaN);
	console.log(
		'\n## Never twice: memory on against off (engine time, medians; target within 1.1×)\n',
	);
	console.log(
		'| N | Batch Size | Parallel Requests | memory | engine | on ÷ off | own cost (before 1st + after last, on − off) | exactly once |',
	);
	console.log('|---:|---:|---:|---|---:|---:|---:|:-:|');
	for (const row of rows) {
		const { way } = row;
		if (way.kind !== 'node' || way.memory === undefined) continue;
		const off = rows.find(
			(r) =>
				r.n === row.n &&
				r.way.kind === 'node' &&
				r.way.memory === undefined &&
				r.way.batchSize === way.batchSize &&
				r.way.inFlight === way.inFlight,
		);
		if (!off) continue;
		const engine = medianOf(row, (run) => run.engineMs);
		const ratio = engine / medianOf(off, (run) => run.engineMs);
		const own = medianOf(row, edges) - medianOf(off, edges);
		console.log(
			`| ${row.n.toLocaleString('en')} | ${way.batchSize} | ${way.inFlight} | ${memoryLabel(way).slice(2)} | ${fmtMs(engine)} | ${ratio.toFixed(2)}× ${ratio <= 1.1 ? '(holds)' : '(**misses**)'} | ${fmtMs(own)} | ${row.runs.every((run) => run.exactlyOnce) ? 'yes' : '**NO**'} |`,
		);
	}
}

function label(way: Way): string {
	if (way.kind === 'node')
		return `Amili Payment node, Parallel Requests ${way.inFlight}${memoryLabel(way)} (engine time)`;
	return way.inFlight === 1
		? 'the wire, one request at a time'
		: `the wire, ${way.inFlight} requests in flight`;
}

function stat(row: RemoteRow | undefined): number | undefined {
	const ok = row?.runs.filter((r) => r.ok) ?? [];
	return ok.length ? median(ok.map((r) => r.engineMs)) : undefined;
}

const range = (values: number[]) =>
	values.length > 1
		? `${fmtMs(Math.min(...values))}–${fmtMs(Math.max(...values))}`
		: fmtMs(values[0] ?? NaN);

/** A way but for its Batch Size: one line of the size table. */
const column = (way: Way) => `${way.kind}-p${way.inFlight}-memory${way.memory ?? 'off'}`;

/** Rows like the issue's: one per way, one column per Batch Size; plus the latency alone. */
function printSizeTable(
	rows: RemoteRow[],
	n: number,
	batchSizes: number[],
	meta: RemoteMeta,
): void {
	console.log(
		`\n### ${n.toLocaleString('en')} payments, Amili ${meta.latencyMs} ms away (medians of ${Math.max(...rows.map((r) => r.runs.length))} run(s))\n`,
	);
	console.log(`| way | ${batchSizes.map((b) => `Batch Size ${b}`).join(' | ')} |`);
	console.log(`|---|${batchSizes.map(() => '---:').join('|')}|`);
	const keys = [...new Set(rows.map((r) => column(r.way)))];
	for (const key of keys) {
		const cells = batchSizes.map((b) => {
			const row = rows.find((r) => column(r.way) === key && r.way.batchSize === b);
			const ms = stat(row);
			const once = row?.runs.every((r) => r.exactlyOnce) ? '' : ' (**not exactly once**)';
			return ms === undefined ? '—' : `${fmtMs(ms)}${once}`;
		});
		const way = rows.find((r) => column(r.way) === key)?.way as Way;
		console.log(`| ${label(way)} | ${cells.join(' | ')} |`);
	}
	for (const inFlight of [1, meta.parallel]) {
		const floor = batchSizes.map((b) =>
			fmtMs(Math.ceil(Math.ceil(n / b) / inFlight) * meta.latencyMs),
		);
		console.log(
			`| *the latency alone: requests ÷ ${inFlight} × ${meta.latencyMs} ms* | ${floor.join(' | ')} |`,
		);
	}
}

function printRuns(rows: RemoteRow[]): void {
	console.log('\n### Every way, every run\n');
	console.log(
		'| way | N | Batch Size | engine, median (range) | node: before 1st request / after last answer | requests | at most in flight at Amili | connections opened | exactly once | runs |',
	);
	console.log('|---|---:|---:|---:|---:|---:|---:|---:|:-:|---:|');
	for (const row of rows) {
		const ok = row.runs.filter((r) => r.ok);
		const failed = row.runs.length - ok.length;
		const ends =
			row.way.kind === 'node' && ok.length
				? `${fmtMs(median(ok.map((r) => r.beforeFirstMs ?? NaN)))} / ${fmtMs(median(ok.map((r) => r.afterLastMs ?? NaN)))}`
				: '—';
		const requests = [...new Set(row.runs.map((r) => r.requests))].join(', ');
		const peaks = [...new Set(row.runs.map((r) => r.peakInFlight))].join(', ');
		const connections = [...new Set(row.runs.map((r) => r.connections))].join(', ');
		const once = row.runs.every((r) => r.exactlyOnce) ? 'yes' : '**NO**';
		console.log(
			`| ${label(row.way)} | ${row.n.toLocaleString('en')} | ${row.way.batchSize} | ${fmtMs(stat(row) ?? NaN)} (${range(ok.map((r) => r.engineMs))}) | ${ends} | ${requests} | ${peaks} | ${connections} | ${once} | ${row.runs.length}${failed ? ` (${failed} failed)` : ''} |`,
		);
	}
}

function printTargets(rows: RemoteRow[], batchSizes: number[], meta: RemoteMeta): void {
	const find = (kind: Way['kind'], batchSize: number, inFlight: number, n = TARGET_N) =>
		stat(
			rows.find(
				(r) =>
					r.n === n &&
					r.way.kind === kind &&
					r.way.batchSize === batchSize &&
					r.way.inFlight === inFlight &&
					r.way.memory === undefined,
			),
		);
	console.log(`\n### Targets (N=${TARGET_N.toLocaleString('en')}, engine time ÷ the wire's)\n`);
	const verdict = (
		what: string,
		node: number | undefined,
		wire: number | undefined,
		bound: number,
	) => {
		if (node === undefined || wire === undefined) {
			console.log(`- NOT MEASURED — ${what}`);
			return;
		}
		const ratio = node / wire;
		console.log(
			`- ${ratio <= bound ? 'HOLDS ' : 'MISSED'} — ${what}: ${fmtMs(node)} ÷ ${fmtMs(wire)} = ${ratio.toFixed(2)}× (target ≤ ${bound}×)`,
		);
	};
	const p = meta.parallel;
	for (const b of batchSizes)
		verdict(
			`node at Parallel Requests ${p} ÷ the wire with ${p} in flight, Batch Size ${b}`,
			find('node', b, p),
			find('wire', b, p),
			PARALLEL_BOUND,
		);
	for (const b of batchSizes)
		verdict(
			`node at Parallel Requests 1 ÷ the wire one at a time, Batch Size ${b}`,
			find('node', b, 1),
			find('wire', b, 1),
			SEQUENTIAL_BOUND,
		);
	const sizes = [...new Set(rows.map((r) => r.n))];
	for (const n of sizes)
		for (const b of batchSizes) {
			const one = find('node', b, 1, n);
			const many = find('node', b, p, n);
			if (one !== undefined && many !== undefined)
				console.log(
					`  (N=${n.toLocaleString('en')}, Batch Size ${b}: the node at Parallel Requests ${p} against 1: ${(one / many).toFixed(1)}× as fast)`,
				);
		}
}

export function printRemoteReport(rows: RemoteRow[], meta: RemoteMeta): void {
	const batchSizes = [...new Set(rows.map((r) => r.way.batchSize))];
	console.log(
		`\n## Remote scenario (n8n ${meta.n8nVersion}; Amili ${meta.latencyMs} ms away; engine = n8n's executionTime of the node; medians)`,
	);
	for (const n of [...new Set(rows.map((r) => r.n))])
		printSizeTable(
			rows.filter((r) => r.n === n),
			n,
			batchSizes,
			meta,
		);
	printRuns(rows);
	printTargets(rows, batchSizes, meta);
	console.log(
		`\nLoad average at start ${meta.loadAtStart}, at end ${meta.loadAtEnd}; the whole run took ${(meta.totalS / 60).toFixed(1)} min.`,
	);
}
