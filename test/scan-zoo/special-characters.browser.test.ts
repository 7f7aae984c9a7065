// Re-measures the table in src/scan/special-characters.ts: which special-character Origins a real
// Chromium and a real Firefox can produce at all (a page at that origin must exist for the bypass
// to matter). The browser's own URL parser decides; we ask it for the origin of each candidate.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { ENCODED_CHARACTERS, SPECIAL_CHARACTERS } from '../../src/scan/special-characters.js';
import { CHROMIUM, FIREFOX, requireBinary } from '../support/binaries.js';

const HOST = 'www.example.com';
const entries = [...SPECIAL_CHARACTERS, ...ENCODED_CHARACTERS].map((c) => ({
  text: c.text,
  origin: `https://${HOST}${c.text}.attacker.test`,
  expected: c.sendableBy,
}));

/** Runs in the page: can any URL a page could have yield exactly this Origin? */
function producible(origins: string[]): boolean[] {
  return origins.map((origin) => {
    const host = origin.slice('https://'.length);
    let decoded = host;
    try {
      decoded = decodeURIComponent(host);
    } catch {
      // Not decodable: only the raw form is a candidate.
    }
    return [host, decoded].some((candidate) => {
      try {
        return new URL(`https://${candidate}/`).origin === origin;
      } catch {
        return false;
      }
    });
  });
}

const chromiumBinary = requireBinary(CHROMIUM);
test('Chromium produces exactly the Origins marked chromium: true', {
  skip: chromiumBinary.skip,
}, async () => {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    const results = await page.evaluate(
      producible,
      entries.map((e) => e.origin),
    );
    const mismatches = entries.filter((e, i) => results[i] !== e.expected.chromium).map((e) => e.text);
    assert.deepEqual(mismatches, [], `Chromium disagrees with the table on these characters`);
  } finally {
    await browser.close();
  }
});

const firefoxBinary = requireBinary(FIREFOX);
test('Firefox produces exactly the Origins marked firefox: true', { skip: firefoxBinary.skip }, async () => {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    protocol: 'webDriverBiDi',
  });
  try {
    const page = await browser.newPage();
    const results = await page.evaluate(
      producible,
      entries.map((e) => e.origin),
    );
    const mismatches = entries.filter((e, i) => results[i] !== e.expected.firefox).map((e) => e.text);
    assert.deepEqual(mismatches, [], `Firefox disagrees with the table on these characters`);
  } finally {
    await browser.close();
  }
});
