/**
 * Node version 2 changed Map Each Field (n8n's field mapper) and the Create outputs; version 1 stays
 * for the workflows users saved. In a real n8n against the simulator: the example workflows as
 * version 1 saved them (saved/*.v1.json, copies of examples/ before it moved to version 2) and a Map
 * Each Field workflow as version 1 saves it run unchanged, with version 1's outputs; the same
 * flow saved by version 2 sends the same payments and says what is known (accepted, processed).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startSimulator, type AmiliSimulator } from '../simulator';
import { N8nInstance, outputOf, type ExecuteResult } from '../harness/n8n';
import {
	amiliPayment,
	type AmiliPaymentParams,
	chain,
	code,
	manualTrigger,
	oauth2Credential,
	ref,
	VERSION_1_BATCH_KEYS,
	workflow,
	type CredentialJson,
	type JsonObject,
	type NodeInput,
	type WorkflowInput,
} from '../harness/workflow';

const EXAMPLE_ORG = '7bc05553-4b68-44e8-b7bc-37be63c6d9e9';

function example(file: string): WorkflowInput {
	return JSON.parse(readFileSync(join(__dirname, 'saved', file), 'utf8')) as WorkflowInput;
}

/** ERP rows whose fields are not named as Amili names them. */
const ERP_ROWS = code(
	'ERP rows',
	`return ${JSON.stringify(
		[
			{ ref: 'E-1', inv: 'INV-77', paid: '1250.50', when: '2025-03-09T15:30:00+01:00' },
			{ ref: 'E-2', inv: 'INV-78', paid: 99, when: '2025-03-10' },
			{ ref: 'E-3', inv: 'INV-79', paid: 10, when: '2025-03-11' },
		].map((json) => ({ json })),
	)};`,
);

const SENT = [
	{
		invoiceNumber: 'INV-77',
		uniqueSourcePaymentId: 'E-1',
		amount: 1250.5,
		currency: 'NOK',
		date: '2025-03-09T14:30:00Z',
		description: 'Paid: INV-77',
	},
	{
		invoiceNumber: 'INV-78',
		uniqueSourcePaymentId: 'E-2',
		amount: 99,
		currency: 'NOK',
		date: '2025-03-10T00:00:00Z',
		description: 'Paid: INV-78',
	},
	{
		invoiceNumber: 'INV-79',
		uniqueSourcePaymentId: 'E-3',
		amount: 10,
		currency: 'NOK',
		date: '2025-03-11T00:00:00Z',
		description: 'Paid: INV-79',
	},
];

/** The same mapping both versions save: plain references, a constant and a computed value. */
const MAPPING = {
	invoiceNumber: '={{ $json.inv }}',
	uniqueSourcePaymentId: '={{ $json["ref"] }}',
	amount: '={{ $json.paid }}',
	currency: 'NOK',
	date: '={{ $json.when }}',
	description: '={{ "Paid: " + $json.inv }}',
};

function hintsOf(result: ExecuteResult, nodeName: string): Array<{ message: string }> {
	return (result.runData[nodeName]?.[0]?.hints ?? []) as Array<{ message: string }>;
}

