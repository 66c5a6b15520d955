/** records/references.ts: the IDs a user gives (a batch as UUID or batchUrl, a record ID, the Organization ID). */
import { batchReference, organizationId, recordId } from '../../nodes/Amili/records/references';

const BATCH = 'ae257e86-dc53-4865-9c97-5b125a3a5ac2';
const ORG = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

describe('batchReference', () => {
	it.each([
		[BATCH, { id: BATCH }],
		[`  ${BATCH.toUpperCase()} `, { id: BATCH.toUpperCase() }],
		[`https://api.amili.no/collection/v1/batches/${BATCH}`, { id: BATCH }],
		[`https://api.staging.amili.no/collection/v1/batches/${BATCH}/`, { id: BATCH }],
		[`http://127.0.0.1:4010/collection/v1/batches/${BATCH}?x=1`, { id: BATCH }],
		[
			`https://api.amili.no/collection/v1/orgs/${ORG}/batches/${BATCH}`,
			{ id: BATCH, organizationId: ORG },
		],
	])('reads %s', (input, expected) => {
		expect(batchReference(input)).toEqual(expected);
	});

	it.each([
		['', /No batch/],
		[undefined, /No batch/],
		['not-a-batch', /neither a batch ID/],
		[`https://api.amili.no/collection/v1/invoices/${BATCH}`, /neither a batch ID/],
		[`/collection/v1/batches/${BATCH}`, /neither a batch ID/],
		['https://api.amili.no/collection/v1/batches/1234', /not a batch ID/],
		[`${BATCH}x`, /neither a batch ID/],
	])('refuses %s', (input, problem) => {
		const reference = batchReference(input);
		expect('problem' in reference && reference.problem).toMatch(problem);
	});
});

describe('recordId', () => {
	it('accepts a UUID and trims it', () => {
		expect(recordId(` ${BATCH} `, 'invoice')).toEqual({ id: BATCH });
	});
	it('names the record in its problem', () => {
		expect(recordId('', 'invoice')).toEqual({ problem: 'No invoice ID was given' });
		expect(recordId('INV-1', 'settlement')).toEqual({
			problem: 'The settlement ID "INV-1" is not a UUID',
		});
	});
});

describe('organizationId', () => {
	it('takes a UUID, trimmed, and refuses anything else with the value it saw', () => {
		expect(organizationId(` ${ORG} `)).toEqual({ id: ORG });
		expect(organizationId('acme')).toEqual({ problem: 'Organization ID "acme" is not a UUID' });
		expect(organizationId(undefined)).toEqual({ problem: 'Organization ID "" is not a UUID' });
	});
});
