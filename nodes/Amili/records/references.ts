import { isUuid } from './values';

/**
 * Reading the IDs a user gives: a batch as its UUID or as the `batchUrl` Amili returns (docs/amili-api.md, "Batches":
 * `https://api.amili.no/collection/v1/batches/<uuid>`; the organization path
 * `…/orgs/<orgId>/batches/<uuid>` is accepted too). Pure, so it is unit-tested.
 */

export type Reference = { id: string; organizationId?: string } | { problem: string };

const BATCH_PATH = /\/(?:orgs\/([^/?#]+)\/)?batches\/([^/?#]+)\/?(?:[?#].*)?$/i;

export function batchReference(value: unknown): Reference {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') return { problem: 'No batch was given' };
	if (isUuid(text)) return { id: text };
	const match = BATCH_PATH.exec(text);
	if (!match || !/^https?:\/\//i.test(text)) {
		return {
			problem: `"${text}" is neither a batch ID (a UUID) nor a batch URL ending in /batches/<batch ID>`,
		};
	}
	const [, organizationId, id] = match;
	if (!isUuid(id))
		return { problem: `The batch URL "${text}" ends in "${id}", which is not a batch ID (a UUID)` };
	return organizationId === undefined ? { id } : { id, organizationId };
}

/** An Amili record ID (invoice, settlement): a UUID. */
export function recordId(value: unknown, what: string): Reference {
	const text = typeof value === 'string' ? value.trim() : '';
	if (isUuid(text)) return { id: text };
	return {
		problem: text === '' ? `No ${what} ID was given` : `The ${what} ID "${text}" is not a UUID`,
	};
}

export const ORGANIZATION_ID_FIX =
	"Give your organization's ID at Amili, e.g. 7bc05553-4b68-44e8-b7bc-37be63c6d9e9 (Amili shows it in its portal and in batchUrl links).";

/** The Organization ID parameter, the same rule for every node: a UUID. */
export function organizationId(value: unknown): Reference {
	const text = typeof value === 'string' ? value.trim() : '';
	if (isUuid(text)) return { id: text };
	return { problem: `Organization ID ${JSON.stringify(String(value ?? ''))} is not a UUID` };
}
