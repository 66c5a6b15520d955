import { randomUUID } from 'node:crypto';
import { isIsoDate } from './dates';
import { type SimResponse, error, queryParam } from './http';
import { listPage } from './listing';

/**
 * A settlement (docs/amili-api.md, "List settlements" and "Get a settlement"). The docs show
 * caseNumber, collectionType, currency, customerReference and exchangeRate; settlementId,
 * settlementDate, invoiceId, invoiceNumber come from the SETTLEMENT_CREATED webhook; `amount` is our
 * assumption (a settlement without one means little).
 */
export interface Settlement {
	settlementId: string;
	caseNumber: string;
	/** Only REMINDER is seen in the docs. */
	collectionType: string;
	currency: string;
	customerReference: string;
	exchangeRate: number;
	/** `YYYY-MM-DD`, as in the webhook example. */
	settlementDate: string;
	invoiceId: string;
	invoiceNumber: string;
	amount: number;
}

/** Settlements are made by Amili, never by the API client: tests add them with addSettlement(). */
export class SettlementStore {
	private settlements: Array<{ orgId: string; settlement: Settlement }> = [];

	add(orgId: string, partial: Partial<Settlement> = {}): Settlement {
		const settlement: Settlement = {
			settlementId: randomUUID(),
			caseNumber: '5000001',
			collectionType: 'REMINDER',
			currency: 'NOK',
			customerReference: `CUST-${this.settlements.length + 1}`,
			exchangeRate: 1,
			settlementDate: new Date().toISOString().slice(0, 10),
			invoiceId: randomUUID(),
			invoiceNumber: `INV-${this.settlements.length + 1}`,
			amount: 100,
			...partial,
		};
		this.settlements.push({ orgId, settlement });
		return { ...settlement };
	}

	get(orgId: string, settlementId: string): Settlement | undefined {
		const found = this.list(orgId).find(
			(s) => s.settlementId.toLowerCase() === settlementId.toLowerCase(),
		);
		return found && { ...found };
	}

	/** An organization's settlements by settlementDate, then in the order they were added. */
	list(orgId: string): Settlement[] {
		return this.all(orgId).sort((a, b) => a.settlementDate.localeCompare(b.settlementDate));
	}

	all(orgId?: string): Settlement[] {
		return this.settlements
			.filter((s) => orgId === undefined || s.orgId.toLowerCase() === orgId.toLowerCase())
			.map((s) => ({ ...s.settlement }));
	}

	clear(): void {
		this.settlements = [];
	}
}

/**
 * GET /orgs/{orgId}/settlements: `fromDate`/`toDate` (lower-case on this page; any casing accepted)
 * filter settlementDate inclusively. Their format is not documented: dates `YYYY-MM-DD` are our
 * assumption, matching the webhook's settlementDate.
 */
export function listSettlements(settlements: Settlement[], query: URLSearchParams): SimResponse {
	const from = queryParam(query, 'fromDate');
	const to = queryParam(query, 'toDate');
	for (const [name, value] of [
		['fromDate', from],
		['toDate', to],
	] as const) {
		if (value !== undefined && value !== '' && !isIsoDate(value))
			return error(400, `${name} must be a date YYYY-MM-DD`);
	}
	const selected = settlements.filter(
		(s) => (!from || s.settlementDate >= from) && (!to || s.settlementDate <= to),
	);
	return listPage(selected, query);
}
