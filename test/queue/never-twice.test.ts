/**
 * Never twice across runs in n8n's queue mode: the Amili Payment node, version 2 (Skip Payments
 * Sent Before on), started by webhook at the main and run by two workers, its memory in n8n's
 * PostgreSQL. What it measured is printed at the end; docs/payment-node.md → "Never twice across runs" states it.
 */
import { randomUUID } from 'node:crypto';

import { oauth2Credential, type JsonObject } from '../harness/workflow';
import { startedByWorker, startedSince } from './measure';
import { QueueTopology } from './topology';
import { payByWebhook, payments, postJson, type WebhookCall } from './workflows';

const measured: Record<string, unknown> = {};

const idsOf = (rows: ReadonlyArray<object>) =>
	rows.map((p) => String((p as { uniqueSourcePaymentId?: unknown }).uniqueSourcePaymentId));

/** The items the webhook answered with (the node's output, Each Input Item). */
function itemsOf(call: WebhookCall): JsonObject[] {
	if (call.status !== 200 || !Array.isArray(call.body))
		throw new Error(`webhook answered ${call.status}: ${JSON.stringify(call.body).slice(0, 500)}`);
	return call.body as JsonObject[];
}

describe('queue mode: never twice across runs, memory in PostgreSQL', () => {
	let topo: QueueTopology;
	let workflowId: string;
	const org = randomUUID();

	beforeAll(async () => {
		topo = await QueueTopology.start({ workers: 2, concurrency: 10 });
		const credential = await topo.createCredential(
			oauth2Credential(topo.sim, 'Amili OAuth2 (queue, never twice)'),
		);
		workflowId = await topo.activateWorkflow(
			payByWebhook({
				path: 'pay-once',
				organizationId: org,
				credential,
				batchSize: 4,
				typeVersion: 2,
				options: { output: 'items' },
				// A payment another worker is sending at that instant is of unknown outcome to this
				// execution (no process sees another's runs): an error item in the answer, not a failed call.
				onError: 'continueRegularOutput',
			}),
		);
	}, 300_000);

	afterAll(async () => {
		await topo?.stop();
		process.stdout.write(
			`\n[queue mode, never twice, measured] ${JSON.stringify(measured, null, 2)}\n`,
		);
	});

	const received = () => idsOf(topo.sim.receivedPayments(org));

	/** The warnings of the node's runs that say another process overwrote their claim. */
	async function overwriteWarnings(): Promise<string[]> {
		const executions = await topo.main.executions(workflowId);
		return executions.flatMap((execution) => {
			const runs = (execution.data?.resultData?.runData?.['Amili Payment'] ?? []) as Array<{
				hints?: Array<{ message: string }>;
			}>;
			return runs
				.flatMap((task) => task.hints ?? [])
				.map((hint) => hint.message)
				.filter((message) => message.startsWith('Another execution of this workflow'));
		});
	}

	it('two executions on different workers, one after the other: the second sends nothing', async () => {
		const [first, second] = topo.workers;
		const sent = payments(6, 'SEQ');
		// One worker at a time takes the job, so the two executions run on different workers.
		await second.stop();
		let before = startedByWorker(topo);
		const one = await postJson(topo.webhookUrl('pay-once'), { payments: sent });
		expect(startedSince(topo, before).get(first.name)).toHaveLength(1);
		await second.start();
		await first.stop();
		before = startedByWorker(topo);
		const two = await postJson(topo.webhookUrl('pay-once'), { payments: sent });
		expect(startedSince(topo, before).get(second.name)).toHaveLength(1);
		await first.start();

		expect(itemsOf(one).map((item) => item.accepted)).toEqual(sent.map(() => true));
		expect(itemsOf(two).map((item) => item.outcome)).toEqual(sent.map(() => 'sentBefore'));
		expect(received().sort()).toEqual(idsOf(sent).sort());
		measured.sequentialOnTwoWorkers = `${sent.length} payments, second execution sent ${received().length - sent.length}`;
	});

	it('several executions at once over overlapping payments: every payment reaches Amili; counts how many twice', async () => {
		const rounds = [];
		for (let round = 0; round < 3; round++) {
			const pool = payments(52, `BURST${round}`);
			// Execution i carries payments 4i … 4i+7: each payment but the first and last 4 is in two.
			const bodies = Array.from({ length: 12 }, (_, i) => pool.slice(i * 4, i * 4 + 8));
			const receivedBefore = topo.sim.receivedPayments(org).length;
			// Amili answers each first batch after 1 s: the executions claim their payments together.
			topo.sim.addFault({ route: 'createPayments', orgId: org, delayMs: 1000, times: 12 });
			const before = startedByWorker(topo);
			const calls = await Promise.all(
				bodies.map((sent) => postJson(topo.webhookUrl('pay-once'), { payments: sent })),
			);
			const ran = startedSince(topo, before);
			for (const call of calls) expect(itemsOf(call)).toHaveLength(8);
			const burst = idsOf(topo.sim.receivedPayments(org).slice(receivedBefore));
			// None lost: each payment reached Amili, at least once.
			expect(new Set(burst)).toEqual(new Set(idsOf(pool)));
			// Each payment sent twice is named by a warning of one of the executions that sent it.
			const twice = burst.filter((id, i) => burst.indexOf(id) !== i);
			const warnings = (await overwriteWarnings()).join('\n');
			for (const id of twice) expect(warnings).toMatch(new RegExp(`\\b${id}\\b`));

			// Then the whole pool once more, alone: what the memory kept is not sent again.
			const afterBurst = topo.sim.receivedPayments(org).length;
			const again = await postJson(topo.webhookUrl('pay-once'), { payments: pool });
			expect(itemsOf(again)).toHaveLength(pool.length);
			rounds.push({
				executions: bodies.length,
				onWorkers: [...ran.values()].map((started) => started.length),
				payments: pool.length,
				carriedByTwoExecutions: pool.length - 8,
				sentTwice: twice.length,
				warned: twice.length > 0 ? 'each one' : 'none needed',
				sentAgainByALaterRun: topo.sim.receivedPayments(org).length - afterBurst,
			});
		}
		measured.overlappingBursts = rounds;
	});
});
