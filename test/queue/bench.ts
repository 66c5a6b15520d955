/**
 * `npm run bench:queue`: payments per minute through n8n's queue mode with 1 worker and with 2 workers,
 * for one fixed load, on the machine it runs on (PostgreSQL, Redis, main and workers all share it).
 *
 * Load: EXECUTIONS webhook calls fired at once at the main, each carrying PAYMENTS payments that the
 * Amili Payment node posts in batches of BATCH_SIZE to the local simulator; every worker runs n8n's
 * default concurrency (10). Two Amili latencies: the simulator answering each payment request after
 * LATENCY_MS (as a remote API does), and at once (the machine's CPU is then the limit). The figure
 * counts payments Amili received, from the first call to the last answer; every run also checks that
 * each payment arrived exactly once.
 *
 * Options (env): BENCH_EXECUTIONS (100), BENCH_PAYMENTS (50), BENCH_BATCH_SIZE (25),
 * BENCH_LATENCY_MS (250), BENCH_REPEATS (2; the best of them is reported), BENCH_CONCURRENCY (10).
 */
import { randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';

import { oauth2Credential } from '../harness/workflow';
import { QueueTopology } from './topology';
import { payByWebhook, payments, postJson } from './workflows';

const num = (name: string, fallback: number) => {
	const value = Number(process.env[name]);
	return Number.isFinite(value) && value > 0 ? value : fallback;
};
const EXECUTIONS = num('BENCH_EXECUTIONS', 100);
const PAYMENTS = num('BENCH_PAYMENTS', 50);
const BATCH_SIZE = num('BENCH_BATCH_SIZE', 25);
const LATENCY_MS = num('BENCH_LATENCY_MS', 250);
const REPEATS = num('BENCH_REPEATS', 2);
const CONCURRENCY = num('BENCH_CONCURRENCY', 10);

interface RunResult {
	workers: number;
	latencyMs: number;
	seconds: number;
	payments: number;
	paymentsPerMinute: number;
	failedCalls: number;
	duplicates: number;
}

async function runLoad(
	topo: QueueTopology,
	path: string,
	orgId: string,
	workers: number,
	latencyMs: number,
	tag: string,
): Promise<RunResult> {
	const requests = EXECUTIONS * Math.ceil(PAYMENTS / BATCH_SIZE);
	if (latencyMs > 0)
		topo.sim.addFault({ route: 'createPayments', orgId, delayMs: latencyMs, times: requests });
	const before = topo.sim.receivedPayments(orgId).length;
	const bodies = Array.from({ length: EXECUTIONS }, (_, i) => ({
		payments: payments(PAYMENTS, `${tag}E${i}`),
	}));
	const started = Date.now();
	const calls = await Promise.all(
		bodies.map((body) => postJson(topo.webhookUrl(path), body, 600_000)),
	);
	const seconds = (Date.now() - started) / 1000;
	const received = topo.sim.receivedPayments(orgId).length - before;
	return {
		workers,
		latencyMs,
		seconds,
		payments: received,
		paymentsPerMinute: Math.round((received / seconds) * 60),
		failedCalls: calls.filter((c) => c.status !== 200).length,
		duplicates: topo.sim.duplicatePaymentIds(orgId).length,
	};
}

async function main(): Promise<void> {
	const t0 = Date.now();
	process.stderr.write(
		`[bench:queue] starting PostgreSQL, Redis, n8n main + 2 workers (concurrency ${CONCURRENCY})…\n`,
	);
	const topo = await QueueTopology.start({ workers: 2, concurrency: CONCURRENCY });
	const results: RunResult[] = [];
	try {
		process.stderr.write(`[bench:queue] up in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
		const credential = await topo.createCredential(
			oauth2Credential(topo.sim, 'Amili OAuth2 (bench)'),
		);
		const orgId = randomUUID();
		await topo.activateWorkflow(
			payByWebhook({ path: 'bench', organizationId: orgId, credential, batchSize: BATCH_SIZE }),
		);
		// Warm-up: the token is fetched and stored, both workers have loaded everything once.
		await Promise.all(
			Array.from({ length: 4 }, (_, i) =>
				postJson(topo.webhookUrl('bench'), { payments: payments(2, `WARM${i}`) }),
			),
		);

		const [, second] = topo.workers;
		let run = 0;
		for (const latencyMs of [LATENCY_MS, 0]) {
			for (const workers of [1, 2]) {
				if (workers === 1 && second.running) await second.stop();
				if (workers === 2 && !second.running) await second.start();
				for (let repeat = 0; repeat < REPEATS; repeat++) {
					const result = await runLoad(topo, 'bench', orgId, workers, latencyMs, `R${run++}`);
					results.push(result);
					process.stderr.write(`[bench:queue] ${JSON.stringify(result)}\n`);
				}
			}
		}
	} finally {
		await topo.stop();
	}

	const best = (workers: number, latencyMs: number) =>
		results
			.filter((r) => r.workers === workers && r.latencyMs === latencyMs)
			.sort((a, b) => b.paymentsPerMinute - a.paymentsPerMinute)[0];
	const total = EXECUTIONS * PAYMENTS;
	const ok = results.every(
		(r) => r.failedCalls === 0 && r.duplicates === 0 && r.payments === total,
	);
	const lines = [
		'',
		`Queue mode, n8n 2.41.1, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; load: ${EXECUTIONS} executions × ${PAYMENTS} payments = ${total} payments, batch size ${BATCH_SIZE}, worker concurrency ${CONCURRENCY}; best of ${REPEATS}`,
		'',
		'| Amili answers | 1 worker (payments/min) | 2 workers (payments/min) | 2 vs 1 |',
		'|---|---|---|---|',
		...[LATENCY_MS, 0].map((latencyMs) => {
			const one = best(1, latencyMs);
			const two = best(2, latencyMs);
			const label = latencyMs > 0 ? `after ${latencyMs} ms per request` : 'at once';
			return `| ${label} | ${one.paymentsPerMinute} (${one.seconds.toFixed(1)} s) | ${two.paymentsPerMinute} (${two.seconds.toFixed(1)} s) | ×${(two.paymentsPerMinute / one.paymentsPerMinute).toFixed(2)} |`;
		}),
		'',
		ok
			? `Every run: all ${total} payments received exactly once, every call answered 200.`
			: 'SOME RUN LOST, DUPLICATED OR FAILED PAYMENTS: see the lines above.',
		`Total bench time ${((Date.now() - t0) / 1000).toFixed(0)} s.`,
	];
	process.stdout.write(`${lines.join('\n')}\n`);
	if (!ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
	process.stderr.write(
		`[bench:queue] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exit(1);
});
