/**
 * Every relative link and #anchor in the docs resolves: the README sends users to docs/ for the depth,
 * and a link that breaks when a section moves or is renamed leaves them stranded. Anchors are the
 * slugs GitHub gives headings (lower case; punctuation dropped; spaces to hyphens; a repeated heading
 * gets -1, -2 …).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const DOCS = [
	'README.md',
	'CONTRIBUTING.md',
	'RELIABILITY.md',
	'BENCHMARKS.md',
	'CHANGELOG.md',
	...readdirSync(join(ROOT, 'docs'))
		.filter((file) => file.endsWith('.md'))
		.map((file) => `docs/${file}`),
];

/** The file's lines outside fenced code blocks, with inline code spans blanked. */
function prose(markdown: string): string[] {
	let fenced = false;
	return markdown.split('\n').flatMap((line) => {
		if (/^\s*(```|~~~)/.test(line)) {
			fenced = !fenced;
			return [];
		}
		return fenced ? [] : [line.replace(/`[^`]*`/g, '``')];
	});
}

/** GitHub's heading slug (github-slugger): the rendered text, lower case, punctuation dropped. */
export function slug(heading: string): string {
	const text = heading
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/`/g, '')
		.replace(/<[^>]+>/g, '')
		.replace(/(\*\*|__|\*)/g, '');
	return text
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
		.replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
	const seen = new Map<string, number>();
	const anchors = new Set<string>();
	const markdown = readFileSync(file, 'utf8');
	let fenced = false;
	for (const line of markdown.split('\n')) {
		if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
		const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!heading) continue;
		const base = slug(heading[1]);
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		anchors.add(count === 0 ? base : `${base}-${count}`);
	}
	return anchors;
}

/** Inline links and images `[text](target "title")` and reference definitions `[name]: target`. */
function linksOf(markdown: string): string[] {
	const links: string[] = [];
	for (const line of prose(markdown)) {
		for (const match of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
			links.push(match[1]);
		const definition = /^\s*\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)/.exec(line);
		if (definition) links.push(definition[1]);
	}
	return links;
}

/** What is wrong with one link of `file`, or undefined when it resolves. */
function brokenLink(file: string, link: string): string | undefined {
	if (/^[a-z][a-z0-9+.-]*:/i.test(link)) return undefined; // https:, mailto: …: not ours to check
	const [path, anchor] = link.split('#', 2);
	const target = path === '' ? file : join(dirname(file), decodeURIComponent(path));
	if (!existsSync(target)) return `${link}: ${relative(ROOT, target)} does not exist`;
	if (anchor === undefined) return undefined;
	if (statSync(target).isDirectory() || !target.endsWith('.md'))
		return `${link}: an anchor into a file that has no headings`;
	if (!anchorsOf(target).has(decodeURIComponent(anchor)))
		return `${link}: no heading with the anchor #${anchor} in ${relative(ROOT, target)}`;
	return undefined;
}

describe('links in the docs', () => {
	test('slugs follow GitHub', () => {
		expect(slug('Sent twice or not at all?')).toBe('sent-twice-or-not-at-all');
		expect(slug('Quick start: paid invoices from a Google Sheet, every night')).toBe(
			'quick-start-paid-invoices-from-a-google-sheet-every-night',
		);
		expect(slug('Amili Trigger (webhook)')).toBe('amili-trigger-webhook');
		expect(slug('Remote scenario: Amili 200 ms away (issue 12)')).toBe(
			'remote-scenario-amili-200-ms-away-issue-12',
		);
		expect(slug('`npm test` and **Beløp**')).toBe('npm-test-and-beløp');
		expect(slug('Results (n8n 2.41.1; engine = time)')).toBe('results-n8n-2411-engine--time');
	});

	test.each(DOCS)('every relative link and anchor in %s resolves', (doc) => {
		const file = join(ROOT, doc);
		const links = linksOf(readFileSync(file, 'utf8'));
		const broken = links
			.map((link) => brokenLink(file, link))
			.filter((problem): problem is string => problem !== undefined);
		expect(broken).toEqual([]);
	});

	test('the README links into docs/ and keeps the developer commands', () => {
		const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
		expect(linksOf(readme)).toEqual(expect.arrayContaining(['docs/payment-node.md']));
		expect(readme).toContain('npm ci && npm run dev');
		expect(readme).toContain('npm test');
		expect(readme.split('\n').length).toBeLessThanOrEqual(250);
	});
});
