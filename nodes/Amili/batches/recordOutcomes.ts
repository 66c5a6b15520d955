import type { IDataObject } from 'n8n-workflow';

import type { BatchResult } from './batchResult';

/**
 * What became of each record of a finished batch, matched back to the record submitted. Amili shows
 * the shape of `succeeded[]` items only in part (invoiceId, invoiceNumber, caseId…) and of
 * `failed[]` items not at all, so an entry is matched by the record's key, or by its index in the
 * request (older shape: `objectindex`). A record the batch does not mention shares the batch's
 * fate: failed only when the whole batch FAILED. One outcome shape for every record kind; each kind
 * chooses only which fields identify its records. Payments, which the memory releases on failure,
 * are matched by evidence alone (memory/paymentEvidence.ts).
 */

export interface RecordOutcome {
	failed: boolean;
	reason?: string;
	/** Failed by evidence that may not be about this record (memory/paymentEvidence.ts): kept, told. */
	unclear?: boolean;
	/** What Amili reports for a record that succeeded (e.g. the new invoiceId and caseId). */
	details?: IDataObject;
}

const WHOLE_BATCH_FAILED: RecordOutcome = {
	failed: true,
	reason: 'The whole batch FAILED at Amili',
};

export function reasonOf(entry: IDataObject): string | undefined {
	for (const key of ['reason', 'message', 'error', 'errorMessage']) {
		const value = entry[key];
		if (typeof value === 'string' && value) return value;
	}
	return undefined;
}

function indexEntries(entries: IDataObject[], keyFields: readonly string[]) {
	const byKey = new Map<string, IDataObject>();
	const byIndex = new Map<number, IDataObject>();
	for (const entry of entries) {
		for (const field of keyFields) {
			const value = entry[field];
			if (typeof value === 'string' && value !== '' && !byKey.has(`${field}\n${value}`))
				byKey.set(`${field}\n${value}`, entry);
		}
		if (typeof entry.objectindex === 'number') byIndex.set(entry.objectindex, entry);
	}
	return (record: Record<string, unknown>, index: number): IDataObject | undefined => {
		const byPosition = byIndex.get(index);
		if (byPosition) return byPosition;
		for (const field of keyFields) {
			const value = record[field];
			const entry = typeof value === 'string' ? byKey.get(`${field}\n${value}`) : undefined;
			if (entry) return entry;
		}
		return undefined;
	};
}

/** Invoices and corrections: the request index first (several corrections may share an invoice), then the keys. */
export function recordOutcomes(
	batch: BatchResult,
	submitted: ReadonlyArray<object>,
	keyFields: readonly string[],
): RecordOutcome[] {
	const failedEntry = indexEntries(batch.failed, keyFields);
	const succeededEntry = indexEntries(batch.succeeded, keyFields);
	return submitted.map((submittedRecord, index) => {
		const record = submittedRecord as Record<string, unknown>;
		const failed = failedEntry(record, index);
		if (failed)
			return {
				failed: true,
				reason: reasonOf(failed) ?? `Amili reports it as failed (batch ${batch.status})`,
			};
		const succeeded = succeededEntry(record, index);
		if (succeeded) return { failed: false, details: succeeded };
		if (batch.status === 'FAILED') return WHOLE_BATCH_FAILED;
		return { failed: false };
	});
}
