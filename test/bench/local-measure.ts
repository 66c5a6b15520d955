/**
 * The local scenario's measurements: at each N every selected variant runs, interleaved (A B C A B C
 * …), each against its own organization on the simulator, which checks that every payment arrived
 * exactly once.
 */
import { randomUUID } from 'node:crypto';

import type { N8nInstance } from '../harness/n8n';
import { n8nId, oauth2Credential, ref, type CredentialJson } from '../harness/workflow';
import type { AmiliSimulator } from '../simulator';
import { checkExactlyOnce, fmtMs, load, mb } from './common';
import { CHUNK, HTTP_PER_ITEM_MAX, type Variant } from './local-variants';
import { setMemory } from './memory';
import { engineMs, executeWithMemory, type ExecRun } from './n8n-exec';
import { postWire, wirePayments } from './wire';
import * as wf from './workflows';

export interface Measured {
	engineMs: number;
	wallMs: number;
	processMs: number;
	mainPeak: number;
	runnerPeak: number;
	exactlyOnce: boolean;
	ok: boolean;
	note?: string;
}

export interface Row {
	variant: Variant;
	n: number;
	runs: Measured[];
	extrapolatedFrom?: number;
}

/** What every measurement runs against: n8n with the credentials imported, and the simulator. */
export interface LocalBench {
	n8n: N8nInstance;
	sim: AmiliSimulator;
	oauth: CredentialJson;
	bearer: { id: string; name: string };
	/** The wire client's token. */
	wireToken: string;
	/** When the benchmark started, epoch ms: the progress lines count from it. */
	started: number;
}

/** One variant at one N: its workflow (none for the wire) and where its payments go. */
interface Setup {
	variant: Variant;
	org: string;
	prefix: string;
	workflow: wf.BenchWorkflow | undefined;
	workflowId: string | undefined;
	row: Row;
}

export async function prepareLocalBench(
	n8n: N8nInstance,
	sim: AmiliSimulator,
	started: number,
): Promise<LocalBench> {
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
	return { n8n, sim, oauth, bearer, wireToken, started };
}

/** Every variant planned at N, repetitions interleaved; one row per variant. */
export async function measureSize(
	bench: LocalBench,
	variants: Variant[],
	n: number,
): Promise<Row[]> {
	const sizeStarted = Date.now();
	const setups = await prepareSetups(bench, variants, n);
	const payments = wirePayments(n, `wire-${n}`);
	const maxReps = Math.max(...setups.map((s) => s.variant.reps(n)));
	for (let rep = 0; rep < maxReps; rep++) {
		for (const setup of setups) {
			if (rep >= setup.variant.reps(n)) continue;
			bench.sim.reset();
			const measured = setup.workflowId
				? await measureN8n(bench, setup, n)
				: await measureWire(bench, setup, n, payments);
			setup.row.runs.push(measured);
			process.stderr.write(
				`  [${((Date.now() - bench.started) / 1000).toFixed(0)} s] N=${n} rep ${rep + 1} ${setup.variant.key}: engine ${fmtMs(measured.engineMs)}, ` +
					`wall ${fmtMs(measured.wallMs)}, rss ${mb(measured.mainPeak)}+${mb(measured.runnerPeak)} MB, exactly once ${measured.exactlyOnce}\n`,
			);
		}
	}
	console.log(
		`N=${n.toLocaleString('en')} done in ${((Date.now() - sizeStarted) / 1000).toFixed(0)} s (load average now ${load()})`,
	);
	return setups.map((s) => s.row);
}

/** One workflow per variant, its own organization and payment IDs, imported together. */
async function prepareSetups(bench: LocalBench, variants: Variant[], n: number): Promise<Setup[]> {
	const setups = variants
		.filter((v) => v.reps(n) > 0)
		.map((variant): Setup => {
			const org = randomUUID();
			const prefix = `${variant.key}-${n}`;
			const ep: wf.Endpoints = {
				apiBaseUrl: bench.sim.apiBaseUrl,
				organizationId: org,
				amiliCredential: ref(bench.oauth),
				bearerCredential: { id: bench.bearer.id, name: bench.bearer.name },
			};
			const workflow = variant.build?.(n, prefix, ep);
			const row: Row = { variant, n, runs: [] };
			return { variant, org, prefix, workflow, workflowId: undefined, row };
		});
	const withWorkflow = setups.filter((s) => s.workflow);
	const ids = await bench.n8n.importWorkflows(
		withWorkflow.map((s) => (s.workflow as wf.BenchWorkflow).workflow),
	);
	withWorkflow.forEach((s, i) => (s.workflowId = ids[i]));
	return setups;
}

/** (4) The wire: plain Node.js posting the same chunks; its one time is all three times. */
async function measureWire(
	bench: LocalBench,
	setup: Setup,
	n: number,
	payments: ReturnType<typeof wirePayments>,
): Promise<Measured> {
	const elapsed = await postWire(bench.sim.apiBaseUrl, setup.org, bench.wireToken, payments, CHUNK);
	return {
		engineMs: elapsed,
		wallMs: elapsed,
		processMs: elapsed,
		mainPeak: 0,
		runnerPeak: 0,
		exactlyOnce: checkExactlyOnce(bench.sim, setup.org, `wire-${n}`, n),
		ok: true,
	};
}

/** One `n8n execute` of the variant's workflow, its memory sampled (n8n-exec.ts). */
async function measureN8n(bench: LocalBench, setup: Setup, n: number): Promise<Measured> {
	const { n8n, sim } = bench;
	const workflowId = setup.workflowId as string;
	const postingNodes = (setup.workflow as wf.BenchWorkflow).postingNodes;
	if (setup.variant.memory !== undefined) await setMemory(n8n, workflowId, setup.variant.memory);
	const run: ExecRun = await executeWithMemory(n8n, workflowId, {
		env: setup.variant.env,
		timeoutMs: 420_000,
	});
	if (!run.ok) console.log(`  ! ${setup.variant.label} N=${n}: ${run.error?.slice(0, 300)}`);
	return {
		engineMs: engineMs(run.runData, postingNodes),
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
}

/**
 * HTTP Request one-per-item above HTTP_PER_ITEM_MAX: scaled linearly from the largest measured N
 * (one request per item), without memory figures.
 */
export function extrapolateHttpPerItem(rows: Row[], variants: Variant[], sizes: number[]): Row[] {
	const sample = rows.find(
		(r) => r.variant.key === 'httpPerItem' && r.n === HTTP_PER_ITEM_MAX && r.runs.length > 0,
	);
	const variant = variants.find((v) => v.key === 'httpPerItem');
	if (!sample || !variant) return [];
	return sizes
		.filter((size) => size > HTTP_PER_ITEM_MAX)
		.map((n) => {
			const f = n / sample.n;
			return {
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
			};
		});
}
