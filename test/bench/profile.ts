/**
 * Where the time of one benchmark workflow goes: runs it once in a real n8n under `--cpu-prof` and
 * prints where the n8n process spent the time while the posting node ran (self and inclusive time
 * per function). Used to find what is ours and what is n8n's; see BENCHMARKS.md.
 *
 *   npm run build && npx tsx test/bench/profile.ts [amili|amiliSmall|amiliMapEach|httpPerItem|codeChunks] [N]
 *   … profile.ts amili 10000 --latency=200 --parallel=4   # remote: Amili 200 ms away, node v2 (remote.ts)
 *
 * With --latency the window is mostly waiting ("(idle)"); the rest is what the n8n process had to do
 * on its one thread, which no number of requests in flight can hide.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { N8nInstance } from '../harness/n8n';
import { n8nId, oauth2Credential, ref } from '../harness/workflow';
import { startSimulator, type AmiliSimulator } from '../simulator';
import { median } from './mapping.bench';
import { engineMs, executeWithMemory } from './n8n-exec';
import { nodeWorkflow } from './remote';
import * as wf from './workflows';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}
interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

/**
 * Self and inclusive time per function between the first sample inside `startFunction` and the last
 * sample with a frame from a URL containing `urlMarker` (async continuations have no caller frames,
 * so the window, not the stack, decides what belongs to the node).
 */
export function summariseProfile(
	profile: CpuProfile,
	startFunction: string,
	urlMarker: string,
	top = 25,
): string {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const memo = (test: (n: ProfileNode) => boolean) => {
		const cache = new Map<number, boolean>();
		const has = (id: number): boolean => {
			const cached = cache.get(id);
			if (cached !== undefined) return cached;
			const node = byId.get(id) as ProfileNode;
			const parentId = parent.get(id);
			const result = test(node) || (parentId !== undefined && has(parentId));
			cache.set(id, result);
			return result;
		};
		return has;
	};
	const inStart = memo((n) => n.callFrame.functionName === startFunction);
	const inOurs = memo((n) => n.callFrame.url.includes(urlMarker));
	let first = -1;
	let last = -1;
	profile.samples.forEach((id, i) => {
		if (first < 0 && inStart(id)) first = i;
		if (first >= 0 && inOurs(id)) last = i;
	});
	if (first < 0) return `no sample inside ${startFunction}`;
	const key = (n: ProfileNode) =>
		`${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\//, '')}:${n.callFrame.lineNumber + 1}`;
	const self = new Map<string, number>();
	const inclusive = new Map<string, number>();
	let total = 0;
	for (let i = first; i <= last; i++) {
		const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
		total += ms;
		let id: number | undefined = profile.samples[i];
		const leaf = key(byId.get(id) as ProfileNode);
		self.set(leaf, (self.get(leaf) ?? 0) + ms);
		const seen = new Set<string>();
		while (id !== undefined) {
			const k = key(byId.get(id) as ProfileNode);
			if (!seen.has(k)) {
				seen.add(k);
				inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
			}
			id = parent.get(id);
		}
	}
	const table = (m: Map<string, number>) =>
		[...m]
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(
				([k, v]) =>
					`${v.toFixed(1).padStart(9)} ms ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`,
			)
			.join('\n');
	return `window: ${total.toFixed(0)} ms\n--- self time\n${table(self)}\n--- inclusive time\n${table(inclusive)}`;
}

/**
 * When the node's requests reached the simulator: the time before the first, after the last answer,
 * and between an answer and the next arrival (what the node spends per request outside the wait).
 */
