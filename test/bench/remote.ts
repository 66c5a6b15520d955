/**
 * `npm run bench -- --scenario=remote`: Amili across a network. The simulator answers every Collection
 * API request after a set latency (each on its own timer, so requests in flight overlap as on a
 * network); the Amili Payment node (real n8n, node version 2) at Parallel Requests 1 and at its
 * parallel setting, next to the wire (wire.ts) one request at a time and with as many in flight.
 *
 *   npm run bench -- --scenario=remote                   # 10,000 and 100,000, ~15–20 min on 2 cores
 *   npm run bench -- --scenario=remote --sizes=10000     # only some sizes (~4 min)
 *   npm run bench -- --scenario=remote --latency=200     # the latency in ms (default 200; 0: local)
 *   npm run bench -- --scenario=remote --connect-latency=400  # + a new connection's handshakes (TCP +
 *                                                        # TLS at 200 ms round trips; default 0)
 *   npm run bench -- --scenario=remote --parallel=4      # the parallel setting (default 4, v2's default)
 *   npm run bench -- --scenario=remote --reps=3          # repetitions (default 3; 1 above 10,000)
 *   npm run bench -- --scenario=remote --json=out.json   # also write every run's figures
 *
 * For each N and Batch Size 1000 and 100 it runs, interleaved (every way once, then again …): the
 * node at Parallel Requests 1 and at the parallel setting, the wire sequential and with that many in
 * flight; after each run it checks at the simulator that every payment arrived exactly once, and
 * reads from the simulator's own request record how many requests it held at once. Engine time is
 * n8n's per-node executionTime of the node, as in the local scenario. Medians of the repetitions.
 * Above 10,000 one repetition: at 100,000, Batch Size 100, one in flight is 1,000 requests × 200 ms
 * = 200 s a run, for the node and the wire each.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';

import { N8nInstance } from '../harness/n8n';
import {
	amiliPayment,
	chain,
	manualTrigger,
	oauth2Credential,
	ref,
	workflow,
} from '../harness/workflow';
import { startSimulator, type AmiliSimulator } from '../simulator';
import { checkExactlyOnce, fmtMs, load, n8nVersionOf, printMachine } from './common';
import { engineMs, executeWithMemory } from './n8n-exec';
import { MEMORY_FULL } from './local-variants';
import { setMemory } from './memory';
import {
	printMemoryReport,
	printRemoteReport,
	type RemoteRow,
	type RemoteRun,
	type Way,
} from './remote-report';
import { postWire, wirePayments } from './wire';
import { GENERATE, generator } from './workflows';

export interface RemoteArgs {
	sizes: number[];
	reps: (n: number) => number;
	latencyMs: number;
	/** Extra wait of a new connection's first request (handshakes). */
	connectionLatencyMs: number;
	parallel: number;
	json: string | undefined;
}

const BATCH_SIZES = [1000, 100];
const NODE = 'Amili Payment';

function parseRemoteArgs(argv: string[]): RemoteArgs {
	const get = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
	const whole = (name: string, fallback: number, min: number) => {
		const value = Number(get(name) ?? fallback);
		if (!(Number.isInteger(value) && value >= min))
			throw new Error(`--${name} must be a whole number >= ${min}`);
		return value;
	};
	const reps = get('reps') ? whole('reps', 1, 1) : undefined;
	return {
		sizes: get('sizes')?.split(',').map(Number) ?? [10_000, 100_000],
		reps: (n) => reps ?? (n <= 10_000 ? 3 : 1),
		latencyMs: whole('latency', 200, 0),
		connectionLatencyMs: whole('connect-latency', 0, 0),
		parallel: whole('parallel', 4, 1),
		json: get('json'),
	};
}

/** The record counts the node's memory is measured with (never twice): empty, and full. */
const MEMORY_STATES = [0, MEMORY_FULL];

/**
 * The node (1), then the wire (2), each at one in flight and at the parallel setting, per Batch
 * Size; then the node at the parallel setting with its memory on (never twice), empty and full.
 */
