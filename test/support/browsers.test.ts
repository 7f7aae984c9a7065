import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { attributeLines } from './browsers.js';

test('a line goes to the longest request URL it names, else its location, else its window', () => {
  const urls = ['http://a/c/1', 'http://a/c/10', 'http://a/c/2'];
  const out = attributeLines(
    [
      { text: "Access to fetch at 'http://a/c/10' blocked", location: '', window: 0 },
      { text: 'at http://a/c/1. (Reason: x)', location: '', window: 2 },
      { text: 'Failed to load resource: net::ERR_FAILED', location: 'http://a/c/2', window: 0 },
      { text: 'no url at all', location: '', window: 1 },
    ],
    urls,
  );
  assert.deepEqual(out, [
    ['at http://a/c/1. (Reason: x)'],
    ["Access to fetch at 'http://a/c/10' blocked", 'no url at all'],
    ['Failed to load resource: net::ERR_FAILED'],
  ]);
});

test('every line is attributed exactly once and order within a request is kept', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 12 }),
      fc.array(fc.tuple(fc.nat(11), fc.nat(11), fc.boolean()), { maxLength: 40 }),
      (count, specs) => {
        const urls = Array.from({ length: count }, (_, i) => `http://h:1/case/${i}`);
        const lines = specs.map(([named, window, withUrl], i) => ({
          text: withUrl ? `line ${i} at ${urls[named % count]}.` : `line ${i}`,
          location: '',
          window: window % count,
        }));
        const out = attributeLines(lines, urls);
        assert.equal(out.flat().length, lines.length);
        for (const [index, group] of out.entries()) {
          const numbers = group.map((text) => Number(/line (\d+)/.exec(text)?.[1]));
          assert.deepEqual(
            numbers,
            [...numbers].sort((a, b) => a - b),
          );
          for (const text of group) {
            if (text.includes('http://')) assert.ok(text.includes(`${urls[index]}.`), text);
          }
        }
      },
    ),
  );
});

test('extra match keys claim lines that name a redirect target on another origin', () => {
  const out = attributeLines(
    [
      { text: 'blocked at http://b/c/x1/s1. (Reason: y)', location: '', window: 1 },
      { text: 'blocked at http://b/c/x10/s1. (Reason: y)', location: '', window: 0 },
    ],
    [
      ['http://a/c/x1', '/c/x1/'],
      ['http://a/c/x10', '/c/x10/'],
    ],
  );
  assert.deepEqual(out, [
    ['blocked at http://b/c/x1/s1. (Reason: y)'],
    ['blocked at http://b/c/x10/s1. (Reason: y)'],
  ]);
});
