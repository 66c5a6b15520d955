/**
 * Never twice across runs (create/remember.ts, memory/), in-process against the simulator and an
 * in-memory copy of n8n's de-duplication store: what one run sent, a later run of the same workflow
 * skips and says so; what Amili did not register is released and sent by the next run; Forget Sent
 * releases on purpose. The same cases run in a real n8n in test/workflows/never-twice.test.ts.
 */
import type { IDataObject, INodeExecutionData, NodeExecutionHint } from 'n8n-workflow';

import { execute as createPayments } from '../../nodes/Amili/actions/payment/create.operation';
import { operations } from '../../nodes/Amili/actions/payment/Payment.resource';

const { forgetSent } = operations;
import { executeItem as waitForCompletion } from '../../nodes/Amili/actions/batch/waitForCompletion.operation';
import { createHash } from 'node:crypto';

import { memoryKeys } from '../../nodes/Amili/memory/memoryKeys';
import { executeContext, ORG, useSimulator } from './in-process';
import { ProcessedStore } from './processed-store';

const simulator = useSimulator();

/** A value as n8n's store keeps it (processed-store.ts). */
const md5 = (value: string) => createHash('md5').update(value).digest('base64');

const payment = (i: number, fields: Record<string, unknown> = {}): INodeExecutionData => ({
	json: {
		invoiceNumber: `INV-${i}`,
		uniqueSourcePaymentId: `tx-${i}`,
		amount: 100 + i,
		currency: 'NOK',
		date: '2025-03-09',
		...fields,
	},
});
const payments = (n: number) => Array.from({ length: n }, (_, i) => payment(i));

interface RunOptions {
	store: ProcessedStore;
	options?: Record<string, unknown>;
	typeVersion?: number;
	continueOnFail?: boolean;
	workflowId?: string | null;
	apiBaseUrl?: string;
	warnings?: string[];
	staticData?: IDataObject;
}

async function run(items: INodeExecutionData[], { store, options = {}, ...rest }: RunOptions) {
	const hints: NodeExecutionHint[] = [];
	const output = await createPayments.call(
		executeContext(simulator(), {
			items,
			hints,
			store,
			typeVersion: rest.typeVersion ?? 2,
			continueOnFail: rest.continueOnFail,
			workflowId: rest.workflowId,
			apiBaseUrl: rest.apiBaseUrl,
			warnings: rest.warnings,
			staticData: rest.staticData,
			parameters: { organizationId: ORG, mappingMode: 'autoMapInputData', options },
		}),
	);
	return { output, hints: hints.map((h) => h.message) };
}

const received = () =>
	simulator()
		.receivedPayments(ORG)
		.map((p) => p.uniqueSourcePaymentId);

