// Reads a fixture of test/fixtures/feeds/ (the real formats the feeds' services yield).
import { readFileSync } from 'node:fs';
import path from 'node:path';

const DIR = path.join('test', 'fixtures', 'feeds');

export function fixtureText(name: string): string {
  return readFileSync(path.join(DIR, name), 'utf8');
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name)) as unknown;
}
