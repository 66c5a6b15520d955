/**
 * Which items travel together. Payments go in input order, grouped by organization (a request
 * carries one organization's payments), at most `batchSize` to a request.
 */

export interface PlannedBatch {
	organizationId: string;
	/** Input item indexes, in input order. */
	itemIndexes: number[];
}

export function planBatches(
	organizationIds: ReadonlyArray<string | undefined>,
	batchSize: number,
): PlannedBatch[] {
	const open = new Map<string, PlannedBatch>();
	const batches: PlannedBatch[] = [];
	organizationIds.forEach((organizationId, itemIndex) => {
		if (organizationId === undefined) return;
		let batch = open.get(organizationId);
		if (!batch || batch.itemIndexes.length >= batchSize) {
			batch = { organizationId, itemIndexes: [] };
			open.set(organizationId, batch);
			batches.push(batch);
		}
		batch.itemIndexes.push(itemIndex);
	});
	return batches;
}
