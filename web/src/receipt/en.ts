import type { ReceiptMessages } from './fr.js';

export const en: ReceiptMessages = {
  title: 'Your receipt',
  once: 'It is shown only once. Neither this page, nor the server, nor the union keeps it: without it, nobody can read the replies meant for you.',
  paper: 'Copy it onto paper.',
  no_photo: 'Do not photograph it with a work phone.',
  no_mail: 'Do not send it by e-mail or by any messaging app, not even to yourself.',
  return: 'To read the union’s replies or add to your testimony, type this address yourself, then your receipt:',
  close: 'Once you have copied the receipt, you can close this tab.',
};
