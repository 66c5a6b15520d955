import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { checkedOrganizationId } from '../helpers/organizationId';
import { amiliApiRequestPage, type ListRequest } from '../transport/paging';

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
	const organizationId = checkedOrganizationId(
		context.getNode(),
		context.getNodeParameter('organizationId', ''),
		{ purpose: `list its ${listing.plural}` },
	);
	const page = await amiliApiRequestPage.call(
		context,
		{
			path: `/orgs/${organizationId}${listing.path}`,
			qs: listing.qs,
			pagingCase: listing.pagingCase,
		},
		PAGE_SIZE,
		paginationToken,
	);
	const results = (page.records as Row[])
		.filter((row) => typeof row[listing.idField] === 'string')
		.map((row) => ({ name: listing.name(row), value: String(row[listing.idField]) }));
	return { results, paginationToken: page.nextPageToken };
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