describe('workflows saved by version 1 run unchanged; version 2 maps and reports anew', () => {
	let n8n: N8nInstance;
	let sim: AmiliSimulator;
	let oauth: CredentialJson;

	beforeAll(async () => {
		[n8n, sim] = await Promise.all([N8nInstance.create(), startSimulator({ batchDelayMs: 200 })]);
		oauth = oauth2Credential(sim);
		// The examples refer to their credential by this name.
		await n8n.importCredentials([oauth, oauth2Credential(sim, 'Amili OAuth2 account')]);
	});

	afterAll(async () => {
		await Promise.all([n8n?.dispose(), sim?.close()]);
	});

	beforeEach(() => sim.reset());

	it("payment-basic and batch-wait as saved with version 1: version 1's outputs", async () => {
		const basic = await n8n.run(example('payment-basic.v1.json'));
		expect(basic.error).toBeUndefined();
		const [batch] = outputOf(basic, 'Amili Payment');
		expect(Object.keys(batch)).toEqual(VERSION_1_BATCH_KEYS);
		expect(batch).toMatchObject({
			status: 'SUCCESS',
			paymentCount: 3,
			uniqueSourcePaymentIds: ['PAY-10001', 'PAY-10002', 'PAY-10003'],
		});
		expect(sim.receivedPayments(EXAMPLE_ORG).map((p) => p.uniqueSourcePaymentId)).toEqual([
			'PAY-10001',
			'PAY-10002',
			'PAY-10003',
		]);
		expect(hintsOf(basic, 'Amili Payment').map((h) => h.message)).toEqual([
			expect.stringMatching(/^Amili accepted 1 batch \(3 payments\) for processing/),
		]);

		sim.reset();
		const waited = await n8n.run(example('batch-wait.v1.json'));
		expect(waited.error).toBeUndefined();
		expect(outputOf(waited, 'Wait for the batch')).toEqual([
			expect.objectContaining({ status: 'SUCCESS', succeededCount: 2, failedCount: 0 }),
		]);
	});

	it('invoice-cases as saved with version 1 (waiting): each invoice with batchStatus and failed', async () => {
		const result = await n8n.run(example('invoice-cases.v1.json'));
		expect(result.error).toBeUndefined();
		const [invoice] = outputOf(result, 'Create invoices');
		expect(invoice).toMatchObject({ batchStatus: 'SUCCESS', failed: false });
		expect(invoice).not.toHaveProperty('processed');
		expect(outputOf(result, 'Cases of the customer')).toEqual([
			expect.objectContaining({ customerNumber: 'C-100', status: 'OPEN' }),
		]);
	});

	it('a Map Each Field workflow as version 1 saved it: its eight parameters, the same payments, the same outputs', async () => {
		const org = randomUUID();
		const v1 = amiliPayment({
			organizationId: org,
			credential: ref(oauth),
			mappingMode: 'defineBelow',
			options: { output: 'items' },
			// As version 1 saves the node: all eight parameters, unused ones empty.
			parameters: { invoiceId: '', paymentType: '', ...MAPPING },
		});
		const result = await n8n.run(
			workflow({
				nodes: [manualTrigger(), ERP_ROWS, v1],
				connections: chain('Start', 'ERP rows', 'Amili Payment'),
			}),
		);
		expect(result.error).toBeUndefined();
		expect(sim.receivedPayments(org)).toEqual(SENT);
		const output = outputOf(result, 'Amili Payment');
		expect(output.map((item) => item.batchStatus)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
		expect(Object.keys(output[0])).toEqual([
			'ref',
			'inv',
			'paid',
			'when',
			'batchId',
			'batchUrl',
			'batchStatus',
		]);
	});

	it("version 2's field mapper sends the same payments; without waiting, the batch says accepted, not processed", async () => {
		const org = randomUUID();
		const result = await n8n.run(
			workflow({
				nodes: [manualTrigger(), ERP_ROWS, version2(org, oauth, {})],
				connections: chain('Start', 'ERP rows', 'Amili Payment'),
			}),
		);
		expect(result.error).toBeUndefined();
		expect(sim.receivedPayments(org)).toEqual(SENT);
		const [batch] = outputOf(result, 'Amili Payment');
		expect(batch).toEqual({
			batchId: expect.any(String),
			batchUrl: expect.stringContaining(`/batches/${String(batch.batchId)}`),
			accepted: true,
			processed: false,
			organizationId: org,
			paymentCount: 3,
			uniqueSourcePaymentIds: ['E-1', 'E-2', 'E-3'],
		});
		expect(hintsOf(result, 'Amili Payment').map((h) => h.message)).toEqual([
			"Amili accepted 1 batch (3 payments) for processing; it processes them asynchronously. To see each payment's outcome, turn on Wait for Batch Result or add Amili → Batch → Wait for Completion with the batchUrl.",
		]);
	});

	it('version 2 with Wait for Batch Result: each payment processed, with its outcome, and a hint on the PARTIAL batch', async () => {
		const org = randomUUID();
		sim.failPaymentsMatching(['E-2'], 'Invoice INV-78 not found');
		const result = await n8n.run(
			workflow({
				nodes: [
					manualTrigger(),
					ERP_ROWS,
					version2(org, oauth, { waitForResult: true, pollInterval: 0.2 }),
				],
				connections: chain('Start', 'ERP rows', 'Amili Payment'),
			}),
		);
		expect(result.error).toBeUndefined();
		const output = outputOf(result, 'Amili Payment');
		expect(
			output.map(({ accepted, processed, batchStatus, failed, reason }) => ({
				accepted,
				processed,
				batchStatus,
				failed,
				reason,
			})),
		).toEqual([
			{ accepted: true, processed: true, batchStatus: 'PARTIAL', failed: false, reason: undefined },
			{
				accepted: true,
				processed: true,
				batchStatus: 'PARTIAL',
				failed: true,
				reason: 'Invoice INV-78 not found',
			},
			{ accepted: true, processed: true, batchStatus: 'PARTIAL', failed: false, reason: undefined },
		]);
		const [hint] = hintsOf(result, 'Amili Payment');
		expect(hint.message).toMatch(
			/^Amili processed batch [0-9a-f-]+ \(PARTIAL\): 1 of 3 payments failed\. The other 2 payments went through\. .*send only them again\.$/,
		);
	});

	it('version 2 in the Amili node: Invoice → Create through the mapper, then Wait for Completion with a hint on the PARTIAL batch', async () => {
		const org = randomUUID();
		sim.failInvoicesMatching(['N-2'], 'Customer unknown');
		const amili = (name: string, parameters: JsonObject): NodeInput => ({
			name,
			type: 'n8n-nodes-amili.amili',
			typeVersion: 2,
			parameters: { authentication: 'oAuth2', organizationId: org, ...parameters },
			credentials: { amiliOAuth2Api: { id: oauth.id, name: oauth.name } },
		});
		const invoices = code(
			'Overdue',
			`return [1, 2].map((i) => ({ json: { no: 'N-' + i, sum: '4500.00', issued: '2025-01-15', due: '2025-02-15' } }));`,
		);
		const create = amili('Create invoices', {
			resource: 'invoice',
			operation: 'create',
			mappingMode: 'defineBelow',
			columns: {
				mappingMode: 'defineBelow',
				value: {
					type: 'NOTICE',
					invoiceNumber: '={{ $json.no }}',
					originalInvoiceAmount: '={{ $json.sum }}',
					currency: 'NOK',
					invoiceDate: '={{ $json.issued }}',
					dueDate: '={{ $json.due }}',
				},
				matchingColumns: [],
				schema: [],
				attemptToConvertTypes: false,
				convertFieldsToString: false,
			},
			options: {},
		});
		const wait = amili('Wait', {
			resource: 'batch',
			operation: 'waitForCompletion',
			batchId: { __rl: true, mode: 'url', value: '={{ $json.batchUrl }}' },
			options: { pollInterval: 0.2 },
		});
		const result = await n8n.run(
			workflow({
				nodes: [manualTrigger(), invoices, create, wait],
				connections: chain('Start', 'Overdue', 'Create invoices', 'Wait'),
			}),
		);
		expect(result.error).toBeUndefined();
		expect(
			sim.receivedInvoices(org).map((i) => [i.invoiceNumber, i.originalInvoiceAmount]),
		).toEqual([
			['N-1', 4500],
			['N-2', 4500],
		]);
		expect(outputOf(result, 'Create invoices')).toEqual([
			expect.objectContaining({ accepted: true, processed: false, invoiceCount: 2 }),
		]);
		expect(hintsOf(result, 'Create invoices')[0].message).toMatch(
			/^Amili accepted 1 batch \(2 invoices\) for processing/,
		);
		expect(outputOf(result, 'Wait')).toEqual([
			expect.objectContaining({ status: 'PARTIAL', succeededCount: 1, failedCount: 1 }),
		]);
		expect(hintsOf(result, 'Wait')[0].message).toMatch(
			/^Amili processed batch [0-9a-f-]+ \(PARTIAL\): 1 of 2 records failed\. .*turn off Simplify.*send only them again\.$/,
		);
	});
});

/** The Amili Payment node as version 2 saves Map Each Field: the mapper's values under `columns`. */
function version2(
	organizationId: string,
	credential: CredentialJson,
	options: JsonObject,
): NodeInput {
	const node = amiliPayment({
		organizationId,
		credential: ref(credential),
		mappingMode: 'defineBelow',
		// Wait for Batch Result and Poll Interval: options the harness's type leaves out.
		options: options as AmiliPaymentParams['options'],
		parameters: {
			columns: {
				mappingMode: 'defineBelow',
				value: MAPPING,
				matchingColumns: [],
				schema: [],
				attemptToConvertTypes: false,
				convertFieldsToString: false,
			},
		},
	});
	return { ...node, typeVersion: 2 };
}
