/**
 * memory/paymentEvidence.ts, the one matcher of a finished payment batch to its payments: only
 * evidence that names a payment fails it; a position alone, an invoice several payments share or an
 * entry naming nothing leaves the payments it may concern unclear; `succeeded` is never failed.
 */
import fc from 'fast-check';

import type { BatchResult } from '../../nodes/Amili/batches/batchResult';
import { paymentVerdicts, readPaymentEvidence } from '../../nodes/Amili/memory/paymentEvidence';

const batch = (
	status: string,
	succeeded: object[],
	failed: object[],
	statusFromAmili = true,
): BatchResult => ({
	batchId: 'b-1',
	status,
	final: true,
	statusFromAmili,
	succeeded: succeeded as BatchResult['succeeded'],
	failed: failed as BatchResult['failed'],
});

const submitted = [
	{ uniqueSourcePaymentId: 'tx-1', invoiceNumber: 'A' },
	{ uniqueSourcePaymentId: 'tx-2', invoiceNumber: 'B' },
	{ uniqueSourcePaymentId: 'tx-3', invoiceNumber: 'B' },
];
const states = (verdicts: ReturnType<typeof paymentVerdicts>) => verdicts.map((v) => v.state);

describe('paymentVerdicts', () => {
	test('an entry naming an ID fails that payment alone, whatever position or invoice it carries', () => {
		const verdicts = paymentVerdicts(
			batch(
				'PARTIAL',
				[{ uniqueSourcePaymentId: 'tx-1' }, { uniqueSourcePaymentId: 'tx-2' }],
				[{ uniqueSourcePaymentId: 'tx-3', objectindex: 0, invoiceNumber: 'A', error: 'closed' }],
			),
			submitted,
		);
		expect(verdicts).toEqual([
			{ state: 'registered' },
			{ state: 'registered' },
			{ state: 'failed', reason: 'closed' },
		]);
	});

	test.each([
		['0-based', 0],
		['1-based', 1],
	])('a position alone (%s) fails nothing: the payments it may concern are unclear', (_, index) => {
		const verdicts = paymentVerdicts(
			batch('PARTIAL', [{ uniqueSourcePaymentId: 'tx-2' }], [{ objectindex: index }]),
			submitted,
		);
		expect(states(verdicts)).toEqual(['unclear', 'registered', 'unclear']);
		expect(verdicts[0]).toMatchObject({ reason: expect.stringMatching(/a position/) });
	});

	test('an invoice one payment was sent with names it; an invoice two share names neither', () => {
		expect(
			states(paymentVerdicts(batch('PARTIAL', [], [{ invoiceNumber: 'A' }]), submitted)),
		).toEqual(['failed', 'registered', 'registered']);
		expect(
			states(paymentVerdicts(batch('PARTIAL', [], [{ invoiceNumber: 'B' }]), submitted)),
		).toEqual(['registered', 'unclear', 'unclear']);
	});

	test('an entry naming nothing, or an invoice none was sent with, leaves every open payment unclear', () => {
		for (const entry of [{ reason: 'x' }, { invoiceNumber: 'Z' }])
			expect(
				states(
					paymentVerdicts(
						batch('PARTIAL', [{ uniqueSourcePaymentId: 'tx-1' }], [entry]),
						submitted,
					),
				),
			).toEqual(['registered', 'unclear', 'unclear']);
	});

	test('a payment listed as succeeded is never failed; listed as both it is unclear', () => {
		const verdicts = paymentVerdicts(
			batch(
				'FAILED',
				[{ uniqueSourcePaymentId: 'tx-1' }, { uniqueSourcePaymentId: 'tx-2' }],
				[{ uniqueSourcePaymentId: 'tx-2' }, { invoiceNumber: 'A' }],
			),
			submitted,
		);
		expect(states(verdicts)).toEqual(['registered', 'unclear', 'unclear']);
	});

	test("the whole batch fails its payments by Amili's own status, not by one we derived", () => {
		expect(states(paymentVerdicts(batch('FAILED', [], []), submitted))).toEqual([
			'failed',
			'failed',
			'failed',
		]);
		expect(states(paymentVerdicts(batch('FAILED', [], [], false), submitted))).toEqual([
			'registered',
			'registered',
			'registered',
		]);
	});
});

describe('readPaymentEvidence (Batch → Get: the payments sent are not known)', () => {
	test('names the failed IDs, keeps the unnamed entries apart, drops contradictions', () => {
		const evidence = readPaymentEvidence(
			batch(
				'PARTIAL',
				[{ uniqueSourcePaymentId: 'tx-1' }, { uniqueSourcePaymentId: 'tx-4' }],
				[
					{ uniqueSourcePaymentId: 'tx-2', reason: 'closed' },
					{ uniqueSourcePaymentId: 'tx-4' },
					{ objectindex: 3 },
				],
			),
		);
		expect([...evidence.failed]).toEqual([['tx-2', 'closed']]);
		expect([...evidence.registered.keys()]).toEqual(['tx-1']);
		expect([...evidence.contradictory]).toEqual(['tx-4']);
		expect(evidence.unnamed).toEqual([{ objectindex: 3 }]);
	});
});

describe('paymentVerdicts, for any batch', () => {
	const id = fc.constantFrom('tx-1', 'tx-2', 'tx-3', 'tx-4');
	const invoice = fc.constantFrom('A', 'B', 'C');
	const failedEntry = fc.oneof(
		fc.record({ uniqueSourcePaymentId: id }),
		fc.record({ uniqueSourcePaymentId: id, objectindex: fc.nat(4) }),
		fc.record({ invoiceNumber: invoice }),
		fc.record({ objectindex: fc.nat(4) }),
		fc.record({ reason: fc.constant('x') }),
	);
	const anyBatch = fc.record({
		status: fc.constantFrom('SUCCESS', 'PARTIAL', 'FAILED'),
		fromAmili: fc.boolean(),
		succeeded: fc.array(fc.record({ uniqueSourcePaymentId: id }), { maxLength: 4 }),
		failed: fc.array(failedEntry, { maxLength: 4 }),
	});
	const payments = fc.uniqueArray(
		fc.record({ uniqueSourcePaymentId: id, invoiceNumber: invoice }),
		{
			minLength: 1,
			maxLength: 4,
			selector: (p) => p.uniqueSourcePaymentId,
		},
	);

	test('fails a payment only on evidence that names it; never one Amili lists as succeeded', () => {
		fc.assert(
			fc.property(anyBatch, payments, (b, sent) => {
				const read = batch(b.status, b.succeeded, b.failed, b.fromAmili);
				const verdicts = paymentVerdicts(read, sent);
				const succeeded = new Set(b.succeeded.map((e) => e.uniqueSourcePaymentId));
				sent.forEach((payment, i) => {
					if (verdicts[i].state !== 'failed') return;
					const id = payment.uniqueSourcePaymentId;
					expect(succeeded.has(id)).toBe(false);
					const byId = b.failed.some(
						(e) => 'uniqueSourcePaymentId' in e && e.uniqueSourcePaymentId === id,
					);
					const byOwnInvoice = b.failed.some(
						(e) =>
							!('uniqueSourcePaymentId' in e) &&
							'invoiceNumber' in e &&
							e.invoiceNumber === payment.invoiceNumber &&
							sent.filter((other) => other.invoiceNumber === payment.invoiceNumber).length >= 1,
					);
					const wholeBatch = b.status === 'FAILED' && b.fromAmili;
					expect(byId || byOwnInvoice || wholeBatch).toBe(true);
				});
			}),
		);
	});
});
