/**
 * actions/resources.ts and each `<Resource>.resource.ts`: the list of operations is the one truth.
 * The Operation and Resource fields' options stay literals (n8n's lint rules read them there), so
 * these tests hold them against the lists: a forgotten or misspelt piece fails here instead of
 * hiding an operation or its fields in the editor.
 */
import type { INodeProperties } from 'n8n-workflow';

import { resources } from '../../nodes/Amili/actions/resources';
import { properties } from '../../nodes/Amili/actions/versionDescription';

const optionValues = (field: INodeProperties | undefined) =>
	(field?.options ?? []).map((option) => ('value' in option ? option.value : undefined));

const resourceEntries = Object.entries(resources);

describe('resources', () => {
	test('the Resource field offers exactly the resources the router knows', () => {
		const field = properties.find((property) => property.name === 'resource');
		expect([...optionValues(field)].sort()).toEqual(Object.keys(resources).sort());
		expect(Object.keys(resources)).toContain(field?.default);
	});

	test.each(resourceEntries)('%s: its Operation field offers exactly its operations', (name, r) => {
		const [field] = r.description;
		expect(field).toMatchObject({
			name: 'operation',
			type: 'options',
			displayOptions: { show: { resource: [name] } },
		});
		expect([...optionValues(field)].sort()).toEqual(Object.keys(r.operations).sort());
		expect(Object.keys(r.operations)).toContain(field.default);
	});

	test.each(resourceEntries)('%s: every operation brings its fields, shown for it', (name, r) => {
		for (const [operationName, operation] of Object.entries(r.operations)) {
			for (const field of operation.description) {
				expect({
					operation: operationName,
					field: field.name,
					show: field.displayOptions?.show,
				}).toMatchObject({
					operation: operationName,
					field: field.name,
					show: { resource: [name], operation: expect.arrayContaining([operationName]) },
				});
				expect(r.description).toContain(field);
			}
		}
	});

	test.each(resourceEntries)(
		'%s: no field is shown for an operation it does not have',
		(_name, r) => {
			for (const field of r.description.slice(1)) {
				const shownFor = (field.displayOptions?.show?.operation ?? []) as string[];
				expect({
					field: field.name,
					unknown: shownFor.filter((o) => !(o in r.operations)),
				}).toEqual({ field: field.name, unknown: [] });
			}
		},
	);
});
