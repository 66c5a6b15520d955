/**
 * Never twice across runs (create/remember.ts, memory/), in-process against the simulator and an
 * in-memory copy of n8n's de-duplication store: what one run sent, a later run of the same workflow
 * skips and says so; what Amili did not register is released and sent by the next run; Forget Sent
 * releases on purpose. The same cases run in a real n8n in test/workflows/never-twice.test.ts.
 */
import type { INodeExecutionData, NodeExecutionHint } from 'n8n-workflow';

import { execute as createPayments } from '../../nodes/Amili/actions/payment/create.operation';
import { operations } from '../../nodes/Amili/actions/payment/Payment.resource';

const { forgetSent } = operations;
import { recordKey } from '../../nodes/Amili/memory/recordKey';
import { executeContext, ORG, useSimulator } from './in-process';
import { ProcessedStore } from './processed-store';

const simulator = useSimulator();

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
		expect(second.output[0].json.reason).toMatch(/Amili → Payment → Forget Sent/);
		expect(second.hints).toEqual([
			expect.stringMatching(/^Nothing new to send: 3 payments not sent again/),
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

	test('a payment whose content changed is sent again; an unchanged one is not', async () => {
		const store = new ProcessedStore();
		await run([payment(0), payment(1)], { store });
		await run([payment(0, { invoiceNumber: 'INV-0-FIXED' }), payment(1)], { store });
		expect(
			simulator()
				.receivedPayments(ORG)
				.map((p) => p.invoiceNumber),
		).toEqual(['INV-0', 'INV-1', 'INV-0-FIXED']);
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

	test('a lost answer (outcome unknown) stays remembered: the next run does not send it and says to check at Amili', async () => {
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
		const second = await run(payments(2), { store, options: { output: 'items' } });
		expect(received()).toEqual(['tx-0', 'tx-1']);
		expect(second.output[0].json.reason).toMatch(/outcome unknown.*checked at Amili.*Forget Sent/);
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

	test('Forget Sent, everything: the next run sends everything again', async () => {
		const store = new ProcessedStore();
		await run(payments(3), { store });
		const forgotten = await forgetSent.execute.call(
			executeContext(simulator(), { store, parameters: { organizationId: ORG, forget: 'all' } }),
		);
		// 3 payments and the run's own entry (memory/runMemory.ts, the mark).
		expect(forgotten[0].json).toEqual({ forgotten: 'all', entries: 4 });
		await run(payments(3), { store });
		expect(received()).toHaveLength(6);
	});

	test('an unsaved workflow has no memory: sent as today, and a hint says so', async () => {
		const store = new ProcessedStore();
		const first = await run(payments(1), { store, workflowId: null });
		await run(payments(1), { store, workflowId: null });
		expect(received()).toEqual(['tx-0', 'tx-0']);
		expect(store.calls).toEqual([]);
		expect(first.hints[0]).toMatch(/this workflow is not saved yet \(save it to be protected\)/);
	});

	test('History Size: the oldest are forgotten first, never an error; a hint warns when nearly full', async () => {
		const store = new ProcessedStore();
		// Each run remembers its payments and one entry of its own.
		const options = { historySize: 5 };
		const first = await run(payments(4), { store, options });
		expect(first.hints.some((h) => /remembers 5 of the 5 sent records/.test(h))).toBe(true);
		await run([payment(4), payment(5)], { store, options });
		await run(payments(6), { store, options });
		// tx-0 … tx-2 were the oldest: forgotten, so sent again; the others were remembered.
		expect(received()).toEqual([
			...['tx-0', 'tx-1', 'tx-2', 'tx-3', 'tx-4', 'tx-5'],
			...['tx-0', 'tx-1', 'tx-2'],
		]);
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
		// The 6 payments and one entry per run.
		expect(store.rows.get('workflow')).toHaveLength(9);
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

describe('recordKey', () => {
	test('the record as sent: field order and organization case do not matter, content does', () => {
		const a = recordKey('payments', ORG, { amount: 1, currency: 'NOK' });
		expect(recordKey('payments', ORG.toUpperCase(), { currency: 'NOK', amount: 1 })).toBe(a);
		expect(recordKey('payments', ORG, { amount: 2, currency: 'NOK' })).not.toBe(a);
		expect(recordKey('invoices', ORG, { amount: 1, currency: 'NOK' })).not.toBe(a);
		expect(recordKey('payments', ORG, { amount: 1, currency: 'NOK', note: undefined })).toBe(a);
		expect(recordKey('payments', ORG, { list: [{ b: 1, a: 2 }] })).toBe(
			recordKey('payments', ORG, { list: [{ a: 2, b: 1 }] }),
		);
	});
});
