/**
 * What n8n's editor should show for each node of the package, computed from the built node classes
 * themselves (so the editor test follows the code): the package is loaded with n8n-core's own
 * PackageDirectoryLoader (package.json's `n8n.nodes`, plus the parameters n8n adds on load, such as
 * Poll Times for polling triggers), and visibility is decided with n8n-workflow's NodeHelpers, as the
 * editor decides it.
 *
 * A "state" is one set of parameter values the test puts the panel in (a resource × operation, and
 * one-parameter variants of it such as Map Each Field or Return All); for each, `expected` lists the
 * top-level parameters the panel must render, in order.
 */
import { PackageDirectoryLoader } from 'n8n-core';
import {
	NodeHelpers,
	type INodeParameters,
	type INodeProperties,
	type INodeTypeDescription,
	type NodeParameterValue,
} from 'n8n-workflow';

export interface PackageNode {
	/** The type name n8n gives it as a community package (`n8n-nodes-amili.<name>`). */
	type: string;
	description: INodeTypeDescription;
}

/** One parameter the panel must render. `key` is how the test finds it in the page. */
export interface ExpectedParameter {
	/** `<name>` for parameters, `notice:<name>` for notices (they have no label). */
	key: string;
	name: string;
	type: INodeProperties['type'];
	displayName: string;
	/** Index in description.properties (several properties may share a name). */
	index: number;
}

export interface PanelState {
	/** For messages: e.g. `invoice / create, mappingMode = defineBelow`. */
	label: string;
	resource?: string;
	operation?: string;
	/** The one parameter this state sets beyond resource/operation (a variant), if any. */
	variant?: {
		name: string;
		value: NodeParameterValue;
		display: string;
		type: 'options' | 'boolean';
	};
	values: INodeParameters;
	expected: ExpectedParameter[];
	/** The credential type the panel's credential select must offer, if any. */
	credentialType?: string;
}

/** Loads the package the way n8n does (from package.json's `n8n` section, built files in dist/). */
export async function loadPackageNodes(packageDir: string): Promise<PackageNode[]> {
	const loader = new PackageDirectoryLoader(packageDir);
	await loader.loadAll();
	return Object.values(loader.nodeTypes).map(({ type }) => {
		if (!('description' in type) || !type.description || 'nodeVersions' in type) {
			throw new Error('versioned nodes are not handled by the editor test yet');
		}
		const description = type.description as INodeTypeDescription;
		return { type: `${loader.packageName}.${description.name}`, description };
	});
}

/**
 * The parameters n8n's editor moves out of the panel: those the credentials' displayOptions depend on
 * (Authentication). The editor hides them when the node has a main auth field, and offers the choice
 * in the credential dialog instead (its "Setup credential" dropdown).
 */
export function authFieldNames(description: INodeTypeDescription): Set<string> {
	const names = new Set<string>();
	for (const credential of description.credentials ?? []) {
		for (const key of Object.keys(credential.displayOptions?.show ?? {})) names.add(key);
	}
	const main = description.properties.find(
		(p) => p.name === 'authentication' && names.has(p.name) && !p.displayOptions,
	);
	return main ? names : new Set();
}

function nodeValuesFor(
	description: INodeTypeDescription,
	values: INodeParameters,
	typeVersion = defaultVersion(description),
): INodeParameters {
	const node = { typeVersion };
	return (
		NodeHelpers.getNodeParameters(description.properties, values, true, false, node, description) ??
		{}
	);
}

