// Shared fixtures for the JS tests.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const keyPath = (name) => `${root}tests/keys/${name}`;
export const readKey = (name) => readFileSync(keyPath(name), 'utf8');
export const openssl = (...args) => execFileSync('openssl', args);
export const ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
export const SECRET = 'an-api-secret-that-is-long-enough-for-hs512-because-it-has-64-b!';