function ways(parallel: number): Way[] {
	return BATCH_SIZES.flatMap((batchSize) => [
		...(['node', 'wire'] as const).flatMap((kind) =>
			[1, parallel].map((inFlight) => ({
				key: `${kind}-b${batchSize}-p${inFlight}`,
				kind,
				batchSize,
				inFlight,
			})),
		),
		...MEMORY_STATES.map((memory) => ({
			key: `node-b${batchSize}-p${parallel}-memory${memory}`,
			kind: 'node' as const,
			batchSize,
			inFlight: parallel,
			memory,
		})),
	]);
}

/** The benchmark's generator → Amili Payment version 2, Map Automatically, the way's two options. */
export function nodeWorkflow(
	n: number,
	prefix: string,
	organizationId: string,
	way: Way,
	credential: ReturnType<typeof ref>,
) {
	const node = amiliPayment({ name: NODE, organizationId, credential });
	const options = {
		batchSize: way.batchSize,
		parallelRequests: way.inFlight,
		// Off unless the way measures the memory, which then has the default History Size.
		...(way.memory === undefined && { skipSentBefore: false }),
	};
	return workflow({
		name: `bench remote ${way.key} ${n}`,
		nodes: [
			manualTrigger(),
			generator(n, prefix),
			{ ...node, typeVersion: 2, parameters: { ...node.parameters, options } },
		],
		connections: chain('Start', GENERATE, NODE),
	});
}

/** The payments requests the simulator answered: when each arrived and was answered, epoch ms. */
function postings(sim: AmiliSimulator): Array<{ from: number; to: number }> {
	return sim.requests
		.filter((r) => r.route === 'createPayments' && r.durationMs !== null)
		.map((r) => ({ from: Date.parse(r.at), to: Date.parse(r.at) + (r.durationMs as number) }));
}

/** The most requests the simulator held at once. */
function peakInFlight(requests: Array<{ from: number; to: number }>): number {
	const edges = requests
		.flatMap(({ from, to }) => [
			{ t: from, d: 1 },
			{ t: to, d: -1 },
		])
		// An answer and an arrival in the same millisecond: the answer first (the slot was free).
		.sort((a, b) => a.t - b.t || a.d - b.d);
	let now = 0;
	let peak = 0;
	for (const e of edges) peak = Math.max(peak, (now += e.d));
	return peak;
}

interface Setup {
	way: Way;
	org: string;
	prefix: string;
	workflowId?: string;
	row: RemoteRow;
}

async function runOnce(
	setup: Setup,
	n: number,
	ctx: { n8n: N8nInstance; sim: AmiliSimulator; token: string; latencyMs: number },
): Promise<RemoteRun> {
	const { way, org, prefix } = setup;
	const { sim } = ctx;
	sim.reset();
	let run: Omit<RemoteRun, 'exactlyOnce' | 'requests' | 'peakInFlight' | 'connections'>;
	const requests = () => postings(sim);
	if (way.kind === 'wire') {
		const payments = wirePayments(n, prefix);
		const ms = await postWire(
			sim.apiBaseUrl,
			org,
			ctx.token,
			payments,
			way.batchSize,
			way.inFlight,
		);
		run = { engineMs: ms, wallMs: ms, ok: true };
	} else {
		// Room for every request at one in flight, with handshakes, twice over, and n8n's boot.
		const timeoutMs = 4 * Math.ceil(n / way.batchSize) * ctx.latencyMs + 180_000;
		if (way.memory !== undefined) await setMemory(ctx.n8n, setup.workflowId as string, way.memory);
		const exec = await executeWithMemory(ctx.n8n, setup.workflowId as string, { timeoutMs });
		const task = exec.runData[NODE]?.[0];
		// Where the node's time went: before its first request arrived, and after its last answer.
		const sent = requests();
		const first = Math.min(...sent.map((r) => r.from));
		const last = Math.max(...sent.map((r) => r.to));
		run = {
			engineMs: engineMs(exec.runData, [NODE]),
			wallMs: (exec.stoppedAt ?? NaN) - (exec.startedAt ?? NaN),
			ok: exec.ok,
			note: exec.error,
			beforeFirstMs: task ? first - task.startTime : NaN,
			afterLastMs: task ? task.startTime + (task.executionTime ?? 0) - last : NaN,
		};
	}
	return {
		...run,
		exactlyOnce: checkExactlyOnce(sim, org, prefix, n),
		requests: requests().length,
		peakInFlight: peakInFlight(requests()),
		connections: sim.connectionsOpened,
	};
}