describe('never twice across runs', () => {
	test('the same input run twice: the second run sends nothing, succeeds and says so', async () => {
		const store = new ProcessedStore();
		await run(payments(3), { store });
		const second = await run(payments(3), { store, options: { output: 'items' } });
		expect(received()).toEqual(['tx-0', 'tx-1', 'tx-2']);
		expect(second.output.map((item) => [item.json.skipped, item.json.outcome])).toEqual([
			[true, 'sentBefore'],
			[true, 'sentBefore'],
			[true, 'sentBefore'],
		]);
		expect(second.output[0].json.reason).toMatch(/sent this payment and Amili accepted it/);
		expect(second.hints).toEqual([
			expect.stringMatching(/^Nothing new to send: 3 payments not sent again: Amili accepted them/),
		]);
	});

	test('One Item per Batch: only the new payments make a batch; a hint counts the skipped ones', async () => {
		const store = new ProcessedStore();
		await run(payments(2), { store });
		const second = await run(payments(4), { store });
		expect(received()).toEqual(['tx-0', 'tx-1', 'tx-2', 'tx-3']);
		expect(second.output.map((item) => item.json.uniqueSourcePaymentIds)).toEqual([
			['tx-2', 'tx-3'],
		]);
		expect(second.hints[0]).toMatch(
			/^2 payments not sent again.*Choose Output → Each Input Item to see them/,
		);
	});

	test('version 1 sends what it is given, as before, unless Skip Payments Sent Before is on', async () => {
		const store = new ProcessedStore();
		await run(payments(2), { store, typeVersion: 1 });
		await run(payments(2), { store, typeVersion: 1 });
		expect(received()).toEqual(['tx-0', 'tx-1', 'tx-0', 'tx-1']);
		expect(store.calls).toEqual([]);
		simulator().reset();
		await run(payments(2), { store, typeVersion: 1, options: { skipSentBefore: true } });
		await run(payments(2), { store, typeVersion: 1, options: { skipSentBefore: true } });
		expect(received()).toEqual(['tx-0', 'tx-1']);
	});

	test.each([
		['a date mapped to today', { date: '2025-03-10' }],
		['a date given as a date-time', { date: '2025-03-09T12:00:00Z' }],
		[
			'an invoiceId added beside the invoiceNumber',
			{ invoiceId: 'b2d7c9a0-1111-4e2a-9c3b-000000000001' },
		],
		['another amount', { amount: 999 }],
	])(
		'the same ID with other content (%s) is refused before anything is sent, naming the item and the ways out',
		async (_case, changed) => {
			const store = new ProcessedStore();
			await run([payment(0), payment(1)], { store });
			const second = run([payment(0), payment(1, changed), payment(2)], { store });
			await expect(second).rejects.toMatchObject({
				message: 'Item 1: payment tx-1 differs from the one this workflow sent before',
				description: expect.stringMatching(
					/with other content.*Correction.*Forget Sent.*Nothing was sent to Amili/,
				),
			});
			expect(received()).toEqual(['tx-0', 'tx-1']);
			// Nothing of the refused run stays claimed: tx-2 goes with the next run.
			await run([payment(2)], { store });
			expect(received()).toEqual(['tx-0', 'tx-1', 'tx-2']);
		},
	);

	test('Continue On Fail: the changed payment is an error item, the new ones are sent', async () => {
		const store = new ProcessedStore();
		await run([payment(0)], { store });
		const second = await run([payment(0, { amount: 5 }), payment(1)], {
			store,
			continueOnFail: true,
			options: { output: 'items' },
		});
		expect(received()).toEqual(['tx-0', 'tx-1']);
		expect(second.output[0].json).toMatchObject({
			error: 'Item 0: payment tx-0 differs from the one this workflow sent before',
			details: { outcome: 'conflict', uniqueSourcePaymentId: 'tx-0' },
		});
		expect(second.output[1].json).toMatchObject({ accepted: true });
		// Refused again on the next run: the rule holds across runs, not once.
		const third = await run([payment(0, { amount: 5 })], { store, continueOnFail: true });
		expect(third.output[0].json.details).toMatchObject({ outcome: 'conflict' });
		expect(received()).toEqual(['tx-0', 'tx-1']);
	});

	test('one rule within a run: an exact repeat is that payment, sent once; other content is refused', async () => {
		const store = new ProcessedStore();
		const first = await run([payment(0), payment(1), payment(0, { description: 'again' })], {
			store,
			options: { output: 'items' },
		});
		expect(received()).toEqual(['tx-0', 'tx-1']);
		expect(first.output[2].json).toMatchObject({
			skipped: true,
			outcome: 'duplicate',
			reason: 'Not sent twice: the same payment as item 0 of this run, which carries it.',
		});
		expect(first.hints[0]).toBe(
			'1 item repeats an earlier item exactly: the same payment, sent once. Items 2 (as 0).',
		);
		await expect(run([payment(5), payment(5, { amount: 1 })], { store })).rejects.toMatchObject({
			message: expect.stringMatching(
				/^Item 1: "uniqueSourcePaymentId" "tx-5" is already used by item 0/,
			),
		});
		// Version 1 refuses any repeat, as it always did.
		await expect(
			run([payment(7), payment(7)], { store, typeVersion: 1, options: { skipSentBefore: false } }),
		).rejects.toThrow(/already used by item 0/);
		expect(received()).toEqual(['tx-0', 'tx-1']);
	});

	test('a changed description is the same payment: not sent again', async () => {
		const store = new ProcessedStore();
		await run([payment(0, { description: 'first' })], { store });
		const second = await run([payment(0, { description: 'edited' })], {
			store,
			options: { output: 'items' },
		});
		expect(second.output[0].json).toMatchObject({ skipped: true, outcome: 'sentBefore' });
		expect(received()).toEqual(['tx-0']);
	});

	test('staging, then production with the same organization: each environment has its own memory', async () => {
		const store = new ProcessedStore();
		const staging = simulator().apiBaseUrl.replace('127.0.0.1', 'localhost');
		await run(payments(2), { store, apiBaseUrl: staging });
		await run(payments(2), { store });
		expect(received()).toEqual(['tx-0', 'tx-1', 'tx-0', 'tx-1']);
	});

	test('a 422 on batch 2 of 4 stops the run; running again sends each payment exactly once', async () => {
		const store = new ProcessedStore();
		simulator().addFault({ route: 'createPayments', delayMs: 0 });
		simulator().addFault({ route: 'createPayments', status: 422, body: { message: 'refused' } });
		const options = { batchSize: 2, parallelRequests: 1 };
		await expect(run(payments(8), { store, options })).rejects.toThrow();
		expect(received()).toEqual(['tx-0', 'tx-1']);
		await run(payments(8), { store, options });
		expect(received().sort()).toEqual(payments(8).map((p) => p.json.uniqueSourcePaymentId));
		expect(simulator().duplicatePaymentIds(ORG)).toEqual([]);
	});

	test('the stop error says a rerun skips the accepted batches by itself', async () => {
		const store = new ProcessedStore();
		simulator().addFault({ route: 'createPayments', delayMs: 0 });
		simulator().addFault({ route: 'createPayments', status: 422, body: { message: 'refused' } });
		const failed = run(payments(4), { store, options: { batchSize: 2, parallelRequests: 1 } });
		await expect(failed).rejects.toMatchObject({
			description: expect.stringMatching(
				/This workflow remembers their payments: running it again, or n8n's Retry, does not send them again/,
			),
		});
	});

	test('a lost answer (outcome unknown) is never sent again and never quiet: each later run reports it, as an error once all else is sent, until Mark as Registered settles it', async () => {
		const store = new ProcessedStore();
		simulator().addFault({ route: 'createPayments', reset: 'after-processing' });
		const first = await run(payments(2), {
			store,
			continueOnFail: true,
			options: { output: 'items' },
		});
		expect(
			first.output.map((item) => (item.json.details as { outcome?: string })?.outcome),
		).toEqual(['unknown', 'unknown']);
		// Without Continue On Fail: the new payment is sent, then the run ends as an error naming both
		// IDs and the two ways out; n8n's log has it too.
		const warnings: string[] = [];
		await expect(run(payments(3), { store, warnings })).rejects.toMatchObject({
			message: 'This workflow has 2 payments of unknown outcome, not sent again: tx-0, tx-1',
			description: expect.stringMatching(
				/Mark as Registered.*Forget Sent[^]*Already accepted by Amili in this run: /,
			),
		});
		expect(received()).toEqual(['tx-0', 'tx-1', 'tx-2']);
		expect(warnings).toEqual([expect.stringMatching(/2 payments of unknown outcome.*tx-0, tx-1/)]);
		// With Continue On Fail (the error output too), One Item per Batch: each is an error item.
		const third = await run(payments(3), { store, continueOnFail: true });
		expect(
			third.output.map((item) => [
				item.json.error ?? 'batch',
				(item.json.details as { outcome?: string } | undefined)?.outcome,
			]),
		).toEqual([
			['Item 0: payment tx-0 has an unknown outcome', 'unknown'],
			['Item 1: payment tx-1 has an unknown outcome', 'unknown'],
		]);
		expect(third.hints).toContainEqual(
			expect.stringMatching(/^2 payments not sent again, whose outcome is unknown/),
		);
		// Checked at Amili, which has both: marked, they are sent before and no longer reported.
		const marked = await operations.markRegistered.execute.call(
			executeContext(simulator(), {
				items: payments(2),
				store,
				typeVersion: 2,
				parameters: { organizationId: ORG, mappingMode: 'autoMapInputData' },
			}),
		);
		expect(marked.map((item) => [item.json.uniqueSourcePaymentId, item.json.before])).toEqual([
			['tx-0', 'unknown'],
			['tx-1', 'unknown'],
		]);
		const settled = await run(payments(3), { store, options: { output: 'items' } });
		expect(settled.output.map((item) => item.json.outcome)).toEqual([
			'sentBefore',
			'sentBefore',
			'sentBefore',
		]);
		expect(received()).toEqual(['tx-0', 'tx-1', 'tx-2']);
	});

	test('a run that stopped after claiming, before Amili answered: later runs say unknown, never send it', async () => {
		const store = new ProcessedStore();
		// The claim is written, then the process dies: the request never returns.
		simulator().addFault({ route: 'createPayments', delayMs: 60_000 });
		const killed = run(payments(2), { store, options: { timeout: 100, output: 'items' } });
		await expect(killed).rejects.toThrow();
		const later = await run(payments(2), { store, continueOnFail: true });
		expect(later.output.map((item) => (item.json.details as { outcome: string }).outcome)).toEqual([
			'unknown',
			'unknown',
		]);
		await expect(run(payments(2), { store })).rejects.toThrow(/2 payments of unknown outcome/);
	});

	test('Mark as Registered, going live on a source with history: rows Amili has are never sent; one remembered with other content is refused', async () => {
		const store = new ProcessedStore();
		await run([payment(0)], { store });
		const marked = await operations.markRegistered.execute.call(
			executeContext(simulator(), {
				items: [payment(0, { amount: 1 }), payment(1), payment(2), payment(2)],
				store,
				typeVersion: 2,
				continueOnFail: true,
				parameters: { organizationId: ORG, mappingMode: 'autoMapInputData' },
			}),
		);
		expect(marked.map((item) => item.json.before ?? item.json.error)).toEqual([
			'Item 0: payment tx-0 differs from the one this workflow sent before',
			'new',
			'new',
			'new',
		]);
		const next = await run(payments(4), { store, options: { output: 'items' } });
		expect(next.output.map((item) => item.json.outcome ?? 'sent')).toEqual([
			'sentBefore',
			'sentBefore',
			'sentBefore',
			'sent',
		]);
		expect(received()).toEqual(['tx-0', 'tx-3']);
	});

	test('Continue On Fail: the payments Amili refused are released and sent by the next run', async () => {
		const store = new ProcessedStore();
		simulator().addFault({ route: 'createPayments', delayMs: 0 });
		simulator().addFault({ route: 'createPayments', status: 422, body: { message: 'refused' } });
		const options = { batchSize: 2, parallelRequests: 1, output: 'items' };
		await run(payments(6), { store, options, continueOnFail: true });
		expect(received()).toEqual(['tx-0', 'tx-1', 'tx-4', 'tx-5']);
		const second = await run(payments(6), { store, options });
		expect(received()).toEqual(['tx-0', 'tx-1', 'tx-4', 'tx-5', 'tx-2', 'tx-3']);
		expect(second.output.filter((item) => item.json.skipped)).toHaveLength(4);
	});

	test('Wait for Batch Result: a payment Amili failed in processing is released; the others stay', async () => {
		const store = new ProcessedStore();
		let invoiceMissing = true;
		simulator().failPaymentsMatching(
			(p) => invoiceMissing && p.uniqueSourcePaymentId === 'tx-1',
			'Invoice not found',
		);
		const options = { waitForResult: true, pollInterval: 0.1 };
		const first = await run(payments(3), { store, options });
		expect(first.output.map((item) => item.json.failed)).toEqual([false, true, false]);
		invoiceMissing = false; // the invoice is registered at Amili: the same payment can now go
		const second = await run(payments(3), { store, options });
		expect(second.output.map((item) => item.json.failed ?? item.json.outcome)).toEqual([
			'sentBefore',
			false,
			'sentBefore',
		]);
		expect(received()).toEqual(['tx-0', 'tx-1', 'tx-2', 'tx-1']);
	});

	test('Forget Sent, these records: the next run sends them again', async () => {
		const store = new ProcessedStore();
		await run(payments(3), { store });
		const forgotten = await forgetSent.execute.call(
			executeContext(simulator(), {
				items: [payment(1)],
				store,
				typeVersion: 2,
				parameters: { organizationId: ORG, forget: 'records', mappingMode: 'autoMapInputData' },
			}),
		);
		expect(forgotten).toEqual([
			{
				json: expect.objectContaining({ uniqueSourcePaymentId: 'tx-1', forgotten: true }),
				pairedItem: { item: 0 },
			},
		]);
		await run(payments(3), { store });
		expect(received()).toEqual(['tx-0', 'tx-1', 'tx-2', 'tx-1']);
	});

	test('Forget Sent by ID alone: says which were remembered; the next run sends those again', async () => {
		const store = new ProcessedStore();
		await run(payments(2), { store });
		const forgotten = await forgetSent.execute.call(
			executeContext(simulator(), {
				items: [
					{ json: { uniqueSourcePaymentId: ' tx-1 ' } },
					{ json: { uniqueSourcePaymentId: 'tx-9' } },
				],
				store,
				typeVersion: 2,
				parameters: { organizationId: ORG, forget: 'records', mappingMode: 'autoMapInputData' },
			}),
		);
		expect(forgotten.map((item) => item.json)).toEqual([
			{ uniqueSourcePaymentId: 'tx-1', forgotten: true },
			{
				uniqueSourcePaymentId: 'tx-9',
				forgotten: false,
				reason: expect.stringMatching(/did not remember payment tx-9.*nothing to forget/),
			},
		]);
		// Asking about tx-9 left nothing behind.
		await run([payment(9)], { store });
		await run(payments(2), { store });
		expect(received()).toEqual(['tx-0', 'tx-1', 'tx-9', 'tx-1']);
	});

	test('Batch → Wait for Completion releases the payments Amili failed: the next run sends them', async () => {
		const store = new ProcessedStore();
		let invoiceMissing = true;
		simulator().failPaymentsMatching(
			(p) => invoiceMissing && p.uniqueSourcePaymentId === 'tx-1',
			'Invoice not found',
		);
		const first = await run(payments(3), { store });
		const hints: NodeExecutionHint[] = [];
		await waitForCompletion.call(
			executeContext(simulator(), {
				store,
				hints,
				typeVersion: 2,
				parameters: {
					organizationId: ORG,
					resource: 'batch',
					operation: 'waitForCompletion',
					// What n8n's resource locator gives the node (extractValue).
					batchId: first.output[0].json.batchId,
					options: { pollInterval: 0.1 },
				},
			}),
			0,
		);
		expect(hints.map((h) => h.message)).toContainEqual(
			expect.stringMatching(/^1 payment that Amili failed in batch .* no longer remembered/),
		);
		invoiceMissing = false;
		await run(payments(3), { store });
		expect(received()).toEqual(['tx-0', 'tx-1', 'tx-2', 'tx-1']);
	});

	test('Forget Sent, everything: the next run sends everything again', async () => {
		const store = new ProcessedStore();
		await run(payments(3), { store });
		const forgotten = await forgetSent.execute.call(
			executeContext(simulator(), { store, parameters: { organizationId: ORG, forget: 'all' } }),
		);
		// 3 payments, 4 entries each: identity, content, accepted, the batch that holds it
		// (memory/memoryKeys.ts); nothing of the run's own.
		expect(forgotten[0].json).toEqual({ forgotten: 'all', entries: 12 });
		await run(payments(3), { store });
		expect(received()).toHaveLength(6);
	});

	test('no memory to use (an unsaved workflow): nothing is sent, and the error says how to go on', async () => {
		const store = new ProcessedStore();
		await expect(run(payments(1), { store, workflowId: null })).rejects.toMatchObject({
			message: expect.stringMatching(
				/^Nothing was sent to Amili: Skip Payments Sent Before is on, but this workflow is not saved yet/,
			),
			description: expect.stringMatching(/Save the workflow.*turn off Skip Payments Sent Before/),
		});
		expect(received()).toEqual([]);
		await run(payments(1), { store, workflowId: null, options: { skipSentBefore: false } });
		expect(received()).toEqual(['tx-0']);
	});

	test('History Size counts payments: a run larger than it is refused before anything is sent', async () => {
		const store = new ProcessedStore();
		await expect(run(payments(6), { store, options: { historySize: 5 } })).rejects.toMatchObject({
			message: expect.stringMatching(/this run has 6 payments, more than History Size \(5\)/),
		});
		expect(received()).toEqual([]);
	});

	test("History Size: when full the oldest are forgotten first; the warning reaches the hint and n8n's log", async () => {
		const store = new ProcessedStore();
		const options = { historySize: 5 };
		const warnings: string[] = [];
		const first = await run(payments(5), { store, options, warnings });
		expect(first.hints).toContainEqual(
			expect.stringMatching(/memory of sent payments is 100% full \(History Size 5\)/),
		);
		expect(warnings).toEqual([expect.stringMatching(/100% full/)]);
		await run([payment(5), payment(6)], { store, options });
		await run([payment(7), payment(8)], { store, options });
		await run(payments(5), { store, options });
		// The oldest (tx-0 … tx-2) were forgotten to make room, so sent again; tx-3 and tx-4 were not
		// (never one of the last five claimed, tx-4 … tx-8; tx-3 there was still room for).
		expect(received()).toEqual([
			...['tx-0', 'tx-1', 'tx-2', 'tx-3', 'tx-4', 'tx-5', 'tx-6', 'tx-7', 'tx-8'],
			...['tx-0', 'tx-1', 'tx-2'],
		]);
	});

	test('a source re-read every run, larger than what History Size leaves room for: what it still lists never ages out', async () => {
		const store = new ProcessedStore();
		const options = { historySize: 5 };
		// tx-0 … tx-2 stay in the source; each night adds one new payment, the last night's drops off.
		for (let night = 3; night < 10; night++)
			await run([payment(0), payment(1), payment(2), payment(night)], { store, options });
		expect(received()).toEqual([
			'tx-0',
			'tx-1',
			'tx-2',
			...[3, 4, 5, 6, 7, 8, 9].map((i) => `tx-${i}`),
		]);
	});

	test('the refresh of records met again goes in a fixed order, each in its turn: 1,000 met again, 500 a run', async () => {
		const store = new ProcessedStore();
		const staticData: IDataObject = {};
		const options = { historySize: 1000, batchSize: 1000 };
		const all = payments(1000);
		await run(all, { store, options, staticData });
		const idKey = (i: number) =>
			memoryKeys(
				{ environment: simulator().apiBaseUrl, organizationId: ORG, plural: 'payments' },
				['uniqueSourcePaymentId'],
				all[i].json,
			).ids[0];
		const position = (i: number) => store.rows.get('workflow')?.indexOf(md5(idKey(i))) ?? -1;
		const before = all.map((_, i) => position(i));
		await run(all, { store, options, staticData });
		const moved = all.map((_, i) => position(i) > before[i]);
		expect(moved.filter(Boolean)).toHaveLength(500);
		expect(staticData.amiliRefreshCursor).toEqual(
			expect.stringContaining('uniqueSourcePaymentId='),
		);
		const afterSecond = all.map((_, i) => position(i));
		await run(all, { store, options, staticData });
		// The third run refreshes exactly the other half: every record had its turn within two runs.
		const movedThird = all.map((_, i) => position(i) > afterSecond[i]);
		expect(movedThird.filter(Boolean)).toHaveLength(500);
		expect(all.every((_, i) => moved[i] !== movedThird[i])).toBe(true);
		expect(received()).toHaveLength(1000);
	});

	test('the sender learns its own outcomes: the next run reads the batches it did not wait for, releases what Amili failed by name, and sends it', async () => {
		const store = new ProcessedStore();
		const staticData: IDataObject = {};
		let fixed = false;
		simulator().failPaymentsMatching(
			(p) => !fixed && ['tx-1', 'tx-9'].includes(p.uniqueSourcePaymentId),
		);
		await run(payments(3), { store, staticData });
		expect(staticData.amiliPendingBatches).toEqual([
			expect.objectContaining({ organizationId: ORG }),
		]);
		fixed = true;
		const next = await run(payments(3), { store, staticData });
		expect(received()).toEqual(['tx-0', 'tx-1', 'tx-2', 'tx-1']);
		expect(next.hints).toContainEqual(
			expect.stringMatching(/^1 payment that Amili failed in batch .* no longer remembered.*tx-1/),
		);
		// Read once: only this run's own batch is pending now, and a third run sends nothing.
		expect(staticData.amiliPendingBatches).toHaveLength(1);
		await run(payments(3), { store, staticData });
		expect(received()).toHaveLength(4);
		// Where n8n keeps no static data (a manual run's is not saved), nothing is read later.
		fixed = false;
		await run([payment(9)], { store, staticData: {} });
		fixed = true;
		await run([payment(9)], { store, staticData: {} });
		expect(received()).toEqual(['tx-0', 'tx-1', 'tx-2', 'tx-1', 'tx-9']);
	});

	test('two runs of one workflow at once in one n8n process never both send a payment', async () => {
		// The store pauses between its read and its write, as n8n's database does.
		const store = new ProcessedStore(20);
		await Promise.all([
			run(payments(4), { store }),
			run(payments(6).slice(2), { store }),
			run(payments(6), { store }),
		]);
		expect(received().sort()).toEqual(payments(6).map((p) => p.json.uniqueSourcePaymentId));
		// The 6 payments, 4 entries each; nothing of the runs' own.
		expect(store.rows.get('workflow')).toHaveLength(24);
	});

	test('another n8n process overwrote the claim (queue mode): repaired at the end, and a hint says which to check', async () => {
		const store = new ProcessedStore();
		const claim = store.checkProcessedAndRecord.bind(store);
		let first = true;
		store.checkProcessedAndRecord = async (items, scope, options) => {
			const before = [...(store.rows.get(scope) ?? [])];
			const result = await claim(items, scope, options);
			// A worker that read the row before this claim writes it back after: the claim is gone.
			if (first) store.rows.set(scope, before);
			first = false;
			return result;
		};
		const { hints } = await run(payments(2), { store });
		expect(hints).toContainEqual(
			expect.stringMatching(
				/Another execution of this workflow.*Check these at Amili by uniqueSourcePaymentId: tx-0, tx-1\./,
			),
		);
		// Repaired: a later run skips them.
		await run(payments(2), { store: Object.assign(store, { checkProcessedAndRecord: claim }) });
		expect(received()).toEqual(['tx-0', 'tx-1']);
	});

	test('one process, one run at a time: no such hint', async () => {
		const store = new ProcessedStore();
		const { hints } = await run(payments(2), { store });
		expect(hints.some((h) => /Another execution/.test(h))).toBe(false);
	});

	test('the memory cannot be read: nothing is sent, and the error says so', async () => {
		const store = new ProcessedStore();
		store.checkProcessedAndRecord = async () => {
			throw new Error('SQLITE_BUSY: database is locked');
		};
		await expect(run(payments(2), { store })).rejects.toMatchObject({
			message: expect.stringMatching(/Could not read this workflow's memory.*SQLITE_BUSY/),
			description: expect.stringMatching(/^Nothing was sent to Amili/),
		});
		expect(received()).toEqual([]);
	});
});

describe('memoryKeys', () => {
	const at = (environment: string, organizationId = ORG) => ({
		environment,
		organizationId,
		plural: 'payments',
	});
	const PROD = 'https://api.amili.no/collection/v1';
	const ids = ['uniqueSourcePaymentId'];
	const pay = { uniqueSourcePaymentId: 'P-1', amount: 1, currency: 'NOK', description: 'a' };

	test('the identity is environment, organization, kind and ID; the content leaves out the description', () => {
		const a = memoryKeys(at(PROD), ids, pay);
		expect(memoryKeys(at(PROD, ORG.toUpperCase()), ids, { ...pay, description: 'b' })).toEqual(a);
		expect(memoryKeys(at(PROD), ids, { ...pay, amount: 2 }).ids).toEqual(a.ids);
		expect(memoryKeys(at(PROD), ids, { ...pay, amount: 2 }).content).not.toBe(a.content);
		expect(memoryKeys(at(`${PROD}/`.replace('api.', 'api.staging.')), ids, pay).ids).not.toEqual(
			a.ids,
		);
		expect(memoryKeys({ ...at(PROD), plural: 'invoices' }, ids, pay).ids).not.toEqual(a.ids);
		expect(a.label).toBe('P-1');
	});

	test('without identity fields (corrections) the content is the identity: key order does not matter', () => {
		const a = memoryKeys(at(PROD), [], { list: [{ b: 1, a: 2 }], note: undefined });
		expect(memoryKeys(at(PROD), [], { list: [{ a: 2, b: 1 }] })).toEqual(a);
		expect(memoryKeys(at(PROD), [], { list: [{ a: 3, b: 1 }] }).ids).not.toEqual(a.ids);
	});
});

describe('Forget Sent for invoices, read as Create reads them', () => {
	test('an exact repeat of an item names the same invoice: both answer, nothing breaks', async () => {
		const { operations: invoiceOperations } =
			await import('../../nodes/Amili/actions/invoice/Invoice.resource');
		const invoice = {
			type: 'NOTICE',
			invoiceNumber: 'F-1',
			originalInvoiceAmount: 100,
			currency: 'NOK',
			invoiceDate: '2025-03-01',
			dueDate: '2025-03-15',
		};
		const forgotten = await invoiceOperations.forgetSent.execute.call(
			executeContext(simulator(), {
				items: [{ json: invoice }, { json: invoice }],
				typeVersion: 2,
				parameters: { organizationId: ORG, forget: 'records', mappingMode: 'autoMapInputData' },
			}),
		);
		expect(forgotten.map((item) => [item.json.invoiceNumber, item.json.forgotten])).toEqual([
			['F-1', false],
			['F-1', false],
		]);
	});
});
