import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { organizationId as readOrganizationId } from '../records/references';
import { amiliApiRequest } from '../transport';
import type { ListRequest } from '../transport/paging';

/** The lists behind the "From List" pickers: one Amili page per scroll, named so a user can pick. */

const PAGE_SIZE = 50;

type Row = Record<string, unknown>;

interface Listing {
	/** Under `/orgs/{organizationId}`. */
	path: string;
	/** What the list holds, for the message asking for the Organization ID. */
	plural: string;
	qs?: IDataObject;
	/** Settlements spell their paging parameters in lower case (docs/amili-api.md, "List settlements"). */
	pagingCase?: ListRequest['pagingCase'];
	idField: string;
	name: (row: Row) => string;
}

/** One page of the organization's list, the rows with an ID as picker entries. */
async function listPage(
	context: ILoadOptionsFunctions,
	listing: Listing,
	paginationToken?: string,
): Promise<{ results: INodeListSearchItems[]; paginationToken?: string }> {
	// The same Organization ID rule as every operation; the message asks for it before listing.
	const reference = readOrganizationId(context.getNodeParameter('organizationId', ''));
	if (!('id' in reference)) {
		throw new NodeOperationError(
			context.getNode(),
			`Set Organization ID (a UUID) to list its ${listing.plural}`,
		);
	}
	const [size, token] =
		listing.pagingCase === 'camel' ? ['pageSize', 'pageToken'] : ['PageSize', 'PageToken'];
	const { body } = await amiliApiRequest.call(context, {
		method: 'GET',
		path: `/orgs/${reference.id}${listing.path}`,
		qs: { [size]: PAGE_SIZE, ...listing.qs, ...(paginationToken && { [token]: paginationToken }) },
		repeatable: true,
	});
	const page = (body ?? {}) as { data?: unknown; summary?: { nextPageToken?: unknown } };
	const rows = Array.isArray(page.data) ? (page.data as Row[]) : [];
	const results = rows
		.filter((row) => typeof row[listing.idField] === 'string')
		.map((row) => ({ name: listing.name(row), value: String(row[listing.idField]) }));
	const next = page.summary?.nextPageToken;
	return { results, paginationToken: typeof next === 'string' && next !== '' ? next : undefined };
}

/** Amili has no text search on these lists: the typed filter keeps the page's entries naming it. */
function matching(results: INodeListSearchItems[], filter?: string): INodeListSearchItems[] {
	const wanted = filter?.trim().toLowerCase();
	return wanted ? results.filter((result) => result.name.toLowerCase().includes(wanted)) : results;
}

/** The parts of a name that a record has, joined; absent ones are left out. */
function joined(...parts: unknown[]): string {
	return parts.filter((part) => typeof part === 'string' && part.trim() !== '').join(' · ');
}

function money(amount: unknown, currency: unknown): string | undefined {
	if (typeof amount !== 'number') return undefined;
	return typeof currency === 'string' ? `${amount} ${currency}` : String(amount);
}

const BATCHES: Listing = {
	path: '/batches',
	plural: 'batches',
	qs: { SortDirection: 'DESC' },
	idField: 'batchId',
	name: (batch) =>
		joined(
			`${String(batch.type ?? 'BATCH')} ${typeof batch.status === 'string' ? batch.status : 'UNKNOWN'}`,
			batch.createdAt,
			batch.batchId,
		),
};

const INVOICES: Listing = {
	path: '/invoices',
	plural: 'invoices',
	idField: 'id',
	name: (invoice) =>
		joined(
			typeof invoice.invoiceNumber === 'string' ? `Invoice ${invoice.invoiceNumber}` : 'Invoice',
			typeof invoice.customerNumber === 'string' ? `customer ${invoice.customerNumber}` : undefined,
			money(invoice.originalInvoiceAmount, invoice.currency),
			invoice.status,
			invoice.invoiceDate ?? invoice.createdAt,
		),
};

const SETTLEMENTS: Listing = {
	path: '/settlements',
	plural: 'settlements',
	pagingCase: 'camel',
	idField: 'settlementId',
	name: (settlement) =>
		joined(
			typeof settlement.settlementDate === 'string'
				? `Settlement ${settlement.settlementDate}`
				: 'Settlement',
			money(settlement.amount, settlement.currency),
			typeof settlement.invoiceNumber === 'string'
				? `invoice ${settlement.invoiceNumber}`
				: undefined,
			typeof settlement.caseNumber === 'string' ? `case ${settlement.caseNumber}` : undefined,
		),
};

/** The Batch locator's list: the organization's batches, newest first. */
export async function searchBatches(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = await listPage(this, BATCHES, paginationToken);
	return { ...page, results: matching(page.results, filter) };
}

/**
 * The Invoice locator's list. A typed filter is also asked of Amili as InvoiceNumber (an exact match
 * there), so an invoice number finds its invoice on any page; the loaded page is filtered as well,
 * for customer numbers, amounts and parts of numbers.
 */
export async function searchInvoices(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = await listPage(this, INVOICES, paginationToken);
	const wanted = filter?.trim();
	if (!wanted || paginationToken) return { ...page, results: matching(page.results, filter) };
	const exact = await listPage(this, { ...INVOICES, qs: { InvoiceNumber: wanted } });
	const seen = new Set(exact.results.map((result) => result.value));
	const rest = matching(page.results, filter).filter((result) => !seen.has(result.value));
	return { ...page, results: [...exact.results, ...rest] };
}

/** The Settlement locator's list, in Amili's order (the simulator's: by settlement date). */
export async function searchSettlements(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = await listPage(this, SETTLEMENTS, paginationToken);
	return { ...page, results: matching(page.results, filter) };
}
