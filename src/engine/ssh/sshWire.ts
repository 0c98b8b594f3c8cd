/**
 * The SSH wire encoding (RFC 4251 section 5: uint32, string, mpint) that public key blobs and
 * the openssh-key-v1 private key container are made of. Node has no API for it and ssh2 keeps
 * its encoder private, so this small glue lives here.
 */

export class SshWireWriter {
  private readonly parts: Buffer[] = [];

  uint32(value: number): this {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32BE(value);
    this.parts.push(bytes);
    return this;
  }

  string(value: Uint8Array | string): this {
    const bytes = typeof value === 'string' ? Buffer.from(value) : Buffer.from(value);
    this.uint32(bytes.length);
    this.parts.push(bytes);
    return this;
  }

  /** A non-negative big-endian integer: no leading zero bytes, one added when the top bit is set. */
  mpint(unsigned: Uint8Array): this {
    let start = 0;
    while (start < unsigned.length && unsigned[start] === 0) start++;
    const digits = Buffer.from(unsigned.subarray(start));
    return this.string(digits.length > 0 && (digits[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), digits]) : digits);
  }

  raw(bytes: Uint8Array): this {
    this.parts.push(Buffer.from(bytes));
    return this;
  }

  get length(): number {
    return this.parts.reduce((sum, part) => sum + part.length, 0);
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** Reads the same encoding; every read past the end throws a `RangeError` (the caller maps it). */
export class SshWireReader {
  private offset = 0;

  constructor(private readonly bytes: Buffer) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  uint32(): number {
    if (this.remaining < 4) throw new RangeError('SSH wire data ends early');
    const value = this.bytes.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  string(): Buffer {
    const length = this.uint32();
    if (this.remaining < length) throw new RangeError('SSH wire data ends early');
    const value = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  fixed(length: number): Buffer {
    if (this.remaining < length) throw new RangeError('SSH wire data ends early');
    const value = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }
}
