/**
 * The zip writer docx uses stamps each entry with the moment of export in the machine's local
 * time: a DOCX would then date itself to two seconds and hint at the delegate's time zone, and no
 * two exports of the same quotes would be the same bytes. This scrubber sets every stamp to the
 * earliest a zip can hold.
 */

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const END_RECORD_SIZE = 22;
/** 1980-01-01 00:00:00 in MS-DOS date and time fields. */
const DOS_DATE = (1 << 5) | 1;
const DOS_TIME = 0;

/**
 * A copy of the zip with every entry's time and date, in its local header and in the central
 * directory, set to 1980-01-01 00:00:00. Throws 'invalid zip' unless it is a single-disk zip
 * without an archive comment whose headers are where its central directory says, and holds no
 * extra field (where other stamps would hide).
 */
export function clearZipTimes(zip: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer);
  const end = out.length - END_RECORD_SIZE;
  if (end < 0 || view.getUint32(end, true) !== END_OF_CENTRAL_DIRECTORY) throw new Error('invalid zip');
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  for (let i = 0; i < entries; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL_HEADER) throw new Error('invalid zip');
    const local = view.getUint32(at + 42, true);
    if (local + 30 > at || view.getUint32(local, true) !== LOCAL_HEADER) throw new Error('invalid zip');
    if (view.getUint16(at + 30, true) !== 0 || view.getUint16(local + 28, true) !== 0) throw new Error('invalid zip');
    view.setUint16(at + 12, DOS_TIME, true);
    view.setUint16(at + 14, DOS_DATE, true);
    view.setUint16(local + 10, DOS_TIME, true);
    view.setUint16(local + 12, DOS_DATE, true);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 32, true);
  }
  if (at !== end) throw new Error('invalid zip');
  return out;
}
