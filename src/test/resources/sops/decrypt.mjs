// Opens a SOPS YAML file with sops-age (npm), a JavaScript implementation of SOPS's age decryption, for the
// identity in an age-keygen key file; prints {"data": <the decrypted document>, "mac": "verified" | <why not>}.
// sops-age 4.0.2 does not check the MAC (its decrypt ignores sops.mac), so this script checks it as sops.go does:
// the data key from age-encryption (typage, which sops-age itself uses), the MAC decrypted with AES-GCM and
// sops.lastmodified as additional data, compared with SHA-512 over every value's plaintext in document order.
// Usage: node decrypt.mjs <sops file> <age key file>
import { readFile } from 'node:fs/promises';
import { decryptSops } from 'sops-age';
import * as age from 'age-encryption';
import { gcm } from '@noble/ciphers/aes';
import { sha512 } from '@noble/hashes/sha2';
import { parse } from 'yaml';

const [file, keyFile] = process.argv.slice(2);
const text = await readFile(file, 'utf8');
const secretKey = (await readFile(keyFile, 'utf8')).split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-'));
const data = await decryptSops(text, { secretKey, fileType: 'yaml' });

const sops = parse(text).sops;
const recipient = await age.identityToRecipient(secretKey);
const decrypter = new age.Decrypter();
decrypter.addIdentity(secretKey);
const entry = sops.age.find((a) => a.recipient === recipient);
const dataKey = await decrypter.decrypt(age.armor.decode(entry.enc), 'uint8array');

// sops.ToBytes: strings as UTF-8, booleans True/False, numbers in plain notation; nulls are not hashed
const hash = sha512.create();
const walk = (value) => {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) return value.forEach(walk);
  if (typeof value === 'object') return Object.values(value).forEach(walk);
  const bytes = typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value);
  hash.update(new TextEncoder().encode(bytes));
};
walk(data);
const expected = Buffer.from(hash.digest()).toString('hex').toUpperCase();

const m = sops.mac.match(/^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:str\]$/);
let mac;
try {
  const sealed = Buffer.concat([Buffer.from(m[1], 'base64'), Buffer.from(m[3], 'base64')]);
  const aad = new TextEncoder().encode(sops.lastmodified);
  const opened = new TextDecoder().decode(gcm(dataKey, Buffer.from(m[2], 'base64'), aad).decrypt(sealed));
  mac = opened === expected ? 'verified' : 'the MAC does not match the values';
} catch (err) {
  mac = `the MAC does not decrypt: ${err.message}`;
}
process.stdout.write(JSON.stringify({ data, mac }));
