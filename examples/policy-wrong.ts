// The classic CORS mistakes, and what corskit says about each. Nothing here starts a server:
// every policy below is rejected by createPolicy before it could answer a single request.
// Run: node --import tsx examples/policy-wrong.ts
import { CorsPolicyError, createPolicy, type PolicyOptions, validatePolicy } from '../src/index.js';

const mistakes: Array<[what: string, options: PolicyOptions]> = [
  // "Reflect any origin with credentials": any site could read your users' data.
  ['wildcard with credentials', { origins: '*', credentials: true }],
  // Copied from a browser address bar: a path and a trailing slash never match an Origin header.
  [
    'origins copied from the address bar',
    { origins: ['https://app.example.com/', 'https://app.example.com/login'] },
  ],
  // Browsers send lower case and omit default ports: these would never match.
  [
    'not serialized origins',
    { origins: ['HTTPS://App.Example.com', 'https://app.example.com:443', 'app.example.com'] },
  ],
  // Anyone can register a subdomain of a public suffix.
  ['patterns too broad', { origins: ['https://*.github.io', 'https://*.co.uk', 'https://*'] }],
  // A network attacker can impersonate http://, and with credentials read the user's data.
  ['plain http with credentials', { origins: ['http://app.example.com'], credentials: true }],
  // With credentials browsers read "*" literally, as a method or header called "*".
  [
    '"*" lists with credentials',
    { origins: ['https://app.example.com'], credentials: true, methods: '*', requestHeaders: '*' },
  ],
  // Unanchored: also matches https://example.com.evil.net.
  ['unanchored RegExp', { origins: [/example\.com$/] }],
  // Scripts can never set these, and fetch() never sends TRACE.
  [
    'forbidden names',
    { origins: ['https://app.example.com'], methods: ['TRACE'], requestHeaders: ['cookie', 'host'] },
  ],
  // A day of preflight caching is the most any browser honours; Chromium stops at 2 hours.
  ['maxAge out of range', { origins: ['https://app.example.com'], maxAge: 604800 }],
  // Any sandboxed iframe on any site sends `Origin: null`; a file: page never sends file://.
  [
    '"null" with credentials, and a file: origin',
    { origins: ['null', 'file:///index.html'], credentials: true },
  ],
];

for (const [what, options] of mistakes) {
  console.log(`\n── ${what}`);
  try {
    createPolicy(options);
    console.log('   accepted (unexpected)');
  } catch (error) {
    if (!(error instanceof CorsPolicyError)) throw error;
    for (const issue of error.issues)
      console.log(
        `   ${issue.severity} ${issue.code} ${issue.path}: ${issue.message}\n     hint: ${issue.hint}`,
      );
  }
}

// Warnings do not stop a policy; validatePolicy shows them too (the CLI uses it for files).
console.log('\n── accepted, with a warning');
for (const issue of validatePolicy({ origins: ['https://app.example.com'], maxAge: 86400 }).issues)
  console.log(`   ${issue.severity} ${issue.code} ${issue.path}: ${issue.message}\n     hint: ${issue.hint}`);
