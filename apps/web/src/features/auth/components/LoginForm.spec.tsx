import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { apiError, ok, stubApi, type ApiErrorBody } from '../../../test/api-stub';
import { createTestQueryClient } from '../../../test/query-client';
import { LoginForm } from './LoginForm';

function renderForm(onSignedIn = vi.fn()) {
  render(
    <QueryClientProvider client={createTestQueryClient()}>
      <LoginForm onSignedIn={onSignedIn} />
    </QueryClientProvider>,
  );
  return { onSignedIn };
}

function failWith(body: ApiErrorBody) {
  return stubApi('POST', { '/api/auth/login': apiError(body) });
}

function signIn(email = 'camille@example.com', password = 'not the password') {
  fireEvent.change(screen.getByLabelText('Email'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginForm', () => {
  it("shows the API's message when the credentials are wrong (401)", async () => {
    const post = failWith({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Email or password is incorrect' });
    const { onSignedIn } = renderForm();

    signIn();

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Email or password is incorrect');
    expect(post).toHaveBeenCalledWith('/api/auth/login', {
      body: { email: 'camille@example.com', password: 'not the password' },
    });
    expect(onSignedIn).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Sign in' })).toHaveProperty('disabled', false);
  });

  it("shows the API's message when there were too many attempts (429)", async () => {
    failWith({
      statusCode: 429,
      code: 'TOO_MANY_ATTEMPTS',
      message: 'Too many sign-in attempts: try again in 42 s',
      params: { retryAfterSeconds: 42 },
      details: { retryAfterSeconds: 42 },
    });
    renderForm();

    signIn();

    expect((await screen.findByRole('alert')).textContent).toContain('Too many sign-in attempts: try again in 42 s.');
  });

  it('shows validation messages next to their field', async () => {
    failWith({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'email must be an email',
      details: [{ field: 'email', messages: ['email must be an email'], code: 'isEmail', params: { field: 'email', constraint: 'isEmail' } }],
    });
    renderForm();

    signIn('not-an-email');

    const email = await screen.findByLabelText('Email');
    await screen.findByText('Email must be a valid email address.');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = email.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(describedBy)?.textContent).toBe('Email must be a valid email address.');
  });

  it('reports the signed-in user on success', async () => {
    const user = { id: 'u1', email: 'camille@example.com', name: 'Camille', locale: 'en' as const };
    stubApi('POST', { '/api/auth/login': ok(user) });
    const { onSignedIn } = renderForm();

    signIn('camille@example.com', 'correct horse battery');

    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(user));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