function requestTimeline(
	sim: AmiliSimulator,
	task: { startTime: number; executionTime?: number } | undefined,
): string {
	const sent = sim.requests
		.filter((r) => r.route === 'createPayments' && r.durationMs !== null)
		.map((r) => ({ from: Date.parse(r.at), to: Date.parse(r.at) + (r.durationMs as number) }))
		.sort((a, b) => a.from - b.from);
	if (!task || sent.length === 0) return 'no requests';
	const gaps = sent.slice(1).map((r, i) => r.from - sent[i].to);
	const sorted = [...gaps].sort((a, b) => a - b);
	const at = (q: number) => sorted[Math.floor(q * (sorted.length - 1))] ?? NaN;
	const end = task.startTime + (task.executionTime ?? 0);
	return (
		`requests: ${sent.length}; before the first ${sent[0].from - task.startTime} ms, after the last answer ${end - Math.max(...sent.map((r) => r.to))} ms; ` +
		`answer → next arrival: median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms (negative: requests overlapped); ` +
		`time at the simulator: median ${median(sent.map((r) => r.to - r.from))} ms`
	);
}

async function main(): Promise<void> {
	const [kind = 'amili', size = '10000'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
	const n = Number(size);
	const flag = (name: string) =>
		process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
	const latencyMs = Number(flag('latency') ?? 0);
	const parallel = flag('parallel');
	const [n8n, sim] = await Promise.all([N8nInstance.create(), startSimulator({ latencyMs })]);
	const dir = mkdtempSync(join(tmpdir(), 'amili-bench-profile-'));
	try {
		const oauth = oauth2Credential(sim, 'Amili OAuth2 (profile)');
		const bearer = {
			id: n8nId(),
			name: 'Amili bearer (profile)',
			type: 'httpBearerAuth',
			data: { token: sim.issueAccessToken() },
		};
		await n8n.importCredentials([oauth, bearer]);
		const ep: wf.Endpoints = {
			apiBaseUrl: sim.apiBaseUrl,
			organizationId: randomUUID(),
			amiliCredential: ref(oauth),
			bearerCredential: { id: bearer.id, name: bearer.name },
		};
		const builders: Record<string, () => wf.BenchWorkflow> = {
			amili: () => wf.amiliNode(n, 'PROF', ep, 1000),
			amiliSmall: () => wf.amiliNode(n, 'PROF', ep, 100),
			amiliMapEach: () => wf.amiliNodeMapEach(n, 'PROF', ep, 1000),
			httpPerItem: () => wf.httpPerItem(n, 'PROF', ep),
			codeChunks: () => wf.codeChunks(n, 'PROF', ep, 1000),
		};
		const batchSize = kind === 'amiliSmall' ? 100 : 1000;
		const inFlight = Number(parallel);
		const remote = (): wf.BenchWorkflow => ({
			kind: 'amili',
			label: `Amili Payment v2, Batch Size ${batchSize}, Parallel Requests ${inFlight}, latency ${latencyMs} ms`,
			workflow: nodeWorkflow(
				n,
				'PROF',
				ep.organizationId,
				{ key: 'profile', kind: 'node', batchSize, inFlight },
				ep.amiliCredential,
			),
			postingNodes: ['Amili Payment'],
		});
		const bench = parallel ? remote() : (builders[kind] ?? builders.amili)();
		const id = await n8n.importWorkflow(bench.workflow);
		// A first run warms the OAuth2 token (fetched once, then stored) so the profile shows a normal run.
		await executeWithMemory(n8n, id);
		sim.reset();
		const run = await executeWithMemory(n8n, id, {
			nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
		});
		console.log(
			`${bench.label}, N=${n}: ok ${run.ok}, engine ${engineMs(run.runData, bench.postingNodes)} ms, ${sim.receivedPayments().length} payments received`,
		);
		if (latencyMs > 0) console.log(requestTimeline(sim, run.runData[bench.postingNodes[0]]?.[0]));
		const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
		if (!file) throw new Error('no profile written');
		const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
		const ours = kind.startsWith('amili');
		console.log(
			summariseProfile(
				profile,
				ours ? 'createRecords' : 'execute',
				ours ? 'n8n-nodes-amili/dist' : 'HttpRequest',
			),
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
		await Promise.all([n8n.dispose(), sim.close()]);
	}
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error(error);
		process.exit(1);
	});
}
