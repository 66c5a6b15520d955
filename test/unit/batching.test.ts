import fc from 'fast-check';

import { planBatches } from '../../nodes/Amili/create/batching';

const ORG_A = '7bc05553-4b68-44e8-b7bc-37be63c6d9e9';
const ORG_B = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

describe('planBatches', () => {
	test('splits one organization into batches of at most batchSize, in input order', () => {
		expect(planBatches([ORG_A, ORG_A, ORG_A, ORG_A, ORG_A], 2)).toEqual([
			{ organizationId: ORG_A, itemIndexes: [0, 1] },
			{ organizationId: ORG_A, itemIndexes: [2, 3] },
			{ organizationId: ORG_A, itemIndexes: [4] },
		]);
	});

	test('keeps organizations apart and skips items without one', () => {
		expect(planBatches([ORG_A, ORG_B, undefined, ORG_A, ORG_B, ORG_B], 10)).toEqual([
			{ organizationId: ORG_A, itemIndexes: [0, 3] },
			{ organizationId: ORG_B, itemIndexes: [1, 4, 5] },
		]);
	});

	test('batchSize 1 gives one batch per item; no items gives no batches', () => {
		expect(planBatches([ORG_A, ORG_A], 1).map((b) => b.itemIndexes)).toEqual([[0], [1]]);
		expect(planBatches([], 5)).toEqual([]);
		expect(planBatches([undefined, undefined], 5)).toEqual([]);
	});

	test('property: every index once, in order within an org, no batch above batchSize, one org per batch', () => {
		fc.assert(
			fc.property(
				fc.array(fc.option(fc.constantFrom('o1', 'o2', 'o3'), { nil: undefined }), {
					maxLength: 300,
				}),
				fc.integer({ min: 1, max: 50 }),
				(orgs, batchSize) => {
					const batches = planBatches(orgs, batchSize);
					const seen: number[] = [];
					for (const batch of batches) {
						expect(batch.itemIndexes.length).toBeGreaterThan(0);
						expect(batch.itemIndexes.length).toBeLessThanOrEqual(batchSize);
						for (const index of batch.itemIndexes) expect(orgs[index]).toBe(batch.organizationId);
						seen.push(...batch.itemIndexes);
					}
					const expectedIndexes = orgs.flatMap((org, index) => (org === undefined ? [] : [index]));
					expect([...seen].sort((a, b) => a - b)).toEqual(expectedIndexes);
					for (const org of new Set(orgs)) {
						if (org === undefined) continue;
						const own = batches.filter((b) => b.organizationId === org);
						const flat = own.flatMap((b) => b.itemIndexes);
						expect(flat).toEqual(expectedIndexes.filter((i) => orgs[i] === org));
						// only the last batch of an organization may be short
						own.slice(0, -1).forEach((b) => expect(b.itemIndexes).toHaveLength(batchSize));
					}
				},
			),
			{ numRuns: 500 },
		);
	});
});
