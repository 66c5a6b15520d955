/** Small measuring helpers shared by the queue-mode tests and the bench. */
import type { AmiliSimulator } from '../simulator';
import type { QueueTopology } from './topology';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The most createPayments requests of `orgId` the simulator held open at the same moment. */
export function maxConcurrentPaymentRequests(sim: AmiliSimulator, orgId: string): number {
	const events: Array<[number, number]> = [];
	for (const r of sim.requests) {
		if (r.route !== 'createPayments' || r.orgId !== orgId) continue;
		const start = Date.parse(r.at);
		events.push([start, 1], [start + (r.durationMs ?? 0), -1]);
	}
	// Ends before starts at the same instant: touching intervals do not overlap.
	events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let open = 0;
	let max = 0;
	for (const [, delta] of events) {
		open += delta;
		max = Math.max(max, open);
	}
	return max;
}

/** Execution ids each worker logged as started, as a snapshot (to diff against later). */
export function startedByWorker(topology: QueueTopology): Map<string, string[]> {
	return new Map(topology.workers.map((w) => [w.name, [...w.executions.started]]));
}

/** Ids started since `before`, per worker. */
export function startedSince(
	topology: QueueTopology,
	before: Map<string, string[]>,
): Map<string, string[]> {
	return new Map(
		topology.workers.map((w) => {
			const seen = new Set(before.get(w.name) ?? []);
			return [w.name, w.executions.started.filter((id) => !seen.has(id))];
		}),
	);
}

/** Polls until `check` returns a value other than undefined; throws with `what` after `timeoutMs`. */
export async function waitFor<T>(
	what: string,
	check: () => Promise<T | undefined> | T | undefined,
	timeoutMs = 60_000,
	everyMs = 250,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(everyMs);
	}
}

/** Waits until every execution of the workflow has ended (none new/running/waiting). */
export async function settledExecutions(
	topology: QueueTopology,
	workflowId: string,
	expectAtLeast: number,
	timeoutMs = 120_000,
) {
	return waitFor(
		`${expectAtLeast} ended executions of workflow ${workflowId}`,
		async () => {
			const rows = await topology.executionRows(workflowId);
			const open = rows.filter((r) => ['new', 'running', 'waiting', 'unknown'].includes(r.status));
			return rows.length >= expectAtLeast && open.length === 0 ? rows : undefined;
		},
		timeoutMs,
		500,
	);
}
