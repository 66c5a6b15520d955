/**
 * The Amili node (resource → operation) inside a real n8n 2.41.1, installed from the packed package,
 * against the in-process simulator. Several Amili nodes share a workflow where it reads well, so the
 * file runs only three n8n executions. Assertions are on what the simulator received and on what
 * n8n emitted.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startSimulator, type AmiliSimulator } from '../simulator';
import { itemsOf, N8nInstance, outputOf, type ExecuteResult } from '../harness/n8n';
import { newestLineOnly } from '../harness/lines';
import {
	AMILI_PACKAGE,
	amiliPayment,
	chain,
	connect,
	items,
	manualTrigger,
	oauth2Credential,
	ref,
	workflow,
	type Connections,
	type CredentialJson,
	type NodeInput,
	type WorkflowInput,
} from '../harness/workflow';

const AMILI_TYPE = `${AMILI_PACKAGE}.amili`;

function amili(
	name: string,
	credential: CredentialJson,
	organizationId: string,
	resource: string,
	operation: string,
	parameters: Record<string, unknown> = {},
	settings: Partial<NodeInput> = {},
): NodeInput {
	return {
		name,
		type: AMILI_TYPE,
		typeVersion: 1,
		parameters: { authentication: 'oAuth2', organizationId, resource, operation, ...parameters },
		credentials: { amiliOAuth2Api: { id: credential.id, name: credential.name } },
		...settings,
	};
}

/** Independent one-node branches, each started by the trigger. */
function fromStart(...names: string[]): Connections {
	const connections: Connections = {};
	for (const name of names) connect(connections, 'Start', name);
	return connections;
}

function listRequests(sim: AmiliSimulator, route: string, orgId: string) {
	return sim.requests.filter((r) => r.route === route && r.orgId === orgId);
}

function expectSucceeded(result: ExecuteResult): void {
	if (!result.ok)
		throw new Error(
			`execution failed: ${JSON.stringify(result.error)}\n${result.stderr.slice(-2000)}`,
		);
}

