/**
 * The Amili Polling Trigger in a real n8n 2.41.1 against the simulator.
 *
 * - A manual run (the editor's "Execute workflow", here through n8n's REST API) shows the latest few.
 * - `n8n execute` runs in "cli" mode, in which n8n does not call a polling node's poll() at all (it
 *   passes the trigger through): shown by the first test, so the cross-poll tests use server mode.
 * - Activated, the first poll starts from "now" and emits nothing; later polls emit each new
 *   settlement / finished batch once. n8n polls once at activation and then on its schedule (at least
 *   a minute apart), and saves the node's static data at activation and with every emission, so
 *   deactivating and activating the workflow (public API) runs a poll on the stored state. Each
 *   record must appear in exactly one execution, whichever poll (activation or a scheduled one
 *   that falls inside the test) emitted it.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startSimulator, type AmiliSimulator } from '../simulator';
import { emittedBy, N8nInstance, type ServerExecution } from '../harness/n8n';
import { newestLineOnly, onNewestLine } from '../harness/lines';
import { REPO_ROOT } from '../harness/runtime';
import {
	AMILI_PACKAGE,
	chain,
	code,
	oauth2Credential,
	workflow,
	type CredentialJson,
	type WorkflowInput,
} from '../harness/workflow';

const TRIGGER_TYPE = `${AMILI_PACKAGE}.amiliPollingTrigger`;
const ORG = randomUUID();
/** The organization examples/ use. */
const EXAMPLE_ORG = '7bc05553-4b68-44e8-b7bc-37be63c6d9e9';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function utcDate(daysAgo: number): string {
	return new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

function pollingWorkflow(name: string, credential: CredentialJson, event: string) {
	return workflow({
		name,
		nodes: [
			{
				name: 'Amili Polling Trigger',
				type: TRIGGER_TYPE,
				typeVersion: 1,
				parameters: {
					authentication: 'oAuth2',
					organizationId: ORG,
					event,
					pollTimes: { item: [{ mode: 'everyMinute' }] },
				},
				credentials: { amiliOAuth2Api: { id: credential.id, name: credential.name } },
			},
			code('Record', 'return $input.all();'),
		],
		connections: chain('Amili Polling Trigger', 'Record'),
	});
}

describe('Amili Polling Trigger in real n8n', () => {
	let n8n: N8nInstance;
	let sim: AmiliSimulator;
	let settlementsId: string;
	let batchesId: string;
	let exampleId: string;

	async function createBatch(delayMs: number): Promise<string> {
		sim.setBatchDelayMs(delayMs);
		const response = await fetch(`${sim.apiBaseUrl}/orgs/${ORG}/payments`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${sim.issueAccessToken()}`,
				'content-type': 'application/json',
			},
			body: JSON.stringify({
				payments: [
					{
						invoiceNumber: 'INV-1',
						uniqueSourcePaymentId: randomUUID(),
						amount: 100,
						currency: 'NOK',
						date: '2025-08-15T00:00:00Z',
					},
				],
			}),
		});
		if (response.status !== 202)
			throw new Error(`createPayments answered ${response.status}: ${await response.text()}`);
		return ((await response.json()) as { data: { batchId: string } }).data.batchId;
	}

	/** Every record the activated trigger emitted so far, by execution. */
	async function emittedByTrigger(
		workflowId: string,
	): Promise<Array<Array<Record<string, unknown>>>> {
		return (await n8n.executions(workflowId))
			.filter((e) => e.mode === 'trigger')
			.map((execution) => emittedBy(execution, 'Amili Polling Trigger'));
	}

	/** Deactivates and activates: n8n runs one poll on activation, on the state it saved. */
	async function pollNow(workflowId: string): Promise<void> {
		const off = await n8n.publicApi('POST', `/workflows/${workflowId}/deactivate`);
		expect(off.status).toBe(200);
		const on = await n8n.publicApi('POST', `/workflows/${workflowId}/activate`);
		expect(on.status).toBe(200);
	}

	beforeAll(async () => {
		[n8n, sim] = await Promise.all([N8nInstance.create(), startSimulator()]);
		const credential = oauth2Credential(sim);
		// The second is the credential examples/ name, as a user would have made it.
		await n8n.importCredentials([credential, oauth2Credential(sim, 'Amili OAuth2 account')]);
		const example = JSON.parse(
			readFileSync(join(REPO_ROOT, 'examples', 'trigger-polling-settlements.json'), 'utf8'),
		) as WorkflowInput;
		[settlementsId, batchesId, exampleId] = await n8n.importWorkflows([
			pollingWorkflow('new settlements', credential, 'newSettlement'),
			pollingWorkflow('batches finished', credential, 'batchFinished'),
			example,
		]);
		// History from before the trigger exists: a manual run shows some, activation must not emit it.
		for (let day = 10; day >= 4; day--)
			sim.addSettlement(ORG, { settlementDate: utcDate(day), customerReference: `old-${day}` });
	});

	afterAll(async () => {
		await Promise.all([n8n?.dispose(), sim?.close()]);
	});

	newestLineOnly(
		'`n8n execute` (cli mode) does not call poll(): it asks Amili nothing',
		async () => {
			const before = sim.requests.filter((r) => r.route === 'listSettlements').length;
			const result = await n8n.execute(settlementsId);
			expect(sim.requests.filter((r) => r.route === 'listSettlements').length).toBe(before);
			expect(JSON.stringify(result.runData['Amili Polling Trigger'] ?? null)).not.toContain(
				'settlementId',
			);
		},
	);

	it('a manual run shows the latest five settlements and the latest finished batches', async () => {
		const finished = await createBatch(0);
		await n8n.start();
		await n8n.setupOwner();
		await n8n.login();

		const run = async (workflowId: string, node = 'Amili Polling Trigger') => {
			const response = await n8n.runManually(workflowId, 'Amili Polling Trigger');
			expect(response.status).toBe(200);
			expect(response.data.executionId).toBeDefined();
			let execution: ServerExecution | undefined;
			for (let i = 0; i < 80 && !execution; i++) {
				execution = (await n8n.executions(workflowId)).find(
					(e) => e.id === response.data.executionId && e.status !== 'running',
				);
				if (!execution) await sleep(250);
			}
			expect(execution).toMatchObject({ mode: 'manual', status: 'success' });
			return emittedBy(execution as ServerExecution, node);
		};

		const settlements = await run(settlementsId);
		expect(settlements.map((s) => s.customerReference)).toEqual([
			'old-8',
			'old-7',
			'old-6',
			'old-5',
			'old-4',
		]);
		const batches = await run(batchesId);
		expect(batches).toEqual([
			expect.objectContaining({
				batchId: finished,
				status: 'SUCCESS',
				organizationId: ORG,
				succeededCount: 1,
				failedCount: 0,
			}),
		]);
		if (onNewestLine) {
			// examples/trigger-polling-settlements.json, imported as a user gets it: its sample booking step.
			const booked = sim.addSettlement(EXAMPLE_ORG, { settlementDate: utcDate(2) });
			expect(await run(exampleId, 'Book the settlement (sample)')).toEqual([
				expect.objectContaining({ settlementId: booked.settlementId, date: utcDate(2) }),
			]);
		}
		// A manual run leaves no state behind: n8n does not save static data of manual executions.
	});

	newestLineOnly(
		'activated: emits nothing at first, then each new settlement and each finished batch exactly once',
		async () => {
			const queued = await createBatch(600_000);
			const settlementRequests = () =>
				sim.requests.filter((r) => r.route === 'listSettlements' && r.orgId === ORG);
			const requestsBefore = settlementRequests().length;

			for (const id of [settlementsId, batchesId])
				expect((await n8n.publicApi('POST', `/workflows/${id}/activate`)).status).toBe(200);
			await sleep(2000);
			expect(await emittedByTrigger(settlementsId)).toEqual([]);
			expect(await emittedByTrigger(batchesId)).toEqual([]);
			// The activation poll asked for the settlements since yesterday (today minus the one-day look-back).
			const firstPoll = settlementRequests()[requestsBefore];
			expect(firstPoll?.query).toMatchObject({ fromDate: utcDate(1) });

			// New records at Amili: two settlements, the queued batch finishes, a new batch finishes.
			const newSettlements = [
				sim.addSettlement(ORG, { customerReference: 'new-1' }),
				sim.addSettlement(ORG, { customerReference: 'new-2' }),
			];
			sim.completeBatch(queued);
			const fresh = await createBatch(0);
			await pollNow(settlementsId);
			await pollNow(batchesId);
			await n8n.finishedExecutions(settlementsId, 3);
			await n8n.finishedExecutions(batchesId, 2);

			// Nothing new: another poll emits nothing more.
			await pollNow(settlementsId);
			await pollNow(batchesId);
			// One more settlement, dated yesterday (inside the look-back window).
			const late = sim.addSettlement(ORG, {
				customerReference: 'new-3',
				settlementDate: utcDate(1),
			});
			await pollNow(settlementsId);
			await sleep(2500);

			const bySettlementRun = await emittedByTrigger(settlementsId);
			const settlementIds = bySettlementRun.flat().map((s) => s.settlementId);
			expect([...settlementIds].sort()).toEqual(
				[...newSettlements, late].map((s) => s.settlementId).sort(),
			);
			expect(bySettlementRun.every((items) => items.length > 0)).toBe(true);

			const batchIds = (await emittedByTrigger(batchesId)).flat();
			expect(batchIds.map((b) => b.batchId).sort()).toEqual([queued, fresh].sort());
			expect(batchIds.every((b) => b.status === 'SUCCESS' && b.organizationId === ORG)).toBe(true);
		},
	);
});
