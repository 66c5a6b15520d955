import type { IDataObject } from 'n8n-workflow';

import { text, type BatchResult } from '../batches/batchResult';
import { reasonOf, type RecordOutcome } from '../batches/recordOutcomes';

/**
 * The one matcher of a finished payment batch to its payments (docs/payment-node.md → "The
 * ledger"): Create's Wait for Batch Result, Batch → Get and Batch → Wait for Completion all ask it,
 * and only what it calls `failed` may be released from this workflow's memory.
 *
 * Evidence that names a payment is what counts:
 * - a failed entry that names a `uniqueSourcePaymentId` is about that payment alone, whatever else it
 *   carries (a position, an invoice);
 * - a payment Amili lists in `succeeded` is never failed (listed in both: contradictory, unclear);
 * - the whole batch failed, in Amili's own `status` (not one we derived from the older shape): each
 *   payment of the batch failed — known only where the payments of the batch are known (Create);
 * - a failed entry that names no payment ID names one only through an invoice that exactly one
 *   payment of the batch not listed as succeeded was sent with, and only where the batch's payments
 *   are known; an invoice several such payments share, a position alone (`objectindex`: its base
 *   is not documented) or nothing at all leaves the payments it may concern `unclear`: kept, told.
 */

export type PaymentVerdict =
	| { state: 'registered' }
	| { state: 'failed'; reason: string }
	| { state: 'unclear'; reason: string };

export interface PaymentEvidence {
	/** ID → Amili's reason: failed entries that name the ID, which `succeeded` does not list. */
	failed: Map<string, string>;
	/** ID → Amili's `succeeded` entry. */
	registered: Map<string, IDataObject>;
	/** IDs Amili lists both as failed and as succeeded. */
	contradictory: Set<string>;
	/** Failed entries that name no payment ID. */
	unnamed: IDataObject[];
	/** Amili's own status says the whole batch FAILED. */
	wholeBatchFailed: boolean;
}

const PAYMENT_ID = 'uniqueSourcePaymentId';

/** What a finished batch says of payments by itself, without knowing what was sent in it. */
export function readPaymentEvidence(batch: BatchResult): PaymentEvidence {
	const registered = new Map<string, IDataObject>();
	for (const entry of batch.succeeded) {
		const id = text(entry[PAYMENT_ID]);
		if (id && !registered.has(id)) registered.set(id, entry);
	}
	const failed = new Map<string, string>();
	const contradictory = new Set<string>();
	const unnamed: IDataObject[] = [];
	for (const entry of batch.failed) {
		const id = text(entry[PAYMENT_ID]);
		if (!id) unnamed.push(entry);
		else if (registered.has(id)) contradictory.add(id);
		else if (!failed.has(id))
			failed.set(
				id,
				reasonOf(entry) ?? `Amili reports the payment as failed (batch ${batch.status})`,
			);
	}
	for (const id of contradictory) registered.delete(id);
	return {
		failed,
		registered,
		contradictory,
		unnamed,
		wholeBatchFailed: batch.status === 'FAILED' && batch.statusFromAmili,
	};
}

interface SubmittedPayment {
	uniqueSourcePaymentId: string;
	invoiceId?: string;
	invoiceNumber?: string;
}

const invoicesOf = (entry: { invoiceId?: unknown; invoiceNumber?: unknown }) =>
	[text(entry.invoiceId), text(entry.invoiceNumber)].filter(Boolean) as string[];

/** Each submitted payment's verdict, in submission order (Create's Wait for Batch Result). */
export function paymentVerdicts(
	batch: BatchResult,
	submitted: readonly SubmittedPayment[],
): PaymentVerdict[] {
	const evidence = readPaymentEvidence(batch);
	const verdicts = new Map<string, PaymentVerdict>();
	const open = submitted.filter((payment) => {
		const id = payment.uniqueSourcePaymentId;
		const reason = evidence.failed.get(id);
		if (reason !== undefined) verdicts.set(id, { state: 'failed', reason });
		else if (evidence.registered.has(id)) verdicts.set(id, { state: 'registered' });
		else if (evidence.contradictory.has(id))
			verdicts.set(id, {
				state: 'unclear',
				reason: `Amili lists this payment both as succeeded and as failed in batch ${batch.batchId}.`,
			});
		return !verdicts.has(id);
	});
	// Entries that name no ID: through an invoice only one open payment was sent with, else unclear.
	const unclear = new Set<SubmittedPayment>();
	for (const entry of evidence.unnamed) {
		const invoices = invoicesOf(entry);
		const onInvoice = open.filter((payment) =>
			invoicesOf(payment).some((invoice) => invoices.includes(invoice)),
		);
		if (onInvoice.length === 1 && !verdicts.has(onInvoice[0].uniqueSourcePaymentId))
			verdicts.set(onInvoice[0].uniqueSourcePaymentId, {
				state: 'failed',
				reason: reasonOf(entry) ?? `Amili reports a failure for invoice ${invoices.join(' / ')}`,
			});
		// An invoice none was sent with (Amili may name it otherwise) leaves every open payment unclear.
		else for (const payment of onInvoice.length > 0 ? onInvoice : open) unclear.add(payment);
	}
	return submitted.map((payment) => {
		const id = payment.uniqueSourcePaymentId;
		const verdict = verdicts.get(id);
		if (verdict) return verdict;
		if (unclear.has(payment))
			return {
				state: 'unclear',
				reason: `Amili reports a failure in batch ${batch.batchId} that names no payment ID (only ${describeUnnamed(evidence.unnamed)}): it may be this payment. It stays remembered as sent; check it at Amili.`,
			};
		if (evidence.wholeBatchFailed)
			return { state: 'failed', reason: 'The whole batch FAILED at Amili' };
		return { state: 'registered' };
	});
}

/** What unnamed failed entries do carry, e.g. `an invoice, a position`. */
export function describeUnnamed(entries: readonly IDataObject[]): string {
	const kinds = new Set(
		entries.map((entry) =>
			invoicesOf(entry).length > 0
				? 'an invoice'
				: typeof entry.objectindex === 'number'
					? 'a position, whose base Amili does not document'
					: 'a reason',
		),
	);
	return [...kinds].join(', ');
}

/** The verdicts as a Create run's record outcomes. */
export function paymentOutcomes(
	batch: BatchResult,
	submitted: readonly SubmittedPayment[],
): RecordOutcome[] {
	return paymentVerdicts(batch, submitted).map((verdict) => {
		if (verdict.state === 'registered') return { failed: false };
		return { failed: true, reason: verdict.reason, unclear: verdict.state === 'unclear' };
	});
}
