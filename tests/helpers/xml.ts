// Well-formedness (and, given a schema, validity) through libxml2's xmllint: a real parser, not a regex.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** xmllint's complaints for this document ('' when it parses). */
export function xmllint(xml: string | Uint8Array, args: string[] = []): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kaopu-xml-'));
  try {
    const file = path.join(dir, 'doc.xml');
    writeFileSync(file, xml);
    const r = spawnSync('xmllint', ['--noout', '--nonet', ...args, file], { encoding: 'utf8' });
    if (r.error) throw r.error;
    return r.status === 0 ? '' : r.stderr || `xmllint exited ${r.status}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of every element matching an XPath (xmllint --xpath), one per line. */
export function xpath(xml: string, expr: string): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'kaopu-xml-'));
  try {
    const file = path.join(dir, 'doc.xml');
    writeFileSync(file, xml);
    const r = spawnSync('xmllint', ['--nonet', '--xpath', expr, file], { encoding: 'utf8' });
    if (r.error) throw r.error;
    return r.status === 0 ? r.stdout.split('\n').filter((l) => l !== '') : [];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
