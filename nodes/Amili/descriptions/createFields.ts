import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { createOptionsProperty, type CreateWording } from './createOptions';
import { FROM_VERSION_2, VERSION_1 } from '../versions';
import type { RecordField } from '../records/recordFields';

/**
 * The fields every asynchronous Create operation (payment, invoice, correction) shows around its
 * own record fields, written once so the three read and behave alike. Worded per record kind.
 */

const show = (mappingMode: string, version?: IDisplayOptions['show']) => ({
	show: { mappingMode: [mappingMode], ...version },
});

export function mappingModeProperty({
	singular,
	title,
	exampleFields,
}: CreateWording): INodeProperties {
	return {
		displayName: `Map ${title} Fields`,
		name: 'mappingMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Map Automatically',
				value: 'autoMapInputData',
				description: `Input fields already carry Amili's names (${exampleFields}, …)`,
			},
			{
				name: 'Map Each Field',
				value: 'defineBelow',
				description: `Set each ${singular} field, with an expression where it comes from the input`,
			},
			{
				name: 'JSON',
				value: 'json',
				description: `Build the whole ${singular} object with an expression`,
			},
		],
		default: 'autoMapInputData',
	};
}

/**
 * The mapping-mode-dependent fields: the auto-map hint; for Map Each Field, version 1's one
 * parameter per field (saved workflows hold their names and values) and from version 2 n8n's field
 * mapper, both built from the record kind's one field table; the JSON object.
 */
export function mappedFields(
	hint: string,
	fields: readonly RecordField[],
	resourceMapperMethod: string,
	json: INodeProperties,
): INodeProperties[] {
	return [
		{
			displayName: hint,
			name: 'autoMapNotice',
			type: 'notice',
			default: '',
			displayOptions: show('autoMapInputData'),
		},
		...fields.map((field) => ({
			...fieldParameter(field),
			displayOptions: show('defineBelow', VERSION_1),
		})),
		{
			displayName: 'Fields',
			name: 'columns',
			type: 'resourceMapper',
			noDataExpression: true,
			default: { mappingMode: 'defineBelow', value: null },
			required: true,
			typeOptions: {
				resourceMapper: {
					resourceMapperMethod,
					mode: 'add',
					fieldWords: { singular: 'field', plural: 'fields' },
					addAllFields: true,
					multiKeyMatch: false,
					supportAutoMap: false,
				},
			},
			displayOptions: show('defineBelow', FROM_VERSION_2),
		},
		{ ...json, displayOptions: show('json') },
	];
}

/** Version 1's Map Each Field parameter for one field, exactly as saved workflows know it. */
function fieldParameter({
	field,
	displayName,
	required,
	placeholder,
	description,
	v1Name,
	v1Default,
}: RecordField): INodeProperties {
	return {
		displayName,
		name: v1Name ?? field,
		type: 'string',
		default: '',
		...(v1Default !== undefined && { default: v1Default }),
		...(required && { required }),
		...(placeholder && { placeholder }),
		...(description && { description }),
	};
}

/** Which version 1 parameter gives which Amili field: the engine's reading of Map Each Field. */
export function fieldParameterOf(field: RecordField): { field: string; property: INodeProperties } {
	return { field: field.field, property: fieldParameter(field) };
}

/**
 * A resource's Create fields in the Amili node. The fields that read a record from an item also
 * serve Forget Sent with "These Records", so both read items alike and compute the same keys.
 */
export function createOperationDescription(
	resource: string,
	wording: CreateWording,
	recordProperties: INodeProperties[],
): INodeProperties[] {
	return [
		...updateDisplayOptions(
			{
				show: { resource: [resource], operation: ['create', 'forgetSent', 'markRegistered'] },
				hide: { forget: ['all'] },
			},
			recordProperties,
		),
		...updateDisplayOptions({ show: { resource: [resource], operation: ['create'] } }, [
			createOptionsProperty(wording),
		]),
	];
}
