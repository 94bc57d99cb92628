import { createHmac } from 'node:crypto';

import { generateSecret, sign, signatureHeaders, verify } from './webhook-signature.js';

describe('webhook signatures (Standard Webhooks)', () => {
  it('matches the Standard Webhooks reference vector', () => {
    // From the Standard Webhooks specification's test vectors.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    const body = '{"test": 2432232314}';
    expect(sign(secret, id, 1614265330, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('signs HMAC-SHA256 over id.timestamp.body with the decoded secret', () => {
    const secret = generateSecret();
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    expect(key).toHaveLength(32);
    const mac = createHmac('sha256', key).update('evt_1.1700000000.{}').digest('base64');
    expect(sign(secret, 'evt_1', 1700000000, '{}')).toBe(`v1,${mac}`);
  });

  it('sends both signatures during a rotation and either secret verifies', () => {
    const [next, previous, other] = [generateSecret(), generateSecret(), generateSecret()];
    const now = Date.now();
    const ts = Math.floor(now / 1000);
    const headers = signatureHeaders([next, previous], 'evt_2', ts, '{"a":1}');
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(verify(next, headers, '{"a":1}', 300, now)).toBe(true);
    expect(verify(previous, headers, '{"a":1}', 300, now)).toBe(true);
    expect(verify(other, headers, '{"a":1}', 300, now)).toBe(false);
    expect(verify(next, headers, '{"a":2}', 300, now)).toBe(false);
    expect(verify(next, headers, '{"a":1}', 300, now + 600_000)).toBe(false);
  });
});
