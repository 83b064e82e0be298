import type { Answer } from '../../crypto/testimony.js';

/** What the person is writing. It lives in this object only: never in storage, the address or the history. */
export class Draft {
  text = $state('');
  /** By question id, as the fields hold them; blank values are dropped only when sending. */
  answers = $state<Record<string, Answer>>({});
  /** Off by default: a receipt is one more secret to keep. */
  wantsReceipt = $state(false);

  clear(): void {
    this.text = '';
    this.answers = {};
    this.wantsReceipt = false;
  }
}
