import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { recordIdProperties } from '../descriptions/sharedFields';
import { organizationIdOf, recordIdOf } from './shared';

/**
 * The records an operation works on one at a time, picked From List or By ID (version 2) or typed
 * (version 1): what each one's field is called and where it lives, written once for every operation
 * that picks it (Get, Get Payments, the invoice actions).
 */
export interface PickedRecord {
	/** The resource's value in the Amili node, e.g. 'invoice'. */
	resource: string;
	/** The record's name as the panel shows it. */
	subject: 'Invoice' | 'Settlement';
	/** The ID's parameter, e.g. 'invoiceId'. */
	parameter: string;
	/** The resource locator's search (methods/listSearch.ts). */
	searchListMethod: string;
	/** The organization's list the record is in: `/orgs/{organizationId}/<plural>/{id}`. */
	plural: string;
}

export const INVOICE: PickedRecord = {
	resource: 'invoice',
	subject: 'Invoice',
	parameter: 'invoiceId',
	searchListMethod: 'searchInvoices',
	plural: 'invoices',
};

export const SETTLEMENT: PickedRecord = {
	resource: 'settlement',
	subject: 'Settlement',
	parameter: 'settlementId',
	searchListMethod: 'searchSettlements',
	plural: 'settlements',
};

/** The record's ID field(s): version 1's text field and version 2's locator, under one name. */
export function pickedRecordProperties(record: PickedRecord): INodeProperties[] {
	return recordIdProperties(record.parameter, record.subject, record.searchListMethod);
}

/** `/orgs/{organizationId}/<plural>/{id}` of the record the item picks, checked. */
export function pickedRecordPath(
	context: IExecuteFunctions,
	itemIndex: number,
	record: PickedRecord,
): { path: string; id: string } {
	const organizationId = organizationIdOf(context, itemIndex);
	const id = recordIdOf(context, itemIndex, record.parameter, record.subject.toLowerCase());
	return { path: `/orgs/${organizationId}/${record.plural}/${id}`, id };
}
