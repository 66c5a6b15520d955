import { createHash, randomUUID } from 'node:crypto';
import { COLLECTION_STATUSES, type CaseStore, type CollectionStatus } from './cases';
import { isDateOrDateTime } from './dates';
import { type SimResponse, error, queryParam } from './http';
import { dateRange, equalsParam, listPage } from './listing';
import {
	type BodyCheck,
	checkItemsBody,
	finiteNumber,
	isCurrency,
	isEnumName,
	nonEmptyString,
} from './validation';

/**
 * One invoice in POST /orgs/{orgId}/invoices (docs/amili-api.md, "Create invoices"). Only these
 * fields are visible in the docs, and the rest of the schema (debtor, address, lines…) is not, so
 * unknown extra fields are accepted and kept as sent. `customerNumber` is not visible either; the
 * CustomerNumber list filter implies it (our assumption).
 */
export interface InvoiceInput {
	type: string;
	invoiceNumber: string;
	vat?: boolean;
	fees?: boolean;
	originalInvoiceAmount: number;
	currency: string;
	invoiceDate: string;
	dueDate: string;
	collectionNoticeDate?: string | null;
	uniqueSourceInvoiceId?: string;
	description?: string;
	customerNumber?: string;
	[extra: string]: unknown;
}

/** An invoice as GET /orgs/{orgId}/invoices[/{invoiceId}] returns it. The docs show the fields up to
 * `createdAt`; echoing the posted visible fields after it (null when not sent) is our assumption. */
export interface Invoice {
	id: string;
	organization: { id: string; organizationNumber: string; name: string };
	invoiceNumber: string;
	collectionCaseNumber: string | null;
	type: string;
	status: CollectionStatus;
	createdAt: string;
	uniqueSourceInvoiceId: string | null;
	originalInvoiceAmount: number;
	currency: string;
	invoiceDate: string;
	dueDate: string;
	collectionNoticeDate: string | null;
	vat: boolean | null;
	fees: boolean | null;
	description: string | null;
	customerNumber: string | null;
}

/** Overrides seedInvoices accepts: any visible field, plus the status and creation time. */
export type SeedInvoice = Partial<InvoiceInput> & InvoiceState;

/** What only the simulator sets on a new invoice: posted invoices are OPEN, created now, by a batch. */
export interface InvoiceState {
	status?: CollectionStatus;
	createdAt?: string;
	/** The batch that created it: it is readable once that batch is terminal (seeded ones at once). */
	batchId?: string;
}

/** Which fields are required is not documented. Ours: what an invoice cannot mean anything without. */
export function checkInvoicesBody(body: unknown, orgId: string): BodyCheck<InvoiceInput> {
	return checkItemsBody<InvoiceInput>(body, orgId, {
		listField: 'invoices',
		checkItem: checkInvoice,
	});
}

