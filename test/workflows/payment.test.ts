/**
 * The Amili Payment node inside a real n8n 2.41.1 (installed from the packed package), against the
 * local Amili simulator. Assertions are on what the simulator received (the wire) and on what n8n
 * emitted, never on mocks of our own code.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startSimulator, type AmiliSimulator } from '../simulator';
import { itemsOf, N8nInstance, nodeError, outputOf, type ExecuteResult } from '../harness/n8n';
import { newestLineOnly, onNewestLine } from '../harness/lines';
import { REPO_ROOT } from '../harness/runtime';
import {
	accessTokenCredential,
	amiliPayment,
	chain,
	code,
	connect,
	manualTrigger,
	oauth2Credential,
	ref,
	workflow,
	type CredentialJson,
	type JsonObject,
	type NodeInput,
	type WorkflowInput,
} from '../harness/workflow';

/** A Code node emitting `count` valid paid invoices, built in n8n (not read from disk). */
function paidInvoices(count: number, prefix = 'PAY', name = 'Paid invoices'): NodeInput {
	return code(
		name,
		`return Array.from({ length: ${count} }, (_, i) => ({ json: {
			invoiceNumber: 'INV-' + (10000 + i),
			uniqueSourcePaymentId: '${prefix}-' + i,
			amount: 100 + (i % 50) + 0.25,
			currency: 'NOK',
			date: '2025-03-09T14:30:00Z',
			description: 'Paid via bank',
			erpField: 'ignored by Map Automatically',
		} }));`,
	);
}

function rows(name: string, json: JsonObject[]): NodeInput {
	return code(name, `return ${JSON.stringify(json.map((j) => ({ json: j })))};`);
}

const payment = (id: string, extra: JsonObject = {}): JsonObject => ({
	invoiceNumber: `INV-${id}`,
	uniqueSourcePaymentId: id,
	amount: 250,
	currency: 'NOK',
	date: '2025-03-09',
	...extra,
});

/** No secret in anything n8n printed or emitted: the client secret, issued tokens, any bearer. */
function expectNoSecrets(n8n: N8nInstance, result: ExecuteResult, secrets: string[]): void {
	const emitted = JSON.stringify(result.execution ?? {});
	const everything = `${n8n.allOutput()}\n${emitted}`;
	for (const secret of secrets) expect(everything.includes(secret)).toBe(false);
	expect(everything).not.toMatch(/Bearer\s+eyJ/);
}

