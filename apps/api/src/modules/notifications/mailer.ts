import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';

import { APP_CONFIG, type AppConfig } from '../config/index.js';

export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Sends e-mail through SMTP_URL (smtp:// or smtps://). Without it the product is in-app only and
 * every e-mail is written to the debug log instead (so a developer can still read them).
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly logger = new Logger(Mailer.name);
  private readonly transport?: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const url = config.notifications.smtpUrl;
    if (url) this.transport = createTransport(url);
  }

  get enabled(): boolean {
    return this.transport !== undefined;
  }

  async send(email: Email): Promise<void> {
    if (!this.transport) {
      this.logger.debug(`e-mail not sent (SMTP_URL unset) to ${email.to}: ${email.subject}\n${email.text}`);
      return;
    }
    await this.transport.sendMail({ from: this.config.notifications.from, to: email.to, subject: email.subject, text: email.text, html: email.html });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