function checkInvoice(i: Record<string, unknown>): Array<{ field: string; message: string }> {
	const errors: Array<{ field: string; message: string }> = [];
	const err = (field: string, message: string) => errors.push({ field, message });
	if (!isEnumName(i.type))
		err('type', 'must be an upper-case enum name such as NOTICE or PAYMENT_REMINDER');
	if (!nonEmptyString(i.invoiceNumber)) err('invoiceNumber', 'must be a non-empty string');
	for (const field of ['vat', 'fees'] as const) {
		if (i[field] !== undefined && typeof i[field] !== 'boolean') err(field, 'must be a boolean');
	}
	if (!finiteNumber(i.originalInvoiceAmount))
		err('originalInvoiceAmount', 'must be a finite number');
	if (!isCurrency(i.currency))
		err('currency', 'must be an ISO 4217 code of three upper-case letters');
	for (const field of ['invoiceDate', 'dueDate'] as const) {
		if (!isDateOrDateTime(i[field]))
			err(field, 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time');
	}
	if (
		i.collectionNoticeDate !== undefined &&
		i.collectionNoticeDate !== null &&
		!isDateOrDateTime(i.collectionNoticeDate)
	) {
		err('collectionNoticeDate', 'must be null, a date (YYYY-MM-DD) or an ISO 8601 date-time');
	}
	for (const field of ['uniqueSourceInvoiceId', 'customerNumber'] as const) {
		if (i[field] !== undefined && !nonEmptyString(i[field]))
			err(field, 'must be a non-empty string');
	}
	if (i.description !== undefined && typeof i.description !== 'string')
		err('description', 'must be a string');
	return errors;
}

interface StoredInvoice extends Invoice {
	orgId: string;
	caseId: string;
	batchId?: string;
}

/** Invoices, in memory. Every new invoice opens one case (our assumption: the docs' batch items carry
 * a caseId and invoices a collectionCaseNumber, but how invoices map to cases is not documented). */
export class InvoiceStore {
	private invoices: StoredInvoice[] = [];

	constructor(
		private readonly cases: CaseStore,
		private readonly batchDone: (batchId: string) => boolean,
	) {}

	/** Only the visible fields of `input` are read, so a posted extra field named `status` changes nothing. */
	add(
		orgId: string,
		input: Partial<InvoiceInput>,
		state: InvoiceState = {},
	): Invoice & { caseId: string } {
		const { batchId } = state;
		const id = randomUUID();
		const createdAt = state.createdAt ?? new Date().toISOString();
		const customerNumber = input.customerNumber ?? null;
		const opened = this.cases.add(orgId, { invoices: [id], customerNumber, createdAt }, batchId);
		const stored: StoredInvoice = {
			id,
			organization: organizationOf(orgId),
			invoiceNumber: input.invoiceNumber ?? `SIM-${opened.caseNumber}`,
			collectionCaseNumber: opened.caseNumber,
			type: input.type ?? 'PAYMENT_REMINDER',
			status: state.status ?? 'OPEN',
			createdAt,
			uniqueSourceInvoiceId: input.uniqueSourceInvoiceId ?? null,
			originalInvoiceAmount: input.originalInvoiceAmount ?? 1000,
			currency: input.currency ?? 'NOK',
			invoiceDate: input.invoiceDate ?? createdAt.slice(0, 10),
			dueDate: input.dueDate ?? createdAt.slice(0, 10),
			collectionNoticeDate: input.collectionNoticeDate ?? null,
			vat: input.vat ?? null,
			fees: input.fees ?? null,
			description: input.description ?? null,
			customerNumber,
			orgId,
			caseId: opened.caseId,
			...(batchId !== undefined ? { batchId } : {}),
		};
		if (stored.status !== 'OPEN') this.cases.setStatus(opened.caseId, stored.status);
		this.invoices.push(stored);
		return { ...view(stored), caseId: opened.caseId };
	}

	/** A readable invoice of the organization. */
	get(orgId: string, invoiceId: string): Invoice | undefined {
		const found = this.visible(orgId).find((i) => i.id.toLowerCase() === invoiceId.toLowerCase());
		return found && view(found);
	}

	/** The readable invoices of an organization, oldest first. */
	list(orgId: string): Invoice[] {
		return this.visible(orgId)
			.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
			.map(view);
	}

	/** Sets a readable invoice's status and its case's; returns the previous status. */
	setStatus(
		orgId: string,
		invoiceId: string,
		status: CollectionStatus,
	): CollectionStatus | undefined {
		const found = this.visible(orgId).find((i) => i.id.toLowerCase() === invoiceId.toLowerCase());
		if (!found) return undefined;
		const before = found.status;
		found.status = status;
		this.cases.setStatus(found.caseId, status);
		return before;
	}

	/** Every invoice (readable or not yet), for /__sim/state and the cases filters. */
	all(orgId?: string): Invoice[] {
		return this.invoices.filter((i) => orgId === undefined || i.orgId === orgId).map(view);
	}

	clear(): void {
		this.invoices = [];
	}

	private visible(orgId: string): StoredInvoice[] {
		return this.invoices.filter(
			(i) => sameId(i.orgId, orgId) && (i.batchId === undefined || this.batchDone(i.batchId)),
		);
	}
}

/**
 * GET /orgs/{orgId}/invoices: exact filters Status, Type, InvoiceNumber, UniqueSourceInvoiceId,
 * CustomerNumber; From/To on createdAt (formats not documented: a date or a date-time, inclusive).
 */
export function listInvoices(invoices: Invoice[], query: URLSearchParams): SimResponse {
	const status = queryParam(query, 'Status');
	if (
		status !== undefined &&
		status !== '' &&
		!(COLLECTION_STATUSES as readonly string[]).includes(status)
	) {
		return error(400, `Status must be one of ${COLLECTION_STATUSES.join(', ')}`);
	}
	const created = dateRange(query, 'From', 'To');
	if (typeof created !== 'function') return created;
	const [byStatus, byType, byNumber, bySource, byCustomer] = [
		'Status',
		'Type',
		'InvoiceNumber',
		'UniqueSourceInvoiceId',
		'CustomerNumber',
	].map((name) => equalsParam(query, name));
	const selected = invoices.filter(
		(i) =>
			byStatus(i.status) &&
			byType(i.type) &&
			byNumber(i.invoiceNumber) &&
			bySource(i.uniqueSourceInvoiceId) &&
			byCustomer(i.customerNumber) &&
			created(i.createdAt),
	);
	return listPage(selected, query);
}

/** The invoice's `organization` block. Amili knows the real number and name; the simulator derives a
 * stable 9-digit number and a name from the id (our assumption). */
export function organizationOf(orgId: string): Invoice['organization'] {
	const digits =
		BigInt(`0x${createHash('sha256').update(orgId.toLowerCase()).digest('hex').slice(0, 12)}`) %
		900_000_000n;
	return {
		id: orgId,
		organizationNumber: String(digits + 100_000_000n),
		name: `Simulated organization ${orgId.slice(0, 8)}`,
	};
}

/** The public fields only (no orgId, caseId, batchId), as a copy. */
function view(i: StoredInvoice): Invoice {
	return {
		id: i.id,
		organization: { ...i.organization },
		invoiceNumber: i.invoiceNumber,
		collectionCaseNumber: i.collectionCaseNumber,
		type: i.type,
		status: i.status,
		createdAt: i.createdAt,
		uniqueSourceInvoiceId: i.uniqueSourceInvoiceId,
		originalInvoiceAmount: i.originalInvoiceAmount,
		currency: i.currency,
		invoiceDate: i.invoiceDate,
		dueDate: i.dueDate,
		collectionNoticeDate: i.collectionNoticeDate,
		vat: i.vat,
		fees: i.fees,
		description: i.description,
		customerNumber: i.customerNumber,
	};
}

function sameId(a: string, b: string): boolean {
	return a.toLowerCase() === b.toLowerCase();
}
