import type { TransparencyMessages } from './fr.js';

export const en: TransparencyMessages = {
  title: 'What the server stores',
  intro:
    'Each testimony becomes one row of the “{table}” table. Here is the exact shape of that row, as the server describes it, with an example:',
  error: 'This information could not be loaded. Try again later.',
  column_name: 'Column',
  column_type: 'Type',
  column_example: 'Example',
  column_id: 'random identifier',
  column_campaign: 'campaign',
  column_day: 'day it was sent, without the time',
  column_envelope: 'encrypted text',
  envelope_size: '({bytes} bytes in all)',
  parts:
    'Encrypted text longer than {bytes} bytes continues in the “{table}” table, one row per part of at most {bytes} bytes, with the columns {columns}.',
  no_example: 'No testimony has been stored yet.',
  replies_title: 'Delegates’ replies',
  replies_intro:
    'If you keep your receipt, delegates can reply to you. Each reply becomes a row of the “{table}” table, with these columns:',
  reply_column_mailbox: 'follow-up mailbox, an identifier computed from your receipt; nothing on the server links it to your testimony',
  reply_column_envelope: 'reply encrypted for the holder of the receipt alone',
  reply_column_day: 'day of the reply, without the time',
  not_stored_title: 'What the server does not store',
  not_stored_ip: 'your IP address;',
  not_stored_agent: 'your browser or device;',
  not_stored_time: 'the exact time: only the day;',
  not_stored_cookie: 'any cookie or visit identifier;',
  not_stored_referrer: 'the page you came from;',
  not_stored_length: 'the length of your text: it is padded to a standard size before encryption;',
  not_stored_plaintext: 'your text in clear: the server cannot read it.',
  keys_intro:
    'Fingerprints recomputed on this device from the public keys. Compare them with the ones printed on the leaflet.',
  back_to_form: 'Write a testimony',
};