async function runSize(
	n: number,
	args: RemoteArgs,
	ctx: { n8n: N8nInstance; sim: AmiliSimulator; token: string; credential: ReturnType<typeof ref> },
	started: number,
): Promise<RemoteRow[]> {
	const setups: Setup[] = ways(args.parallel).map((way) => ({
		way,
		org: randomUUID(),
		prefix: `${way.key}-${n}`,
		row: { way, n, runs: [] },
	}));
	const nodes = setups.filter((s) => s.way.kind === 'node');
	const ids = await ctx.n8n.importWorkflows(
		nodes.map((s) => nodeWorkflow(n, s.prefix, s.org, s.way, ctx.credential)),
	);
	nodes.forEach((s, i) => (s.workflowId = ids[i]));
	for (let rep = 0; rep < args.reps(n); rep++) {
		for (const setup of setups) {
			const run = await runOnce(setup, n, { ...ctx, latencyMs: args.latencyMs });
			setup.row.runs.push(run);
			if (!run.ok) console.log(`  ! ${setup.way.key} N=${n}: ${run.note?.slice(0, 300)}`);
			process.stderr.write(
				`  [${((Date.now() - started) / 1000).toFixed(0)} s] N=${n} rep ${rep + 1} ${setup.way.key}: engine ${fmtMs(run.engineMs)}, ` +
					`${run.requests} requests, at most ${run.peakInFlight} at once at Amili, ${run.connections} connections, exactly once ${run.exactlyOnce}` +
					(setup.way.kind === 'node'
						? `; before the 1st request ${fmtMs(run.beforeFirstMs ?? NaN)}, after the last answer ${fmtMs(run.afterLastMs ?? NaN)}\n`
						: '\n'),
			);
		}
	}
	console.log(`N=${n.toLocaleString('en')} done (load average now ${load()})`);
	return setups.map((s) => s.row);
}

export async function runRemote(argv: string[]): Promise<void> {
	const args = parseRemoteArgs(argv);
	const started = Date.now();
	const loadAtStart = printMachine(
		`Amili Payment benchmark, remote scenario (Amili ${args.latencyMs} ms away)`,
	);
	const [n8n, sim] = await Promise.all([
		N8nInstance.create(),
		startSimulator({
			latencyMs: args.latencyMs,
			connectionLatencyMs: args.connectionLatencyMs,
		}),
	]);
	try {
		const oauth = oauth2Credential(sim, 'Amili OAuth2 (bench)');
		await n8n.importCredentials([oauth]);
		const ctx = {
			n8n,
			sim,
			token: sim.issueAccessToken({ ttlSeconds: 4 * 3600 }),
			credential: ref(oauth),
		};
		const n8nVersion = n8nVersionOf(n8n);
		console.log(
			`n8n ${n8nVersion}; simulator in this process, latency ${args.latencyMs} ms per request, ${args.connectionLatencyMs} ms more for a new connection's first`,
		);
		const rows: RemoteRow[] = [];
		for (const n of args.sizes) rows.push(...(await runSize(n, args, ctx, started)));
		const meta = {
			n8nVersion,
			latencyMs: args.latencyMs,
			parallel: args.parallel,
			loadAtStart,
			loadAtEnd: load(),
			totalS: (Date.now() - started) / 1000,
		};
		printRemoteReport(rows, meta);
		printMemoryReport(rows);
		if (args.json) writeFileSync(args.json, JSON.stringify({ ...meta, rows }, null, 2));
	} finally {
		await Promise.all([n8n.dispose(), sim.close()]);
	}
}
