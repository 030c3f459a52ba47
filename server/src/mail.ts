import nodemailer from 'nodemailer';

/** One e-mail in plain text. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends e-mail, or knows it cannot (no `SMTP_URL`): invitations then rely on the copied link. */
export interface Mailer {
  /** Whether e-mail is configured at all. */
  readonly enabled: boolean;
  /** Sends one message; false (and one log line) when it could not, so the caller can say so. */
  send(message: MailMessage): Promise<boolean>;
  close(): void;
}

export interface MailSettings {
  /** e.g. `smtp://user:pass@mail.example.com:587`; undefined sends nothing. */
  smtpUrl: string | undefined;
  /** The From header, e.g. `Vetline <no-reply@example.com>`. */
  from: string;
}

/** How long one delivery may take before it counts as failed (the request waits for it). */
const SMTP_TIMEOUT_MS = 10_000;

/** A nodemailer SMTP transport for `SMTP_URL`, or a mailer that sends nothing without one. */
export function createMailer(settings: MailSettings, log: (message: string) => void = () => {}): Mailer {
  if (!settings.smtpUrl) return { enabled: false, send: async () => false, close: () => {} };
  // nodemailer reads transport options from the URL's query (e.g. `?tls.rejectUnauthorized=false`):
  // the timeouts go there too, unless the URL sets its own.
  const url = new URL(settings.smtpUrl);
  for (const option of ['connectionTimeout', 'greetingTimeout', 'socketTimeout']) {
    if (!url.searchParams.has(option)) url.searchParams.set(option, String(SMTP_TIMEOUT_MS));
  }
  const transport = nodemailer.createTransport(url.toString(), { from: settings.from });
  return {
    enabled: true,
    async send(message) {
      try {
        await transport.sendMail(message);
        return true;
      } catch (error) {
        log(`Could not send e-mail to ${message.to}: ${(error as Error).message}`);
        return false;
      }
    },
    close: () => transport.close(),
  };
}
