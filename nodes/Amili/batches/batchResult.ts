import type { IDataObject } from 'n8n-workflow';

/**
 * Reading an Amili batch, whichever of the two documented shapes Amili answers with:
 * - newer: `status` is a string (QUEUED, SUCCESS, PARTIAL, FAILED), with `succeeded[]` and `failed[]`;
 * - older ("Get all batches"): `status` is an object `{ statuscode, errors[], responses[] }`, whose
 *   codes are not documented. We take it as final once `finishedAt` is set, and derive the state
 *   from its errors (none: SUCCESS; one per item: FAILED; else PARTIAL) — our assumption.
 */

export const FINAL_STATES: ReadonlySet<string> = new Set(['SUCCESS', 'PARTIAL', 'FAILED']);

export interface BatchResult {
	batchId: string;
	status: string;
	final: boolean;
	/** Amili gave the status; false where we derived it from the older shape's errors. */
	statusFromAmili: boolean;
	type?: string;
	organizationId?: string;
	createdAt?: string;
	finishedAt?: string | null;
	succeeded: IDataObject[];
	failed: IDataObject[];
}

function objects(value: unknown): IDataObject[] {
	return Array.isArray(value)
		? value.filter((entry): entry is IDataObject => typeof entry === 'object' && entry !== null)
		: [];
}

export function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The batch in an Amili answer (`{ summary, data }` or a bare batch), or undefined if there is none. */
export function readBatch(body: unknown): BatchResult | undefined {
	if (typeof body !== 'object' || body === null) return undefined;
	const envelope = body as IDataObject;
	const batch = (
		typeof envelope.data === 'object' && envelope.data !== null ? envelope.data : envelope
	) as IDataObject;
	const batchId = text(batch.batchId) ?? text(batch.id);
	if (!batchId) return undefined;

	const succeeded = objects(batch.succeeded);
	let failed = objects(batch.failed);
	let status: string;
	let final: boolean;
	const statusFromAmili = typeof batch.status === 'string';
	if (typeof batch.status === 'string') {
		status = batch.status.toUpperCase();
		final = FINAL_STATES.has(status);
	} else {
		const legacy = (
			typeof batch.status === 'object' && batch.status !== null ? batch.status : {}
		) as IDataObject;
		const errors = objects(legacy.errors);
		failed = failed.length > 0 ? failed : errors;
		final = Boolean(batch.finishedAt);
		const total = succeeded.length + errors.length;
		status = !final
			? 'QUEUED'
			: errors.length === 0
				? 'SUCCESS'
				: errors.length >= total
					? 'FAILED'
					: 'PARTIAL';
	}
	return {
		batchId,
		status,
		final,
		statusFromAmili,
		type: text(batch.type),
		organizationId: text(batch.organizationId) ?? text(batch.orgId),
		createdAt: text(batch.createdAt),
		finishedAt: text(batch.finishedAt) ?? null,
		succeeded,
		failed,
	};
}