/** The version a node added in the editor gets; the functions below take another to check older ones. */
export function defaultVersion(description: INodeTypeDescription): number {
	const version = description.defaultVersion ?? description.version;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/** The top-level parameters shown for these values (n8n fills in the defaults of the rest), in order. */
export function visibleParameters(
	description: INodeTypeDescription,
	values: INodeParameters,
	typeVersion = defaultVersion(description),
): ExpectedParameter[] {
	const node = { typeVersion };
	const nodeValues = nodeValuesFor(description, values, typeVersion);
	const hidden = authFieldNames(description);
	const shown: ExpectedParameter[] = [];
	description.properties.forEach((property, index) => {
		if (property.type === 'hidden' || hidden.has(property.name)) return;
		if (!NodeHelpers.displayParameter(nodeValues, property, node, description)) return;
		shown.push({
			key: property.type === 'notice' ? `notice:${property.name}` : property.name,
			name: property.name,
			type: property.type,
			displayName: property.displayName,
			index,
		});
	});
	return shown;
}

/** The credential type the node asks for with these values (the first whose displayOptions match). */
export function credentialTypeFor(
	description: INodeTypeDescription,
	values: INodeParameters,
	typeVersion = defaultVersion(description),
): string | undefined {
	const node = { typeVersion };
	const nodeValues = nodeValuesFor(description, values, typeVersion);
	return description.credentials?.find((c) =>
		NodeHelpers.displayParameter(nodeValues, c, node, description),
	)?.name;
}

function optionsOf(property: INodeProperties): Array<{ name: string; value: NodeParameterValue }> {
	return (property.options ?? []).flatMap((o) =>
		'value' in o ? [{ name: o.name, value: o.value as NodeParameterValue }] : [],
	);
}

/** The shown property with this name for these values (several may share a name, e.g. `operation`). */
export function shownProperty(
	description: INodeTypeDescription,
	values: INodeParameters,
	name: string,
	typeVersion = defaultVersion(description),
): INodeProperties | undefined {
	const visible = visibleParameters(description, values, typeVersion).filter(
		(p) => p.name === name,
	);
	return visible.length ? description.properties[visible[0].index] : undefined;
}

const sameKeys = (a: ExpectedParameter[], b: ExpectedParameter[]) =>
	a.length === b.length && a.every((p, i) => p.index === b[i].index);

/**
 * Every state the test visits for a node: each resource × operation (or the node as it is, when it has
 * no resource/operation), and for each, one variant per value of a shown options/boolean parameter
 * that changes which parameters are shown (e.g. Map Payment Fields → Map Each Field, Return All → on).
 * `base` is the node's parameters in the test workflow.
 */
export function panelStates(
	description: INodeTypeDescription,
	base: INodeParameters,
	typeVersion = defaultVersion(description),
): PanelState[] {
	const states: PanelState[] = [];
	const resourceProperty = shownProperty(description, base, 'resource', typeVersion);
	const combos: Array<{ resource?: string; operation?: string }> = [];
	if (resourceProperty) {
		for (const resource of optionsOf(resourceProperty)) {
			const operationProperty = shownProperty(
				description,
				{ ...base, resource: resource.value },
				'operation',
				typeVersion,
			);
			if (!operationProperty) {
				combos.push({ resource: String(resource.value) });
				continue;
			}
			for (const operation of optionsOf(operationProperty)) {
				combos.push({ resource: String(resource.value), operation: String(operation.value) });
			}
		}
	} else {
		combos.push({});
	}

	for (const combo of combos) {
		const values: INodeParameters = { ...base, ...combo };
		// Parameters of another resource/operation are not carried over (n8n resets them too).
		if (combo.resource !== undefined && combo.operation === undefined) delete values.operation;
		const expected = visibleParameters(description, values, typeVersion);
		const where =
			combo.resource === undefined
				? description.name
				: `${combo.resource} / ${combo.operation ?? '-'}`;
		states.push({
			label: where,
			...combo,
			values,
			expected,
			credentialType: credentialTypeFor(description, values, typeVersion),
		});
		for (const shown of expected) {
			if (['resource', 'operation'].includes(shown.name)) continue;
			const property = description.properties[shown.index];
			const nodeValues = nodeValuesFor(description, values, typeVersion);
			const current = nodeValues[property.name];
			const alternatives: Array<{
				value: NodeParameterValue;
				display: string;
				type: 'options' | 'boolean';
			}> =
				property.type === 'options'
					? optionsOf(property)
							.filter((o) => o.value !== current)
							.map((o) => ({ value: o.value, display: o.name, type: 'options' as const }))
					: property.type === 'boolean'
						? [{ value: !current, display: String(!current), type: 'boolean' as const }]
						: [];
			for (const alternative of alternatives) {
				const variantValues = { ...values, [property.name]: alternative.value };
				const variantExpected = visibleParameters(description, variantValues, typeVersion);
				if (sameKeys(variantExpected, expected)) continue;
				states.push({
					label: `${where}, ${property.name} = ${JSON.stringify(alternative.value)}`,
					...combo,
					variant: { name: property.name, ...alternative },
					values: variantValues,
					expected: variantExpected,
					credentialType: credentialTypeFor(description, variantValues, typeVersion),
				});
			}
		}
	}
	return states;
}

/**
 * The properties (by index) no state shows, other than the ones n8n never renders as parameters
 * (type hidden, the auth fields): a field that can never appear in the editor. Pass the states of
 * every version of the node: a field kept for an older version is shown there.
 */
export function neverShown(description: INodeTypeDescription, states: PanelState[]): string[] {
	const shown = new Set(states.flatMap((s) => s.expected.map((p) => p.index)));
	const auth = authFieldNames(description);
	return description.properties
		.map((property, index) => ({ property, index }))
		.filter(
			({ property, index }) =>
				!shown.has(index) && property.type !== 'hidden' && !auth.has(property.name),
		)
		.map(({ property }) => `${property.name} (${JSON.stringify(property.displayOptions ?? {})})`);
}

/** Notice text compared as the page shows it: tags stripped, whitespace collapsed, `…` as `...` (n8n renders it so). */
export function plainText(html: string): string {
	return html
		.replace(/<[^>]*>/g, '')
		.replace(/&nbsp;/g, ' ')
		.replace(/…/g, '...')
		.replace(/\s+/g, ' ')
		.trim();
}
