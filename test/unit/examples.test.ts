/**
 * examples/ is what users import first: each package node in it is at that node's current version
 * (the one n8n gives a new node), so an example never starts a user on a version kept only for saved
 * workflows. That each example imports and runs is tested in real n8n (test/workflows/).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeType } from 'n8n-workflow';

import { Amili } from '../../nodes/Amili/Amili.node';
import { AmiliPayment } from '../../nodes/Amili/AmiliPayment.node';
import { AmiliPollingTrigger } from '../../nodes/Amili/AmiliPollingTrigger.node';
import { AmiliTrigger } from '../../nodes/Amili/AmiliTrigger.node';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const PACKAGE_NODES: INodeType[] = [
	new Amili(),
	new AmiliPayment(),
	new AmiliTrigger(),
	new AmiliPollingTrigger(),
];

/** The version n8n gives a new node: defaultVersion, else the highest listed. */
const CURRENT = new Map(
	PACKAGE_NODES.map(({ description }) => {
		const versions = [description.version].flat();
		return [
			`n8n-nodes-amili.${description.name}`,
			description.defaultVersion ?? Math.max(...versions),
		];
	}),
);

interface ExampleNode {
	name: string;
	type: string;
	typeVersion: number;
}

describe('examples/', () => {
	const files = readdirSync(EXAMPLES).filter((file) => file.endsWith('.json'));

	test('holds the quick-start example', () => {
		expect(files).toContain('nightly-sheet-payments.json');
	});

	test.each(files)('%s: every package node at its current version', (file) => {
		const { nodes } = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as {
			nodes: ExampleNode[];
		};
		const ours = nodes.filter((node) => node.type.startsWith('n8n-nodes-amili.'));
		expect(ours.length).toBeGreaterThan(0);
		for (const node of ours) {
			expect({ node: node.name, typeVersion: node.typeVersion }).toEqual({
				node: node.name,
				typeVersion: CURRENT.get(node.type),
			});
		}
	});
});