describe('Amili node in real n8n', () => {
	let n8n: N8nInstance;
	let sim: AmiliSimulator;
	let credential: CredentialJson;

	beforeAll(async () => {
		[n8n, sim] = await Promise.all([N8nInstance.create(), startSimulator({ batchDelayMs: 400 })]);
		credential = oauth2Credential(sim);
		// The second is the credential the examples name, as a user would have made it.
		await n8n.importCredentials([credential, oauth2Credential(sim, 'Amili OAuth2 account')]);
	});

	afterAll(async () => {
		await Promise.all([n8n?.dispose(), sim?.close()]);
	});

	beforeEach(() => sim.reset());

	newestLineOnly(
		'Batch: Get by batchUrl, Wait for Completion to SUCCESS and PARTIAL, Get Many with filters',
		async () => {
			const org = randomUUID();
			sim.failPaymentsMatching(['P-3'], 'Unknown invoice');
			const payments = [0, 1, 2, 3].map((i) => ({
				invoiceNumber: `INV-${i}`,
				uniqueSourcePaymentId: `P-${i}`,
				amount: 100,
				currency: 'NOK',
				date: '2025-03-09',
			}));
			const result = await n8n.run(
				workflow({
					name: 'amili batches',
					nodes: [
						manualTrigger(),
						items('Payments', payments),
						amiliPayment({
							organizationId: org,
							credential: ref(credential),
							options: { batchSize: 2 },
						}),
						amili('Get by URL', credential, org, 'batch', 'get', {
							batchId: { __rl: true, mode: 'url', value: '={{ $json.batchUrl }}' },
							simplify: false,
						}),
						amili('Wait', credential, org, 'batch', 'waitForCompletion', {
							batchId: { __rl: true, mode: 'id', value: '={{ $json.batchId }}' },
							options: { pollInterval: 0.2, timeout: 30 },
						}),
						amili(
							'Partial batches',
							credential,
							org,
							'batch',
							'getMany',
							{
								returnAll: true,
								filters: { state: 'PARTIAL', type: 'PAYMENT' },
								options: { sortDirection: 'DESC' },
							},
							{ executeOnce: true },
						),
					],
					connections: chain(
						'Start',
						'Payments',
						'Amili Payment',
						'Get by URL',
						'Wait',
						'Partial batches',
					),
				}),
			);
			expectSucceeded(result);

			const accepted = outputOf(result, 'Amili Payment');
			expect(accepted).toHaveLength(2);
			const got = outputOf(result, 'Get by URL');
			expect(got.map((b) => b.batchId)).toEqual(accepted.map((b) => b.batchId));
			// Read while Amili was still processing, unsimplified: the lists are there (empty while QUEUED).
			expect(got.map((b) => b.status)).toEqual(['QUEUED', 'QUEUED']);
			expect(got[0]).toHaveProperty('succeeded');

			const waited = itemsOf(result, 'Wait');
			expect(waited.map((i) => i.json.status)).toEqual(['SUCCESS', 'PARTIAL']);
			expect(waited.map((i) => [i.json.succeededCount, i.json.failedCount])).toEqual([
				[2, 0],
				[1, 1],
			]);
			expect(waited.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			expect(waited[1].json).not.toHaveProperty('failed');

			expect(outputOf(result, 'Partial batches').map((b) => b.batchId)).toEqual([
				accepted[1].batchId,
			]);
			const [listed] = listRequests(sim, 'listOrgBatches', org);
			expect(listed.query).toMatchObject({
				State: 'PARTIAL',
				Type: 'PAYMENT',
				SortDirection: 'DESC',
			});
			// Every read went to the documented org path, and the URL's batch was read, not guessed.
			expect(sim.requests.filter((r) => r.route === 'getBatchLegacy')).toHaveLength(0);
		},
	);

	newestLineOnly(
		'Invoice Create (waiting for the result) → Resume → Correction Create, then Get Many with filters',
		async () => {
			const org = randomUUID();
			sim.failInvoicesMatching(['NEW-3'], 'Debtor missing');
			sim.seedInvoices(org, 3, (i) => ({ invoiceNumber: `OLD-${i}`, customerNumber: 'C-OLD' }));
			const invoices = [1, 2, 3].map((i) => ({
				type: 'NOTICE',
				invoiceNumber: `NEW-${i}`,
				uniqueSourceInvoiceId: `erp-${i}`,
				customerNumber: i === 1 ? 'C-42' : 'C-7',
				originalInvoiceAmount: '4500.00',
				currency: 'NOK',
				invoiceDate: '2025-01-15',
				dueDate: '2025-02-15',
				debtor: { name: `Debtor ${i}` },
			}));
			const result = await n8n.run(
				workflow({
					name: 'amili invoices',
					nodes: [
						manualTrigger(),
						items('Invoices', invoices),
						amili('Create invoices', credential, org, 'invoice', 'create', {
							options: { waitForResult: true, pollInterval: 0.2 },
						}),
						amili(
							'Only created',
							credential,
							org,
							'invoice',
							'resume',
							{ invoiceId: '={{ $json.invoiceId }}' },
							{ onError: 'continueRegularOutput' },
						),
						amili(
							'Correct',
							credential,
							org,
							'correction',
							'create',
							{
								mappingMode: 'defineBelow',
								correctionInvoiceId: '={{ $json.invoiceId }}',
								correctionAmount: '-250.50',
								currency: 'NOK',
								correctionDate: '2025-03-09T14:30:00+01:00',
								description: 'Fee waived',
							},
							{ onError: 'continueRegularOutput' },
						),
						amili(
							'Find C-42',
							credential,
							org,
							'invoice',
							'getMany',
							{
								returnAll: true,
								filters: { customerNumber: 'C-42', status: 'OPEN', from: '2020-01-01T00:00:00' },
							},
							{ executeOnce: true },
						),
					],
					connections: chain(
						'Start',
						'Invoices',
						'Create invoices',
						'Only created',
						'Correct',
						'Find C-42',
					),
				}),
			);
			expectSucceeded(result);

			const posted = sim.receivedInvoices(org);
			expect(posted).toHaveLength(3);
			expect(posted[0]).toMatchObject({
				invoiceNumber: 'NEW-1',
				originalInvoiceAmount: 4500,
				debtor: { name: 'Debtor 1' },
			});
			const created = outputOf(result, 'Create invoices');
			expect(created.map((i) => [i.invoiceNumber, i.batchStatus, i.failed])).toEqual([
				['NEW-1', 'PARTIAL', false],
				['NEW-2', 'PARTIAL', false],
				['NEW-3', 'PARTIAL', true],
			]);
			expect(created[2].reason).toBe('Debtor missing');
			const newIds = sim
				.invoices(org)
				.filter((i) => i.invoiceNumber.startsWith('NEW-'))
				.map((i) => i.id);
			expect(created.slice(0, 2).map((i) => i.invoiceId)).toEqual(newIds);

			// The failed invoice has no invoiceId: its Resume is an error item paired to it; the others resume.
			const resumed = itemsOf(result, 'Only created');
			expect(resumed.map((i) => i.json.accepted ?? 'error')).toEqual([true, true, 'error']);
			expect(resumed[2].pairedItem).toEqual({ item: 2 });
			expect(sim.invoiceActions(org).map((a) => [a.action, a.invoiceId])).toEqual(
				newIds.map((id) => ['resume', id]),
			);

			// Correction Create sends all three; the third has no invoiceId and never leaves n8n.
			expect(sim.receivedCorrections(org)).toEqual(
				newIds.map((invoiceId) => ({
					invoiceId,
					amount: -250.5,
					currency: 'NOK',
					date: '2025-03-09T13:30:00Z',
					description: 'Fee waived',
				})),
			);
			const corrected = itemsOf(result, 'Correct');
			expect(corrected[0].json).toMatchObject({ correctionCount: 2, invoiceIds: newIds });
			expect(corrected[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
			expect(corrected[1].json.error).toMatch(/Item 2: "invoiceId" is missing/);

			expect(outputOf(result, 'Find C-42').map((i) => i.invoiceNumber)).toEqual(['NEW-1']);
			const [query] = listRequests(sim, 'listInvoices', org).map((r) => r.query);
			expect(query).toMatchObject({
				CustomerNumber: 'C-42',
				Status: 'OPEN',
				From: '2020-01-01T00:00:00Z',
			});
		},
	);

	it('Get Many pages: Return All reads every page, Limit no more than needed; settlements, cases, a 404 under Continue On Fail', async () => {
		const [all, limited, other] = [randomUUID(), randomUUID(), randomUUID()];
		sim.seedInvoices(all, 230);
		sim.seedInvoices(limited, 230);
		const settlements = ['2025-07-31', '2025-08-01', '2025-08-15', '2025-08-16'].map(
			(settlementDate) => sim.addSettlement(other, { settlementDate }),
		);
		sim.addCase(other, { caseNumber: '5000001', status: 'OPEN', customerNumber: 'C-1' });
		sim.addCase(other, { caseNumber: '5000002', status: 'PAUSED', customerNumber: 'C-1' });
		const missing = randomUUID();

		const result = await n8n.run(
			workflow({
				name: 'amili lists',
				nodes: [
					manualTrigger(),
					amili('All invoices', credential, all, 'invoice', 'getMany', { returnAll: true }),
					amili('120 invoices', credential, limited, 'invoice', 'getMany', {
						returnAll: false,
						limit: 120,
					}),
					amili('August settlements', credential, other, 'settlement', 'getMany', {
						returnAll: true,
						filters: { fromDate: '2025-08-01T00:00:00', toDate: '2025-08-15T00:00:00' },
					}),
					amili('One settlement', credential, other, 'settlement', 'get', {
						settlementId: settlements[0].settlementId,
					}),
					amili('Open cases', credential, other, 'case', 'getMany', {
						returnAll: true,
						filters: { status: 'OPEN', customerNumber: 'C-1' },
					}),
					amili(
						'Missing invoice',
						credential,
						other,
						'invoice',
						'get',
						{ invoiceId: missing },
						{ onError: 'continueRegularOutput' },
					),
				],
				connections: fromStart(
					'All invoices',
					'120 invoices',
					'August settlements',
					'One settlement',
					'Open cases',
					'Missing invoice',
				),
			}),
		);
		expectSucceeded(result);

		expect(outputOf(result, 'All invoices')).toHaveLength(230);
		const allPages = listRequests(sim, 'listInvoices', all);
		expect(allPages.map((r) => r.query.PageSize)).toEqual(['100', '100', '100']);
		expect(allPages.map((r) => r.query.PageToken === undefined)).toEqual([true, false, false]);

		expect(outputOf(result, '120 invoices')).toHaveLength(120);
		expect(listRequests(sim, 'listInvoices', limited).map((r) => r.query.PageSize)).toEqual([
			'100',
			'20',
		]);

		expect(outputOf(result, 'August settlements').map((s) => s.settlementDate)).toEqual([
			'2025-08-01',
			'2025-08-15',
		]);
		const [settlementQuery] = listRequests(sim, 'listSettlements', other).map((r) => r.query);
		expect(settlementQuery).toEqual({
			fromDate: '2025-08-01',
			toDate: '2025-08-15',
			pageSize: '100',
		});
		expect(outputOf(result, 'One settlement')).toEqual([
			expect.objectContaining({ settlementId: settlements[0].settlementId }),
		]);

		expect(outputOf(result, 'Open cases').map((c) => c.caseNumber)).toEqual(['5000001']);
		expect(listRequests(sim, 'listCases', other)[0].query).toMatchObject({
			Status: 'OPEN',
			CustomerNumber: 'C-1',
		});

		const [notFound] = itemsOf(result, 'Missing invoice');
		expect(notFound.json.error).toMatch(/HTTP 404/);
		expect(notFound.pairedItem).toEqual({ item: 0 });
	});

	newestLineOnly(
		'Record pickers: version 2 reads a locator (From List, By ID, an expression), version 1 a plain ID',
		async () => {
			const org = randomUUID();
			const invoices = sim.seedInvoices(org, 6);
			const settlement = sim.addSettlement(org, { invoiceId: invoices[0].id });
			const locator = (mode: 'list' | 'id', value: string) => ({ __rl: true, mode, value });
			const v2 = { typeVersion: 2 };
			const picked: Array<[string, string, string, Record<string, unknown>]> = [
				['Get v2', 'invoice', 'get', { invoiceId: locator('list', invoices[0].id) }],
				[
					'Payments v2',
					'invoice',
					'getPayments',
					{ invoiceId: locator('id', invoices[1].id), returnAll: true },
				],
				['Pause v2', 'invoice', 'pause', { invoiceId: locator('list', invoices[2].id) }],
				['Resume v2', 'invoice', 'resume', { invoiceId: locator('id', ` ${invoices[3].id} `) }],
				[
					'Withdraw v2',
					'invoice',
					'withdraw',
					{ invoiceId: locator('id', `={{ "${invoices[4].id}" }}`) },
				],
				[
					'Settlement v2',
					'settlement',
					'get',
					{ settlementId: locator('list', settlement.settlementId) },
				],
			];
			const result = await n8n.run(
				workflow({
					name: 'amili pickers',
					nodes: [
						manualTrigger(),
						...picked.map(([name, resource, operation, parameters]) =>
							amili(name, credential, org, resource, operation, parameters, v2),
						),
						amili('Get v1', credential, org, 'invoice', 'get', { invoiceId: invoices[5].id }),
					],
					connections: fromStart(...picked.map(([name]) => name), 'Get v1'),
				}),
			);
			expectSucceeded(result);

			expect(outputOf(result, 'Get v2').map((i) => i.id)).toEqual([invoices[0].id]);
			expect(outputOf(result, 'Get v1').map((i) => i.id)).toEqual([invoices[5].id]);
			expect(listRequests(sim, 'getInvoicePayments', org).map((r) => r.path)).toEqual([
				expect.stringContaining(`/invoices/${invoices[1].id}/payments`),
			]);
			expect(
				sim
					.invoiceActions(org)
					.map((a) => [a.action, a.invoiceId])
					.sort(),
			).toEqual(
				[
					['pause', invoices[2].id],
					['resume', invoices[3].id],
					['withdraw', invoices[4].id],
				].sort(),
			);
			expect(outputOf(result, 'Settlement v2').map((s) => s.settlementId)).toEqual([
				settlement.settlementId,
			]);
		},
	);

	newestLineOnly.each([
		[
			'batch-wait.json',
			'Wait for the batch',
			{ status: 'SUCCESS', succeededCount: 2, failedCount: 0 },
		],
		['invoice-cases.json', 'Cases of the customer', { customerNumber: 'C-100', status: 'OPEN' }],
	])(
		'examples/%s imports with its credential by name and runs',
		async (file, lastNode, expected) => {
			const example = JSON.parse(
				readFileSync(join(__dirname, '..', '..', 'examples', file), 'utf8'),
			) as WorkflowInput;
			const result = await n8n.run(example);
			expectSucceeded(result);
			expect(outputOf(result, lastNode)).toEqual([expect.objectContaining(expected)]);
		},
	);
});