describe('Amili Payment node in real n8n', () => {
	let n8n: N8nInstance;
	let sim: AmiliSimulator;
	let oauth: CredentialJson;

	beforeAll(async () => {
		[n8n, sim] = await Promise.all([N8nInstance.create(), startSimulator({ batchDelayMs: 300 })]);
		oauth = oauth2Credential(sim);
		// The second is the credential the examples name, as a user would have made it.
		await n8n.importCredentials([oauth, oauth2Credential(sim, 'Amili OAuth2 account')]);
	});

	afterAll(async () => {
		await Promise.all([n8n?.dispose(), sim?.close()]);
	});

	beforeEach(() => sim.reset());

	it('posts 3 items as one batch exactly as the spec shows, and emits batchId and batchUrl', async () => {
		const org = randomUUID();
		const result = await n8n.run(
			workflow({
				nodes: [
					manualTrigger(),
					paidInvoices(3),
					amiliPayment({ organizationId: org, credential: ref(oauth) }),
				],
				connections: chain('Start', 'Paid invoices', 'Amili Payment'),
			}),
		);

		expect(result.error).toBeUndefined();
		const batches = sim.paymentBatches(org);
		expect(batches).toHaveLength(1);
		expect(batches[0].payments).toEqual(
			[0, 1, 2].map((i) => ({
				invoiceNumber: `INV-${10000 + i}`,
				uniqueSourcePaymentId: `PAY-${i}`,
				amount: 100 + i + 0.25,
				currency: 'NOK',
				date: '2025-03-09T14:30:00Z',
				description: 'Paid via bank',
			})),
		);
		const [emitted, ...rest] = outputOf(result, 'Amili Payment');
		expect(rest).toEqual([]);
		expect(emitted).toEqual({
			batchId: batches[0].batchId,
			batchUrl: `${sim.apiBaseUrl}/batches/${batches[0].batchId}`,
			status: 'SUCCESS',
			organizationId: org,
			paymentCount: 3,
			uniqueSourcePaymentIds: ['PAY-0', 'PAY-1', 'PAY-2'],
		});
		const item = result.runData['Amili Payment'][0].data?.main?.[0]?.[0];
		expect(item?.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(
			sim.requests.filter((r) => r.route === 'createPayments').every((r) => r.bearer === 'valid'),
		).toBe(true);
		expectNoSecrets(n8n, result, [sim.clientSecret]);
	});

	newestLineOnly(
		'chunks 2,500 items at Batch Size 1000 into 3 requests, every payment exactly once',
		async () => {
			const org = randomUUID();
			const result = await n8n.run(
				workflow({
					nodes: [
						manualTrigger(),
						paidInvoices(2500),
						amiliPayment({
							organizationId: org,
							credential: ref(oauth),
							options: { batchSize: 1000 },
						}),
					],
					connections: chain('Start', 'Paid invoices', 'Amili Payment'),
				}),
			);

			expect(result.error).toBeUndefined();
			expect(sim.paymentBatches(org).map((b) => b.payments.length)).toEqual([1000, 1000, 500]);
			const received = sim.receivedPayments(org).map((p) => p.uniqueSourcePaymentId);
			expect(received).toEqual(Array.from({ length: 2500 }, (_, i) => `PAY-${i}`));
			expect(sim.duplicatePaymentIds(org)).toEqual([]);
			const out = outputOf(result, 'Amili Payment');
			expect(out.map((b) => b.paymentCount)).toEqual([1000, 1000, 500]);
			const paired = result.runData['Amili Payment'][0].data?.main?.[0]?.map(
				(i) => (i.pairedItem as unknown[]).length,
			);
			expect(paired).toEqual([1000, 1000, 500]);
		},
	);

	it('fetches the OAuth2 token once and reuses it on the next execution', async () => {
		// A credential of its own, so no other test has fetched its token.
		const fresh = oauth2Credential(sim, 'Amili OAuth2 (token reuse)');
		await n8n.importCredentials([fresh]);
		const org = randomUUID();
		const wf = workflow({
			nodes: [
				manualTrigger(),
				paidInvoices(2, 'REUSE'),
				amiliPayment({ organizationId: org, credential: ref(fresh) }),
			],
			connections: chain('Start', 'Paid invoices', 'Amili Payment'),
		});
		const id = await n8n.importWorkflow(wf);
		const before = sim.tokenRequestCount;

		expect((await n8n.execute(id)).error).toBeUndefined();
		const second = await n8n.execute(id);
		expect(second.error).toBeUndefined();

		expect(sim.tokenRequestCount - before).toBe(1);
		expect(sim.paymentBatches(org)).toHaveLength(2);
	});

	newestLineOnly(
		'refuses bad input before any request: the error names the item, the field and the fix',
		async () => {
			const org = randomUUID();
			const result = await n8n.run(
				workflow({
					nodes: [
						manualTrigger(),
						rows('Rows', [
							payment('A'),
							payment('B', { amount: '1,250' }),
							payment('C', { currency: 'kroner' }),
						]),
						amiliPayment({ organizationId: org, credential: ref(oauth) }),
					],
					connections: chain('Start', 'Rows', 'Amili Payment'),
				}),
			);

			expect(result.ok).toBe(false);
			const error = nodeError(result, 'Amili Payment');
			expect(error?.message).toBe(
				'Item 1: "amount" is "1,250", which reads as 1250 (a comma between thousands) or 1.25 (a decimal comma). Write 1250 or 1 250,00 for the first reading, 1.25 or 1,25 for the second.',
			);
			expect(error?.description).toContain('1 more item has problems too');
			expect(error?.description).toContain('Nothing was sent to Amili');
			expect(sim.requests.filter((r) => r.route === 'createPayments')).toEqual([]);
		},
	);

	newestLineOnly('refuses an Organization ID that is not a UUID before any request', async () => {
		const result = await n8n.run(
			workflow({
				nodes: [
					manualTrigger(),
					rows('Rows', [payment('A')]),
					amiliPayment({ organizationId: 'acme', credential: ref(oauth) }),
				],
				connections: chain('Start', 'Rows', 'Amili Payment'),
			}),
		);
		expect(nodeError(result, 'Amili Payment')?.message).toBe(
			'Item 0: Organization ID "acme" is not a UUID',
		);
		expect(sim.requests).toEqual([]);
	});

	// Every n8n line: 1.x and 2.0 send an item to the error output only when its json is exactly
	// {error[, message]}, so refused items (which carry `details` too) stay on the main output there.
	it('with Continue (regular output): refused items come out with their reason, good ones are posted', async () => {
		const org = randomUUID();
		const result = await n8n.run(
			workflow({
				nodes: [
					manualTrigger(),
					rows('Rows', [payment('A'), payment('B', { date: '2025-03-09T10:00:00' }), payment('C')]),
					{
						...amiliPayment({
							organizationId: org,
							credential: ref(oauth),
							options: { output: 'items' },
						}),
						onError: 'continueRegularOutput',
					},
				],
				connections: chain('Start', 'Rows', 'Amili Payment'),
			}),
		);

		expect(result.error).toBeUndefined();
		expect(sim.receivedPayments(org).map((p) => p.uniqueSourcePaymentId)).toEqual(['A', 'C']);
		const out = outputOf(result, 'Amili Payment');
		expect(
			out.map((o) => [o.uniqueSourcePaymentId ?? null, typeof o.batchId, o.error === undefined]),
		).toEqual([
			['A', 'string', true],
			[null, 'undefined', false],
			['C', 'string', true],
		]);
		// In input order, each paired to the item it came from.
		expect(itemsOf(result, 'Amili Payment').map((i) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(String(out[1].error)).toContain('Item 1: "date"');
		expect(out[1].details).toMatchObject({ item: 1, fields: ['date'] });
	});

	newestLineOnly(
		'with Continue (using error output): bad items go to the error output, good ones are posted',
		async () => {
			const org = randomUUID();
			const node = {
				...amiliPayment({
					organizationId: org,
					credential: ref(oauth),
					options: { output: 'items' },
				}),
				onError: 'continueErrorOutput',
			};
			const connections = chain('Start', 'Rows', 'Amili Payment');
			connect(connections, 'Amili Payment', 'Posted', 0);
			connect(connections, 'Amili Payment', 'Refused', 1);
			const result = await n8n.run(
				workflow({
					nodes: [
						manualTrigger(),
						rows('Rows', [
							payment('A'),
							payment('B', { date: '2025-03-09T10:00:00' }),
							payment('C'),
							payment('A', { amount: 99 }),
						]),
						node,
						code('Posted', 'return $input.all();'),
						code('Refused', 'return $input.all();'),
					],
					connections,
				}),
			);

			expect(result.error).toBeUndefined();
			expect(sim.receivedPayments(org).map((p) => p.uniqueSourcePaymentId)).toEqual(['A', 'C']);
			const posted = outputOf(result, 'Amili Payment', 0);
			expect(posted.map((p) => [p.uniqueSourcePaymentId, typeof p.batchId])).toEqual([
				['A', 'string'],
				['C', 'string'],
			]);
			const refused = outputOf(result, 'Amili Payment', 1);
			// Each refused item arrives merged with the input item it came from, with the reason.
			expect(refused.map((r) => [r.uniqueSourcePaymentId, r.amount])).toEqual([
				['B', 250],
				['A', 99],
			]);
			expect(String(refused[0].error)).toContain('Item 1: "date"');
			expect(String(refused[0].error)).toContain('without a time zone');
			expect(refused[0].details).toMatchObject({ item: 1, fields: ['date'] });
			expect(String(refused[1].error)).toContain('already used by item 0');
			const errorItems = result.runData['Amili Payment'][0].data?.main?.[1] ?? [];
			expect(errorItems.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 3 }]);
		},
	);

	it('maps a 422 to an error with Amili’s own message, and sends the batch once', async () => {
		const org = randomUUID();
		sim.addFault({
			route: 'createPayments',
			status: 422,
			body: {
				message: 'Invoice INV-A is closed',
				errors: [{ index: 0, field: 'invoiceNumber', message: 'closed' }],
			},
		});
		const result = await n8n.run(
			workflow({
				nodes: [
					manualTrigger(),
					rows('Rows', [payment('A')]),
					amiliPayment({ organizationId: org, credential: ref(oauth) }),
				],
				connections: chain('Start', 'Rows', 'Amili Payment'),
			}),
		);

		const error = nodeError(result, 'Amili Payment');
		expect(error?.message).toBe(
			'Amili refused the data (HTTP 422): Invoice INV-A is closed; payment 0 invoiceNumber: closed',
		);
		expect(error?.description).toContain('No batch of this run was accepted');
		expect(sim.requests.filter((r) => r.route === 'createPayments')).toHaveLength(1);
	});

	it('waits out a 429 (Retry-After) and then succeeds, with one accepted batch', async () => {
		const org = randomUUID();
		sim.addFault({ route: 'createPayments', status: 429, headers: { 'Retry-After': '1' } });
		const started = Date.now();
		const result = await n8n.run(
			workflow({
				nodes: [
					manualTrigger(),
					paidInvoices(5, 'RL'),
					amiliPayment({ organizationId: org, credential: ref(oauth) }),
				],
				connections: chain('Start', 'Paid invoices', 'Amili Payment'),
			}),
		);

		expect(result.error).toBeUndefined();
		const attempts = sim.requests.filter((r) => r.route === 'createPayments');
		expect(attempts.map((r) => r.status)).toEqual([429, 202]);
		expect(Date.parse(attempts[1].at) - Date.parse(attempts[0].at)).toBeGreaterThanOrEqual(900);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(sim.paymentBatches(org)).toHaveLength(1);
		expect(outputOf(result, 'Amili Payment')).toHaveLength(1);
	});

	newestLineOnly(
		'never re-sends a POST whose answer was lost: outcome unknown, with the IDs to check',
		async () => {
			const org = randomUUID();
			sim.addFault({ route: 'createPayments', reset: 'after-processing' });
			const result = await n8n.run(
				workflow({
					nodes: [
						manualTrigger(),
						paidInvoices(3, 'LOST'),
						amiliPayment({ organizationId: org, credential: ref(oauth) }),
					],
					connections: chain('Start', 'Paid invoices', 'Amili Payment'),
				}),
			);

			const error = nodeError(result, 'Amili Payment');
			expect(error?.message).toMatch(/^Outcome unknown/);
			expect(error?.description).toContain('LOST-0, LOST-1, LOST-2');
			expect(sim.requests.filter((r) => r.route === 'createPayments')).toHaveLength(1);
			expect(sim.receivedPayments(org)).toHaveLength(3);
		},
	);

	it('works with a pasted access token, and says so when it has expired', async () => {
		const token = sim.issueAccessToken();
		const expired = sim.issueAccessToken({ ttlSeconds: 0 });
		const good = accessTokenCredential(sim.apiBaseUrl, token, 'Amili token (valid)');
		const bad = accessTokenCredential(sim.apiBaseUrl, expired, 'Amili token (expired)');
		await n8n.importCredentials([good, bad]);
		const org = randomUUID();
		const ok = await n8n.run(
			workflow({
				nodes: [
					manualTrigger(),
					rows('Rows', [payment('T1')]),
					amiliPayment({ organizationId: org, credential: ref(good) }),
				],
				connections: chain('Start', 'Rows', 'Amili Payment'),
			}),
		);
		expect(ok.error).toBeUndefined();
		expect(sim.receivedPayments(org).map((p) => p.uniqueSourcePaymentId)).toEqual(['T1']);

		const failed = await n8n.run(
			workflow({
				nodes: [
					manualTrigger(),
					rows('Rows', [payment('T2')]),
					amiliPayment({ organizationId: org, credential: ref(bad) }),
				],
				connections: chain('Start', 'Rows', 'Amili Payment'),
			}),
		);
		expect(nodeError(failed, 'Amili Payment')?.message).toMatch(
			/access token is invalid or expired \(HTTP 401\)/,
		);
		expect(sim.receivedPayments(org)).toHaveLength(1);
		expectNoSecrets(n8n, failed, [token, expired]);
		expectNoSecrets(n8n, ok, [token, expired]);
	});

	it('renews an expired OAuth2 token mid-run and registers the batch once', async () => {
		const org = randomUUID();
		const wf = workflow({
			nodes: [
				manualTrigger(),
				paidInvoices(2, 'RENEW'),
				amiliPayment({ organizationId: org, credential: ref(oauth) }),
			],
			connections: chain('Start', 'Paid invoices', 'Amili Payment'),
		});
		const id = await n8n.importWorkflow(wf);
		expect((await n8n.execute(id)).error).toBeUndefined(); // the stored token is now in use
		sim.reset();
		sim.expireAllTokens();
		const tokensBefore = sim.tokenRequestCount;

		const result = await n8n.execute(id);

		expect(result.error).toBeUndefined();
		expect(sim.tokenRequestCount - tokensBefore).toBe(1);
		// n8n 1.x and 2.0 hand the first 401 back instead of renewing: the node sends once more without
		// ignoring it, and n8n renews there (transport/index.ts). One 401 more, nothing registered by it.
		const expected = onNewestLine ? [401, 202] : [401, 401, 202];
		expect(sim.requests.filter((r) => r.route === 'createPayments').map((r) => r.status)).toEqual(
			expected,
		);
		expect(sim.paymentBatches(org)).toHaveLength(1);
	});

	newestLineOnly(
		'Map Each Field and JSON build the same payments from differently named fields',
		async () => {
			const org = randomUUID();
			const source = rows('ERP rows', [
				{ ref: 'E-1', inv: 'INV-77', paid: '1250.50', when: '2025-03-09T15:30:00+01:00' },
				{ ref: 'E-2', inv: 'INV-78', paid: 99, when: '2025-03-10' },
			]);
			const mapEach = amiliPayment({
				name: 'Map Each Field',
				organizationId: org,
				credential: ref(oauth),
				mappingMode: 'defineBelow',
				parameters: {
					invoiceNumber: '={{ $json.inv }}',
					uniqueSourcePaymentId: '={{ $json.ref }}',
					amount: '={{ $json.paid }}',
					currency: 'NOK',
					date: '={{ $json.when }}',
				},
			});
			const json = amiliPayment({
				name: 'JSON',
				organizationId: org,
				credential: ref(oauth),
				mappingMode: 'json',
				parameters: {
					paymentJson:
						'={{ { invoiceNumber: $json.inv, uniqueSourcePaymentId: "J" + $json.ref, amount: $json.paid, currency: "nok", date: $json.when } }}',
				},
			});
			const connections = chain('Start', 'ERP rows', 'Map Each Field');
			connect(connections, 'ERP rows', 'JSON');
			const result = await n8n.run(
				workflow({ nodes: [manualTrigger(), source, mapEach, json], connections }),
			);

			expect(result.error).toBeUndefined();
			const [byField, byJson] = sim.paymentBatches(org).map((b) => b.payments);
			const expected = [
				{
					invoiceNumber: 'INV-77',
					uniqueSourcePaymentId: 'E-1',
					amount: 1250.5,
					currency: 'NOK',
					date: '2025-03-09T14:30:00Z',
				},
				{
					invoiceNumber: 'INV-78',
					uniqueSourcePaymentId: 'E-2',
					amount: 99,
					currency: 'NOK',
					date: '2025-03-10T00:00:00Z',
				},
			];
			expect(byField).toEqual(expected);
			expect(byJson).toEqual(
				expected.map((p) => ({ ...p, uniqueSourcePaymentId: `J${p.uniqueSourcePaymentId}` })),
			);
		},
	);

	it('Wait for Batch Result: each payment with its outcome, Amili’s reason for the failed one', async () => {
		const org = randomUUID();
		sim.failPaymentsMatching(['W-1'], 'Invoice is already settled');
		const result = await n8n.run(
			workflow({
				nodes: [
					manualTrigger(),
					rows('Rows', [payment('W-0'), payment('W-1'), payment('W-2')]),
					amiliPayment({
						organizationId: org,
						credential: ref(oauth),
						options: { waitForResult: true, pollInterval: 0.2, waitTimeout: 30 } as {
							batchSize?: number;
						},
					}),
				],
				connections: chain('Start', 'Rows', 'Amili Payment'),
			}),
		);

		expect(result.error).toBeUndefined();
		const out = outputOf(result, 'Amili Payment');
		expect(out.map((p) => [p.uniqueSourcePaymentId, p.batchStatus, p.failed, p.reason])).toEqual([
			['W-0', 'PARTIAL', false, undefined],
			['W-1', 'PARTIAL', true, 'Invoice is already settled'],
			['W-2', 'PARTIAL', false, undefined],
		]);
		// It polled while the batch was QUEUED (the simulator keeps it so for 300 ms).
		expect(sim.requests.filter((r) => r.route === 'getBatch').length).toBeGreaterThanOrEqual(2);
		expect(sim.paymentBatches(org)).toHaveLength(1);
	});

	newestLineOnly(
		"examples/nightly-sheet-payments.json: a Norwegian sheet's rows, as Google Sheets gives them, registered with the right amounts and dates",
		async () => {
			const example = JSON.parse(
				readFileSync(join(REPO_ROOT, 'examples', 'nightly-sheet-payments.json'), 'utf8'),
			) as WorkflowInput;
			// No Google account here: the Sheets node gives way to the rows it would read (nb-NO locale:
			// dates as the cells show them, text cells as typed, number cells as numbers, row_number added).
			const SHEET = 'Paid invoices (Google Sheet)';
			const NBSP = '\u00a0';
			const sheetRows = [
				{
					row_number: 2,
					Fakturanr: 10231,
					Kunde: 'Fjordbakeriet AS',
					Beløp: `1${NBSP}250,50`,
					'Betalt dato': '09.03.2025',
					Arkivreferanse: '97051234567',
				},
				{
					row_number: 3,
					Fakturanr: 10232,
					Kunde: 'Nordlys Regnskap AS',
					Beløp: '12.500,00',
					'Betalt dato': '10.03.2025',
					Arkivreferanse: '97051234568',
				},
				{
					row_number: 4,
					Fakturanr: 10235,
					Kunde: 'Ola Nordmann',
					Beløp: 980,
					'Betalt dato': '9.3.2025',
					Arkivreferanse: 97051234569,
				},
				{
					row_number: 5,
					Fakturanr: 10240,
					Kunde: 'Kari Nordmann',
					Beløp: '75,5',
					'Betalt dato': '1.4.2025',
					Arkivreferanse: '97051234570',
				},
			];
			// `n8n execute` starts only from a manual trigger: the schedule gives way to one, same name.
			const standIns: Record<string, NodeInput> = {
				'Every night at 02:00': manualTrigger('Every night at 02:00'),
				[SHEET]: rows(SHEET, sheetRows),
			};
			const nodes = example.nodes.map((node) => {
				const standIn = standIns[node.name];
				if (!standIn) return node;
				const { type, typeVersion, parameters = {} } = standIn;
				return { ...node, type, typeVersion, parameters, credentials: {} };
			});
			const result = await n8n.run({ ...example, nodes });

			expect(result.error).toBeUndefined();
			const org = '7bc05553-4b68-44e8-b7bc-37be63c6d9e9';
			expect(sim.receivedPayments(org)).toEqual(
				[
					['10231', '97051234567', 1250.5, '2025-03-09T00:00:00Z', 'Fjordbakeriet AS'],
					['10232', '97051234568', 12500, '2025-03-10T00:00:00Z', 'Nordlys Regnskap AS'],
					['10235', '97051234569', 980, '2025-03-09T00:00:00Z', 'Ola Nordmann'],
					['10240', '97051234570', 75.5, '2025-04-01T00:00:00Z', 'Kari Nordmann'],
				].map(([invoiceNumber, uniqueSourcePaymentId, amount, date, description]) => ({
					invoiceNumber,
					uniqueSourcePaymentId,
					amount,
					currency: 'NOK',
					date,
					description,
				})),
			);
			// Wait for Batch Result is on in the example: each row says it was processed, and how.
			expect(
				outputOf(result, 'Amili Payment').map(({ processed, failed }) => ({ processed, failed })),
			).toEqual(sheetRows.map(() => ({ processed: true, failed: false })));
		},
	);
});
