import { randomUUID } from 'node:crypto';
import { type SimResponse, error, queryParam } from './http';
import { dateRange, equalsParam, listPage } from './listing';

/** Invoice and case statuses the simulator models. Only OPEN and PAUSED are seen in the docs;
 * WITHDRAWN (after POST …/withdraw) is our assumption. */
export type CollectionStatus = 'OPEN' | 'PAUSED' | 'WITHDRAWN';
export const COLLECTION_STATUSES: readonly CollectionStatus[] = ['OPEN', 'PAUSED', 'WITHDRAWN'];

/**
 * A case as GET /orgs/{orgId}/cases lists it. The item fields are not documented (docs/amili-api.md,
 * "List cases"); ours are the webhook case fields (docs/amili-api.md, "Webhook events") without
 * `orgId`, plus `customerNumber` and `createdAt`, which the CustomerNumber and
 * FromCreatedAt/ToCreatedAt filters imply.
 */
export interface Case {
	caseId: string;
	caseNumber: string;
	/** Only COLLECTION_NOTICE is seen in the docs. */
	type: string;
	status: string;
	invoices: string[];
	customerNumber: string | null;
	createdAt: string;
}

interface StoredCase extends Case {
	orgId: string;
	/** The invoice batch that opened the case: it is listed once that batch is terminal. */
	batchId?: string;
}

/** What the cases filters need to know about an invoice. */
export interface InvoiceFacts {
	invoiceNumber: string;
	uniqueSourceInvoiceId: string | null;
}

export class CaseStore {
	private cases: StoredCase[] = [];
	/** Case numbers count up from the docs' example 5000001, across organizations. */
	private nextNumber = 5000001;

	constructor(private readonly batchDone: (batchId: string) => boolean) {}

	add(orgId: string, partial: Partial<Case> = {}, batchId?: string): Case {
		const stored: StoredCase = {
			caseId: randomUUID(),
			caseNumber: String(this.nextNumber++),
			type: 'COLLECTION_NOTICE',
			status: 'OPEN',
			invoices: [],
			customerNumber: null,
			createdAt: new Date().toISOString(),
			...partial,
			orgId,
			...(batchId !== undefined ? { batchId } : {}),
		};
		this.cases.push(stored);
		return view(stored);
	}

	/** The visible cases of an organization, oldest first. */
	list(orgId: string): Case[] {
		return this.visible(orgId)
			.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
			.map(view);
	}

	setStatus(caseId: string, status: string): void {
		const found = this.cases.find((c) => c.caseId === caseId);
		if (found) found.status = status;
	}

	/** Every case (visible or not) with its organization, for /__sim/state. */
	all(orgId?: string): Array<Case & { orgId: string }> {
		return this.cases
			.filter((c) => orgId === undefined || c.orgId === orgId)
			.map((c) => ({ ...view(c), orgId: c.orgId }));
	}

	clear(): void {
		this.cases = [];
		this.nextNumber = 5000001;
	}

	private visible(orgId: string): StoredCase[] {
		return this.cases.filter(
			(c) =>
				c.orgId.toLowerCase() === orgId.toLowerCase() &&
				(c.batchId === undefined || this.batchDone(c.batchId)),
		);
	}
}

function view(c: StoredCase): Case {
	const { caseId, caseNumber, type, status, invoices, customerNumber, createdAt } = c;
	return { caseId, caseNumber, type, status, invoices: [...invoices], customerNumber, createdAt };
}

/**
 * GET /orgs/{orgId}/cases. Exact filters Status, Type, CaseNumber, CustomerNumber; UniqueSourceInvoiceId
 * matches a case holding such an invoice; FromCreatedAt/ToCreatedAt (inclusive). SearchTerm is not
 * documented: ours is a case-insensitive substring of the case number, customer number, or an
 * invoice's number or uniqueSourceInvoiceId.
 */
export function listCases(
	cases: Case[],
	invoice: (id: string) => InvoiceFacts | undefined,
	query: URLSearchParams,
): SimResponse {
	const status = queryParam(query, 'Status');
	if (
		status !== undefined &&
		status !== '' &&
		!(COLLECTION_STATUSES as readonly string[]).includes(status)
	) {
		return error(400, `Status must be one of ${COLLECTION_STATUSES.join(', ')}`);
	}
	const created = dateRange(query, 'FromCreatedAt', 'ToCreatedAt');
	if (typeof created !== 'function') return created;
	const exact = ['Status', 'Type', 'CaseNumber', 'CustomerNumber'].map((name) =>
		equalsParam(query, name),
	);
	const source = queryParam(query, 'UniqueSourceInvoiceId');
	const term = queryParam(query, 'SearchTerm')?.toLowerCase();
	const selected = cases.filter((c) => {
		const facts = c.invoices.map(invoice).filter((f) => f !== undefined);
		const [byStatus, byType, byNumber, byCustomer] = exact;
		if (
			!byStatus(c.status) ||
			!byType(c.type) ||
			!byNumber(c.caseNumber) ||
			!byCustomer(c.customerNumber)
		)
			return false;
		if (!created(c.createdAt)) return false;
		if (source && !facts.some((f) => f.uniqueSourceInvoiceId === source)) return false;
		if (!term) return true;
		const haystack = [
			c.caseNumber,
			c.customerNumber,
			...facts.flatMap((f) => [f.invoiceNumber, f.uniqueSourceInvoiceId]),
		];
		return haystack.some((s) => s?.toLowerCase().includes(term));
	});
	return listPage(selected, query);
}
