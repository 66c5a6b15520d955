import type { IDataObject } from 'n8n-workflow';

/**
 * A batch with its `succeeded[]` and `failed[]` lists replaced by their counts: a batch of 10,000
 * invoices otherwise fills the canvas and the execution log with records the workflow rarely reads.
 */
export function simplifyBatch(batch: IDataObject): IDataObject {
	const { succeeded, failed, ...rest } = batch;
	return {
		...rest,
		succeededCount: Array.isArray(succeeded) ? succeeded.length : 0,
		failedCount: Array.isArray(failed) ? failed.length : 0,
	};
}

/** The record in Amili's `{ summary, data }` envelope, or the body itself when it has none. */
export function unwrapData(body: unknown): IDataObject {
	if (typeof body !== 'object' || body === null) return {};
	const data = (body as IDataObject).data;
	return typeof data === 'object' && data !== null && !Array.isArray(data)
		? (data as IDataObject)
		: (body as IDataObject);
}
