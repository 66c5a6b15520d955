/**
 * methods/resourceMapping.ts: the field mapper's schema per record kind (node version 2), from the
 * same field tables as version 1's parameters and the records' own field lists; no request, no
 * credential.
 */
import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { Amili } from '../../nodes/Amili/Amili.node';
import * as resourceMapping from '../../nodes/Amili/methods/resourceMapping';
import { CORRECTION_FIELDS } from '../../nodes/Amili/records/corrections';
import { INVOICE_FIELDS } from '../../nodes/Amili/records/invoices';
import { PAYMENT_FIELDS } from '../../nodes/Amili/records/payments';

/** A load-options context that fails on anything but being there: the schema needs nothing. */
const noAccess = new Proxy(
	{},
	{
		get: (_target, name) => () => {
			throw new Error(`the schema method called this.${String(name)}`);
		},
	},
) as ILoadOptionsFunctions;

const fieldsOf = async (method: (this: ILoadOptionsFunctions) => Promise<ResourceMapperFields>) =>
	(await method.call(noAccess)).fields;

describe('the field mapper schema', () => {
	test.each([
		['getPaymentFields', PAYMENT_FIELDS],
		['getInvoiceFields', INVOICE_FIELDS],
		['getCorrectionFields', CORRECTION_FIELDS],
	] as const)(
		"%s lists every field of the record kind, by Amili's name, in order",
		async (method, fields) => {
			const schema = await fieldsOf(resourceMapping[method]);
			expect(schema.map((field) => field.id)).toEqual([...fields]);
			for (const field of schema) {
				expect(field).toMatchObject({ display: true, defaultMatch: false });
				expect(field.displayName).toMatch(/^[A-Z]/);
				expect(field.displayName).not.toBe(field.id);
			}
		},
	);

	test('payments: required fields marked, amount a number, dates text, Currency preset to NOK', async () => {
		const schema = await fieldsOf(resourceMapping.getPaymentFields);
		const byId = Object.fromEntries(schema.map((field) => [field.id, field]));
		expect(schema.filter((f) => f.required).map((f) => f.id)).toEqual([
			'uniqueSourcePaymentId',
			'amount',
			'currency',
			'date',
		]);
		expect(byId.amount.type).toBe('number');
		// n8n's date picker gives no zone, which our date rule refuses: dates are typed as text.
		expect(byId.date.type).toBe('string');
		expect(byId.currency.defaultValue).toBe('NOK');
		// Version 1's expression defaults are not presets: the user maps by dragging input fields.
		expect(byId.amount.defaultValue).toBeUndefined();
		expect(byId.type.displayName).toBe('Payment Type');
	});

	test('invoices and corrections: required fields marked, amounts numbers, presets NOTICE and NOK', async () => {
		const invoices = await fieldsOf(resourceMapping.getInvoiceFields);
		expect(invoices.filter((f) => f.required).map((f) => f.id)).toEqual([
			'type',
			'invoiceNumber',
			'originalInvoiceAmount',
			'currency',
			'invoiceDate',
			'dueDate',
		]);
		expect(invoices.filter((f) => f.type === 'number').map((f) => f.id)).toEqual([
			'originalInvoiceAmount',
		]);
		expect(invoices.find((f) => f.id === 'type')?.defaultValue).toBe('NOTICE');

		const corrections = await fieldsOf(resourceMapping.getCorrectionFields);
		expect(corrections.filter((f) => f.required).map((f) => f.id)).toEqual([
			'invoiceId',
			'amount',
			'currency',
			'date',
		]);
		expect(corrections.filter((f) => f.type === 'number').map((f) => f.id)).toEqual(['amount']);
	});
});

describe("version 1's Map Each Field parameters, from the same tables, as saved workflows know them", () => {
	const shown = (resource: string, version: 1 | 2) =>
		new Amili().description.properties.filter((p) => {
			const show = p.displayOptions?.show ?? {};
			return (
				(show.resource as string[] | undefined)?.includes(resource) &&
				(show.mappingMode as string[] | undefined)?.includes('defineBelow') &&
				(JSON.stringify(show['@version']) === '[1]') === (version === 1)
			);
		});

	test('invoices: names and defaults unchanged', () => {
		expect(Object.fromEntries(shown('invoice', 1).map((p) => [p.name, p.default]))).toEqual({
			invoiceType: 'NOTICE',
			invoiceNumber: '={{ $json.invoiceNumber }}',
			uniqueSourceInvoiceId: '',
			customerNumber: '',
			originalInvoiceAmount: '={{ $json.originalInvoiceAmount }}',
			currency: 'NOK',
			invoiceDate: '={{ $json.invoiceDate }}',
			dueDate: '={{ $json.dueDate }}',
			collectionNoticeDate: '',
			vat: '',
			fees: '',
			description: '',
		});
	});

	test('corrections: names and defaults unchanged', () => {
		expect(Object.fromEntries(shown('correction', 1).map((p) => [p.name, p.default]))).toEqual({
			correctionInvoiceId: '={{ $json.invoiceId }}',
			correctionAmount: '={{ $json.amount }}',
			currency: 'NOK',
			correctionDate: '={{ $json.date }}',
			description: '',
		});
	});

	test.each([
		['payment', 'getPaymentFields'],
		['invoice', 'getInvoiceFields'],
		['correction', 'getCorrectionFields'],
	])('%s → Create from version 2: only the mapper, from %s', (resource, method) => {
		const properties = shown(resource, 2);
		expect(
			properties.map((p) => [p.name, p.typeOptions?.resourceMapper?.resourceMapperMethod]),
		).toEqual([['columns', method]]);
	});
});
