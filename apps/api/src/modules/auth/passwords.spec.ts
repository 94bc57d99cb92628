import { passwordWeakness } from './passwords.js';

describe('password policy beyond length', () => {
  it.each(['password1234', 'Qwertyuiop', '1234567890', 'iloveyou123', 'PASSWORD 123'])('refuses the common password %p', async (password) => {
    await expect(passwordWeakness(password)).resolves.toMatch(/most common passwords/);
  });

  it.each(['aaaaaaaaaaaa', 'abababababab', '1212121212', 'abcdabcdabcd'])('refuses %p: too few different characters', async (password) => {
    await expect(passwordWeakness(password)).resolves.toBe('must use at least 5 different characters');
  });

  it.each(['correct horse battery', 'member password 1', 'Tr0ub4dor&3 zebra'])('accepts %p', async (password) => {
    await expect(passwordWeakness(password)).resolves.toBeUndefined();
  });
});
